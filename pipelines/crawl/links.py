"""Links on a page, and which of them are annual reports or a report's attachments.

No per-site code: a report is recognised by its title (``…年政府信息公开工作年度报告``, ``…年报``, with
a year), preferring the ``title`` attribute over link text that portals truncate with ``…``. Guides,
rules, interpretations and notices about reports (指南, 制度, 解读, 通知 …) are noise and left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".ofd")
#: Download endpoints that answer with a file (Hanweb's ``downfile.jsp`` redirects to ``/attach/…``).
DOWNLOAD_ENDPOINTS = ("downfile.jsp", "download.jsp", "filedownload", "downloadfile")

_YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20\d\d)(?!\d)|[一二][〇零○０0一二三四五六七八九]{3}\s*年")
_REPORT = re.compile(
    r"(?:信息公开|政务公开).{0,12}?(?:年度报告|年报|报告)"
    r"|年度(?:政府)?信息公开(?:工作)?报告"
    r"|(?<!统计)(?<!企业)(?<!财务)(?<!决算)年报"
)
_DISCLOSURE = re.compile(r"信息公开|政务公开")
_NOISE = re.compile(
    r"指南|制度|解读|通知|图解|报送|征集|要点|办法|规定|目录|申请表|答记者问|评议|考核|培训|意见|方案"
)
_ATTACHMENT_NOISE = re.compile(r"申请表|指南|解读|图解|阅读器|插件")
_PARSER = lxml.html.HTMLParser(encoding="utf-8")
_FILE_IN_SCRIPT = re.compile(
    r"""['"(=]([^'"()<>\s]+\.(?:""" + "|".join(e[1:] for e in ATTACHMENT_EXTENSIONS) + r"""))(?=['")&\s])""", re.I
)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
_TRUNCATION = re.compile(r"(?:\.{2,}|…+|。。+)$")
_PAGE_LIKE = re.compile(r"^(?:index|list|default|more|column)(?:[_-]\d+)?\.(?:s?html?|jsp|php|aspx?)$", re.I)


@dataclass(frozen=True)
class Link:
    """A link as found: absolute URL (fragment dropped), best title, and the visible text."""

    url: str
    title: str
    text: str = ""


def clean_url(url: str) -> str:
    """Absolute URL without fragment, with the host lower-cased (what the crawler dedupes on)."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def best_title(title_attr: str | None, text: str) -> str:
    """The ``title`` attribute when it says more than the (often truncated) link text."""
    text = " ".join(text.split())
    title_attr = " ".join((title_attr or "").split())
    if title_attr and (not text or _TRUNCATION.search(text) or len(title_attr) >= len(text)):
        return title_attr
    return text or title_attr


def is_report_title(title: str) -> bool:
    """An annual report's title: report words, a year, and no noise word (指南, 解读, 通知 …). A title cut
    short (``…政府信息公开工作年度报…``, no ``title`` attribute to complete it) needs only the disclosure
    words before the cut: a wrong guess costs one fetch, which the parser then records as not a report."""
    title = " ".join(title.split())
    words = _REPORT.search(title) or (_TRUNCATION.search(title) and _DISCLOSURE.search(title))
    return bool(words and _YEAR.search(title) and not _NOISE.search(title))


def is_attachment_url(url: str) -> bool:
    """A document download: a known extension in the path (or a ``file=`` parameter), or a download endpoint."""
    parts = urlsplit(url)
    path = unquote(parts.path).lower()
    if path.endswith(ATTACHMENT_EXTENSIONS):
        return True
    return any(endpoint in path for endpoint in DOWNLOAD_ENDPOINTS)


def is_list_like(url: str) -> bool:
    """A URL shaped like a column/list page: a folder, or ``index[_N].html``-like names."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return name == "" or bool(_PAGE_LIKE.match(name))


def extract_links(html: str, base_url: str) -> list[Link]:
    """Every http(s) link in ``html`` (anchors, plus ``iframe/embed/object`` sources), in page order."""
    if not html.strip():
        return []
    try:
        doc = lxml.html.fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return []
    base = base_url
    for tag in doc.iter("base"):
        if tag.get("href"):
            base = urljoin(base_url, tag.get("href"))
            break
    links: list[Link] = []
    for tag in doc.iter("a", "area", "iframe", "embed", "object", "frame"):
        raw = tag.get("href") or tag.get("src") or tag.get("data")
        text = " ".join(tag.text_content().split()) if tag.tag == "a" else ""
        title = best_title(tag.get("title"), text)
        if raw:
            url = _absolute(raw, base)
            if url:
                links.append(Link(url, title, text))
        onclick = tag.get("onclick")
        if onclick:
            for found in re.findall(r"""['"]([^'"]+)['"]""", onclick):
                url = _absolute(found, base)
                if url and is_attachment_url(url):
                    links.append(Link(url, title, text))
    return links


def file_links_in_scripts(html: str, base_url: str) -> list[Link]:
    """Attachment URLs written inside scripts or viewer parameters (``file=…pdf``), which anchors miss."""
    out = []
    for script in _SCRIPT.findall(html):
        for match in _FILE_IN_SCRIPT.finditer(script):
            url = _absolute(unquote(match.group(1)), base_url)
            if url:
                out.append(Link(url, ""))
    return out


def attachment_links(html: str, page_url: str) -> list[Link]:
    """A report page's attachments, deduplicated, in page order; obvious non-report files left out."""
    seen: set[str] = set()
    out: list[Link] = []
    for link in extract_links(html, page_url) + file_links_in_scripts(html, page_url):
        url = _viewer_target(link.url) or link.url
        if not is_attachment_url(url) or url in seen:
            continue
        seen.add(url)
        if link.title and _ATTACHMENT_NOISE.search(link.title) and not is_report_title(link.title):
            continue
        out.append(Link(url, link.title, link.text))
    return out


def _viewer_target(url: str) -> str | None:
    """``/pdfjs/web/viewer.html?file=/x/y.pdf`` → the PDF itself."""
    parts = urlsplit(url)
    if parts.path.lower().endswith((".pdf",) + tuple(ATTACHMENT_EXTENSIONS)):
        return None
    for key in ("file", "url", "src"):
        for value in parse_qs(parts.query).get(key, []):
            value = unquote(value)
            if value.lower().split("?")[0].endswith(ATTACHMENT_EXTENSIONS):
                return _absolute(value, url)
    return None


def _absolute(raw: str, base: str) -> str | None:
    raw = raw.strip()
    if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        url = urljoin(base, raw)
    except ValueError:
        return None
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return clean_url(url)
