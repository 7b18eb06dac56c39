#!/usr/bin/env bash
# The broken-content corpus: every folder in tests/broken/ (but _base) is laid
# over a copy of tests/broken/_base/ and must make `thidua build` exit 1 with
# exactly the diagnostics listed in its _expect (path:line:col: error: …, one
# line each, in any order: one fault gives one message, not a cascade),
# leave a previous build's output folder byte-for-byte and time-for-time as it
# was, and make `thidua check` exit 1 too. Under a sanitized binary this also
# proves no crash, leak or undefined behaviour on bad input.
#
# A case folder holds the files it replaces or adds, and optionally:
#   _expect    every diagnostic line the build prints, in English (required)
#   _expect.vi the same lines as `check --lang vi` prints them (required in
#              tests/broken, whose cases run in both languages)
#   _delete    paths to remove from the base copy
#   _symlink   lines "LINK TARGET" of symbolic links to create
# Usage: broken_test.sh THIDUA_BINARY SOURCE_DIR [CORPUS [MIN_CASES]]
# (CORPUS defaults to tests/broken; tests/workbook_test.sh passes a corpus of
# workbooks it has just made.)
set -uo pipefail
thidua=$1
corpus=${3:-$2/tests/broken}
base=$2/tests/broken/_base
min_cases=${4:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0 cases=0
fail() { failed=$((failed + 1)); echo "FAIL $case: $*"; }
tree_sum() { (cd "$1" && find . -print0 | sort -z | xargs -0 stat -c '%n %s %Y %i' && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum; }

"$thidua" build --source "$base" --output "$work/out" --quiet 2>"$work/base.err" ||
  { echo "FAIL: the base content does not build"; cat "$work/base.err"; exit 1; }
before=$(tree_sum "$work/out")

for dir in "$corpus"/*/; do
  case=$(basename "$dir")
  [[ $case == _base ]] && continue
  cases=$((cases + 1))
  src=$work/src
  rm -rf "$src" && cp -r "$base" "$src"
  (cd "$dir" && find . -type f ! -name '_*' -print0) | while IFS= read -r -d '' f; do
    mkdir -p "$src/$(dirname "$f")" && cp "$dir/$f" "$src/$f"
  done
  [[ -f $dir/_delete ]] && while read -r p; do rm -rf "${src:?}/$p"; done <"$dir/_delete"
  [[ -f $dir/_symlink ]] && while read -r link target; do mkdir -p "$src/$(dirname "$link")"; ln -s "$target" "$src/$link"; done <"$dir/_symlink"
  if [[ ! -s $dir/_expect ]]; then fail "no _expect"; continue; fi

  "$thidua" build --lang en --source "$src" --output "$work/out" >"$work/stdout" 2>"$work/stderr"
  code=$?
  if [[ $code != 1 ]]; then fail "build exit $code, want 1"; sed 's/^/  | /' "$work/stderr" | head -5; continue; fi
  ok=1
  # One fault, one message: the diagnostics are exactly the lines of _expect.
  grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning): ' "$work/stderr" | sort >"$work/got"
  grep -v '^$' "$dir/_expect" | sort >"$work/want"
  cmp -s "$work/got" "$work/want" || { fail "messages differ from _expect (- want, + got):"; diff "$work/want" "$work/got" | grep '^[<>]' | sed 's/^</  -/; s/^>/  +/' | head -8; ok=0; }
  grep -qE '^[^ :]+:[0-9]+:[0-9]+: error: ' "$work/stderr" || { fail "no path:line:col: error: line"; ok=0; }
  grep -qiE 'sanitizer|runtime error|terminate called|Segmentation' "$work/stderr" && { fail "crash or sanitizer report"; ok=0; }
  [[ $(tree_sum "$work/out") == "$before" ]] || { fail "the output folder changed"; ok=0; }
  ls -a "$work" | grep -q '^\.out\.thidua-[0-9]' && { fail "staging folder left behind"; ok=0; }
  "$thidua" check --lang vi --source "$src" >/dev/null 2>"$work/stderr.vi"
  [[ $? == 1 ]] || { fail "check does not exit 1"; ok=0; }
  # The same faults in Vietnamese: the lines of _expect.vi.
  if [[ ! -s $dir/_expect.vi ]]; then
    [[ -z ${3:-} ]] && { fail "no _expect.vi"; ok=0; }
  else
    grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning): ' "$work/stderr.vi" | sort >"$work/got"
    grep -v '^$' "$dir/_expect.vi" | sort >"$work/want"
    cmp -s "$work/got" "$work/want" || {
      fail "Vietnamese messages differ from _expect.vi (- want, + got):"; diff "$work/want" "$work/got" | grep '^[<>]' | sed 's/^</  -/; s/^>/  +/' | head -8; ok=0; }
  fi
  ((ok)) && passed=$((passed + 1))
done
echo "broken: $cases cases, $passed passed, $failed failed"
((cases >= min_cases && failed == 0))
