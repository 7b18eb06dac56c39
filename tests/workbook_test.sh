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

# A result is whole in a table: 2025-h1's JSON results (scores, targets,
# notes, grade overrides, evidence links, self scores, assessor notes), written
# by this script as CSV files and, for one of them, as an openpyxl workbook,
# give the same site in both profiles, byte for byte.
cp -r "$root/content" "$work/whole"
/usr/bin/python3 - "$work/whole/periods/2025-h1/results" <<'PY' && ok || fail "cannot write 2025-h1's results as tables"
import csv, glob, json, os, sys, openpyxl
folder = sys.argv[1]
for n, path in enumerate(sorted(glob.glob(os.path.join(folder, "*.json")))):
    results = json.load(open(path, encoding="utf-8"))["results"]
    crit, targets, evid, selfs = [], [], [], []
    def add(lst, keys):
        for k in keys:
            if k not in lst: lst.append(k)
    for r in results:
        add(crit, r.get("scores", {})); add(targets, r.get("targets", {}))
        add(evid, r.get("evidence", {})); add(selfs, r.get("internal", {}).get("self_scores", {}))
        assert set(r.get("internal", {})) <= {"self_scores", "assessor_note"}, r["internal"]
    head = (["unit"] + crit + ["target:" + t for t in targets] + ["note", "grade_override", "grade_reason"]
            + ["evidence:" + e for e in evid] + ["self:" + s for s in selfs] + ["assessor_note"])
    rows = [head]
    for r in results:
        i, go = r.get("internal", {}), r.get("grade_override", {})
        num = lambda v: "" if v is None else str(v)
        rows.append([r["unit"]] + [num(r.get("scores", {}).get(c)) for c in crit]
                    + [num(r.get("targets", {}).get(t)) for t in targets]
                    + [r.get("note", ""), go.get("grade", ""), go.get("reason", "")]
                    + ["\n".join(r.get("evidence", {}).get(e, [])) for e in evid]
                    + [num(i.get("self_scores", {}).get(s)) for s in selfs] + [i.get("assessor_note", "")])
    base = path[:-len(".json")]
    if n == 0:  # one as a workbook, numbers as numbers
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append([float(v) if v and v.replace(".", "", 1).isdigit() else v for v in row])
        wb.save(base + ".xlsx")
    else:
        with open(base + ".csv", "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    os.remove(path)
assert any(glob.glob(os.path.join(folder, "*.csv")))
PY
grep -q "evidence:" "$work/whole/periods/2025-h1/results/"*.csv && grep -q "grade_override" "$work/whole/periods/2025-h1/results/"*.csv && ok ||
  fail "the tables carry no evidence or grade override: the test proves nothing"
for profile in public intranet; do
  "$thidua" build --source "$root/content" --output "$work/w-json-$profile" --profile $profile --quiet 2>/dev/null
  "$thidua" build --source "$work/whole" --output "$work/w-table-$profile" --profile $profile --quiet 2>"$work/err"
  diff -r "$work/w-json-$profile" "$work/w-table-$profile" >"$work/diff" && ok ||
    { fail "2025-h1's results as tables give another site ($profile)"; head -5 "$work/diff"; head -3 "$work/err"; }
done

# The open data's workbook is the CSV, numbers as numbers, as openpyxl reads it.
for period in 2024-h1 2024 2025-h1; do
  /usr/bin/python3 "$root/tests/workbooks/make.py" check-open-data \
    "$work/s-xlsx-public/data/$period/results.xlsx" "$work/s-xlsx-public/data/$period/results.csv" &&
    ok || fail "data/$period/results.xlsx is not its results.csv"
done
grep -q 'data/2024-h1/results.xlsx' "$work/s-xlsx-public/periods/2024-h1/index.html" && ok ||
  fail "the dashboard does not link its workbook"
# What the dashboard offers for Excel sums right in a Vietnamese-locale
# spreadsheet: the workbook's totals, opened by LibreOffice in Vietnamese,
# are numbers summing to results.json's. The CSV (decimal points, as the
# contract fixes it) read with LibreOffice's Vietnamese CSV filter (1066)
# turns most totals into text, so the dashboard does not offer it for Excel.
mkdir -p "$work/lo"
cp "$work/s-xlsx-public/data/2024/results.xlsx" "$work/lo/wb.xlsx"
cp "$work/s-xlsx-public/data/2024/results.csv" "$work/lo/plain.csv"
(cd "$work/lo" && LANG=vi_VN.UTF-8 soffice --headless "-env:UserInstallation=file://$work/lo/profile" \
  --convert-to "xlsx:Calc MS Excel 2007 XML" --outdir out wb.xlsx >/dev/null 2>&1 &&
  LANG=vi_VN.UTF-8 soffice --headless "-env:UserInstallation=file://$work/lo/profile" \
  --infilter="Text - txt - csv (StarCalc):44,34,76,1,,1066" \
  --convert-to "xlsx:Calc MS Excel 2007 XML" --outdir out plain.csv >/dev/null 2>&1)
/usr/bin/python3 - "$work/lo/out" "$work/s-xlsx-public/data/2024/results.json" <<'PY' && ok || fail "the workbook's totals do not sum right in a Vietnamese LibreOffice"
import json, sys, openpyxl
out, data = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
want = round(sum(r["total"] for r in data["results"]), 2)
def totals(path):
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    col = rows[0].index("total")
    return [r[col] for r in rows[1:]]
wb = totals(f"{out}/wb.xlsx")
assert all(isinstance(v, (int, float)) for v in wb), "text among the workbook's totals"
assert round(sum(wb), 2) == want, (sum(wb), want)
csv = totals(f"{out}/plain.xlsx")
assert any(isinstance(v, str) for v in csv), "the CSV read as numbers: then it could be offered for Excel"
PY
! grep -q "CSV, mở bằng Excel" "$work/s-xlsx-public/periods/2024/index.html" && ok ||
  fail "the dashboard still offers the CSV for Excel"

# Units and clusters from a workbook: the sample's units.json as the workbook
# an office keeps (openpyxl: a title row, dates as date cells, internal
# columns), and that saved by LibreOffice as .ods, give the sample's sites.
units_site() {  # folder, what
  local profile
  for profile in public intranet; do
    rm -rf "$work/u-got"
    "$thidua" build --source "$1" --output "$work/u-got" --profile $profile --quiet 2>"$work/err"
    without_originals "$work/u-got"
    rm -rf "$work/u-want" && cp -r "$work/s-xlsx-$profile" "$work/u-want" && without_originals "$work/u-want"
    diff -r "$work/u-want" "$work/u-got" >/dev/null && ok ||
      fail "$2 gives another site ($profile): $(grep -v 'has no result' "$work/err" | head -2)"
  done
}
rm -rf "$work/units" && cp -r "$root/content" "$work/units" && rm "$work/units/units.json"
/usr/bin/python3 "$root/tests/workbooks/make.py" units-workbook "$root/content/units.json" "$work/units/units.xlsx"
units_site "$work/units" "units.xlsx (openpyxl)"
(cd "$work/lo" && soffice --headless "-env:UserInstallation=file://$work/lo/profile" \
  --convert-to ods --outdir uo "$work/units/units.xlsx" >/dev/null 2>&1)
rm "$work/units/units.xlsx" && cp "$work/lo/uo/units.ods" "$work/units/units.ods"
units_site "$work/units" "units.ods (LibreOffice)"
# Both forms at once: one error naming both, the output untouched.
cp "$root/content/units.json" "$work/units/units.json"
expect_exit 1 "units.json and units.ods" "$thidua" check --source "$work/units"
expect_grep "$work/err" "units.ods:1:1: error: units.ods and units.json are the same file in two forms: keep one" "two forms"
# A CSV holds the units alone (no sheet of clusters): the sample without
# clusters, as JSON and as CSV (written by Python's csv), gives one site.
/usr/bin/python3 - "$root/content" "$work/u-json" "$work/u-csv" <<'PY' && ok || fail "cannot write the units as CSV"
import csv, json, shutil, sys
src, j, c = sys.argv[1:4]
for d in (j, c):
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(src, d)
units = json.load(open(f"{src}/units.json"))["units"]
for u in units:  # a CSV holds neither clusters nor dated changes
    u.pop("cluster", None)
    u.pop("changes", None)
json.dump({"units": units}, open(f"{j}/units.json", "w"), ensure_ascii=False)
import os
os.remove(f"{c}/units.json")
internal = list(dict.fromkeys(k for u in units for k in u.get("internal", {})))
with open(f"{c}/units.csv", "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", "short_name", "kind", "parent", "active_from", "active_to", "predecessors"] +
               ["internal:" + k for k in internal])
    for u in units:
        a = u.get("active", {})
        w.writerow([u["id"], u["name"], u.get("short_name", ""), u.get("kind", ""), u.get("parent", ""),
                    a.get("from", ""), a.get("to", ""), "\n".join(u.get("predecessors", []))] +
                   [u.get("internal", {}).get(k, "") for k in internal])
