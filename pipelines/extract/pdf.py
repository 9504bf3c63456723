"""PDF → Document with pdfplumber: ruled tables as span-resolved grids, the rest as paragraphs in order.

A PDF without any ruled table (a page exported from HTML whose tables have no borders, a Word table with its
borders removed) is laid out as text instead, each glyph at the column its position gives, and read by the
text reader's PDF-layout rules, as an OFD is (``pipelines.extract.glyphs``): its columns are positions only,
and those rules place a number, or a blank, by position.

pdfplumber, not PyMuPDF: PyMuPDF is AGPL and garbled the report labels. Each page's characters are read
once; tables come from the ruling lines (the report tables are ruled), and every character is assigned to
a table cell or to the flow text by position, so no page is extracted twice. Runs of flow lines split
into columns by wide gaps become loose tables (the fallback for unruled tables). A table cut by a page
break is joined again.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from pipelines.extract.decode import is_cjk, join_wrapped
from pipelines.extract.glyphs import Glyph, column_unit, lay_out
from pipelines.extract.model import Block, Cell, Document, NeedsOCR, Paragraph, ReadError, Table
from pipelines.extract.text import read_text

PDF_MEDIA_TYPE = "application/pdf"

_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_OPEN_SIDE = 5.0  # points a rule must run past a table's side to show that its outer border is missing
_MIN_COLUMNS = 3  # gap-separated columns a line needs to start an unruled table
_COLUMN_GAP = 1.5  # font sizes of empty space that separate two columns of an unruled table
_NUMBER = re.compile(r"^[\s\d.,，%％\-－/()（）万元件个项]*\d[\s\d.,，%％\-－/()（）万元件个项]*$")
#: Page furniture, not content: page numbers in their usual Chinese and Western forms.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"page\s*\d+(?:\s*of\s*\d+)?|\d{1,3})\s*$",
    re.IGNORECASE,
)
_MARGIN_SHARE = 0.08  # the top and bottom bands of a page where page numbers live
#: The start of a new item: a line starting so never continues the paragraph above it.
_ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．](?!\d)|"
    r"第[一二三四五六七八九十\d]+[条章节项]|[•●■◆▪·-]\s)"
)
_CID = re.compile(r"^\(cid:\d+\)$")
_HEADING_SIZE_RATIO = 1.15


def read_pdf(data: bytes, source: str = "", media_type: str = PDF_MEDIA_TYPE) -> Document:
    """Read a PDF. Raises ``NeedsOCR`` for a scan without a text layer, ``ReadError`` for a broken file."""
    import pdfplumber  # imported lazily: pdfminer's import is slow and most documents are HTML

    # pdfminer logs every oddity of a damaged file as a warning; what matters reaches the user as a ReadError
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    name = source or "document"
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises PDFSyntaxError, PSEOF, PdfminerException, …
        raise _unreadable(name, exc) from exc
    try:
        with pdf:
            title = _title(pdf.metadata)
            pages = [_read_page(page) for page in pdf.pages]
            ruled = any(page.grids for page in pages)
            if ruled:  # else the pages are laid out as text below, and their flow is never read as lines
                for page in pages:
                    _read_items(page)
    except (ReadError, RecursionError, MemoryError):
        raise
    except Exception as exc:
        raise _unreadable(name, exc) from exc
    if not pages:
        raise ReadError(f"{name}: PDF has no pages (truncated or corrupt)")
    total_chars = sum(page.n_chars for page in pages)
    if total_chars == 0:
        raise NeedsOCR(f"{name}: PDF has no text layer (a scan of {len(pages)} page(s)): needs OCR")
    unmapped = sum(page.n_unmapped for page in pages)
    if unmapped * 2 > total_chars:
        raise NeedsOCR(
            f"{name}: PDF text layer is unreadable ({unmapped} of {total_chars} glyphs have no Unicode "
            "mapping): needs OCR"
        )
    warnings = [
        f"page {number} has no text layer (a scanned page?)"
        for number, page in enumerate(pages, start=1)
        if page.n_chars == 0
    ]
    if not ruled:
        # no ruled table anywhere: the tables (if any) are columns of glyphs, which the text reader's
        # PDF-layout rules read by position, blank cells included, as they read OFD pages
        glyphs = [_glyphs(page) for page in pages]
        column = column_unit(glyphs)
        document = read_text("\f".join(lay_out(page, column) for page in glyphs), source, media_type)
        document.title, document.warnings = title, warnings
        return document
    return Document(blocks=_join_pages(pages), media_type=media_type, title=title, source=source,
                    warnings=warnings)


def _unreadable(name: str, exc: BaseException) -> ReadError:
    """The one-line error for a PDF pdfminer could not open: encrypted, or truncated/corrupt."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc  # PdfminerException
    kind = type(inner).__name__
    if "Password" in kind or "Encrypt" in kind:
        return ReadError(f"{name}: PDF is encrypted and cannot be opened without its password")
    text = str(inner).strip() or kind
    return ReadError(f"{name}: not a readable PDF, truncated or corrupt ({text[:200]})")


