"""The one document model every reader produces: paragraphs and tables in reading order.

Readers differ wildly (HTML, text, DOCX, PDF); the parser should not care which one it got. A table is a
grid with row and column spans resolved: every position holds the ``Cell`` that covers it, and a spanned
cell is the *same object* at each position it covers, so the parser can tell a value from its span copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ReadError(Exception):
    """A document could not be read. The message names the document and what is wrong."""


class NeedsOCR(ReadError):
    """A scan: a PDF or image with no text layer. Reported as such, never as an empty report."""


class MissingTool(ReadError):
    """A reader needs a system program that is not installed (LibreOffice for DOC/WPS)."""


@dataclass(eq=False, slots=True)
class Cell:
    """One printed cell. ``eq=False``: identity tells a spanned cell's copies apart from equal-text cells.
    ``slots``: a page makes hundreds, each then cheaper to create and to read."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A grid with spans resolved.

    ``grid[r][c]`` is the Cell covering row r, column c, or None where the source had no cell at all
    (a short row). ``loose`` marks tables rebuilt from text whose columns may not line up (one cell per
    line, OCR output): the parser then trusts the order of values more than their column positions.
    """

    grid: list[list[Cell | None]]
    loose: bool = False

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return max((len(row) for row in self.grid), default=0)

    def row_texts(self, r: int) -> list[str]:
        """The texts of row r, one per column (a span copy repeats its text; a hole is '')."""
        return [cell.text if cell is not None else "" for cell in self.grid[r]]

    def row_cells(self, r: int) -> list[Cell]:
        """The distinct cells of row r, left to right, each once even when it spans columns."""
        seen: set[int] = set()
        out: list[Cell] = []
        for cell in self.grid[r]:
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                out.append(cell)
        return out

    def origin_of(self, r: int, c: int) -> tuple[int, int] | None:
        """Where the cell at (r, c) starts: its first row and column."""
        cell = self.grid[r][c] if c < len(self.grid[r]) else None
        if cell is None:
            return None
        first_r = r
        while first_r > 0 and c < len(self.grid[first_r - 1]) and self.grid[first_r - 1][c] is cell:
            first_r -= 1
        first_c = c
        while first_c > 0 and self.grid[r][first_c - 1] is cell:
            first_c -= 1
        return first_r, first_c

    @classmethod
    def from_rows(cls, rows: list[list[str]], loose: bool = False) -> Table:
        """A span-free table from rows of texts."""
        return cls([[Cell(text) for text in row] for row in rows], loose=loose)

    @classmethod
    def from_spanned(cls, rows: list[list[Cell]], loose: bool = False) -> Table:
        """Resolve row/column spans (HTML/DOCX semantics) into a grid.

        ``rows`` lists, per source row, the cells that *start* in it, left to right; each cell's
        ``rowspan``/``colspan`` say how far it reaches. Positions still covered by a rowspan from above
        are skipped when placing a row's cells, as browsers do.
        """
        # rowspans reaching past the last source row are cut there, as a browser renders them
        grid: list[list[Cell | None]] = [[] for _ in rows]
        for r, row in enumerate(rows):
            line = grid[r]
            c = 0
            for cell in row:
                while c < len(line) and line[c] is not None:
                    c += 1
                if cell.rowspan <= 1 and cell.colspan <= 1:  # most cells: one free position, at the end or a hole
                    if c == len(line):
                        line.append(cell)
                    else:
                        line[c] = cell
                    c += 1
                    continue
                end = c + max(cell.colspan, 1)
                for target in grid[r:r + max(cell.rowspan, 1)]:
                    if len(target) < end:
                        target.extend([None] * (end - len(target)))
                    for column in range(c, end):
                        if target[column] is None:
                            target[column] = cell
                c = end
        return cls(grid, loose=loose)


@dataclass
class Paragraph:
    text: str
    heading: bool = False


Block = Paragraph | Table


@dataclass
class Document:
    """A read document: its blocks in reading order, plus what the reader learned on the way."""

    blocks: list[Block]
    media_type: str  # text/html, text/plain, text/markdown, application/pdf, ...docx, application/msword, ...
    title: str | None = None  # <title>, DOCX core title, PDF metadata title: a hint for agency and year
    source: str = ""  # path or URL, for messages
    warnings: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def text(self) -> str:
        """All text, tables flattened row by row (cells joined by tabs): for keyword and prose search."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                for r in range(block.n_rows):
                    parts.append("\t".join(cell.text for cell in block.row_cells(r)))
        return "\n".join(parts)
