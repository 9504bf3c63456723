"""``read_document`` / ``read_path``: dispatch by content, the size cap, and every bad input's one-line error."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image

from pipelines.extract import DEFAULT_MAX_BYTES, max_document_bytes, read_document, read_path
from pipelines.extract.model import MissingTool, NeedsOCR, ReadError

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"


def image_bytes(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, kind)
    return out.getvalue()


def zip_of(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", ReadError, r"^bad\.bin: empty file$"),
        (b" \r\n\t " * 100, ReadError, r"^bad\.bin: file holds only whitespace$"),
        (bytes(range(256)) * 64, ReadError, r"^bad\.bin: not a document: unrecognised binary content$"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", ReadError, r"^bad\.bin: not a readable PDF, truncated or corrupt"),
        (zip_of("photos/a.jpg"), ReadError, r"^bad\.bin: a ZIP archive but not a DOCX"),
        (zip_of("[Content_Types].xml", "xl/workbook.xml"), ReadError, r"^bad\.bin: XLSX has no text$"),
        (zip_of("OFD.xml"), ReadError, r"^bad\.bin: OFD\.xml names no document \(DocRoot\)$"),
        (image_bytes("PNG"), NeedsOCR, r"^bad\.bin is a PNG image: needs OCR$"),
        (image_bytes("JPEG"), NeedsOCR, r"^bad\.bin is a JPEG image: needs OCR$"),
        (image_bytes("TIFF"), NeedsOCR, r"^bad\.bin is a TIFF image: needs OCR$"),
        (image_bytes("GIF"), NeedsOCR, r"^bad\.bin is a GIF image: needs OCR$"),
        (image_bytes("BMP"), NeedsOCR, r"^bad\.bin is a BMP image: needs OCR$"),
        (b"<html><body><script>x()</script></body></html>", ReadError, r"^bad\.bin: HTML page with no text$"),
    ],
)
def test_bad_input_gives_a_clear_one_line_error(data: bytes, error: type[ReadError], message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        read_document(data, "bad.bin")
    assert "\n" not in str(caught.value)


def test_errors_name_the_document_even_without_a_source() -> None:
    with pytest.raises(ReadError, match=r"^document: empty file$"):
        read_document(b"")


def test_size_cap_is_checked_before_parsing() -> None:
    oversized = b"%PDF-1.4\n" + b"\x00" * DEFAULT_MAX_BYTES  # would be a corrupt PDF, if it were parsed
    with pytest.raises(ReadError, match=r"^big\.pdf: 50\.0 MB is over the 50\.0 MB size limit$"):
        read_document(oversized, "big.pdf")
    with pytest.raises(ReadError, match=r"over the 0\.0 MB size limit"):
        read_document(b"<p>x</p>", "small.html", max_bytes=4)


def test_size_cap_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZFXXGK_MAX_DOCUMENT_BYTES", "1000")
    assert max_document_bytes() == 1000
    with pytest.raises(ReadError, match="size limit"):
        read_document(b"<p>" + "年报".encode() * 1000 + b"</p>", "page.html")
    monkeypatch.setenv("ZFXXGK_MAX_DOCUMENT_BYTES", "junk")
    assert max_document_bytes() == DEFAULT_MAX_BYTES


def test_read_path_checks_the_size_before_reading(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.pdf"
    with sparse.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)  # a sparse file: no 50 MB is ever read or written
    with pytest.raises(ReadError, match=r"huge\.pdf: 50\.0 MB is over the 50\.0 MB size limit$"):
        read_path(sparse)


def test_read_path_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"missing\.html: cannot be read \(No such file or directory\)"):
        read_path(tmp_path / "missing.html")
    with pytest.raises(ReadError, match=r"not a file"):
        read_path(tmp_path)


def test_format_comes_from_content_not_the_name(tmp_path: Path) -> None:
    html_named_doc = tmp_path / "report.doc"
    html_named_doc.write_bytes((LAYOUTS / "format_2019.html").read_bytes())
    assert read_path(html_named_doc).media_type == "text/html"
    docx_named_pdf = tmp_path / "report.pdf"
    docx_named_pdf.write_bytes((LAYOUTS / "merged_cells.docx").read_bytes())
    assert read_path(docx_named_pdf).media_type.endswith("wordprocessingml.document")


def test_server_charset_is_used_for_html() -> None:
    page = "<html><body><p>勍香镇年度报告</p></body></html>".encode("gbk")
    document = read_document(page, "page.html", charset="text/html; charset=GBK")
    assert "勍香镇年度报告" in document.text()


def test_text_and_markdown_go_to_the_text_reader() -> None:
    plain = read_document("一、总体情况\n本年度共收到申请12件。\n".encode("gbk"), "report.txt")
    assert plain.media_type == "text/plain"
    assert "本年度共收到申请12件。" in plain.text()
    markdown = read_document("# 年度报告\n\n| 信息内容 | 本年制发件数 |\n| --- | --- |\n| 规章 | 3 |\n".encode(), "r.md")
    assert markdown.media_type == "text/markdown"
    assert markdown.tables


def rows_of(document) -> list[list[str]]:  # noqa: ANN001
    return [table.row_texts(r) for table in document.tables for r in range(table.n_rows)]


def test_markdown_table_without_outer_pipes_is_a_table() -> None:
    """``a | b`` over ``--- | ---`` is a GFM table too: known by its delimiter row."""
    text = "表二\n信息内容 | 本年制发件数 | 本年废止件数\n--- | --- | ---\n规章 | 3 | 0\n行政规范性文件 | 5 | 1\n\n正文 | 不是表格\n"
    assert rows_of(read_document(text.encode(), "r.md")) == [
        ["信息内容", "本年制发件数", "本年废止件数"], ["规章", "3", "0"], ["行政规范性文件", "5", "1"]]


def test_double_spaced_text_reads_as_single_spaced() -> None:
    """A conversion that writes every line as a paragraph of its own: its blank lines say nothing."""
    cells = ["信息内容 |", "本年新收 |", *[f"{n} |" for n in range(30)]]
    single = read_document("\n".join(["年度报告", *cells]).encode(), "a.txt")
    double = read_document("\n\n".join(["年度报告", *cells]).encode(), "b.txt")
    assert rows_of(double) == rows_of(single) and len(rows_of(single)) == 32
    prose = "\n\n".join(["一、总体情况", "本年度共收到申请12件。", "二、主动公开"])  # too short to judge: as it is
    assert read_document(prose.encode(), "c.txt").text() == read_document(prose.replace("\n\n", "\n").encode(), "c.txt").text()


def test_ideographic_spaces_do_not_turn_markdown_into_spaced_rows() -> None:
    """A U+3000 gap makes a PDF-layout row; it must not swallow the markdown table that follows."""
    text = "行政许可\u300097\n|\u3000信息内容\u3000|\u3000本年制发件数\u3000|\n|---|---|\n|\u3000规章\u3000|\u30003\u3000|\n"
    assert ["规章", "3"] in rows_of(read_document(text.encode(), "r.md"))


def test_page_headers_do_not_cut_a_table() -> None:
    """The report's name printed again at the top of each page lands mid-table in PDF text: it goes (the title
    itself stays), as do page numbers; a single mention elsewhere stays too."""
    title = "某某镇2024年政府信息公开工作年度报告"
    cells = [f"{n} |" for n in range(12)]
    text = "\n".join([title, "信息内容 |", *cells[:5], title, "第 2 页", *cells[5:], "二、附：往年年度报告"])
    document = read_document(text.encode(), "a.txt")
    assert rows_of(document) == [["信息内容"], *[[str(n)] for n in range(12)]]
    assert document.text().startswith(title) and "往年年度报告" in document.text()


def test_page_numbers_at_page_breaks_are_no_text() -> None:
    """PDF-to-text prints a centred page number at the foot of each page, before the form feed: it can fall
    inside a sentence (信息处理费 0 … 元) and must not join the number there."""
    text = "六、其他需要报告的事项\n本年度共收取信息处理费 0\n\n                 2\n\f元。\n- 3 -\n\f某某县人民政府\n"
    read = "".join(read_document(text.encode(), "a.txt").text().split())
    assert read == "六、其他需要报告的事项本年度共收取信息处理费0元。某某县人民政府"


def test_full_width_pipes_and_a_unit_apart_from_its_number() -> None:
    text = "｜信息内容｜采购项目数量｜\n｜---｜---｜\n｜政府集中采购｜3｜\n\n采购总金额\u3000\u3000\u300063.79\u3000万元\u3000\u3000\u30001\n"
    assert rows_of(read_document(text.encode(), "r.md")) == [
        ["信息内容", "采购项目数量"], ["政府集中采购", "3"], ["采购总金额", "63.79万元", "1"]]


def test_word_97_without_libreoffice_is_a_missing_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
    with pytest.raises(MissingTool, match=(
        r"^old\.doc is a Word 97-2003 document: reading it needs LibreOffice \(soffice\), which is not installed$"
    )):
        read_document(doc, "old.doc")
    wps = doc + "WpsCustomData".encode("utf-16-le")
    with pytest.raises(MissingTool, match=r"^old\.wps is a Kingsoft WPS document: reading it needs LibreOffice"):
        read_document(wps, "old.wps")


def test_other_ole_files_are_not_supported() -> None:
    """Word and Excel binaries go to LibreOffice (tests/test_extract_office.py); a PowerPoint one is refused."""
    ppt = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "PowerPoint Document".encode("utf-16-le")
    with pytest.raises(ReadError, match=r"^old\.ppt is a PowerPoint 97-2003 .*: not a supported document$"):
        read_document(ppt, "old.ppt")


def test_a_reader_crash_still_reaches_the_user_as_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.extract import html

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(html, "read_html", broken)
    with pytest.raises(ReadError, match=r"^p\.html: reading an HTML page failed \(KeyError: 'boom'\)$"):
        read_document(b"<html><body><p>x</p></body></html>", "p.html")


def test_docx_bytes_round_trip_through_read_document() -> None:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    out = io.BytesIO()
    document.save(out)
    result = read_document(out.getvalue(), "x.docx")
    assert [block.text for block in result.blocks] == ["一、总体情况"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_shared_seed_texts_read_the_same_in_every_encoding(shared_dir: Path, encoding: str) -> None:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    assert seeds
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        as_utf8 = read_document(text.encode("utf-8"), seed.name)
        recoded = read_document(text.encode(encoding), seed.name)
        assert recoded.text() == as_utf8.text(), seed.name
        assert recoded.media_type == as_utf8.media_type == "text/plain"
