#!/usr/bin/env bash
# Faults an administrator or an attacker meets: concurrent builds from two
# containers, unreadable folders, a copied output marker, hostile names and
# hosts, verify bombs. Each check fails on a thidua that does not guard
# against it. Needs root (it runs thidua as the user nobody too) and strace
# (fault injection).
# Usage: fault_test.sh THIDUA_BINARY SOURCE_DIR
set -uo pipefail
thidua=$(realpath "$1")
root=$(realpath "$2")
# A folder the user nobody can read too, for the unreadable-folder checks.
work=$(mktemp -d)
chmod 755 "$work"
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0

source "$(dirname "$0")/lib.sh"
expect_errors() {  # file, description, exact error lines... (nothing else may say "error:")
  local file=$1 what=$2; shift 2
  local want got
  want=$(printf '%s\n' "$@" | sort)
  got=$(grep -F ': error: ' "$file" | sort)
  if [[ $got == "$want" ]]; then ok; else
    fail "$what: other errors than expected"
    diff <(echo "$want") <(echo "$got") | sed 's/^/  | /' | head -10
  fi
}
tree_sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum; }

cp -r "$root/content" "$work/src"
"$thidua" build --source "$work/src" --output "$work/ref" --quiet 2>/dev/null
ref_sum=$(tree_sum "$work/ref")
ref_files=$(find "$work/ref" -type f | wc -l)

# --- 1. Two builds into one folder from two containers -----------------------
# Each build runs in a PID namespace of its own, so both are process 1, as in
# two containers sharing a volume. The first is held just before its swap
# (strace delays its rename) while the second starts: the second must wait for
# the first, and both must leave a whole site.
in_ns=(unshare -pf --kill-child)
"${in_ns[@]}" true 2>/dev/null || { echo "note: no PID namespaces here; the builds run side by side"; in_ns=(); }
mkdir -p "$work/conc-parent"
"$thidua" build --source "$work/src" --output "$work/conc-parent/site" --quiet 2>/dev/null
for round in 1 2; do
  "${in_ns[@]}" strace -f -qq -o /dev/null -e inject=renameat2:delay_enter=1500000 \
    "$thidua" build --source "$work/src" --output "$work/conc-parent/site" --profile intranet \
    >"$work/conc-a.out" 2>"$work/conc-a.err" &
  a=$!
  sleep 0.7
  "${in_ns[@]}" "$thidua" build --source "$work/src" --output "$work/conc-parent/site" \
    >"$work/conc-b.out" 2>"$work/conc-b.err"
  rb=$?
  wait "$a"; ra=$?
  [[ $ra == 0 && $rb == 0 ]] && ok || fail "concurrent builds (round $round): exits $ra and $rb"
  expect_grep "$work/conc-b.err" "another thidua build is writing" "the second build says it waits"
  [[ $(tree_sum "$work/conc-parent/site") == "$ref_sum" ]] && ok ||
    fail "concurrent builds (round $round) left $(find "$work/conc-parent/site" -type f | wc -l) of $ref_files files, not the second build's site"
  left=$(ls -A "$work/conc-parent" | grep -v -e '^site$' -e '^\.site\.thidua-stamp$' -e '^\.site\.thidua-lock$' \
    -e '^\.site\.thidua-spare$' -e '^\.site\.thidua-spare-stamp$')
  [[ -z $left ]] && ok || fail "concurrent builds left $left beside the output"
done
expect_exit 0 "a later build of the folder" "$thidua" build --source "$work/src" --output "$work/conc-parent/site" --profile intranet

# --- 9. The swap keeps the folder's mode and group; no exchange, no failure --
"$thidua" build --source "$work/src" --output "$work/shared-site" --quiet 2>/dev/null
chgrp daemon "$work/shared-site" && chmod 2750 "$work/shared-site"
expect_exit 0 "rebuild of a 2750 folder" "$thidua" build --source "$work/src" --output "$work/shared-site" --profile intranet
[[ $(stat -c '%a %G' "$work/shared-site") == "2750 daemon" ]] && ok ||
  fail "the rebuilt folder is $(stat -c '%a %G' "$work/shared-site"), not 2750 daemon"