PY
for profile in public intranet; do
  rm -rf "$work/uj" "$work/uc"
  "$thidua" build --source "$work/u-json" --output "$work/uj" --profile $profile --quiet 2>/dev/null
  "$thidua" build --source "$work/u-csv" --output "$work/uc" --profile $profile --quiet 2>"$work/err"
  [[ -f $work/uc/index.html ]] && diff -r "$work/uj" "$work/uc" >/dev/null && ok ||
    fail "units.csv gives another site than its units.json ($profile): $(grep -v 'has no result' "$work/err" | head -2)"
done

# The whole folder but its results and site.json as workbooks: units,
# schemes (the office's thang điểm, its own heading above the header, the
# kinds in Vietnamese), periods and inspections, by openpyxl, and that saved
# again by LibreOffice as .ods, give the sample's sites.
rm -rf "$work/folder" && cp -r "$root/content" "$work/folder"
/usr/bin/python3 "$root/tests/workbooks/make.py" folder-workbooks "$work/folder" &&
  /usr/bin/python3 "$root/tests/workbooks/make.py" units-workbook "$work/folder/units.json" "$work/folder/units.xlsx" &&
  rm "$work/folder/units.json" && ok || fail "cannot write the folder as workbooks"
[[ -f $work/folder/schemes/2025.xlsx && -f $work/folder/periods/2025-h1/inspections.xlsx &&
   -f $work/folder/periods/2024-h1/period.xlsx && ! -f $work/folder/periods/2024-h1/period.json ]] && ok ||
  fail "the folder's workbooks are not where they belong"
