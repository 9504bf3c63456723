"""The common frame of a fake host: columns of entries, a route table rebuilt on change, robots.txt.

A dialect module (``trs``, ``hanweb``, ``gkmlpt``, ``generic``) subclasses :class:`Site`: it gives every
entry its URL the way that CMS names them, renders list and detail pages, and may answer dynamic endpoints
(Hanweb's dataproxy, gkmlpt's JSON API). Mutations (re-publish, remove) bump the site's state version; the
route table is rebuilt on the next request, so ETags and Last-Modified follow the content.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from pipelines.demo.corpus import Rendered, Seed, render_report
from pipelines.demo.server import Request, Response

# --- entries and columns -------------------------------------------------------------------------------------

REPORT, SEED, NOISE, TRAP = "report", "seed", "noise", "trap"


@dataclass
class Entry:
    """One link of a column list: a report, a seed report, a noise item or a trap (a misbehaving URL)."""

    key: str
    kind: str
    title: str
    published: date
    path: str = ""  # the linked URL's path (with query for query-routed sites)
    attachment_paths: tuple[str, ...] = ()
    version: int = 0
    removed: bool = False
    keep_link: bool = False  # a removed entry that stays in the list (its page answers 404)
    golden: bool = True
    disallowed: bool = False  # linked from the list but disallowed by robots.txt
    seed: Seed | None = None
    noise_body: str = ""
    trap: str = ""

    def rendered(self) -> Rendered:
        return render_report(self.key, self.version)

    @property
    def shown_date(self) -> date:
        """The date a list shows: a re-published report carries its new date."""
        if self.kind == REPORT:
            return self.rendered().published
        return date.fromordinal(self.published.toordinal() + 45 * self.version)

    @property
    def listed(self) -> bool:
        return not self.removed or self.keep_link


@dataclass
class Column:
    """One source: a column of one host, listing entries newest first."""

    source_id: str
    name: str
    dialect: str
    entries: list[Entry]
    region: str = ""
    agency: str = ""
    page_size: int = 5
    url_path: str = ""  # the column URL registered in sources (set by the site)

    def listed(self) -> list[Entry]:
        return sorted((e for e in self.entries if e.listed), key=lambda e: (e.shown_date, e.key), reverse=True)


def paginate(items: list[Entry], size: int) -> list[list[Entry]]:
    pages = [items[i: i + size] for i in range(0, len(items), size)]
    return pages or [[]]


# --- noise ------------------------------------------------------------------------------------------------------

NOISE_KINDS = ("指南", "制度", "解读", "通知", "要点", "流程")


def noise_title(kind: str, agency: str, year: int) -> str:
    """Titles that sit in real annual-report columns and are not reports (some even name one)."""
    return {
        "指南": f"{agency}政府信息公开指南",
        "制度": f"{agency}政府信息公开保密审查制度",
        "解读": f"图解：《{agency}{year}年政府信息公开工作年度报告》解读",
        "通知": f"关于做好{year}年政府信息公开工作年度报告编制和发布工作的通知",
        "要点": f"{agency}{year}年政务公开工作要点",
        "流程": "依申请公开政府信息办理流程图",
    }[kind]


def noise_body(kind: str, agency: str, year: int) -> str:
    text = {
        "指南": "为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。"
                "一、主动公开。二、依申请公开。三、监督和救济。",
        "制度": "第一条 为规范政府信息公开保密审查工作，制定本制度。第二条 拟公开的政府信息应当依法进行保密审查。",
        "解读": f"{year}年，{agency}深入贯彻《中华人民共和国政府信息公开条例》，现将年度报告要点图解如下。",
        "通知": f"各单位：请于{year + 1}年1月31日前完成{year}年政府信息公开工作年度报告的编制和发布工作。",
        "要点": f"{year}年政务公开工作要坚持以人民为中心，围绕中心工作推进决策、执行、管理、服务、结果公开。",
        "流程": "申请人提出申请—登记—审查—答复。申请表可在本网站下载。",
    }[kind]
    return "".join(f"<p>{html.escape(part)}</p>" for part in text.split("。") if part) or "<p></p>"


def noise_entries(prefix: str, agency: str, kinds: Iterable[str], dates: Iterable[date]) -> list[Entry]:
    entries = []
    for i, (kind, when) in enumerate(zip(kinds, dates, strict=True)):
        year = when.year - 1
        entries.append(Entry(f"{prefix}-noise-{i}", NOISE, noise_title(kind, agency, year), when,
                             noise_body=noise_body(kind, agency, year)))
    return entries


# --- seeds ------------------------------------------------------------------------------------------------------


def seed_html(text: str) -> str:
    """A seed text as the article HTML it was extracted from: paragraphs, and tables where the text shows
    table rows (cells ending in ``|``, or tab-separated cells when the text has such rows at all).

    A ``<pre>`` would keep the characters but not the structure: the HTML reader (rightly) folds
    whitespace, so tabs and one-cell lines only survive as table cells.
    """
    lines = text.splitlines()
    tabbed = sum(1 for line in lines if len([c for c in line.split("\t") if c.strip()]) >= 2) >= 3
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>\n" for row in rows)
            out.append(f'<table border="1" cellspacing="0" cellpadding="0">\n<tbody>\n{body}</tbody>\n</table>\n')
            rows.clear()

    for line in lines:
        stripped = line.rstrip()
        if stripped.endswith("|"):
            rows.append([c.strip() for c in stripped.rstrip("|").split("|")])
        elif tabbed and "\t" in line:
            rows.append(line.split("\t"))
        else:
            flush()
            out.append(f"<p>{esc(line)}</p>\n")
    flush()
    return "".join(out)


# --- small helpers ---------------------------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def shown(title: str, limit: int = 20) -> str:
    """List link text the way CMS templates cut it; the full title stays in ``title=``."""
    return title if len(title) <= limit else title[:limit] + "…"


def moment(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 30), tzinfo=UTC)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "html": "text/html",
}


def not_found_page(server: str) -> bytes:
    return (f"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>"
            f"</center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n").encode()


# --- the site -----------------------------------------------------------------------------------------------------


@dataclass
class RobotsPolicy:
    """robots.txt: a body (200), ``None`` (404 = allow all), or unavailable (503 = disallow for now)."""

    body: str | None = "User-agent: *\nDisallow:\n"
    unavailable: bool = False


class Site:
    """A fake host: subclasses name URLs and render pages; this class routes, caches and versions."""

    server_header = "nginx"
    encoding = "utf-8"
    #: Whether Content-Type names the charset (a GBK county site declares it only in <meta>).
    charset_in_header = True

    def __init__(self, name: str, columns: list[Column], robots: RobotsPolicy | None = None) -> None:
        self.name = name
        self.columns = columns
        self.robots = robots or RobotsPolicy()
        self._lock = threading.RLock()
        self._version = 0
        self._built = -1
        self._table: dict[str, Response] = {}
        self.assign_paths()

    # subclasses -------------------------------------------------------------------------------------------
    def assign_paths(self) -> None:
        """Give every entry (and its attachments) its URL path, the way the dialect names them."""
        raise NotImplementedError

    def build(self, table: dict[str, Response], base_url: str) -> None:
        """Fill ``table`` (path → response) with the list pages, detail pages and attachments."""
        raise NotImplementedError

    def detail_page(self, entry: Entry) -> str:
        """The HTML of an entry's page."""
        raise NotImplementedError

    def add_details(self, table: dict[str, Response]) -> None:
        """Every present entry's page and attachments."""
        for entry in self.columns[0].entries:
            if entry.removed:
                continue
            table[entry.path] = self.html(self.detail_page(entry), self.entry_modified(entry))
            self.attachment_responses(table, entry)

    def dynamic(self, request: Request) -> Response | None:
        """Endpoints computed per request (APIs, misbehaviour); None falls through to the table."""
        return None

    # routing ------------------------------------------------------------------------------------------------
    def touch(self) -> None:
        with self._lock:
            self._version += 1

    def entries(self) -> list[Entry]:
        return [e for c in self.columns for e in c.entries]

    def handle(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return self.robots_response()
        response = self.dynamic(request)
        if response is not None:
            return response
        table = self.table(request.base_url)
        found = table.get(request.target) or table.get(request.path)
        if found is None:
            return self.not_found()
        if request.method not in ("GET", "HEAD"):
            return Response(405, b"", content_type=None, headers=[("Allow", "GET, HEAD")])
        return found

    def table(self, base_url: str) -> dict[str, Response]:
        with self._lock:
            if self._built != self._version:
                table: dict[str, Response] = {}
                self.build(table, base_url)
                self._table, self._built = table, self._version
            return self._table

    def robots_response(self) -> Response:
        if self.robots.unavailable:
            return Response(503, b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
                            headers=[("Retry-After", "3600")])
        if self.robots.body is None:
            return self.not_found()
        return Response(200, self.robots.body.encode(), content_type="text/plain",
                        modified=moment(date(2020, 6, 1)))

    def not_found(self) -> Response:
        return Response(404, not_found_page(self.server_header), content_type="text/html")

    # page helpers --------------------------------------------------------------------------------------------
    def html(self, text: str, modified: datetime) -> Response:
        ctype = f"text/html; charset={self.encoding}" if self.charset_in_header else "text/html"
        return Response(200, text.encode(self.encoding, "xmlcharrefreplace"), content_type=ctype,
                        modified=modified)

    @staticmethod
    def file(data: bytes, ext: str, modified: datetime, content_type: str | None = None,
             headers: list[tuple[str, str]] | None = None) -> Response:
        return Response(200, data, content_type=content_type or CONTENT_TYPES.get(ext, "application/octet-stream"),
                        modified=modified, headers=list(headers or []))

    @staticmethod
    def list_modified(entries: list[Entry]) -> datetime:
        """A list page changes when its newest item does; removals and re-publications bump it too."""
        latest = max((e.shown_date for e in entries), default=date(2020, 1, 1))
        bumps = sum(e.version for e in entries)
        return moment(latest, 18) if not bumps else moment(date.fromordinal(latest.toordinal() + bumps), 18)

    @staticmethod
    def entry_modified(entry: Entry) -> datetime:
        return moment(entry.shown_date)

    def detail_parts(self, entry: Entry) -> tuple[str, str, str, list[tuple[str, str]]]:
        """(title, source agency, body HTML, [(attachment href, link text)]) of an entry's page."""
        if entry.kind == REPORT:
            rendered = entry.rendered()
            links = [(href, att.name) for href, att in zip(entry.attachment_paths, rendered.attachments,
                                                            strict=True)]
            return rendered.title, rendered.agency, rendered.body_html, links
        if entry.kind == SEED and entry.seed is not None:
            suffix = "" if entry.version == 0 else f"\n（{entry.version}次更新）"
            return entry.title, entry.seed.agency, seed_html(entry.seed.text + suffix), []
        return entry.title, "", entry.noise_body, []

    def attachment_responses(self, table: dict[str, Response], entry: Entry) -> None:
        if entry.kind != REPORT or entry.removed:
            return
        rendered = entry.rendered()
        for path, att in zip(entry.attachment_paths, rendered.attachments, strict=True):
            table[path] = self.file(att.data, att.ext, moment(rendered.published, 10))