[[ $(stat -c '%G' "$work/shared-site/index.html") == daemon ]] && ok || fail "files in a setgid output lost its group"
expect_exit 0 "a build where RENAME_EXCHANGE is not supported" \
  strace -f -qq -o /dev/null -e inject=renameat2:error=EINVAL "$thidua" build --source "$work/src" --output "$work/shared-site"
[[ $(tree_sum "$work/shared-site") == "$ref_sum" ]] && ok || fail "the fallback swap left another site"
[[ $(stat -c '%a %G' "$work/shared-site") == "2750 daemon" ]] && ok || fail "the fallback swap lost mode or group"
[[ -z $(ls -A "$work" | grep 'shared-site.thidua-staging') ]] && ok || fail "the fallback swap left a folder behind"
expect_exit 3 "a folder that cannot be swapped (EBUSY, a mount point)" \
  strace -f -qq -o /dev/null -e inject=renameat2:error=EBUSY "$thidua" build --source "$work/src" --output "$work/shared-site" --profile intranet
expect_grep "$work/err" "mount the folder that holds it instead" "a mount point is explained"
[[ $(tree_sum "$work/shared-site") == "$ref_sum" ]] && ok || fail "a failed swap changed the site"

# --- SIGINT and SIGTERM remove the staging folder on the way out -------------
"$thidua" build --source "$work/src" --output "$work/sig" --quiet 2>/dev/null
for sig in INT TERM; do
  strace -qq -o /dev/null -e inject=linkat:delay_enter=3000000:when=1 \
    "$thidua" build --source "$work/src" --output "$work/sig" --profile intranet >/dev/null 2>"$work/sig.err" &
  tracer=$!
  for _ in $(seq 1 100); do
    [[ -n $(ls -A "$work" | grep '^\.sig\.thidua-staging') ]] && break
    sleep 0.05
  done
  sleep 0.5  # the main thread is held in the middle of the build
  pid=$(pgrep -n -P "$tracer")
  [[ -n $pid ]] && kill -"$sig" "$pid"
  wait "$tracer"
  expect_grep "$work/sig.err" "interrupted: nothing was written" "SIG$sig says nothing was written"
  [[ -z $(ls -A "$work" | grep '^\.sig\.thidua-staging') ]] && ok || fail "SIG$sig left the staging folder"
  [[ $(tree_sum "$work/sig") == "$ref_sum" ]] && ok || fail "SIG$sig changed the site"
done

# A signal while a period's workbook is being written (held at libxlsxwriter's
# first unlink, of its own anonymous temporary file, which comes after thidua
# made the workbook's named one in $TMPDIR) removes that file too.
mkdir -p "$work/tmp"
TMPDIR="$work/tmp" strace -f -qq -o /dev/null -e inject=unlink:delay_enter=3000000:when=1 \
  "$thidua" build --source "$work/src" --output "$work/sig" --profile intranet >/dev/null 2>"$work/sig.err" &
tracer=$!
for _ in $(seq 1 100); do
  [[ -n $(ls "$work/tmp" | grep '^thidua-xlsx-') ]] && break
  sleep 0.05
done
[[ -n $(ls "$work/tmp" | grep '^thidua-xlsx-') ]] && ok || fail "no workbook was being written when the signal came"
pid=$(pgrep -n -P "$tracer")
[[ -n $pid ]] && kill -INT "$pid"
wait "$tracer"
expect_grep "$work/sig.err" "interrupted: nothing was written" "SIGINT during a workbook says nothing was written"
# (libxlsxwriter's own temporary file may stay: the test holds its unlink.)
[[ -z $(ls -A "$work/tmp" | grep '^thidua-xlsx-') ]] && ok || fail "SIGINT left $(ls -A "$work/tmp") in TMPDIR"
[[ $(tree_sum "$work/sig") == "$ref_sum" ]] && ok || fail "SIGINT during a workbook changed the site"

# --- 3. A copied marker never grants deletion --------------------------------
mkdir -p "$work/www"
echo "my own page" >"$work/www/gioi-thieu-rieng.html"
mkdir -p "$work/www/uploads" && echo "photo" >"$work/www/uploads/anh.jpg"
cp -a "$work/ref/." "$work/www/"
expect_exit 3 "build into a folder holding a copied site and the user's files" \
  "$thidua" build --source "$work/src" --output "$work/www"
