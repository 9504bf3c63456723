"""DOCX layout: python-docx with the official tables' merges (gridSpan across, vMerge down).

python-docx stamps zip members with the current time; the archive is rewritten with fixed timestamps so
the same report always gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from pipelines.synthetic.document import Cell, Document, Heading, Table


def _set_east_asian_font(style: object, name: str) -> None:
    element = style.element  # type: ignore[attr-defined]
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


_TEXT_WIDTH_TWIPS = 8300


def _cell_xml(cell: Cell, width: int, vmerge: str | None, origin: bool, half_points: int) -> str:
    properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.colspan > 1:
        properties += f'<w:gridSpan w:val="{cell.colspan}"/>'
    if vmerge is not None:
        properties += f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>"
    properties += '<w:vAlign w:val="center"/>'
    runs = ""
    if origin and cell.text:
        pieces = [f'<w:r><w:rPr><w:sz w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{escape(line)}</w:t></w:r>'
                  for line in cell.text.split("\n")]
        runs = '<w:r><w:br/></w:r>'.join(pieces)
    return f'<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{runs}</w:p></w:tc>'


def _add_table(docx: object, table: Table, font_size: float) -> None:
    """The table written the way Word stores merges: one ``w:tc`` with ``gridSpan`` per horizontal run,
    ``vMerge`` restart/continue down a vertical one. Built as XML in one go: python-docx's cell API and
    its ``merge`` take a fifth of a second per report, too slow for benchmark corpora."""
    column = _TEXT_WIDTH_TWIPS // table.n_cols
    anchors = {id(cell): (r, c) for r, c, cell in table.origins()}
    half_points = int(font_size * 2)
    rows = []
    for r, row in enumerate(table.grid()):
        cells = []
        for c, (cell, origin) in enumerate(row):
            top, left = anchors[id(cell)]
            if c != left:
                continue  # inside a horizontal span: the gridSpan cell covers it
            vmerge = None if cell.rowspan == 1 else ("restart" if r == top else "continue")
            cells.append(_cell_xml(cell, column * cell.colspan, vmerge, origin, half_points))
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{column}"/>' for _ in range(table.n_cols))
    xml = (f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
           '<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           'w:noHBand="0" w:noVBand="1"/></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")
    docx.element.body._insert_tbl(parse_xml(xml))  # type: ignore[attr-defined]


def _fixed_timestamps(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=when)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            archive.writestr(member, source.read(info.filename))
    return target.getvalue()


def render_docx(doc: Document) -> bytes:
    rng = doc.rng("docx")
    use_heading_styles = rng.random() < 0.5
    table_font = rng.choice((9.0, 10.0, 10.5))
    docx = new_docx()
    normal = docx.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(rng.choice((12, 14, 16)))
    _set_east_asian_font(normal, rng.choice(("仿宋_GB2312", "宋体", "仿宋")))

    title = docx.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title)
    run.bold = True
    run.font.size = Pt(18)
    for block in doc.blocks:
        if isinstance(block, Table):
            _add_table(docx, block, table_font)
            docx.add_paragraph()
        elif isinstance(block, Heading):
            if use_heading_styles:  # the style id directly: python-docx's name lookup is slow
                docx.add_paragraph(block.text)._p.style = f"Heading{block.level}"
            else:
                paragraph = docx.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(32)
                paragraph.add_run(block.text).bold = True
        else:
            paragraph = docx.add_paragraph(block.text)
            if block.align == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.paragraph_format.first_line_indent = Pt(32)

    year, month, day = (int(part) for part in doc.publication_date.split("-"))
    written = datetime(year, month, day, 9, rng.randint(0, 59))
    properties = docx.core_properties
    properties.author = rng.choice(("Administrator", "admin", "user", doc.report.agency))
    properties.last_modified_by = properties.author
    properties.title = doc.title
    properties.created = written
    properties.modified = written
    properties.revision = rng.randint(1, 20)
    buffer = io.BytesIO()
    docx.save(buffer)
    return _fixed_timestamps(buffer.getvalue(), (year, month, day, 9, 0, 0))