units_site "$work/folder" "the folder as workbooks (openpyxl)"
mkdir -p "$work/lo/fo"
for f in $(cd "$work/folder" && find . -name '*.xlsx' ! -path './periods/*/results*'); do
  d=$(dirname "$f")
  (cd "$work/lo" && soffice --headless "-env:UserInstallation=file://$work/lo/profile" \
    --convert-to ods --outdir "$work/folder/$d" "$work/folder/$f" >/dev/null 2>&1) && rm "$work/folder/$f"
done
[[ -f $work/folder/schemes/2025.ods && ! -f $work/folder/schemes/2025.xlsx ]] && ok || fail "LibreOffice did not save the folder's workbooks"
units_site "$work/folder" "the folder as workbooks (LibreOffice .ods)"

# thidua convert: the sample in workbooks and back. Both forms build the
# sample's sites; JSON by way of workbooks is byte for byte JSON made
# straight from the sample; so is the folder openpyxl wrote above, read by
# thidua (two writers, one set of records).
cd "$work" || exit 1
expect_exit 0 "convert --to workbooks" "$thidua" convert --to workbooks --source "$root/content" --output "$work/c-wb"
expect_grep "$work/out" "wrote $work/c-wb: the content in workbooks (25 files converted, 3 files copied as they are)" "convert's summary"
[[ -f $work/c-wb/units.xlsx && -f $work/c-wb/schemes/2025.xlsx && -f $work/c-wb/periods/2025-h1/results.xlsx &&
   -f $work/c-wb/documents/2025/ke-hoach-kiem-tra-6-thang-2025.docx && -f $work/c-wb/site.json ]] && ok ||
  fail "convert's folder lacks a workbook or a copied file: $(cd "$work/c-wb" && find . -type f | sort | head -30)"
