"""What a document is, from its bytes alone: file names and server headers lie too often to be trusted.

Portals serve HTML as ``.doc``, DOCX as ``.wps``, scans as ``.pdf``; the signature at the start of the
bytes (and for containers, the names inside them) is what decides which reader runs.
"""

from __future__ import annotations

import io
import re
import zipfile

from pipelines.extract.decode import UndecodableError, bom_encoding, decode_bytes, looks_like_text

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MSWORD = "application/msword"
WPS = "application/wps-office.wps"  # Kingsoft WPS Writer: an OLE file with a Word stream, read like DOC
RTF = "application/rtf"
HTML = "text/html"
MHTML = "multipart/related"  # Word's "single file web page" (.mht), often served as .doc
TEXT = "text/plain"
MARKDOWN = "text/markdown"
ZIP = "application/zip"
OLE = "application/x-ole-storage"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
OFD = "application/ofd"
BINARY = "application/octet-stream"

#: Media types read through LibreOffice (converted to DOCX first, a workbook to XLSX).
OFFICE_TYPES = (MSWORD, WPS, RTF, XLS)

#: What to call each media type in a message.
DESCRIPTIONS: dict[str, str] = {
    PDF: "a PDF",
    DOCX: "a Word document (DOCX)",
    MSWORD: "a Word 97-2003 document",
    WPS: "a Kingsoft WPS document",
    RTF: "an RTF document",
    HTML: "an HTML page",
    MHTML: "a single-file web page (MHTML)",
    TEXT: "a text file",
    MARKDOWN: "a Markdown file",
    ZIP: "a ZIP archive",
    OLE: "an OLE2 compound file",
    XLS: "an Excel 97-2003 workbook (XLS)",
    PPT: "a PowerPoint 97-2003 presentation (PPT)",
    XLSX: "an Excel workbook (XLSX)",
    PPTX: "a PowerPoint presentation (PPTX)",
    ODT: "an OpenDocument text (ODT)",
    OFD: "an OFD document",
    "image/png": "a PNG image",
    "image/jpeg": "a JPEG image",
    "image/gif": "a GIF image",
    "image/tiff": "a TIFF image",
    "image/bmp": "a BMP image",
    "image/webp": "a WebP image",
    BINARY: "unrecognised binary content",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
_HTML_HEAD = 4096
#: What may come before the first tag of an HTML page: whitespace, comments, an XML declaration, a doctype.
_PREAMBLE = re.compile(r"\A(?:\s+|<!--.*?-->|<\?xml[^>]*>|<!doctype[^>]*>)*", re.IGNORECASE | re.DOTALL)
_FIRST_TAG = re.compile(
    r"<(?:html|head|body|meta|title|link|script|style|table|p|div|span|font|center|br|h[1-6]|ul|ol|form|"
    r"section|article|main|header|nav)[\s/>]",
    re.IGNORECASE,
)
_BLOCK_TAG = re.compile(r"<(?:html|body|table|p|div)[\s>]", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_PIPE_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.MULTILINE)
_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_MIME_HEADER = re.compile(rb"\A(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?content-type:\s*multipart/related",
                          re.IGNORECASE)


def sniff(data: bytes) -> str:
    """The media type of ``data``, judged from its content (one of the constants above, or ``image/…``)."""
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:  # the header may follow a little junk
        return PDF
    if data.startswith(_OLE_MAGIC):
        return _sniff_ole(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    for magic, media_type in _IMAGE_MAGIC:
        if data.startswith(magic):
            return media_type
    if data.startswith(b"BM") and len(data) > 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "image/bmp"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if data.lstrip()[:5] == b"{\\rtf":
        return RTF
    if _MIME_HEADER.match(data[:4096]):
        return MHTML
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:7] == b"<ofd:OF":
        return OFD
    return _sniff_text(data)


def _sniff_ole(data: bytes) -> str:
    """Tell Word, WPS, Excel and PowerPoint apart by the stream names in the compound file's directory.

    Directory entries store names in UTF-16LE; finding them in the bytes is enough to tell the kinds apart,
    without walking the sector chains.
    """

    def has_stream(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has_stream("WordDocument"):
        return WPS if has_stream("WpsCustomData") or b"K\x00S\x00O\x00P\x00r\x00o\x00d\x00u\x00c\x00t" in data \
            else MSWORD
    if has_stream("Workbook") or has_stream("Book"):
        return XLS
    if has_stream("PowerPoint Document"):
        return PPT
    return OLE


def _sniff_zip(data: bytes) -> str:
    """DOCX if the archive holds ``word/document.xml``; otherwise say which container it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        # Truncated: the central directory at the end is gone, but local headers name the parts.
        head = data[:65536]
        return DOCX if b"word/document.xml" in head or b"word/" in head else ZIP
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "ppt/presentation.xml" in names:
        return PPTX
    if "OFD.xml" in names:
        return OFD
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return ODT
    return ZIP


def _sniff_text(data: bytes) -> str:
    """HTML when markup opens the content; else plain text or Markdown; binary junk when it is not text."""
    bom = bom_encoding(data)
    if bom:
        encoding, skip = bom
        head = data[skip:skip + _HTML_HEAD].decode(encoding, errors="ignore")
    elif b"\x00" in data[:_HTML_HEAD]:
        # NULs are binary, unless the content is UTF-16 without a BOM, which decode_bytes recognises
        try:
            text, _ = decode_bytes(data[:_HTML_HEAD])
        except UndecodableError:
            return BINARY
        if not text.strip() or not looks_like_text(text) or "\x00" in text:
            return BINARY
        head = text
    else:
        # ASCII bytes mean ASCII in every encoding a page may use (GB18030 trail bytes never fall on '<')
        raw = data[:_HTML_HEAD]
        head = raw.decode("latin-1")
        if not looks_like_text(raw):
            return BINARY
    start = _PREAMBLE.match(head)
    rest = head[start.end():] if start else head
    if _FIRST_TAG.match(rest) or _BLOCK_TAG.search(head[:1024]):
        return HTML
    try:
        text, _ = decode_bytes(data)
    except UndecodableError:
        return BINARY
    if not looks_like_text(text):
        return BINARY
    if _MARKDOWN_HEADING.search(text) or _PIPE_DELIMITER_ROW.search(text) or len(_PIPE_ROW.findall(text)) >= 2:
        return MARKDOWN
    return TEXT
