"""The HTML reader: Word-exported markup, layout tables, portal noise, spans, split tables."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract import read_document
from pipelines.extract.html import read_html
from pipelines.extract.model import Document, NeedsOCR, Paragraph, ReadError, Table

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"


def texts(table: Table) -> list[list[str]]:
    return [table.row_texts(r) for r in range(table.n_rows)]


def paragraphs(document: Document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def test_word_export_cells_join_split_digits_and_blank_nbsp() -> None:
    page = """<html><body><div class=WordSection1>
    <table class=MsoNormalTable border=1>
     <tr><td><p class=MsoNormal><span style='font-family:宋体'>行政许可<span lang=EN-US><o:p></o:p></span></span></p></td>
      <td><p class=MsoNormal><span lang=EN-US>1</span><span lang=EN-US>2</span><span
      lang=EN-US>6<o:p></o:p></span></p></td></tr>
     <tr><td><p class=MsoNormal>行政强制</p></td><td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr>
     <![if !supportMisalignedColumns]><tr height=0><td width=56 style='border:none'></td><td width=56></td></tr><![endif]>
    </table></div></body></html>"""
    document = read_html(page, "word.html")
    (table,) = document.tables
    assert texts(table) == [["行政许可", "126"], ["行政强制", ""]]


def test_source_line_breaks_inside_chinese_labels_vanish_but_br_stays_a_line() -> None:
    page = "<table><tr><td>（二）部分公开（区分处理的，只计这一情形，不计其\r\n他情形）</td><td>结果<br>维持</td></tr>" \
           "<tr><td>x</td><td>2</td></tr></table>"
    (table,) = read_html(page).tables
    assert table.row_texts(0) == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "结果\n维持"]


def test_word_export_fixture_decodes_gbk_declared_gb2312_and_skips_office_xml() -> None:
    document = read_document((LAYOUTS / "word_export_gb2312.html").read_bytes(), "word_export_gb2312.html")
    assert document.title == "信阳市浉河区湖东街道办事处2023年政府信息公开工作年度报告"
    text = document.text()
    assert "浉河区" in text  # outside GB2312: strict gb2312 would have failed
    assert "Print" not in text and "Administrator" not in text and "font-family" not in text
    shapes = [(table.n_rows, table.n_cols) for table in document.tables]
    assert shapes == [(14, 4), (28, 10), (4, 15)]
    apply = document.tables[1]
    assert apply.row_texts(7)[:3] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]
    enforcement = next(r for r in range(14) if document.tables[0].row_texts(r)[0] == "行政强制")
    assert document.tables[0].row_texts(enforcement)[1] == ""


def test_spans_resolve_to_the_same_cell_object() -> None:
    page = """<table>
      <tr><td rowspan=2 colspan=2>信息内容</td><td colspan=2>本年</td></tr>
      <tr><td>制发</td><td>废止</td></tr>
      <tr><td>第二十条</td><td>规章</td><td>1</td><td>2</td></tr>
    </table>"""
    (table,) = read_html(page).tables
    assert texts(table) == [
        ["信息内容", "信息内容", "本年", "本年"],
        ["信息内容", "信息内容", "制发", "废止"],
        ["第二十条", "规章", "1", "2"],
    ]
    grid = table.grid
    assert grid[0][0] is grid[1][1] and grid[0][2] is grid[0][3]
    assert grid[2][0] is not grid[2][1]
    assert table.origin_of(1, 1) == (0, 0)


@pytest.mark.parametrize(
    ("rowspan", "colspan", "expected_shape"),
    [
        ('"0"', '"abc"', (2, 2)),
        ('"99999999"', '"1000000"', (2, 4)),  # 'a' fills both rows and both columns: c, d go right
        ('"-3"', '" 2px"', (2, 3)),
        ('""', '"2.5"', (2, 3)),
    ],
)
def test_bogus_spans_are_clamped(rowspan: str, colspan: str, expected_shape: tuple[int, int]) -> None:
    page = f"<table><tr><td rowspan={rowspan} colspan={colspan}>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    (table,) = read_html(page).tables
    assert (table.n_rows, table.n_cols) == expected_shape
    assert table.grid[0][0].text == "a"


def test_layout_tables_give_way_to_the_data_tables_inside() -> None:
    page = """<html><body>
    <table width=1000><tr><td>
      <table width=100%><tr>
        <td>第一段正文</td>
        <td><p>二、主动公开政府信息情况</p>
          <table border=1><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>
          <p>三、收到和处理政府信息公开申请情况</p>
        </td></tr></table>
    </td></tr></table></body></html>"""
    document = read_html(page)
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert texts(document.tables[0]) == [["信息内容", "本年制发件数"], ["规章", "3"]]
    assert paragraphs(document) == ["第一段正文", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def test_data_table_with_a_small_table_in_one_cell_stays_a_grid() -> None:
    rows = "".join(f"<tr><td>行{r}</td><td>{r}</td><td>{r * 2}</td><td>{r * 3}</td></tr>" for r in range(5))
    page = f"<table>{rows}<tr><td>备注</td><td colspan=3><table><tr><td>注</td><td>1</td></tr></table></td></tr></table>"
    (table,) = read_html(page).tables
    assert table.n_rows == 6
    assert table.row_texts(5)[0] == "备注"
    assert table.row_texts(5)[1].replace(" ", "") == "注1"


def test_single_cell_wrapper_table_is_walked_not_gridded() -> None:
    page = "<table><tr><td><p>一、总体情况</p><p>正文</p></td></tr></table>"
    document = read_html(page)
    assert not document.tables
    assert paragraphs(document) == ["一、总体情况", "正文"]


def test_cms_page_keeps_the_article_and_drops_the_portal() -> None:
    document = read_document((LAYOUTS / "cms_nested_layout.html").read_bytes(), "cms.html")
    text = document.text()
    for noise in ("首页", "走进舒城", "当前位置", "分享到", "网站标识码", "统计代码", "_hmt", "无障碍"):
        assert noise not in text, noise
    assert document.title is not None and document.title.startswith("舒城县城关镇人民政府2022年")
    assert "一、总体情况" in paragraphs(document)
    assert paragraphs(document)[-1].endswith("共收取信息处理费200元。")
    # the report's three tables, plus the page's metadata grid (tables are never dropped); no link lists
    shapes = [(table.n_rows, table.n_cols) for table in document.tables]
    assert shapes == [(3, 4), (14, 4), (28, 10), (4, 15)]


def test_noise_holding_a_table_is_kept() -> None:
    page = """<html><body><div class="article"><p>正文一段足够长的文字。</p></div>
    <div class="footer"><table><tr><td>规章</td><td>1</td></tr><tr><td>规范性文件</td><td>2</td></tr></table></div>
    </body></html>"""
    document = read_html(page)
    assert len(document.tables) == 1


def test_noise_names_on_table_cells_do_not_shift_the_grid() -> None:
    page = "<table><tr><td class=nav>规章</td><td class='foot'>1</td></tr><tr><td>规范性文件</td><td>2</td></tr></table>"
    (table,) = read_html(page).tables
    assert texts(table) == [["规章", "1"], ["规范性文件", "2"]]


def test_split_table_with_repeated_header_keeps_both_parts_in_order() -> None:
    document = read_document((LAYOUTS / "split_apply_table.html").read_bytes(), "split.html")
    shapes = [(table.n_rows, table.n_cols) for table in document.tables]
    assert shapes == [(14, 4), (11, 10), (20, 10), (4, 15)]
    first, second = document.tables[1], document.tables[2]
    assert first.row_texts(0) == second.row_texts(0)  # the repeated header
    assert first.row_texts(10)[2] == "4.保护第三方合法权益"
    assert second.row_texts(3)[:3] == ["", "", "5.属于三类内部事务信息"]
    assert second.row_texts(18)[1] == "（七）总计"


def test_headings_title_and_scripts() -> None:
    page = """<html><head><title> 某镇 2024年 年报 </title><style>p {color:red}</style></head>
    <body><script>document.write('x')</script><h1>某镇2024年政府信息公开工作年度报告</h1>
    <p>正文<b>加粗</b>继续</p><noscript>请启用脚本</noscript><div style="display: none">隐藏</div></body></html>"""
    document = read_html(page)
    assert document.title == "某镇 2024年 年报"
    assert document.blocks[0] == Paragraph("某镇2024年政府信息公开工作年度报告", heading=True)
    assert paragraphs(document) == ["某镇2024年政府信息公开工作年度报告", "正文加粗继续"]


def test_tfoot_rows_come_last_as_browsers_show_them() -> None:
    page = "<table><tfoot><tr><td>合计</td><td>9</td></tr></tfoot><tbody><tr><td>规章</td><td>4</td></tr>" \
           "<tr><td>规范性文件</td><td>5</td></tr></tbody></table>"
    (table,) = read_html(page).tables
    assert texts(table) == [["规章", "4"], ["规范性文件", "5"], ["合计", "9"]]


def test_xml_declaration_and_nuls_do_not_break_parsing() -> None:
    document = read_html('<?xml version="1.0" encoding="gb2312"?>\n<html><body><p>年\x00报</p></body></html>')
    assert paragraphs(document) == ["年报"]


@pytest.mark.parametrize("page", ["", "   ", "<html><head><title>x</title></head><body>  </body></html>",
                                  "<html><body><script>var a=1;</script></body></html>"])
def test_page_without_text_is_a_read_error(page: str) -> None:
    with pytest.raises(ReadError, match=r"^empty\.html: HTML page with no text"):
        read_html(page, "empty.html")


def test_page_of_images_is_a_scan() -> None:
    with pytest.raises(NeedsOCR, match=r"^scan\.html: HTML page with no text, only 2 images \(a scan\): needs OCR$"):
        read_html("<html><body><img src=a.png><img src=b.png></body></html>", "scan.html")


def test_mhtml_single_file_page() -> None:
    html_part = "<html><body><p>勍香镇年度报告</p><table><tr><td>规章</td><td>1</td></tr>" \
                "<tr><td>行政许可</td><td>2</td></tr></table></body></html>"
    data = (
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n"
        b"------=_NextPart_01\r\nContent-Location: file:///C:/x.htm\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Type: text/html; charset=\"gb2312\"\r\n\r\n"
    ) + base64.encodebytes(html_part.encode("gbk")) + b"\r\n------=_NextPart_01--\r\n"
    document = read_document(data, "report.doc")
    assert document.media_type == "multipart/related"
    assert "勍香镇年度报告" in document.text()
    assert texts(document.tables[0]) == [["规章", "1"], ["行政许可", "2"]]


MARKUP = st.lists(st.sampled_from([
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<td rowspan=3>", "<td colspan=0>", "<th colspan=x>",
    "<p>", "</p>", "<br>", "<div class=content>", "<div class=nav>", "</div>", "<span>", "</span>", "&nbsp;",
    "规章", "12", "一、总体情况", "\n", " ", "<o:p>", "</o:p>", "<script>", "</script>", "<!--", "-->", "<h2>",
    "</h2>", "<tbody>", "<tfoot>", "<img src=x>", "<style>", "</style>", "<![if x]>", "<![endif]>", "<?xml?>",
]), max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(MARKUP)
def test_any_markup_gives_a_document_or_a_read_error(page: str) -> None:
    try:
        document = read_html(page, "fuzz.html")
    except ReadError as exc:
        assert str(exc).startswith("fuzz.html: ")
        return
    for table in document.tables:
        assert table.n_rows >= 1
        for r in range(table.n_rows):
            for c, cell in enumerate(table.grid[r]):
                assert cell is None or table.origin_of(r, c) is not None


def test_table_flattened_into_paragraphs_is_read_by_the_text_layouts() -> None:
    """No <table>, but a cell per <p> (the one-cell-per-line layout, as a CMS keeps a pasted table): the text
    reader's layouts give the table back. A page of prose stays prose."""
    cells = ["信息内容 |", "本年新收 |", *[f"{n} |" for n in range(24)]]
    page = "<html><body><div id='zoom'><p>某镇2024年政府信息公开工作年度报告</p>" + "".join(
        f"<p>{cell}</p>" for cell in cells) + "</div></body></html>"
    document = read_html(page)
    assert [table.row_texts(r) for table in document.tables for r in range(table.n_rows)] == [
        [cell.removesuffix(" |")] for cell in cells]
    assert document.blocks[0].text == "某镇2024年政府信息公开工作年度报告"
    prose = "<html><body>" + "".join(f"<p>第{n}段：本年度依法公开政府信息。</p>" for n in range(30)) + "</body></html>"
    assert not read_html(prose).tables and len(read_html(prose).blocks) == 30
