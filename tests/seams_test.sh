#!/usr/bin/env bash
# Seams a hostile file or a hostile co-user of the machine could open: forged
# snapshots, files outside the content folder, outputs that are not ours, small
# files that would take the machine down. Each check fails on a thidua that
# does not guard against it (each was seen failing before its fix). The hostile
# files are made here, at test time. Needs root (it runs thidua as the user
# nobody too) and minisign.
# Usage: seams_test.sh THIDUA_BINARY SOURCE_DIR
set -uo pipefail
thidua=$(realpath "$1")
root=$(realpath "$2")
work=$(mktemp -d)
chmod 755 "$work"
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0
source "$(dirname "$0")/lib.sh"
refused() {  # description, command... : any exit but 0, and no word of a match
  local what=$1; shift
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [[ $rc != 0 ]] && ! grep -q "match the manifest" "$work/out"; then ok; else
    fail "$what: exit $rc"; sed 's/^/  | /' "$work/out" "$work/err" | head -4
  fi
}
# Runs a command: its exit code in $rc, its peak memory (KiB, GNU time) in $kib.
measure() {
  /usr/bin/time -f '%M' -o "$work/time" "$@" >"$work/out" 2>"$work/err"
  rc=$?
  kib=$(tail -1 "$work/time")
}

# Starts the preview of a folder on a free port: $serve_pid, $port, $base.
start_serve() {
  # Another test running beside this one may hold the port picked at random:
  # then serve ends at once, and another port is tried.
  for _ in 1 2 3; do
    port=$((20000 + RANDOM % 20000))
    "$thidua" serve --source "$1" --port "$port" >"$work/serve.out" 2>"$work/serve.err" &
    serve_pid=$!
    for _ in $(seq 1 100); do
      grep -q "^serving" "$work/serve.out" && break
      kill -0 "$serve_pid" 2>/dev/null || break
      sleep 0.1
    done
    grep -q "^serving" "$work/serve.out" && break
    kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null
  done
  base=$(sed -n "s/^serving \([^ ]*\).*/\1/p" "$work/serve.out" | head -1)
  [[ -n $base ]] || { echo "seams: serve did not start:"; cat "$work/serve.err"; }
}

cp -r "$root/content" "$work/src"
mkdir -p "$work/keys"
minisign -G -W -p "$work/keys/k.pub" -s "$work/keys/k.sec" >/dev/null 2>&1
"$thidua" archive 2024-h1 --source "$work/src" --output "$work/real.zip" --sign "$work/keys/k.sec" --quiet 2>/dev/null
expect_exit 0 "the real signed snapshot verifies" "$thidua" verify "$work/real.zip" --key "$work/keys/k.pub"

