"""The DOCX reader: document order, gridSpan/vMerge spans, holes, nested tables, broken packages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from PIL import Image

from pipelines.extract import read_document
from pipelines.extract.docx import read_docx
from pipelines.extract.model import NeedsOCR, Paragraph, ReadError, Table

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def texts(table: Table) -> list[list[str]]:
    return [table.row_texts(r) for r in range(table.n_rows)]


def saved(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_body(body_xml: str) -> bytes:
    """A real DOCX (python-docx's template) whose body is replaced by ``body_xml``."""
    source = saved(docx.Document())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(out, "w") as patched:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'
                        f"{body_xml}</w:body></w:document>").encode()
            patched.writestr(item, data)
    return out.getvalue()


def p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def tc(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{p(text)}</w:tc>"


def test_paragraphs_and_tables_keep_document_order_and_merged_cells() -> None:
    document = docx.Document()
    document.core_properties.title = "某局2023年政府信息公开工作年度报告"
    document.add_heading("某局2023年政府信息公开工作年度报告", level=1)
    document.add_paragraph("二、主动公开政府信息情况")
    grid = document.add_table(rows=3, cols=3)
    grid.cell(0, 0).merge(grid.cell(1, 0)).text = "信息内容"  # vertical: vMerge restart/continue
    grid.cell(0, 1).merge(grid.cell(0, 2)).text = "本年"  # horizontal: gridSpan
    grid.cell(1, 1).text, grid.cell(1, 2).text = "制发", "废止"
    grid.cell(2, 0).text, grid.cell(2, 1).text, grid.cell(2, 2).text = "规章", "1", "0"
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    result = read_docx(saved(document), "a.docx")

    assert result.title == "某局2023年政府信息公开工作年度报告"
    assert [type(block).__name__ for block in result.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert result.blocks[0] == Paragraph("某局2023年政府信息公开工作年度报告", heading=True)
    assert result.blocks[1] == Paragraph("二、主动公开政府信息情况")
    (table,) = result.tables
    assert texts(table) == [["信息内容", "本年", "本年"], ["信息内容", "制发", "废止"], ["规章", "1", "0"]]
    assert table.grid[0][0] is table.grid[1][0] and table.grid[0][0].rowspan == 2
    assert table.grid[0][1] is table.grid[0][2] and table.grid[0][1].colspan == 2


def test_fixture_with_merged_cells() -> None:
    result = read_document((LAYOUTS / "merged_cells.docx").read_bytes(), "merged_cells.docx")
    assert result.media_type.endswith("wordprocessingml.document")
    shapes = [(table.n_rows, table.n_cols) for table in result.tables]
    assert shapes == [(14, 4), (28, 10), (4, 15)]
    apply = result.tables[1]
    result_cell = apply.grid[5][0]
    assert result_cell.text == "三、本年度办理结果" and result_cell.rowspan == 22
    assert all(apply.grid[r][0] is result_cell for r in range(5, 27))
    assert apply.row_texts(6)[1] == "（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）"  # two paragraphs
    litigation = result.tables[2]
    assert litigation.row_texts(1)[5:7] == ["未经复议直接起诉", "未经复议直接起诉"]


def test_grid_before_leaves_holes_and_hmerge_joins() -> None:
    restart, merged, bad_span = "<w:hMerge w:val='restart'/>", "<w:hMerge/>", "<w:gridSpan w:val='abc'/>"
    body = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{tc('A')}{tc('B')}{tc('C')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>{tc('x')}{tc('y')}</w:tr>"
        f"<w:tr>{tc('L', restart)}{tc('', merged)}{tc('z')}</w:tr>"
        f"<w:tr>{tc('wide', bad_span)}{tc('1')}{tc('2')}</w:tr>"
        "</w:tbl>"
    )
    (table,) = read_docx(with_body(body)).tables
    assert table.grid[1][0] is None
    assert texts(table) == [["A", "B", "C"], ["", "x", "y"], ["L", "L", "z"], ["wide", "1", "2"]]
    assert table.grid[2][0] is table.grid[2][1]


def test_nested_table_in_a_cell_is_flattened_into_lines() -> None:
    inner = f"<w:tbl><w:tr>{tc('注')}{tc('1')}</w:tr><w:tr>{tc('说明')}{tc('2')}</w:tr></w:tbl>"
    rows = "".join(f"<w:tr>{tc(f'行{r}')}{tc(str(r))}{tc(str(r * 2))}{tc(str(r * 3))}</w:tr>" for r in range(4))
    body = f"<w:tbl>{rows}<w:tr>{tc('备注')}<w:tc>{p('见下')}{inner}</w:tc>{tc('')}{tc('')}</w:tr></w:tbl>"
    (table,) = read_docx(with_body(body)).tables
    assert table.n_rows == 5
    assert table.row_texts(4)[1] == "见下\n注 1\n说明 2"


def test_one_cell_wrapper_table_is_unwrapped() -> None:
    inner = f"<w:tbl><w:tr>{tc('信息内容')}{tc('本年制发件数')}</w:tr><w:tr>{tc('规章')}{tc('2')}</w:tr></w:tbl>"
    body = f"{p('标题')}<w:tbl><w:tr><w:tc>{p('一、总体情况')}{inner}{p('尾')}</w:tc></w:tr></w:tbl>"
    result = read_docx(with_body(body))
    assert [type(block).__name__ for block in result.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert texts(result.tables[0]) == [["信息内容", "本年制发件数"], ["规章", "2"]]


def test_runs_tabs_breaks_hyperlinks_content_controls_and_deleted_text() -> None:
    body = (
        "<w:p><w:r><w:t>本年新收</w:t></w:r><w:r><w:t>申请</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r>"
        "<w:r><w:t>2</w:t></w:r><w:del><w:r><w:delText>作废</w:delText></w:r></w:del>"
        "<w:hyperlink><w:r><w:t>件</w:t></w:r></w:hyperlink></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件内</w:t><w:br/><w:t>第二行</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    result = read_docx(with_body(body))
    assert [block.text for block in result.blocks] == ["本年新收申请 12件", "控件内", "第二行"]


def test_zip_without_word_document_is_not_a_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<x/>")
    with pytest.raises(ReadError, match=r"^broken\.docx: .*not a DOCX"):
        read_docx(out.getvalue(), "broken.docx")


def test_truncated_docx() -> None:
    data = saved(docx.Document())
    with pytest.raises(ReadError, match=r"^cut\.docx: DOCX is truncated or corrupt"):
        read_document(data[: len(data) // 2], "cut.docx")


def test_corrupt_document_xml() -> None:
    data = with_body("<w:p><w:r><w:t>unclosed")
    with pytest.raises(ReadError, match=r"^bad\.docx: not a readable DOCX"):
        read_docx(data, "bad.docx")


def test_embedded_html_chunk_is_read_in_place() -> None:
    document = docx.Document()
    document.add_paragraph("前言")
    page = "<html><body><p>嵌入的段落</p><table><tr><td>规章</td><td>1</td></tr>" \
           "<tr><td>规范性文件</td><td>2</td></tr></table></body></html>"
    part = Part(PackURI("/word/chunk1.htm"), "text/html", page.encode(), document.part.package)
    rid = document.part.relate_to(part, RELATIONSHIP_TYPE.A_F_CHUNK)
    document.element.body.insert(1, parse_xml(
        f'<w:altChunk {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rid}"/>'
    ))
    document.add_paragraph("结尾")
    result = read_docx(saved(document), "chunk.docx")
    assert [block.text if isinstance(block, Paragraph) else texts(block) for block in result.blocks] == [
        "前言", "嵌入的段落", [["规章", "1"], ["规范性文件", "2"]], "结尾",
    ]


def test_docx_of_pictures_needs_ocr_and_empty_docx_is_an_error() -> None:
    picture = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(picture, "PNG")
    picture.seek(0)
    scanned = docx.Document()
    scanned.add_picture(picture)
    with pytest.raises(NeedsOCR, match=r"^scan\.docx: DOCX with no text, only 1 picture\(s\) \(a scan\): needs OCR$"):
        read_docx(saved(scanned), "scan.docx")
    with pytest.raises(ReadError, match=r"^empty\.docx: DOCX has no text$"):
        read_docx(saved(docx.Document()), "empty.docx")
