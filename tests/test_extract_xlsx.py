"""The XLSX reader: sheets in order, merges as spans, shared and inline strings, numbers as shown, broken files."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipelines.extract import read_document
from pipelines.extract.model import Paragraph, ReadError, Table
from pipelines.extract.xlsx import MAX_PART_BYTES, read_xlsx
from pipelines.parse import parse_document
from pipelines.synthetic import generate_report, render

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook(*sheets: str, strings: list[str] | None = None) -> bytes:
    """A minimal workbook of ``sheets`` (each the inside of ``<worksheet>``), in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        entries = "".join(f'<sheet name="s{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>')
        rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(sheets) + 1))
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>')
        for i, sheet in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", f'<worksheet xmlns="{MAIN}">{sheet}</worksheet>')
        if strings is not None:
            items = "".join(f"<si>{item}</si>" for item in strings)
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
    return out.getvalue()


def tables(data: bytes) -> list[list[list[str]]]:
    document = read_xlsx(data, "t.xlsx")
    return [[block.row_texts(r) for r in range(block.n_rows)] for block in document.blocks if isinstance(block, Table)]


def test_generated_reports_parse_back_whole_blank_cells_included() -> None:
    """A blank value cell is written empty: it keeps its position, so the sheet parses back exactly."""
    for seed in range(6):
        report = generate_report(seed, blank_rate=0.1 if seed % 2 else 0.0)
        parsed = parse_document(render(report, "xlsx"), source="generated.xlsx")
        assert parsed.media_type.endswith("spreadsheetml.sheet")
        assert (parsed.agency, parsed.year, parsed.format) == (report.agency, report.year, report.format)
        assert {code: parsed.cells.get(code) for code in report.cells} == report.cells


def test_merged_cells_are_one_cell_at_every_position_they_cover() -> None:
    sheet = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>（三）不予公开</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>1.属于国家秘密</t></is></c><c r="C1"><v>0</v></c></row>'
        '<row r="2"><c r="B2" t="inlineStr"><is><t>2.其他法律行政法规禁止公开</t></is></c><c r="C2"><v>2</v></c></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>'
    )
    document = read_xlsx(workbook(sheet), "t.xlsx")
    table = next(block for block in document.blocks if isinstance(block, Table))
    assert table.grid[0][0] is table.grid[1][0]
    assert (table.grid[0][0].rowspan, table.grid[0][0].colspan) == (2, 1)
    assert table.row_texts(1) == ["（三）不予公开", "2.其他法律行政法规禁止公开", "2"]


def test_shared_strings_rich_runs_and_numbers_as_the_sheet_shows_them() -> None:
    strings = ["<t>规章</t>", "<r><t>行政</t></r><r><t>许可</t></r>", "<t>信息处理费</t><rPh><t>ふりがな</t></rPh>"]
    sheet = (
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>3.0</v></c><c r="C1"><v>63.790000000000006</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>1200</v></c><c r="C2" t="str"><f>B2*0</f><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#DIV/0!</v></c></row>'
        '</sheetData>'
    )
    assert tables(workbook(sheet, strings=strings)) == [
        [["规章", "3", "63.79"], ["行政许可", "1200", "0"], ["信息处理费", "TRUE", "#DIV/0!"]],
    ]


def test_cells_without_references_take_the_next_position() -> None:
    sheet = ('<sheetData><row><c t="inlineStr"><is><t>规章</t></is></c><c/><c><v>5</v></c></row>'
             '<row><c t="inlineStr"><is><t>行政规范性文件</t></is></c><c><v>1</v></c><c><v>9</v></c></row></sheetData>')
    assert tables(workbook(sheet)) == [[["规章", "", "5"], ["行政规范性文件", "1", "9"]]]


def test_one_cell_rows_are_paragraphs_and_sheets_come_in_workbook_order() -> None:
    first = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>某县2024年政府信息公开工作年度报告</t></is></c></row>'
             '<row r="3"><c r="A3" t="inlineStr"><is><t>信息内容</t></is></c><c r="B3" t="inlineStr"><is><t>本年制发件数</t></is></c></row>'
             '<row r="4"><c r="A4" t="inlineStr"><is><t>行政强制</t></is></c></row>'
             '<row r="5"><c r="A5" t="inlineStr"><is><t>规章</t></is></c><c r="B5"><v>1</v></c></row></sheetData>')
    second = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>填表说明</t></is></c></row></sheetData>'
    document = read_xlsx(workbook(first, second), "t.xlsx")
    kinds = [(type(block).__name__, block.text if isinstance(block, Paragraph) else block.n_rows)
             for block in document.blocks]
    # 行政强制 with its numbers blank stays a row of the table it sits in
    assert kinds == [("Paragraph", "某县2024年政府信息公开工作年度报告"), ("Table", 3), ("Paragraph", "填表说明")]


def test_a_far_away_stray_cell_does_not_make_a_huge_grid() -> None:
    sheet = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>规章</t></is></c><c r="B1"><v>1</v></c></row>'
             '<row r="1048576"><c r="XFD1048576"><v>7</v></c></row></sheetData>')
    assert tables(workbook(sheet)) == [[["规章", "1"]]]


def test_read_document_sniffs_a_workbook_whatever_its_name() -> None:
    data = render(generate_report(3), "xlsx")
    document = read_document(data, "附件1.dat")
    assert any(isinstance(block, Table) for block in document.blocks)


@pytest.mark.parametrize(("data", "message"), [
    (workbook('<sheetData><row r="1"><c r="A1"/></row></sheetData>'), "t.xlsx: XLSX has no text"),
    (workbook("<sheetData><row r="), "t.xlsx: not a readable XLSX"),
    (render(generate_report(1), "xlsx")[:3000], "t.xlsx: not a readable XLSX"),
])
def test_broken_workbooks_are_one_line_errors_naming_the_document(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message.replace(".", r"\.")):
        read_xlsx(data, "t.xlsx")


def test_a_part_that_inflates_too_far_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipelines.extract.xlsx.MAX_PART_BYTES", 100)
    assert MAX_PART_BYTES > 100
    with pytest.raises(ReadError, match="inflates to .* over the"):
        read_xlsx(render(generate_report(2), "xlsx"), "t.xlsx")
