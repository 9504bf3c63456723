"""Plain-text layouts: what portals' text extraction, copy-paste and ``pdftotext -layout`` give.

- ``text_tabs``: one table row a line, cells joined by tabs, covered span positions left empty (seeds 002/003).
- ``text_cells``: one cell a line, either ending in `` |`` (seed 000), or tab-indented with a blank line
  between rows and raw line breaks inside header cells (seed 001), or as a page's text gives it (Shanghai's
  2019 report through ``get_text("\\n")``): a blank cell a line of no-break spaces, a cell's line breaks kept.
- ``markdown``: ``#`` headings and pipe tables; spans are flattened into combined row labels, or grouped
  tables under ``###`` sub-headings (like the converted reports in shared/real, but unscrambled).
- ``pdf_text``: columns aligned by runs of spaces, long labels wrapped over lines, narrow header words broken
  apart, row-spanning labels centred on a neighbour's line, page footers and form feeds (seed 004).
"""

from __future__ import annotations

import random
import re

from pipelines.contract import APPLICANT_COLUMNS, LITIGATION_COLUMNS
from pipelines.synthetic.document import (
    LITIGATION_GROUPS,
    Document,
    Heading,
    Paragraph,
    Table,
    apply_row_labels,
    value_text,
)

_ASCII_RUN = re.compile(r"[0-9A-Za-z.%·]+")


def _one_line(text: str, joiner: str = "") -> str:
    return text.replace("\n", joiner)


# --- text_tabs -------------------------------------------------------------------------------------------


def render_text_tabs(doc: Document) -> bytes:
    rng = doc.rng("text_tabs")
    full_grid = rng.random() < 0.5  # else colspan copies are dropped, rowspan copies stay as empty cells
    trailing_tab = rng.random() < 0.3
    gap = "\n\n" if rng.random() < 0.7 else "\n"
    parts: list[str] = ["\n" if rng.random() < 0.5 else "", doc.title]
    for block in doc.blocks:
        if isinstance(block, Table):
            lines = []
            for row in block.grid():
                texts = []
                previous: object = None
                for cell, origin in row:
                    if origin:
                        texts.append(_one_line(cell.text, " "))
                    elif full_grid or cell is not previous:
                        texts.append("")
                    previous = cell
                lines.append("\t".join(texts) + ("\t" if trailing_tab else ""))
            parts.append("\n".join(lines))
        else:
            parts.append(block.text)
    return (gap.join(parts) + "\n").encode("utf-8")


# --- text_cells ------------------------------------------------------------------------------------------


def render_text_cells(doc: Document) -> bytes:
    rng = doc.rng("text_cells")
    if rng.random() < 0.5:
        return _cells_tab_indented(doc, rng).encode("utf-8")
    return (_cells_piped(doc) if rng.random() < 0.5 else cells_as_page_text(doc)).encode("utf-8")


def _cells_piped(doc: Document) -> str:
    """Seed 000: every printed cell on its own line, followed by `` |``; prose lines as they are."""
    lines = [doc.title]
    for block in doc.blocks:
        if isinstance(block, Table):
            lines.extend(f"{_one_line(cell.text, ' ')} |" for _, _, cell in block.origins())
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"


def cells_as_page_text(doc: Document) -> str:
    """A page's text, one cell a line: a blank cell holds ``&nbsp;`` and gives a line of it; a cell's line
    breaks (``<br>``) stay; a position a rowspan covers gives nothing (there is no cell)."""
    lines = [doc.title]
    for block in doc.blocks:
        if isinstance(block, Table):
            lines.extend(cell.text or "\u00a0" for _, _, cell in block.origins())
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"


def _cells_tab_indented(doc: Document, rng: random.Random) -> str:
    """Seed 001: a tab before every cell, blank lines between rows, empty lines where a rowspan covers."""
    lines = [doc.title]
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.grid():
                previous: object = None
                for cell, origin in row:
                    if origin:
                        lines.append("\t" + cell.text)
                    elif cell is not previous:
                        lines.append("\t")
                    previous = cell
                lines.append("")
            lines.append("")
        else:
            lines.append(block.text)
            if isinstance(block, Paragraph) and rng.random() < 0.5:
                lines.append("")
    return "\n".join(lines) + "\n"


# --- markdown --------------------------------------------------------------------------------------------


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(_one_line(text, "") for text in cells) + " |"


def _pipe_table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_pipe_row(header), "|" + "---|" * len(header), *(_pipe_row(row) for row in rows)]


