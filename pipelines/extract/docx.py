"""DOCX → Document: body paragraphs and tables in document order, merged cells as spans in the grid.

python-docx opens the package (and knows the styles and core properties), but the body XML is walked
directly: python-docx's ``paragraphs`` and ``tables`` lists lose the order between them, and its cell
API repeats a merged cell's text in every grid position without saying which one is the original.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from pipelines.extract.decode import collapse_whitespace
from pipelines.extract.model import Block, Cell, Document, NeedsOCR, Paragraph, ReadError, Table
from pipelines.extract.text import read_text, text_layout_blocks

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: A zip whose main part inflates beyond this is refused before parsing (a zip bomb or a broken file).
MAX_DOCUMENT_XML_BYTES = 512 * 1024 * 1024
_LAYOUT_MAX_CELLS = 12  # a table holding other tables with no more cells than this is layout (as in HTML)
_MAX_GRID_SPAN = 64  # Word allows 63 grid columns

_P, _R, _T, _TAB, _BR, _CR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_TBL, _TR, _TC = qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_VAL = qn("w:val")
_ALT_CHUNK, _R_ID = qn("w:altChunk"), qn("r:id")
_DRAWING, _PICT = qn("w:drawing"), qn("w:pict")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
#: Wrappers inside a paragraph whose runs are part of its text (deleted and moved-away text is not).
_RUN_CONTAINERS = frozenset(qn(f"w:{name}") for name in (
    "hyperlink", "ins", "smartTag", "fldSimple", "customXml", "moveTo", "dir", "bdo", "sdtContent",
)) | {_SDT}
_HEADING_STYLE = re.compile(r"^(heading|标题|title)\s*\d*$", re.IGNORECASE)


def read_docx(data: bytes, source: str = "", media_type: str = DOCX_MEDIA_TYPE) -> Document:
    """Read a DOCX. Raises ``ReadError`` for a zip that is not a (readable) Word document, ``NeedsOCR`` for
    one that holds only pictures (scanned pages pasted into Word)."""
    name = source or "document"
    _check_package(data, name)
    import docx  # imported lazily: python-docx costs import time, and most documents are HTML

    try:
        document = docx.Document(io.BytesIO(data))
        heading_styles = {
            style.style_id for style in document.styles
            if style.name and _HEADING_STYLE.match(style.name.strip())
        }
        body = document.element.body
        reader = _BodyReader(heading_styles, document.part.related_parts, name)
        blocks = list(reader.blocks(body))
        if not any(isinstance(block, Table) for block in blocks):
            blocks = text_layout_blocks(reader.lines) or blocks
        title = (document.core_properties.title or "").strip() or None
    except ReadError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, XMLSyntaxError, PackageNotFoundError…
        raise ReadError(f"{name}: not a readable DOCX ({type(exc).__name__}: {exc})") from exc
    if not any(isinstance(block, Table) or block.text for block in blocks):
        pictures = sum(1 for _ in body.iter(_DRAWING, _PICT))
        if pictures:
            raise NeedsOCR(f"{name}: DOCX with no text, only {pictures} picture(s) (a scan): needs OCR")
        raise ReadError(f"{name}: DOCX has no text")
    return Document(blocks=blocks, media_type=media_type, title=title, source=source, warnings=reader.warnings)


def _check_package(data: bytes, name: str) -> None:
    """A zip with ``word/document.xml`` of a sane size; said plainly before python-docx says it obscurely."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
    except KeyError:
        raise ReadError(f"{name}: a ZIP archive but not a DOCX (no word/document.xml)") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ReadError(f"{name}: DOCX is truncated or corrupt ({exc})") from exc
    if info.file_size > MAX_DOCUMENT_XML_BYTES:
        raise ReadError(
            f"{name}: DOCX body inflates to {info.file_size // 2**20} MB, over the "
            f"{MAX_DOCUMENT_XML_BYTES // 2**20} MB limit"
        )


class _BodyReader:
    """Paragraphs and tables of a body (or of a layout table's cell), in document order."""

    def __init__(self, heading_styles: set[str], related_parts: dict[str, Any], name: str) -> None:
        self.heading_styles = heading_styles
        self.related_parts = related_parts
        self.name = name
        self.warnings: list[str] = []
        self.lines: list[str] = []  # each paragraph line with its tabs and spaces, for text_layout_blocks

    def blocks(self, container: etree._Element) -> Iterator[Block]:
        for child in _unwrapped(container, (_P, _TBL, _ALT_CHUNK)):
            if child.tag == _P:
                heading = _is_heading(child, self.heading_styles)
                for line in _paragraph_text(child).split("\n"):  # a manual line break (w:br) ends a line
                    self.lines.append(line.rstrip("\r"))
                    text = collapse_whitespace(line)
                    if text:
                        yield Paragraph(text, heading=heading)
            elif child.tag == _ALT_CHUNK:
                yield from self.alt_chunk(child)
            elif _is_layout_table(child):
                for tc in _table_cells(child):
                    yield from self.blocks(tc)
            else:
                table = _table(child)
                if table is not None:
                    yield table

    def alt_chunk(self, element: etree._Element) -> list[Block]:
        """An embedded HTML or text part (what HTML-to-DOCX converters write) read in its place."""
        part = self.related_parts.get(element.get(_R_ID) or "")
        content_type = getattr(part, "content_type", "")
        if part is None or content_type not in ("text/html", "application/xhtml+xml", "text/plain"):
            self.warnings.append(f"embedded part of type {content_type or 'unknown'} not read")
            return []
        from pipelines.extract.decode import UndecodableError, decode_bytes

        try:
            text, _ = decode_bytes(part.blob)
        except UndecodableError:
            self.warnings.append("embedded part in an unknown encoding not read")
            return []
        if content_type == "text/plain":
            return read_text(text, self.name).blocks
        from pipelines.extract.html import read_html

        try:
            return read_html(text, self.name).blocks
        except ReadError:
            return []


