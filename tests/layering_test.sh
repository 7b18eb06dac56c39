#!/usr/bin/env bash
# The floors of the house (docs/development.md): which folder of src/ may
# include which, read from the #include lines. Fails on any arrow the table
# does not allow, on a folder the table does not know, and on a test that
# includes cli/.
set -uo pipefail
root=${1:-.}
cd "$root" || exit 1

declare -A allowed=(
  [text]=""
  [model]="text"
  [load]="model text"
  [score]="model text"
  [site]="model score text"
  [render]="model site text"
  [output]="model text"
  [pipeline]="load model score site render output text"
  [cli]="pipeline output text"
)

failures=0
for dir in src/*/; do
  floor=$(basename "$dir")
  if [[ ! -v allowed[$floor] ]]; then
    echo "layering: src/$floor/ is not a floor of the house: add it to tests/layering_test.sh and docs/development.md"
    failures=$((failures + 1))
  fi
done

check() {  # file, floor, allowed floors
  local file=$1 floor=$2 ok=" $3 $2 " line target n=0
  while IFS= read -r line; do
    n=${line%%:*}
    target=${line#*:\#include \"}
    target=${target%%/*}
    if [[ $ok != *" $target "* ]]; then
      echo "$file:$n: $floor/ may not include $target/ (allowed: ${3:-nothing of ours})"
      failures=$((failures + 1))
    fi
  done < <(grep -n '^#include "[a-z_]*/' "$file")
}

while IFS= read -r file; do
  floor=${file#src/}
  floor=${floor%%/*}
  [[ -v allowed[$floor] ]] && check "$file" "$floor" "${allowed[$floor]}"
done < <(find src -name '*.cpp' -o -name '*.hpp' | sort)

# Tests and fuzz targets stand above every floor, but below the command line.
while IFS= read -r file; do
  check "$file" "tests" "text model load score site render output pipeline"
done < <(find tests fuzz -name '*.cpp' -o -name '*.hpp' | sort)

if ((failures)); then
  echo "layering: $failures arrows against the floors"
  exit 1
fi
echo "layering: every include follows the floors"
