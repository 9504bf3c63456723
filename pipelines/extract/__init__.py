"""Stage ``extract``: a document's bytes → the one ``Document`` model (paragraphs and span-resolved tables).

The format is sniffed from the content, never from the file name; each reader is imported when first
needed. Every failure is a ``ReadError`` (``NeedsOCR`` for scans, ``MissingTool`` when LibreOffice is
absent) whose one-line message names the document and what is wrong with it.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.extract import sniff as media
from pipelines.extract.decode import UndecodableError, decode_bytes, drop_zero_width
from pipelines.extract.model import Document, MissingTool, NeedsOCR, ReadError

__all__ = [
    "DEFAULT_MAX_BYTES", "Document", "MissingTool", "NeedsOCR", "ReadError", "max_document_bytes",
    "read_document", "read_path",
]

#: Documents larger than this are refused before any parsing (override: ``ZFXXGK_MAX_DOCUMENT_BYTES``).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_MAX_BYTES_ENV = "ZFXXGK_MAX_DOCUMENT_BYTES"


def max_document_bytes() -> int:
    """The size cap in force: the environment's ``ZFXXGK_MAX_DOCUMENT_BYTES`` or 50 MB."""
    value = os.environ.get(_MAX_BYTES_ENV, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_BYTES


def read_document(data: bytes, source: str = "", *, charset: str | None = None,
                  max_bytes: int | None = None) -> Document:
    """Read one document of any supported format.

    ``source`` (path or URL) names the document in every message. ``charset`` is what the server declared
    (a ``Content-Type`` value or bare charset), used for HTML and text when it decodes cleanly.
    """
    name = source or "document"
    limit = max_bytes if max_bytes is not None else max_document_bytes()
    if len(data) > limit:
        raise ReadError(f"{name}: {_megabytes(len(data))} is over the {_megabytes(limit)} size limit")
    if not data:
        raise ReadError(f"{name}: empty file")
    if not data[:4096].strip() and not data.strip():
        raise ReadError(f"{name}: file holds only whitespace")
    media_type = media.sniff(data)
    try:
        return _dispatch(data, source, name, media_type, charset)
    except ReadError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise ReadError(f"{name}: too deeply nested or too large to read ({type(exc).__name__})") from exc
    except Exception as exc:  # a reader bug must still reach the user as one line naming the document
        raise ReadError(
            f"{name}: reading {media.DESCRIPTIONS.get(media_type, media_type)} failed ({type(exc).__name__}: {exc})"
        ) from exc


def read_path(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Document:
    """Read a document from a file; its size is checked before a byte is read."""
    file = Path(path)
    limit = max_bytes if max_bytes is not None else max_document_bytes()
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise ReadError(f"{file}: not a file")
        if size > limit:
            raise ReadError(f"{file}: {_megabytes(size)} is over the {_megabytes(limit)} size limit")
        data = file.read_bytes()
    except OSError as exc:
        raise ReadError(f"{file}: cannot be read ({exc.strerror or exc})") from exc
    return read_document(data, str(file), max_bytes=limit)


def _dispatch(data: bytes, source: str, name: str, media_type: str, charset: str | None) -> Document:
    if media_type == media.PDF:
        from pipelines.extract.pdf import read_pdf

        return read_pdf(data, source)
    if media_type == media.DOCX:
        from pipelines.extract.docx import read_docx

        return read_docx(data, source)
    if media_type == media.OFD:
        from pipelines.extract.ofd import read_ofd

        return read_ofd(data, source)
    if media_type == media.XLSX:
        from pipelines.extract.xlsx import read_xlsx

        return read_xlsx(data, source)
    if media_type in media.OFFICE_TYPES:
        from pipelines.extract.office import read_office

        return read_office(data, source, media_type)
    if media_type == media.HTML:
        from pipelines.extract.html import read_html

        return read_html(_decode(data, name, charset), source)
    if media_type == media.MHTML:
        from pipelines.extract.html import html_from_mhtml, read_html

        html_bytes, part_charset = html_from_mhtml(data, name)
        return read_html(_decode(html_bytes, name, part_charset or charset), source, media_type=media.MHTML)
    if media_type in (media.TEXT, media.MARKDOWN):
        from pipelines.extract.text import read_text

        text = _decode(data, name, charset)
        if not text.strip():
            raise ReadError(f"{name}: file holds no text")
        return read_text(text, source, media_type)
    if media_type.startswith("image/"):
        raise NeedsOCR(f"{name} is {media.DESCRIPTIONS.get(media_type, 'an image')}: needs OCR")
    if media_type == media.BINARY:
        raise ReadError(f"{name}: not a document: unrecognised binary content")
    if media_type == media.ZIP:
        raise ReadError(f"{name}: a ZIP archive but not a DOCX (no word/document.xml): not a supported document")
    if media_type == media.OLE:
        raise ReadError(f"{name}: an OLE2 compound file without a Word stream: not a supported document")
    description = media.DESCRIPTIONS.get(media_type, media_type)
    raise ReadError(f"{name} is {description}: not a supported document")


def _decode(data: bytes, name: str, charset: str | None) -> str:
    try:
        text, _ = decode_bytes(data, charset)
    except UndecodableError:
        raise ReadError(f"{name}: not a document: unrecognised binary content (no text encoding fits)") from None
    return drop_zero_width(text)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
