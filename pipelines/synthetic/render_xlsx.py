"""XLSX layout: the report as one worksheet, as an office clerk types it into Excel.

A row per paragraph or heading (in column A), the official tables below with their merges (``mergeCell``),
texts in the shared-strings part, plain numbers as numbers and the rest (``3件``, ``1,200``) as text, blank
value cells written empty with a border style (as a sheet with a drawn grid keeps them), an empty row between
blocks. Zip members carry a fixed timestamp: the same report always gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from pipelines.synthetic.document import Document, Heading, Paragraph, Table

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class _Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> str:
        items = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in self.index)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN}" '
                f'count="{len(self.index)}" uniqueCount="{len(self.index)}">{items}</sst>')


def _cell(ref: str, text: str, strings: _Strings) -> str:
    if not text:
        return f'<c r="{ref}" s="1"/>'
    if _NUMBER.match(text):
        return f'<c r="{ref}" s="1"><v>{text}</v></c>'
    return f'<c r="{ref}" s="1" t="s"><v>{strings(text)}</v></c>'


def render_xlsx(doc: Document) -> bytes:
    strings = _Strings()
    rows: list[str] = []
    merges: list[str] = []

    def text_row(text: str) -> None:
        number = len(rows) + 1
        rows.append(f'<row r="{number}"><c r="A{number}" t="s"><v>{strings(text)}</v></c></row>')

    def empty_row() -> None:
        rows.append(f'<row r="{len(rows) + 1}"/>')

    text_row(doc.title)
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            text_row(block.text)
            continue
        assert isinstance(block, Table)
        empty_row()
        top = len(rows)
        for r, line in enumerate(block.grid()):
            number = top + r + 1
            cells = []
            for c, (cell, origin) in enumerate(line):
                ref = f"{_column(c)}{number}"
                cells.append(_cell(ref, cell.text.replace("\n", "") if origin else "", strings))
                if origin and (cell.rowspan > 1 or cell.colspan > 1):
                    merges.append(f'<mergeCell ref="{ref}:{_column(c + cell.colspan - 1)}{number + cell.rowspan - 1}"/>')
            rows.append(f'<row r="{number}">{"".join(cells)}</row>')
        empty_row()
    merge_xml = f'<mergeCells count="{len(merges)}">{"".join(merges)}</mergeCells>' if merges else ""
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" '
             f'xmlns:r="{_REL}"><sheetData>{"".join(rows)}</sheetData>{merge_xml}</worksheet>')
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<sheets><sheet name="{escape(str(doc.report.year))}年报" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings.xml(),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/>'
            '<bottom style="thin"/></border></borders>'
            '<cellXfs count="2"><xf fontId="0" fillId="0" borderId="0"/><xf fontId="0" fillId="0" borderId="1" '
            'applyBorder="1"/></cellXfs></styleSheet>'),
    }
    return zip_parts(parts)


def zip_parts(parts: dict[str, str], when: tuple[int, int, int, int, int, int] = (2020, 1, 1, 0, 0, 0)) -> bytes:
    """An OOXML package of ``parts`` (name → XML), every member stamped ``when``: the same parts, the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), text.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
