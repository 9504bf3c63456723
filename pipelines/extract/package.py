"""Zip packages of XML parts (XLSX, OFD): opened and parsed safely, every failure one line naming the document."""

from __future__ import annotations

import contextlib
import io
import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree

from pipelines.extract.model import ReadError

#: What a damaged package raises on the way: a truncated zip, a missing part, malformed XML.
_BROKEN = (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError, etree.XMLSyntaxError)


def resolve_part(base: str, target: str) -> str:
    """The archive name of a part a package refers to: absolute (``/xl/worksheets/a.xml``) from the root,
    else relative to the folder ``base`` of the part that names it."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target)) if base else posixpath.normpath(target)


@contextlib.contextmanager
def open_package(data: bytes, name: str, kind: str) -> Iterator[zipfile.ZipFile]:
    """The zip of ``data``; any breakage met while reading it inside the block is ``not a readable <kind>``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            yield archive
    except ReadError:
        raise
    except _BROKEN as exc:
        raise ReadError(f"{name}: not a readable {kind} ({type(exc).__name__}: {exc})") from exc


def xml_part(archive: zipfile.ZipFile, part: str, name: str, kind: str, max_bytes: int) -> etree._Element:
    """One part parsed without entities or network, refused when it inflates beyond ``max_bytes`` (a zip bomb
    or a broken file)."""
    info = archive.getinfo(part)
    if info.file_size > max_bytes:
        raise ReadError(f"{name}: {kind} part {part} inflates to {info.file_size // 2**20} MB, over the "
                        f"{max_bytes // 2**20} MB limit")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(archive.read(part), parser)
