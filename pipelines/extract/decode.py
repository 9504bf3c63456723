"""Bytes → text for HTML and plain-text documents, getting Chinese legacy encodings right.

A GBK page decoded as anything else is the most common way a report is lost, so the order is: a BOM; valid
(or all but a byte or two) UTF-8 that reads as Chinese (GBK text is practically never valid UTF-8, while
UTF-8 pages mislabelled ``gb2312`` are common); the declared charset (HTTP header, then ``<meta>`` or the
XML declaration); strict GB18030; charset-normalizer; and last a near-clean decode with a few bad bytes
replaced. GB2312 and GBK are always decoded as
GB18030, their superset: strict GB2312 fails on characters such as 勍 that real pages contain.
"""

from __future__ import annotations

import codecs
import re

#: Labels that all mean "some GB encoding": decoded as GB18030, which contains them all.
_GB_LABELS = frozenset({
    "gb2312", "gb_2312", "gb_2312-80", "gb2312-80", "csgb2312", "x-gbk", "gbk", "cp936", "ms936", "windows-936",
    "chinese", "euc-cn", "euccn", "iso-ir-58", "csiso58gb231280", "gb18030", "gb-18030", "hz-gb-2312",
})
#: Western single-byte labels: pages declaring these are often really UTF-8 or GBK (template defaults).
_WESTERN_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
                             "windows-1252", "cp1252"})

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DECLARATION_WINDOW = 16384  # Word-exported pages put <meta> after a long <html xmlns:…> tag
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)

#: A decode with replaced bytes is still accepted when at most this share of its non-ASCII characters was bad.
_MAX_BAD_SHARE = 0.005


class UndecodableError(ValueError):
    """No encoding turns these bytes into text: they are binary, not a text document."""


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label (``text/html; charset=GB2312`` or ``gbk``), or None.

    Any GB label becomes ``gb18030``; labels Python does not know, and UTF-16/32 without a BOM (a ``<meta>``
    cannot truthfully declare them: it is readable as ASCII), give None.
    """
    if not label:
        return None
    match = _CONTENT_TYPE_CHARSET.search(label)
    name = (match.group(1) if match else label).strip().strip("\"'").lower()
    if not name:
        return None
    if name in _GB_LABELS:
        return "gb18030"
    if name in ("big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"):
        return "big5hkscs"
    if name in _WESTERN_LABELS:
        return "cp1252"  # what browsers decode these labels as
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec.startswith(("utf-16", "utf-32")) else codec


def declared_charset(data: bytes) -> str | None:
    """The charset the document declares about itself: ``<meta …charset=…>`` or an XML declaration."""
    head = data[:_DECLARATION_WINDOW]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            charset = normalise_charset(match.group(1).decode("ascii", "ignore"))
            if charset:
                return charset
    return None


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces and the mark's length, or None without a BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a text document; return ``(text, encoding)``.

    ``declared`` is an outside claim such as the HTTP ``Content-Type`` (a bare charset or the whole header
    value); the document's own declaration is read from its bytes. A declaration that does not decode
    cleanly is not trusted: detection takes over instead of producing mojibake. Raises
    ``UndecodableError`` when nothing decodes the bytes into plausible text.
    """
    bom = bom_encoding(data)
    if bom:
        encoding, skip = bom
        return data[skip:].decode(encoding, errors="replace"), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if data.isascii():
        return data.decode("ascii"), "ascii"
    claims = [normalise_charset(declared), declared_charset(data)]
    utf8 = _utf8(data, trust="utf-8" in claims)
    if utf8 is not None:
        return utf8, "utf-8"
    tried: list[str] = ["utf-8"]
    for candidate in (*claims, "gb18030"):
        if candidate and candidate not in tried:
            tried.append(candidate)
            if candidate == "cp1252":
                continue  # decodes anything: only trusted after the legacy Chinese encodings failed
            text = _strict(data, candidate)
            if text is not None:
                return text, candidate
    detected = _detect(data)
    if detected is not None:
        return detected
    # Nearly clean in one of the likely encodings: a truncated download or a stray byte, not binary.
    for candidate in tried:
        if candidate == "cp1252":
            continue
        text = data.decode(candidate, errors="replace")
        if _nearly_clean(text):
            return text, candidate
    if "cp1252" in tried:
        text = _strict(data, "cp1252")
        if text is not None:
            return text, "cp1252"
    raise UndecodableError("no text encoding fits these bytes")