def _unwrapped(element: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Children with one of ``tags``, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _unwrapped(content, tags)
        elif child.tag == _CUSTOM_XML:
            yield from _unwrapped(child, tags)


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    _collect_runs(paragraph, parts)
    return "".join(parts)


def _collect_runs(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _R:
            for item in child:
                if item.tag == _T:
                    parts.append(item.text or "")
                elif item.tag == _TAB:
                    parts.append("\t")
                elif item.tag in (_BR, _CR):
                    parts.append("\n")
                elif item.tag == _NO_BREAK_HYPHEN:
                    parts.append("-")
        elif tag in _RUN_CONTAINERS:
            _collect_runs(child, parts)


def _is_heading(paragraph: etree._Element, heading_styles: set[str]) -> bool:
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        return False
    style = properties.find(qn("w:pStyle"))
    if style is not None and style.get(_VAL) in heading_styles:
        return True
    outline = properties.find(qn("w:outlineLvl"))
    return outline is not None and (outline.get(_VAL) or "9").isdigit() and int(outline.get(_VAL) or 9) < 9


def _rows(table: etree._Element) -> list[etree._Element]:
    return list(_unwrapped(table, (_TR,)))


def _table_cells(table: etree._Element) -> Iterator[etree._Element]:
    for row in _rows(table):
        yield from _unwrapped(row, (_TC,))


def _is_layout_table(table: etree._Element) -> bool:
    """A one-cell wrapper, or a table holding other tables with few cells of its own: walked, not gridded."""
    n_cells = sum(1 for _ in _table_cells(table))
    if n_cells <= 1:
        return True
    return n_cells <= _LAYOUT_MAX_CELLS and any(inner is not table for inner in table.iter(_TBL))


def _cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs as lines; a table nested in the cell as one line per row."""
    lines: list[str] = []
    for child in _unwrapped(tc, (_P, _TBL)):
        if child.tag == _P:
            for line in _paragraph_text(child).split("\n"):
                lines.append(collapse_whitespace(line, join_digits=True))
        else:
            for row in _rows(child):
                texts = [_cell_text(inner).replace("\n", " ") for inner in _unwrapped(row, (_TC,))]
                lines.append(" ".join(text for text in texts if text))
    return "\n".join(line for line in lines if line)


def _int_attribute(element: etree._Element | None, default: int, limit: int) -> int:
    if element is None:
        return default
    value = element.get(_VAL) or ""
    return max(0, min(int(value), limit)) if value.isdigit() else default


def _table(table: etree._Element) -> Table | None:
    """The grid of a Word table: ``gridSpan`` spans columns, ``vMerge`` continues the cell above.

    Word stores a vertically merged cell as a first cell (``restart``) and an empty continuation cell in
    each row below; the continuation becomes another position of the first cell, whose rowspan grows.
    ``gridBefore`` leaves holes (None) at the start of a row.
    """
    grid: list[list[Cell | None]] = []
    for tr in _rows(table):
        row: list[Cell | None] = []
        row_properties = tr.find(qn("w:trPr"))
        if row_properties is not None:
            row.extend([None] * _int_attribute(row_properties.find(qn("w:gridBefore")), 0, _MAX_GRID_SPAN))
        grown: set[int] = set()
        for tc in _unwrapped(tr, (_TC,)):
            properties = tc.find(qn("w:tcPr"))
            span, vertical, horizontal = 1, None, None
            if properties is not None:
                span = max(1, _int_attribute(properties.find(qn("w:gridSpan")), 1, _MAX_GRID_SPAN))
                vertical = _merge_state(properties.find(qn("w:vMerge")))
                horizontal = _merge_state(properties.find(qn("w:hMerge")))
            column = len(row)
            above = grid[-1][column] if grid and column < len(grid[-1]) else None
            if vertical == "continue" and above is not None:
                if id(above) not in grown:
                    above.rowspan += 1
                    grown.add(id(above))
                row.extend([above] * span)
            elif horizontal == "continue" and row and row[-1] is not None:
                row[-1].colspan += span
                row.extend([row[-1]] * span)
            else:
                cell = Cell(_cell_text(tc), colspan=span)
                row.extend([cell] * span)
        grid.append(row)
    if not any(cell is not None and cell.text for row in grid for cell in row):
        return None
    return Table(grid)


def _merge_state(element: etree._Element | None) -> str | None:
    """``restart``, ``continue`` (also an empty ``<w:vMerge/>``), or None when the cell is not merged."""
    if element is None:
        return None
    return "restart" if element.get(_VAL) == "restart" else "continue"
