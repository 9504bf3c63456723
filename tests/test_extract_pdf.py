"""The PDF reader: ruled tables, tables across page breaks, unruled tables, scans, broken files."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from pipelines.extract import read_document
from pipelines.extract.model import NeedsOCR, Paragraph, ReadError, Table
from pipelines.extract.pdf import read_pdf

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4

Draw = Callable[[Canvas], None]


def make_pdf(*pages: Draw, title: str | None = None, encrypt: StandardEncryption | None = None) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True, encrypt=encrypt)
    if title:
        canvas.setTitle(title)
    for draw in pages:
        canvas.setFont(FONT, 10.5)
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def ruled_table(canvas: Canvas, top: float, widths: list[float], rows: list[list[str]], x: float = 72.0) -> float:
    """Draw a fully ruled table with its top edge at ``top`` (PDF coordinates); return its bottom."""
    height = 20.0
    xs = [x]
    for width in widths:
        xs.append(xs[-1] + width)
    for r, row in enumerate(rows):
        y_top = top - r * height
        for c, text in enumerate(row):
            canvas.rect(xs[c], y_top - height, xs[c + 1] - xs[c], height, stroke=1, fill=0)
            canvas.drawString(xs[c] + 3, y_top - 14, text)
    return top - len(rows) * height


def text_line(text: str, y: float, x: float = 72.0, size: float = 10.5) -> Draw:
    def draw(canvas: Canvas) -> None:
        canvas.setFont(FONT, size)
        canvas.drawString(x, y, text)
    return draw


def texts(table: Table) -> list[list[str]]:
    return [table.row_texts(r) for r in range(table.n_rows)]


def kinds(blocks: list[Paragraph | Table]) -> list[str]:
    return ["T" if isinstance(block, Table) else "P" for block in blocks]


# --- the layout fixture ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def continued() -> object:
    return read_document((LAYOUTS / "continued_table.pdf").read_bytes(), "continued_table.pdf")


def test_fixture_tables_are_joined_across_pages(continued) -> None:
    assert [(table.n_rows, table.n_cols) for table in continued.tables] == [(14, 4), (28, 10), (4, 15)]


def test_fixture_continuation_with_fewer_column_lines_is_spread_onto_the_grid(continued) -> None:
    active = continued.tables[0]
    last = active.row_texts(active.n_rows - 1)
    assert last[0] == "行政事业性收费" and len(set(last[1:])) == 1 and last[1].replace(".", "").isdigit()
    assert active.grid[13][1] is active.grid[13][3]


def test_fixture_repeated_header_is_dropped_and_split_cells_stay_empty(continued) -> None:
    apply = continued.tables[1]
    header_rows = [r for r in range(apply.n_rows) if apply.row_texts(r)[0].startswith("（本列数据的勾稽关系")]
    assert header_rows == [0, 1, 2]
    tail = apply.row_texts(24)
    assert tail[:2] == ["", ""] and tail[2].startswith("2.申请人逾期未按收费通知要求缴纳费用")
    assert apply.row_texts(27)[0] == "四、结转下年度继续办理"


def test_fixture_wrapped_cell_labels_are_joined(continued) -> None:
    apply = continued.tables[1]
    assert apply.row_texts(6)[1] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert apply.row_texts(0)[0] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_fixture_paragraphs_title_and_no_page_numbers(continued) -> None:
    paragraphs = [block.text for block in continued.blocks if isinstance(block, Paragraph)]
    assert continued.title == "霍邱县财政局2024年政府信息公开工作年度报告"
    assert continued.blocks[0] == Paragraph("霍邱县财政局2024年政府信息公开工作年度报告", heading=True)
    assert "三、收到和处理政府信息公开申请情况" in paragraphs
    assert paragraphs[-2:] == ["六、其他需要报告的事项", "无。"]
    assert not any(text.startswith("-") and text.endswith("-") for text in paragraphs)
    # the long first paragraph wraps over four lines and reads as one
    assert paragraphs[1].startswith("本报告根据") and paragraphs[1].endswith("12月31日止。")


# --- generated PDFs -------------------------------------------------------------------------------------


def test_table_ending_a_page_joins_the_table_opening_the_next() -> None:
    header = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    widths = [120.0, 90.0, 90.0, 90.0]

    def first(canvas: Canvas) -> None:
        canvas.drawString(72, 780, "二、主动公开政府信息情况")
        ruled_table(canvas, 770, widths, [header, ["规章", "1", "0", "3"]])
        canvas.drawCentredString(WIDTH / 2, 30, "- 1 -")

    def second(canvas: Canvas) -> None:
        canvas.drawCentredString(WIDTH / 2, HEIGHT - 30, "2")
        bottom = ruled_table(canvas, 780, widths, [header, ["行政规范性文件", "12", "4", "56"]])
        canvas.drawString(72, bottom - 30, "三、收到和处理政府信息公开申请情况")

    document = read_pdf(make_pdf(first, second), "two.pdf")
    assert kinds(document.blocks) == ["P", "T", "P"]
    assert texts(document.tables[0]) == [header, ["规章", "1", "0", "3"], ["行政规范性文件", "12", "4", "56"]]


def test_tables_are_not_joined_when_text_or_other_columns_come_between() -> None:
    def first(canvas: Canvas) -> None:
        ruled_table(canvas, 780, [100.0, 100.0], [["a", "1"], ["b", "2"]])
        canvas.drawString(72, 600, "表后说明文字")

    def second(canvas: Canvas) -> None:
        ruled_table(canvas, 780, [100.0, 100.0], [["c", "3"], ["d", "4"]])

    def third(canvas: Canvas) -> None:
        ruled_table(canvas, 780, [60.0, 60.0, 60.0], [["e", "5", "6"], ["f", "7", "8"]])

    document = read_pdf(make_pdf(first, second, third))
    assert kinds(document.blocks) == ["T", "P", "T", "T"]


def test_table_without_outer_borders_keeps_its_outer_columns() -> None:
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "3", "1", "9"],
            ["行政规范性文件", "12", "4", "40"]]
    xs = [72, 200, 300, 400, 520]

    def page(canvas: Canvas) -> None:
        canvas.drawString(72, 790, "二、主动公开政府信息情况")
        canvas.line(72, 785, 520, 785)  # a rule under the heading: not part of the table
        for r in range(len(rows) + 1):
            canvas.line(72, 760 - 20 * r, 520, 760 - 20 * r)
        for x in xs[1:-1]:  # inner column lines only: no left or right border
            canvas.line(x, 760, x, 760 - 20 * len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                canvas.drawString(xs[c] + 3, 760 - 20 * r - 14, text)

    document = read_pdf(make_pdf(page))
    assert kinds(document.blocks) == ["P", "T"]
    assert texts(document.tables[0]) == rows


def test_unruled_table_becomes_a_loose_table_and_prose_stays_prose() -> None:
    rows = [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "3", "0", "12"),
            ("行政规范性文件", "15", "4", "80")]

    def page(canvas: Canvas) -> None:
        canvas.drawString(72, 780, "二、主动公开政府信息情况")
        for r, row in enumerate(rows):
            for x, text in zip((72, 220, 320, 420), row, strict=True):
                canvas.drawString(x, 750 - 20 * r, text)
        canvas.drawString(72, 650, "这是一段普通的说明文字，" * 3)

    document = read_pdf(make_pdf(page))
    assert kinds(document.blocks) == ["P", "T", "P"]
    (table,) = document.tables
    assert table.loose
    assert texts(table) == [list(row) for row in rows]


def test_unruled_numbers_in_a_font_with_wide_digits_stay_whole() -> None:
    """Helvetica's digits are wider than half the font size: set out by position alone, a long number's
    digits would drift into the next column and split it (11398889 read as 1139 8889). Touching glyphs
    are one run; numbers a column apart stay apart."""
    rows = [("信息内容", "本年处理决定数量"), ("行政许可", "11398889"), ("行政处罚", "6937489")]

    def page(canvas: Canvas) -> None:
        canvas.drawString(72, 780, "二、主动公开政府信息情况")
        for r, (label, number) in enumerate(rows):
            canvas.setFont(FONT, 12)
            canvas.drawString(72, 750 - 20 * r, label)
            canvas.setFont("Helvetica", 12)
            canvas.drawString(240, 750 - 20 * r, number)
            canvas.drawString(300, 750 - 20 * r, "12")

    text = "\n".join(block.text if isinstance(block, Paragraph) else "\n".join(" ".join(row) for row in texts(block))
                     for block in read_pdf(make_pdf(page)).blocks)
    assert "11398889 12" in text and "6937489 12" in text


def test_fake_bold_and_kangxi_radicals() -> None:
    def page(canvas: Canvas) -> None:
        canvas.drawString(72, 780, "加粗标题")
        canvas.drawString(72.4, 780, "加粗标题")  # drawn twice, a hair apart
        canvas.drawString(72, 750, "⼀、总体情况 ⼆、主动公开")  # U+2F00, U+2F06: Kangxi radicals

    document = read_pdf(make_pdf(page))
    assert [block.text for block in document.blocks] == ["加粗标题", "一、总体情况 二、主动公开"]


@pytest.mark.parametrize("angle", [90, -90])
def test_table_set_sideways_is_turned_to_read_across(angle: int) -> None:
    rows = [["信息内容", "本年制发件数", "本年废止件数"], ["规章", "3", "1"], ["行政规范性文件", "12", "4"]]

    def page(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.translate(300, 100 if angle == 90 else 750)
        canvas.rotate(angle)
        canvas.drawString(0, 60, "三、收到和处理政府信息公开申请情况")
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                canvas.rect(c * 110, 30 - r * 20, 110, 20)
                canvas.drawString(c * 110 + 3, 35 - r * 20, text)
        canvas.restoreState()

    document = read_pdf(make_pdf(page))
    assert document.blocks[0] == Paragraph("三、收到和处理政府信息公开申请情况")
    assert texts(document.tables[0]) == rows


def test_metadata_title_loses_its_printer_dressing() -> None:
    data = make_pdf(text_line("正文", 700), title="Microsoft Word - 某镇2024年年度报告.docx")
    assert read_pdf(data).title == "某镇2024年年度报告"


def scanned_page(canvas: Canvas) -> None:
    picture = Image.new("RGB", (200, 100), "white")
    canvas.drawImage(ImageReader(picture), 72, 500, width=400, height=200)


def test_scan_without_text_layer_needs_ocr() -> None:
    with pytest.raises(NeedsOCR, match=r"^scan\.pdf: PDF has no text layer .*needs OCR"):
        read_document(make_pdf(scanned_page, scanned_page), "scan.pdf")


def test_partly_scanned_pdf_reads_its_text_and_warns() -> None:
    document = read_pdf(make_pdf(text_line("一、总体情况", 700), scanned_page), "mixed.pdf")
    assert [block.text for block in document.blocks] == ["一、总体情况"]
    assert document.warnings == ["page 2 has no text layer (a scanned page?)"]


@pytest.mark.parametrize("keep", [0.2, 0.6, 0.97])
def test_truncated_pdf(keep: float) -> None:
    data = (LAYOUTS / "continued_table.pdf").read_bytes()
    with pytest.raises(ReadError, match=r"^cut\.pdf: not a readable PDF, truncated or corrupt \(.+\)$"):
        read_document(data[: int(len(data) * keep)], "cut.pdf")


def test_corrupt_pdf() -> None:
    with pytest.raises(ReadError, match=r"^junk\.pdf: not a readable PDF"):
        read_document(b"%PDF-1.4\n" + bytes(range(256)) * 20, "junk.pdf")


def test_encrypted_pdf() -> None:
    data = make_pdf(text_line("保密", 700), encrypt=StandardEncryption("user-secret", ownerPassword="owner"))
    with pytest.raises(ReadError, match=r"^locked\.pdf: PDF is encrypted"):
        read_document(data, "locked.pdf")
