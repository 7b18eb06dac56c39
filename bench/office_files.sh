#!/usr/bin/env bash
# What reading the office's own files costs against the same rows in JSON:
# `thidua check` on N units (default 10,000) and a scheme of C criteria
# (default 300), once with units.json and schemes/*.json, once with the same
# records as units.xlsx and schemes/*.xlsx (written by `thidua convert`).
# The periods keep no results, so that what is timed is reading the units
# and the scheme. Runs alternate, RUNS of each (default 7); prints the median
# of each and their ratio (target: at most 2).
# Usage: bench/office_files.sh [UNITS] [CRITERIA] [RUNS]
# (needs a built thidua; THIDUA names another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-10000} criteria=${2:-300} runs=${3:-7}
thidua=$(realpath "${THIDUA:-build/thidua}")
base=${BENCH_DIR:-$( [[ -d /dev/shm ]] && echo /dev/shm || echo /tmp )}
work=$(mktemp -d "$base/thidua-office-XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 bench/generate.py --out "$work/json" --units "$units" --periods 1 --criteria "$criteria" >/dev/null
rm -rf "$work"/json/periods/*/results* "$work"/json/documents
"$thidua" convert --to workbooks --source "$work/json" --output "$work/converted" --quiet 2>/dev/null
cp -r "$work/json" "$work/books"
rm "$work/books/units.json" "$work"/books/schemes/*.json
cp "$work/converted/units.xlsx" "$work/books/"
cp "$work"/converted/schemes/*.xlsx "$work/books/schemes/"
python3 - "$thidua" "$work" "$runs" <<'PY'
import statistics, subprocess, sys, time
thidua, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = {"json": [], "books": []}
for _ in range(runs):
    for form in times:
        start = time.perf_counter()
        subprocess.run([thidua, "check", "--quiet", "--source", f"{work}/{form}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[form].append(time.perf_counter() - start)
j, b = statistics.median(times["json"]), statistics.median(times["books"])
print(f"check, median of {runs}: JSON {j * 1000:.0f} ms, workbooks {b * 1000:.0f} ms: {b / j:.2f}x (target <= 2)")
PY
du -b "$work/json/units.json" "$work"/json/schemes/*.json "$work/books/units.xlsx" "$work"/books/schemes/*.xlsx |
  sed "s|$work/||"