def render_markdown(doc: Document) -> bytes:
    rng = doc.rng("markdown")
    grouped = rng.random() < 0.5
    style = doc.style
    lines: list[str] = [f"# {doc.title}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [("## " if block.level == 1 else "### ") + block.text, ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif block.kind == "active":
            lines += _markdown_active(block)
        elif block.kind == "apply":
            columns = [label for _, label in APPLICANT_COLUMNS]
            lines += [style.punct("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), ""]
            lines += _markdown_apply(doc, columns, grouped)
        else:
            lines += _markdown_litigation(doc, grouped)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def _markdown_active(table: Table) -> list[str]:
    """Section 二: one pipe table per 第二十条 item under a ``###`` heading, as converters print it."""
    lines: list[str] = []
    header: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if header:
            lines.extend(_pipe_table(header, rows))
            lines.append("")

    for row in table.rows:
        if len(row) == 1 and row[0].colspan == 4:
            flush()
            header, rows = [], []
            lines += [f"### {row[0].text}", ""]
        elif row[0].header:
            header = [cell.text for cell in row]
        else:
            rows.append([cell.text for cell in row])
    flush()
    return lines


def _markdown_apply(doc: Document, columns: list[str], grouped: bool) -> list[str]:
    report, style = doc.report, doc.style

    def values(key: str) -> list[str]:
        return [value_text(f"apply.{key}.{col}", report.cells[f"apply.{key}.{col}"], style)
                for col, _ in APPLICANT_COLUMNS]

    labels = apply_row_labels(report, style)
    if not grouped:
        rows = [[group if item is None else f"{group} {item}", *values(key)] for group, item, key in labels]
        rows[2][0] = "三、本年度办理结果 " + rows[2][0]
        return [*_pipe_table(["项目", *columns], rows), ""]
    lines: list[str] = []
    current: str | None = None
    rows = []
    for group, item, key in labels:
        if item is None:
            if rows:
                lines += [*_pipe_table(["类别", *columns], rows), ""]
                rows = []
            heading = group if key != "granted" else f"三、本年度办理结果 {group}"
            lines += [f"### {heading}", "", *_pipe_table(["类别", *columns], [[group, *values(key)]]), ""]
            current = None
            continue
        if group != current:
            if rows:
                lines += [*_pipe_table(["类别", *columns], rows), ""]
                rows = []
            lines += [f"### {group}", ""]
            current = group
        rows.append([item, *values(key)])
    if rows:
        lines += [*_pipe_table(["类别", *columns], rows), ""]
    return lines


def _markdown_litigation(doc: Document, grouped: bool) -> list[str]:
    report, style = doc.report, doc.style
    columns = [label for _, label in LITIGATION_COLUMNS]
    proceedings = {"review": "行政复议", "direct_suit": "行政诉讼（未经复议直接起诉）",
                   "suit_after_review": "行政诉讼（复议后起诉）"}

    def values(row: str) -> list[str]:
        return [value_text(f"litigation.{row}.{col}", report.cells[f"litigation.{row}.{col}"], style)
                for col, _ in LITIGATION_COLUMNS]

    if grouped:
        lines: list[str] = []
        for row, _ in LITIGATION_GROUPS:
            lines += [f"### {style.punct(proceedings[row])}", "", *_pipe_table(columns, [values(row)]), ""]
        return lines
    rows = [[style.punct(proceedings[row]), *values(row)] for row, _ in LITIGATION_GROUPS]
    return [*_pipe_table(["项目", *columns], rows), ""]


# --- pdf_text --------------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a string takes in monospaced output: CJK and full-width characters take two.

    Counted from the UTF-8 length (three bytes for CJK, one for ASCII): this runs for every cell of
    100,000-report benchmarks, where a per-character loop is the bottleneck."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of at most ``width`` columns, never inside a run of digits or letters."""
    if "\n" not in text and display_width(text) <= width:
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        tokens = re.findall(r"[0-9A-Za-z.%+\-/]+|.", paragraph)
        line, used = "", 0
        for token in tokens:
            size = display_width(token)
            if used + size > width and line:
                lines.append(line)
                line, used = "", 0
                if token == " ":
                    continue
            line += token
            used += size
        lines.append(line)
    return lines


def _space_ascii(text: str) -> str:
    """pdftotext puts spaces where the font changes between CJK and Latin runs: 2020 年, 869 条."""
    return _ASCII_RUN.sub(lambda match: f" {match.group(0)} ", text).replace("  ", " ").strip()


def _column_widths(table: Table, rng: random.Random) -> list[int]:
    grid = table.grid()
    widths = []
    for c in range(table.n_cols):
        values = [display_width(cell.text) for row in grid[table.header_rows:] for cell, origin in [row[c]]
                  if origin and cell.colspan == 1 and cell.code]
        widths.append(max([4, *values]))
    if table.kind == "apply":
        widths[0] = rng.choice((10, 12))
        widths[1] = rng.choice((14, 16, 18))
        widths[2] = rng.choice((26, 30, 36))
    elif table.kind == "active":
        widths[0] = rng.choice((16, 20, 22))
        widths[1:] = [max(w, rng.choice((8, 10, 14))) for w in widths[1:]]
    return widths


def _table_lines(table: Table, rng: random.Random, numbers_at: str) -> list[str]:
    """The table's lines; a row's numbers on the ``numbers_at`` (top, middle, bottom) line of its wrapped
    label: pdftotext prints them where their cell centres them, the middle line of a three-line label."""
    widths = _column_widths(table, rng)
    gap = 2 if table.kind == "litigation" else rng.choice((2, 3, 4))
    starts = [sum(widths[:c]) + gap * c for c in range(table.n_cols)]
    origins = table.origins()
    wrapped = {}
    for r, c, cell in origins:
        span = sum(widths[c:c + cell.colspan]) + gap * (cell.colspan - 1)
        wrapped[(r, c)] = wrap(cell.text, span) if cell.text else []
    heights = [1] * len(table.rows)
    for r, c, cell in origins:
        if cell.rowspan == 1:
            heights[r] = max(heights[r], len(wrapped[(r, c)]))
    for r, c, cell in origins:
        covered = sum(heights[r:r + cell.rowspan])
        if len(wrapped[(r, c)]) > covered:
            heights[r + cell.rowspan - 1] += len(wrapped[(r, c)]) - covered
    first_line = [sum(heights[:r]) for r in range(len(heights))]
    placed: list[list[tuple[int, str]]] = [[] for _ in range(sum(heights))]
    for r, c, cell in origins:
        lines = wrapped[(r, c)]
        room = sum(heights[r:r + cell.rowspan])
        if cell.rowspan > 1 or cell.header:
            offset = (room - len(lines)) // 2  # a merged label sits in the middle of its rows
        elif cell.code and numbers_at == "bottom":
            offset = room - len(lines)
        elif cell.code and numbers_at == "middle":
            offset = (room - len(lines)) // 2
        else:
            offset = 0
        for index, text in enumerate(lines):
            align = starts[c]
            if cell.code:  # numbers are right-aligned in their column, as PDF tables print them
                span = sum(widths[c:c + cell.colspan]) + gap * (cell.colspan - 1)
                align += span - display_width(text)
            placed[first_line[r] + offset + index].append((align, text))
    out = []
    for pieces in placed:
        line, used = "", 0
        for x, text in sorted(pieces):
            pad = max(x - used, 1 if line else 0)
            line += " " * pad + text
            used += pad + display_width(text)
        out.append(line.rstrip())
    return out


def render_pdf_text(doc: Document) -> bytes:
    rng = doc.rng("pdf_text")
    width = rng.choice((72, 78, 84))
    space_digits = rng.random() < 0.5
    numbers_at = "bottom" if rng.random() < 0.3 else ("middle" if rng.random() < 0.4 else "top")
    page_lines = rng.randint(44, 56)
    footer = rng.choice(("— {n} —", "- {n} -", "{n}", ""))
    indent = " " * rng.choice((0, 4))

    def prose(text: str) -> str:
        return _space_ascii(text) if space_digits else text

    lines: list[str] = []
    title = prose(doc.title)
    if display_width(title) > width - 10 and "政府信息公开" in title and rng.random() < 0.5:
        head, _, tail = title.rpartition("工作年度报告")
        lines += [" " * 8 + head, " " * 20 + "工作年度报告" + tail]
    else:
        lines.append(" " * max(0, (width - display_width(title)) // 2) + title)
    lines.append("")
    for block in doc.blocks:
        if isinstance(block, Table):
            lines.extend(_table_lines(block, rng, numbers_at))
            lines.append("")
        elif isinstance(block, Heading):
            lines += [indent + prose(block.text), ""]
        elif block.align == "right":
            text = prose(block.text)
            lines.append(" " * max(0, width - display_width(text)) + text)
        else:
            wrapped = wrap(indent + prose(block.text), width)
            lines += [*wrapped, ""]
    pages = [lines[i:i + page_lines] for i in range(0, len(lines), page_lines)]
    text_pages = []
    for number, page in enumerate(pages, start=1):
        if footer:
            mark = footer.format(n=number)
            page = [*page, "", " " * ((width - len(mark)) // 2) + mark]
        text_pages.append("\n".join(page) + "\n")
    return "\f".join(text_pages).encode("utf-8") + b"\f"
