#!/usr/bin/env python3
"""Word documents made by a real writer (python3-docx, from Debian), in the
layout Hướng dẫn 29-HD/TWĐTN-VP and Nghị định 30/2020/NĐ-CP give a Union
document, with the seeds' wording; fictional content.

Usage: make.py DIR           writes DIR/<name>.docx and DIR/<name>.want.json
                             (the fields a reader must recognise, worked out
                             here by hand, not by thidua)
       make.py seeds DIR     small documents, the fuzzer's seeds
       make.py hostile DIR   documents a build refuses, and DIR/cases.json:
                             name → the code of the one message each gets"""
import io
import json
import os
import struct
import sys
import zlib

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

AUTHOR = "Trần Thị Tác Giả"  # must never reach the site
EDITOR = "Lê Văn Sửa Bài"


def png(width, height, rgb):
    """A small PNG, written here (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def new_document():
    d = docx.Document()
    d.core_properties.author = AUTHOR
    d.core_properties.last_modified_by = EDITOR
    d.core_properties.title = "Bản nháp cũ"
    return d


def lines(cell_or_doc, texts, center=True, bold=False):
    """Paragraphs of `texts` in a cell (its first, empty paragraph reused)."""
    first = True
    for t in texts:
        if first and hasattr(cell_or_doc, "paragraphs") and cell_or_doc.paragraphs and \
                not cell_or_doc.paragraphs[0].text and hasattr(cell_or_doc, "_tc"):
            p = cell_or_doc.paragraphs[0]
        else:
            p = cell_or_doc.add_paragraph()
        first = False
        run = p.add_run(t)
        run.bold = bold
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def centered(d, text, bold=True):
    p = d.add_paragraph()
    p.add_run(text).bold = bold
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def body(d, text):
    p = d.add_paragraph(text)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return p


def hyperlink(paragraph, url, text):
    part = paragraph.part
    rid = part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), rid)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    h.append(r)
    paragraph._p.append(h)


def plan():
    """A plan, its header a two-column table: issuer and number on the left,
    the Union's name and the date on the right; signed in a table."""
    d = new_document()
    t = d.add_table(rows=1, cols=2)
    lines(t.cell(0, 0), ["ĐOÀN TP. TÂN GIANG", "BCH ĐOÀN KHỐI CÁC CƠ QUAN", "***", "Số: 46 - KH/ĐTN"])
    lines(t.cell(0, 1), ["ĐOÀN TNCS HỒ CHÍ MINH", "", "Tân Giang, ngày 20 tháng 02 năm 2025"])
    d.add_paragraph()
    centered(d, "KẾ HOẠCH")
    centered(d, "Kiểm tra, giám sát và đi cơ sở")
    centered(d, "của Ban Thường vụ Đoàn Khối năm 2025")
    centered(d, "-----", bold=False)
    body(d, "Thực hiện Chương trình công tác Đoàn và phong trào thanh niên năm 2025 của Ban Chấp hành "
            "Đoàn Khối, Ban Thường vụ Đoàn Khối đề ra kế hoạch kiểm tra, giám sát như sau:")
    d.add_heading("I. MỤC ĐÍCH, YÊU CẦU", level=2)
    d.add_paragraph("Nâng cao chất lượng công tác kiểm tra của cán bộ đoàn.", style="List Bullet")
    d.add_paragraph("Kịp thời phát hiện mô hình hay để nhân rộng.", style="List Bullet")
    d.add_heading("II. NỘI DUNG, THỜI GIAN", level=2)
    p = body(d, "")
    p.add_run("Thời gian:").bold = True
    p.add_run(" dự kiến từ ngày 11/05/2025 đến 22/05/2025; ")
    p.add_run("đối tượng").italic = True
    p.add_run(" có thông báo riêng <script>alert(1)</script> *không* là chữ đậm.")
    p = body(d, "Biểu mẫu đăng tại ")
    hyperlink(p, "https://doankhoi.example.vn/bieu-mau", "trang của Đoàn Khối")
    p.add_run(".")
    t = d.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    for i, h in enumerate(["Đợt", "Nội dung", "Thời gian"]):
        t.cell(0, i).text = h
    t.cell(1, 0).text = "1"
    t.cell(1, 1).text = "Kiểm tra 6 tháng đầu năm"
    t.cell(1, 2).text = "Tháng 5"
    t.cell(2, 0).text = "2"
    a = t.cell(2, 1).merge(t.cell(2, 2))
    a.text = "Kiểm tra cuối năm (cả tháng 11)"
    d.add_paragraph().add_run().add_picture(io.BytesIO(png(8, 4, (200, 30, 30))), width=Inches(1))
    d.paragraphs[-1].runs[0]._r.xpath(".//wp:docPr")[0].set("descr", "Biểu đồ tiến độ")
    body(d, "Ban Thường vụ Đoàn Khối đề nghị các cơ sở Đoàn nghiêm túc triển khai./.")
    sig = d.add_table(rows=1, cols=2)
    left = sig.cell(0, 0)
    p = left.paragraphs[0]
    r = p.add_run("Nơi nhận:")
    r.bold = r.italic = True
    for x in ["- BTV Thành Đoàn;", "- Các cơ sở Đoàn trực thuộc;", "- Lưu VP."]:
        left.add_paragraph(x)
    lines(sig.cell(0, 1), ["TM. BAN THƯỜNG VỤ ĐOÀN KHỐI", "BÍ THƯ", "", "", "Nguyễn Thanh Tâm"], bold=True)
    want = {
        "title": "Kế hoạch kiểm tra, giám sát và đi cơ sở của Ban Thường vụ Đoàn Khối năm 2025",
        "kind": "plan", "number": "46-KH/ĐTN", "issued": "2025-02-20", "place": "Tân Giang",
        "issuer": "BCH ĐOÀN KHỐI CÁC CƠ QUAN",
        "signer": {"name": "Nguyễn Thanh Tâm", "title": "BÍ THƯ",
                   "on_behalf": "TM. BAN THƯỜNG VỤ ĐOÀN KHỐI"},
        "recipients": ["BTV Thành Đoàn", "Các cơ sở Đoàn trực thuộc", "Lưu VP"],
    }
    return d, want


