# Hostile files, each beside a genuine twin of the same cell or value count,
# made at test time (the repository keeps only this script).
# Usage: hostile.py FOLDER
import sys, zipfile
out = sys.argv[1]
OOXML_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>')
def xlsx(name, sheet, shared=None, extra=(), target="worksheets/sheet1.xml"):
    with zipfile.ZipFile(f"{out}/{name}", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", OOXML_CT)
        z.writestr("xl/workbook.xml",
                   '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="KQ" sheetId="1" r:id="rId1"/></sheets></workbook>')
        rels = (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>')
        if shared is not None:
            rels += ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
        z.writestr("xl/_rels/workbook.xml.rels", rels + '</Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for chunk in sheet():
                f.write(chunk)
            f.write(b'</sheetData></worksheet>')
        if name == "duplicate-part.xlsx":
            z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
                f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for chunk in shared():
                    f.write(chunk)
                f.write(b'</sst>')
        for part, size in extra:
            with z.open(part, "w", force_zip64=True) as f:
                block = b"<a/>" * (1 << 18)
                for _ in range(size // len(block)):
                    f.write(block)
def rows(n_rows, n_cols, cell):
    def gen():
        for r in range(1, n_rows + 1):
            yield (f'<row r="{r}">' + cell * n_cols + '</row>').encode()
    return gen
# One 60 MB shared string used by 200 cells (it would be 12 GB of cells).
xlsx("shared-60mb.xlsx", rows(1, 200, '<c t="s"><v>0</v></c>'),
     shared=lambda: iter([b"<si><t>", b"x" * (60 << 20), b"</t></si>"]))
xlsx("shared-genuine.xlsx", rows(1, 200, '<c t="s"><v>0</v></c>'),
     shared=lambda: iter([b"<si><t>x</t></si>"]))
# 50 M empty shared strings.
xlsx("shared-empty.xlsx", rows(1, 1, '<c t="s"><v>0</v></c>'),
     shared=lambda: (b"<si/>" * 1_000_000 for _ in range(50)))
# 5 M cells in an .xlsx (over 4 M); its genuine twin just under.
xlsx("cells-5m.xlsx", rows(25_000, 200, '<c><v>1</v></c>'))
xlsx("cells-genuine.xlsx", rows(19_900, 200, '<c><v>1</v></c>'))
# A tag name of 100 M characters.
xlsx("long-tag.xlsx", lambda: iter([b"<row><", b"c" * (100 << 20), b"/></row>"]))
# Parts of 250 MB that no relation leads to.
xlsx("unused-parts.xlsx", rows(2, 2, '<c><v>1</v></c>'),
     extra=[(f"xl/worksheets/sheet{i}.xml", 250 << 20) for i in range(2, 6)])
# Low: a shared-string index 1.5e3, a row numbered 0, a sheet outside the zip.
xlsx("index-exp.xlsx", rows(1, 1, '<c t="s"><v>1.5e3</v></c>'), shared=lambda: iter([b"<si><t>a</t></si>", b"<si><t>b</t></si>"]))
xlsx("row-zero.xlsx", lambda: iter([b'<row r="0"><c><v>1</v></c></row>']))
import warnings; warnings.simplefilter("ignore")
xlsx("duplicate-part.xlsx", rows(1, 1, '<c><v>1</v></c>'))
xlsx("outside-sheet.xlsx", rows(1, 1, '<c><v>1</v></c>'), target="../../etc/passwd")
ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
            '<table:table table:name="KQ">')
ODS_TAIL = '</table:table></office:spreadsheet></office:body></office:document-content>'
def ods(name, body):
    with zipfile.ZipFile(f"{out}/{name}", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", ODS_HEAD + body + ODS_TAIL)
# One cell of 1,000 × 1,000 spaces, repeated 200 × 16,000 times.
spaces = '<text:s text:c="1000"/>' * 1000
ods("spaces.ods", '<table:table-row table:number-rows-repeated="16000"><table:table-cell '
    f'table:number-columns-repeated="200"><text:p>{spaces}</text:p></table:table-cell></table:table-row>')
ods("spaces-genuine.ods", '<table:table-row table:number-rows-repeated="16000"><table:table-cell '
    'table:number-columns-repeated="200"><text:p>x</text:p></table:table-cell></table:table-row>')
# The .xlsx of 2 cells under the name of an .ods.
import shutil
shutil.copy(f"{out}/row-zero.xlsx", f"{out}/xlsx-named.ods")
# 20 M empty objects under an unknown key (60 MB), and a file of the same value count just under.
with open(f"{out}/empty-objects.json", "w") as f:
    f.write('{"zz": [' + ",".join(["{}"] * 20_000_000) + "]}")
with open(f"{out}/values-genuine.json", "w") as f:
    f.write('{"zz": [' + ",".join(["1"] * 3_999_990) + "]}")
# A Markdown table of 10,000 columns (1 MB).
with open(f"{out}/wide.md", "w") as f:
    f.write("---\ntitle: Bảng rộng\n---\n\n" + "|a" * 10000 + "|\n" + "|-" * 10000 + "|\n" + "|1" * 10000 + "|\n")
# A table of 100 columns and 10,000 rows (2 MB): a million cells, about a GB in cmark-gfm.
with open(f"{out}/long-table.md", "w") as f:
    f.write("---\ntitle: Bảng dài\n---\n\n" + "|a" * 100 + "|\n" + "|-" * 100 + "|\n" +
            ("|1" * 100 + "|\n") * 10000)
