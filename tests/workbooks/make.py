#!/usr/bin/python3
"""Writes the workbook test corpus: results workbooks made by real writers,
openpyxl (as an office's Excel files are) and LibreOffice headless (its .ods,
and its own .xlsx), each laid over tests/broken/_base by broken_test.sh (bad
files, with the exact messages expected) or compared with the same numbers as
CSV by workbook_test.sh (good files). A few bad files are a real writer's file
with one part changed, to stand for what no writer makes (a DTD, a password).

Usage:
  make.py corpus OUT_DIR     OUT_DIR/bad/<case>/ and OUT_DIR/good/<case>/
  make.py sample CSV XLSX    a results CSV as the workbook an office keeps (a
                             title row above the header, numbers as numbers):
                             how content/periods/2024-h1/results.xlsx was made
  make.py to-csv XLSX CSV    a results workbook back to CSV, as openpyxl reads it
  make.py check-open-data XLSX CSV
                             data/<period>/results.xlsx as openpyxl reads it is
                             results.csv, numbers as numbers; exits 1 otherwise
  make.py check-template XLSX SOURCE PERIOD CSV
                             `thidua template`'s workbook is laid out as the
                             content's JSON says (columns from the scheme, rows
                             from units.json), protected, checked and frozen,
                             and holds CSV's results; exits 1 otherwise
  make.py fill-template XLSX CSV OUT
                             the template filled with CSV's numbers by openpyxl,
                             as an office's program would, saved as OUT
  make.py units-workbook JSON XLSX
                             units.json as an office's workbook (a sheet of
                             units under a title, one of clusters, dates as
                             date cells)
  make.py folder-workbooks DIR
                             DIR's schemes, periods and inspections rewritten
                             in place as an office's workbooks
  make.py check-totals XLSX CSV
                             the template's "# Tổng" and "# Xếp loại" columns, as
                             the program that last saved XLSX calculated them,
                             are the totals and grades of open data's CSV
"""
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

SHEET = "Kết quả"
XLSX = "periods/p2/results.xlsx"


def book(rows, title=SHEET, hidden_first=False, merge=None, comment=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.title = "Ghi chú"
        ws.append(["unit", "I.1"])  # a header, but the sheet is hidden
        ws.append(["a", 1])
        ws.sheet_state = "hidden"
        ws = wb.create_sheet(title)
    else:
        ws.title = title
    for r in rows:
        ws.append(r)
    for m in ([merge] if isinstance(merge, str) else merge or []):
        ws.merge_cells(m)
    if comment:
        from openpyxl.comments import Comment
        ws[comment].comment = Comment("Đoàn trường xem lại", "Văn phòng")
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def libreoffice(books, to):
    """Each workbook's bytes saved again by LibreOffice headless as `to`
    ("ods", or "xlsx" for its own Excel writer), in one run of soffice."""
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for i, data in enumerate(books):
            names.append(os.path.join(tmp, f"b{i}.xlsx"))
            with open(names[-1], "wb") as f:
                f.write(data)
        filt = "ods" if to == "ods" else 'xlsx:Calc MS Excel 2007 XML'
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", filt, "--outdir", os.path.join(tmp, "out")] + names,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = []
        for i in range(len(books)):
            with open(os.path.join(tmp, "out", f"b{i}.{to}"), "rb") as f:
                result.append(f.read())
        return result


def rezip(data, part, change):
    """The zip `data` with `part`'s bytes replaced by change(bytes)."""
    dst = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(dst, "w") as z:
        for item in src.infolist():
            body = src.read(item.filename)
            z.writestr(item, change(body) if item.filename == part else body)
    return dst.getvalue()


def with_doctype(xml):
    """A document type declaration with an entity that would expand a billion
    times (and one that would fetch a file), put before the root element."""
    doctype = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
               b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               b'<!ENTITY c SYSTEM "file:///etc/passwd">]>')
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return doctype + xml


out = None