def _title(metadata: dict[str, Any]) -> str | None:
    """The metadata title, without the ``Microsoft Word - x.doc`` dressing printers add."""
    title = metadata.get("Title") if isinstance(metadata, dict) else None
    if not isinstance(title, str) or title.strip().lower() in ("untitled", "无标题", "(anonymous)"):
        return None
    title = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", title.strip())
    title = re.sub(r"\.(?:docx?|wps|xlsx?|pdf)$", "", title, flags=re.IGNORECASE).strip()
    return title or None


# --- one page ------------------------------------------------------------------------------------------


@dataclass
class _Line:
    chars: list[dict[str, Any]]
    top: float
    bottom: float
    x0: float = 0.0
    x1: float = 0.0
    text: str = ""
    size: float = 0.0
    segments: list[str] = field(default_factory=list)  # the line cut at wide gaps: an unruled table's cells


@dataclass
class _Item:
    top: float
    block: Block
    edges: list[float] | None = None  # a table's column boundaries, left to right, its right edge last


@dataclass
class _Page:
    items: list[_Item] = field(default_factory=list)  # in reading order
    n_chars: int = 0
    n_unmapped: int = 0
    chars: list[dict[str, Any]] = field(default_factory=list)  # upright, deduplicated, normalised
    grids: list[_Grid] = field(default_factory=list)  # the ruled tables found on the page
    height: float = 0.0  # as displayed


def _read_page(page: Any) -> _Page:
    sideways = [char for char in page.chars if not char.get("upright", True) and char["text"].strip()]
    if len(sideways) * 2 > len(page.chars):
        page = _TurnedPage(page, sideways[0]["matrix"])  # a table set sideways: turn it to read across
    chars = [char for char in page.chars if char.get("upright", True)]
    glyphs = [char for char in chars if char["text"].strip()]
    result = _Page(n_chars=len(glyphs))
    if not glyphs:
        return result
    result.n_unmapped = sum(1 for char in glyphs if _CID.match(char["text"]))
    chars = _dedupe(chars)
    for char in chars:
        char["text"] = _normalise_glyph(char["text"])
    result.chars = chars
    result.grids = [_Grid(table.cells) for table in _find_tables(page) if len(table.cells) >= 2]
    _, result.height = _displayed_size(page)
    return result


def _read_items(page: _Page) -> None:
    """The page's ruled tables as grids, the rest of its characters as lines: loose tables and paragraphs."""
    flow = [char for char in page.chars if not any(grid.take(char) for grid in page.grids)]
    for grid in page.grids:
        table = grid.table()
        if table is not None:
            page.items.append(_Item(grid.top, table, [*grid.xs, grid.x1]))
    lines = [line for line in _lines(flow) if line.text and not _is_furniture(line, page.height)]
    lines, loose_tables = _column_runs(lines)
    page.items.extend(loose_tables)
    page.items.extend(_Item(top, paragraph) for top, paragraph in _paragraphs(lines, page.grids))
    page.items.sort(key=lambda item: item.top)


