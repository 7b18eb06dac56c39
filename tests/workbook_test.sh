#!/usr/bin/env bash
# Results workbooks (.xlsx), made by a real writer (openpyxl, from Debian):
# each good workbook must give exactly the site its numbers give as CSV; each
# bad one exactly its messages, and leave the output folder as it was (the
# broken-content test, run on this corpus).
# Usage: workbook_test.sh THIDUA_BINARY SOURCE_DIR
set -uo pipefail
thidua=$(realpath "$1")
root=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
source "$root/tests/lib.sh"

/usr/bin/python3 "$root/tests/workbooks/make.py" corpus "$work/corpus" ||
  { echo "FAIL: cannot make the test workbooks (python3-openpyxl)"; exit 1; }

# Good workbooks read as _base's results.csv.
"$thidua" build --source "$root/tests/broken/_base" --output "$work/want" --quiet 2>/dev/null
for dir in "$work"/corpus/good/*/; do
  name=$(basename "$dir")
  rm -rf "$work/src" && cp -r "$root/tests/broken/_base" "$work/src"
  while read -r p; do rm -f "$work/src/$p"; done <"$dir/_delete"
  (cd "$dir" && find . -type f ! -name '_*' -exec cp --parents {} "$work/src/" \;)
  rm -rf "$work/got"
  "$thidua" build --source "$work/src" --output "$work/got" --quiet 2>"$work/err"
  diff -r "$work/want" "$work/got" >/dev/null && ok || fail "good workbook $name gives another site"
  [[ ! -s $work/err ]] && ok || fail "good workbook $name: $(head -3 "$work/err")"
done

# The sample content keeps 2024-h1's results as a workbook: its site is the
# site of the same numbers as CSV, as openpyxl reads them out of it.
cp -r "$root/content" "$work/sample-csv"
/usr/bin/python3 "$root/tests/workbooks/make.py" to-csv "$root/content/periods/2024-h1/results.xlsx" \
  "$work/sample-csv/periods/2024-h1/results.csv"
rm "$work/sample-csv/periods/2024-h1/results.xlsx"
for profile in public intranet; do
  "$thidua" build --source "$root/content" --output "$work/s-xlsx-$profile" --profile $profile --quiet 2>/dev/null
  "$thidua" build --source "$work/sample-csv" --output "$work/s-csv-$profile" --profile $profile --quiet 2>/dev/null
  diff -r "$work/s-csv-$profile" "$work/s-xlsx-$profile" >/dev/null && ok ||
    fail "the sample's workbook and the same numbers as CSV give other sites ($profile)"
done
[[ -f $work/s-xlsx-public/periods/2024-h1/units/ban-tuyen-giao/index.html ]] && ok ||
  fail "the sample's 2024-h1 scorecards are missing"

# The open data's workbook is the CSV, numbers as numbers, as openpyxl reads it.
for period in 2024-h1 2024 2025-h1; do
  /usr/bin/python3 "$root/tests/workbooks/make.py" check-open-data \
    "$work/s-xlsx-public/data/$period/results.xlsx" "$work/s-xlsx-public/data/$period/results.csv" &&
    ok || fail "data/$period/results.xlsx is not its results.csv"
done
grep -q 'data/2024-h1/results.xlsx' "$work/s-xlsx-public/periods/2024-h1/index.html" && ok ||
  fail "the dashboard does not link its workbook"

echo "workbooks: $passed passed, $failed failed"
"$root/tests/broken_test.sh" "$thidua" "$root" "$work/corpus/bad" 23 || failed=$((failed + 1))
((failed == 0))
