"""Format sniffing: from the bytes, never the name."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from pipelines.extract import sniff as media
from pipelines.extract.sniff import sniff


def zip_of(*names: str, mimetype: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


def ole_with(*streams: str) -> bytes:
    """An OLE2 header followed by directory-entry names (UTF-16LE), which is all the sniffer looks at."""
    body = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", media.PDF),
        (b"\r\n\x00junk%PDF-1.4\n", media.PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        (b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00" + b"\x00" * 20, "image/bmp"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"{\\rtf1\\ansi\\ansicpg936 report}", media.RTF),
        (ole_with("Root Entry", "WordDocument", "1Table"), media.MSWORD),
        (ole_with("Root Entry", "WordDocument", "WpsCustomData"), media.WPS),
        (ole_with("Root Entry", "Workbook"), media.XLS),
        (ole_with("Root Entry", "PowerPoint Document"), media.PPT),
        (ole_with("Root Entry", "Something"), media.OLE),
    ],
)
def test_binary_signatures(data: bytes, expected: str) -> None:
    assert sniff(data) == expected


@pytest.mark.parametrize(
    ("names", "mimetype", "expected"),
    [
        (("[Content_Types].xml", "word/document.xml"), None, media.DOCX),
        (("[Content_Types].xml", "xl/workbook.xml"), None, media.XLSX),
        (("[Content_Types].xml", "ppt/presentation.xml"), None, media.PPTX),
        (("OFD.xml", "Doc_0/Document.xml"), None, media.OFD),
        (("content.xml",), b"application/vnd.oasis.opendocument.text", media.ODT),
        (("photos/a.jpg",), None, media.ZIP),
    ],
)
def test_zip_containers_by_their_parts(names: tuple[str, ...], mimetype: bytes | None, expected: str) -> None:
    assert sniff(zip_of(*names, mimetype=mimetype)) == expected


def test_truncated_docx_is_still_a_docx_for_the_reader_to_reject() -> None:
    data = zip_of("[Content_Types].xml", "word/document.xml")
    assert sniff(data[: len(data) // 2]) == media.DOCX


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>报告</body></html>",
        "\ufeff  \n<!DOCTYPE html>\n<html lang=zh>",
        '<?xml version="1.0" encoding="gb2312"?>\n<!-- saved from url=(0042)http://x -->\n<html>',
        "<!-- a comment --><TABLE border=1><tr><td>1</td></tr></TABLE>",
        "<p class=MsoNormal>一、总体情况</p>",
        "<div id=zoom>年度报告</div>",
        "\n\n\t<meta charset=utf-8><title>年报</title>",
        "some text the CMS left before the markup <html><body><p>x</p></body></html>",
    ],
)
def test_html_by_markup_near_the_start(page: str) -> None:
    assert sniff(page.encode("utf-8")) == media.HTML


def test_html_in_gbk_and_utf16() -> None:
    page = "<html><head><meta charset=gb2312></head><body>勍香镇年度报告</body></html>"
    assert sniff(page.encode("gbk")) == media.HTML
    assert sniff(codecs.BOM_UTF16_LE + page.encode("utf-16-le")) == media.HTML
    assert sniff(page.encode("utf-16-le")) == media.HTML  # no BOM


def test_text_and_markdown() -> None:
    assert sniff("一、总体情况\n本年度共收到申请12件。\n".encode("gbk")) == media.TEXT
    assert sniff("行政许可 |\n97 |\n".encode()) == media.TEXT  # one cell per line is the text reader's
    assert sniff("# 年度报告\n\n正文".encode()) == media.MARKDOWN
    assert sniff("| 信息内容 | 本年制发件数 |\n| --- | --- |\n| 规章 | 0 |\n".encode()) == media.MARKDOWN
    assert sniff(b"a < b and c > d, a 5 < 6 comparison") == media.TEXT


def test_mhtml() -> None:
    data = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"x\"\r\n\r\n--x\r\n"
    assert sniff(data) == media.MHTML


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)) * 4,
        b"\x00\x01\x02\x03" * 1000,
        b"ELF\x7f\x02\x01\x01\x00" + bytes(range(32)) * 40,
    ],
)
def test_binary_junk(junk: bytes) -> None:
    assert sniff(junk) == media.BINARY