def case(kind, name, files, expect=(), delete=("periods/p2/results.csv",)):
    d = os.path.join(out, kind, name)
    for path, data in files.items():
        os.makedirs(os.path.dirname(os.path.join(d, path)), exist_ok=True)
        with open(os.path.join(d, path), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
    if kind == "bad":
        with open(os.path.join(d, "_expect"), "w") as f:
            f.write("".join(line + "\n" for line in expect))
    with open(os.path.join(d, "_delete"), "w") as f:
        f.write("".join(p + "\n" for p in delete))


def corpus(out_dir):
    global out
    out = out_dir
    HEADER = ["unit", "I.1", "I.2", "T.1"]
    GOOD = [HEADER, ["a", 9, 9, 1], ["b", 8, 8, None], ["c", 6, 6, None]]  # = _base's results.csv
    W = f'{XLSX}:'
    S = f'(sheet "{SHEET}"): '

    # Good workbooks: each must read as _base's results.csv does.
    case("good", "plain", {XLSX: book(GOOD)})
    office = book(
        [["BẢNG ĐIỂM THI ĐUA 6 THÁNG CUỐI NĂM 2024"], ["Khối 1"], [],
         [None, "unit", "# tên", "I.1", "I.2", "T.1", None, "# tổng"],
         [None, "a", "Đoàn A", 9, 9, 1, "x", "=D5+E5+F5"],
         [None, "b", "Đoàn B", "8", "8,0", None, None, "=D6+E6"],
         [None, None, "dòng trống", None, None, None],
         [None, "c", "Đoàn C", 5.999999999999, 6.0000000001, None]],
        hidden_first=True, merge="A1:H1", comment="B5")  # on a unit: text
    case("good", "title-rows-merged-hidden-sheet", {XLSX: office})
    # The office's two-row header: "unit" merged down over both rows, each
    # section's name merged across its criteria, the ids in the second row.
    two_rows = book([["unit", "I. Công tác giáo dục chính trị, tư tưởng", None, "T. Điểm thưởng"],
                     [None, "I.1", "I.2", "T.1"]] + GOOD[1:], merge=["A1:A2", "B1:C1"])
    case("good", "two-row-header", {XLSX: two_rows})

    # Bad workbooks: exactly these messages.
    case("bad", "score-above-max", {XLSX: book([HEADER, ["a", 11, 9, 1], ["b", 8, 8], ["c", 6, 6]])},
         [f'{W}2:2: error: cell B2 {S}score 11 of criterion "I.1" is outside 0..10'])
    case("bad", "three-decimals", {XLSX: book([HEADER, ["a", 8.125, 9, 1], ["b", 8, 8], ["c", 6, 6]])},
         [f'{W}2:2: error: cell B2 {S}8.125 in column "I.1" has more than 2 decimals'])
    case("bad", "boolean-and-error-cells",
         {XLSX: book([HEADER, ["a", True, 9, 1], ["b", 8, "#DIV/0!"], ["c", 6, 6]])},
         [f'{W}2:2: error: cell B2 {S}a true/false value (TRUE) in column "I.1"',
          f'{W}3:3: error: cell C3 {S}a formula error (#DIV/0!) in column "I.2"'])
    case("bad", "formula-without-value",
         {XLSX: book([HEADER, ["a", 9, 9, "=B2-8"], ["b", 8, 8], ["c", 6, 6]])},
         [f'{W}2:4: error: cell D2 {S}a formula without a saved value (open the file in Excel or '
          'LibreOffice and save it once) in column "T.1"'])
    case("bad", "unknown-column",
         {XLSX: book([["unit", "I.1", "I.2", "I.9"], ["a", 1, 1, 1], ["b", 1, 1, 1], ["c", 1, 1, 1]])},
         [f'{W}1:4: error: cell D1 {S}unknown column "I.9": not a criterion of scheme "s1", '
          '"target:<id>", "note" or "name"'])
    case("bad", "unknown-unit",
         {XLSX: book([HEADER, ["a", 1, 1], ["b", 1, 1], ["c", 1, 1], ["zz", 1, 1]])},
         [f'{W}5:1: error: cell A5 {S}unknown unit "zz": it is not in units.json'])
    case("bad", "no-header-row", {XLSX: book([["đơn vị", "I.1"], ["a", 1]])},
         [f'{W}1:1: error: no sheet has a header row: the row above the results must start with a '
          'cell "unit", then criterion ids (I.1, I.2, …)'])
    case("bad", "not-a-zip", {XLSX: "unit,I.1\na,1\n"},
         [f'{W}1:1: error: not a readable workbook (the file is damaged, or not an .xlsx): open it in '
          'Excel or LibreOffice and save it as an Excel workbook (.xlsx)'])
    good = book(GOOD)
    case("bad", "cut-short", {XLSX: good[: len(good) // 2]},
         [f'{W}1:1: error: the workbook is damaged or cut short: open it in Excel or LibreOffice '
          'and save it as an Excel workbook (.xlsx)'])
    # Refused before any entity is read.
    dtd = rezip(good, "xl/worksheets/sheet1.xml", with_doctype)
    case("bad", "dtd-entities", {XLSX: dtd},
         [f'{W}1:1: error: the workbook\'s part xl/worksheets/sheet1.xml declares a document type '
          '(DTD), which a workbook never has: refused'])
    compound = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504)
    case("bad", "old-xls-named-xlsx", {XLSX: compound + b"Workbook".join([b"", b""])},
         [f'{W}1:1: error: an old binary Excel file (.xls): open it in Excel or LibreOffice and save '
          'it as an Excel workbook (.xlsx)'])
    case("bad", "password-protected",
         {XLSX: compound + "EncryptionInfo".encode("utf-16-le") + bytes(64)},
         [f'{W}1:1: error: the workbook is protected by a password: save a copy without one '
          '(File → Info → Protect Workbook)'])
    case("bad", "xls-not-read", {"periods/p2/results/diem.xls": b"PK"},
         ['periods/p2/results/diem.xls:1:1: error: thidua reads results workbooks as .xlsx or .ods: '
          'open this file in Excel or LibreOffice and save it as an Excel workbook (.xlsx)'],
         delete=())
    case("bad", "scored-twice-csv-and-workbook",
         {"periods/p2/results/them.xlsx": book([["unit", "I.1", "I.2"], ["c", 1, 1]])},
         ['periods/p2/results/them.xlsx:2:1: error: cell A2 (sheet "Kết quả"): unit "c" is scored '
          'twice in period "p2" (first in periods/p2/results.csv:4)'], delete=())


    units_cases()
    folder_cases()
    libreoffice_cases(HEADER, GOOD, office, two_rows)


def sheets(*tables):
    """A workbook of sheets (name, rows), in order."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tables:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def folder_cases():
    """_base's scheme, a period and its inspections as workbooks: the same
    site, or exactly these messages."""
    import datetime
    SCHEME = "schemes/s1.xlsx"
    head = [["THANG ĐIỂM THI ĐUA"], ["STT", "Nội dung", "Điểm tối đa", "Loại"],
            ["id", "title", "max", "kind"]]
    body = [["I", "Giáo dục"], ["I.1", "Nghị quyết", 10], ["I.2", "Làm theo Bác", 10],
            ["T", "Thưởng", 5, "Điểm cộng"], ["T.1", "Mô hình", 5]]
    grades = [["id", "label", "min"], ["tot", "Tốt", 15], ["khong", "Không", 0]]
    info = [["field", "value"], ["id", "s1"], ["title", "Thang điểm"]]
    case("good", "scheme-workbook",
         {SCHEME: sheets(("Thang điểm", head + body), ("Xếp loại", grades), ("Thông tin", info))},
         delete=("schemes/s1.json",))
    W = f"{SCHEME}:"
    bad = body[:2] + [["I.2", None, 10], ["T", "Thưởng", 5, "thưởng to"], ["T.1", "Mô hình", "năm"]]
    case("bad", "scheme-workbook-problems",
         {SCHEME: sheets(("Thang điểm", head + bad),
                         ("Xếp loại", grades + [["kha", "Khá", "mười"]]),
                         ("Thông tin", info + [["id", "s2"]]))},
         [f'{W}4:1: error: cell A4 (sheet "Thông tin"): the field "id" is given twice (first in '
          'row 2): keep one',
          f'{W}6:1: error: cell A6 (sheet "Thang điểm"): this row has nothing in the column '
          '"title", which it needs (or the table has no such column)',
          f'{W}7:4: error: cell D7 (sheet "Thang điểm"): section "kind" must be "score", "bonus" '
          'or "penalty", not "thưởng to"',
          f'{W}8:3: error: cell C8 (sheet "Thang điểm"): criterion "max" must be a number, not a '
          'string',
          f'{W}4:3: error: cell C4 (sheet "Xếp loại"): grade "min" must be a number, not a string'],
         delete=("schemes/s1.json",))
    INS = "periods/p1/inspections.xlsx"
    visits = [["unit", "date", "session", "strengths", "internal:contact"],
              ["a", datetime.date(2024, 7, 2), "morning", None, None]]
    team = [["name", "role", "title"], ["Nguyễn Văn An", "Trưởng đoàn", "Phó Bí thư"]]
    case("good", "inspections-workbook",
         {INS: sheets(("Đoàn kiểm tra", team), ("Lịch", visits))},
         delete=("periods/p1/inspections.json",))
    PERIOD = "periods/p2/period.xlsx"
    fields = [["Kỳ thi đua"], ["field", "value"], ["id", "p2"], ["title", "6 tháng cuối năm 2024"],
              ["start", datetime.date(2024, 7, 1)], ["end", "2024-12-31"], ["scheme", "s1"]]
    case("good", "period-workbook", {PERIOD: sheets(("Kỳ", fields))},
         delete=("periods/p2/period.json",))
    case("bad", "period-in-two-forms", {PERIOD: sheets(("Kỳ", fields))},
         ['periods/p2/period.xlsx:1:1: error: periods/p2/period.xlsx and periods/p2/period.json '
          'are the same file in two forms: keep one (thidua cannot tell which holds the truth)'],
         delete=())


def units_cases():
    """units.xlsx in place of _base's units.json: the same units read the
    same; a row without an id gets the id its name makes, to copy in."""
    UNITS = "units.xlsx"
    W = f"{UNITS}:"
    S = '(sheet "Đơn vị"): '
    head = ["id", "name", "parent", "cluster", "# ghi chú của văn phòng"]
    rows = [["DANH SÁCH ĐƠN VỊ"], head, ["a", "Đoàn A", None, "k1"],
            ["b", "Đoàn B", "a", "k1", "đơn vị trực thuộc"], [], ["c", "Đoàn C"]]
    clusters = [["Cụm thi đua"], ["id", "name"], ["k1", "Khối 1"]]
    case("good", "units-workbook", {UNITS: sheets(("Đơn vị", rows), ("Cụm", clusters))},
         delete=("units.json",))
    bad = [head[:4] + ["ghi_chu", "active_from"], ["a", "Đoàn A", None, "k1"],
           ["b", "Đoàn B", "a", "k1", "x"], ["c", "Đoàn C", None, None, None, "2024-02-30"],
           [None, "Đoàn Phường Đông Hưng Thuận"], ["d", "Đoàn D", "e"]]
    case("bad", "units-workbook-problems",
         {UNITS: sheets(("Đơn vị", bad), ("Cụm", clusters[1:]))},
         [f'{W}1:5: warning: cell E1 {S}the column "ghi_chu" is not read: the columns of this '
          'table are id, name, short_name, kind, parent, cluster, active_from, active_to, '
          'predecessors, internal:<field> (a column of your own may start with #)',
          f'{W}4:6: error: cell F4 {S}invalid date "2024-02-30" in "from": write YYYY-MM-DD, '
          'e.g. 2024-06-30',
          f'{W}5:2: error: cell B5 {S}this row has no id: ids are the units\' permanent addresses, '
          'so thidua never makes one up. Write one in the "id" column, for example '
          '"doan-phuong-dong-hung-thuan" (made of the name "Đoàn Phường Đông Hưng Thuận")',
          f'{W}6:3: error: cell C6 {S}unknown parent unit "e" of "d"'],
         delete=("units.json",))


def libreoffice_cases(HEADER, GOOD, office, two_rows):
    """The same rules for LibreOffice's files: .ods (repeated cells, covered
    cells, hidden sheets by style, comments) and its own .xlsx."""
    ODS = "periods/p2/results.ods"
    W = f'{ODS}:'
    S = f'(sheet "{SHEET}"): '
    again = "open it in LibreOffice and save it again as an OpenDocument spreadsheet (.ods)"
    books = [book(GOOD), office,
             book([HEADER, ["a", 11, 9, 1], ["b", 8, "=1/0"], ["c", 6, 6]]),
             book([HEADER, ["a", 9, 9, 1], ["b", 8, 8], ["b", 8, 8], ["c", 6, 6]]),
             book([HEADER, ["a", 9, 9, "=B2-8"], ["b", 8, 8], ["c", 6, 6]]),
             book([["đơn vị", "I.1"], ["a", 1]]), two_rows]
    plain, merged, cells, twice, formula, headless, two_rows_ods = libreoffice(books, "ods")
    case("good", "ods-plain", {ODS: plain})
    case("good", "ods-two-row-header", {ODS: two_rows_ods})
    case("good", "ods-title-rows-merged-hidden-sheet", {ODS: merged})
    case("good", "libreoffice-xlsx", {XLSX: libreoffice([office], "xlsx")[0]})

    case("bad", "ods-cells", {ODS: cells},
         [f'{W}2:2: error: cell B2 {S}score 11 of criterion "I.1" is outside 0..10',
          f'{W}3:3: error: cell C3 {S}a formula error (#DIV/0!) in column "I.2"'])
    # Two equal rows are one <table:table-row number-rows-repeated="2">.
    case("bad", "ods-repeated-row-scored-twice", {ODS: twice},
         [f'{W}4:1: error: cell A4 {S}unit "b" is scored twice in period "p2" (first in {ODS}:3)'])
    # A writer that does not calculate leaves a formula without its value.
    unsaved = rezip(formula, "content.xml", lambda x: re.sub(
        rb'(table:formula="[^"]*") office:value-type="float" office:value="1" '
        rb'calcext:value-type="float"', rb'\1', x))
    assert unsaved != formula
    case("bad", "ods-formula-without-value", {ODS: unsaved},
         [f'{W}2:4: error: cell D2 {S}a formula without a saved value (open the file in Excel or '
          'LibreOffice and save it once) in column "T.1"'])
    case("bad", "ods-no-header-row", {ODS: headless},
         [f'{W}1:1: error: no sheet has a header row: the row above the results must start with a '
          'cell "unit", then criterion ids (I.1, I.2, …)'])
    case("bad", "ods-dtd-entities", {ODS: rezip(plain, "content.xml", with_doctype)},
         [f'{W}1:1: error: the workbook\'s part content.xml declares a document type (DTD), which a '
          'workbook never has: refused'])
    case("bad", "ods-cut-short", {ODS: plain[: len(plain) // 3]},
         [f'{W}1:1: error: the workbook is damaged or cut short: {again}'])
    # What LibreOffice writes of a file saved with a password: content.xml
    # encrypted, and the manifest saying how.
    def encrypt(manifest):
        return re.sub(rb'(<manifest:file-entry manifest:full-path="content.xml"[^>]*?)/>',
                      rb'\1><manifest:encryption-data manifest:checksum-type="SHA1/1K" '
                      rb'manifest:checksum="AAAA"/></manifest:file-entry>', manifest)
    assert encrypt(b'<manifest:file-entry manifest:full-path="content.xml" a="t/x"/>') != \
        b'<manifest:file-entry manifest:full-path="content.xml" a="t/x"/>'
    locked = rezip(rezip(plain, "META-INF/manifest.xml", encrypt), "content.xml",
                   lambda x: bytes(range(256)) * 4)
    case("bad", "ods-password-protected", {ODS: locked},
         [f'{W}1:1: error: the spreadsheet is protected by a password: save a copy without one '
          '(LibreOffice: File → Save As…, with "Save with password" unticked)'])
    # Repeats that would make 17 billion cells: refused at the limit.
    bomb = rezip(plain, "content.xml", lambda x: re.sub(
        rb"(<table:table-row[^>]*>.*?</table:table-row>)", lambda m: m.group(1) +
        b'<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        b'table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
        b'</table:table-row>', x, count=1, flags=re.S))
    case("bad", "ods-repeated-cells-bomb", {ODS: bomb},
         [f'{W}1:1: error: the workbook has more than 4,000,000 filled cells (its repeated rows and '
          'columns counted): refused'])
    text_doc = rezip(plain, "mimetype", lambda x: b"application/vnd.oasis.opendocument.text")
    case("bad", "ods-is-a-text-document", {ODS: text_doc},
         [f'{W}1:1: error: not an OpenDocument spreadsheet (it is a file of type '
          f'application/vnd.oasis.opendocument.text): {again}'])


def sample(csv_path, xlsx_path):
    import csv
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(["KẾT QUẢ THI ĐUA 6 THÁNG ĐẦU NĂM 2024"])
    with open(csv_path, encoding="utf-8-sig") as f:
        for i, row in enumerate(csv.reader(f)):
            ws.append([float(c) if i and c and c[0].isdigit() else (c or None) for c in row])
    wb.save(xlsx_path)


def to_csv(xlsx_path, csv_path):
    import csv
    ws = openpyxl.load_workbook(xlsx_path, data_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] == "unit")

    def text(v):
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([[text(v) for v in r] for r in rows[start:]])


def check_open_data(xlsx_path, csv_path):
    import csv
    wb = openpyxl.load_workbook(xlsx_path)
    problems = []
    if len(wb.worksheets) != 2:
        problems.append(f"{len(wb.worksheets)} sheets, not 2 (results, scheme)")
    ws = wb.worksheets[0]
    if ws.freeze_panes != "A2":
        problems.append(f"the header is not frozen ({ws.freeze_panes})")
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        want = list(csv.reader(f))
    got = [list(r) for r in ws.iter_rows(values_only=True)]
    if len(got) != len(want):
        problems.append(f"{len(got)} rows, the CSV {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        g = list(g) + [None] * (len(w) - len(g))
        for j, (gv, wv) in enumerate(zip(g, w)):
            if isinstance(gv, str) and i > 0 and wv and wv.lstrip("-").replace(".", "", 1).isdigit():
                problems.append(f"row {i + 1} column {j + 1}: the number {wv} is text")
            elif isinstance(gv, (int, float)) and not isinstance(gv, bool):
                if abs(gv - float(wv)) > 1e-9:
                    problems.append(f"row {i + 1} column {j + 1}: {gv} is not {wv}")
            elif (gv or "") != wv.lstrip("'"):
                problems.append(f"row {i + 1} column {j + 1}: {gv!r} is not {wv!r}")
    scheme_rows = list(wb.worksheets[1].iter_rows(values_only=True))
    if not scheme_rows or scheme_rows[0][:4] != ("id", "title", "kind", "max"):
        problems.append(f"the scheme sheet starts {scheme_rows[:1]}")
    for p in problems[:10]:
        print(f"{xlsx_path}: {p}")
    sys.exit(1 if problems else 0)


def csv_rows(path):
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def template_layout(source, period):
    """The header and units a template must have, from the content's JSON."""
    import json
    p = json.load(open(os.path.join(source, "periods", period, "period.json")))
    scheme = json.load(open(os.path.join(source, "schemes", p["scheme"] + ".json")))
    header = ["unit", "name"]
    header += [c["id"] for s in scheme["sections"] for c in s["criteria"]]
    header += ["target:" + t["id"] for t in scheme.get("targets", [])]
    header += ["note"] + ["# " + s["id"] for s in scheme["sections"]] + ["# Tổng", "# Xếp loại"]
    # The rest of a result, right of the formulas: nothing of it is lost.
    criteria = [c["id"] for s in scheme["sections"] for c in s["criteria"]]
    header += ["grade_override", "grade_reason"] + ["evidence:" + c for c in criteria]
    units = []
    for u in json.load(open(os.path.join(source, "units.json")))["units"]:
        a = u.get("active", {})
        if a.get("from", "0000") <= p["end"] and a.get("to", "9999") >= p["start"]:
            units.append((u["id"], u["name"]))
    return header, units


def check_template(xlsx_path, source, period, csv_path):
    wb = openpyxl.load_workbook(xlsx_path)
    problems = []
    if wb.sheetnames != [SHEET, "Hướng dẫn"]:
        problems.append(f"sheets {wb.sheetnames}")
    ws = wb.worksheets[0]
    header, units = template_layout(source, period)
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    if rows[2] != header:
        problems.append(f"header row {rows[2]}, not {header}")
    got_units = [(r[0], r[1]) for r in rows[3:]]
    if got_units != units:
        problems.append(f"units {got_units[:3]}…, not {units[:3]}…")
    if ws.freeze_panes != "C4":
        problems.append(f"frozen at {ws.freeze_panes}, not C4")
    if not ws.protection.sheet or ws.protection.password:
        problems.append("not protected, or protected with a password")
    want_head, want = csv_rows(csv_path)
    by_unit = {r[0]: dict(zip(want_head, r)) for r in want}
    inputs = [h for h in header[2:] if not h.startswith("#")]
    last = 3 + len(units)
    checked = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    for j, h in enumerate(header):
        col = openpyxl.utils.get_column_letter(j + 1)
        if h in inputs and h != "note" and f"{col}4:{col}{last}" not in checked:
            problems.append(f"column {h} ({col}) has no check over rows 4..{last}")
    for i, r in enumerate(rows[3:], start=4):
        for j, h in enumerate(header):
            cell = ws.cell(row=i, column=j + 1)
            if cell.protection.locked != (h not in inputs):
                problems.append(f"{cell.coordinate} ({h}) locked is {cell.protection.locked}")
            if h in inputs:
                v = "" if r[j] is None else r[j]
                w = by_unit.get(r[0], {}).get(h, "")
                if (float(v) if isinstance(v, (int, float)) else v) != (float(w) if w and h != "note" else w):
                    problems.append(f"{cell.coordinate} ({r[0]}, {h}) holds {v!r}, not {w!r}")
    for u in by_unit:
        if u not in [x for x, _ in units]:
            problems.append(f"unit {u} has results but no row")
    for p in problems[:10]:
        print(f"{xlsx_path}: {p}")
    sys.exit(1 if problems else 0)


def fill_template(xlsx_path, csv_path, out_path):
    wb = openpyxl.load_workbook(xlsx_path)
    ws = wb[SHEET]
    header = [c.value for c in ws[3]]
    head, rows = csv_rows(csv_path)
    row_of = {ws.cell(row=i, column=1).value: i for i in range(4, ws.max_row + 1)}
    for r in rows:
        for h, v in zip(head, r):
            if h in ("unit", "name") or v == "":
                continue
            cell = ws.cell(row=row_of[r[0]], column=header.index(h) + 1)
            cell.value = v if h == "note" else float(v)
    wb.save(out_path)


def check_totals(xlsx_path, csv_path):
    ws = openpyxl.load_workbook(xlsx_path, data_only=True)[SHEET]
    header = [c.value for c in ws[3]]
    head, rows = csv_rows(csv_path)
    want = {r[head.index("unit")]: r for r in rows}
    problems = []
    for i in range(4, ws.max_row + 1):
        unit = ws.cell(row=i, column=1).value
        total = ws.cell(row=i, column=header.index("# Tổng") + 1).value
        grade = ws.cell(row=i, column=header.index("# Xếp loại") + 1).value
        w = want.get(unit)
        if w is None:
            if total not in (None, ""):
                problems.append(f"{unit}: total {total!r} without results")
            continue
        if total is None or abs(float(total) - float(w[head.index("total")])) > 1e-9:
            problems.append(f"{unit}: total {total!r}, open data {w[head.index('total')]}")
        if not w[head.index("grade_reason")] and grade != w[head.index("grade_label")]:
            problems.append(f"{unit}: grade {grade!r}, open data {w[head.index('grade_label')]}")
    for p in problems[:10]:
        print(f"{xlsx_path}: {p}")
    sys.exit(1 if problems else 0)


def units_workbook(json_path, out_path):
    """units.json as the workbook an office keeps: a sheet of units under a
    title row, a sheet of clusters, dates as date cells, internal fields as
    internal:<field> columns, in the JSON's order."""
    import datetime
    import json
    d = json.load(open(json_path))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đơn vị"
    internal = []
    for u in d["units"]:
        for k in u.get("internal", {}):
            if k not in internal:
                internal.append(k)
    head = ["id", "name", "short_name", "kind", "parent", "cluster", "active_from", "active_to",
            "predecessors"]
    ws.append(["Danh sách đơn vị"])
    ws.append(head + ["internal:" + k for k in internal])
    for u in d["units"]:
        a = u.get("active", {})
        day = lambda s: datetime.date.fromisoformat(s) if s else None
        ws.append([u["id"], u["name"], u.get("short_name"), u.get("kind"), u.get("parent"),
                   u.get("cluster"), day(a.get("from")), day(a.get("to")),
                   "\n".join(u.get("predecessors", [])) or None] +
                  [u.get("internal", {}).get(k) for k in internal])
    cs = wb.create_sheet("Cụm")
    cs.append(["id", "name"])
    for c in d.get("clusters", []):
        cs.append([c["id"], c["name"]])
    # Dated changes: a row a change, what it changes filled in, the date a
    # date cell, the columns in another order than thidua writes them.
    ch = wb.create_sheet("Thay đổi")
    ch.append(["Những thay đổi của đơn vị"])
    ch.append(["from", "unit", "cluster", "name", "short_name", "kind", "parent"])
    for u in d["units"]:
        for c in u.get("changes", []):
            ch.append([datetime.date.fromisoformat(c["from"]), u["id"], c.get("cluster"), c.get("name"),
                       c.get("short_name"), c.get("kind"), c.get("parent")])
    wb.save(out_path)


def folder_workbooks(folder):
    """A content folder's schemes, periods and inspections (JSON) rewritten
    in place as the workbooks an office keeps, by openpyxl: the scheme as
    the office's thang điểm (its own "STT / Nội dung / Điểm tối đa" heading
    above the contract's header, the kinds in Vietnamese), dates as date
    cells, lists as lines of a cell."""
    import datetime
    import glob
    import json

    def day(v):
        return datetime.date.fromisoformat(v) if v else None

    def save(wb, path):
        wb.remove(wb.worksheets[0])
        wb.save(path)

    for path in glob.glob(os.path.join(folder, "schemes", "*.json")):
        d = json.load(open(path))
        wb = openpyxl.Workbook()
        ws = wb.create_sheet("Thang điểm")
        ws.append(["STT", "Nội dung", "Điểm tối đa", "Loại"])
        ws.append(["id", "title", "max", "kind"])
        words = {"bonus": "Điểm cộng", "penalty": "Điểm trừ"}
        for sec in d["sections"]:
            ws.append([sec["id"], sec["title"], sec.get("max"), words.get(sec.get("kind"), sec.get("kind"))])
            for c in sec["criteria"]:
                ws.append([c["id"], c["title"], c["max"]])
        g = wb.create_sheet("Xếp loại")
        g.append(["id", "label", "min"])
        for x in d["grades"]:
            g.append([x["id"], x["label"], x["min"]])
        if "targets" in d:
            t = wb.create_sheet("Chỉ tiêu")
            t.append(["id", "label", "unit", "goal", "lower_is_better"])
            for x in d["targets"]:
                t.append([x["id"], x["label"], x.get("unit"), x["goal"], x.get("lower_is_better")])
        f = wb.create_sheet("Thông tin")
        f.append(["field", "value"])
        f.append(["id", d["id"]])
        f.append(["title", d["title"]])
        save(wb, path[:-5] + ".xlsx")
        os.remove(path)
    for path in glob.glob(os.path.join(folder, "periods", "*", "period.json")):
        d = json.load(open(path))
        wb = openpyxl.Workbook()
        f = wb.create_sheet("Kỳ")
        f.append(["Thông tin kỳ"])
        f.append(["field", "value"])
        for k, v in d.items():
            if k != "corrections":
                f.append([k, day(v) if k in ("start", "end", "published") else v])
        if "corrections" in d:
            c = wb.create_sheet("Đính chính")
            c.append(["date", "units", "change", "reason", "sealed"])
            for x in d["corrections"]:
                c.append([day(x["date"]), "\n".join(x.get("units", [])), x["change"], x["reason"], x.get("sealed")])
        save(wb, path[:-5] + ".xlsx")
        os.remove(path)
    for path in glob.glob(os.path.join(folder, "periods", "*", "inspections.json")):
        d = json.load(open(path))
        wb = openpyxl.Workbook()
        t = wb.create_sheet("Đoàn kiểm tra")
        t.append(["name", "role", "title"])
        for m in d.get("team", []):
            t.append([m["name"], m.get("role"), m.get("title")])
        v = wb.create_sheet("Lịch kiểm tra")
        internal = list(dict.fromkeys(k for x in d.get("visits", []) for k in x.get("internal", {})))
        finds = ["strengths", "weaknesses", "causes", "recommendations"]
        v.append(["unit", "date", "session", "form", "id", "revision", "status"] + finds +
                 ["internal:" + k for k in internal])
        for x in d.get("visits", []):
            f = x.get("findings", {})
            v.append([x["unit"], day(x["date"]), x.get("session"), x.get("form"), x.get("id"),
                      x.get("revision"), x.get("status")] +
                     ["\n".join(f.get(k, [])) or None for k in finds] +
                     [x.get("internal", {}).get(k) for k in internal])
        save(wb, path[:-5] + ".xlsx")
        os.remove(path)


if __name__ == "__main__":
    {"corpus": lambda: corpus(sys.argv[2]),
     "sample": lambda: sample(sys.argv[2], sys.argv[3]),
     "to-csv": lambda: to_csv(sys.argv[2], sys.argv[3]),
     "check-open-data": lambda: check_open_data(sys.argv[2], sys.argv[3]),
     "check-template": lambda: check_template(*sys.argv[2:6]),
     "fill-template": lambda: fill_template(*sys.argv[2:5]),
     "check-totals": lambda: check_totals(sys.argv[2], sys.argv[3]),
     "units-workbook": lambda: units_workbook(sys.argv[2], sys.argv[3]),
     "folder-workbooks": lambda: folder_workbooks(sys.argv[2])}[sys.argv[1]]()