expect_grep "$work/err" "holds 2 files thidua did not write (gioi-thieu-rieng.html, uploads)" \
  "the refusal names the user's files"
[[ $(cat "$work/www/gioi-thieu-rieng.html") == "my own page" && -f $work/www/uploads/anh.jpg ]] && ok ||
  fail "the user's files were deleted"
# A marker of the first version (a line of text) proves nothing either.
mkdir -p "$work/old" && echo "This folder was written by thidua build; the next build replaces it." >"$work/old/.thidua-output"
echo mine >"$work/old/notes.txt"
expect_exit 3 "build into a folder with an old-style marker" "$thidua" build --source "$work/src" --output "$work/old"
expect_grep "$work/err" "does not list what thidua wrote" "an unlisting marker is refused"
[[ -f $work/old/notes.txt ]] && ok || fail "a folder with an old-style marker was deleted"
# A copy of a whole site and nothing else is thidua's, and is replaced.
cp -a "$work/ref" "$work/copy"
expect_exit 0 "build into an exact copy of a site" "$thidua" build --source "$work/src" --output "$work/copy"

# --- 2. Unreadable folders and files are errors naming them -------------------
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if as_nobody true 2>/dev/null; then
  cp -r "$root/content" "$work/unread"
  chmod -R a+rX "$work/unread"
  chmod 000 "$work/unread/documents/2024" "$work/unread/pages/huong-dan"
  expect_exit 1 "check with unreadable documents/ and pages/ folders" as_nobody "$thidua" check --source "$work/unread"
  expect_errors "$work/err" "each unreadable folder is one error" \
    "documents/2024:1:1: error: cannot read this folder: Permission denied" \
    "pages/huong-dan:1:1: error: cannot read this folder: Permission denied"
  chmod 755 "$work/unread/documents/2024" "$work/unread/pages/huong-dan"
  chmod 000 "$work/unread/static" 2>/dev/null || { mkdir "$work/unread/static" && chmod 000 "$work/unread/static"; }
  chmod 000 "$work/unread/periods/2025-h1/results"
  expect_exit 1 "build with unreadable static/ and results/" as_nobody "$thidua" build --source "$work/unread" --output "$work/unread-site"
  expect_errors "$work/err" "unreadable static/ and results/ are one error each, nothing else" \
    "periods/2025-h1/results:1:1: error: cannot read this folder: Permission denied" \
    "static:1:1: error: cannot read this folder: Permission denied"
  [[ ! -e $work/unread-site ]] && ok || fail "a build with unreadable folders wrote a site"
  chmod 755 "$work/unread/static" "$work/unread/periods/2025-h1/results"
  chmod 000 "$work/unread/periods/2024/results.json"
  expect_exit 1 "check with an unreadable results file" as_nobody "$thidua" check --source "$work/unread"
  expect_errors "$work/err" "an unreadable file is one error naming it" \
    "periods/2024/results.json:1:1: error: cannot read this file: Permission denied"
  chmod 644 "$work/unread/periods/2024/results.json"
else
  fail "cannot run as the user nobody: unreadable folders untested"
fi
# A folder whose listing fails half-way (EIO from the disk) is an error too.
expect_exit 1 "check when reading a folder fails with EIO" \
  strace -f -qq -o /dev/null -e inject=getdents64:error=EIO:when=5 "$thidua" check --source "$work/src"
grep -qE '^[^ ]+:1:1: error: cannot read this folder: Input/output error$' "$work/err" && ok ||
  { fail "EIO while listing is not an error naming the folder"; sed 's/^/  | /' "$work/err" | head -5; }

# --- 10. A symbolic link loop is an input error with its path -----------------
cp -r "$root/content" "$work/loop"
ln -s loop-b "$work/loop/documents/loop-a"
ln -s loop-a "$work/loop/documents/loop-b"
ln -s . "$work/loop/pages/here"
expect_exit 1 "check with a symbolic link loop" "$thidua" check --source "$work/loop"
expect_errors "$work/err" "each looping link is one error" \
  "documents/loop-a:1:1: error: symbolic link loops back on itself; replace it with the file itself" \
  "documents/loop-b:1:1: error: symbolic link loops back on itself; replace it with the file itself"