def notice():
    """A notice with the Union's name on the left over the date, the issuer
    and number on the right; the team as a table; signed in paragraphs
    (KT.), recipients after."""
    d = new_document()
    t = d.add_table(rows=1, cols=2)
    lines(t.cell(0, 0), ["ĐOÀN TNCS HỒ CHÍ MINH", "Tân Giang, ngày 27 tháng 6 năm 2025"])
    lines(t.cell(0, 1), ["BAN CHẤP HÀNH ĐOÀN KHỐI", "***", "Số: 61-TB/ĐTN"])
    centered(d, "THÔNG BÁO")
    centered(d, "Lịch kiểm tra trực tiếp công tác Đoàn 6 tháng đầu năm 2025")
    body(d, "Căn cứ Kế hoạch số 58-KH/ĐTN ngày 02/6/2025 của Ban Thường vụ Đoàn Khối, Ban Thường vụ "
            "thông báo thành phần Đoàn kiểm tra như sau:")
    team = d.add_table(rows=4, cols=3)
    for r, row in enumerate([["Họ và tên", "Chức vụ", "Nhiệm vụ"],
                             ["Trịnh Minh Khôi", "Phó Bí thư Thường trực", "Trưởng đoàn"],
                             ["Lâm Thị Hồng", "Ủy viên Ban Thường vụ", "Thành viên"],
                             ["Đặng Quốc Bảo", "Chánh Văn phòng", "Thư ký"]]):
        for c, v in enumerate(row):
            team.cell(r, c).text = v
    body(d, "Đề nghị các đơn vị chuẩn bị báo cáo theo đề cương kèm theo.")
    for x in ["KT. BAN THƯỜNG VỤ ĐOÀN KHỐI", "PHÓ BÍ THƯ", "", "Trịnh Minh Khôi"]:
        p = d.add_paragraph()
        p.add_run(x).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph().add_run("Nơi nhận:").bold = True
    for x in ["- Thành viên Đoàn kiểm tra;", "- Các đơn vị được kiểm tra;", "- Lưu VP."]:
        d.add_paragraph(x)
    want = {
        "title": "Thông báo lịch kiểm tra trực tiếp công tác Đoàn 6 tháng đầu năm 2025",
        "kind": "notice", "number": "61-TB/ĐTN", "issued": "2025-06-27", "place": "Tân Giang",
        "issuer": "BAN CHẤP HÀNH ĐOÀN KHỐI",
        "signer": {"name": "Trịnh Minh Khôi", "title": "PHÓ BÍ THƯ",
                   "on_behalf": "KT. BAN THƯỜNG VỤ ĐOÀN KHỐI"},
        "recipients": ["Thành viên Đoàn kiểm tra", "Các đơn vị được kiểm tra", "Lưu VP"],
    }
    return d, want


