#!/usr/bin/env bash
# End-to-end checks of the thidua command: exit codes, messages, and that a
# failed build leaves the output folder exactly as it was.
# Usage: cli_test.sh THIDUA_BINARY SOURCE_DIR
set -uo pipefail
thidua=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
expect_exit() {  # expected, description, command...
  local want=$1 what=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [[ $got == "$want" ]]; then ok; else fail "$what: exit $got, want $want"; sed 's/^/  | /' "$work/err" | head -5; fi
}
expect_grep() {  # file, pattern, description
  if grep -qF -- "$2" "$1"; then ok; else fail "$3: no '$2' in $(basename "$1")"; sed 's/^/  | /' "$1" | head -5; fi
}
tree_sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; find . -printf '%p %T@\n' | sort) | sha256sum; }

# Usage and version.
expect_exit 0 "--version" "$thidua" --version
expect_grep "$work/out" "thidua " "--version prints the version"
expect_exit 0 "build --help" "$thidua" build --help
expect_grep "$work/out" "--profile" "build --help lists --profile"
expect_exit 2 "unknown flag" "$thidua" build --no-such-flag
expect_exit 2 "no command" "$thidua"
expect_exit 2 "bad profile" "$thidua" build --profile secret

# The sample content checks and builds.
expect_exit 0 "check sample" "$thidua" check --source "$root/content"
expect_exit 0 "build sample" "$thidua" build --source "$root/content" --output "$work/site"
[[ -f $work/site/data/2025-h1/results.json && -f $work/site/data/2025-h1/results.csv ]] && ok || fail "open data written"
[[ ! -e $work/site/data/2025 ]] && ok || fail "draft period left out of the public build"
expect_exit 0 "intranet build" "$thidua" build --source "$root/content" --output "$work/intranet" --profile intranet
[[ -f $work/intranet/data/2025/results.json ]] && ok || fail "draft period in the intranet build"
expect_exit 0 "rebuild over an earlier build" "$thidua" build --source "$root/content" --output "$work/site" --quiet
[[ ! -s $work/out ]] && ok || fail "--quiet prints nothing on success"

# Broken content: every error printed as path:line:col, exit 1, output untouched.
cp -r "$root/content" "$work/broken"
sed -i 's/"start": "2025-01-01"/"start": "2025-01-35"/' "$work/broken/periods/2025-h1/period.json"
python3 - "$work/broken/units.json" <<'PY'
import sys; p = sys.argv[1]; s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(s.replace('"cluster": "khoi-noi-chinh"', '"cluster": "khoi-khong-co"', 1))
PY
before=$(tree_sum "$work/site")
expect_exit 1 "build broken content" "$thidua" build --source "$work/broken" --output "$work/site"
expect_grep "$work/err" 'periods/2025-h1/period.json:4:12: error: invalid date "2025-01-35"' "bad date reported at its position"
expect_grep "$work/err" 'error: unknown cluster "khoi-khong-co"' "second error reported in the same run"
expect_grep "$work/err" "is unchanged" "says the output was left alone"
[[ $(tree_sum "$work/site") == "$before" ]] && ok || fail "output folder changed by a failed build"
expect_exit 1 "check broken content" "$thidua" check --source "$work/broken"
expect_exit 1 "missing content folder" "$thidua" check --source "$work/nowhere"

# A folder thidua did not make is never replaced.
mkdir -p "$work/precious" && echo keep >"$work/precious/thesis.txt"
expect_exit 3 "refuse a foreign output folder" "$thidua" build --source "$root/content" --output "$work/precious"
expect_grep "$work/err" "was not made by thidua" "explains the refusal"
[[ $(cat "$work/precious/thesis.txt") == keep ]] && ok || fail "foreign folder touched"
cp -r "$root/content" "$work/good"
expect_exit 3 "refuse to write over the content folder" "$thidua" build --source "$work/good" --output "$work"
[[ -f $work/good/units.json ]] && ok || fail "content folder survived"
ls -a "$work" | grep -q 'thidua-' && fail "staging folder left behind" || ok

echo "cli: $passed passed, $failed failed"
[[ $failed == 0 ]]