[[ -z $(find "$work/c-wb" -name '*.json' ! -name site.json) ]] && ok || fail "JSON left in the workbooks' folder"
[[ -z $(find "$work/c-wb" -name '*.md') ]] && ok || fail "Markdown left in the workbooks' folder: $(find "$work/c-wb" -name '*.md')"
units_site "$work/c-wb" "the sample converted to workbooks"
"$thidua" convert --to json --source "$work/c-wb" --output "$work/c-back" --quiet 2>/dev/null
"$thidua" convert --to json --source "$root/content" --output "$work/c-json" --quiet 2>/dev/null
# Records byte for byte; documents and pages, by the sites they build (a
# document from Word comes back as Markdown with all its fields written out).
diff -r -x documents -x pages "$work/c-json" "$work/c-back" >/dev/null && ok || fail "JSON by way of workbooks is not JSON made straight"
[[ -f $work/c-wb/documents/2024/huong-dan-cham-diem-2024.docx && -f $work/c-wb/pages/gioi-thieu.docx &&
   ! -f $work/c-wb/documents/2024/huong-dan-cham-diem-2024.md && -f $work/c-back/pages/gioi-thieu.md &&
   -f $work/c-json/documents/2025/thong-bao-kiem-tra-6-thang-2025.md ]] && ok ||
  fail "documents and pages are not Word files in workbooks and Markdown back"
expect_grep "$work/c-wb/documents/2025/thong-bao-kiem-tra-6-thang-2025.yml" "units: [kho-bac, so-y-te, so-ke-hoach, toa-an]" \
  "a side file holds what a Word header cannot say"
! grep -q "^number:\|^issued:\|^kind:\|^title:" "$work/c-wb/documents/2025/thong-bao-kiem-tra-6-thang-2025.yml" && ok ||
  fail "a side file repeats what the Word header says exactly"
units_site "$work/c-back" "the sample converted to workbooks and back"
"$thidua" convert --to json --source "$work/folder" --output "$work/c-lo" --quiet 2>/dev/null
diff -r "$work/c-json" "$work/c-lo" >/dev/null && ok ||
  fail "the folder openpyxl and LibreOffice wrote converts to other records: $(diff -r "$work/c-json" "$work/c-lo" | head -5)"
# Its workbooks are what programs we did not write read: openpyxl sees the
# contract's headers; LibreOffice saves them again as .ods, the same site.
/usr/bin/python3 - "$work/c-wb" <<'PY' && ok || fail "convert's workbooks as openpyxl reads them"
import openpyxl, sys
d = sys.argv[1]
u = openpyxl.load_workbook(f"{d}/units.xlsx")
assert [c.value for c in u.worksheets[0][1]][:9] == ["id", "name", "short_name", "kind", "parent", "cluster", "active_from", "active_to", "predecessors"]
assert [c.value for c in u.worksheets[1][1]][:2] == ["id", "name"]
s = openpyxl.load_workbook(f"{d}/schemes/2025.xlsx")
rows = [[c.value for c in r] for r in s.worksheets[0].iter_rows()]
assert rows[0] == ["id", "title", "max", "kind"] and rows[1][0] == "I" and rows[2][0] == "I.1", rows[:3]
assert any(r[3] == "bonus" for r in rows), rows
PY
mkdir -p "$work/c-ods"
cp -r "$work/c-wb/." "$work/c-ods/"
for f in $(cd "$work/c-ods" && find . -name '*.xlsx'); do
  (cd "$work/lo" && soffice --headless "-env:UserInstallation=file://$work/lo/profile" \
    --convert-to ods --outdir "$work/c-ods/$(dirname "$f")" "$work/c-ods/$f" >/dev/null 2>&1) && rm "$work/c-ods/$f"