def _utf8(data: bytes, trust: bool) -> str | None:
    """The text if ``data`` is UTF-8: valid (or cut mid-character, or with a stray byte) and, unless it was
    declared so, Chinese rather than a short GBK text that happens to form valid 2-byte sequences."""
    text = _strict(data, "utf-8")
    if text is None:
        text = data.decode("utf-8", errors="replace")
        if not _nearly_clean(text):  # GBK read as UTF-8 fails almost everywhere
            return None
    if trust or _cjk_share(text) >= 0.5:
        return text
    gb = _strict(data, "gb18030")
    return text if gb is None or _cjk_share(gb) <= _cjk_share(text) else None


def _cjk_share(text: str) -> float:
    """The share of CJK characters among the non-ASCII ones."""
    non_ascii = [char for char in text[:20000] if ord(char) > 0x7F]
    if not non_ascii:
        return 1.0
    return sum(1 for char in non_ascii if is_cjk(char)) / len(non_ascii)


def _nearly_clean(text: str) -> bool:
    """At most one bad character, or a tiny share of the non-ASCII ones: a cut or a stray byte."""
    bad = text.count("\ufffd")
    if bad == 0:
        return True
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return bad <= max(1, int(non_ascii * _MAX_BAD_SHARE)) and non_ascii > 2 * bad


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL bytes in every other position (its ASCII characters)."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, kept only when the result is mostly printable text."""
    from charset_normalizer import from_bytes  # imported lazily: most documents never get here

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    encoding = normalise_charset(best.encoding) or best.encoding
    text = _strict(data, encoding)
    if text is None or not looks_like_text(text):
        return None
    return text, encoding


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])  # _CONTROL's one-byte characters


def looks_like_text(text: str | bytes) -> bool:
    """False when control characters make up more than 1% of the text: binary decoded by force.

    Bytes are taken as Latin-1 text (a character per byte) and counted by bytes.translate, several times
    cheaper than the regex: sniffing asks this of every page's head.
    """
    if not text:
        return True
    sample = text[:65536]
    if isinstance(sample, bytes):
        bad = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    else:
        bad = len(_CONTROL.findall(sample))
    return bad <= len(sample) * 0.01


# --- whitespace shared by the readers -------------------------------------------------------------------
# In CJK text a line break is not a word boundary: a browser drops it between two Chinese characters, and a
# label wrapped inside a table cell must read as one word again. Between ASCII words it stays a space.
_WHITESPACE = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")  # zero-width: dropped first


#: Zero-width characters (space, non-joiner, joiner, word joiner, BOM): pasted from word processors into
#: pages, invisible, and never part of a word: ``公\u200b开`` must read as 公开, not as 公 开.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def drop_zero_width(text: str) -> str:
    """``text`` without its zero-width characters (a search first: most texts have none, and a search is
    much cheaper than a rewrite of the whole page)."""
    return _ZERO_WIDTH.sub("", text) if _ZERO_WIDTH.search(text) else text


def is_cjk(char: str) -> bool:
    """A character that needs no space next to another one: CJK ideographs, kana, full-width forms, punctuation."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # vertical forms
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF  # extension B and later
        or char in "“”‘’—…·"
    )


def collapse_whitespace(raw: str, join_digits: bool = False) -> str:
    """Collapse runs of whitespace to one space and strip; a run holding a source line break disappears
    between two CJK characters (and, with ``join_digits``, between two digits: a number split over lines)."""
    if raw.isprintable() and " " not in raw:  # no whitespace at all (every other kind is unprintable)
        return raw
    raw = drop_zero_width(raw).strip()  # the runs at either end become nothing anyway
    if "\n" not in raw and "\r" not in raw:  # the common case: every run becomes one space
        return " ".join(raw.split())

    def replace(match: re.Match[str]) -> str:
        run = match.group()
        start, end = match.start(), match.end()
        if ("\n" in run or "\r" in run) and start > 0 and end < len(raw):
            before, after = raw[start - 1], raw[end]
            if is_cjk(before) and is_cjk(after):
                return ""
            if join_digits and before.isdigit() and after.isdigit():
                return ""
        return " "

    return _WHITESPACE.sub(replace, raw).strip()


def join_wrapped(lines: list[str]) -> str:
    """Join the lines of one wrapped cell or paragraph: no space after CJK, one space between ASCII words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])) and not out.endswith(("-", "/")):
            out += " "
        out += line
    return out