def _glyphs(page: _Page) -> list[Glyph]:
    """The page's characters placed for ``lay_out``, spaces too ("况 二" keeps its space)."""
    return [Glyph(char["x0"], (char["top"] + char["bottom"]) / 2, char["text"], char["size"], char["x1"] - char["x0"])
            for char in page.chars if char["text"]]


def _displayed_size(page: Any) -> tuple[float, float]:
    """Width and height as shown: pdfplumber places objects on the page turned by its /Rotate."""
    if getattr(page, "rotation", 0) in (90, 270):
        return page.height, page.width
    return page.width, page.height


def _find_tables(page: Any) -> list[Any]:
    """Ruled tables; a table drawn without its outer vertical borders (the rules run past the first and
    last column lines) is closed with the missing edges and found again, else its outer columns are lost."""
    from pdfplumber.table import TableFinder, TableSettings

    tables = TableFinder(page, TableSettings.resolve(_LINES)).tables
    closers = [edge for table in tables for edge in _missing_borders(table.bbox, page.edges)]
    if closers:
        settings = TableSettings.resolve({**_LINES, "explicit_vertical_lines": closers})
        tables = TableFinder(page, settings).tables
    return tables


def _missing_borders(bbox: tuple[float, float, float, float], edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Vertical edges at the ends of the horizontal rules that cross the table and run on past its sides."""
    x0, top, x1, bottom = bbox
    rules = [
        edge for edge in edges
        if edge.get("orientation") == "h" and top - 1 <= edge["top"] <= bottom + 1
        and edge["x0"] < x1 and edge["x1"] > x0
    ]
    closers = []
    for ends, beyond in ((
        [edge["x0"] for edge in rules], lambda x: x < x0 - _OPEN_SIDE),
        ([edge["x1"] for edge in rules], lambda x: x > x1 + _OPEN_SIDE),
    ):
        outside = [x for x in ends if beyond(x)]
        if len(outside) >= 2:
            x = min(outside) if outside[0] < x0 else max(outside)
            closers.append({"object_type": "line_edge", "orientation": "v", "x0": x, "x1": x, "top": top,
                            "bottom": bottom, "width": 0.0, "height": bottom - top})
    return closers


class _TurnedPage:
    """A page turned a quarter so that its sideways text reads left to right: its characters and ruling
    edges in the turned coordinates, which is all the table finder and this reader use of a page."""

    def __init__(self, page: Any, matrix: tuple[float, ...]) -> None:
        width, height = _displayed_size(page)
        reads_down = matrix[1] < 0  # the text runs top to bottom: turn the page counter-clockwise
        self.width, self.height = height, width
        self.bbox = (0.0, 0.0, self.width, self.height)

        def turn(obj: dict[str, Any]) -> dict[str, Any]:
            x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
            if reads_down:
                box = {"x0": top, "x1": bottom, "top": width - x1, "bottom": width - x0}
            else:
                box = {"x0": height - bottom, "x1": height - top, "top": x0, "bottom": x1}
            turned = {**obj, **box, "width": box["x1"] - box["x0"], "height": box["bottom"] - box["top"]}
            turned["doctop"] = turned["top"]
            return turned

        self.chars = [{**turn(char), "upright": not char.get("upright", True)} for char in page.chars]
        self.edges = [
            {**turn(edge), "orientation": "v" if edge.get("orientation") == "h" else "h"} for edge in page.edges
        ]


def _dedupe(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a glyph drawn again within a point of itself: fake bold in WPS/Word output."""
    seen: dict[tuple[str, int], list[float]] = {}
    kept: list[dict[str, Any]] = []
    for char in chars:
        if char["text"].strip():
            places = seen.setdefault((char["text"], round(char["top"])), [])
            if any(abs(char["x0"] - x0) <= 1.0 for x0 in places):
                continue
            places.append(char["x0"])
        kept.append(char)
    return kept


def _normalise_glyph(text: str) -> str:
    """Kangxi radicals and compatibility ideographs (⼀ ⼆ for 一 二) that some PDF fonts map to."""
    if len(text) == 1 and (0x2E80 <= ord(text) <= 0x2FDF or 0xF900 <= ord(text) <= 0xFAFF):
        return unicodedata.normalize("NFKC", text)
    return text


def _column_runs(lines: list[_Line]) -> tuple[list[_Line], list[_Item]]:
    """Unruled tables: runs of lines split into three or more columns by wide gaps, with a number among
    their cells. They become loose tables (their columns need not line up); the other lines stay prose.

    pdfplumber's text strategy was tried first and dropped: on a page mixing prose and a table, the prose
    lines span the columns and it finds a one-column "table" of the whole page.
    """
    kept: list[_Line] = []
    tables: list[_Item] = []
    run: list[_Line] = []

    def close_run() -> None:
        rows = [[cell for segment in line.segments for cell in _number_cells(segment)] for line in run]
        if len(rows) >= 2 and any(_NUMBER.match(cell) for row in rows for cell in row[1:]):
            tables.append(_Item(run[0].top, Table.from_rows(rows, loose=True)))
        else:
            kept.extend(run)
        run.clear()

    for line in lines:
        columns = len(line.segments)
        adjacent = bool(run) and line.top - run[-1].bottom < 2.5 * max(run[-1].size, 1.0)
        if columns >= _MIN_COLUMNS or (run and adjacent and columns >= 2):
            if run and not adjacent:
                close_run()
            run.append(line)
            continue
        if run:
            close_run()
        kept.append(line)
    if run:
        close_run()
    return kept, tables


#: Numbers one space apart: an unruled table's columns set closer than a column gap (a narrow table, a wide
#: number), each number its own cell. Read as one cell they would make one number of two (13364 252).
_NUMBERS_APART = re.compile(r"^[+\-−－]?\d[\d,.]*(?:\s+[+\-−－]?\d[\d,.]*)+$")


def _number_cells(segment: str) -> list[str]:
    return segment.split() if _NUMBERS_APART.match(segment) else [segment]


class _Grid:
    """A detected table: cell rectangles mapped onto the grid their edges make, collecting characters."""

    def __init__(self, cells: list[tuple[float, float, float, float]]) -> None:
        self.xs = sorted({round(cell[0], 1) for cell in cells})
        self.tops = sorted({round(cell[1], 1) for cell in cells})
        self.x0, self.top = min(c[0] for c in cells), min(c[1] for c in cells)
        self.x1, self.bottom = max(c[2] for c in cells), max(c[3] for c in cells)
        self.n_rows, self.n_cols = len(self.tops), len(self.xs)
        self._grid: list[list[int | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        self._boxes = cells
        self._chars: list[list[dict[str, Any]]] = [[] for _ in cells]
        self._spans: list[tuple[int, int]] = []
        for index, (x0, top, x1, bottom) in enumerate(cells):
            c0 = self.xs.index(round(x0, 1))
            r0 = self.tops.index(round(top, 1))
            c1 = max(c0 + 1, bisect_right(self.xs, x1 - 0.5))
            r1 = max(r0 + 1, bisect_right(self.tops, bottom - 0.5))
            self._spans.append((r1 - r0, c1 - c0))
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if self._grid[r][c] is None:
                        self._grid[r][c] = index

    def take(self, char: dict[str, Any]) -> bool:
        """Collect the character if its centre lies in one of the cells."""
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        if not (self.x0 <= x < self.x1 and self.top <= y < self.bottom):
            return False
        r = bisect_right(self.tops, y) - 1
        c = bisect_right(self.xs, x) - 1
        if r < 0 or c < 0:
            return False
        index = self._grid[r][c]
        if index is None:
            return False
        x0, top, x1, bottom = self._boxes[index]
        if not (x0 <= x < x1 and top <= y < bottom):
            return False
        self._chars[index].append(char)
        return True

    def table(self) -> Table | None:
        cells = [
            Cell(join_wrapped([line.text for line in _lines(chars)]), rowspan=rowspan, colspan=colspan)
            for chars, (rowspan, colspan) in zip(self._chars, self._spans, strict=True)
        ]
        if not any(cell.text for cell in cells):
            return None
        grid: list[list[Cell | None]] = [
            [cells[index] if index is not None else None for index in row] for row in self._grid
        ]
        return Table(grid)


# --- lines and paragraphs ------------------------------------------------------------------------------


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters into lines: a character joins a line when its vertical centre falls inside the line."""
    lines: list[_Line] = []
    for char in sorted(chars, key=lambda ch: (ch["top"] + ch["bottom"]) / 2):
        centre = (char["top"] + char["bottom"]) / 2
        line = lines[-1] if lines else None
        if line is not None and centre <= line.bottom:
            line.chars.append(char)
            line.top, line.bottom = min(line.top, char["top"]), max(line.bottom, char["bottom"])
        else:
            lines.append(_Line([char], char["top"], char["bottom"]))
    for line in lines:
        line.chars.sort(key=lambda ch: ch["x0"])
        line.x0, line.x1 = line.chars[0]["x0"], max(ch["x1"] for ch in line.chars)
        line.size = statistics.median(ch["size"] for ch in line.chars)
        line.segments = [text for text in (_line_text(part) for part in _split_at_gaps(line.chars)) if text]
        line.text = " ".join(line.segments)
    return lines


def _split_at_gaps(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Cut a line where the empty space between two glyphs (spaces not counted) is wider than a column gap."""
    parts: list[list[dict[str, Any]]] = [[]]
    previous: dict[str, Any] | None = None
    for char in chars:
        if char["text"].strip():
            if previous is not None and char["x0"] - previous["x1"] > _COLUMN_GAP * max(previous["size"], 1.0):
                parts.append([])
            previous = char
        parts[-1].append(char)
    return parts


def _line_text(chars: list[dict[str, Any]]) -> str:
    """Glyphs of one line left to right; a gap becomes a space between ASCII words, or when it is wide."""
    parts: list[str] = []
    previous: dict[str, Any] | None = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(previous["size"], 1.0)
            cjk = is_cjk(previous["text"][-1]) or is_cjk(char["text"][0])
            if gap > size or (gap > size * 0.25 and not cjk):
                parts.append(" ")
        parts.append(char["text"])
        previous = char
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _is_furniture(line: _Line, page_height: float) -> bool:
    """A page number in the top or bottom margin band."""
    in_margin = line.bottom < page_height * _MARGIN_SHARE or line.top > page_height * (1 - _MARGIN_SHARE)
    return in_margin and bool(_PAGE_NUMBER.match(line.text))


def _paragraphs(lines: list[_Line], grids: list[_Grid]) -> list[tuple[float, Paragraph]]:
    """Lines into paragraphs: a line that fills the measure continues into the next one, unless a table,
    an item marker (一、 （二） 3.) or a wider gap comes between them."""
    if not lines:
        return []
    body_size = statistics.median(ch["size"] for line in lines for ch in line.chars)
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    out: list[tuple[float, Paragraph]] = []
    current: list[_Line] = []
    for line in lines:
        if current and _continues(current[-1], line, left, right, grids):
            current.append(line)
            continue
        if current:
            out.append(_paragraph(current, body_size))
        current = [line]
    out.append(_paragraph(current, body_size))
    return out


def _continues(previous: _Line, line: _Line, left: float, right: float, grids: list[_Grid]) -> bool:
    size = max(previous.size, 1.0)
    return (
        previous.x1 >= right - 1.5 * size
        and line.x0 <= left + 0.5 * size
        and line.top - previous.bottom < 0.9 * size
        and abs(line.size - previous.size) < 0.5
        and not _ITEM_START.match(line.text)
        and len(previous.segments) == 1 and len(line.segments) == 1  # columns are not prose
        and not any(previous.bottom <= grid.top <= line.top for grid in grids)
    )


def _paragraph(lines: list[_Line], body_size: float) -> tuple[float, Paragraph]:
    text = join_wrapped([line.text for line in lines])
    heading = len(lines) == 1 and lines[0].size >= body_size * _HEADING_SIZE_RATIO
    return lines[0].top, Paragraph(text, heading=heading)


# --- tables across page breaks -------------------------------------------------------------------------

_EDGE_TOLERANCE = 2.0  # points: the same ruling line drawn on two pages


def _join_pages(pages: list[_Page]) -> list[Block]:
    """Blocks of all pages in order; a table that opens a page continues the table that closed the page
    before when its columns are theirs: the same edges, or a subset of them (a continuation whose rows
    span columns draws fewer lines), or at least the same count. A repeated header row is dropped."""
    blocks: list[Block] = []
    edges: list[list[float] | None] = []  # per block: a table's column edges
    for page in pages:
        closing_table = bool(blocks) and isinstance(blocks[-1], Table) and edges[-1] is not None
        for index, item in enumerate(page.items):
            previous, previous_edges = (blocks[-1], edges[-1]) if blocks else (None, None)
            if (
                index == 0 and closing_table and isinstance(item.block, Table) and item.edges is not None
                and isinstance(previous, Table) and previous_edges is not None
            ):
                mapping = _column_mapping(item.edges, previous_edges)
                if mapping is not None or item.block.n_cols == previous.n_cols:
                    continuation = _respread(item.block, mapping) if mapping is not None else item.block
                    blocks[-1] = _continue_table(previous, continuation)
                    continue
            blocks.append(item.block)
            edges.append(item.edges)
        if not page.items:  # a blank page between two parts: no continuation across it
            blocks.append(Paragraph(""))
            edges.append(None)
    return [block for block in blocks if not (isinstance(block, Paragraph) and not block.text)]


def _column_mapping(edges: list[float], onto: list[float]) -> list[tuple[int, int]] | None:
    """For each column of ``edges``, the range of ``onto``'s columns it covers; None unless every edge of
    ``edges`` is one of ``onto``'s and both tables share their outer edges."""
    positions = []
    for edge in edges:
        matches = [i for i, other in enumerate(onto) if abs(edge - other) <= _EDGE_TOLERANCE]
        if not matches:
            return None
        positions.append(matches[0])
    if positions[0] != 0 or positions[-1] != len(onto) - 1:
        return None
    return [(positions[i], positions[i + 1]) for i in range(len(positions) - 1)]


def _respread(table: Table, mapping: list[tuple[int, int]]) -> Table:
    """The table on the wider column grid: a cell whose column covers several of it fills them all."""
    grown: set[int] = set()
    grid: list[list[Cell | None]] = []
    for row in table.grid:
        new_row: list[Cell | None] = []
        for column, (start, end) in enumerate(mapping):
            cell = row[column] if column < len(row) else None
            new_row.extend([cell] * (end - start))
            if cell is not None and end - start > 1 and id(cell) not in grown:
                grown.add(id(cell))
                cell.colspan += end - start - 1
        grid.append(new_row)
    return Table(grid, loose=table.loose)


def _continue_table(first: Table, continuation: Table) -> Table:
    """Rows of the continuation below the first part, less the header rows it repeats."""
    repeated = 0
    while (
        repeated < min(first.n_rows, continuation.n_rows - 1)
        and first.row_texts(repeated) == continuation.row_texts(repeated)
    ):
        repeated += 1
    return Table(first.grid + continuation.grid[repeated:], loose=first.loose or continuation.loose)
