#!/usr/bin/env bash
# Word documents (.docx) made by programs we did not write: python3-docx (three
# documents in the layout of a Union document, each recognised field checked
# against values worked out by hand in tests/word/make.py) and LibreOffice
# (HTML → .odt → .docx). Their pages, images and clean originals; side files;
# documents a build refuses, one message each, the output untouched; an
# internal document kept out of a public build; the same bytes in any time
# zone and with any number of threads.
# Usage: word_test.sh THIDUA_BINARY SOURCE_DIR
set -uo pipefail
thidua=$(realpath "$1")
root=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
source "$root/tests/lib.sh"

/usr/bin/python3 "$root/tests/word/make.py" "$work/docs" ||
  { echo "FAIL: cannot make the test documents (python3-docx)"; exit 1; }
/usr/bin/python3 "$root/tests/word/make.py" hostile "$work/hostile" ||
  { echo "FAIL: cannot make the hostile documents"; exit 1; }

src=$work/src
cp -r "$root/tests/broken/_base" "$src"
cp "$work"/docs/*.docx "$src/documents/"

# What check recognises, field by field, against what the maker wrote.
expect_exit 0 "check of three Word documents" "$thidua" check --lang en --source "$src"
cp "$work/out" "$work/check.txt"
/usr/bin/python3 - "$work/check.txt" "$work/docs" <<'PY' && ok || fail "recognised fields differ (above)"
import json, os, sys
got, cur = {}, None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.endswith(": recognised from the document:"):
        cur = got.setdefault(os.path.basename(line.split(":")[0])[:-5], {})
    elif cur is not None and line.startswith("  ") and ": " in line:
        k, v = line[2:].split(": ", 1)
        if k == "recipients":
            cur.setdefault("recipients", []).append(v)
        elif k.startswith("signer."):
            cur.setdefault("signer", {})[k[7:]] = v
        elif k == "kind":
            cur[k] = v.split(" (")[0]
        else:
            cur[k] = v
    else:
        cur = None
bad = False
for f in sorted(os.listdir(sys.argv[2])):
    if not f.endswith(".want.json"): continue
    name = f[:-len(".want.json")]
    want = json.load(open(os.path.join(sys.argv[2], f), encoding="utf-8"))
    if got.get(name) != want:
        bad = True
        print(f"{name}:\n  want {want}\n  got  {got.get(name)}")
sys.exit(1 if bad else 0)
PY

# The built pages: body, table, link, image, text that stays text; header
# and signing block out of the body and in the page's own places.
expect_exit 0 "build with Word documents" "$thidua" build --source "$src" --output "$work/pub" --quiet
plan=$work/pub/documents/ke-hoach-kiem-tra
expect_grep "$plan/index.html" "<h2>I. MỤC ĐÍCH, YÊU CẦU</h2>" "a Heading 2 is a second-level heading"
expect_grep "$plan/index.html" "<li>Kịp thời phát hiện mô hình hay để nhân rộng.</li>" "List Bullet items are a list"
expect_grep "$plan/index.html" "<strong>Thời gian:</strong> dự kiến" "bold runs are strong, their colon in"
expect_grep "$plan/index.html" "<em>đối tượng</em>" "italic runs are emphasis"
expect_grep "$plan/index.html" "&lt;script&gt;alert(1)&lt;/script&gt; *không* là chữ đậm" "text that looks like markup stays text"
expect_grep "$plan/index.html" '<a href="https://doankhoi.example.vn/bieu-mau">trang của Đoàn Khối</a>' "a hyperlink is a link"
expect_grep "$plan/index.html" "<td>Kiểm tra cuối năm (cả tháng 11)</td>" "a merged cell keeps its text"
expect_grep "$plan/index.html" '<img src="hinh-1.png" alt="Biểu đồ tiến độ" />' "a picture is an image of the site"
expect_grep "$plan/index.html" '<a href="ke-hoach-kiem-tra.docx" download>' "the original is offered"
expect_grep "$plan/index.html" '<p class="signer-name">Nguyễn Thanh Tâm</p>' "the signer is in the signing block"
grep -q "doc-body\">[^<]*<p>Thực hiện" <(tr -d '\n' <"$plan/index.html") && ok ||
  fail "the body starts after the title (header, kind and title are not in it)"
! grep -q "Nơi nhận:</strong>\|<p>BÍ THƯ</p>\|Số: 46" "$plan/index.html" && ok ||
  fail "the header or signing block is repeated in the body"
outline=$work/pub/documents/de-cuong-bao-cao/index.html
expect_grep "$outline" "<ol>" "List Number items are an ordered list from 1"
expect_grep "$outline" "<li>Phong trào hành động cách mạng</li>" "an ordered list's item"
expect_grep "$work/pub/documents/thong-bao-lich-kiem-tra/index.html" "<td>Trịnh Minh Khôi</td>" "the team table"
/usr/bin/python3 - "$work/pub" "$work/docs/ke-hoach-kiem-tra.docx" <<'PY' && ok || fail "the image or the clean original is wrong"
import sys, zipfile, docx
pub, src = sys.argv[1], sys.argv[2]
plan = pub + "/documents/ke-hoach-kiem-tra/"
with zipfile.ZipFile(src) as z:
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 1 and open(plan + "hinh-1.png", "rb").read() == z.read(media[0])
for name in ["ke-hoach-kiem-tra", "thong-bao-lich-kiem-tra", "de-cuong-bao-cao"]:
    d = docx.Document(f"{pub}/documents/{name}/{name}.docx")
    assert d.core_properties.author == "" and d.core_properties.last_modified_by == "", name
    assert any("Thực hiện" in p.text or "Căn cứ" in p.text or "Số lượng" in p.text for p in d.paragraphs), name
    with zipfile.ZipFile(f"{pub}/documents/{name}/{name}.docx") as z:
        for n in z.namelist():
            b = z.read(n).decode("utf-8", "replace")
            assert "Tác Giả" not in b and "Sửa Bài" not in b, (name, n)
PY
# LibreOffice opens the original the site offers.
mkdir -p "$work/lo"
(cd "$work/lo" && soffice --headless "-env:UserInstallation=file://$work/lo/profile" \
  --convert-to txt:Text "$plan/ke-hoach-kiem-tra.docx" >/dev/null 2>&1)
expect_grep "$work/lo/ke-hoach-kiem-tra.txt" "Ban Thường vụ Đoàn Khối đề nghị các cơ sở Đoàn" \
  "LibreOffice reads the clean original"

# A page from LibreOffice: HTML saved as .odt, the .odt saved as .docx.
cat >"$work/lo/trang.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<h1>Giới thiệu Đoàn Khối</h1>
<p>Đoàn Khối có <b>42 cơ sở Đoàn</b> và <i>hơn 3.000 đoàn viên</i>, xem <a href="https://doankhoi.example.vn/">trang chính</a>.</p>
<h2>Các khối thi đua</h2><ul><li>Khối Nội chính</li><li>Khối Kinh tế</li></ul>
<table border="1"><tr><th>Khối</th><th>Số cơ sở</th></tr><tr><td colspan="2">Tổng: 42</td></tr></table>
</body></html>
HTML
(cd "$work/lo" && soffice --headless "-env:UserInstallation=file://$work/lo/profile" --convert-to odt trang.html \
  >/dev/null 2>&1 && soffice --headless "-env:UserInstallation=file://$work/lo/profile" \
  --convert-to "docx:MS Word 2007 XML" trang.odt >/dev/null 2>&1)
cp "$work/lo/trang.docx" "$src/pages/trang-lo.docx"
expect_exit 0 "build with a page LibreOffice wrote" "$thidua" build --source "$src" --output "$work/lo-site" --quiet
page=$work/lo-site/trang-lo/index.html
expect_grep "$page" "<h1>Giới thiệu Đoàn Khối</h1>" "the page's title is its first heading"
expect_grep "$page" "<strong>42 cơ sở Đoàn</strong> và <em>hơn 3.000 đoàn viên</em>" "LibreOffice's bold and italic"
expect_grep "$page" "<li>Khối Kinh tế</li>" "LibreOffice's list"
expect_grep "$page" "<td>Tổng: 42</td>" "LibreOffice's merged cell"
grep -c "<h1>" "$page" | grep -qx 1 && ok || fail "the title heading is repeated in the body"
rm "$src/pages/trang-lo.docx"

# A side file completes and overrides what was recognised; alone, it is said.
printf 'title: Kế hoạch kiểm tra năm 2025\nperiod: p1\nunits: [a]\n' >"$src/documents/ke-hoach-kiem-tra.yml"
printf 'title: Không có văn bản\n' >"$src/documents/mot-minh.yml"
expect_exit 0 "check with side files" "$thidua" check --lang en --source "$src"
expect_grep "$work/out" "from documents/ke-hoach-kiem-tra.yml: title, period, units" "check says what the side file gave"
expect_grep "$work/err" "documents/mot-minh.yml:1:1: warning: this file completes a Word document named documents/mot-minh.docx" "a side file alone"
expect_exit 0 "build with side files" "$thidua" build --source "$src" --output "$work/side" --quiet
expect_grep "$work/side/documents/ke-hoach-kiem-tra/index.html" "<title>Kế hoạch kiểm tra năm 2025" "the side file's title wins"
expect_grep "$work/side/periods/p1/index.html" "Kế hoạch kiểm tra năm 2025" "the side file's period lists it on p1's dashboard"
printf 'title: [không đóng\n' >"$src/documents/ke-hoach-kiem-tra.yml"
expect_exit 1 "a broken side file" "$thidua" check --lang en --source "$src"
expect_grep "$work/err" 'documents/ke-hoach-kiem-tra.yml:2:1: error: a list "[" opened before here is never closed' \
  "the side file's error at its place"
rm "$src/documents/ke-hoach-kiem-tra.yml" "$src/documents/mot-minh.yml"

# Documents a build refuses: one message each, the code the maker expects,
# at the paragraph when there is one; the output folder as it was.
"$thidua" build --source "$src" --output "$work/keep" --quiet
cp -r "$work/keep" "$work/keep-before"
while IFS=$'\t' read -r name code; do
  cp "$work/hostile/$name.docx" "$src/documents/z-$name.docx"
  "$thidua" check --lang en --source "$src" --format json >"$work/out" 2>/dev/null
  n=$(grep -c '"severity":"error"' "$work/out")
  [[ $n == 1 ]] && grep -q "\"code\":\"$code\"" "$work/out" && ok ||
    { fail "$name: want one error $code, got $n"; head -3 "$work/out"; }
  expect_exit 1 "$name refused" "$thidua" build --source "$src" --output "$work/keep" --quiet
  diff -r "$work/keep-before" "$work/keep" >/dev/null && ok || fail "$name: the output folder changed"
  rm "$src/documents/z-$name.docx"
done < <(/usr/bin/python3 -c 'import json,sys; [print(k, v, sep="\t") for k, v in json.load(open(sys.argv[1])).items()]' "$work/hostile/cases.json")
cp "$work/hostile/tracked.docx" "$src/documents/z.docx"
"$thidua" check --lang en --source "$src" --format json >"$work/out" 2>/dev/null
grep -q '"line":8' "$work/out" && ok || fail "a tracked change is said at its paragraph (8)"
rm "$src/documents/z.docx"

# Internal: a Word document marked internal in its side file, its words, its
# image and its original nowhere in a public build; all of it in an intranet one.
/usr/bin/python3 - "$work/docs/ke-hoach-kiem-tra.docx" "$src/documents/bien-ban-noi-bo.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as a, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as b:
    for n in a.namelist():
        data = a.read(n)
        if n == "word/document.xml":
            data = data.replace("Nâng cao chất lượng".encode(), b"BIMATNOIBO7731")
        if n.startswith("word/media/"):
            data = data.replace(b"IEND", b"IEND" + b"BIMATANH5519")
        b.writestr(n, data)
PY
printf 'visibility: internal\n' >"$src/documents/bien-ban-noi-bo.yml"
for profile in public intranet; do
  "$thidua" build --source "$src" --output "$work/leak-$profile" --profile $profile --quiet
  mkdir -p "$work/unz-$profile"
  for z in $(find "$work/leak-$profile" -name '*.docx' -o -name '*.zip' -o -name '*.xlsx'); do
    unzip -qo "$z" -d "$work/unz-$profile/$(basename "$z")" 2>/dev/null
  done
done
! grep -rq "bien-ban-noi-bo" "$work/leak-public" "$work/unz-public" && ok || fail "LEAK: the internal Word document's name in a public build"
[[ ! -e $work/leak-public/documents/bien-ban-noi-bo ]] && ok || fail "LEAK: the internal Word document's folder in a public build"
! grep -rqa "BIMATNOIBO7731\|BIMATANH5519" "$work/leak-public" "$work/unz-public" && ok ||
  fail "LEAK: the internal Word document's words or image in a public build"
grep -rqa "BIMATNOIBO7731" "$work/leak-intranet/documents/bien-ban-noi-bo" && ok ||
  fail "the intranet build lacks the internal document's words"
[[ -f $work/leak-intranet/documents/bien-ban-noi-bo/hinh-1.png && -f $work/leak-intranet/documents/bien-ban-noi-bo/bien-ban-noi-bo.docx ]] && ok ||
  fail "the intranet build lacks the internal document's files"
! grep -rq "Tác Giả\|Sửa Bài" "$work/leak-intranet" "$work/unz-intranet" && ok || fail "LEAK: an author's name in the site"

# The folder of Word documents converted to Markdown, and back to Word: the
# same sites, but for the originals offered; the pictures are files of
# static/ beside the page; the internal document stays internal.
"$thidua" convert --to json --source "$src" --output "$work/as-md" --quiet 2>/dev/null
[[ -f $work/as-md/documents/ke-hoach-kiem-tra.md && -f $work/as-md/static/documents/ke-hoach-kiem-tra/hinh-1.png &&
   ! -e $work/as-md/documents/ke-hoach-kiem-tra.docx ]] && ok ||
  fail "convert --to json: the Word documents are not Markdown and pictures: $(cd "$work/as-md" && find documents static | head)"
"$thidua" convert --to workbooks --source "$work/as-md" --output "$work/as-word" --quiet 2>/dev/null
for profile in public intranet; do
  cp -r "$work/leak-$profile" "$work/want-$profile" && without_originals "$work/want-$profile"
  for form in md word; do
    rm -rf "$work/got"
    "$thidua" build --source "$work/as-$form" --output "$work/got" --profile $profile --quiet 2>/dev/null
    without_originals "$work/got"
    diff -r "$work/want-$profile" "$work/got" >/dev/null && ok ||
      fail "the Word folder as $form builds another site ($profile): $(diff -r "$work/want-$profile" "$work/got" | head -5)"
  done
done
# The Word documents thidua writes are what Word's other readers read:
# LibreOffice and python3-docx see the heading, the title and the body.
(cd "$work/lo" && soffice --headless "-env:UserInstallation=file://$work/lo/profile" \
  --convert-to txt:Text "$work/as-word/documents/thong-bao-lich-kiem-tra.docx" >/dev/null 2>&1)
expect_grep "$work/lo/thong-bao-lich-kiem-tra.txt" "Lịch kiểm tra trực tiếp công tác Đoàn 6 tháng đầu năm 2025" \
  "LibreOffice reads a Word document thidua wrote"
expect_grep "$work/lo/thong-bao-lich-kiem-tra.txt" "Trịnh Minh Khôi" "LibreOffice reads its table and signing block"
/usr/bin/python3 - "$work/as-word/documents/de-cuong-bao-cao.docx" <<'PY' && ok || fail "python3-docx reads a Word document thidua wrote"
import sys, docx
d = docx.Document(sys.argv[1])
styles = [(p.style.name, p.text) for p in d.paragraphs]
assert ("Heading 2", "II. Kết quả đạt được") in styles, styles
assert any(t == "Phong trào hành động cách mạng" for _, t in styles), styles
assert d.tables[0].cell(0, 0).paragraphs[-1].text == "Số: 05-ĐC/ĐTN-VP", d.tables[0].cell(0, 0).text
PY
# An internal document with pictures stays in Word: static/ is published in
# every build.
[[ -f $work/as-md/documents/bien-ban-noi-bo.docx && ! -e $work/as-md/static/documents/bien-ban-noi-bo ]] && ok ||
  fail "LEAK: an internal Word document's pictures were put in static/"

# The same bytes in any time zone and with any number of threads.
TZ=Asia/Ho_Chi_Minh "$thidua" build --source "$src" --output "$work/tz1" --quiet --jobs 1
TZ=America/New_York "$thidua" build --source "$src" --output "$work/tz2" --quiet --jobs 2
diff -r "$work/tz1" "$work/tz2" >/dev/null && ok || fail "the site differs with the time zone or the threads"

echo "word documents: $passed passed, $failed failed"
((failed == 0))
