"""OFD layout: the PDF-layout text of a report set on OFD pages (GB/T 33190), a text object per cell.

Each line of the ``pdf_text`` rendering becomes a row of text objects 5 mm apart, each cell (a run of text
between runs of two or more spaces) its own ``TextObject`` at the column it stands in (a display column is
half the 3.5 mm font size), its glyph advances in ``DeltaX`` (``g N d`` where they repeat); form feeds start a
new page. Zip members carry a fixed timestamp: the same report always gives the same bytes.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from pipelines.extract.text import display_width
from pipelines.synthetic.document import Document
from pipelines.synthetic.render_text import render_pdf_text
from pipelines.synthetic.render_xlsx import zip_parts

SIZE = 3.5  # mm
MARGIN = 10 * SIZE / 2  # a whole number of columns
NS = "http://www.ofdspec.org/2016"


def _delta_x(text: str) -> str:
    """Every glyph's advance after the first, runs of the same advance written ``g N d``."""
    advances = [display_width(char) * SIZE / 2 for char in text[:-1]]
    out: list[str] = []
    i = 0
    while i < len(advances):
        j = i
        while j < len(advances) and advances[j] == advances[i]:
            j += 1
        out.append(f"g {j - i} {advances[i]:g}" if j - i > 1 else f"{advances[i]:g}")
        i = j
    return " ".join(out)


def _page(lines: list[str], first_id: int) -> str:
    objects = []
    object_id = first_id
    for number, line in enumerate(lines):
        top = 15 + number * 5.0
        for match in re.finditer(r"\S+(?: \S+)*", line):
            cell = match.group()
            left = MARGIN + display_width(line[: match.start()]) * SIZE / 2
            width = display_width(cell) * SIZE / 2
            delta = _delta_x(cell)
            objects.append(
                f'<ofd:TextObject ID="{object_id}" Boundary="{left:g} {top:g} {width:g} {SIZE:g}" Font="2" Size="{SIZE:g}">'
                f'<ofd:TextCode X="0" Y="{SIZE * 0.85:g}"{f" DeltaX={chr(34)}{delta}{chr(34)}" if delta else ""}>'
                f"{escape(cell)}</ofd:TextCode></ofd:TextObject>")
            object_id += 1
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="{first_id - 1}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def render_ofd(doc: Document) -> bytes:
    text = render_pdf_text(doc).decode("utf-8")
    pages = [page.split("\n") for page in text.split("\f") if page.strip()]
    parts = {
        "OFD.xml": (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" DocType="OFD" Version="1.0">'
                    f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>{doc.style.seed}</ofd:DocID>"
                    f"<ofd:Title>{escape(doc.title)}</ofd:Title></ofd:DocInfo>"
                    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            "<ofd:MaxUnitID>99999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
            "</ofd:PageArea></ofd:CommonData><ofd:Pages>"
            + "".join(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
            + "</ofd:Pages></ofd:Document>"),
    }
    for n, lines in enumerate(pages):
        parts[f"Doc_0/Pages/Page_{n}/Content.xml"] = _page(lines, 1000 * (n + 1) + 1)
    return zip_parts(parts)
