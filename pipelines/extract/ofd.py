"""OFD → Document: the text of each page laid out by position, then read as PDF-layout text.

OFD (GB/T 33190-2016, 版式文档) is China's fixed-layout format, a zip of XML: ``OFD.xml`` names the document
root, its ``Document.xml`` lists the pages, and each page's ``Content.xml`` holds text objects, each a box
(``Boundary``, in millimetres) with ``TextCode`` runs placed at ``X``/``Y`` inside it, every glyph after the
first ``DeltaX`` further on (``g N d`` repeats ``d`` N times). As with a PDF, the tables are positions and rules,
not structure: the glyphs are set out on lines at their columns, as ``pdftotext -layout`` would, and the text
reader's PDF-layout rules rebuild the rows (a number goes to a column only when it would go there anyway).
A text object's ``CTM`` (PDF-converted files draw in points and scale to millimetres with it) is applied to
its glyphs; template pages are not read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from lxml import etree

from pipelines.extract.glyphs import Glyph, column_unit, lay_out
from pipelines.extract.model import Document, NeedsOCR, ReadError
from pipelines.extract.package import open_package, resolve_part, xml_part
from pipelines.extract.text import display_width, read_text

OFD_MEDIA_TYPE = "application/ofd"
#: A part inflating beyond this is refused before parsing (a zip bomb or a broken file).
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_PAGES = 500
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def read_ofd(data: bytes, source: str = "", media_type: str = OFD_MEDIA_TYPE) -> Document:
    """Read an OFD. Raises ``ReadError`` for a broken package, ``NeedsOCR`` for one with no text (a scan)."""
    name = source or "document"
    with open_package(data, name, "OFD") as archive:
        package = _Package(archive, name)
        title, pages = package.pages()
        glyph_pages = [package.glyphs(page) for page in pages[:MAX_PAGES]]
    if not pages:
        raise ReadError(f"{name}: OFD has no pages")
    if not any(glyph_pages):
        raise NeedsOCR(f"{name}: OFD has no text (a scan of {len(pages)} page(s)): needs OCR")
    column = column_unit(glyph_pages)
    text = "\f".join(lay_out(glyphs, column) for glyphs in glyph_pages)
    document = read_text(text, source, media_type)
    document.title = title
    return document


class _Package:
    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive, self.name = archive, name
        self.names = set(archive.namelist())

    def _xml(self, part: str) -> etree._Element:
        return xml_part(self.archive, part, self.name, "OFD", MAX_PART_BYTES)

    def pages(self) -> tuple[str | None, list[str]]:
        """The title (DocInfo) and the content parts of the first document's pages, in order."""
        if "OFD.xml" not in self.names:
            raise ReadError(f"{self.name}: a ZIP archive but not an OFD (no OFD.xml)")
        root = self._xml("OFD.xml")
        body = _child(root, "DocBody")
        doc_root = (_text(_child(body, "DocRoot")) if body is not None else "").strip()
        if not doc_root:
            raise ReadError(f"{self.name}: OFD.xml names no document (DocRoot)")
        title = _text(_child(_child(body, "DocInfo"), "Title")).strip() or None
        document_part = resolve_part("", doc_root)
        document = self._xml(document_part)
        base = posixpath.dirname(document_part)
        pages = [resolve_part(base, page.get("BaseLoc", ""))
                 for page in _descendants(_child(document, "Pages"), "Page") if page.get("BaseLoc")]
        return title, pages

    def glyphs(self, part: str) -> list[Glyph]:
        """Every character of the page's text objects with its position (mm) and size."""
        if part not in self.names:
            raise ReadError(f"{self.name}: OFD page {part} is missing from the package")
        out: list[Glyph] = []
        for text_object in _descendants(self._xml(part), "TextObject"):
            box = _numbers(text_object.get("Boundary", ""))
            left, top = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
            size = float((_numbers(text_object.get("Size", "")) or [3.5])[0])
            ctm = _numbers(text_object.get("CTM", ""))
            a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            scale = abs(a * d - b * c) ** 0.5 or 1.0  # a PDF-converted OFD draws in points, scaled to mm by its CTM
            x = y = 0.0
            for code in _descendants(text_object, "TextCode"):
                x = float(code.get("X", x))
                y = float(code.get("Y", y))
                deltas = _deltas(code.get("DeltaX", ""))
                for i, char in enumerate(code.text or ""):
                    if not char.isspace():
                        out.append(Glyph(left + a * x + c * y + e, top + b * x + d * y + f, char, size * scale,
                                         display_width(char) * size * scale / 2))
                    x += deltas[i] if i < len(deltas) else display_width(char) * size / 2  # CJK: one size
        return out


def _deltas(text: str) -> list[float]:
    """``DeltaX`` expanded: ``g 3 1.5`` is 1.5 three times."""
    tokens = text.split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * int(float(tokens[i + 1])))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _numbers(text: str) -> list[float]:
    return [float(match) for match in _NUMBER.findall(text)]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    return next((child for child in element if _local(child) == name), None)


def _descendants(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [node for node in element.iter() if _local(node) == name]


def _text(element: etree._Element | None) -> str:
    return (element.text or "") if element is not None else ""