def outline():
    """A report outline, its header in paragraphs (no table), its sections
    Word headings and numbered lists; not signed."""
    d = new_document()
    for x in ["THÀNH ĐOÀN TÂN GIANG", "BCH ĐOÀN KHỐI CÁC CƠ QUAN", "Số 05 -ĐC/ĐTN-VP",
              "ĐOÀN TNCS HỒ CHÍ MINH", "Tân Giang, ngày 18 tháng 8 năm 2025"]:
        d.add_paragraph(x)
    centered(d, "ĐỀ CƯƠNG")
    centered(d, "Báo cáo kết quả công tác Đoàn 6 tháng đầu năm 2025")
    d.add_heading("I. Khái quát tình hình", level=2)
    body(d, "Số lượng đoàn viên, chi đoàn; thuận lợi, khó khăn.")
    d.add_heading("II. Kết quả đạt được", level=2)
    for x in ["Công tác giáo dục chính trị, tư tưởng", "Phong trào hành động cách mạng",
              "Công tác xây dựng Đoàn"]:
        d.add_paragraph(x, style="List Number")
    d.add_heading("III. Phương hướng", level=2)
    body(d, "Nhiệm vụ trọng tâm 6 tháng cuối năm; kiến nghị, đề xuất.")
    want = {
        "title": "Đề cương báo cáo kết quả công tác Đoàn 6 tháng đầu năm 2025",
        "kind": "outline", "number": "05-ĐC/ĐTN-VP", "issued": "2025-08-18", "place": "Tân Giang",
        "issuer": "BCH ĐOÀN KHỐI CÁC CƠ QUAN",
    }
    return d, want


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
      'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" '
      'ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.'
      'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def small_docx(path, body, rels="", parts=None, prolog=""):
    """A .docx of the parts Word needs and no more: the body's XML as given."""
    import zipfile
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?>' + prolog +
                   "<w:document " + W + "><w:body>" + body + "</w:body></w:document>")
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships">' + rels + "</Relationships>")
        for name, data in (parts or {}).items():
            z.writestr(name, data)


def para(text, extra="", ppr=""):
    return "<w:p>" + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + extra + \
        (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else "") + "</w:p>"


def cell(*texts, tcpr=""):
    return "<w:tc>" + (f"<w:tcPr>{tcpr}</w:tcPr>" if tcpr else "") + "".join(para(t) for t in texts) + "</w:tc>"


HEADER = ("<w:tbl><w:tr>" + cell("BCH ĐOÀN KHỐI", "***", "Số: 12-TB/ĐTN") +
          cell("ĐOÀN TNCS HỒ CHÍ MINH", "Tân Giang, ngày 3 tháng 4 năm 2025") + "</w:tr></w:tbl>" +
          para("THÔNG BÁO", ppr='<w:jc w:val="center"/>') +
          para("Lịch làm việc", ppr='<w:jc w:val="center"/>'))
