#!/usr/bin/env bash
# Peak memory of reading a results workbook: `thidua check` on N units (default
# 10,000, 40 criteria) with the period's results as .xlsx (written by openpyxl),
# as .ods (the same saved by LibreOffice), as CSV, and with none; prints each
# workbook's uncompressed XML size and what reading it added to the peak
# (target: at most 3x that XML).
# Usage: bench/workbook_memory.sh [UNITS]
# (needs a built thidua, /usr/bin/python3 with openpyxl, and soffice)
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/generate.py --out "$work/src" --units "$units" --periods 1 --criteria 40 >/dev/null
period=$(ls "$work/src/periods")
/usr/bin/python3 - "$work/src/periods/$period/results.json" "$work/results.xlsx" "$work/results.csv" <<'PY'
import csv, json, sys, openpyxl
results = json.load(open(sys.argv[1]))["results"]
ids = sorted({k for r in results for k in r.get("scores", {})},
             key=lambda k: (k.split(".")[0], int(k.split(".")[1])))
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Kết quả")
ws.append(["unit"] + ids)
with open(sys.argv[3], "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["unit"] + ids)
    for r in results:
        row = [r["unit"]] + [r.get("scores", {}).get(i) for i in ids]
        ws.append(row)
        out.writerow(["" if v is None else v for v in row])
wb.save(sys.argv[2])
PY
rm "$work/src/periods/$period/results.json"
peak() { /usr/bin/time -f %M build/thidua check --quiet --source "$1" 2>&1 >/dev/null | tail -1; }
none=$(peak "$work/src")
cp "$work/results.csv" "$work/src/periods/$period/"
csv=$(peak "$work/src")
rm "$work/src/periods/$period/results.csv"
cp "$work/results.xlsx" "$work/src/periods/$period/"
xlsx=$(peak "$work/src")
rm "$work/src/periods/$period/results.xlsx"
soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to ods \
  --outdir "$work/src/periods/$period" "$work/results.xlsx" >/dev/null 2>&1
ods=$(peak "$work/src")
xml=$(unzip -l "$work/results.xlsx" | awk '/xl\/worksheets\/sheet1.xml/ {print $1}')
oxml=$(unzip -l "$work/src/periods/$period/results.ods" | awk '/ content.xml$/ {print $1}')
echo "units: $units; sheet XML: xlsx $((xml / 1024)) KiB, ods $((oxml / 1024)) KiB uncompressed"
echo "peak KiB: no results $none, CSV $csv, xlsx $xlsx, ods $ods"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "reading the xlsx added $((xlsx - none)) KiB: $(ratio $((xlsx - none)) $((xml / 1024)))x its XML; the ods $((ods - none)) KiB: $(ratio $((ods - none)) $((oxml / 1024)))x (the results themselves included)"
