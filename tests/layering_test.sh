#!/usr/bin/env bash
# The floors of the house (docs/development.md): which folder of src/ may
# include which, read from the #include lines. Fails on any arrow the table
# does not allow, on a folder the table does not know, on a test that
# includes cli/, and on a header of the operating system's own API
# (<unistd.h>, <fcntl.h>, <sys/…>, …) outside src/platform/, the one floor a
# Windows build fills in anew.
set -uo pipefail
root=${1:-.}
cd "$root" || exit 1

declare -A allowed=(
  [text]=""
  [platform]=""
  [model]="text"
  [sign]="text platform"
  [load]="model text platform sign"
  [score]="model text"
  [site]="model score text platform"
  [render]="model site text"
  [output]="model text platform"
  [pipeline]="load model score site render output text platform sign"
  [cli]="pipeline output text platform sign"
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

# The release tools sign with the sign floor and read with the platform's.
while IFS= read -r file; do
  check "$file" "tools" "text platform sign"
done < <(find tools -name '*.cpp' -o -name '*.hpp' | sort)

# Tests and fuzz targets stand above every floor, but below the command line.
while IFS= read -r file; do
  check "$file" "tests" "text platform model sign load score site render output pipeline"
done < <(find tests fuzz -name '*.cpp' -o -name '*.hpp' | sort)

# The operating system's own API, POSIX's or Windows', only in src/platform/.
while IFS= read -r hit; do
  echo "$hit: only src/platform/ calls the operating system (platform/files.hpp, process.hpp)"
  failures=$((failures + 1))
done < <(grep -nE '^#include <(unistd|fcntl|termios|dirent|signal|poll|pthread|stdio)\.h>|^#include <(sys|arpa|netinet)/|^#include <(windows|winsock2|io)\.h>' \
  $(find src tests fuzz tools -name '*.cpp' -o -name '*.hpp' | grep -v '^src/platform/' | sort))

# Nor does any other floor name the system's own files (/proc, /dev).
while IFS= read -r hit; do
  echo "$hit: only src/platform/ reads the system's own files"
  failures=$((failures + 1))
done < <(grep -nE '"/(proc|dev|sys)/' $(find src -name '*.cpp' -o -name '*.hpp' | grep -v '^src/platform/' | grep -v '_test\.cpp$' | sort))

if ((failures)); then
  echo "layering: $failures arrows against the floors"
  exit 1
fi
echo "layering: every include follows the floors"