# --- 1. A signed snapshot cannot be forged ------------------------------------
# Each zip keeps every real entry (manifest and signature untouched) and adds
# one that an unzip program would write.
python3 - "$work" <<'PY'
import sys, zipfile, warnings
warnings.simplefilter("ignore")
work = sys.argv[1]
real = zipfile.ZipFile(f"{work}/real.zip")
entries = [(i, real.read(i)) for i in real.infolist()]
forged = b"<!DOCTYPE html><title>forged</title>"
def make(name, extra, drop=None):
    with zipfile.ZipFile(f"{work}/{name}", "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename != drop:
                z.writestr(info, data)
        for info, data in extra:
            z.writestr(info, data)
def entry(name, mode, data=b""):
    i = zipfile.ZipInfo(name, (2024, 6, 30, 0, 0, 0))
    i.external_attr = mode << 16
    i.create_system = 3
    return (i, data)
# A folder by its Unix mode, holding data: unzip writes it as index.html.
make("dir-with-data.zip", [entry("index.html", 0o40755, forged)], drop="index.html")
make("dir-with-data-dup.zip", [entry("index.html", 0o40755, forged)])
# A folder entry outside the snapshot.
make("dir-outside.zip", [entry("../../outside/", 0o40755)])
# A folder entry with data and a trailing slash.
make("dir-slash-data.zip", [entry("extra/", 0o40755, forged)])
# A symlink, as Info-ZIP stores one (the target as data).
make("symlink.zip", [entry("evil", 0o120777, b"/etc/passwd")])
# The output marker, which a manifest never lists, with any content.
make("marker.zip", [entry(".thidua-output", 0o100644, forged)])
# A folder and a file of one name.
make("dir-and-file.zip", [entry("index.html/", 0o40755)])
# A signature over 4 KB.
with zipfile.ZipFile(f"{work}/big-sig.zip", "w") as z:
    for info, data in entries:
        if info.filename != "manifest.json.minisig":
            z.writestr(info, data)
    z.writestr("manifest.json.minisig", b"x" * 5000)
PY
for z in dir-with-data dir-with-data-dup dir-outside dir-slash-data symlink marker dir-and-file; do
  refused "verify --key refuses $z.zip" "$thidua" verify "$work/$z.zip" --key "$work/keys/k.pub"
  refused "verify refuses $z.zip" "$thidua" verify "$work/$z.zip"
done
"$thidua" verify "$work/dir-with-data.zip" >"$work/out" 2>"$work/err"
# libarchive shows a folder's name with its slash, whatever the zip says.
expect_grep "$work/err" 'holds the folder entry "index.html/" with data in it' \
  "a folder entry holding a page is named"
"$thidua" verify "$work/dir-slash-data.zip" >"$work/out" 2>"$work/err"
expect_grep "$work/err" 'holds the folder entry "extra/" with data in it' "a folder entry with data is named"
"$thidua" verify "$work/marker.zip" >"$work/out" 2>"$work/err"
expect_grep "$work/err" "added: .thidua-output" "a marker in a zip is an added file"
"$thidua" verify "$work/big-sig.zip" >"$work/out" 2>"$work/err"
expect_grep "$work/err" "manifest.json.minisig is larger than 4 KB: it is not a signature" \
  "a large signature is named for what it is"
# An unzip program writes exactly what verify checked: the real snapshot
# unpacked by Debian's unzip verifies as a folder, with its signature.
mkdir "$work/unzipped" && (cd "$work/unzipped" && unzip -q ../real.zip)
expect_exit 0 "the unzipped snapshot verifies" "$thidua" verify "$work/unzipped" --key "$work/keys/k.pub"

# A zip on which libarchive reports an error without a message (found by the
# verify fuzz target): the old version crashed on it.
echo "UEsDBBQAAAAAAAAA3liL+TUcHwAAAB8AAAAKAAAAZXZpbHguaHRtbDwhRE9DVFlQRSBodG1sPjx0aXRsZT54PC90aXRsZT6A////////6wAAAADeWFvQhtb9AAAA/QAAAA0AAABtYW5pZmVzUEsDBBQAAAAAAAAA3liL+TUcHwAAAB8AAAAKAAAAaW5kZXQuanNvbnsidGhpZHVhX3ZlcnNpb24iOiAiMC4xLjAiLCAicGVyaW9kIjogInAiLCAiY29udGVudF9zaGEyNTYiOiAiMDAwMDAwMDB4LjAwMDAwMDAwaHQwMDAwMDBtbDwhMDA=" | base64 -d >"$work/null-error.zip"
expect_exit 3 "a zip whose error has no message is refused, not a crash" "$thidua" verify "$work/null-error.zip"

# --- 8. verify reads what it needs, and no empty or endless key -------------
# A file of the folder grown past the manifest's size (sparse: 20 GB on no
# disk) is refused after reading no more than the manifest's size.
cp -r "$work/unzipped" "$work/sparse"
truncate -s 20G "$work/sparse/index.html"
measure timeout 20 "$thidua" verify "$work/sparse"
[[ $rc == 1 ]] && ok || fail "verify of a 20 GB sparse file: exit $rc, want 1 (124: it read it all)"
expect_grep "$work/err" "altered: index.html" "the grown file is altered"
# A marker of a built folder passes only as the marker of exactly its files.
printf 'thidua output 2\n<script>alert(1)</script>\n' >"$work/unzipped/.thidua-output"
expect_exit 1 "a forged marker in a folder is refused" "$thidua" verify "$work/unzipped"
expect_grep "$work/err" "added: .thidua-output" "a forged marker is an added file"
rm "$work/unzipped/.thidua-output"
expect_exit 2 '--key "" is a usage error, not "no key"' "$thidua" verify "$work/real.zip" --key ""
expect_grep "$work/err" "is empty" "an empty key is named"
expect_exit 1 "--key /dev/zero is refused" timeout 10 "$thidua" verify "$work/real.zip" --key /dev/zero
expect_grep "$work/err" "not a key file" "a device is not a key file"
truncate -s 3G "$work/keys/huge.pub"
measure timeout 10 "$thidua" verify "$work/real.zip" --key "$work/keys/huge.pub"
[[ $rc == 1 ]] && ((kib < 100000)) && ok || fail "a 3 GB key file: exit $rc, $kib KiB"
expect_grep "$work/err" "larger than 4 KB" "a huge key file is named"
expect_exit 2 '--sign "" is a usage error' "$thidua" archive 2024-h1 --source "$work/src" --output "$work/x.zip" --sign ""

# --- 3, 4. archive writes only its own file, never through a fixed name -----
arch() { "$thidua" archive 2024-h1 --source "$work/src" --quiet "$@"; }
units_sum=$(sha256sum <"$work/src/units.json")
expect_exit 3 "archive refuses to overwrite a content file" arch --output "$work/src/units.json"
[[ $(sha256sum <"$work/src/units.json") == "$units_sum" ]] && ok ||
  { fail "archive replaced units.json"; cp "$root/content/units.json" "$work/src/units.json"; }
expect_grep "$work/err" "is inside the content folder" "the content folder is named"
expect_exit 3 "archive refuses a new file inside the content folder" arch --output "$work/src/x.zip"
[[ ! -e $work/src/x.zip ]] && ok || fail "archive wrote into the content folder"
echo "the office's notes" >"$work/notes.txt"
expect_exit 3 "archive refuses to overwrite a file it did not make" arch --output "$work/notes.txt"
grep -q "office's notes" "$work/notes.txt" && ok || fail "archive replaced a file it did not make"
expect_grep "$work/err" "notes.txt exists and it is not a snapshot thidua made" "the refusal says why"
cp "$work/real.zip" "$work/again.zip"
expect_exit 0 "archive replaces a snapshot it made" arch --output "$work/again.zip"
# A link placed where the old version wrote its temporary file, and a link as
# the output itself: nothing is written through either.
echo "victim" >"$work/victim"
ln -s "$work/victim" "$work/linked.zip.tmp"
expect_exit 0 "archive beside a planted link" arch --output "$work/linked.zip"
[[ $(cat "$work/victim") == victim && -f $work/linked.zip && ! -L $work/linked.zip ]] && ok ||
  fail "archive wrote through a planted link"
ln -s "$work/victim" "$work/link-out.zip"
expect_exit 3 "archive refuses an output that is a link" arch --output "$work/link-out.zip"
[[ $(cat "$work/victim") == victim ]] && ok || fail "archive wrote through the output link"
# Two archives into one output at once: both whole, the result a snapshot.
mkdir "$work/two"
arch --output "$work/two/s.zip" 2>/dev/null & a=$!
arch --output "$work/two/s.zip" 2>/dev/null & b=$!
wait $a && wait $b && ok || fail "one of two archives at once failed"
expect_exit 0 "two archives at once leave a whole snapshot" "$thidua" verify "$work/two/s.zip"
[[ $(ls -A "$work/two") == s.zip ]] && ok || fail "two archives left: $(ls -A "$work/two")"
# Interrupted: nothing beside the output (the old version left <output>.tmp).
mkdir "$work/killed"
for delay in 0.05 0.1 0.15 0.2 0.25 0.3 0.4 0.5; do
  arch --output "$work/killed/s.zip" 2>/dev/null & pid=$!
  sleep "$delay"
  kill -TERM $pid 2>/dev/null
  wait $pid 2>/dev/null
done
leftover=$(ls -A "$work/killed" | grep -v '^s.zip$')
[[ -z $leftover ]] && ok || fail "an interrupted archive left $leftover"
# A folder it may not write in: the reason is given.
mkdir "$work/ro" && chmod 755 "$work/ro"
expect_exit 3 "archive into a folder of another user" setpriv --reuid=nobody --regid=nogroup --clear-groups \
  "$thidua" archive 2024-h1 --source "$work/src" --output "$work/ro/s.zip"
expect_grep "$work/err" "cannot write in $work/ro: Permission denied" "the reason a folder refuses is given"

# --- 2. Nothing outside --source is read, nothing load did not check published
# A link in static/ to a file of the folder would publish it raw.
cp -r "$work/src" "$work/linked"
mkdir -p "$work/linked/static"
ln -s ../periods/2024-h1/inspections.json "$work/linked/static/raw.json"
expect_exit 1 "a link in static/ is refused" "$thidua" build --source "$work/linked" --output "$work/linked-out"
expect_grep "$work/err" "static/raw.json:1:1: error: a symbolic link" "the link in static/ is named"
[[ ! -e $work/linked-out ]] && ok || fail "a site was written with a link in static/"
# The preview reads static files when asked: a folder swapped for a link to
# /etc while it runs must not serve /etc/passwd.
cp -r "$work/src" "$work/served"
mkdir -p "$work/served/static/conf2" && echo "harmless" >"$work/served/static/conf2/passwd"
echo "harmless" >"$work/served/static/ok.txt" && echo "harmless" >"$work/served/static/x.txt"
start_serve "$work/served"
base=${base%/}
# (The preview keeps what it has served: these files are asked for only after the swap.)
curl -s -m 5 "$base/ok.txt" | grep -q harmless && ok || fail "serve does not serve a static file ($base)"
rm -r "$work/served/static/conf2" && ln -s /etc "$work/served/static/conf2"
rm "$work/served/static/x.txt" && ln -s /etc/passwd "$work/served/static/x.txt"
# At once (before the preview notices the change), and once it has.
! curl -s -m 5 "$base/conf2/passwd" | grep -q '^root:' && ok || fail "serve answered /etc/passwd through a swapped folder"
sleep 1.5
! curl -s -m 5 "$base/x.txt" | grep -q '^root:' && ok || fail "serve answered /etc/passwd through a swapped file"
kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null

# --- 5, 6. No small file takes the machine down -----------------------------
# Each hostile file goes where the office puts results (or a document) in a
# copy of the sample; check must refuse it with one message naming the file
# and the limit, and its peak memory stays within twice that of a genuine
# twin of the same cell or value count (the sample's own check for a file of
# no cells), plus the one part of a workbook it holds unpacked (each at most
# 256 MB) and the 32 MB expat may take.
mkdir "$work/hostile"
python3 "$(dirname "$0")/seams/hostile.py" "$work/hostile"
check_file() {  # file, where in the content folder → $rc, $kib, $work/err
  rm -rf "$work/hc" && cp -r "$work/src" "$work/hc" && rm "$work/hc/periods/2025/results.json"
  cp "$work/hostile/$1" "$work/hc/$2"
  measure timeout 60 "$thidua" check --source "$work/hc"
}
declare -A peak
hostile() {  # file, where, twin (or ""), MB unpacked allowed, exact error line
  local file=$1 where=$2 twin=$3 part=$4 want=$5
  if [[ -n $twin && -z ${peak[$twin]:-} ]]; then
    check_file "$twin" "${where%.*}.${twin##*.}"
    peak[$twin]=$kib
  fi
  check_file "$file" "$where"
  [[ $rc == 1 ]] && ok || fail "$file: exit $rc, want 1"
  expect_grep "$work/err" "$want" "$file is refused by its limit"
  [[ $(grep -c ': error: ' "$work/err") == 1 ]] && ok || fail "$file: more than one error"
  local twin_kib=$base_kib
  [[ -n $twin ]] && twin_kib=${peak[$twin]}
  local bound=$((twin_kib * 2 + (part + 32) * 1024))
  ((kib <= bound)) && ok || fail "$file: peak $kib KiB, over $bound KiB (twin $twin_kib KiB)"
  echo "  $file: $kib KiB (bound $bound)"
}
measure "$thidua" check --source "$work/src"
base_kib=$kib
R=periods/2025/results
hostile shared-60mb.xlsx $R.xlsx shared-genuine.xlsx 60 \
  "$R.xlsx:1:1: error: a shared string of the workbook holds more than 32,767 characters, Excel's own limit for a cell: refused"
hostile shared-empty.xlsx $R.xlsx cells-genuine.xlsx 250 \
  "$R.xlsx:1:1: error: the workbook's shared strings are more than 4,000,000, more than the cells it may fill: refused"
hostile cells-5m.xlsx $R.xlsx cells-genuine.xlsx 0 \
  "$R.xlsx:1:1: error: the workbook has more than 4,000,000 filled cells: refused"
hostile long-tag.xlsx $R.xlsx "" 100 \
  "$R.xlsx:1:1: error: the workbook's part xl/worksheets/sheet1.xml holds a tag, name or value longer than any workbook has"
hostile spaces.ods $R.ods spaces-genuine.ods 0 \
  "$R.ods:1:1: error: cell A1 of the workbook holds more than 32,767 characters, Excel's own limit for a cell: refused"
hostile empty-objects.json $R.json values-genuine.json 0 \
  "$R.json:1:12000003: error: more than 4,000,000 values (texts, numbers, lists and objects)"
hostile wide.md documents/wide.md "" 0 \
  "documents/wide.md:6:1: error: a table of 10,000 columns; thidua shows tables of at most 1,000 columns: split it"
hostile long-table.md documents/long-table.md "" 0 \
  "documents/long-table.md:6:1: error: the tables up to this one hold more than 100,000 cells"
# Parts no relation of the workbook leads to are not unpacked at all.
check_file unused-parts.xlsx $R.xlsx
((kib <= base_kib * 2)) && ok || fail "unused parts were unpacked: $kib KiB"
# Low: each fault named for what it is.
low() {  # file, where, exact error line
  check_file "$1" "$2"
  [[ $rc == 1 ]] && ok || fail "$1: exit $rc, want 1"
  expect_grep "$work/err" "$3" "$1 is named for what it is"
}
low index-exp.xlsx $R.xlsx "names a text that is not there (cell A1)"
low row-zero.xlsx $R.xlsx 'has a row numbered "0"'
low xlsx-named.ods $R.ods "an Excel workbook (.xlsx) with the name of an OpenDocument spreadsheet (.ods): rename it to .xlsx"
low row-zero.xlsx $R.ods "an Excel workbook (.xlsx) with the name of an OpenDocument spreadsheet (.ods)"
low spaces-genuine.ods $R.xlsx "an OpenDocument spreadsheet (.ods) with the name of an Excel workbook (.xlsx): rename it to .ods"
low duplicate-part.xlsx $R.xlsx "the workbook is damaged (it holds two parts named xl/worksheets/sheet1.xml)"
low outside-sheet.xlsx $R.xlsx 'the workbook'"'"'s sheet "KQ" points outside the workbook: refused'
# A file over its size limit is refused from its size, before it is read.
check_file values-genuine.json $R.json
truncate -s 300M "$work/hc/$R.json"
measure timeout 60 "$thidua" check --source "$work/hc"
expect_grep "$work/err" "$R.json:1:1: error: this file is 300 MB; thidua reads files of at most 256 MB here" \
  "a 300 MB results file is refused by its size"
((kib <= base_kib * 2)) && ok || fail "a 300 MB file was read: $kib KiB"

# The preview never dies on a file dropped into the folder: it names it and
# keeps the last good site.
cp -r "$work/src" "$work/dropped"
start_serve "$work/dropped"
rm "$work/dropped/periods/2025/results.json"
cp "$work/hostile/spaces.ods" "$work/dropped/periods/2025/results.ods"
for _ in $(seq 1 50); do grep -q "results.ods:1:1: error" "$work/serve.err" "$work/serve.out" && break; sleep 0.1; done
grep -q "results.ods:1:1: error: cell A1 of the workbook holds more than 32,767" "$work/serve.err" "$work/serve.out" && ok ||
  fail "serve did not name the dropped file"
[[ $(curl -s -m 5 -o /dev/null -w '%{http_code}' "$base") == 200 ]] && kill -0 $serve_pid && ok ||
  fail "serve stopped answering after a hostile file was dropped in"
kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null

# --- 7. One rule for invisible controls, wherever text is written ---------
# A correction's change and reason with U+202E, U+2066/2069 and BEL; a grade
# label with the vertical tab Word's Shift+Enter pastes.
cp -r "$work/src" "$work/controls"
python3 - "$work/controls" <<'PY'
import json, sys
root = sys.argv[1]
p = f"{root}/periods/2024-h1/period.json"
period = json.load(open(p, encoding="utf-8"))
period["corrections"][0]["change"] = "Cộng \u202e1 điểm\u2066x\u2069\u0007"
period["corrections"][0]["reason"] = "Lý do\u202e ẩn\u0007"
json.dump(period, open(p, "w", encoding="utf-8"), ensure_ascii=False)
s = f"{root}/schemes/2025.json"
scheme = json.load(open(s, encoding="utf-8"))
scheme["grades"][0]["label"] = "Hoàn thành\u000bxuất sắc"
json.dump(scheme, open(s, "w", encoding="utf-8"), ensure_ascii=False)
PY
expect_exit 0 "a build with controls in corrections" "$thidua" build --source "$work/controls" --output "$work/controls-out" --quiet
python3 - "$work/controls-out/data/2024-h1/results.json" <<'PY' && ok || fail "controls reached the open data's corrections"
import json, sys
raw = open(sys.argv[1], encoding="utf-8").read()
c = json.loads(raw)["corrections"][0]
for ch in "\u202e\u2066\u2069\u0007":
    assert ch not in c["change"] + c["reason"], repr(c)
assert c["change"] == "Cộng 1 điểmx" and c["reason"] == "Lý do ẩn", repr(c)
PY
expect_exit 0 "a template with a vertical tab in a grade label" "$thidua" template 2025-h1 --source "$work/controls" --output "$work/controls.xlsx"
/usr/bin/python3 -c "import openpyxl, sys; openpyxl.load_workbook(sys.argv[1])" "$work/controls.xlsx" 2>"$work/err" && ok ||
  fail "the template is not a well-formed workbook: $(tail -1 "$work/err")"
cp "$work/controls.xlsx" "$work/controls/periods/2025-h1/results.xlsx"
rm -rf "$work/controls/periods/2025-h1/results"
"$thidua" check --source "$work/controls" >"$work/out" 2>"$work/err"
! grep -q "results.xlsx:1:1: error: the workbook's part" "$work/err" && ok || fail "thidua's own check refuses its template: $(grep error "$work/err" | head -1)"

# --- 9. Messages quote values short ------------------------------------------
rm -rf "$work/hc" && cp -r "$work/src" "$work/hc" && rm "$work/hc/periods/2025/results.json"
python3 -c 'import sys; open(sys.argv[1], "w").write("unit,I.1\nban-tuyen-giao," + "9" * (40 << 20) + "\n")' \
  "$work/hc/periods/2025/results.csv"
"$thidua" check --source "$work/hc" >"$work/out" 2>"$work/err"
size=$(stat -c %s "$work/err")
((size < 10000)) && ok || fail "a 40 MB cell made $size bytes of messages"
expect_grep "$work/err" "… (41943040 characters)" "the cut value says how long it was"

# --- 10. The preview keeps answering pages ---------------------------------
start_serve "$work/src"
# 80 reload streams held open: a page is still answered while they are, and
# each refused stream's connection is closed (it held a worker for 5 s).
streams=()
for _ in $(seq 1 80); do
  curl -s -N -m 20 -o /dev/null "http://127.0.0.1:$port/__thidua/events" &
  streams+=($!)
done
sleep 1
curl -s -m 5 -o /dev/null -w "%{http_code}" "$base" >"$work/code"
[[ $(cat "$work/code") == 200 ]] && ok || fail "no page answered while 80 streams were held: $(cat "$work/code")"
curl -s -v -m 5 -o /dev/null "http://127.0.0.1:$port/__thidua/events" 2>"$work/err"
expect_grep "$work/err" "< Connection: close" "a refused stream is told its connection closes"
expect_grep "$work/err" "Closing connection" "a refused stream's connection is closed"
kill "${streams[@]}" 2>/dev/null; wait "${streams[@]}" 2>/dev/null
# Byte ranges: many are ignored, the whole page is sent once.
full=$(curl -s -o /dev/null -w '%{size_download}' "$base")
many=$(python3 -c "print(','.join('0-9999' for _ in range(500)))")
curl -s -H "Range: bytes=$many" -o /dev/null -w '%{http_code} %{size_download}' "$base" >"$work/code"
[[ $(cat "$work/code") == "200 $full" ]] && ok || fail "500 ranges answered $(cat "$work/code") (the page is $full bytes)"
curl -s -H "Range: bytes=0-99" -o /dev/null -w '%{http_code} %{size_download}' "$base" >"$work/code"
[[ $(cat "$work/code") == "206 100" ]] && ok || fail "one range answered $(cat "$work/code")"
# 500 connections that say nothing: a page is still answered.
python3 - "$port" "$base" <<'PY' && ok || fail "no page answered beside 500 idle connections"
import socket, subprocess, sys
idle = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(500)]
r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "10", sys.argv[2]],
                   capture_output=True, text=True)
sys.exit(0 if r.stdout == "200" else 1)
PY
kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null

# --- Low: base_url as an address bar shows it -------------------------------
expect_exit 0 "an upper-case HTTPS:// base URL is valid" "$thidua" build --source "$work/src" \
  --output "$work/upper" --base-url "HTTPS://doankhoi.example.vn/thidua" --quiet
grep -q "https://doankhoi.example.vn/thidua/" "$work/upper/sitemap.xml" && ok || fail "the scheme is not written in lower case"
for bad in 'https://a.vn:99999/' 'https://a.vn/"x' 'https://a.vn/<x>' 'https://a.vn/`x`'; do
  expect_exit 1 "base URL $bad is refused" "$thidua" build --source "$work/src" --output "$work/bad-url" --base-url "$bad"
done

echo "seams: $passed passed, $failed failed"
((failed == 0))
