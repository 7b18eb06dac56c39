#!/usr/bin/env bash
# What dated changes cost a build: N units (default 10,000) x P periods
# (default 10) from bench/generate.py, built clean as they are and with 10%
# of the units (drawn with seed 36) renamed and moved to another cluster
# from the day after one of the periods; runs alternate, RUNS of each
# (default 2); prints the best of each and their ratio (issue #36's target:
# at most 1.1).
# Usage: bench/organisation.sh [UNITS] [PERIODS] [RUNS]   (THIDUA: another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-10000} periods=${2:-10} runs=${3:-2}
thidua=$(realpath "${THIDUA:-build/thidua}")
base=${BENCH_DIR:-$( [[ -d /dev/shm ]] && echo /dev/shm || echo /tmp )}
work=$(mktemp -d "$base/thidua-organisation-XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 bench/generate.py --out "$work/plain" --units "$units" --periods "$periods" >/dev/null
python3 - "$work/plain" "$work/changed" <<'PY'
import datetime, glob, json, random, shutil, sys
src, dst = sys.argv[1:3]
shutil.copytree(src, dst)
d = json.load(open(f"{dst}/units.json"))
clusters = [c["id"] for c in d["clusters"]]
ends = sorted(json.load(open(p))["end"] for p in glob.glob(f"{dst}/periods/*/period.json"))
r = random.Random(36)
for u in r.sample(d["units"], len(d["units"]) // 10):
    day = datetime.date.fromisoformat(r.choice(ends[:-1])) + datetime.timedelta(days=1)
    u["changes"] = [{"from": day.isoformat(), "name": u["name"] + " (mới)", "cluster": r.choice(clusters)}]
json.dump(d, open(f"{dst}/units.json", "w"), ensure_ascii=False)
PY
python3 - "$thidua" "$work" "$runs" <<'PY'
import subprocess, sys, time, shutil
thidua, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
best = {}
for _ in range(runs):
    for form in ("plain", "changed"):
        shutil.rmtree(f"{work}/out", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run([thidua, "build", "--quiet", "--source", f"{work}/{form}", "--output", f"{work}/out"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        best[form] = min(best.get(form, 1e9), time.perf_counter() - start)
print(f"clean build, best of {runs}: without changes {best['plain']:.1f} s, "
      f"with 10% of units changed {best['changed']:.1f} s: {best['changed'] / best['plain']:.2f}x (target <= 1.1)")
PY
