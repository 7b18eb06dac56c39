#!/usr/bin/env bash
# End-to-end checks of the thidua command: exit codes, messages, and that a
# failed build leaves the output folder exactly as it was.
# Usage: cli_test.sh THIDUA_BINARY SOURCE_DIR
set -uo pipefail
thidua=$(realpath "$1")
root=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

source "$(dirname "$0")/lib.sh"
tree_sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; find . -printf '%p %T@\n' | sort) | sha256sum; }

# Usage and version.
expect_exit 0 "--version" "$thidua" --version
# The version of CMakeLists.txt and the commit of the checkout it was built from.
version=$(sed -n 's/^project(thidua VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
head=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
grep -qE "^thidua $version \(commit $head(-dirty)?\)$" "$work/out" && ok ||
  fail "--version: '$(cat "$work/out")', want thidua $version (commit $head)"
expect_grep "$work/out" "thidua " "--version prints the version"
expect_exit 0 "build --help" "$thidua" build --help
expect_grep "$work/out" "Usage: thidua build" "help names the program thidua, wherever it lies"

# cmake --install: the binary and its man page where Debian keeps them.
build_dir=$(dirname "$thidua")
if [[ -f $build_dir/cmake_install.cmake ]]; then
  DESTDIR="$work/root" cmake --install "$build_dir" --prefix /usr >/dev/null 2>&1
  [[ -x $work/root/usr/bin/thidua ]] && "$work/root/usr/bin/thidua" --version >/dev/null && ok ||
    fail "cmake --install: no usr/bin/thidua that runs"
  page=$work/root/usr/share/man/man1/thidua.1.gz
  gzip -t "$page" 2>/dev/null && ok || fail "cmake --install: no gzipped usr/share/man/man1/thidua.1.gz"
  man_text=$(MANWIDTH=200 man -l "$page" 2>/dev/null)
  for want in "thidua - publish the inspection" "thidua archive" "thidua serve" "--allow-host" "EXIT STATUS"; do
    grep -qF -- "$want" <<<"$man_text" && ok || fail "the man page has no '$want'"
  done
  grep -q "$build_dir" <<<"$man_text" && fail "the man page names the build folder" || ok
fi
expect_exit 0 "build --help" "$thidua" build --help
expect_grep "$work/out" "--profile" "build --help lists --profile"
expect_exit 2 "unknown flag" "$thidua" build --no-such-flag
expect_exit 2 "no command" "$thidua"
expect_exit 2 "bad profile" "$thidua" build --profile secret

# The sample content checks and builds.
expect_exit 0 "check sample" "$thidua" check --source "$root/content"
expect_exit 0 "build sample" "$thidua" build --source "$root/content" --output "$work/site"
[[ -f $work/site/data/2025-h1/results.json && -f $work/site/data/2025-h1/results.csv ]] && ok || fail "open data written"
[[ ! -e $work/site/data/2025 ]] && ok || fail "draft period left out of the public build"
expect_exit 0 "intranet build" "$thidua" build --source "$root/content" --output "$work/intranet" --profile intranet
[[ -f $work/intranet/data/2025/results.json ]] && ok || fail "draft period in the intranet build"
expect_exit 0 "rebuild over an earlier build" "$thidua" build --source "$root/content" --output "$work/site" --quiet
[[ ! -s $work/out ]] && ok || fail "--quiet prints nothing on success"

expect_exit 0 "build --verbose" "$thidua" build --source "$root/content" --output "$work/verbose" --verbose
for stage in load score site "render and write" commit; do
  grep -qE "^  $stage: [0-9]+ ms \(peak memory [0-9]+ MiB\)$" "$work/out" && ok || fail "--verbose prints the $stage stage"
done

# --output spelled with a trailing slash, or as "." from inside the folder.
(cd "$work" && "$thidua" build --source "$root/content" --output slash/ --quiet 2>/dev/null) && ok || fail "--output slash/ (new folder)"
(cd "$work" && "$thidua" build --source "$root/content" --output slash/ --profile intranet --quiet 2>/dev/null) && ok || fail "--output slash/ (replacing)"
[[ -f $work/slash/index.html && ! -e $work/slash/.slash.thidua-stamp ]] && ok || fail "--output slash/ wrote somewhere else"
mkdir -p "$work/dot-src" && cp -r "$root/content/." "$work/dot-src/"
"$thidua" build --source "$work/dot-src" --output "$work/dot" --quiet 2>/dev/null
sed -i 's/"title": "Kết quả thi đua công tác Đoàn"/"title": "Bản dựng tại chỗ"/' "$work/dot-src/site.json"
(cd "$work/dot" && "$thidua" build --source "$work/dot-src" --output . --quiet 2>"$work/err") && ok || { fail "build --output . from inside it"; sed 's/^/  | /' "$work/err" | head -3; }
grep -qF "Bản dựng tại chỗ" "$work/dot/index.html" && ok || fail "build --output . did not replace the folder"

# Nothing changed since the last build into a folder: the build stops early.
cp -r "$root/content" "$work/up-src"
"$thidua" build --source "$work/up-src" --output "$work/up" --quiet
inode=$(stat -c %i "$work/up/index.html")
expect_exit 0 "build again, nothing changed" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/out" "is up to date" "an unchanged rebuild says it is up to date"
[[ $(stat -c %i "$work/up/index.html") == "$inode" ]] && ok || fail "an up-to-date build replaced the folder"
[[ -f $work/.up.thidua-stamp ]] && ok || fail "the stamp is kept beside the output folder"
! grep -rqF "thidua-stamp" "$work/up" && [[ ! -e $work/up/.up.thidua-stamp ]] && ok || fail "the stamp is inside the published folder"
touch "$work/up-src/units.json"
expect_exit 0 "touched, same bytes" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/out" "is up to date" "a touched file with the same bytes changes nothing"
echo "<!-- edited by hand -->" >>"$work/up/index.html"
expect_exit 0 "build after a hand edit of the output" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/out" "wrote" "a hand-edited output folder is rebuilt"
cmp -s "$work/up/index.html" "$work/site/index.html" && ok || fail "the hand edit was not undone"
rm "$work/up/robots.txt"
"$thidua" build --source "$work/up-src" --output "$work/up" --quiet
[[ -f $work/up/robots.txt ]] && ok || fail "a deleted output file was not restored"
# A file or link added to the output is not thidua's: the folder is refused,
# never deleted, until it holds only what the marker lists again. A build
# with nothing to do looks up only the files it wrote, and leaves it be; the
# next build that would write finds it.
mkdir -p "$work/up/extra/deep" && echo x >"$work/up/extra/deep/f"
expect_exit 0 "nothing changed, a file added deep in the output" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/out" "is up to date" "an up-to-date build does not look for added files"
mkdir -p "$work/up-src/static" && echo '{"note": "an edit"}' >"$work/up-src/static/added.json"
expect_exit 3 "build after a file was added deep in the output" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/err" "holds a file thidua did not write (extra)" "names what is not thidua's"
[[ $(cat "$work/up/extra/deep/f") == x ]] && ok || fail "the added file was deleted"
ln -s "$work/up-src/site.json" "$work/up/periods/link"
expect_exit 3 "build after a symlink appeared in the output" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/err" "holds 2 files thidua did not write (extra, periods/link)" "names every foreign entry, sorted"
[[ -L $work/up/periods/link ]] && ok || fail "the added link was deleted"
rm -r "$work/up/extra" "$work/up/periods/link" "$work/up-src/static/added.json"
expect_exit 0 "rebuilt once they are moved out" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_exit 0 "and then it is up to date" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/out" "is up to date" "a rebuilt folder is up to date again"
# A folder of the output touched by hand since the stamp (the files added
# above, then removed) may hold anything: the next build that writes keeps
# nothing from it.
sed -i '0,/"I.1": 8,/s//"I.1": 5,/' "$work/up-src/periods/2024/results.json"
expect_exit 0 "a score changed after the output was touched" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/out" "wrote" "the touched output is rebuilt"
! grep -q "kept from the last build" "$work/out" && ok || fail "files were kept from a touched output"
# One score changed: only the files that show it are made, the rest kept;
# the site before is kept beside as the spare, for its owner only.
sed -i '0,/"I.1": 5,/s//"I.1": 7,/' "$work/up-src/periods/2024/results.json"
expect_exit 0 "one score changed" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/out" "kept from the last build: their inputs did not change" "an incremental build says what it kept"
[[ -d $work/.up.thidua-spare && $(stat -c %a "$work/.up.thidua-spare") == 700 ]] && ok ||
  fail "the spare is not beside the output, for its owner only"
[[ ! -e $work/up/.up.thidua-spare ]] && ok || fail "the spare is inside the published folder"
sed -i '0,/"I.1": 7,/s//"I.1": 6,/' "$work/up-src/periods/2024/results.json"
expect_exit 0 "another score changed, built in the spare" "$thidua" build --source "$work/up-src" --output "$work/up"
expect_grep "$work/out" "kept from the last build: their inputs did not change" "the build in the spare keeps files too"
"$thidua" build --source "$work/up-src" --output "$work/up-clean" --quiet
[[ $(stat -c %a "$work/up") == "$(stat -c %a "$work/up-clean")" ]] && ok ||
  fail "the site built in the spare kept the spare's mode ($(stat -c %a "$work/up"))"
diff -r -x .thidua-output "$work/up" "$work/up-clean" >/dev/null && ok ||
  fail "the site built in the spare differs from a clean build"
expect_exit 0 "--clean" "$thidua" build --source "$work/up-src" --output "$work/up" --clean
expect_grep "$work/out" "wrote " "--clean builds"
! grep -q "kept from the last build" "$work/out" && ok || fail "--clean kept files"
expect_exit 0 "another profile into the same folder" "$thidua" build --source "$work/up-src" --output "$work/up" --profile intranet
expect_grep "$work/out" "wrote" "another profile is not up to date"
[[ ! -e $work/.up.thidua-spare ]] && ok || fail "a site of another profile was kept as the spare"
expect_exit 0 "another base URL" "$thidua" build --source "$work/up-src" --output "$work/up" --profile intranet --base-url https://other.example.vn/
expect_grep "$work/out" "wrote" "another --base-url is not up to date"
sed -i 's/"title": "Kết quả thi đua công tác Đoàn"/"title": "Đã đổi tiêu đề"/' "$work/up-src/site.json"
expect_exit 0 "build after an edit" "$thidua" build --source "$work/up-src" --output "$work/up" --profile intranet --base-url https://other.example.vn/
expect_grep "$work/out" "wrote" "an edited input is rebuilt"
expect_grep "$work/up/index.html" "Đã đổi tiêu đề" "the rebuilt site has the edit"
[[ -d $work/.up.thidua-spare ]] && ok || fail "an intranet site of the same profile has no spare"
expect_exit 0 "public after intranet" "$thidua" build --source "$work/up-src" --output "$work/up" --base-url https://other.example.vn/
[[ ! -e $work/.up.thidua-spare && ! -e $work/.up.thidua-spare-stamp ]] && ok ||
  fail "the intranet site was kept beside the public one"

# Broken content: every error printed as path:line:col, exit 1, output untouched.
cp -r "$root/content" "$work/broken"
sed -i 's/"start": "2025-01-01"/"start": "2025-01-35"/' "$work/broken/periods/2025-h1/period.json"
python3 - "$work/broken/units.json" <<'PY'
import sys; p = sys.argv[1]; s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(s.replace('"cluster": "khoi-noi-chinh"', '"cluster": "khoi-khong-co"', 1))
PY
before=$(tree_sum "$work/site")
expect_exit 1 "build broken content" "$thidua" build --source "$work/broken" --output "$work/site"
expect_grep "$work/err" 'periods/2025-h1/period.json:4:12: error: invalid date "2025-01-35"' "bad date reported at its position"
expect_grep "$work/err" 'error: unknown cluster "khoi-khong-co"' "second error reported in the same run"
expect_grep "$work/err" "is unchanged" "says the output was left alone"
[[ $(tree_sum "$work/site") == "$before" ]] && ok || fail "output folder changed by a failed build"
expect_exit 1 "check broken content" "$thidua" check --source "$work/broken"
expect_exit 1 "missing content folder" "$thidua" check --source "$work/nowhere"

# Messages in the user's language (docs/commands.md): --lang, then LC_ALL,
# LC_MESSAGES, LANG (C and POSIX count as not set), then the content's
# language. The words error and warning stay as they are.
lang_env() { env -u LC_ALL -u LC_MESSAGES -u LANG "$@"; }
expect_exit 1 "check, Vietnamese from LANG" lang_env LANG=vi_VN.UTF-8 "$thidua" check --source "$work/broken"
expect_grep "$work/err" 'periods/2025-h1/period.json:4:12: error: ngày "2025-01-35" ở "start" không hợp lệ' "a Vietnamese locale gets Vietnamese messages"
expect_grep "$work/err" "2 lỗi, 0 cảnh báo" "the counts in Vietnamese"
expect_exit 1 "check, --lang en over LANG" lang_env LANG=vi_VN.UTF-8 "$thidua" check --lang en --source "$work/broken"
expect_grep "$work/err" "2 errors, 0 warnings" "--lang decides before the locale"
expect_exit 1 "check, LC_MESSAGES over LANG" lang_env LC_MESSAGES=en_GB LANG=vi_VN "$thidua" check --source "$work/broken"
expect_grep "$work/err" "2 errors, 0 warnings" "LC_MESSAGES decides before LANG"
expect_exit 1 "check, LC_ALL=C: the content's language" lang_env LC_ALL=C LC_MESSAGES=POSIX "$thidua" check --source "$work/broken"
expect_grep "$work/err" "2 lỗi, 0 cảnh báo" "C and POSIX count as not set: the content says vi"
expect_exit 1 "check, LC_ALL=C.UTF-8, LANG=en_US" lang_env LC_ALL=C.UTF-8 LANG=en_US "$thidua" check --source "$work/broken"
expect_grep "$work/err" "2 errors, 0 warnings" "past a C locale, LANG decides"
cp -r "$root/content" "$work/english"
sed -i 's/"language": "vi"/"language": "en"/' "$work/english/site.json"
expect_exit 0 "check, no locale: the content's language" lang_env "$thidua" check --source "$work/english"
expect_grep "$work/out" "0 errors, " "a site in English speaks English when nothing else decides"
grep -qE "^[0-9]+ units in [0-9]+ clusters, [0-9]+ schemes?, [0-9]+ periods?, " "$work/out" && ok ||
  fail "the summary in English"
expect_exit 0 "build --help in Vietnamese" lang_env "$thidua" build --help --source "$root/content"
expect_grep "$work/out" "Cách dùng: thidua build" "help in Vietnamese"
expect_grep "$work/out" "--lang" "every command takes --lang"
expect_exit 0 "--lang after the command" "$thidua" build --help --lang en
expect_grep "$work/out" "Usage: thidua build" "help in English"
# Beyond the content's problems: usage errors, refusals and the system's
# failures are in the language too.
expect_exit 2 "a usage error in Vietnamese" "$thidua" build --lang vi --no-such-flag
expect_grep "$work/err" "thidua: không hiểu tham số: --no-such-flag" "CLI11's error said in Vietnamese"
expect_exit 2 "a missing argument in Vietnamese" "$thidua" archive --lang vi
expect_grep "$work/err" "thiếu PERIOD (bắt buộc)" "a missing argument named in Vietnamese"
mkdir -p "$work/foreign-vi" && echo x >"$work/foreign-vi/mine.txt"
expect_exit 3 "a refusal in Vietnamese" "$thidua" build --lang vi --source "$root/content" --output "$work/foreign-vi"
expect_grep "$work/err" "không do thidua tạo ra; thidua sẽ không xóa nó" "the refusal said in Vietnamese"
# --format json: every problem as a JSON line on stdout, in the documented
# shape, and nothing else there; the counts go to stderr.
lang_env LANG=vi_VN.UTF-8 "$thidua" check --format json --source "$work/broken" >"$work/json" 2>"$work/json.err"
[[ $? == 1 ]] && ok || fail "check --format json exits 1 on errors"
python3 - "$work/json" "$root/docs/commands.md" <<'PY' && ok || fail "--format json: not the documented shape"
import json, re, sys
docs = open(sys.argv[2], encoding="utf-8").read()
codes = set(re.findall(r"^\| `([a-z0-9-]+)` \|", docs, re.M))
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 2, lines
seen = []
for line in lines:
    d = json.loads(line)
    assert list(d) == ["file", "line", "column", "cell", "severity", "code", "message"], d
    assert isinstance(d["file"], str) and isinstance(d["line"], int) and isinstance(d["column"], int), d
    assert d["cell"] is None or re.fullmatch(r"[A-Z]+[0-9]+", d["cell"]), d
    assert d["severity"] in ("error", "warning") and isinstance(d["message"], str), d
    assert d["code"] in codes, (d["code"], "not in docs/commands.md")
    seen.append((d["file"], d["line"], d["column"], d["code"]))
assert ("periods/2025-h1/period.json", 4, 12, "invalid-date") in seen, seen
assert any(c == "unknown-cluster" for *_, c in seen), seen
assert "không hợp lệ" in lines[-1] or "không hợp lệ" in lines[0], "messages in the language chosen"
PY
expect_grep "$work/json.err" "2 lỗi, 0 cảnh báo" "the counts go to stderr with --format json"

# A folder thidua did not make is never replaced.
mkdir -p "$work/precious" && echo keep >"$work/precious/thesis.txt"
expect_exit 3 "refuse a foreign output folder" "$thidua" build --source "$root/content" --output "$work/precious"
expect_grep "$work/err" "was not made by thidua" "explains the refusal"
[[ $(cat "$work/precious/thesis.txt") == keep ]] && ok || fail "foreign folder touched"
cp -r "$root/content" "$work/good"
expect_exit 3 "refuse to write over the content folder" "$thidua" build --source "$work/good" --output "$work"
[[ -f $work/good/units.json ]] && ok || fail "content folder survived"
ls -a "$work" | grep -q 'thidua-staging' && fail "staging folder left behind" || ok

# The feed and the sitemap are well-formed XML with what their formats require.
python3 - "$work/site" <<'PY' && ok || fail "feed.xml or sitemap.xml is not valid"
import sys, xml.etree.ElementTree as ET
site = sys.argv[1]
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(f"{site}/feed.xml").getroot()
assert feed.tag == A + "feed"
for tag in ("id", "title", "updated"):
    assert feed.find(A + tag) is not None and feed.find(A + tag).text, tag
entries = feed.findall(A + "entry")
assert len(entries) >= 5, len(entries)
for e in entries:
    for tag in ("id", "title", "updated"):
        assert e.find(A + tag) is not None and e.find(A + tag).text, tag
    assert e.find(A + "link").get("href").startswith("https://")
assert not any("/2025/" in e.find(A + "id").text for e in entries), "draft period in the public feed"
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
urls = ET.parse(f"{site}/sitemap.xml").getroot().findall(S + "url")
assert len(urls) > 100
assert all(u.find(S + "loc").text.startswith("https://doankhoi.tangiang.example.vn/thidua/") for u in urls)
# 2025-h1's results were published on 2025-07-25 (period.json "published"),
# after its inspection visits in July: the feed and sitemap say so; 2024-h1
# has no "published": its feed entry is dated at its end, its pages undated.
base = "https://doankhoi.tangiang.example.vn/thidua/"
dated = {e.find(A + "id").text: e.find(A + "updated").text for e in entries}
assert dated[base + "periods/2025-h1/"] == "2025-07-25T00:00:00Z", dated
assert dated[base + "periods/2024-h1/"] == "2024-06-30T00:00:00Z", dated
lastmod = {u.find(S + "loc").text: (u.find(S + "lastmod").text if u.find(S + "lastmod") is not None else None) for u in urls}
h1 = [loc for loc in lastmod if loc.startswith(base + "periods/2025-h1/")]
assert len(h1) > 40 and all(lastmod[loc] == "2025-07-25" for loc in h1), h1
assert lastmod[base + "periods/2024-h1/"] is None and lastmod[base + "units/cuc-thue/"] is None
PY

# Files that did not change keep their bytes and modification time (rsync
# sends only what changed); a changed result rewrites its scorecard.
rm -rf "$work/inc" && cp -r "$root/content" "$work/inc-src"
"$thidua" build --source "$work/inc-src" --output "$work/inc" --quiet 2>/dev/null
touch -d "2001-01-01 00:00" "$work/inc/index.html" "$work/inc/periods/2025-h1/units/so-y-te/index.html" \
  "$work/inc/units/index.html"
sed -i '0,/"unit": "so-y-te"/s//"unit": "so-y-te", "note": "Đã bổ sung minh chứng"/' \
  "$work/inc-src/periods/2025-h1/results/khoi-van-hoa-xa-hoi.json"
"$thidua" build --source "$work/inc-src" --output "$work/inc" --quiet 2>/dev/null
[[ $(stat -c %Y "$work/inc/units/index.html") == $(date -d "2001-01-01 00:00" +%s) ]] && ok ||
  fail "an unchanged page was rewritten"
[[ $(stat -c %Y "$work/inc/periods/2025-h1/units/so-y-te/index.html") != $(date -d "2001-01-01 00:00" +%s) ]] && ok ||
  fail "a changed page kept its old time"
expect_grep "$work/inc/periods/2025-h1/units/so-y-te/index.html" "Đã bổ sung minh chứng" "the changed page has the new text"

# Same input, same bytes: whatever --jobs, time zone, locale or clock.
TZ=UTC LC_ALL=C SOURCE_DATE_EPOCH=1 "$thidua" build --source "$root/content" --output "$work/det1" --jobs 1 --quiet 2>/dev/null
TZ=Asia/Ho_Chi_Minh LC_ALL=C.UTF-8 LANG=vi_VN.UTF-8 SOURCE_DATE_EPOCH=1900000000 \
  "$thidua" build --source "$root/content" --output "$work/det2" --jobs 2 --quiet 2>/dev/null
diff -r "$work/det1" "$work/det2" >/dev/null && ok || fail "two builds of the same input differ"
TZ=Pacific/Kiritimati "$thidua" build --source "$root/content" --output "$work/det3" --profile intranet --quiet 2>/dev/null
TZ=America/Adak "$thidua" build --source "$root/content" --output "$work/det4" --profile intranet --quiet 2>/dev/null
diff -r "$work/det3" "$work/det4" >/dev/null && ok || fail "two intranet builds of the same input differ"

# What office machines leave beside the real files (an open workbook's owner
# file, a lock file, thumbnails, folder settings) is not read, warned about
# or published, even where thidua could not read it.
cp -r "$root/content" "$work/office-src"
printf 'owner' >"$work/office-src/periods/2024-h1/~\$diem.xlsx"
printf 'lock' >"$work/office-src/periods/2024-h1/.~lock.results.json#"
chmod 000 "$work/office-src/periods/2024-h1/.~lock.results.json#"
mkdir -p "$work/office-src/static/anh"
printf 'thumbs' >"$work/office-src/static/anh/Thumbs.db"
printf '[.ShellClassInfo]' >"$work/office-src/documents/desktop.ini"
printf 'finder' >"$work/office-src/.DS_Store"
"$thidua" build --source "$root/content" --output "$work/office-plain" --quiet 2>"$work/office-plain.err"
expect_exit 0 "build with office leftovers" "$thidua" build --source "$work/office-src" --output "$work/office-out" --quiet
cmp -s "$work/err" "$work/office-plain.err" && ok || fail "office leftovers add messages: $(head -3 "$work/err")"
[[ -z $(find "$work/office-out" -iname 'thumbs.db' -o -iname '.ds_store' -o -name 'desktop.ini') ]] && ok || fail "an office leftover was published"

# A workbook that cannot be made (no temporary folder) fails the build whole.
TMPDIR=$work/no-such-folder expect_exit 3 "build without a temporary folder" \
  "$thidua" build --source "$root/content" --output "$work/no-tmp" --quiet
expect_grep "$work/err" "results.xlsx: cannot make a temporary file for a workbook" "the failed workbook is named"
[[ ! -e $work/no-tmp ]] && ok || fail "a build whose workbook failed wrote its output"

# kill -9 at any moment of a build leaves the previous site complete: the
# output is always exactly one of the two sites, never a mix or a half.
cp -r "$root/content" "$work/alt-src"
sed -i 's/"title": "Kết quả thi đua công tác Đoàn"/"title": "Kết quả thi đua (bản B)"/' "$work/alt-src/site.json"
"$thidua" build --source "$root/content" --output "$work/ka" --quiet 2>/dev/null
"$thidua" build --source "$work/alt-src" --output "$work/kb" --quiet 2>/dev/null
sum_a=$(cd "$work/ka" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
sum_b=$(cd "$work/kb" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
cp -a "$work/ka" "$work/kill"
kills=0 torn=0
for i in $(seq 1 40); do
  src=$root/content; ((i % 2)) && src=$work/alt-src
  "$thidua" build --source "$src" --output "$work/kill" --quiet 2>/dev/null &
  pid=$!
  sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
  wait "$pid" 2>/dev/null
  now=$(cd "$work/kill" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
  [[ $now == "$sum_a" || $now == "$sum_b" ]] || torn=$((torn + 1))
done
[[ $torn == 0 ]] && ok || fail "$torn of 40 killed builds left a torn site"
((kills > 5)) && ok || fail "only $kills builds were killed mid-way: the test did not test"
# The next build that writes removes them. (When the last build of the loop
# was not killed, a plain build would be up to date and write nothing.)
"$thidua" build --source "$root/content" --output "$work/kill" --quiet --clean 2>/dev/null
left=$(ls -a "$work" | grep "^\.kill\.thidua-staging"); [[ -z $left ]] && ok || fail "killed builds' staging folders not cleaned up: $left"

# thidua new: a starter folder that checks and builds with no problem at all.
expect_exit 0 "new" "$thidua" new "$work/starter"
expect_grep "$work/out" "thidua check --source" "new says what to do next"
[[ -f $work/starter/README.md && -f $work/starter/periods/2026-h1/results.csv ]] && ok || fail "new wrote the starter files"
expect_exit 0 "check the starter" "$thidua" check --source "$work/starter"
expect_grep "$work/out" "0 errors, 0 warnings" "the starter folder has no problem"
expect_exit 0 "build the starter" "$thidua" build --source "$work/starter" --output "$work/starter-site" --quiet
[[ -f $work/starter-site/periods/2026-h1/units/don-vi-a/index.html ]] && ok || fail "starter site has scorecards"
expect_exit 3 "new into a non-empty folder" "$thidua" new "$work/starter"
expect_grep "$work/err" "not empty" "new refuses a non-empty folder"
expect_exit 2 "new without a folder" "$thidua" new

# thidua archive / verify: a snapshot with a manifest; tampering is caught.
(cd "$work" && "$thidua" archive 2024-h1 --source "$root/content" --quiet) 2>/dev/null
[[ -f $work/2024-h1.zip ]] && ok || fail "archive writes PERIOD.zip by default"
# Its charts are in its pages (SVG drawn at build time): they show from disk
# with scripts blocked, and no page needs a chart script.
unzip -p "$work/2024-h1.zip" periods/2024-h1/index.html >"$work/snap-dash.html"
[[ $(grep -c '<figure class="chart chart-ranking"' "$work/snap-dash.html") -ge 4 ]] && ok ||
  fail "the snapshot's dashboard lacks its ranking charts"
unzip -p "$work/2024-h1.zip" periods/2024-h1/units/ban-tuyen-giao/index.html | grep -q '<rect class="fill s0"' &&
  ok || fail "the snapshot's scorecard lacks its section chart"
! unzip -p "$work/2024-h1.zip" '*.html' | grep -q 'chart.umd' && ok || fail "a snapshot page loads Chart.js"
expect_exit 0 "verify a fresh snapshot" "$thidua" verify "$work/2024-h1.zip"
expect_grep "$work/out" "files match the manifest" "verify says all is well"
python3 - "$work" <<'PY'
import sys, zipfile
w = sys.argv[1]
src = zipfile.ZipFile(f"{w}/2024-h1.zip")
names = src.namelist()
def rewrite(name, edit):
    with zipfile.ZipFile(f"{w}/{name}", "w") as z:
        for n in names:
            data = src.read(n)
            out = edit(n, data)
            if out is not None: z.writestr(n, out)
        if name == "added.zip": z.writestr("extra.html", b"<p>not in the manifest</p>")
rewrite("altered.zip", lambda n, d: d.replace(b"</h1>", " (sửa)</h1>".encode()) if n == "index.html" else d)
rewrite("missing.zip", lambda n, d: None if n == "periods/2024-h1/index.html" else d)
rewrite("added.zip", lambda n, d: d)
src.extractall(f"{w}/snapshot-dir")
PY
expect_exit 1 "verify an altered snapshot" "$thidua" verify "$work/altered.zip"
expect_grep "$work/err" "altered: index.html" "verify names the altered file"
expect_exit 1 "verify a snapshot with a file missing" "$thidua" verify "$work/missing.zip"
expect_grep "$work/err" "missing: periods/2024-h1/index.html" "verify names the missing file"
expect_exit 1 "verify a snapshot with a file added" "$thidua" verify "$work/added.zip"
expect_grep "$work/err" "added: extra.html" "verify names the added file"
expect_exit 0 "verify an unpacked snapshot folder" "$thidua" verify "$work/snapshot-dir"
echo "tampered" >>"$work/snapshot-dir/units/index.html"
expect_exit 1 "verify a tampered folder" "$thidua" verify "$work/snapshot-dir"
expect_exit 1 "archive a draft period" "$thidua" archive 2025 --source "$root/content" --output "$work/draft.zip"
expect_exit 1 "archive an unknown period" "$thidua" archive 1999 --source "$root/content" --output "$work/none.zip"
# The snapshot of an archived period is the same bytes whether or not later periods exist.
cp -r "$root/content" "$work/early"
rm -rf "$work/early/periods/2024" "$work/early/periods/2025-h1" "$work/early/periods/2025"
grep -lE '^period: (2024|2025-h1|2025)$' -r "$work/early/documents" | xargs -r rm
"$thidua" archive 2024-h1 --source "$work/early" --output "$work/early.zip" --quiet 2>/dev/null
cmp -s "$work/2024-h1.zip" "$work/early.zip" && ok || fail "the snapshot changed when later periods were removed"
# Its content hash is over what the content says, not its files: the same
# content with its workbooks as JSON makes the same snapshot, byte for byte;
# one score changed, another hash.
"$thidua" convert --to json --source "$root/content" --output "$work/as-json" --quiet 2>/dev/null
[[ -f $work/as-json/periods/2024-h1/results.json ]] && ok || fail "convert --to json wrote no results.json"
"$thidua" archive 2024-h1 --source "$work/as-json" --output "$work/as-json.zip" --quiet 2>/dev/null
cmp -s "$work/2024-h1.zip" "$work/as-json.zip" && ok || fail "the snapshot of the same content in JSON differs"
content_sha() {
  /usr/bin/python3 -c 'import json, sys, zipfile; print(json.loads(zipfile.ZipFile(sys.argv[1]).read("manifest.json"))["content_sha256"])' "$1"
}
/usr/bin/python3 - "$work/as-json/periods/2024-h1/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
s = d["results"][0]["scores"]
k = next(iter(s))
s[k] = s[k] - 0.5 if s[k] >= 0.5 else s[k] + 0.5
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$thidua" archive 2024-h1 --source "$work/as-json" --output "$work/as-json-edited.zip" --quiet 2>/dev/null
[[ $(content_sha "$work/as-json-edited.zip") =~ ^[0-9a-f]{64}$ && $(content_sha "$work/as-json-edited.zip") != "$(content_sha "$work/2024-h1.zip")" ]] &&
  ok || fail "a score changed, the snapshot's content hash did not"

# Sealed periods: archive prints the seal; once in period.json, a change to
# the period's sources is an error naming it (the output untouched) until it
# is recorded as a correction carrying the new seal.
cp -r "$root/content" "$work/sealed-src"
expect_exit 0 "archive prints the seal" "$thidua" archive 2024-h1 --source "$work/sealed-src" --output "$work/seal.zip"
seal=$(sed -n 's/^its seal: //p' "$work/out")
[[ $seal =~ ^[0-9a-f]{64}$ ]] && ok || fail "archive prints a seal"
seal_json() {  # period.json, python statements on d
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8"))
exec(sys.argv[2])
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
}
pj="$work/sealed-src/periods/2024-h1/period.json"
seal_json "$pj" "d['sealed'] = '$seal'"
expect_exit 0 "a sealed period that did not change builds" "$thidua" build --source "$work/sealed-src" --output "$work/sealed-site" --quiet
sed -i 's/"Làm việc trực tiếp"/"Làm việc trực tuyến"/' "$work/sealed-src/periods/2024-h1/inspections.json"
before=$(tree_sum "$work/sealed-site")
expect_exit 1 "a sealed period changed without a correction" "$thidua" build --source "$work/sealed-src" --output "$work/sealed-site"
expect_grep "$work/err" 'period "2024-h1" is sealed, but its results, inspections, units or scheme changed since it was archived' "the sealed period is named"
[[ $(tree_sum "$work/sealed-site") == "$before" ]] && ok || fail "a broken seal touched the output"
new_seal=$(grep -o '"sealed": "[0-9a-f]\{64\}' "$work/err" | grep -o '[0-9a-f]\{64\}')
[[ $new_seal =~ ^[0-9a-f]{64}$ && $new_seal != "$seal" ]] && ok || fail "the error gives the new seal"
seal_json "$pj" "d['corrections'].append({'date': '2024-09-01', 'units': ['so-y-te'], 'change': 'Hình thức kiểm tra Sở Y tế ghi lại là trực tuyến', 'reason': 'Biên bản kiểm tra ghi nhầm', 'sealed': '$new_seal'})"
expect_exit 0 "a change recorded as a correction" "$thidua" build --source "$work/sealed-src" --output "$work/sealed-site" --quiet
grep -q "Kết quả đã được điều chỉnh ngày 01/09/2024</strong>: Hình thức kiểm tra Sở Y tế ghi lại là trực tuyến. Lý do: Biên bản kiểm tra ghi nhầm" \
  "$work/sealed-site/periods/2024-h1/units/so-y-te/index.html" && ok || fail "the corrected unit's scorecard says so"
grep -q 'id="dieu-chinh-ket-qua-2"><strong>01/09/2024</strong>: Hình thức kiểm tra Sở Y tế ghi lại là trực tuyến. Đơn vị: <a href="../../units/so-y-te/index.html">Đoàn cơ sở Sở Y tế</a>. Lý do: Biên bản kiểm tra ghi nhầm</li>' "$work/sealed-site/periods/2024-h1/index.html" && ok || fail "the dashboard lists the correction, its units after the change"
/usr/bin/python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["corrections"]; assert [x["date"] for x in c] == ["2024-08-05", "2024-09-01"] and c[1]["units"] == ["so-y-te"], c' \
  "$work/sealed-site/data/2024-h1/results.json" && ok || fail "open data carries the corrections"
grep -q "<updated>2024-09-01T00:00:00Z</updated>" "$work/sealed-site/feed.xml" && ok || fail "the feed has the correction"
seal_json "$pj" "d['corrections'][-1]['units'] = ['khong-co']"
expect_exit 1 "a correction naming an unknown unit" "$thidua" check --source "$work/sealed-src"
expect_grep "$work/err" 'names the unknown unit "khong-co"' "the unknown unit is named"
seal_json "$pj" "d['status'] = 'published'; d['corrections'][-1]['units'] = ['so-y-te']"
expect_exit 1 "a sealed period that is not archived" "$thidua" check --source "$work/sealed-src"
expect_grep "$work/err" "only an archived period can be sealed" "sealing asks for archived"

# Signed snapshots, in minisign's format, checked by thidua and by Debian's minisign.
mkdir -p "$work/keys" && minisign -G -W -p "$work/keys/a.pub" -s "$work/keys/a.sec" >/dev/null 2>&1
minisign -G -W -p "$work/keys/b.pub" -s "$work/keys/b.sec" >/dev/null 2>&1
id_a=$(sed -n 's/^untrusted comment: minisign public key //p' "$work/keys/a.pub")
id_b=$(sed -n 's/^untrusted comment: minisign public key //p' "$work/keys/b.pub")
expect_exit 0 "archive --sign" "$thidua" archive 2024-h1 --source "$root/content" --output "$work/signed.zip" --sign "$work/keys/a.sec"
expect_grep "$work/out" "signed by key $id_a" "archive names the signing key"
expect_exit 0 "verify --key" "$thidua" verify "$work/signed.zip" --key "$work/keys/a.pub"
expect_grep "$work/out" "signed by key $id_a: thidua snapshot · Đoàn Khối các cơ quan Thành phố Tân Giang · 2024-h1 · content " "verify shows the trusted comment"
expect_grep "$work/out" "files match the manifest" "verify --key checks the files too"
expect_exit 0 "verify --key with the key's base64 line" "$thidua" verify "$work/signed.zip" --key "$(tail -1 "$work/keys/a.pub")"
expect_exit 0 "verify without a key" "$thidua" verify "$work/signed.zip"
expect_grep "$work/out" "(signed by key $id_a, not checked" "verify without --key names the signer"
expect_exit 0 "verify an unsigned snapshot without a key" "$thidua" verify "$work/2024-h1.zip"
expect_grep "$work/out" "(not signed)" "verify says a snapshot is not signed"
expect_exit 1 "verify --key an unsigned snapshot" "$thidua" verify "$work/2024-h1.zip" --key "$work/keys/a.pub"
expect_exit 1 "verify --key with another key" "$thidua" verify "$work/signed.zip" --key "$work/keys/b.pub"
expect_grep "$work/err" "signed by key $id_a, not by the given key $id_b" "verify names both keys"
rm -rf "$work/signed" && mkdir "$work/signed" && (cd "$work/signed" && unzip -q ../signed.zip)
cmp -s "$work/signed/minisign.pub" "$work/keys/a.pub" && ok || fail "the snapshot carries the public key"
grep -q '"minisign.pub"' "$work/signed/manifest.json" && ok || fail "the manifest lists the public key"
minisign -Vm "$work/signed/manifest.json" -p "$work/keys/a.pub" >/dev/null 2>&1 && ok || fail "minisign accepts thidua's signature"
expect_exit 0 "verify --key an unpacked signed snapshot" "$thidua" verify "$work/signed" --key "$work/keys/a.pub"
# Tampering that recomputes the hashes: a page edited and its manifest entry
# rewritten to match; then that manifest re-signed with another key; then the
# trusted comment edited.
/usr/bin/python3 - "$work/signed" <<'PY'
import hashlib, json, sys
d = sys.argv[1]
page = f"{d}/index.html"
data = open(page, "rb").read().replace("</h1>".encode(), " (sửa)</h1>".encode())
open(page, "wb").write(data)
m = json.load(open(f"{d}/manifest.json", encoding="utf-8"))
for f in m["files"]:
    if f["path"] == "index.html":
        f["size"], f["sha256"] = len(data), hashlib.sha256(data).hexdigest()
json.dump(m, open(f"{d}/manifest.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
expect_exit 0 "a consistent edit passes the hash check alone" "$thidua" verify "$work/signed"
expect_exit 1 "a consistent edit fails the signature" "$thidua" verify "$work/signed" --key "$work/keys/a.pub"
expect_grep "$work/err" "changed after it was signed" "verify says the manifest changed"
minisign -S -s "$work/keys/b.sec" -m "$work/signed/manifest.json" -t "thidua snapshot · forged" >/dev/null 2>&1
expect_exit 1 "a manifest re-signed with another key" "$thidua" verify "$work/signed" --key "$work/keys/a.pub"
expect_grep "$work/err" "not by the given key $id_a" "verify rejects the other key"
(cd "$work/signed" && unzip -qo ../signed.zip manifest.json manifest.json.minisig index.html)
sed -i 's/^trusted comment: thidua snapshot · /trusted comment: thidua snapshot (sửa) · /' "$work/signed/manifest.json.minisig"
expect_exit 1 "an altered trusted comment" "$thidua" verify "$work/signed" --key "$work/keys/a.pub"
expect_grep "$work/err" "trusted comment was changed" "verify says the comment changed"
# A signed build: the site itself gets the manifest, its signature and the key.
expect_exit 0 "build --sign" "$thidua" build --source "$root/content" --output "$work/signed-site" --sign "$work/keys/a.sec" --quiet
[[ -f $work/signed-site/manifest.json && -f $work/signed-site/manifest.json.minisig ]] && cmp -s "$work/signed-site/minisign.pub" "$work/keys/a.pub" &&
  ok || fail "a signed build writes manifest.json, its signature and minisign.pub"
minisign -Vm "$work/signed-site/manifest.json" -p "$work/keys/a.pub" >/dev/null 2>&1 && ok || fail "minisign accepts a signed site"
expect_exit 0 "verify --key a signed site" "$thidua" verify "$work/signed-site" --key "$work/keys/a.pub"
expect_grep "$work/out" "thidua site · Đoàn Khối các cơ quan Thành phố Tân Giang · content " "a site's trusted comment"
expect_exit 0 "a signed build again" "$thidua" build --source "$root/content" --output "$work/signed-site" --sign "$work/keys/a.sec"
expect_grep "$work/out" "is up to date" "a signed build with nothing changed does nothing"
expect_exit 0 "the same build unsigned" "$thidua" build --source "$root/content" --output "$work/signed-site" --quiet
[[ ! -e $work/signed-site/manifest.json && ! -e $work/signed-site/manifest.json.minisig ]] && ok || fail "an unsigned build after a signed one keeps no signature"
mkdir -p "$work/signed-site/keys" && cp "$work/keys/a.sec" "$work/signed-site/keys/a.sec"
expect_exit 1 "a secret key inside the output folder" "$thidua" build --source "$root/content" --output "$work/signed-site" --sign "$work/signed-site/keys/a.sec"
expect_grep "$work/err" "is inside the output folder" "the key inside the output is refused"

# site.json names the office's key: the periods page shows it, and a snapshot
# signed with another key is refused.
cp -r "$root/content" "$work/named"
/usr/bin/python3 - "$work/named/site.json" "$(tail -1 "$work/keys/a.pub")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8")); d["signing_key"] = sys.argv[2]
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
expect_exit 0 "build with a signing key named" "$thidua" build --source "$work/named" --output "$work/named-site" --quiet
grep -q "minisign -Vm manifest.json -P $(tail -1 "$work/keys/a.pub")" "$work/named-site/periods/index.html" &&
  ok || fail "the periods page says how to check a snapshot with the office's key"
expect_exit 1 "archive --sign with a key other than site.json's" "$thidua" archive 2024-h1 --source "$work/named" --output "$work/named-b.zip" --sign "$work/keys/b.sec"
expect_grep "$work/err" "the secret key is key $id_b, not the one site.json names" "the wrong key is named"
[[ ! -e $work/named-b.zip ]] && ok || fail "a snapshot signed with the wrong key was written"
expect_exit 0 "archive --sign with site.json's key" "$thidua" archive 2024-h1 --source "$work/named" --output "$work/named-a.zip" --sign "$work/keys/a.sec" --quiet
echo '{"title": "x", "signing_key": "RWQ-not-a-key"}' >"$work/badkey-site.json"
cp -r "$root/content" "$work/badkey" && cp "$work/badkey-site.json" "$work/badkey/site.json"
expect_exit 1 "a signing_key that is not a key" "$thidua" check --source "$work/badkey"
expect_grep "$work/err" "site.json:1:31: error: \"signing_key\" must be the office's minisign public key" "a bad signing_key is an error at its place"
# The secret key stays out of the content; an encrypted key opens with its password.
cp -r "$root/content" "$work/keyed" && cp "$work/keys/a.sec" "$work/keyed/key.sec"
expect_exit 1 "a secret key inside the content folder" "$thidua" archive 2024-h1 --source "$work/keyed" --output "$work/keyed.zip" --sign "$work/keyed/key.sec"
expect_grep "$work/err" "is inside the content folder" "the key inside the content is refused"
[[ ! -e $work/keyed.zip ]] && ok || fail "a refused key wrote a snapshot"
printf 'mật khẩu\nmật khẩu\n' | minisign -G -p "$work/keys/c.pub" -s "$work/keys/c.sec" >/dev/null 2>&1
THIDUA_SIGN_PASSWORD=sai expect_exit 1 "a wrong password" "$thidua" archive 2024-h1 --source "$root/content" --output "$work/c.zip" --sign "$work/keys/c.sec"
expect_grep "$work/err" "wrong password for the secret key" "a wrong password is told"
THIDUA_SIGN_PASSWORD='mật khẩu' expect_exit 0 "an encrypted key with its password" "$thidua" archive 2024-h1 --source "$root/content" --output "$work/c.zip" --sign "$work/keys/c.sec" --quiet
expect_exit 0 "verify the snapshot of the encrypted key" "$thidua" verify "$work/c.zip" --key "$work/keys/c.pub"
# Without THIDUA_SIGN_PASSWORD the password is asked at the terminal (a pty
# made by script(1)) and typed without echo: the typing is not on the screen.
mkfifo "$work/tty.in"
env -u THIDUA_SIGN_PASSWORD timeout 60 script -qec "'$thidua' archive 2024-h1 --source '$root/content' --output '$work/tty.zip' --sign '$work/keys/c.sec' --quiet" /dev/null \
  <"$work/tty.in" >"$work/tty.out" 2>&1 &
typist=$!
exec 7>"$work/tty.in"
for _ in $(seq 1 400); do grep -q "password of" "$work/tty.out" && break; sleep 0.05; done
printf 'mật khẩu\n' >&7
exec 7>&-
wait "$typist" && ok || fail "the password typed at the terminal did not open the key: $(cat "$work/tty.out")"
grep -q "password of $work/keys/c.sec: " "$work/tty.out" && ok || fail "no password prompt on the terminal"
grep -q "mật khẩu" "$work/tty.out" && fail "the typed password was echoed" || ok
expect_exit 0 "verify the snapshot signed with a typed password" "$thidua" verify "$work/tty.zip" --key "$work/keys/c.pub"

# thidua serve: answers under the sub-path, injects live reload, rebuilds on a
# change, shows errors while serving the last good site, refuses traversal.
cp -r "$root/content" "$work/serve-src"
port=$((20000 + RANDOM % 20000))
"$thidua" serve --source "$work/serve-src" --port "$port" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
url=http://127.0.0.1:$port/thidua
for _ in $(seq 1 50); do grep -q "^serving" "$work/serve.out" && break; sleep 0.1; done
[[ $(curl -s -o "$work/page" -w '%{http_code}' "$url/") == 200 ]] && ok || fail "serve answers at the sub-path"
# A second preview on the same port is refused, never let to share it (the
# two would answer each other's visitors).
expect_exit 3 "a second serve on a port in use" timeout 10 "$thidua" serve --source "$work/serve-src" --port "$port"
expect_grep "$work/err" "cannot listen on 127.0.0.1:$port" "the second serve says why"
! grep -q "^serving" "$work/out" && ok || fail "the second serve said it was serving"
expect_grep "$work/page" '<script src="/__thidua/reload.js"></script>' "served pages load the reload script"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$url/periods/2025-h1/") == 200 ]] && ok || fail "serve answers a folder URL"
[[ $(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$url/../../etc/passwd") == 404 ]] && ok || fail "serve refuses ../"
[[ $(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$url/%2e%2e/%2e%2e/etc/passwd") == 404 ]] && ok || fail "serve refuses encoded ../"
[[ $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$port/") == "302 http://127.0.0.1:$port/thidua/" ]] && ok || fail "serve sends / to the sub-path"
[[ $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$url") == "302 http://127.0.0.1:$port/thidua/" ]] && ok || fail "serve sends the sub-path without its slash to the sub-path"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/etc/passwd") == 404 ]] && ok || fail "serve refuses paths outside the sub-path"
curl -s -m 1 -D "$work/sse" -o /dev/null "http://127.0.0.1:$port/__thidua/events"
expect_grep "$work/sse" "text/event-stream" "serve has an event stream"
# Each open page holds an event stream: a dozen must not stop it answering.
streams=()
for _ in $(seq 1 12); do
  curl -s -N -m 10 -o /dev/null "http://127.0.0.1:$port/__thidua/events" &
  streams+=($!)
done
sleep 0.3
[[ $(curl -s -m 3 -o /dev/null -w '%{http_code}' "$url/") == 200 ]] && ok || fail "serve answers with a dozen pages open"
kill "${streams[@]}" 2>/dev/null || true
wait "${streams[@]}" 2>/dev/null || true
sed -i 's/"title": "Kết quả thi đua công tác Đoàn"/"title": "Bản xem trước mới"/' "$work/serve-src/site.json"
for _ in $(seq 1 50); do curl -s "$url/" | grep -q "Bản xem trước mới" && break; sleep 0.1; done
curl -s "$url/" >"$work/page"
expect_grep "$work/page" "Bản xem trước mới" "serve rebuilds after an edit"
# An open page is reloaded only when the rebuild changed it: a note on one
# scorecard reloads that scorecard, not the home page.
card="/thidua/periods/2024/units/ban-tuyen-giao/"
curl -s -N -m 6 -o "$work/sse-card" "http://127.0.0.1:$port/__thidua/events?path=$card" &
sse_card=$!
curl -s -N -m 6 -o "$work/sse-home" "http://127.0.0.1:$port/__thidua/events?path=/thidua/" &
sse_home=$!
sleep 0.5
sed -i '0,/"unit": "ban-tuyen-giao",/s//"unit": "ban-tuyen-giao", "note": "Ghi chú mới",/' "$work/serve-src/periods/2024/results.json"
wait "$sse_card" "$sse_home" 2>/dev/null || true
grep -q "^data: reload" "$work/sse-card" && ok || fail "the changed scorecard was not told to reload"
grep -q "^: unchanged" "$work/sse-home" && ! grep -q "^data: reload" "$work/sse-home" && ok ||
  fail "the home page, unchanged, was told to reload"
curl -s "http://127.0.0.1:$port$card" >"$work/page"
expect_grep "$work/page" "Ghi chú mới" "the reloaded scorecard shows the note"
echo '{ "units": [ ' >"$work/serve-src/units.json"
for _ in $(seq 1 50); do curl -s "$url/" | grep -q 'role="alert"' && break; sleep 0.1; done
[[ $(curl -s -o "$work/page" -w '%{http_code}' "$url/") == 200 ]] && ok || fail "serve keeps serving the last good site"
expect_grep "$work/page" "units.json, line 2, column 1" "serve shows where the problem is in the page"
expect_grep "$work/page" "the file ends, but the &quot;[&quot; opened at line 1" "serve shows the problem in the page"
expect_grep "$work/serve.err" "units.json:2:1: error:" "serve shows the problem in the terminal"
kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null
[[ ! -e $work/serve-src/public && ! -e $work/public ]] && ok || fail "serve wrote files to disk"
grep -q "__thidua" -r "$work/site" && fail "a built site contains the reload script" || ok

# Calendars: a visit moved to another day and time, and one cancelled, update
# their events when the schedule is imported again into a calendar library.
cp -r "$root/content" "$work/cal-src"
expect_exit 0 "build before the visits change" "$thidua" build --source "$work/cal-src" --output "$work/cal-old" --quiet
/usr/bin/python3 - "$work/cal-src/periods/2025-h1/inspections.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8"))
for v in d["visits"]:
    if v["unit"] == "kho-bac": v.update(date="2025-07-15", session="afternoon", revision=1)
    if v["unit"] == "so-y-te": v["status"] = "cancelled"
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False)
PY
expect_exit 0 "build after the visits change" "$thidua" build --source "$work/cal-src" --output "$work/cal-new" --quiet
host=$(/usr/bin/python3 -c 'import json, sys, urllib.parse; print(urllib.parse.urlparse(json.load(open(sys.argv[1]))["base_url"]).hostname)' "$root/content/site.json")
# 13:30 in Vietnam (UTC+7) is 06:30 UTC.
/usr/bin/python3 "$root/tests/calendar_check.py" "$work/cal-old/periods/2025-h1/schedule.ics" \
  "$work/cal-new/periods/2025-h1/schedule.ics" "2025-h1/kho-bac@$host" 20250715T063000Z \
  "2025-h1/so-y-te@$host" && ok || fail "a moved visit updates its event, a cancelled one stays cancelled (python3-icalendar)"
grep -q "Buổi kiểm tra: 08/07/2025 · Chiều.*đã hủy" "$work/cal-new/periods/2025-h1/units/so-y-te/index.html" &&
  ok || fail "a cancelled visit says so on the scorecard"

echo "cli: $passed passed, $failed failed"
[[ $failed == 0 ]]
