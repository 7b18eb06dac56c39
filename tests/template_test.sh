#!/usr/bin/env bash
# thidua template: the workbook an office fills in. Its layout is checked with
# openpyxl against the content's JSON; the round trip goes through programs
# we did not write: openpyxl fills it in (as an office's program would) and
# saves it, LibreOffice headless saves it again as .xlsx (calculating its
# formulas) and as .ods, and each, put back as the period's results, must give
# exactly the site of the numbers it came from.
# Usage: template_test.sh THIDUA_BINARY SOURCE_DIR
set -uo pipefail
thidua=$(realpath "$1")
root=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
source "$root/tests/lib.sh"
make() { /usr/bin/python3 "$root/tests/workbooks/make.py" "$@"; }
soffice_to() {  # format, outdir, files...
  local to=$1 dir=$2; shift 2
  soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to "$to" \
    --outdir "$dir" "$@" >/dev/null 2>&1
}
P=2024-h1
cd "$work" || exit 1

# The sample's 2024-h1 results, as CSV (openpyxl reads them out of its workbook).
make to-csv "$root/content/periods/$P/results.xlsx" "$work/results.csv"

# The template: written, named by default, the same bytes whatever the clock,
# time zone or locale.
expect_exit 0 "template" "$thidua" template $P --source "$root/content"
expect_grep "$work/out" "wrote the template of $P (43 units, 42 with results filled in) to $P-ket-qua.xlsx" "summary"
# Warnings: this period's, not another's (2025-h1 also has a unit without a result).
expect_grep "$work/err" "periods/$P/period.json:1:1: warning: unit \"so-xay-dung-ban-qlda\" has no result" "the period's own warning"
grep -q "periods/2025-h1/" "$work/err" && fail "another period's warning shown: $(cat "$work/err")" || ok
TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 \
  "$thidua" template $P --source "$root/content" --output "$work/again.xlsx" --quiet 2>/dev/null
cmp -s "$P-ket-qua.xlsx" again.xlsx && ok || fail "two templates of the same content differ"
sleep 1.1
"$thidua" template $P --source "$root/content" --output "$work/later.xlsx" --quiet 2>/dev/null
cmp -s "$P-ket-qua.xlsx" later.xlsx && ok || fail "a template made a second later differs"
make check-template "$P-ket-qua.xlsx" "$root/content" $P results.csv && ok ||
  fail "the template's layout or its results"

expect_exit 0 "template --help" "$thidua" template --help
expect_grep "$work/out" "--output" "template --help"

# Refused: an existing file (left as it was), a file inside the content
# folder, an unknown period, content with errors.
echo "điểm của văn phòng" >kept.xlsx
expect_exit 3 "an existing file" "$thidua" template $P --source "$root/content" --output kept.xlsx
expect_grep "$work/err" "kept.xlsx already exists: thidua template never replaces a workbook" "existing"
[[ $(cat kept.xlsx) == "điểm của văn phòng" ]] && ok || fail "the existing file was touched"
cp -r "$root/content" "$work/src"
expect_exit 3 "inside the content" "$thidua" template $P --source "$work/src" --output "$work/src/periods/$P/t.xlsx"
[[ ! -e $work/src/periods/$P/t.xlsx ]] && ok || fail "a template was written inside the content"
expect_exit 1 "an unknown period" "$thidua" template 2099 --source "$root/content" --output x.xlsx
expect_grep "$work/err" "no period \"2099\"" "unknown period"
echo '{' >"$work/src/site.json"
expect_exit 1 "content with errors" "$thidua" template $P --source "$work/src" --output y.xlsx
[[ ! -e x.xlsx && ! -e y.xlsx ]] && ok || fail "a template was written despite an error"
ls -a | grep -q '^\..*XXXXXX\|^\.y\.xlsx\.' && fail "a temporary file was left behind" || ok

# The reference: the sample's sites, public and intranet.
for profile in public intranet; do
  "$thidua" build --source "$root/content" --output "want-$profile" --profile $profile --quiet 2>/dev/null
done
same_sites() {  # workbook, name in results, what
  rm -rf "$work/src" && cp -r "$root/content" "$work/src"
  rm "$work/src/periods/$P/results.xlsx"
  cp "$1" "$work/src/periods/$P/$2"
  local profile
  for profile in public intranet; do
    rm -rf "got-$profile"
    "$thidua" build --source "$work/src" --output "got-$profile" --profile $profile --quiet 2>"$work/err"
    diff -r "want-$profile" "got-$profile" >/dev/null && ok || fail "$3 gives another site ($profile): $(head -2 "$work/err")"
  done
}

# Taken out and put back as it is, and after openpyxl saved it (no values
# kept for its formulas).
same_sites "$P-ket-qua.xlsx" results.xlsx "the template put back"
/usr/bin/python3 -c 'import openpyxl, sys; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])' \
  "$P-ket-qua.xlsx" resaved.xlsx
same_sites resaved.xlsx results.xlsx "the template saved by openpyxl"