expect_grep "$work/err" "pages/here:1:1: warning: ignored: a link to a folder of the content folder" \
  "a link to a folder inside is a warning, not silence"

# --- A file name with a line break cannot forge a diagnostic line ------------
cp -r "$root/content" "$work/nl"
printf 'x' >"$work/nl/documents/"$'a\nunits.json:1:1: error: forged'
"$thidua" check --source "$work/nl" >"$work/out" 2>"$work/err"
! grep -q '^units.json:1:1: error: forged' "$work/err" && ok || fail "a file name forged a diagnostic line"
expect_grep "$work/err" 'documents/a\nunits.json:1:1: error: forged:1:1: warning: ignored' \
  "the name is shown with its line break escaped"

# --- FIFOs, sockets and devices are warned about, not skipped in silence ------
cp -r "$root/content" "$work/fifo"
mkfifo "$work/fifo/pages/pipe.md"
expect_exit 0 "check with a named pipe" timeout 20 "$thidua" check --source "$work/fifo"
expect_grep "$work/err" "pages/pipe.md:1:1: warning: ignored: not a regular file (a named pipe, socket or device)" \
  "a named pipe is warned about"

# --- Caps: a million-column CSV is not a million lines; huge files refused ---
cp -r "$root/tests/broken/_base" "$work/caps"
python3 - "$work/caps" <<'PY'
import sys
caps = sys.argv[1]
with open(f"{caps}/periods/p2/results.csv", "w") as f:
    f.write("unit," + ",".join(f"x{i}" for i in range(200000)) + "\n")
    f.write("a," + ",".join("1" for _ in range(200000)) + "\n")
note = "Ghi chú rất dài. " * (260 * 1024 * 1024 // 19)
with open(f"{caps}/periods/p1/results.json", "w", encoding="utf-8") as f:
    f.write('{ "results": [ { "unit": "a", "scores": { "I.1": 9, "I.2": 8 }, "note": "' + note + '" } ] }\n')
PY
(ulimit -v 1500000; exec "$thidua" check --source "$work/caps") >"$work/out" 2>"$work/err"
rc=$?
[[ $rc == 1 ]] && ok || fail "check of oversized content: exit $rc, want 1"
(($(wc -l <"$work/err") <= 203)) && ok || fail "$(wc -l <"$work/err") lines of errors printed, not at most 200 and a count"
expect_grep "$work/err" "thidua: 199,802 more problems not shown; fix the first ones and run again" "the rest is counted"
expect_grep "$work/err" "periods/p1/results.json:1:1: error: this file is 287 MB; thidua reads files of at most 256 MB" \
  "a 287 MB results file is refused before it is parsed"
rm -rf "$work/caps"

# --- The one control rule in every file written --------------------------------
cp -r "$root/content" "$work/ctl"
python3 - "$work/ctl" <<'PY'
import json, sys
ctl = sys.argv[1]
bad = "\u200e\u200f\u061c\u0085\u007f\u0000\u202e\u2066\u0001"
units = json.load(open(f"{ctl}/units.json", encoding="utf-8"))
units["units"][0]["name"] = "Đoàn" + bad + " Khối"
json.dump(units, open(f"{ctl}/units.json", "w", encoding="utf-8"), ensure_ascii=False)
with open(f"{ctl}/pages/gioi-thieu.md", "a", encoding="utf-8") as f:
    f.write("\nMột dòng" + bad.replace("\u0000", "") + " có ký tự ẩn.\n")
PY
expect_exit 0 "build with controls in a unit name and a page" "$thidua" build --source "$work/ctl" --output "$work/ctl-site" --profile intranet
python3 - "$work/ctl-site" <<'PY' && ok || fail "a file carries a control or bidirectional character"
import io, os, re, sys, zipfile
raw = [c.encode() for c in "\u200e\u200f\u061c\u0085\u007f\u0000\u202e\u2066\u0001"]
escaped = re.compile(rb"\\u(200[ef]|061c|0085|007f|0000|202e|2066|0001)", re.I)
bad = []
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        data = open(os.path.join(folder, name), "rb").read()
        if name.endswith((".xlsx", ".docx")):  # a zip: what counts is the text inside
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        if name.endswith((".js", ".css")) and "/assets/" in folder + "/" and "search" not in folder:
            continue  # the site's own scripts and styles
        if any(c in data for c in raw) or escaped.search(data):
            bad.append(os.path.relpath(os.path.join(folder, name), sys.argv[1]))
assert not bad, bad[:10]
PY
grep -q "Đoàn Khối" "$work/ctl-site/data/2025-h1/results.csv" && ok || fail "the cleaned name is not in the open data"

# --- Hidden files of static/ are not published -----------------------------
cp -r "$root/content" "$work/dot"
mkdir -p "$work/dot/static/.git" "$work/dot/static/.well-known" "$work/dot/static/anh"
echo "[core]" >"$work/dot/static/.git/config" && echo "ref" >"$work/dot/static/.git/HEAD"
echo "MAT_KHAU=1" >"$work/dot/static/.env" && echo "u:x" >"$work/dot/static/anh/.htpasswd"
echo "x" >"$work/dot/static/anh/.DS_Store"  # an office leftover: not even reported
echo "Contact: mailto:vanphong@example.vn" >"$work/dot/static/.well-known/security.txt"
expect_exit 0 "build with hidden files in static/" "$thidua" build --source "$work/dot" --output "$work/dot-site"
for p in static/.env static/.git static/anh/.htpasswd; do
  expect_grep "$work/err" "$p:1:1: warning: ignored: a hidden file or folder of static/ is not published" "$p is reported"
done
[[ $(grep -c 'static/.git' "$work/err") == 1 ]] && ok || fail "a hidden folder is reported once, not per file"
! grep -q 'DS_Store' "$work/err" && ok || fail "an office leftover (.DS_Store) is reported"
[[ ! -e $work/dot-site/.env && ! -e $work/dot-site/.git && ! -e $work/dot-site/anh/.htpasswd &&
  ! -e $work/dot-site/anh/.DS_Store ]] && ok ||
  fail "hidden files of static/ were published"
[[ -f $work/dot-site/.well-known/security.txt ]] && ok || fail ".well-known/ was not published"

# --- 4, 5. serve answers only its own host names; streams cannot starve it ---
port=$((20000 + RANDOM % 20000))
"$thidua" serve --source "$work/src" --port "$port" --profile intranet --allow-host may-chu.local \
  >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 1 50); do grep -q "^serving" "$work/serve.out" && break; sleep 0.1; done
