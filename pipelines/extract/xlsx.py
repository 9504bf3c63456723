"""XLSX → Document: each worksheet's rows in order, merged cells as spans, one-cell rows as paragraphs.

Portals attach the report's tables as a workbook now and then (a township's 附表). The package is read with
the standard library and lxml: the workbook lists the sheets in order, ``sharedStrings.xml`` holds the texts,
each sheet its cells by reference (``B7``) and its merges (``A3:A10``). A number is printed as a person reads
it (``3``, not ``3.0``); a formula's cached value is taken, never recomputed.
"""

from __future__ import annotations

import re
import zipfile

from lxml import etree

from pipelines.extract.decode import collapse_whitespace
from pipelines.extract.model import Block, Cell, Document, Paragraph, ReadError, Table
from pipelines.extract.package import open_package, resolve_part, xml_part
from pipelines.extract.text import text_layout_blocks

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A part inflating beyond this is refused before parsing (a zip bomb or a broken file).
MAX_PART_BYTES = 256 * 1024 * 1024
#: Rows and columns read per sheet: a report's tables fill a few dozen; a stray cell at XFD1048576 must not
#: make a grid of billions.
MAX_ROWS, MAX_COLS = 5000, 64

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


def read_xlsx(data: bytes, source: str = "", media_type: str = XLSX_MEDIA_TYPE) -> Document:
    """Read an XLSX workbook. Raises ``ReadError`` for a broken package or a workbook with no text."""
    name = source or "document"
    with open_package(data, name, "XLSX") as archive:
        reader = _Workbook(archive, name)
        blocks: list[Block] = []
        for sheet in reader.sheet_paths():
            blocks.extend(reader.sheet_blocks(sheet))
    if not blocks:
        raise ReadError(f"{name}: XLSX has no text")
    if not any(isinstance(block, Table) for block in blocks):  # a report typed one line per row
        blocks = text_layout_blocks([block.text for block in blocks if isinstance(block, Paragraph)]) or blocks
    return Document(blocks=blocks, media_type=media_type, source=source)


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive, self.name = archive, name
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise ReadError(f"{name}: a ZIP archive but not an XLSX (no xl/workbook.xml)")
        self.names = names
        self.strings = self._shared_strings()

    def _xml(self, part: str) -> etree._Element:
        return xml_part(self.archive, part, self.name, "XLSX", MAX_PART_BYTES)

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.names:
            return []
        root = self._xml("xl/sharedStrings.xml")
        return [_text_of(item) for item in root.iterfind("m:si", _NS)]

    def sheet_paths(self) -> list[str]:
        """The worksheets' parts in the workbook's order (hidden sheets too: they still hold the report)."""
        workbook = self._xml("xl/workbook.xml")
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in self.names:
            for rel in self._xml("xl/_rels/workbook.xml.rels").iterfind("pr:Relationship", _NS):
                targets[rel.get("Id", "")] = resolve_part("xl", rel.get("Target", ""))
        paths = []
        for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
            path = targets.get(sheet.get(f"{{{_NS['r']}}}id", ""))
            if path and path in self.names:
                paths.append(path)
        return paths

    def sheet_blocks(self, part: str) -> list[Block]:
        """A sheet's rows: runs of rows with two or more cells as one table, a row of one cell as a paragraph."""
        root = self._xml(part)
        values: dict[tuple[int, int], str] = {}  # every cell the sheet writes, empty ones (borders) too
        row_index = -1
        for row in root.iterfind("m:sheetData/m:row", _NS):
            number = row.get("r", "")
            row_index = int(number) - 1 if number.isdigit() else row_index + 1
            column = -1
            for cell in row.iterfind("m:c", _NS):
                position = _position(cell.get("r", ""))
                r, column = position if position is not None else (row_index, column + 1)
                if r < MAX_ROWS and column < MAX_COLS:
                    values[(r, column)] = self._cell_text(cell)
        merges = [box for ref in root.iterfind("m:mergeCells/m:mergeCell", _NS)
                  if (box := _box(ref.get("ref", ""))) is not None]
        if not any(values.values()):
            return []
        n_rows = max(r for (r, _), text in values.items() if text) + 1
        n_cols = max(c for (_, c), text in values.items() if text) + 1
        grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
        for (r, c), text in values.items():
            if r < n_rows and c < n_cols:
                grid[r][c] = Cell(text)
        for top, left, bottom, right in merges:
            bottom, right = min(bottom, n_rows - 1), min(right, n_cols - 1)
            if top > bottom or left > right:
                continue
            origin = grid[top][left] or Cell("")
            origin.rowspan, origin.colspan = bottom - top + 1, right - left + 1
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    grid[r][c] = origin
        return _blocks(grid)

    def _cell_text(self, cell: etree._Element) -> str:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            node = cell.find("m:is", _NS)
            return collapse_whitespace(_text_of(node)) if node is not None else ""
        value = cell.findtext("m:v", default="", namespaces=_NS).strip()
        if not value:
            return ""
        if kind == "s":
            index = int(value)
            return collapse_whitespace(self.strings[index]) if 0 <= index < len(self.strings) else ""
        if kind == "n":
            return _number_text(value)
        if kind == "b":
            return "TRUE" if value == "1" else "FALSE"
        return collapse_whitespace(value)  # "str" (a formula's text), "e" (an error such as #DIV/0!)


