"""Decoding: BOM, declared charsets, GB18030 for every GB label, detection when a declaration lies."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.extract import read_document
from pipelines.extract.decode import (
    UndecodableError,
    collapse_whitespace,
    declared_charset,
    decode_bytes,
    join_wrapped,
    normalise_charset,
)

REPORT_TEXT = "勍香镇人民政府2024年政府信息公开工作年度报告：本年新收政府信息公开申请12件，（三）不予公开。"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_and_is_removed(bom: bytes, encoding: str) -> None:
    text, used = decode_bytes(bom + REPORT_TEXT.encode(encoding), declared="gb2312")
    assert (text, used) == (REPORT_TEXT, encoding)


def test_gbk_page_declaring_gb2312_is_read_as_gb18030() -> None:
    # 勍 is outside GB2312: a strict gb2312 decode fails on the very first character
    page = f'<html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312"></head><body>{REPORT_TEXT}'
    data = page.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")
    text, encoding = decode_bytes(data)
    assert encoding == "gb18030"
    assert REPORT_TEXT in text


@pytest.mark.parametrize("label", ["gb2312", "GBK", "x-gbk", "cp936", "GB_2312-80", "gb18030", "EUC-CN"])
def test_every_gb_label_means_gb18030(label: str) -> None:
    assert normalise_charset(label) == "gb18030"
    assert normalise_charset(f"text/html; charset={label}") == "gb18030"


def test_labels_python_does_not_know_and_utf16_without_bom_are_ignored() -> None:
    assert normalise_charset("x-unknown-charset") is None
    assert normalise_charset("utf-16") is None
    assert normalise_charset("") is None
    assert normalise_charset("ISO-8859-1") == "cp1252"


def test_declarations_found_in_meta_and_xml() -> None:
    assert declared_charset(b'<meta charset="GBK">') == "gb18030"
    assert declared_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=utf-8'>") == "utf-8"
    assert declared_charset(b'<?xml version="1.0" encoding="gb2312"?><html>') == "gb18030"
    # Word puts <meta> after a long <html xmlns:...> tag, well past the first kilobyte
    assert declared_charset(b"<html " + b"xmlns:o='x' " * 200 + b"><meta charset=gb2312>") == "gb18030"
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


def test_utf8_page_mislabelled_gb2312_is_read_as_utf8() -> None:
    data = f"<meta charset=gb2312><p>{REPORT_TEXT}</p>".encode()
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert REPORT_TEXT in text


def test_gbk_page_mislabelled_utf8_falls_back_to_detection() -> None:
    data = f'<meta charset="utf-8"><p>{REPORT_TEXT * 3}</p>'.encode("gbk")
    text, encoding = decode_bytes(data, declared="text/html; charset=UTF-8")
    assert encoding == "gb18030"
    assert REPORT_TEXT in text


def test_gbk_page_declared_latin1_by_the_server_is_not_mojibake() -> None:
    data = REPORT_TEXT.encode("gbk")
    text, encoding = decode_bytes(data, declared="iso-8859-1")
    assert (text, encoding) == (REPORT_TEXT, "gb18030")


def test_declared_charset_used_when_it_decodes_cleanly() -> None:
    text = "Ελληνικά κείμενα για δοκιμή"
    decoded, encoding = decode_bytes(text.encode("iso-8859-7"), declared="iso-8859-7")
    assert (decoded, encoding) == (text, "iso8859-7")


@pytest.mark.parametrize("damage", ["stray byte", "cut mid-character"])
def test_slightly_damaged_utf8_stays_utf8(damage: str) -> None:
    data = (REPORT_TEXT * 40).encode("utf-8")
    data = data + b"\xff" + REPORT_TEXT.encode() if damage == "stray byte" else data[:-1]
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert text.count(REPORT_TEXT) >= 39


def test_gbk_with_only_a_few_chinese_characters_is_not_taken_for_damaged_utf8() -> None:
    data = b"<html>" + b"x" * 5000 + "勍".encode("gbk") + b"</html>"
    text, encoding = decode_bytes(data)
    assert encoding == "gb18030"
    assert "勍" in text


def test_utf16_without_bom_is_recognised() -> None:
    data = "<html><body>年度报告 annual report 2024</body></html>".encode("utf-16-le")
    text, encoding = decode_bytes(data)
    assert encoding == "utf-16-le"
    assert "年度报告" in text


def test_pure_ascii_is_ascii() -> None:
    assert decode_bytes(b"plain text") == ("plain text", "ascii")


def test_binary_junk_is_undecodable() -> None:
    junk = bytes(range(256)) * 8
    with pytest.raises(UndecodableError):
        decode_bytes(junk)


CHINESE = st.text(alphabet=st.sampled_from(list("勍香镇人民政府年度报告公开申请（）一二三、，。0123456789 \n")), min_size=1)


@given(CHINESE)
def test_gb18030_text_round_trips(text: str) -> None:
    decoded, _ = decode_bytes(f"<meta charset=gb2312>{text}".encode("gb18030"))
    assert decoded.endswith(text)


@given(CHINESE)
def test_utf8_text_round_trips(text: str) -> None:
    decoded, _ = decode_bytes(text.encode("utf-8"), declared="gbk")
    assert decoded == text


def test_collapse_whitespace_drops_source_breaks_between_chinese_only() -> None:
    assert collapse_whitespace("本年新收政府信息\r\n  公开申请") == "本年新收政府信息公开申请"
    assert collapse_whitespace("annual\n report") == "annual report"
    assert collapse_whitespace("\u3000\u3000一、总体情况\xa0 ") == "一、总体情况"
    assert collapse_whitespace("1\n2") == "1 2"
    assert collapse_whitespace("1\n2", join_digits=True) == "12"
    assert collapse_whitespace("1 2", join_digits=True) == "1 2"  # a real space is not a source line break


def test_zero_width_characters_are_no_space_at_all() -> None:
    """Pasted from word processors into pages: 公\u200b开 must still read as 公开 (title, labels)."""
    assert collapse_whitespace("政府信息公\u200b开\ufeff工作 年度报告") == "政府信息公开工作 年度报告"
    assert collapse_whitespace("\u200b予以公开\u2060") == "予以公开"
    page = "<html><body><p>勍香镇2024年政府信息公\u200b开工作年度报告</p></body></html>".encode()
    assert "公开工作" in read_document(page, "page.html").blocks[0].text


def test_join_wrapped_lines() -> None:
    assert join_wrapped(["（二）部分公开（区分处理的，", "只计这一情形）"]) == "（二）部分公开（区分处理的，只计这一情形）"
    assert join_wrapped(["Microsoft Word", "document"]) == "Microsoft Word document"
    assert join_wrapped(["本年收费金额", "(万元)"]) == "本年收费金额(万元)"
    assert join_wrapped(["", "  ", "x"]) == "x"
