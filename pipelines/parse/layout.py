"""From the document model to rows, sections and value groups: what the section parsers work on.

Every block becomes rows of cell texts in reading order (a paragraph is a one-cell row). Sections are
found by keyword in short rows (headings), never by their ordinal, since reports renumber them. Inside a
section a *group* is a printed label with the values that belong to it: the cells after the label in a
multi-cell row ("row mode"), or, in one-cell-per-line layouts ("cell mode"), the value lines that follow a
label line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from pipelines.extract.model import Cell, Document, Paragraph, Table
from pipelines.extract.values import ANNOTATION, BLANK, LABEL, NUMBER, CellValue, fold, read_cell


@dataclass
class Row:
    cells: list[str]
    is_table: bool
    heading: bool = False
    table: int | None = None  # which table of the document the row belongs to
    # every row's text is searched (sections, title, dates), so both are computed once, up front
    text: str = field(init=False, repr=False, compare=False)
    folded: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cells = self.cells
        if len(cells) == 1:  # a line of a paragraph, a one-column row
            self.text = text = cells[0]
            self.folded = _fold_short(text) if len(text) <= _SHORT else fold(text)
            return
        present = tuple(filter(None, cells))
        self.text = text = " ".join(present)
        # whole rows recur too (the format's headers and labels, rows of zeros): a short one is remembered
        self.folded = _fold_row(present) if len(text) <= _SHORT_ROW else _fold_cells(present)


_SHORT = 64  # longer texts are prose, not worth remembering
_SHORT_ROW = 256  # rows remembered whole: a table row of labels and numbers, not of prose


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:
    return fold(text)


def _fold_cells(cells: tuple[str, ...]) -> str:
    """A row's cells folded and joined. Folding cell by cell gives what folding the row would (a space never
    joins the characters around it), and short cells (labels, headings, numbers) recur in every report."""
    if max(map(len, cells), default=0) <= _SHORT:  # the usual row: folded without a Python call per cell
        return "".join(map(_fold_short, cells))
    return "".join([_fold_short(cell) if len(cell) <= _SHORT else fold(cell) for cell in cells])


_fold_row = lru_cache(maxsize=16384)(_fold_cells)


def document_rows(document: Document) -> list[Row]:
    """All rows in reading order. Span copies of numbers are blanked so a value is never counted twice."""
    rows: list[Row] = []
    for index, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            for line in block.text.split("\n"):
                if line.strip():
                    rows.append(Row([line.strip()], is_table=False, heading=block.heading))
        else:
            rows.extend(_table_rows(block, index))
    return rows


def _table_rows(table: Table, index: int) -> list[Row]:
    out: list[Row] = []
    one_column = table.n_cols == 1
    above: list[Cell | None] = []
    for line in table.grid:
        # one plain loop per row (cheaper than comparisons mapped in C, which call a function per cell)
        cells: list[str] = []
        left: Cell | None = None
        reach = len(above)
        for c, cell in enumerate(line):
            if cell is None:
                cells.append("")
            else:
                text = cell.text
                if "\n" in text:  # a label wrapped in its cell
                    text = text.replace("\n", "")
                # a span copy (the same cell as to its left or above) of a number or blank: its value belongs
                # to its first position only
                if (cell is left or (c < reach and above[c] is cell)) and read_cell(text).kind != LABEL:
                    text = ""
                cells.append(text)
            left = cell
        if any(cells) or one_column:  # in a one-cell-per-line table an empty row is a blank cell
            out.append(Row(cells, is_table=True, table=index))
        above = line
    return out


# --- sections ---------------------------------------------------------------------------------------------
HEADING_MAX = 42


_ORDINAL_START = re.compile(r"^(?:#+|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分|\d{1,2}[.、])")


def is_heading_like(row: Row) -> bool:
    """Where section titles are printed: a marked heading, a short row opening with an ordinal, or a very
    short row. Lines of a wrapped paragraph that merely name the sections are not headings."""
    texts = [cell for cell in row.cells if cell]
    if row.heading:
        return True
    if len(texts) > 2:
        return False
    folded = row.folded
    if folded.endswith(("。", ";", "；")):
        return False
    return (len(folded) <= HEADING_MAX and bool(_ORDINAL_START.match(folded))) or len(folded) <= 20


def find_heading(rows: list[Row], keywords: tuple[str, ...], start: int = 0, end: int | None = None,
                 last: bool = False) -> int | None:
    """Index of the first (or last) heading-like row containing all ``keywords``."""
    end = len(rows) if end is None else end
    found: int | None = None
    for i in range(start, end):
        row = rows[i]
        folded = row.folded
        for keyword in keywords:  # the cheap test first (a loop, not all() over a generator: every row)
            if keyword not in folded:
                break
        else:
            if is_heading_like(row):
                if not last:
                    return i
                found = i
    return found


# --- groups -----------------------------------------------------------------------------------------------
@dataclass
class Group:
    """A label and the value cells printed with it (numbers and blanks, in order)."""

    label: str
    context: str  # labels printed just before it (group names such as （三）不予公开)
    values: list[CellValue]
    row: int  # index of the row the group starts in
    table: int | None = None
    first_col: int | None = None  # column of the first value cell, in row mode
    row_cells: list[CellValue] | None = None  # the whole printed row, in row mode
    wrapped: str = ""  # the text line just above, when the label may have been wrapped from it
    _numbers: list[CellValue] | None = field(default=None, init=False, repr=False, compare=False)

    def label_variants(self) -> list[str]:
        """Texts to recognise the row by, most specific first: its label, with its group name, with the
        line above it (a label wrapped so that its numbers stand beside its last line)."""
        variants = [self.label] if self.label else []
        if self.context:
            variants.append(self.context + self.label)
        if self.wrapped:
            variants.append(self.wrapped + self.label)
        return variants

    @property
    def numbers(self) -> list[CellValue]:
        """The group's numbers (read once the group is complete, then remembered: a plain attribute test
        costs less than functools.cached_property, which takes a lock on every first read)."""
        if self._numbers is None:
            self._numbers = [value for value in self.values if value.kind == NUMBER]
        return self._numbers


def classify(cells: list[str]) -> list[CellValue]:
    return list(map(read_cell, cells))


_kind = attrgetter("kind")


def kinds_of(values: list[CellValue]) -> list[str]:
    """The kinds of cells, read in C: groups are built from every row of a section."""
    return list(map(_kind, values))


def wide_value_rows(rows: list[Row], start: int, end: int, minimum: int = 3) -> int:
    """How many rows in the range carry several values: tells row mode from cell mode."""
    count = 0
    for row in rows[start:end]:
        kinds = kinds_of(classify(row.cells))
        if kinds.count(NUMBER) + kinds.count(BLANK) >= minimum and kinds.count(NUMBER) >= 1:
            count += 1
    return count


def build_groups(rows: list[Row], start: int, end: int, cell_mode: bool) -> list[Group]:
    """Label/value groups of a section. In row mode one-cell rows (floating OCR text) are left out."""
    groups: list[Group] = []
    pending_labels: list[str] = []
    current: Group | None = None
    for i in range(start, end):
        row = rows[i]
        if row.is_table and len(row.cells) > 1:
            current = None
            pending_labels = []
            cells = tuple(row.cells)
            shape = _row_group(cells) if len(row.text) <= _SHORT_ROW else _row_shape(cells)
            if shape is None:
                continue
            label, context, tail, first_col, values = shape
            wrapped = _line_above(rows, i, start) if label else ""
            groups.append(Group(label, context, list(tail), i, row.table, first_col, list(values), wrapped))
            continue
        if not cell_mode:
            continue
        text = next((cell for cell in row.cells if cell.strip()), "")
        value = read_cell(text) if text else CellValue(BLANK)
        if not text and len(row.cells) == 1:
            value = CellValue(BLANK)
        if value.kind == LABEL:
            if current is not None:
                current = None
                pending_labels = []
            pending_labels.append(text)
        elif value.kind in (NUMBER, BLANK):
            if current is None:
                if not pending_labels:
                    if value.kind == BLANK:
                        continue
                    current = Group("", "", [], i)
                else:
                    current = Group(pending_labels[-1], "".join(pending_labels[:-1]), [], i)
                groups.append(current)
                pending_labels = []
            current.values.append(value)
        elif value.kind == ANNOTATION:
            continue
    return groups


#: A row-mode group as read from its row alone: (label, context, value cells, first value column, all cells).
_Shape = tuple[str, str, tuple[CellValue, ...], int, tuple[CellValue, ...]]


def _row_shape(cells: tuple[str, ...]) -> _Shape | None:
    """How a multi-cell row reads as a group (see ``Group``), or None when it carries no values."""
    values = classify(list(cells))
    kinds = kinds_of(values)
    last_label = len(kinds) - 1 - kinds[::-1].index(LABEL) if LABEL in kinds else -1
    head = zip(cells[:last_label + 1], kinds[:last_label + 1], strict=True)
    labels = _dedupe([cell for cell, kind in head if kind == LABEL])
    tail = tuple(v for v in values[last_label + 1:] if v.kind in (NUMBER, BLANK))
    if NUMBER not in kinds[last_label + 1:] and not (labels and tail):
        return None
    return labels[-1] if labels else "", "".join(labels[:-1]), tail, last_label + 1, tuple(values)


#: Reports print the same rows (the format's labels over rows of zeros) again and again: short ones remembered.
_row_group = lru_cache(maxsize=16384)(_row_shape)


def _line_above(rows: list[Row], i: int, start: int) -> str:
    """The text of the row above when it is a lone label (the first part of a wrapped label)."""
    if i - 1 < start:
        return ""
    above = [cell for cell in rows[i - 1].cells if cell.strip()]
    if len(above) == 1 and read_cell(above[0]).kind == LABEL and len(above[0]) <= 30:
        return above[0]
    return ""


def _dedupe(labels: list[str]) -> list[str]:
    out: list[str] = []
    for label in labels:
        if not out or out[-1] != label:
            out.append(label)
    return out


def fit_values(values: list[CellValue], width: int) -> list[CellValue | None] | None:
    """Place a group's printed values into ``width`` columns, or None when the placement is unknown.

    Exactly ``width`` cells (blanks included) are read by position. Blank cells at the edges are layout
    residue (empty label columns) and are dropped when that leaves ``width``. With fewer values the
    cells are right-aligned only when blanks mark the empty positions (a row printing its 总计 alone).
    Anything else is ambiguous and left unread: a lone number in a row whose blanks left no trace may be its
    总计 (the applicant columns left blank) or its 自然人 (every other column blank, the 总计 too); real
    reports print both.
    """
    if len(values) == width:
        return list(values)
    if len(values) > width and all(value.kind == BLANK for value in values[width:]):
        return list(values[:width])  # a row with fewer columns than its table: they come first
    trimmed = strip_blanks(values)
    if len(trimmed) == width:
        return list(trimmed)
    if len(values) > width and all(value.kind == BLANK for value in values[: len(values) - width]):
        return list(values[len(values) - width:])  # empty label columns before the values
    numbers = [value for value in values if value.kind == NUMBER]
    if len(numbers) == width:
        return numbers
    if not numbers:
        return [None] * width
    trailing_trimmed = list(values)
    while trailing_trimmed and trailing_trimmed[-1].kind == BLANK:
        trailing_trimmed.pop()
    if len(trailing_trimmed) < width and len(trailing_trimmed) > len(numbers):
        return [None] * (width - len(trailing_trimmed)) + trailing_trimmed
    if width == 1 and trimmed and trimmed[0].kind == NUMBER:
        return [trimmed[0]]
    return None


def strip_blanks(values: list[CellValue]) -> list[CellValue]:
    start, end = 0, len(values)
    while start < end and values[start].kind == BLANK:
        start += 1
    while end > start and values[end - 1].kind == BLANK:
        end -= 1
    return values[start:end]


def align_to_table_columns(groups: list[Group], width: int) -> dict[int, list[CellValue | None]]:
    """Positional cells for short rows of a table whose full rows all start their values in one column.

    Rows with blank cells lose their positions in loose text (a tab-separated row may carry empty label
    cells before its values); when the table's complete rows agree on where the values start, a short
    row is read at those columns. Returns {index of group: cells} for the groups it could place.
    """
    starts: dict[int | None, Counter[int]] = {}
    for group in groups:
        if group.row_cells is None or len(group.numbers) != width:
            continue
        kinds = kinds_of(group.row_cells)
        first = kinds.index(NUMBER)
        if kinds[first:first + width].count(NUMBER) == width:
            starts.setdefault(group.table, Counter())[first] += 1
    placed: dict[int, list[CellValue | None]] = {}
    for g, group in enumerate(groups):
        votes = starts.get(group.table)
        if group.row_cells is None or not votes or len(group.numbers) >= width:
            continue
        start, count = votes.most_common(1)[0]
        if count < 3 or count < 0.8 * sum(votes.values()):
            continue
        window = group.row_cells[start:start + width]
        outside = group.row_cells[:start] + group.row_cells[start + width:]
        if len(window) < width or any(value.kind not in (NUMBER, BLANK) for value in window):
            continue
        if any(value.kind == NUMBER for value in outside):
            continue
        placed[g] = [value if value.kind == NUMBER else None for value in window]
    return placed