code() { curl -s -m 5 -o "$work/page" -w '%{http_code}' "$@"; }
base=http://127.0.0.1:$port/thidua/
[[ $(code "$base") == 200 ]] && ok || fail "serve answers 127.0.0.1"
[[ $(code -H "Host: localhost:$port" "$base") == 200 ]] && ok || fail "serve answers localhost"
[[ $(code -H "Host: [::1]:$port" "$base") == 200 ]] && ok || fail "serve answers [::1]"
[[ $(code -H "Host: MAY-CHU.local:$port" "$base") == 200 ]] && ok || fail "serve answers an --allow-host name"
[[ $(code -H "Host: rebind.attacker.example:$port" "$base") == 403 ]] && ok ||
  fail "serve answered a page under a foreign host name (DNS rebinding)"
! grep -q "Kết quả" "$work/page" && ok || fail "the refused answer holds the site"
[[ $(code -H "Host: localhost.attacker.example" "$base") == 403 ]] && ok || fail "a name that starts with localhost is foreign"
[[ $(code -H "Host: rebind.attacker.example" "http://127.0.0.1:$port/__thidua/events") == 403 ]] && ok ||
  fail "the event stream answered a foreign host"
# Sixty open pages: the streams past the limit are refused, pages still load.
streams=()
for _ in $(seq 1 60); do
  curl -s -N -m 15 -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$port/__thidua/events" >>"$work/streams" &
  streams+=($!)
done
sleep 1
[[ $(code -m 3 "$base") == 200 ]] && ok || fail "serve stopped answering pages with 60 streams open"
sleep 0.5
refused=$(grep -c '^503$' "$work/streams")
((refused >= 10)) && ok || fail "only $refused of 60 streams were refused: the limit did not hold"
kill "${streams[@]}" 2>/dev/null; wait "${streams[@]}" 2>/dev/null
kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null

