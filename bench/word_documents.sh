#!/usr/bin/env bash
# What reading documents from Word costs against the same documents in
# Markdown: `thidua check` on a folder of N documents (default 300, the
# sample's documents copied under new names), once as Markdown, once as the
# Word documents `thidua convert --to workbooks` writes of them. Runs
# alternate, RUNS of each (default 7); prints the median of each and their
# ratio. No target yet: a Word document is a zip of XML read into cmark's
# tree and written out as Markdown, then parsed again like any document.
# Usage: bench/word_documents.sh [DOCUMENTS] [RUNS]
# (needs a built thidua; THIDUA names another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-300} runs=${2:-7}
thidua=$(realpath "${THIDUA:-build/thidua}")
base=${BENCH_DIR:-$( [[ -d /dev/shm ]] && echo /dev/shm || echo /tmp )}
work=$(mktemp -d "$base/thidua-word-XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r content "$work/md"
rm -rf "$work/md/documents" && mkdir -p "$work/md/documents"
"$thidua" convert --to json --source content --output "$work/all-md" --quiet 2>/dev/null
mapfile -t sample < <(find "$work/all-md/documents" -name '*.md' ! -name '*noi-bo*' | sort)
for ((i = 0; i < documents; i++)); do
  src=${sample[i % ${#sample[@]}]}
  cp "$src" "$work/md/documents/$(basename "$src" .md)-$i.md"
done
"$thidua" convert --to workbooks --source "$work/md" --output "$work/converted" --quiet 2>/dev/null
# The same records in JSON: only the documents differ.
cp -r "$work/md" "$work/word"
rm -rf "$work/word/documents" && cp -r "$work/converted/documents" "$work/word/documents"
echo "$(find "$work/word/documents" -name '*.docx' | wc -l) Word documents, $(find "$work/md/documents" -name '*.md' | wc -l) in Markdown"
python3 - "$thidua" "$work" "$runs" <<'PY'
import statistics, subprocess, sys, time
thidua, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = {"md": [], "word": []}
for _ in range(runs):
    for form in times:
        start = time.perf_counter()
        subprocess.run([thidua, "check", "--quiet", "--source", f"{work}/{form}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[form].append(time.perf_counter() - start)
m, w = statistics.median(times["md"]), statistics.median(times["word"])
print(f"check, median of {runs}: Markdown {m * 1000:.0f} ms, Word {w * 1000:.0f} ms: {w / m:.2f}x")
PY
du -sb "$work/md/documents" "$work/word/documents" | sed "s|$work/||"