# Filled in from empty by openpyxl, then saved by LibreOffice as .xlsx and .ods.
rm -rf "$work/src" && cp -r "$root/content" "$work/src" && rm "$work/src/periods/$P/results.xlsx"
"$thidua" template $P --source "$work/src" --output empty.xlsx 2>/dev/null | grep -q "43 units, 0 with results" &&
  ok || fail "the empty template's summary"
make fill-template empty.xlsx results.csv filled.xlsx
same_sites filled.xlsx results.xlsx "the template filled in by openpyxl"
mkdir lo && soffice_to "xlsx:Calc MS Excel 2007 XML" lo filled.xlsx && soffice_to ods lo filled.xlsx
same_sites lo/filled.xlsx results.xlsx "the filled template saved by LibreOffice"
same_sites lo/filled.ods results.ods "the filled template saved by LibreOffice as .ods"

# The formulas, as LibreOffice calculated them, give the totals and grades
# thidua publishes.
make check-totals lo/filled.xlsx "want-public/data/$P/results.csv" && ok ||
  fail "the template's formulas do not give thidua's totals"

# A result is whole in the template: 2025-h1 has grade overrides, evidence
# links, self scores and assessor's notes (in JSON). Its template put back in
# place of them gives the same site: the public template the public site (and
# it says what the intranet's would lose), the intranet's template both.
Q=2025-h1
"$thidua" template $Q --source "$root/content" >"$work/out" 2>"$work/err"
expect_grep "$work/err" "note: the workbook leaves out the internal fields (self scores, the assessor's note) of 43 units" "the public template says what it leaves out"
expect_exit 0 "intranet template" "$thidua" template $Q --source "$root/content" --profile intranet
expect_grep "$work/out" "to $Q-ket-qua-noi-bo.xlsx" "the intranet template's own name"
grep -q "leaves out" "$work/err" && fail "the intranet template says it leaves fields out" || ok
/usr/bin/python3 - "$Q-ket-qua.xlsx" "$Q-ket-qua-noi-bo.xlsx" <<'PY' && ok || fail "the whole template's columns"
import openpyxl, sys
pub, intra = (openpyxl.load_workbook(f).worksheets[0] for f in sys.argv[1:3])
head = [c.value for c in pub[3]]
assert head[head.index("# Xếp loại") + 1:head.index("# Xếp loại") + 3] == ["grade_override", "grade_reason"], head
assert not any(h.startswith("self:") or h == "assessor_note" for h in head), head
ihead = [c.value for c in intra[3]]
assert ihead[:len(head)] == head and ihead[-1] == "assessor_note", ihead
assert [h for h in ihead if h.startswith("self:")] == ["self:" + h[9:] for h in head if h.startswith("evidence:")]
row = {r[0].value: {h: c.value for h, c in zip(head, r)} for r in pub.iter_rows(min_row=4)}
assert row["cuc-thue"]["grade_override"] == "tot", row["cuc-thue"]
assert row["so-y-te"]["evidence:II.3"] == "https://drive.tangiang.example.vn/doankhoi/2025/soyte-y-tuong-so.pdf", row["so-y-te"]
assert row["so-y-te"]["evidence:I.1"] is None, row["so-y-te"]
irow = {r[0].value: {h: c.value for h, c in zip(ihead, r)} for r in intra.iter_rows(min_row=4)}
assert irow["so-y-te"]["assessor_note"] == "Hồ sơ minh chứng đầy đủ, đúng biểu mẫu.", irow["so-y-te"]
assert irow["so-y-te"]["self:IV.2"] is not None, irow["so-y-te"]
# Printed, the sheet ends at the grade; the evidence group is open (2025-h1 has some).
assert pub.print_area == ["$A$1:$" + openpyxl.utils.get_column_letter(head.index("# Xếp loại") + 1) + "$47"], pub.print_area
assert not any(d.hidden for d in pub.column_dimensions.values())
PY
for profile in public intranet; do
  "$thidua" build --source "$root/content" --output "whole-$profile" --profile $profile --quiet 2>/dev/null
done
whole_sites() {  # workbook, what, profiles...
  local t=$1 what=$2 profile; shift 2
  rm -rf "$work/src" && cp -r "$root/content" "$work/src"
  rm -r "$work/src/periods/$Q/results" && cp "$t" "$work/src/periods/$Q/results.xlsx"
  for profile in "$@"; do
    rm -rf "got-$profile"
    "$thidua" build --source "$work/src" --output "got-$profile" --profile $profile --quiet 2>"$work/err"
    diff -r "whole-$profile" "got-$profile" >/dev/null && ok || fail "$what gives another site ($profile): $(head -2 "$work/err")"
  done
}
whole_sites "$Q-ket-qua.xlsx" "2025-h1's public template put back" public
whole_sites "$Q-ket-qua-noi-bo.xlsx" "2025-h1's intranet template put back" public intranet
/usr/bin/python3 -c 'import openpyxl, sys; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])' \
  "$Q-ket-qua-noi-bo.xlsx" whole-resaved.xlsx
