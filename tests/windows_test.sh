#!/usr/bin/env bash
# thidua.exe under Wine (Debian's wine and wine64), against the Linux build of the same
# commit: the sample's sites, public and intranet, are byte for byte the
# Linux build's; check, archive, verify, template, convert and serve answer;
# Vietnamese names, folders with spaces and paths past 260 characters work; a
# file another program holds open is waited for, then named.
# What Wine does not prove (NTFS, file locks held by Excel, antivirus) is in
# docs/development.md ("Windows").
#   tests/windows_test.sh THIDUA_EXE THIDUA_LINUX REPO
set -uo pipefail
exe=$(realpath "$1") linux=$(realpath "$2") root=$(realpath "$3")
work=$(mktemp -d)
export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LC_ALL=C.UTF-8
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  wineserver -k 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
source "$root/tests/lib.sh"

# Wine's paths for this machine's: Z: is /.
win() { echo "Z:${1//\//\\}"; }
run() { wine "$exe" "$@"; }

wineboot --init >/dev/null 2>&1

# Starts, says its version, and speaks Vietnamese through the console.
expect_exit 0 "thidua.exe --version" run --version
expect_grep "$work/out" "thidua $("$linux" --version | sed -n 's/^thidua \([^ ]*\).*/\1/p')" "the version"
expect_exit 0 "thidua.exe --help in Vietnamese" run --help --lang vi
expect_grep "$work/out" "Cách dùng: thidua" "Vietnamese help in UTF-8"

# The sample, both profiles: the same bytes as the Linux build.
for profile in public intranet; do
  "$linux" build --quiet --source "$root/content" --output "$work/linux-$profile" --profile "$profile" 2>/dev/null
  expect_exit 0 "build ($profile)" run build --quiet --source "$(win "$root/content")" \
    --output "$(win "$work/windows-$profile")" --profile "$profile"
  if diff -r "$work/linux-$profile" "$work/windows-$profile" >"$work/diff" 2>&1; then ok; else
    fail "the $profile site differs from the Linux build's"
    head -5 "$work/diff" | sed 's/^/  | /'
  fi
done

# A second build into the same folder (the swap without an atomic exchange,
# and the incremental build) gives the same bytes again.
expect_exit 0 "build again into the same folder" run build --quiet --source "$(win "$root/content")" \
  --output "$(win "$work/windows-public")"
diff -r "$work/linux-public" "$work/windows-public" >/dev/null && ok ||
  fail "a second build changed the site"
[[ -z $(find "$work" -maxdepth 1 -name '.windows-public.thidua-staging-*') ]] && ok ||
  fail "a staging folder was left beside the output"

# A folder of Vietnamese names with spaces, more than 260 characters deep.
deep="$work/Văn phòng Đoàn"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do deep="$deep/thư mục số $i của năm"; done
mkdir -p "$deep" && cp -r "$root/content" "$deep/nội dung"
expect_exit 0 "build from a deep Vietnamese path" run build --quiet \
  --source "$(win "$deep/nội dung")" --output "$(win "$deep/trang web")"
diff -r "$work/linux-public" "$deep/trang web" >/dev/null && ok ||
  fail "the site built from a deep Vietnamese path differs"

# check: the same words as on Linux (paths aside).
expect_exit 0 "check" run check --source "$(win "$root/content")" --lang en
expect_grep "$work/out" "0 errors" "check's summary"

# A broken folder: the error and exit 1, the output folder untouched.
cp -r "$root/content" "$work/broken"
printf '{ "id": ' >"$work/broken/units.json"
expect_exit 1 "build of a broken folder" run build --source "$(win "$work/broken")" \
  --output "$(win "$work/windows-public")" --lang en
expect_grep "$work/err" "units.json:1:" "the error names the file and line"
diff -r "$work/linux-public" "$work/windows-public" >/dev/null && ok ||
  fail "a failed build changed the output folder"

