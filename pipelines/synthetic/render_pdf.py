"""PDF layouts: a real PDF with a text layer and ruled tables, as an office suite exports one (``pdf``), and the
same without its table rules (``pdf_unruled``: a page exported from HTML whose tables have no borders).

The CJK font is reportlab's built-in CID font ``STSong-Light`` (no font file; pdfplumber extracts its text
correctly). Tables are drawn cell by cell as rectangles, so pdfplumber's ``lines`` strategy finds the cells;
a table that does not fit continues on the next page, merged cells split at the page edge (their text
stays in the first part), and the header rows are repeated in some reports. ``invariant=1`` keeps dates
and document ids out, so the same report always gives the same bytes.
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from pipelines.synthetic.document import Document, Heading, Table

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 72.0
BOTTOM = 64.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CELL_PADDING = 2.5


@cache
def _register_font() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@cache
def _char_width(ch: str) -> float:
    """Width of one character at size 1 (CJK is a full em; Latin comes from the font's metrics)."""
    return pdfmetrics.stringWidth(ch, FONT, 1.0)


def _width(text: str, size: float) -> float:
    return sum(_char_width(ch) for ch in text) * size


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of at most ``width`` points; digit and letter runs stay whole."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used, token = "", 0.0, ""
        tokens: list[str] = []
        for ch in paragraph:
            if ch.isascii() and ch.isalnum() or (token and ch in ".%"):
                token += ch
                continue
            if token:
                tokens.append(token)
                token = ""
            tokens.append(ch)
        if token:
            tokens.append(token)
        for piece in tokens:
            piece_width = _width(piece, size)
            if used + piece_width > width and line:
                lines.append(line)
                line, used = "", 0.0
            line += piece
            used += piece_width
        lines.append(line)
    return lines


class _Writer:
    """A cursor over pages: text flows down and a new page starts when the next piece does not fit."""

    def __init__(self, canvas: Canvas, footer: str) -> None:
        self.canvas = canvas
        self.footer = footer
        self.page = 1
        self.y = PAGE_HEIGHT - MARGIN

    def new_page(self) -> None:
        self._draw_footer()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_HEIGHT - MARGIN

    def finish(self) -> None:
        self._draw_footer()
        self.canvas.showPage()

    def _draw_footer(self) -> None:
        if self.footer:
            self.canvas.setFont(FONT, 10)
            self.canvas.drawCentredString(PAGE_WIDTH / 2, 36, self.footer.format(n=self.page))

    def room(self) -> float:
        return self.y - BOTTOM

    def text(self, text: str, size: float, align: str = "justify", indent: float = 0.0,
             leading: float = 1.5) -> None:
        line_height = size * leading
        lines = _wrap(text, size, TEXT_WIDTH - indent)
        for index, line in enumerate(lines):
            if self.room() < line_height:
                self.new_page()
            self.y -= line_height
            self.canvas.setFont(FONT, size)
            if align == "center":
                self.canvas.drawCentredString(PAGE_WIDTH / 2, self.y, line)
            elif align == "right":
                self.canvas.drawRightString(PAGE_WIDTH - MARGIN, self.y, line)
            else:
                self.canvas.drawString(MARGIN + (indent if index == 0 else 0), self.y, line)
        self.y -= size * 0.4


def _column_widths(table: Table) -> list[float]:
    if table.kind == "apply":
        labels = [TEXT_WIDTH * share for share in (0.09, 0.13, 0.27)]
        rest = (TEXT_WIDTH - sum(labels)) / 7
        return labels + [rest] * 7
    if table.kind == "active":
        return [TEXT_WIDTH * 0.31] + [TEXT_WIDTH * 0.23] * 3
    return [TEXT_WIDTH / table.n_cols] * table.n_cols


def _draw_table(writer: _Writer, table: Table, size: float, repeat_header: bool, ruled: bool = True) -> None:
    widths = _column_widths(table)
    starts = [MARGIN + sum(widths[:c]) for c in range(table.n_cols)]
    origins = table.origins()
    line_height = size * 1.25
    wrapped = {}
    heights = [size * 1.25 + 2 * CELL_PADDING + 4] * len(table.rows)
    for r, c, cell in origins:
        span = sum(widths[c:c + cell.colspan]) - 2 * CELL_PADDING
        wrapped[(r, c)] = _wrap(cell.text, size, span) if cell.text else []
        if cell.rowspan == 1:
            heights[r] = max(heights[r], len(wrapped[(r, c)]) * line_height + 2 * CELL_PADDING)
    for r, c, cell in origins:
        needed = len(wrapped[(r, c)]) * line_height + 2 * CELL_PADDING
        covered = sum(heights[r:r + cell.rowspan])
        if needed > covered:
            heights[r + cell.rowspan - 1] += needed - covered

    # rows to pages: each page gets a run of rows (with the header rows again when they repeat)
    pages: list[list[int]] = []
    current: list[int] = []
    room = writer.room()
    if sum(heights[:table.header_rows + 1]) > room:  # never leave a header alone at the foot of a page
        writer.new_page()
        room = writer.room()
    for r in range(len(table.rows)):
        if current and heights[r] > room:
            pages.append(current)
            current = list(range(table.header_rows)) if repeat_header and r >= table.header_rows else []
            room = PAGE_HEIGHT - MARGIN - BOTTOM - sum(heights[i] for i in current)
        elif not current and heights[r] > room:
            writer.new_page()
            room = writer.room()
        current.append(r)
        room -= heights[r]
    pages.append(current)

    canvas = writer.canvas
    drawn: set[tuple[int, int]] = set()
    for page_index, rows in enumerate(pages):
        if page_index:
            writer.new_page()
        tops: dict[int, float] = {}
        y = writer.y
        for r in rows:
            tops[r] = y
            y -= heights[r]
        on_page = set(rows)
        for r, c, cell in origins:
            span_rows = [row for row in range(r, r + cell.rowspan) if row in on_page]
            if not span_rows:
                continue
            top = tops[span_rows[0]]
            bottom = tops[span_rows[-1]] - heights[span_rows[-1]]
            x, width = starts[c], sum(widths[c:c + cell.colspan])
            if ruled:
                canvas.setLineWidth(0.5)
                canvas.rect(x, bottom, width, top - bottom, stroke=1, fill=0)
            if (r, c) in drawn and r >= table.header_rows:
                continue  # a merged cell split by the page edge keeps its text in the first part
            drawn.add((r, c))
            lines = wrapped[(r, c)]
            block = len(lines) * line_height
            text_y = bottom + (top - bottom + block) / 2 - size
            canvas.setFont(FONT, size)
            for line in lines:
                if cell.header or cell.code or cell.colspan > 1 or cell.rowspan > 1:
                    canvas.drawCentredString(x + width / 2, text_y, line)
                else:
                    canvas.drawString(x + CELL_PADDING, text_y, line)
                text_y -= line_height
        writer.y = y
    writer.y -= 10


def render_pdf(doc: Document) -> bytes:
    return _render(doc, ruled=True)


def render_pdf_unruled(doc: Document) -> bytes:
    """The same PDF with its tables drawn without rules (a page exported from HTML whose tables have no
    borders, a Word table with its borders removed): the columns are positions only."""
    return _render(doc, ruled=False)


def _render(doc: Document, ruled: bool) -> bytes:
    _register_font()
    rng = doc.rng("pdf")
    body_size = rng.choice((10.5, 11.0, 12.0))
    table_size = rng.choice((7.5, 8.0, 8.5))
    repeat_header = rng.random() < 0.3
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(doc.title)
    canvas.setAuthor(doc.report.agency)
    canvas.setCreator("Microsoft® Word 2016" if rng.random() < 0.5 else "WPS 文字")
    writer = _Writer(canvas, rng.choice(("— {n} —", "- {n} -", "{n}", "")))
    writer.text(doc.title, 16, align="center", leading=1.8)
    writer.y -= 8
    for block in doc.blocks:
        if isinstance(block, Table):
            _draw_table(writer, block, table_size, repeat_header, ruled)
        elif isinstance(block, Heading):
            writer.text(block.text, body_size + (1 if block.level == 1 else 0), indent=2 * body_size)
        else:
            writer.text(block.text, body_size, align=block.align, indent=2 * body_size)
    writer.finish()
    canvas.save()
    return buffer.getvalue()