# --- 6, 7. verify: bounded memory, no unsafe names, no duplicates ------------
"$thidua" archive 2024-h1 --source "$work/src" --output "$work/real.zip" --quiet 2>/dev/null
python3 - "$work" <<'PY'
import hashlib, json, sys, zipfile
work = sys.argv[1]
def manifest(files):
    return json.dumps({"thidua_version": "x", "period": "2024-h1", "content_sha256": "0" * 64,
                       "files": [{"path": p, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
                                 for p, b in sorted(files.items())]})
def make(name, entries):
    with zipfile.ZipFile(f"{work}/{name}", "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in entries:
            z.writestr(path, data)
page = b"<!DOCTYPE html><title>that</title>"
forged = b"<!DOCTYPE html><title>forged</title>"
# A manifest that lists a path outside the snapshot, with its true hash.
make("dotdot.zip", [("../evil.html", page), ("manifest.json", manifest({"../evil.html": page}))])
make("absolute.zip", [("/tmp/evil.html", page), ("manifest.json", manifest({"/tmp/evil.html": page}))])
# A forged copy first, the real one last: unzip programs keep one or the other.
import warnings; warnings.simplefilter("ignore")
make("duplicate.zip", [("index.html", forged), ("index.html", page), ("manifest.json", manifest({"index.html": page}))])
make("two-manifests.zip", [("index.html", forged), ("manifest.json", manifest({"index.html": forged})),
                           ("manifest.json", manifest({"index.html": page}))])
# A zip bomb: a few megabytes that unpack to 2 GiB of zeros, listed with a small size.
with zipfile.ZipFile(f"{work}/bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    z.writestr("manifest.json", manifest({"index.html": page}))
    with z.open("index.html", "w", force_zip64=True) as f:
        block = bytes(1 << 20)
        for _ in range(2048):
            f.write(block)
PY
for z in dotdot absolute duplicate two-manifests; do
  expect_exit 3 "verify refuses $z.zip" "$thidua" verify "$work/$z.zip"
  ! grep -q "match the manifest" "$work/out" && ok || fail "verify certified $z.zip"
done
expect_grep "$work/err" 'holds "manifest.json" twice' "two manifests are named"
"$thidua" verify "$work/duplicate.zip" >"$work/out" 2>"$work/err"
expect_grep "$work/err" 'holds "index.html" twice' "a duplicate entry is named"
# The bomb is refused in bounded memory (the first version read it whole:
# over 2 GiB), by its declared size, before reading it.
(ulimit -v 600000; exec "$thidua" verify "$work/bomb.zip") >"$work/out" 2>"$work/err"
rc=$?
[[ $rc == 1 ]] && ok || { fail "verify of a zip bomb: exit $rc, want 1"; sed 's/^/  | /' "$work/err" | head -3; }
expect_grep "$work/err" "altered: index.html" "the bomb's entry is named altered (its declared size is not the manifest's)"
(ulimit -v 600000; exec "$thidua" verify "$work/real.zip") >"$work/out" 2>"$work/err" && ok ||
  fail "a real snapshot does not verify within the memory bound"

# --- 8. Snapshot bytes do not depend on the time zone -------------------------
TZ=America/Los_Angeles "$thidua" archive 2024-h1 --source "$work/src" --output "$work/la.zip" --quiet 2>/dev/null
TZ=Pacific/Kiritimati "$thidua" archive 2024-h1 --source "$work/src" --output "$work/ki.zip" --quiet 2>/dev/null
cmp -s "$work/la.zip" "$work/ki.zip" && ok || fail "the snapshot differs between time zones"
python3 - "$work/la.zip" "$work/src/periods/2024-h1/period.json" <<'PY' && ok || fail "zip entries are not dated at the period's end (UTC)"
import json, sys, zipfile
end = json.load(open(sys.argv[2], encoding="utf-8"))["end"]
y, m, d = map(int, end.split("-"))
for info in zipfile.ZipFile(sys.argv[1]).infolist():
    assert info.date_time == (y, m, d, 0, 0, 0), (info.filename, info.date_time, end)
PY

echo "faults: $passed passed, $failed failed"
((failed == 0))