# A file another program holds open, as Excel holds a workbook (no sharing,
# tests/windows/hold.c): held for a moment, the build waits and succeeds;
# held on, it fails with the system's reason, naming the file, and the output
# stays as it was.
x86_64-w64-mingw32-gcc-posix -municode -O1 -o "$work/hold.exe" "$root/tests/windows/hold.c"
cp -r "$root/content" "$work/held"
hold() {  # file, milliseconds: returns once the file is held
  wine "$work/hold.exe" "$(win "$1")" "$2" >"$work/hold.out" 2>&1 &
  for _ in $(seq 1 100); do grep -q holding "$work/hold.out" && return; sleep 0.1; done
}
hold "$work/held/units.json" 500
expect_exit 0 "build while units.json is held for half a second" run build --quiet \
  --source "$(win "$work/held")" --output "$(win "$work/windows-public")" --lang en ||
  grep -v "warning:" "$work/err" | head -3
wait
hold "$work/held/units.json" 15000
expect_exit 1 "build while units.json stays held" run build --quiet \
  --source "$(win "$work/held")" --output "$(win "$work/windows-public")" --lang en
expect_grep "$work/err" "units.json:1:1: error: cannot read this file: " "the held file is named"
diff -r "$work/linux-public" "$work/windows-public" >/dev/null && ok ||
  fail "a build that could not read a held file changed the output"
wineserver -k 2>/dev/null  # the holder too
wait

# Ctrl+C (Wine passes SIGINT on as the console's Ctrl+C): the build ends at
# once with 130, saying nothing was written, and leaves no staging folder.
python3 "$root/bench/generate.py" --out "$work/large" --units 5000 --periods 1 >/dev/null
run build --quiet --lang en --source "$(win "$work/large")" --output "$(win "$work/large-site")" \
  >"$work/out" 2>"$work/err" &
builder=$!
sleep 3
kill -INT "$(pgrep -f "thidua.exe build --quiet --lang en --source Z:.*large" | head -1)" 2>/dev/null
wait "$builder"
code=$?
[[ $code == 130 ]] && ok || fail "Ctrl+C: exit $code, want 130"
expect_grep "$work/err" "nothing was written" "Ctrl+C says nothing was written"
[[ ! -e $work/large-site && -z $(find "$work" -maxdepth 1 -name '.large-site.thidua-staging-*') ]] && ok ||
  fail "Ctrl+C left a site or a staging folder"

# archive and verify: the snapshot verifies on Linux, Linux's on Windows.
(cd "$work" && run archive 2024-h1 --source "$(win "$root/content")" --quiet) >/dev/null 2>&1
[[ -f $work/2024-h1.zip ]] && ok || fail "archive writes 2024-h1.zip"
expect_exit 0 "Linux verifies the Windows snapshot" "$linux" verify "$work/2024-h1.zip"
mkdir -p "$work/l" && (cd "$work/l" && "$linux" archive 2024-h1 --source "$root/content" --quiet) 2>/dev/null
cmp -s "$work/2024-h1.zip" "$work/l/2024-h1.zip" && ok || fail "the snapshots differ"
expect_exit 0 "verify on Windows" run verify "$(win "$work/l/2024-h1.zip")" --lang en
expect_grep "$work/out" "files match the manifest" "verify says all is well"

# template: the same workbook bytes.
expect_exit 0 "template" run template 2025-h1 --source "$(win "$root/content")" \
  --output "$(win "$work/mau.xlsx")"
"$linux" template 2025-h1 --source "$root/content" --output "$work/mau-linux.xlsx" >/dev/null 2>&1
cmp -s "$work/mau.xlsx" "$work/mau-linux.xlsx" && ok || fail "the templates differ"

# serve: answers on this machine with the page Linux's serve gives on the
# same port (the page names its address).
port=$((20000 + RANDOM % 20000))
fetch() {  # the preview's page into $1; its HTTP code on stdout
  local got=""
  for _ in $(seq 1 60); do
    got=$(curl -s -L -o "$1" -w '%{http_code}' "http://127.0.0.1:$port/" 2>/dev/null) &&
      [[ $got == 200 ]] && break
    sleep 0.5
  done
  echo "$got"
}
"$linux" serve --source "$root/content" --port "$port" >/dev/null 2>&1 &
server_pid=$!
fetch "$work/served-linux.html" >/dev/null
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
run serve --source "$(win "$root/content")" --port "$port" >"$work/serve.out" 2>&1 &
server_pid=$!
got=$(fetch "$work/served.html")
[[ $got == 200 ]] && ok || fail "serve answered $got"
cmp -s "$work/served.html" "$work/served-linux.html" && ok ||
  fail "serve's home page differs from Linux's serve's"
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=""

echo "windows: $passed passed, $failed failed"
((failed == 0))
