"""Plain text and markdown into the document model.

Text reaches us from portals and PDF/OCR tools in several table layouts, and each line says which one
it belongs to:

- markdown pipe rows ``| a | b |`` (separator rows dropped);
- one cell per line ending in `` |`` (no row boundaries at all: a one-column loose table);
- one cell per line indented by a tab, rows separated by blank lines, a cell's wrapped text on
  following lines without the tab;
- tab-separated rows, possibly with empty leading cells and blank lines inside the table;
- PDF-layout rows whose columns are runs of two or more spaces;
- ``行政许可 97``: a label and its numbers separated by single spaces (OCR output, text taken from a PDF
  without its layout), the label possibly numbered (``2. 重复申请 0 0``) or after a merged header's words,
  and ``0 0 2``, numbers alone: no column can be told from single spaces, so blank cells are not restored.

Anything else is a paragraph. Tables rebuilt from text are ``loose``: their columns need not line up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from itertools import islice

from pipelines.extract.decode import join_wrapped
from pipelines.extract.model import Document, Paragraph, Table
from pipelines.extract.values import BLANK, NUMBER, read_cell

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_LINE = re.compile(r"^(?!\s*\|.*\|\s*$)(.*?)\s*\|\s*$")  # "cell |" or a blank " |", not "| a |"
_SPACED = re.compile(r"(?:\s{2,}|\u3000+)")
_HEADING = re.compile(r"^\s*(#{1,6})\s*(.*?)\s*#*\s*$")
_ORDINAL_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")
#: An item's number before its label: 1. 2、 3．
_ITEM_ORDINAL = r"\d{1,2}[.、．]"
_NUMBER_TAIL = re.compile(
    rf"^(?P<label>(?:{_ITEM_ORDINAL}\s*)?[^\d\s][^。；;！？!?]*?)\s+(?P<nums>(?:[+\-−－]?\d[\d,.]*\s*(?:件|万元|元)?\s*)+)$"
)
#: Item numbers inside a label ("三、本年度 3. 补正后…"), and where such a label splits into cells.
_ORDINALS = re.compile(rf"(?:^|\s){_ITEM_ORDINAL}")
_INNER_ORDINAL = re.compile(rf"\s+(?={_ITEM_ORDINAL}\s*[^\d\s])")
_PAGE_MARK = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)\s*$")
_SENTENCE_END = re.compile(r"[。；;，,：:！？!?]$")


#: A centred line holding only a number (or ``- 2 -``) right before or right after a form feed: the page
#: number PDF-to-text output prints at each page's foot or head, which can fall mid-sentence or mid-table.
_PAGE_NUMBER = r"(?:[ \t\u3000]{4,}\d{1,3}|[ \t\u3000]*[-—–－][ \t\u3000]*\d{1,3}[ \t\u3000]*[-—–－])[ \t\u3000]*"
_PAGE_NUMBER_AT_BREAK = re.compile(rf"(?:^|\n){_PAGE_NUMBER}\n?[ \t\n]*\f|\f[ \t\n]*{_PAGE_NUMBER}(?=\n)")
#: The same number flush left, in a paragraph of its own (a blank line above it) at the page's foot: text taken
#: from a PDF without its layout.
_BARE_PAGE_NUMBER_AT_BREAK = re.compile(r"(?<=\n)[ \t]*\n[ \t]*\d{1,3}[ \t]*\n(?=[ \t\n]*\f)")
#: No-break and typographic spaces, as plain spaces (text copied from pages has them); U+3000, the ideographic
#: space, stays: a run of it separates columns.
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")


def read_text(text: str, source: str = "", media_type: str = "text/plain") -> Document:
    """Split text into paragraphs and loose tables, recognising each line's layout."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:  # a bare number next to a page break is the page's number, not a value (nor part of one)
        text = _PAGE_NUMBER_AT_BREAK.sub("\f", _BARE_PAGE_NUMBER_AT_BREAK.sub("\n", text)).replace("\f", "\n")
    if "\u00a0" in text:
        text = "\n".join(_nbsp_cells_as_cell_lines(text.split("\n")))
    if _SPACES.search(text):
        text = _SPACES.sub(" ", text)
    lines = [line for line in text.split("\n") if not _PAGE_MARK.match(line)]
    if "｜" in text:  # full-width pipes (OCR output, or text passed through a full-width conversion)
        lines = [_half_width_pipes(line) for line in lines]
    lines = _outer_pipes(_drop_running_headers(_undouble_spacing(lines)))
    blocks: list[Paragraph | Table] = []
    i = 0
    n = len(lines)
    tab_cell_style = _is_tab_cell_layout(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _PIPE_ROW.match(line):
            i = _read_pipe_table(lines, i, blocks)
        elif _CELL_LINE.match(line) and len(list(islice(_cell_lines(lines, i), 4))) == 4:
            i = _read_cell_lines(lines, i, blocks)
        elif "\t" in line and tab_cell_style:
            i = _read_tab_cells(lines, i, blocks)
        elif "\t" in line and line.strip("\t "):
            i = _read_tab_rows(lines, i, blocks)
        elif _is_spaced_row(line):
            i = _read_spaced_rows(lines, i, blocks)
        elif _number_tail(line):
            i = _read_number_tail_rows(lines, i, blocks)
        elif "\t" in line:  # a line of tabs only
            i += 1
        else:
            blocks.append(_paragraph(line))
            i += 1
    return Document(blocks=blocks, media_type=media_type, source=source)


# --- one cell per line, a blank cell a line of no-break spaces ---------------------------------------------
#: A line of no-break spaces only: a table cell holding ``&nbsp;`` alone, as a page's text gives it one cell per
#: line (BeautifulSoup's ``get_text("\n")``, a copy from some browsers). An empty line says nothing there.
_NBSP_CELL = re.compile(r"^[ \u00a0\u3000]*\u00a0[ \u00a0\u3000]*$")
#: The report's own section titles, which end a table: 二、主动公开政府信息情况 … 六、其他需要报告的事项 (not
#: a table's row label such as 三、本年度办理结果 or 四、结转下年度继续办理).
_SECTION_TITLE = re.compile(
    r"^\s*[一二三四五六七八九十]+[、.．].*(?:主动公开|收到和处理|申请情况|行政复议|行政诉讼|存在的主要问题|改进情况|其他需要报告)")
_CELL_TEXT_MAX = 40


def _is_plain_cell(line: str) -> bool:
    """A line that may be one table cell: a blank cell, or a short text that is no sentence, section title or
    row (columns a run of spaces apart, a label and its numbers, numbers one space apart). Spaces alone make no
    blank cell: a page's source indentation gives such lines between every cell."""
    if _NBSP_CELL.match(line):
        return True
    text = line.strip()
    return (0 < len(text) <= _CELL_TEXT_MAX and "\t" not in line and "|" not in line and "｜" not in line
            and not re.search(r"[。；;！？!?]|[ \u00a0\u3000]{2,}", text) and not _SECTION_TITLE.match(text)
            and not _NUMBER_TAIL.match(text) and not _NUMBER_RUN.match(text))  # a row, not a cell


def _nbsp_cells_as_cell_lines(lines: list[str]) -> list[str]:
    """Tables printed one cell per line, their blank cells lines of no-break spaces, as one-cell-per-line
    tables in the `` |`` layout: the blank cells keep their places, so rows with blanks are read by position
    instead of being left empty. Only runs of short lines holding numbers and a blank cell, up to a section
    title; everything else is left as it is."""
    if not any(_NBSP_CELL.match(line) for line in lines):
        return lines
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        if not _is_plain_cell(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        run: list[str] = []
        j = i
        while j < n and (_is_plain_cell(lines[j]) or not lines[j].strip(" \t")):
            if lines[j].strip(" \t"):
                run.append(lines[j])
            j += 1
        numbers = sum(1 for line in run if read_cell(line.strip()).kind == NUMBER)
        if numbers >= 4 and any(_NBSP_CELL.match(line) for line in run):
            out.extend(" |" if _NBSP_CELL.match(line) else f"{line.strip()} |" for line in run)
            out.append("")
        else:
            out.extend(lines[i:j])
        i = j
    return out


def _half_width_pipes(line: str) -> str:
    """A pipe row or cell line written with full-width pipes, as one with ASCII pipes."""
    stripped = line.strip()
    return line.replace("｜", "|") if stripped.startswith("｜") or stripped.endswith("｜") or stripped.count("｜") > 1 else line


def _title_key(line: str) -> str:
    """A line as running headers are compared: no whitespace, no markdown heading marks."""
    return "".join(line.replace("｜", "|").strip().lstrip("#").split())


def _drop_running_headers(lines: list[str]) -> list[str]:
    """Drop page headers that PDF-to-text conversion leaves inside the text: the report's name printed again
    at the top of each page, anywhere (mid-table too, where it would cut the table in two). A short line
    naming the report (``…年度报告``) printed more than once is such a header; only an occurrence among the
    first lines, the title, stays."""
    keys = [_title_key(line) for line in lines]
    counts: dict[str, int] = {}
    for key in keys:
        if "年度报告" in key and len(key) <= 60:
            counts[key] = counts.get(key, 0) + 1
    repeated = {key for key, count in counts.items() if count > 1}
    if not repeated:
        return lines
    out: list[str] = []
    kept: set[str] = set()  # the repeated lines kept once, as the title
    nonblank = 0
    for line, key in zip(lines, keys, strict=True):
        nonblank += bool(key)
        if key in repeated:
            if nonblank > 5 or key in kept:
                continue
            kept.add(key)
        out.append(line)
    return out


def _is_blank_line(line: str) -> bool:
    return not line.strip(" \u3000")


def _undouble_spacing(lines: list[str]) -> list[str]:
    """Undo double spacing: text in which (nearly) every line is followed by a blank one, as some page-to-text
    conversions write each block as a paragraph of its own. There a blank line says nothing, yet it would cut
    a one-cell-per-line table at every cell; a run of r blank lines stands for (r - 1) // 2 of the original.
    A line holding a tab is no blank line: in the tab-indented layout it is a blank cell."""
    runs: list[int] = []  # blank lines between consecutive non-blank lines
    blank = None
    for line in lines:
        if not _is_blank_line(line):
            if blank is not None:
                runs.append(blank)
            blank = 0
        elif blank is not None:
            blank += 1
    if len(runs) < 20 or sum(1 for run in runs if run >= 1) < 0.9 * len(runs):
        return lines
    out: list[str] = []
    run = 0
    for line in lines:
        if not _is_blank_line(line):
            out.extend([""] * ((run - 1) // 2))
            out.append(line)
            run = 0
        else:
            run += 1
    return out


def text_layout_blocks(lines: list[str]) -> list[Paragraph | Table] | None:
    """The blocks of a document without tables whose paragraphs are the lines of a table flattened to text (a
    cell or a row per paragraph: CMS pastes, pages and Word files made from extracted text), read as text:
    its layouts give the tables back. None when they give none, or the document is too short to tell."""
    if len(lines) < 20:
        return None
    blocks = read_text("\n".join(lines)).blocks
    return blocks if any(isinstance(block, Table) for block in blocks) else None


def _paragraph(line: str) -> Paragraph:
    match = _HEADING.match(line)
    if match:
        return Paragraph(match.group(2).strip(), heading=True)
    stripped = line.strip()
    heading = bool(_ORDINAL_HEADING.match(stripped)) and len(stripped) <= 40 and not _SENTENCE_END.search(stripped)
    return Paragraph(stripped, heading=heading)


# --- markdown pipe tables ---------------------------------------------------------------------------------
def _read_pipe_table(lines: list[str], i: int, blocks: list[Paragraph | Table]) -> int:
    rows: list[list[str]] = []
    while i < len(lines) and _PIPE_ROW.match(lines[i]):
        line = lines[i].strip()
        if not _PIPE_SEPARATOR.match(line):
            cells = [cell.strip() for cell in line[1:-1].split("|")]
            rows.append(cells)
        i += 1
    if rows:
        blocks.append(Table.from_rows(rows, loose=True))
    return i


def _outer_pipes(lines: list[str]) -> list[str]:
    """Give the outer pipes to markdown tables written without them (``a | b`` over ``--- | ---``, valid
    GFM): recognised by their delimiter row, the rows around it are read as pipe rows."""
    out = list(lines)
    for k, line in enumerate(lines):
        stripped = line.strip()
        if "|" not in stripped or stripped.startswith("|") or not _PIPE_SEPARATOR.match(stripped):
            continue
        start = k
        while start > 0 and "|" in lines[start - 1] and not lines[start - 1].lstrip().startswith("|"):
            start -= 1
        end = k + 1
        while end < len(lines) and "|" in lines[end] and not lines[end].lstrip().startswith("|"):
            end += 1
        for j in range(start, end):
            row = lines[j].strip()
            out[j] = f"| {row}" + ("" if row.endswith("|") else " |")
    return out


# --- one cell per line ending in " |" -------------------------------------------------------------------
def _is_cell_line(line: str) -> bool:
    return bool(_CELL_LINE.match(line)) and not _PIPE_ROW.match(line)


def _next_is_cell_line(lines: list[str], i: int) -> bool:
    """Line i is blank and the next non-blank line is a cell line: a blank line inside the table (a blank
    cell is printed `` |``, so a blank line is no cell: page breaks leave them)."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i < len(lines) and _is_cell_line(lines[i])


def _wrapped_cell_start(lines: list[str], i: int) -> bool:
    """Line i is the first part of a cell whose text wrapped (``本年收费金额`` over ``（单位：万元） |``): a short
    line that is no cell, heading or sentence, right before a cell line."""
    text = lines[i].strip()
    return (
        0 < len(text) <= 30 and not _is_cell_line(lines[i]) and not _PIPE_ROW.match(lines[i])
        and not _ORDINAL_HEADING.match(text) and not _SENTENCE_END.search(text)
        and i + 1 < len(lines) and _is_cell_line(lines[i + 1])
    )


def _cell_lines(lines: list[str], i: int) -> Iterator[tuple[str, int]]:
    """The cells of the one-cell-per-line table starting at line i, each with the index of the line after it:
    blank lines inside the table are skipped, a cell wrapped onto two lines is one cell. Both the layout test
    (four cells at least) and the reader walk the table through here."""
    cells = 0
    while i < len(lines):
        if cells and not lines[i].strip() and _next_is_cell_line(lines, i):
            i += 1
            continue
        wrapped = _CELL_LINE.match(lines[i + 1]) if cells and _wrapped_cell_start(lines, i) else None
        if wrapped:
            text = join_wrapped([lines[i].strip(), wrapped.group(1).strip()])
            i += 2
        else:
            match = _CELL_LINE.match(lines[i])
            if not match or _PIPE_ROW.match(lines[i]):
                return
            text = match.group(1).strip()
            i += 1
        cells += 1
        yield text, i


def _read_cell_lines(lines: list[str], i: int, blocks: list[Paragraph | Table]) -> int:
    cells = list(_cell_lines(lines, i))
    blocks.append(Table.from_rows([[text] for text, _ in cells], loose=True))
    return cells[-1][1] if cells else i


# --- one cell per line, tab-indented, rows separated by blank lines -------------------------------------
def _is_tab_cell_layout(lines: list[str]) -> bool:
    """Most tab lines are a single tab-indented cell: the seed-001 layout rather than tab-separated rows."""
    tab_lines = [line for line in lines if "\t" in line]
    if len(tab_lines) < 10:
        return False
    single = sum(1 for line in tab_lines if line.startswith("\t") and "\t" not in line[1:])
    return single >= 0.8 * len(tab_lines)


def _read_tab_cells(lines: list[str], i: int, blocks: list[Paragraph | Table]) -> int:
    rows: list[list[str]] = []
    row: list[str] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            row.append(line[1:].strip())
        elif not line.strip():
            if row:
                rows.append(row)
                row = []
            # two blank lines, or a blank line followed by a non-table line, end the table
            nxt = lines[i + 1] if i + 1 < n else ""
            if not nxt.startswith("\t") and (not nxt.strip() or not _continues_cell(nxt)):
                if not nxt.strip() and i + 2 < n and lines[i + 2].startswith("\t"):
                    i += 1
                    continue
                i += 1
                break
        elif row and _continues_cell(line):
            row[-1] = f"{row[-1]}\n{line.strip()}" if row[-1] else line.strip()
        else:
            break
        i += 1
    if row:
        rows.append(row)
    if rows:
        blocks.append(Table.from_rows(rows, loose=True))
    return i


def _continues_cell(line: str) -> bool:
    """A short line without a tab inside a tab-cell table: the wrapped rest of the previous cell."""
    stripped = line.strip()
    return 0 < len(stripped) <= 12 and not _ORDINAL_HEADING.match(stripped)


# --- tab-separated rows ---------------------------------------------------------------------------------
def _read_tab_rows(lines: list[str], i: int, blocks: list[Paragraph | Table]) -> int:
    rows: list[list[str]] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if "\t" in line:
            rows.append([cell.strip() for cell in line.split("\t")])
            i += 1
        elif not line.strip() and i + 1 < n and "\t" in lines[i + 1]:
            i += 1  # a blank line inside the table
        elif line.strip() and i + 1 < n and "\t" in lines[i + 1] and len(line.strip()) <= 40 and rows:
            rows.append([line.strip()])  # a label wrapped onto a line of its own
            i += 1
        else:
            break
    blocks.append(Table.from_rows(rows, loose=True))
    return i


# --- PDF-layout rows: columns as runs of spaces ---------------------------------------------------------
def _is_spaced_row(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _PIPE_ROW.match(line) or _PIPE_SEPARATOR.match(line) or _HEADING.match(line):
        return False  # markdown (pipe rows, headings) is read as such, whatever spaces it holds
    cells = [cell for cell in _SPACED.split(stripped) if cell]
    if len(cells) < 2:
        return False
    kinds = [read_cell(cell).kind for cell in cells]
    return kinds.count(NUMBER) + kinds.count(BLANK) >= 1 or len(cells) >= 3


_NUM = r"[+\-−－]?\d[\d,.]*(?:件|万元|元)?"
_NUMBER_RUN = re.compile(rf"^{_NUM}(?:\s+{_NUM})+$")
_NUMBER_ONLY = re.compile(rf"^{_NUM}$")
_UNIT = re.compile(r"^(?:件|万元|元)$")
_LABEL_THEN_NUMBER = re.compile(rf"^(?P<label>.*[^\d\s.,])\s+(?P<num>{_NUM})$")


Positioned = list[tuple[str, int, int]]  # cell text, first and last+1 display column


def display_width(text: str) -> int:
    """Columns a string takes in PDF-layout text: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _split_cells(line: str) -> Positioned:
    """Cells of a PDF-layout row with their display columns. Narrow columns may be one space apart:
    ``0 0 0`` is three cells, and a number one space after its label is its own cell."""
    cells: Positioned = []
    for match in re.finditer(r"\S+(?: \S+)*", line.replace("\u3000", "  ")):
        cell = match.group()
        col = display_width(line[: match.start()])
        if _NUMBER_RUN.match(cell):
            for part in re.finditer(r"\S+", cell):
                start = col + display_width(cell[: part.start()])
                cells.append((part.group(), start, start + display_width(part.group())))
            continue
        label_number = _LABEL_THEN_NUMBER.match(cell)
        if label_number and not _SENTENCE_END.search(label_number.group("label")):
            num = label_number.group("num")
            end = col + display_width(cell)
            cells.append((label_number.group("label"), col, col + display_width(label_number.group("label"))))
            cells.append((num, end - display_width(num), end))
            continue
        if _UNIT.match(cell) and cells and _NUMBER_ONLY.match(cells[-1][0]):  # "63.79　万元": one cell
            text, start, _ = cells.pop()
            cells.append((f"{text}{cell}", start, col + display_width(cell)))
            continue
        cells.append((cell, col, col + display_width(cell)))
    return cells


def _read_spaced_rows(lines: list[str], i: int, blocks: list[Paragraph | Table]) -> int:
    rows: list[Positioned] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_spaced_row(line):
            rows.append(_split_cells(line))
            i += 1
        elif not line.strip() and i + 1 < n and _is_spaced_row(lines[i + 1]):
            i += 1
        elif not line.strip() and rows and (blanks := _blank_lines_then_label(lines, i)):
            i += blanks
        elif rows and _wrapped_label_lines(lines, i):
            start = display_width(line[: len(line) - len(line.lstrip())])
            rows.append([(line.strip(), start, start + display_width(line.strip()))])  # a wrapped label line
            i += 1
        else:
            break
    blocks.append(Table.from_rows(_restore_blank_cells(_join_labels_around_numbers(rows)), loose=True))
    return i


#: A label's first line: it opens with its item number (一、 （二） 3.).
_LABEL_START = re.compile(rf"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|{_ITEM_ORDINAL})")


def _is_label_around_numbers(row: Positioned) -> bool:
    """A row of one short text: a wrapped label's line."""
    text = row[0][0]
    return len(row) == 1 and 0 < len(text) <= 30 and read_cell(text).kind != NUMBER and not _SENTENCE_END.search(text)


def _split_at_column(cell: tuple[str, int, int], column: int) -> list[tuple[str, int, int]]:
    """A label cell that runs into ``column`` across a space (a group's label one space before a wrapped
    label's middle line: ``（六）其他处理 行政机关不再…``) as its two parts; else the cell."""
    text, start, end = cell
    if not start < column - 2 < end:
        return [cell]
    for k, char in enumerate(text):
        if char == " " and abs(start + display_width(text[: k + 1]) - column) <= 2:
            head, tail = text[:k], text[k + 1:]
            at = start + display_width(text[: k + 1])
            return [(head, start, start + display_width(head)), (tail, at, end)]
    return [cell]


def _join_labels_around_numbers(rows: list[Positioned]) -> list[Positioned]:
    """A row whose numbers stand on a line of their own between its label's first and last lines, as a PDF
    centres them against a label of two lines (``5.要求行政机关确认或重新出具`` / ``0 0 …`` / ``已获取信息``),
    or on the middle line of one of three (a group's label beside it): the label's lines made one label,
    at their column, beside the numbers. Only where the line above opens a label (一、 （二） 3.), the
    numbers' line does not, and the one below stands in the same column without opening one: a row's tail
    is never joined to the next row's head."""
    out: list[Positioned] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        above = out[-1] if out else None
        below = rows[k + 1] if k + 1 < len(rows) else None
        numbers = [cell for cell in row if read_cell(cell[0]).kind in (NUMBER, BLANK)]
        if (above is not None and below is not None and numbers and _is_label_around_numbers(above)
                and _is_label_around_numbers(below) and _LABEL_START.match(above[0][0])
                and not _LABEL_START.match(below[0][0]) and abs(above[0][1] - below[0][1]) <= 2):
            column = above[0][1]
            labels = [part for cell in row if cell not in numbers for part in _split_at_column(cell, column)]
            middle = [cell for cell in labels if abs(cell[1] - column) <= 2]
            if all(cell[1] < column for cell in labels if cell not in middle) and not (
                    middle and _LABEL_START.match(middle[0][0])):
                text = join_wrapped([above[0][0], *(cell[0] for cell in middle), below[0][0]])
                joined = (text, column, column + display_width(text))
                out[-1] = sorted([*(cell for cell in labels if cell not in middle), joined, *numbers],
                                 key=lambda cell: cell[1])
                k += 2
                continue
        out.append(row)
        k += 1
    return out


def _wrapped_label_lines(lines: list[str], i: int, after_break: bool = False) -> bool:
    """Up to three short lines (the rest of a wrapped label) followed by another table row. ``after_break``:
    line i follows a blank line (a page break inside the table), so it must not be a section's heading or a
    number alone."""
    if after_break and (_ORDINAL_HEADING.match(lines[i]) or _SECTION_TITLE.match(lines[i])
                        or read_cell(lines[i].strip()).kind == NUMBER):
        return False  # a heading, or the page's number left where its footer was
    for j in range(i, min(i + 3, len(lines))):
        text = lines[j].strip()
        if not text or len(text) > 30 or text.endswith(("。", "；", ";")) or _is_spaced_row(lines[j]):
            return False
        nxt = lines[j + 1] if j + 1 < len(lines) else ""
        if _is_spaced_row(nxt) or (not after_break and not nxt.strip() and _blank_lines_then_label(lines, j + 1)):
            return True  # one page break at most: the lines after it are not searched for another
    return False


def _blank_lines_then_label(lines: list[str], i: int) -> int:
    """Blank lines from line i (a page break, its footer gone) after which the table goes on with a wrapped
    label's lines: how many, or 0."""
    j = i
    while j < len(lines) and j - i < 3 and not lines[j].strip():
        j += 1
    return j - i if j > i and j < len(lines) and _wrapped_label_lines(lines, j, after_break=True) else 0


def _restore_blank_cells(rows: list[Positioned]) -> list[list[str]]:
    """Put back the empty cells PDF-layout text drops, from where the columns are.

    A blank cell leaves no trace in the text but a wider gap. Column positions come from the rows that
    print every number (their cells line up; at least two of them, since a lone widest row may itself have
    lost a blank cell and would shift every row placed by it) or else from the header cells above the
    numbers; each number of a shorter row is placed in the nearest column. Where a number is not clearly in
    one column, the row is left as printed.
    """
    out = [[cell[0] for cell in row] for row in rows]
    numeric = [[cell for cell in row if read_cell(cell[0]).kind == NUMBER] for row in rows]
    start = 0
    while start < len(rows):
        # a segment: header rows (no numbers, several cells) and the data rows under them
        end = start
        while end < len(rows) and not numeric[end]:
            end += 1
        headers = [rows[k] for k in range(start, end) if len(rows[k]) >= 2]
        data_end = end
        while data_end < len(rows) and (numeric[data_end] or len(rows[data_end]) < 2):
            data_end += 1
        _place_numbers(rows, numeric, out, headers, range(end, data_end))
        start = max(data_end, start + 1)
    return out


def _place_numbers(rows: list[Positioned], numeric: list[Positioned], out: list[list[str]],
                   headers: list[Positioned], data: range) -> None:
    counts = [len(numeric[r]) for r in data if numeric[r]]
    if not counts:
        return
    widest = max(counts)
    full = [numeric[r] for r in data if len(numeric[r]) == widest]
    first_number = min(cell[1] for r in data for cell in numeric[r])
    value_headers = max(
        ([cell for cell in header if cell[2] > first_number - 2] for header in headers), key=len, default=[]
    )
    if len(value_headers) > widest or (len(value_headers) == widest >= 2 and len(full) < 2):
        # Columns from the header: a column runs from where its header starts to where the next one
        # starts, and a number belongs to the last column starting left of its right edge. That holds
        # whether numbers are centred, left- or right-aligned under their headers.
        starts = [cell[1] for cell in value_headers]
        for r in data:
            slots = _into_intervals(numeric[r], starts)
            if slots is not None:
                out[r] = _labels_before(rows[r], numeric[r]) + slots
        return
    if widest < 2 or len(full) < 2:
        return
    anchors = _column_anchors(full)
    if anchors is None:
        return
    position, centres = anchors
    gap = min(b - a for a, b in zip(centres, centres[1:], strict=False))
    for r in data:
        nums = numeric[r]
        if not nums or len(nums) == widest:
            continue
        slots: list[str | None] = [None] * widest
        for cell in nums:
            x = position(cell)
            k = _column_with_slack(lambda at: min(range(widest), key=lambda j: abs(centres[j] - at)), x)
            if k is None or abs(centres[k] - x) > gap * 0.75 or slots[k] is not None:
                break
            slots[k] = cell[0]
        else:
            out[r] = _labels_before(rows[r], nums) + [slot if slot is not None else "" for slot in slots]


#: Display columns a PDF-layout cell may stand off its column and still be placed: a cell and the header
#: it is measured against may each be a column off.
_SLACK = 2


def _column_with_slack(column_at: Callable[[float], int | None], at: float) -> int | None:
    """The column ``column_at`` gives a cell at display position ``at`` when it gives the same one ``_SLACK``
    columns either side (PDF-to-text places each line's cells on its own, a column off now and then), else
    None. The column only moves one way as the position does, so the two ends decide."""
    low, high = column_at(at - _SLACK), column_at(at + _SLACK)
    return low if low == high else None


def _into_intervals(nums: Positioned, starts: list[int]) -> list[str] | None:
    if not nums:
        return None
    slots: list[str | None] = [None] * len(starts)
    for text, _left, right in nums:
        # the column whose interval holds the number's right edge
        k = _column_with_slack(lambda edge: max((j for j, start in enumerate(starts) if start < edge), default=None),
                               right)
        if k is None or slots[k] is not None:
            return None
        slots[k] = text
    return [slot if slot is not None else "" for slot in slots]


def _labels_before(row: Positioned, nums: Positioned) -> list[str]:
    return [cell[0] for cell in row[: row.index(nums[0])]]


def _centre(cell: tuple[str, int, int]) -> float:
    return (cell[1] + cell[2]) / 2


def _column_anchors(full: list[Positioned]):  # noqa: ANN202 - (position function, centres)
    """Column positions of the value cells, by whichever edge (left, centre, right) lines up best."""
    best = None
    for position in (lambda c: c[1], _centre, lambda c: c[2]):
        columns = list(zip(*[[position(cell) for cell in nums] for nums in full], strict=True))
        spread = max(max(col) - min(col) for col in columns)
        centres = [sorted(col)[len(col) // 2] for col in columns]
        if any(b <= a for a, b in zip(centres, centres[1:], strict=False)):
            continue
        if best is None or spread < best[0]:
            best = (spread, position, centres)
    if best is None:
        return None
    spread, position, centres = best
    gap = min(b - a for a, b in zip(centres, centres[1:], strict=False))
    return (position, centres) if spread <= gap / 2 else None


# --- "label 12 34" rows from OCR --------------------------------------------------------------------------
def _number_tail(line: str) -> list[str] | None:
    stripped = line.strip()
    if _NUMBER_RUN.match(stripped):  # "0 0 2 0": numbers one space apart, where no column can be told
        return stripped.split()
    if len(stripped) > 60 or _SENTENCE_END.search(stripped):
        return None
    match = _NUMBER_TAIL.match(stripped)
    if not match:
        return None
    label = match.group("label").strip()
    if re.search(r"\d", _ORDINALS.sub(" ", label)) and not label.startswith(("（", "(")):
        return None  # prose with numbers in it, not a label (whose only digits are its items' ordinals)
    nums = re.findall(r"[+\-−－]?\d[\d,.]*\s*(?:件|万元|元)?", match.group("nums"))
    # "三、本年度 3. 补正后申请内容仍不明确 3 0 0": the cells of a merged header before the numbered label (columns
    # collapsed to single spaces) are cells of their own, as the label's context
    return [*_INNER_ORDINAL.split(label), *[num.strip() for num in nums]]


def _read_number_tail_rows(lines: list[str], i: int, blocks: list[Paragraph | Table]) -> int:
    rows: list[list[str]] = []
    while i < len(lines):
        cells = _number_tail(lines[i])
        if cells is None:
            break
        rows.append(cells)
        i += 1
    blocks.append(Table.from_rows(rows, loose=True))
    return i
