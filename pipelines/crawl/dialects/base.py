"""What every dialect works on and hands back: a fetched page, and the links and next requests in it.

A dialect is a pure function of a page (and the cursor that led to it): no network, so each one is tested
on page text alone, the way juriscraper tests its site scrapers on saved pages. The crawler does the
fetching, and adds the plain links of every HTML page whatever the dialect, so an unknown CMS still works.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from pipelines.crawl.links import Link

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_META_REFRESH = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["']?\s*\d*\s*;?\s*url\s*=\s*([^"'>\s]*)""",
    re.I,
)


@dataclass
class Page:
    """A fetched list page. ``url`` is as requested, fragment kept (gkmlpt puts its category there)."""

    url: str
    final_url: str
    body: bytes
    content_type: str = ""
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = decode_body(self.body, self.content_type)
        return self._text

    @property
    def is_json(self) -> bool:
        return "json" in self.content_type.lower() or self.body.lstrip()[:1] in (b"{", b"[")

    @property
    def is_xml(self) -> bool:
        head = self.body.lstrip()[:64].lower()
        return head.startswith(b"<?xml") or head.startswith(b"<datastore") or "xml" in self.content_type.lower()

    @property
    def is_html(self) -> bool:
        return not self.is_json and not self.is_xml

    def meta_refresh(self) -> str | None:
        """The absolute target of a ``<meta http-equiv="refresh">``, if the page has one."""
        match = _META_REFRESH.search(self.text[:8192])
        if not match:
            return None
        return urljoin(self.final_url, html.unescape(match.group(1).strip()) or "./")


@dataclass
class PageRequest:
    """A list page to fetch next, with the dialect's cursor (its own state between pages)."""

    url: str
    method: str = "GET"
    data: tuple[tuple[str, str], ...] = ()
    cursor: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        return (self.method, self.url.split("#", 1)[0], self.data)


@dataclass
class Listing:
    """What a dialect found on one page: report candidates (any links) and the next list requests."""

    links: list[Link] = field(default_factory=list)
    next: list[PageRequest] = field(default_factory=list)
    #: The dialect knows where the sequence ends (a page count, a record total): the crawler's
    #: "a page with nothing new ends the sequence" rule is then not needed, and would cut overlapping groups.
    bounded: bool = False


def decode_body(body: bytes, content_type: str = "") -> str:
    """Text of a page: the charset the server or the page declares, else UTF-8, else GB18030."""
    declared = None
    match = re.search(r"charset=([A-Za-z0-9_-]+)", content_type or "", re.I)
    if match:
        declared = match.group(1)
    else:
        meta = _META_CHARSET.search(body[:4096])
        if meta:
            declared = meta.group(1).decode("ascii", "ignore")
    for encoding in (declared, "utf-8"):
        if not encoding:
            continue
        if encoding.lower().replace("-", "") in ("gb2312", "gbk"):
            encoding = "gb18030"
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("gb18030", errors="replace")


def same_folder(url: str) -> str:
    """``http://h/a/b/index_2.html`` → ``http://h/a/b/``."""
    parts = urlsplit(url)
    folder = parts.path.rsplit("/", 1)[0] + "/"
    return f"{parts.scheme}://{parts.netloc}{folder}"