whole_sites whole-resaved.xlsx "2025-h1's intranet template saved by openpyxl" public intranet
soffice_to ods lo "$Q-ket-qua-noi-bo.xlsx"
rm -rf "$work/src" && cp -r "$root/content" "$work/src"
rm -r "$work/src/periods/$Q/results" && cp "lo/$Q-ket-qua-noi-bo.ods" "$work/src/periods/$Q/results.ods"
"$thidua" build --source "$work/src" --output got-ods --profile intranet --quiet 2>"$work/err"
diff -r whole-intranet got-ods >/dev/null && ok || fail "2025-h1's intranet template saved by LibreOffice as .ods gives another site"

# Filled in, only what was typed changes: an override and a link typed by
# openpyxl show on the unit's scorecard.
/usr/bin/python3 - "$Q-ket-qua.xlsx" typed.xlsx <<'PY' && ok || fail "typing into the whole template"
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
head = [c.value for c in ws[3]]
for r in ws.iter_rows(min_row=4):
    if r[0].value == "so-tai-chinh":
        r[head.index("grade_override")].value = "tot"
        r[head.index("grade_reason")].value = "Thử điều chỉnh <b>xếp loại</b>"
        r[head.index("evidence:II.1")].value = "https://drive.example.vn/a.pdf\nhttps://drive.example.vn/b.pdf"
wb.save(sys.argv[2])
PY
rm -rf "$work/src" && cp -r "$root/content" "$work/src"
rm -r "$work/src/periods/$Q/results" && cp typed.xlsx "$work/src/periods/$Q/results.xlsx"
rm -rf got-typed && "$thidua" build --source "$work/src" --output got-typed --quiet 2>"$work/err"
card=got-typed/periods/$Q/units/so-tai-chinh/index.html
expect_grep "$card" "Thử điều chỉnh &lt;b&gt;xếp loại&lt;/b&gt;" "the typed reason, escaped"
expect_grep "$card" 'href="https://drive.example.vn/b.pdf"' "the typed second link"
diff "whole-public/data/$Q/results.csv" "got-typed/data/$Q/results.csv" | grep '^[<>]' | cut -d, -f1 | sort -u >typed-rows
[[ $(cat typed-rows) == $'< so-tai-chinh\n> so-tai-chinh' ]] && ok ||
  fail "typing into the template changed other units' open data: $(cat typed-rows)"

# An internal field with no column (an office's own, from results.json) is
# named: kept in a results.json beside the workbook, it is not lost.
rm -rf "$work/src" && cp -r "$root/content" "$work/src"
sed -i '0,/"assessor_note"/s//"nguoi_cham": "Nguyễn Văn A", "assessor_note"/' "$work/src/periods/$Q/results/khoi-kinh-te.json"
"$thidua" template $Q --source "$work/src" --profile intranet --output extra.xlsx >/dev/null 2>"$work/err"
expect_grep "$work/err" 'note: the internal field "nguoi_cham" of 1 unit has no column in the workbook' "a field without a column"

# A site in English gets its template in English (the theme's i18n strings),
# numbers as English writes them, and reads it back the same.
rm -rf "$work/en" && cp -r "$root/content" "$work/en"
sed -i 's/"language": "vi"/"language": "en"/' "$work/en/site.json"
grep -q '"language": "en"' "$work/en/site.json" && ok || fail "the sample's site.json names no language"
"$thidua" template $P --source "$work/en" --output en.xlsx --quiet 2>/dev/null
/usr/bin/python3 - en.xlsx <<'PY' && ok || fail "the English template's words"
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Results", "Guide"], wb.sheetnames
ws = wb["Results"]
row2 = [c.value for c in ws[2]]
assert row2[0] == "Unit code" and row2[1] == "Unit name", row2
assert any(v and v.startswith("Total (max ") for v in row2), row2
assert not any("tối đa" in v or "mục tiêu" in v for v in row2), row2
assert "Điểm trừ (deducted, max 20)" in row2, row2
head = [c.value for c in ws[3]]
assert head[head.index("# Total") + 1] == "# Grade", head
assert head[head.index("# Grade") + 1:head.index("# Grade") + 3] == ["grade_override", "grade_reason"], head
guide = [r[0].value for r in wb["Guide"].iter_rows()]
assert guide[0].startswith("How to fill in the scores: "), guide[0]
assert 'the sheet "Results"' in guide[1], guide[1]
PY
rm "$work/en/periods/$P/results.xlsx"
"$thidua" build --source "$root/content" --output want-vi --quiet 2>/dev/null
cp "$root/content/site.json" "$work/en-site.json"
cp en.xlsx "$work/en/periods/$P/results.xlsx"
cp "$work/en-site.json" "$work/en/site.json"
"$thidua" build --source "$work/en" --output got-en --quiet 2>/dev/null
diff -r want-vi got-en >/dev/null && ok || fail "the English template put back gives another site"

echo "template: $passed passed, $failed failed"
((failed == 0))
