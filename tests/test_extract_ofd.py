"""The OFD reader: glyphs placed from Boundary, TextCode X/Y and DeltaX (with its g N d runs), pages in order."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipelines.extract import read_document
from pipelines.extract.model import NeedsOCR, Paragraph, ReadError, Table
from pipelines.extract.ofd import read_ofd
from pipelines.parse import parse_document
from pipelines.synthetic import generate_report, render

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def ofd(*pages: str, title: str = "", base: str = "Doc_0") -> bytes:
    """A minimal package: each page the inside of its ``ofd:Layer``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = f"<ofd:DocInfo><ofd:Title>{title}</ofd:Title></ofd:DocInfo>" if title else ""
        archive.writestr("OFD.xml", f"<ofd:OFD {NS}><ofd:DocBody>{info}<ofd:DocRoot>{base}/Document.xml"
                                    "</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        entries = "".join(f'<ofd:Page ID="{n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
        archive.writestr(f"{base}/Document.xml", f"<ofd:Document {NS}><ofd:Pages>{entries}</ofd:Pages></ofd:Document>")
        for n, layer in enumerate(pages):
            archive.writestr(f"{base}/Pages/Page_{n}/Content.xml",
                             f"<ofd:Page {NS}><ofd:Content><ofd:Layer>{layer}</ofd:Layer></ofd:Content></ofd:Page>")
    return out.getvalue()


def text_object(x: float, y: float, text: str, delta: str = "", size: float = 4) -> str:
    delta_x = f' DeltaX="{delta}"' if delta else ""
    return (f'<ofd:TextObject Boundary="{x} {y} 100 {size}" Size="{size}">'
            f'<ofd:TextCode X="0" Y="{size}"{delta_x}>{text}</ofd:TextCode></ofd:TextObject>')


def test_generated_reports_parse_back_whole() -> None:
    for seed in range(5):
        report = generate_report(seed)
        parsed = parse_document(render(report, "ofd"), source="generated.ofd")
        assert parsed.media_type == "application/ofd"
        assert (parsed.agency, parsed.year, parsed.format) == (report.agency, report.year, report.format)
        assert {code: parsed.cells.get(code) for code in report.cells} == report.cells


def test_blank_cells_are_null_never_another_number() -> None:
    for seed in range(200, 206):
        report = generate_report(seed, blank_rate=0.1)
        parsed = parse_document(render(report, "ofd"), source="generated.ofd")
        assert {code: (want, parsed.cells.get(code)) for code, want in report.cells.items()
                if parsed.cells.get(code) not in (None, want)} == {}


def test_columns_come_from_positions_and_delta_x_runs() -> None:
    """规章 at 10 mm, its numbers at 40 and 60 mm: three cells. The label's second glyph is 4 mm on (g 1 4),
    a glyph per TextCode (as some producers write) is placed by its own X."""
    layer = (
        text_object(10, 20, "规章", delta="g 1 4")
        + text_object(40, 20, "4") + text_object(60, 20, "1")
        + '<ofd:TextObject Boundary="10 30 100 4" Size="4"><ofd:TextCode X="0" Y="4">行</ofd:TextCode>'
          '<ofd:TextCode X="4" Y="4">政</ofd:TextCode><ofd:TextCode X="8" Y="4">许可</ofd:TextCode></ofd:TextObject>'
        + text_object(40, 30, "12") + text_object(60, 30, "3")
    )
    document = read_ofd(ofd(layer, title="某镇2024年政府信息公开工作年度报告"), "t.ofd")
    assert document.title == "某镇2024年政府信息公开工作年度报告"
    (table,) = [block for block in document.blocks if isinstance(block, Table)]
    assert [table.row_texts(r) for r in range(table.n_rows)] == [["规章", "4", "1"], ["行政许可", "12", "3"]]


def test_text_drawn_in_points_is_placed_through_its_ctm() -> None:
    """As PDF-converted OFDs write it: each glyph in points, scaled to mm and moved by the object's CTM."""
    ctm = "0.3527 0 0 0.3527 -100 0"

    def glyph_in_points(x_mm: float, text: str) -> str:
        return (f'<ofd:TextObject CTM="{ctm}" Boundary="100 20 10 5" Size="11.34">'
                f'<ofd:TextCode X="{x_mm / 0.3527:.3f}" Y="11.34" DeltaX="g {len(text) - 1} 11.34">{text}'
                "</ofd:TextCode></ofd:TextObject>")

    layer = glyph_in_points(10, "规章") + glyph_in_points(40, "4") + glyph_in_points(60, "1")
    document = read_ofd(ofd(layer + text_object(10, 30, "行政许可") + text_object(40, 30, "12")
                            + text_object(60, 30, "3")), "t.ofd")
    (table,) = [block for block in document.blocks if isinstance(block, Table)]
    assert [table.row_texts(r) for r in range(table.n_rows)] == [["规章", "4", "1"], ["行政许可", "12", "3"]]


def test_pages_in_document_order() -> None:
    first = text_object(10, 20, "一、总体情况")
    second = text_object(10, 20, "二、主动公开政府信息情况")
    document = read_ofd(ofd(first, second), "t.ofd")
    assert [block.text for block in document.blocks if isinstance(block, Paragraph)] == [
        "一、总体情况", "二、主动公开政府信息情况"]


def test_read_document_sniffs_an_ofd_whatever_its_name() -> None:
    document = read_document(render(generate_report(4), "ofd"), "附件.bin")
    assert document.media_type == "application/ofd"
    assert any(isinstance(block, Table) for block in document.blocks)


def test_an_ofd_of_images_needs_ocr() -> None:
    image = '<ofd:ImageObject Boundary="0 0 210 297" ResourceID="9"/>'
    with pytest.raises(NeedsOCR, match=r"^scan\.ofd: OFD has no text \(a scan of 2 page\(s\)\): needs OCR$"):
        read_ofd(ofd(image, image), "scan.ofd")


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04 broken", r"^t\.ofd: not a readable OFD"),
    (ofd(text_object(1, 1, "x"))[:200], r"^t\.ofd: not a readable OFD"),
    (ofd(), r"^t\.ofd: OFD has no pages$"),
])
def test_broken_packages_are_one_line_errors_naming_the_document(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_ofd(data, "t.ofd")


def test_a_page_missing_from_the_package_is_named() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("OFD.xml", f"<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                                    "</ofd:DocBody></ofd:OFD>")
        archive.writestr("Doc_0/Document.xml", f'<ofd:Document {NS}><ofd:Pages><ofd:Page ID="1" '
                                               'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
    with pytest.raises(ReadError, match=r"^t\.ofd: OFD page Doc_0/Pages/Page_0/Content\.xml is missing"):
        read_ofd(data.getvalue(), "t.ofd")