done
units_site "$work/c-ods" "convert's workbooks saved by LibreOffice as .ods"
# Refused: an output that is not empty, one inside the content folder,
# content with errors (nothing written).
mkdir -p "$work/full" && echo x >"$work/full/keep.txt"
expect_exit 3 "convert into a folder with files" "$thidua" convert --to json --source "$root/content" --output "$work/full"
[[ $(ls "$work/full") == keep.txt ]] && ok || fail "convert touched a folder with files"
cp -r "$root/content" "$work/c-src"
expect_exit 3 "convert inside the content" "$thidua" convert --to json --source "$work/c-src" --output "$work/c-src/out"
expect_grep "$work/err" "overlap" "convert inside the content"
echo '{' >"$work/c-src/units.json"
expect_exit 1 "convert content with errors" "$thidua" convert --to workbooks --source "$work/c-src" --output "$work/c-none"
[[ ! -e $work/c-none && -z $(find "$work" -maxdepth 1 -name '.c-none.thidua-*') ]] && ok || fail "convert left a folder behind after errors"
# A scheme whose criteria do not start with their section's id stays JSON, said.
rm -rf "$work/c-src" && cp -r "$root/content" "$work/c-src"
sed -i 's/"id": "IV.2"/"id": "KT2"/' "$work/c-src/schemes/2025.json"
sed -i 's/"IV.2"/"KT2"/g' "$work/c-src/periods/2025"*/results.json "$work/c-src/periods/2025-h1/results/"*.json
"$thidua" convert --to workbooks --source "$work/c-src" --output "$work/c-odd" >/dev/null 2>"$work/err"
expect_grep "$work/err" 'note: the scheme "2025" stays in JSON: its criterion "KT2" does not start with its section' "a scheme kept in JSON"
[[ -f $work/c-odd/schemes/2025.json && -f $work/c-odd/schemes/2024.xlsx ]] && ok || fail "the odd scheme was not kept in JSON"
# thidua new --workbooks: the starter kept in workbooks, which builds.
expect_exit 0 "new --workbooks" "$thidua" new "$work/nw" --workbooks
[[ -f $work/nw/units.xlsx && -f $work/nw/schemes/2026.xlsx && ! -f $work/nw/units.json ]] && ok || fail "new --workbooks wrote JSON"
expect_exit 0 "the workbook starter builds" "$thidua" build --source "$work/nw" --output "$work/nw-site" --quiet
grep -q "units.xlsx" "$work/nw/README.md" && ! grep -q "units.json" "$work/nw/README.md" && ok ||
  fail "the workbook starter's README speaks of JSON files"
[[ ! -e $work/nw/README-workbooks.md ]] && ok || fail "the workbook starter kept both READMEs"
"$thidua" new "$work/nj" >/dev/null && "$thidua" build --source "$work/nj" --output "$work/nj-site" --quiet 2>/dev/null
[[ -f $work/nw/documents/ke-hoach-kiem-tra.docx && -f $work/nw/pages/gioi-thieu.docx ]] && ok ||
  fail "new --workbooks kept its document and page in Markdown"
without_originals "$work/nw-site"
diff -r "$work/nj-site" "$work/nw-site" >/dev/null && ok || fail "the starter in workbooks builds another site than in JSON"

echo "workbooks: $passed passed, $failed failed"
"$root/tests/broken_test.sh" "$thidua" "$root" "$work/corpus/bad" 26 || failed=$((failed + 1))
((failed == 0))
