"""HTML pages → Document: the report body found among the portal's noise, its tables as span-resolved grids.

lxml directly (bs4 is 12–35× slower on a 200 KB page, and this is the crawler's hot path). What real pages
throw at it: Word-exported markup (``MsoNormal``, ``<o:p>``, digits split over ``<span>``s, ``&nbsp;``
cells), page-layout tables wrapped around the report tables, navigation and footers around the article,
bogus ``rowspan``/``colspan`` values.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from lxml import etree

from pipelines.extract.decode import collapse_whitespace
from pipelines.extract.model import Block, Cell, Document, NeedsOCR, Paragraph, ReadError, Table
from pipelines.extract.text import read_text, text_layout_blocks

#: Elements whose content is never document text.
_NON_CONTENT = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "xml", "select",
    "option", "button", "input", "textarea", "map", "audio", "video", "head",
)
#: Structural noise dropped unless it holds a data table (tables are never dropped): the body's nav, aside,
#: menu and footer elements and its id and class values, each a string that knows its element
#: (``getparent()``), all in document order. Selecting the attributes is several times cheaper than testing
#: ``@id or @class`` on every element; most pages have none of the tags, and are spared their searches.
_NOISE_TAGS = ("nav", "aside", "menu", "footer")
_MARKS = etree.XPath(" | ".join([*(f"descendant::{tag}" for tag in _NOISE_TAGS), "descendant::*/@id", "descendant::*/@class"]))
_NAMES = etree.XPath("descendant::*/@id | descendant::*/@class")
#: Whole words of an id or class that mark navigation, share bars, footers, breadcrumbs (当前位置 = dqwz).
_NOISE_NAME = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|navigation|menu|submenu|breadcrumbs?|crumbs?|share|bshare|sharebox|copyright|"
    r"footer|foot|toolbar|topbar|pagination|pager|sidebar|friendlink|dqwz|position|location|print|qrcode|ewm)"
    r"(?=$|[\s_\-])"
)


def _styles_containing(*spellings: str) -> etree.XPath:
    tests = " or ".join(f"contains(., '{spelling}')" for spelling in spellings)
    return etree.XPath(f"descendant-or-self::*/@style[{tests}]")


#: Style values that may hide their element (matched case-sensitively, as browsers' "none" usually is), by
#: the spellings of "none" the markup holds.
_MAYBE_HIDDEN = {spellings: _styles_containing(*spellings) for spellings in (("none", "NONE"), ("none",), ("NONE",))}
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
#: id/class fragments of the content container on common Chinese government CMSs (TRS, Hanweb, …).
_CONTENT_HINT = re.compile(
    r"zoom|content|article|trs_editor|custom_unionstyle|view|detail|main|zhengwen|wenzhang|zw|txt|text|cont|"
    r"wzy|info"
)
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "title",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CELL_TAGS = frozenset({"td", "th"})
_TABLE_PARTS = frozenset({"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"})
#: What makes a cell's text more than one line. Tested in Python: lxml's own tag filter costs more to set
#: up for this many names than scanning a small subtree.
_STRUCTURAL_TAGS = _BLOCK_TAGS | {"br"}
_BREAK = "\x1e"  # a structural line break inside a cell, told apart from the source's own line breaks
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>", re.IGNORECASE)

_LAYOUT_MAX_CELLS = 12  # a table holding other tables with no more own cells than this is page layout
_MIN_CONTAINER_SHARE = 0.25  # share of the page's text the content container must hold
_MAX_COLSPAN = 1000  # the HTML limit
_SPAN_VALUE = re.compile(r"\s*(\d{1,6})")  # leading digits, as browsers read "2px"


def read_html(text: str, source: str = "", media_type: str = "text/html") -> Document:
    """Read a decoded HTML page. Raises ``ReadError`` when the page has no text at all."""
    root = _parse(text, source)
    title_element = next(root.iter("title"), None)
    title = collapse_whitespace(_text(title_element)) if title_element is not None else ""
    etree.strip_elements(root, *_NON_CONTENT, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    _drop_hidden(root, text)
    body = root.find("body")
    if body is None:
        body = root
    # one search serves both the noise and the content container
    marks = _MARKS(body) if next(body.iterdescendants(*_NOISE_TAGS), None) is not None else _NAMES(body)
    _drop_noise(body, marks)
    container = _content_container(body, marks)
    walker = _Walker(container)
    blocks = list(walker.blocks(body))
    if not any(isinstance(block, Table) for block in blocks):
        blocks = text_layout_blocks(walker.lines) or blocks
    if not any(isinstance(block, Table) or block.text for block in blocks):
        images = len(body.findall(".//img"))
        if images:
            raise NeedsOCR(
                f"{source or 'document'}: HTML page with no text, only {images} image{'s' if images != 1 else ''} "
                "(a scan): needs OCR"
            )
        raise ReadError(f"{source or 'document'}: HTML page with no text")
    return Document(blocks=blocks, media_type=media_type, title=title or None, source=source)


def html_from_mhtml(data: bytes, source: str = "") -> tuple[bytes, str | None]:
    """The HTML part of a single-file web page (Word's "save as .mht", often served as .doc) and its charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    raise ReadError(f"{source or 'document'}: single-file web page (MHTML) without an HTML part")


def _parse(text: str, source: str) -> etree._Element:
    """Parse with plain lxml.etree: lxml.html's Python-level element classes cost 10× on big pages."""
    # lxml refuses a str that carries an encoding declaration, and NULs are never text
    text = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        raise ReadError(f"{source or 'document'}: HTML page with no text")
    try:
        root = etree.fromstring(text, etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"{source or 'document'}: HTML page could not be parsed ({exc})") from exc
    if root is None:
        raise ReadError(f"{source or 'document'}: HTML page with no text")
    return root


def _drop_hidden(root: etree._Element, markup: str) -> None:
    """Drop what ``display: none`` hides, unless it holds a table.

    Markup that never says "none" (not even through a character reference) hides nothing, and most pages
    are spared the search through every style attribute; Word's, full of "border:none", search for that
    spelling only.
    """
    spellings = ("none", "NONE") if "&#" in markup else tuple(s for s in ("none", "NONE") if s in markup)
    if not spellings:
        return
    for style in _MAYBE_HIDDEN[spellings](root):
        element = style.getparent()
        if _HIDDEN.search(style) and not _holds_table(element):
            _remove(element)


def _drop_noise(body: etree._Element, marks: list[Any]) -> None:
    """Drop navigation, menus, share bars and footers; never one that holds a table.

    ``marks`` are the body's ``_MARKS``: noise elements by tag, and id/class values naming noise.
    """
    noisy: dict[str, bool] = {}  # pages repeat a few names (MsoNormal) hundreds of times
    for mark in marks:
        if isinstance(mark, str):
            if mark not in noisy:
                noisy[mark] = _NOISE_NAME.search(mark.lower()) is not None
            if not noisy[mark]:
                continue
            element = mark.getparent()
        else:
            element = mark
        if element.tag in _TABLE_PARTS:  # a cell or row removed would shift the grid's columns
            continue
        if element.getparent() is None or _holds_table(element) or not _is_inside(element, body):
            continue  # already removed, or inside an element already removed
        _remove(element)


def _holds_table(element: etree._Element) -> bool:
    return next(element.iter("table"), None) is not None


def _is_inside(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _remove(element: etree._Element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent's flow."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _content_container(body: etree._Element, marks: list[Any]) -> etree._Element:
    """The smallest CMS content element (by id/class) holding a fair share of the page's text, else the body.

    Only paragraphs are confined to it: data tables outside it are still read (tables are never dropped).
    ``marks`` are the body's ``_MARKS``, taken before the noise was dropped.
    """
    hinted: dict[str, bool] = {}
    candidates: list[etree._Element] = []
    for mark in marks:
        if not isinstance(mark, str):
            continue
        if mark not in hinted:
            hinted[mark] = _CONTENT_HINT.search(mark.lower()) is not None
        if not hinted[mark]:
            continue  # most names (Word's MsoNormal on every paragraph) hint nothing: their element is not fetched
        element = mark.getparent()
        if element.tag not in ("table", "tr", "td", "th", "tbody") and element not in candidates:
            candidates.append(element)
    if not candidates:
        return body
    measure = _TextLengths(candidates)
    total = measure(body)
    least = total * _MIN_CONTAINER_SHARE
    best: etree._Element | None = None
    best_length = total + 1
    too_small: list[etree._Element] = []
    for element in candidates:
        ancestors = list(element.iterancestors())
        if not any(parent is body for parent in ancestors):
            continue  # dropped as noise
        # serialising a container's text is most of this function: none is needed for one inside a container
        # already under the share (it holds less still) or around the best so far (it holds at least as much)
        if best is not None and _is_inside(best, element):
            continue
        if any(parent is small for parent in ancestors for small in too_small):
            continue
        length = measure(element)
        if length < least or length == 0:
            too_small.append(element)
        elif length < best_length:
            best, best_length = element, length
    return best if best is not None else body


def _text(element: etree._Element) -> str:
    """All text below an element, its tail left out: ``"".join(element.itertext())``, serialised by libxml2
    several times faster."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _text_length(element: etree._Element) -> int:
    """Characters of text, whitespace not counted."""
    return len("".join(_text(element).split()))


def _blank_free_length(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


_MAX_PIECES = 16  # an element with more children than this is serialised whole rather than piece by piece


class _TextLengths:
    """``_text_length`` of the body and of content candidates, with each part of the page serialised once.

    Candidates nest (body ⊃ main ⊃ article ⊃ content), and serialising each would read most of the page
    again and again: an element holding a candidate is measured as its children's lengths plus the text
    between them, and every length is remembered.
    """

    def __init__(self, candidates: list[etree._Element]) -> None:
        self._known: dict[etree._Element, int] = {}
        self._holding: set[etree._Element] = set()
        for element in candidates:
            self._holding.update(element.iterancestors())

    def __call__(self, element: etree._Element) -> int:
        length = self._known.get(element)
        if length is None:
            if element in self._holding and len(element) <= _MAX_PIECES:
                length = _blank_free_length(element.text) + sum(
                    self(child) + _blank_free_length(child.tail) for child in element
                )
            else:
                length = _text_length(element)
            self._known[element] = length
        return length


def _is_data_table(cells_by_row: list[list[etree._Element]]) -> bool:
    """At least two rows and two columns: a grid, not a list of links."""
    return len(cells_by_row) >= 2 and max(len(cells) for cells in cells_by_row) >= 2


def _own_rows(table: etree._Element) -> list[etree._Element]:
    """The table's rows, not those of tables nested in its cells; a <tfoot> last, where browsers show it."""
    rows: list[etree._Element] = []
    footer: list[etree._Element] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody"):
            rows.extend(row for row in child if row.tag == "tr")
        elif child.tag == "tfoot":
            footer.extend(row for row in child if row.tag == "tr")
    return rows + footer


def _own_cells(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if cell.tag in _CELL_TAGS]


def _is_layout_table(table: etree._Element, cells_by_row: list[list[etree._Element]]) -> bool:
    """A table used for page layout: its cells are walked as containers instead of becoming a grid.

    A one-cell wrapper is layout; so is a table holding other tables, unless it has many cells of its own
    and the nested tables hold little of its text (a data table with a small table in one cell).
    """
    own_cells = sum(len(cells) for cells in cells_by_row)
    if own_cells <= 1:
        return True
    nested = list(table.iterdescendants("table"))
    if not nested:
        return False
    if own_cells <= _LAYOUT_MAX_CELLS:
        return True
    outermost = [inner for inner in nested if next(inner.iterancestors("table")) is table]
    return sum(_text_length(inner) for inner in outermost) * 2 > _text_length(table)


def _span(value: str | None, limit: int) -> int:
    """A sane span from an attribute: junk and zero mean 1, huge values are clamped to the table."""
    if not value:
        return 1
    match = _SPAN_VALUE.match(value)
    if not match:
        return 1
    return max(1, min(int(match.group(1)), limit))


def _structural_descendants(element: etree._Element) -> Iterator[etree._Element]:
    """The blocks and line breaks below an element, in document order."""
    return (descendant for descendant in element.iterdescendants() if descendant.tag in _STRUCTURAL_TAGS)


def _cell_text(cell: etree._Element) -> str:
    """A cell's text: block boundaries and ``<br>`` become line breaks; a nested table becomes lines.

    Line breaks in the source text are not line breaks of the cell (Word wraps its HTML at 76 columns,
    even between two Chinese characters), so the structural ones are marked apart until the text is joined.
    """
    children = len(cell)
    if children == 0:  # the common case: text only
        text = cell.text
        return collapse_whitespace(text, join_digits=True) if text else ""
    if children == 1:
        child = cell[0]
        if len(child) == 0 and child.tag != "br":  # next most common: one childless <p> (or <span>) around it
            return collapse_whitespace((cell.text or "") + (child.text or "") + (child.tail or ""), join_digits=True)
    structure = list(islice(_structural_descendants(cell), 2))
    if len(structure) < 2 and (not structure or structure[0].tag != "br"):
        # inline markup only, or one paragraph around it (Word's <p class=MsoNormal><span>…): one line
        return collapse_whitespace(_text(cell), join_digits=True)
    pieces: list[str] = []
    walker = etree.iterwalk(cell, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if tag == "br" or (tag in _BLOCK_TAGS and tag not in _CELL_TAGS and element is not cell):
                pieces.append(_BREAK)
            if element.text:
                pieces.append(element.text.replace(_BREAK, " "))
        else:
            if element is cell:
                break
            if tag in _CELL_TAGS:
                pieces.append(" \t ")  # cells of a nested table: one line per row
            elif tag in _BLOCK_TAGS:
                pieces.append(_BREAK)
            if element.tail:
                pieces.append(element.tail.replace(_BREAK, " "))
    lines = (collapse_whitespace(line, join_digits=True) for line in "".join(pieces).split(_BREAK))
    return "\n".join(line for line in lines if line)


def _table(cells_by_row: list[list[etree._Element]]) -> Table | None:
    """A data table as a span-resolved grid; None when it has no text at all (a spacer).

    One loop over the cells, spans read only where a cell has them: on a report page the per-cell work is
    much of the reader's time.
    """
    n_rows = len(cells_by_row)
    colspan_limit = min(max(max(len(cells) for cells in cells_by_row), 1), _MAX_COLSPAN)
    rows: list[list[Cell]] = []
    filled = 0  # the rows up to the last one with any text
    spanned = False
    for r, cells in enumerate(cells_by_row):
        row: list[Cell] = []
        for cell in cells:
            text = _cell_text(cell)
            names = cell.keys()
            if "rowspan" in names or "colspan" in names:
                # a rowspan reaching past the trailing spacer rows dropped below is cut by from_spanned
                row.append(Cell(text, _span(cell.get("rowspan"), n_rows - r), _span(cell.get("colspan"), colspan_limit)))
                spanned = True
            else:
                row.append(Cell(text))
            if text:
                filled = r + 1
        rows.append(row)
    del rows[filled:]  # Word's trailing spacer rows (<tr height=0> with empty cells) carry nothing of the report
    if not rows:
        return None
    # without spans every row's cells are its grid row, as from_spanned would place them
    return Table.from_spanned(rows) if spanned else Table(rows)  # type: ignore[arg-type]


class _Walker:
    """Walks the page in document order: block elements inside the content container become paragraphs,
    data tables become grids (outside the container too, unless they are mere link lists)."""

    def __init__(self, container: etree._Element) -> None:
        self._container = container
        self._holding_container = set(container.iterancestors())
        self._inside = False
        self._pieces: list[str] = []
        self._blocks: list[Block] = []
        self.lines: list[str] = []  # each paragraph's text with its tabs and spaces, for text_layout_blocks
        self._after_br = False

    def blocks(self, body: etree._Element) -> Iterator[Block]:
        self._inside = body is self._container
        walker = etree.iterwalk(body, events=("start", "end"))
        for event, element in walker:
            tag = element.tag
            if event == "start":
                if element is self._container:
                    self._flush()
                    self._inside = True
                if tag == "table" and self._start_table(element):
                    walker.skip_subtree()
                    continue
                if tag == "pre" and self._inside:
                    # preformatted text (a report pasted as text): its lines are the text reader's layouts
                    self._flush()
                    self._blocks.extend(read_text("".join(element.itertext())).blocks)
                    walker.skip_subtree()
                    continue
                if tag == "br" or tag in _BLOCK_TAGS:
                    self._flush(blank=tag == "br" and self._after_br)
                self._after_br = tag == "br"
                if len(element) and self._is_flat(element):
                    # nothing below it breaks a line, holds a table or the container: its text is one run
                    text = _text(element) if self._inside else ""
                    if text:
                        self._pieces.append(text)
                    walker.skip_subtree()
                    continue
                if element.text and self._inside:
                    self._pieces.append(element.text)
            else:
                if tag in _BLOCK_TAGS:
                    self._flush(heading=tag in _HEADINGS, blank=len(element) == 0)
                if element is self._container:
                    self._flush()
                    self._inside = False
                if element.tail and self._inside and element is not body:
                    self._pieces.append(element.tail)
        self._flush()
        return iter(self._blocks)

    def _is_flat(self, element: etree._Element) -> bool:
        """No block, line break or table below it, and not around the content container."""
        return element not in self._holding_container and next(_structural_descendants(element), None) is None

    def _start_table(self, element: etree._Element) -> bool:
        """Emit a data table and return True; return False for a layout table, to walk its cells."""
        cells_by_row = [_own_cells(row) for row in _own_rows(element)]
        if _is_layout_table(element, cells_by_row):
            return False
        self._flush()
        if not self._inside and not _is_data_table(cells_by_row):
            return True
        caption = next(element.iterchildren("caption"), None)
        if caption is not None and self._inside:
            text = collapse_whitespace("".join(caption.itertext()))
            if text:
                self._blocks.append(Paragraph(text))
        table = _table(cells_by_row)
        if table is not None:
            self._blocks.append(table)
        return True

    def _flush(self, heading: bool = False, blank: bool = False) -> None:
        """End the paragraph being collected; ``blank``: an empty one is a blank line of ``lines``."""
        raw = "".join(self._pieces)
        self._pieces.clear()
        text = collapse_whitespace(raw) if raw else ""
        if text:
            self._blocks.append(Paragraph(text, heading=heading))
            self.lines.append(" ".join(raw.strip("\r\n").splitlines()))
        elif blank and self._inside:
            # a paragraph of &nbsp; alone: in a table flattened a cell per paragraph, a blank cell
            self.lines.append("\u00a0" if "\u00a0" in raw else "")