def _blocks(grid: list[list[Cell | None]]) -> list[Block]:
    """Rows in order: a row of one cell (possibly merged across) is a paragraph (the title, a heading, prose),
    runs of rows of several cells are tables. A one-cell row between table rows stays in the table (a label
    whose numbers are blank and unwritten) unless it is merged across or opens with a section ordinal."""
    kinds = [_row_kind(row) for row in grid]
    blocks: list[Block] = []
    run: list[list[Cell | None]] = []

    def close() -> None:
        if run:
            width = max(max((c for c, cell in enumerate(row) if cell is not None), default=-1) for row in run) + 1
            blocks.append(Table([row[:width] for row in run]))
            run.clear()

    for r, (row, kind) in enumerate(zip(grid, kinds, strict=True)):
        if kind == "empty":
            close()
        elif kind == "table" or (kind == "label" and run and "table" in kinds[r + 1:r + 2]):
            run.append(row)
        else:
            close()
            text = next((cell.text for cell in row if cell is not None and cell.text), "")
            if text:
                blocks.append(Paragraph(text))
    close()
    return blocks


_SECTION_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])")


def _row_kind(row: list[Cell | None]) -> str:
    """"table" (two or more cells written), "label" (one short unmerged cell), "text" or "empty"."""
    distinct = {id(cell): cell for cell in row if cell is not None}
    if len(distinct) >= 2:
        return "table"
    if not distinct or not next(iter(distinct.values())).text:
        return "empty"
    cell = next(iter(distinct.values()))
    if cell.colspan > 1 or len(cell.text) > 30 or _SECTION_ORDINAL.match(cell.text):
        return "text"
    return "label"


def _text_of(node: etree._Element) -> str:
    """A rich-text item's characters (``t`` of its runs), phonetic guides (``rPh``) left out."""
    return "".join(t.text or "" for t in node.iter(f"{{{_NS['m']}}}t")
                   if t.getparent() is not None and t.getparent().tag != f"{{{_NS['m']}}}rPh")


def _number_text(value: str) -> str:
    """``3`` for ``3`` or ``3.0``, ``63.79`` for ``63.790000000000006``: a number as the sheet shows it."""
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.10g}"


def _position(ref: str) -> tuple[int, int] | None:
    match = _REF.match(ref)
    if not match:
        return None
    column = 0
    for char in match.group(1):
        column = column * 26 + ord(char) - 64
    return int(match.group(2)) - 1, column - 1


def _box(ref: str) -> tuple[int, int, int, int] | None:
    start, _, end = ref.partition(":")
    first, last = _position(start), _position(end or start)
    if first is None or last is None:
        return None
    return first[0], first[1], last[0], last[1]
