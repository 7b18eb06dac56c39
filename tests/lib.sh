# Helpers shared by the shell tests: counts in $passed and $failed, each
# command's output in $work/out and $work/err. Sourced, not run.
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
expect_exit() {  # expected, description, command...
  local want=$1 what=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [[ $got == "$want" ]]; then ok; else
    fail "$what: exit $got, want $want"; sed 's/^/  | /' "$work/err" | head -5; return 1
  fi
}
expect_grep() {  # file, pattern, description
  if grep -qF -- "$2" "$1"; then ok; else fail "$3: no '$2' in $(basename "$1")"; sed 's/^/  | /' "$1" | head -5; fi
}
# A built site but for the Word originals a document from Word offers: the
# files and the links to them (the one difference the contract allows
# between a folder in Markdown and its twin in Word).
without_originals() {  # site folder
  find "$1" -name '*.docx' -delete
  find "$1" -name '*.html' -exec sed -i 's|^<p class="meta no-print"><a href="[^"]*\.docx" download>.*</a></p>$||' {} +
  sed -i '/\.docx$/d' "$1/.thidua-output"
}
