"""Glyphs placed on a page, set out as lines of text at the columns their positions give.

Fixed-layout formats (OFD, PDF) hold a table as glyphs at positions and rules, not as structure. Set out on
lines with each glyph at its column, as ``pdftotext -layout`` does, the page reads as PDF-layout text, and the
text reader's rules rebuild the rows: a number goes to a column only when it would go there anyway.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from pipelines.extract.text import display_width

#: Glyphs closer than this share of the font size are one run of text: no column boundary falls between them
#: (a font's digits wider than half its size would otherwise drift into the next column: 11398889 as 1139 8889).
_TOUCHING = 0.2


@dataclass(slots=True)
class Glyph:
    x: float  # left edge
    y: float  # vertical position, growing down the page
    char: str
    size: float  # font size, in the page's unit
    width: float  # how far the glyph reaches right of ``x``


def column_unit(pages: list[list[Glyph]]) -> float | None:
    """The width of one text column for every page of a document: half the size of its small print (the
    tenth percentile of glyph sizes), the tables' size as a rule. Taken from each page's own median instead,
    a page of large prose sets a table continued on it in columns too wide, its numbers one space apart."""
    sizes = sorted(glyph.size for page in pages for glyph in page)
    return sizes[len(sizes) // 10] / 2 if sizes else None


def lay_out(glyphs: list[Glyph], column: float | None = None) -> str:
    """The page as lines of text, each glyph at the column its position gives (a CJK glyph two columns wide);
    ``column`` is the width of a column (default: half the page's median glyph size)."""
    if not glyphs:
        return ""
    unit = statistics.median(glyph.size for glyph in glyphs) / 2  # lines: the page's own print
    column = column or unit
    glyphs = sorted(glyphs, key=lambda glyph: (glyph.y, glyph.x))
    lines: list[list[Glyph]] = []
    for glyph in glyphs:
        if lines and abs(glyph.y - lines[-1][0].y) <= unit * 0.6:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    out = []
    previous_y: float | None = None
    for line in lines:
        y = line[0].y
        if previous_y is not None and y - previous_y > unit * 4.5:
            out.append("")  # a gap of more than a line: a blank line, as a paragraph or table break prints
        previous_y = y
        text, width = "", 0  # the line so far and its display columns
        previous: Glyph | None = None
        for glyph in sorted(line, key=lambda glyph: glyph.x):
            touching = previous is not None and glyph.x - (previous.x + previous.width) < _TOUCHING * glyph.size
            if not touching:
                at = round(glyph.x / column)
                if at > width:
                    text += " " * (at - width)
                    width = at
                elif text and not text.endswith(" "):
                    text += " "  # a gap shows, however the columns have drifted (wide digits)
                    width += 1
            text += glyph.char
            width += display_width(glyph.char)
            previous = glyph
        out.append(text.rstrip())
    return "\n".join(out)