NUMBERING = ('<?xml version="1.0" encoding="UTF-8"?><w:numbering ' + W + '><w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/>'
             '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def seeds(out):
    """Small documents for the fuzzer to start from, one of each thing read."""
    item = lambda t, lvl: para(t, ppr=f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="1"/></w:numPr>')
    small_docx(f"{out}/header-and-signing.docx", HEADER + para("Nội dung.") +
               "<w:tbl><w:tr>" + cell("Nơi nhận:", "- Lưu VP.") +
               cell("TM. BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A") + "</w:tr></w:tbl>")
    small_docx(f"{out}/lists.docx", item("Một", 0) + item("Hai", 1) + item("Ba", 0),
               parts={"word/numbering.xml": NUMBERING})
    small_docx(f"{out}/merged-table.docx",
               "<w:tbl><w:tr>" + cell("A", tcpr='<w:gridSpan w:val="2"/>') + cell("B") + "</w:tr><w:tr>" +
               cell("C", tcpr='<w:vMerge w:val="restart"/>') + cell("D") + cell("E") + "</w:tr><w:tr>" +
               cell("", tcpr="<w:vMerge/>") + cell("F") + cell("G") + "</w:tr></w:tbl>")
    small_docx(f"{out}/link-image-format.docx",
               '<w:p><w:hyperlink r:id="rId2"><w:r><w:t>liên kết</w:t></w:r></w:hyperlink>'
               '<w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>đậm nghiêng</w:t></w:r><w:r><w:drawing><wp:inline '
               'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
               '<wp:docPr id="1" name="p" descr="hình"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/'
               'drawingml/2006/main"><a:graphicData><a:blip r:embed="rId3"/></a:graphicData></a:graphic>'
               '</wp:inline></w:drawing></w:r></w:p>',
               rels='<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/hyperlink" Target="https://example.vn/" TargetMode="External"/>'
                    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/image" Target="media/image1.png"/>',
               parts={"word/media/image1.png": png(2, 2, (0, 0, 0))})


def hostile(out):
    """Documents a build must refuse, each with the code of its one message."""
    cases = {}
    small_docx(f"{out}/tracked.docx", HEADER + '<w:p><w:ins w:id="1" w:author="Người Sửa" '
               'w:date="2025-01-01T00:00:00Z"><w:r><w:t>thêm</w:t></w:r></w:ins></w:p>')
    cases["tracked"] = "word-tracked-changes"
    small_docx(f"{out}/deleted.docx", HEADER + '<w:p><w:del w:id="1" w:author="Người Sửa">'
               '<w:r><w:delText>đoạn đã xóa BI-MAT-DA-XOA</w:delText></w:r></w:del></w:p>')
    cases["deleted"] = "word-tracked-changes"
    small_docx(f"{out}/comment.docx", HEADER + '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>x</w:t></w:r>'
               '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>',
               parts={"word/comments.xml": '<?xml version="1.0"?><w:comments ' + W + '><w:comment w:id="0" '
                      'w:author="Người Góp Ý"><w:p><w:r><w:t>ý kiến nội bộ</w:t></w:r></w:p></w:comment>'
                      '</w:comments>'})
    cases["comment"] = "word-comments"
    small_docx(f"{out}/doctype.docx", para("x"),
               prolog='<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    cases["doctype"] = "word-xml-doctype"
    small_docx(f"{out}/no-title.docx", para("Chỉ có một đoạn, không có tên loại văn bản."))
    cases["no-title"] = "word-no-title"
    with open(f"{out}/old-word.docx", "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 1024)
    cases["old-word"] = "word-old-doc"
    import zipfile
    with zipfile.ZipFile(f"{out}/odt.docx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    cases["odt"] = "word-odt-named-docx"
    with zipfile.ZipFile(f"{out}/bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * (300 << 20))
    cases["bomb"] = "word-too-large-unpacked"
    with open(f"{out}/cases.json", "w") as f:
        json.dump(cases, f)


def main():
    out = sys.argv[1]
    if out in ("seeds", "hostile"):
        os.makedirs(sys.argv[2], exist_ok=True)
        (seeds if out == "seeds" else hostile)(sys.argv[2])
        return
    os.makedirs(out, exist_ok=True)
    for name, make in [("ke-hoach-kiem-tra", plan), ("thong-bao-lich-kiem-tra", notice),
                       ("de-cuong-bao-cao", outline)]:
        d, want = make()
        d.save(os.path.join(out, name + ".docx"))
        with open(os.path.join(out, name + ".want.json"), "w", encoding="utf-8") as f:
            json.dump(want, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
