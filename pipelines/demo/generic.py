"""Generic HTML columns: lists of links paginated by numbered links and 下一页, no CMS dialect to lean on.

Four hosts use it:

- a township site on a PHPCMS-like system: the column URL is a shell that only redirects (JavaScript and a
  meta refresh) to ``/index.php?m=content&c=index&a=lists&catid=N``; pages and details are query URLs; one
  report is linked as a bare PDF; a robots-disallowed archive is linked from the list;
- a flaky provincial government: the list answers 503 twice before 200, one report page answers 429 once,
  one attachment is cut short once;
- a city department whose list links a redirect loop, a soft 404, a 403, a 200 challenge page and a 60 MB
  file among its reports (each titled like a report);
- a city department whose robots.txt answers 503 (disallow for now) until the portal restores it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

from pipelines.demo.blocks import forbidden_page, ruishu_page, soft_404_page
from pipelines.demo.server import Request, Response
from pipelines.demo.site import REPORT, TRAP, Column, Entry, RobotsPolicy, Site, esc, moment, paginate, shown

HUGE_SIZE = 60 * 1024 * 1024


def huge_body(size: int = HUGE_SIZE) -> Iterator[bytes]:
    """A PDF-looking body of ``size`` bytes made on the fly in 64 KiB blocks: never held in memory."""
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    yield head
    block = bytes(range(256)) * 256
    remaining = size - len(head)
    while remaining > 0:
        n = min(len(block), remaining)
        yield block[:n]
        remaining -= n


class GenericSite(Site):
    """``scheme`` is ``"phpcms"`` (query URLs) or ``"static"`` (``index_N.html``, month folders)."""

    def __init__(self, name: str, column: Column, *, site_name: str, id_base: int, scheme: str,
                 column_dir: str, catid: int = 0, shell_path: str = "", robots: RobotsPolicy | None = None,
                 archive: list[Entry] | None = None, archive_dir: str = "") -> None:
        self.site_name, self.id_base, self.scheme = site_name, id_base, scheme
        self.column_dir = column_dir.rstrip("/") + "/"
        self.catid, self.shell_path = catid, shell_path
        self.archive = archive or []
        self.archive_dir = archive_dir.rstrip("/") + "/" if archive_dir else ""
        super().__init__(name, [column], robots)
        column.url_path = shell_path or self.page_url(1)

    # URLs ----------------------------------------------------------------------------------------------------
    def page_url(self, number: int) -> str:
        if self.scheme == "phpcms":
            base = f"/index.php?m=content&c=index&a=lists&catid={self.catid}"
            return base if number == 1 else f"{base}&page={number}"
        return f"{self.column_dir}index.html" if number == 1 else f"{self.column_dir}index_{number}.html"

    def assign_paths(self) -> None:
        column = self.columns[0]
        ordered = sorted(column.entries, key=lambda e: (e.published, e.key))
        for n, entry in enumerate(ordered, start=1):
            self._place(entry, self.id_base + 17 * n, self.column_dir)
        for n, entry in enumerate(self.archive, start=1):
            self._place(entry, self.id_base + 900 + n, self.archive_dir)
            entry.path = f"{self.archive_dir}{entry.published.year}/t{entry.published:%Y%m%d}_{n}.html"

    def _place(self, entry: Entry, doc_id: int, folder: str) -> None:
        day = entry.published
        if entry.trap == "archive_list":
            entry.path = f"{self.archive_dir}index.html"
            return
        if self.scheme == "phpcms":
            entry.path = f"/index.php?m=content&c=index&a=show&catid={self.catid}&id={doc_id}"
            files = [f"/uploadfile/{day:%Y}/{day:%m%d}/{day:%Y%m%d}0930{doc_id:05d}{i}" for i in range(3)]
        else:
            entry.path = f"{folder}{day:%Y%m}/t{day:%Y%m%d}_{doc_id}.html"
            files = [f"{folder}{day:%Y%m}/W0{day:%Y%m%d}{doc_id:06d}{i}" for i in range(3)]
        if entry.trap == "huge_stream":
            entry.path = files[0] + ".pdf"
        if entry.kind != REPORT:
            return
        exts = [att.ext for att in entry.rendered().attachments]
        paths = tuple(f"{files[i]}.{ext}" for i, ext in enumerate(exts))
        if entry.rendered().form == "direct-pdf":
            entry.path, paths = paths[0], ()
        entry.attachment_paths = paths

    # pages ---------------------------------------------------------------------------------------------------
    def frame(self, title: str, content: str, extra_head: str = "") -> str:
        return ('<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                f"<title>{esc(title)} - {esc(self.site_name)}</title>\n{extra_head}</head>\n<body>\n"
                f'<div class="top">{esc(self.site_name)}</div>\n{content}\n<div class="foot">主办：{esc(self.site_name)}'
                "</div>\n</body>\n</html>\n")

    def pagination(self, number: int, count: int) -> str:
        if count <= 1:
            return ""
        parts = [f'<a href="{esc(self.page_url(1))}">首页</a>']
        if number > 1:
            parts.append(f'<a href="{esc(self.page_url(number - 1))}">上一页</a>')
        for k in range(1, count + 1):
            parts.append(f"<span>{k}</span>" if k == number else f'<a href="{esc(self.page_url(k))}">{k}</a>')
        if number < count:
            parts.append(f'<a href="{esc(self.page_url(number + 1))}">下一页</a>')
        parts.append(f'<a href="{esc(self.page_url(count))}">尾页</a>')
        return '<div id="pages" class="pages">' + " ".join(parts) + "</div>"

    def list_html(self, title: str, entries: list[Entry], number: int, count: int) -> str:
        rows = "\n".join(
            f'<li><span class="date">{e.shown_date:%Y-%m-%d}</span><a href="{esc(e.path)}" title="{esc(e.title)}" '
            f'target="_blank">{esc(shown(e.title, 22))}</a></li>' for e in entries)
        return self.frame(title, f'<div class="list"><h2>{esc(title)}</h2>\n<ul>\n{rows}\n</ul>\n'
                                 f"{self.pagination(number, count)}</div>")

    def detail_html(self, entry: Entry) -> str:
        title, agency, body, links = self.detail_parts(entry)
        when = self.entry_modified(entry)
        files = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in links)
        content = (f'<div class="article">\n<h1>{esc(title)}</h1>\n'
                   f'<div class="info">发布时间：{when:%Y-%m-%d %H:%M} 来源：{esc(agency or self.site_name)}</div>\n'
                   f'<div class="content" id="content">{body}</div>\n'
                   + (f'<div class="attach"><b>附件：</b><ul>{files}</ul></div>\n' if files else "") + "</div>")
        return self.frame(title, content)

    def shell_html(self) -> str:
        target = esc(self.page_url(1))
        return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
                f'<meta http-equiv="refresh" content="0;url={target}">\n<title>{esc(self.site_name)}</title>\n'
                f'<script type="text/javascript">window.location.replace("{self.page_url(1)}");</script>\n'
                "</head>\n<body>\n<p>页面跳转中……</p>\n</body>\n</html>\n")

    def build(self, table: dict[str, Response], base_url: str) -> None:
        column = self.columns[0]
        listed = column.listed()
        pages = paginate(listed, column.page_size)
        modified = self.list_modified(listed)
        for number, chunk in enumerate(pages, start=1):
            table[self.page_url(number)] = self.html(self.list_html(column.name, chunk, number, len(pages)), modified)
        if self.shell_path:
            table[self.shell_path] = self.html(self.shell_html(), moment(date(2019, 12, 1)))
            if self.shell_path.endswith("/"):
                table[self.shell_path + "index.html"] = table[self.shell_path]
        for entry in column.entries + self.archive:
            if entry.removed or entry.trap:
                if entry.trap == "archive_list":
                    table[entry.path] = self.html(self.list_html("历年年报归档", self.archive, 1, 1),
                                                  moment(entry.published))
                continue
            if entry.kind == REPORT and entry.rendered().form == "direct-pdf":
                att = entry.rendered().attachments[0]
                table[entry.path] = self.file(att.data, att.ext, moment(entry.rendered().published, 10))
                continue
            table[entry.path] = self.html(self.detail_html(entry), self.entry_modified(entry))
            self.attachment_responses(table, entry)


class FlakySite(GenericSite):
    """A generic column whose front end fails in the ways real ones do: one-time faults (re-armed by
    :meth:`reset`) when ``faults``, and trap entries (misbehaving links) whatever their number."""

    def __init__(self, *args: object, faults: bool = True, **kwargs: object) -> None:
        self._faults_lock = threading.Lock()
        self._remaining: dict[str, int] = {}
        self.faults = faults
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.reset()

    def fault_paths(self) -> dict[str, tuple[str, int]]:
        """path → (fault, how many times): the column 503s twice, a page 429s once, a file is cut once."""
        if not self.faults:
            return {}
        column = self.columns[0]
        reports = [e for e in column.entries if e.kind == REPORT]
        paths = {column.url_path: ("unavailable", 2)}
        html_report = next(e for e in reports if not e.attachment_paths)
        file_report = next(e for e in reports if e.attachment_paths)
        paths[html_report.path] = ("rate_limited", 1)
        paths[file_report.attachment_paths[0]] = ("truncated", 1)
        return paths

    def reset(self) -> None:
        with self._faults_lock:
            self._remaining = {path: times for path, (_, times) in self.fault_paths().items()}

    def traps(self) -> dict[str, str]:
        return {e.trap: e.path for e in self.columns[0].entries if e.kind == TRAP}

    def dynamic(self, request: Request) -> Response | None:
        faults = self.fault_paths()
        if request.path in faults:
            fault = faults[request.path][0]
            with self._faults_lock:
                armed = self._remaining.get(request.path, 0) > 0
                if armed:
                    self._remaining[request.path] -= 1
            if armed and fault == "unavailable":
                return Response(503, b"<html><body><h1>503 Service Unavailable</h1></body></html>",
                                headers=[("Retry-After", "1")])
            if armed and fault == "rate_limited":
                return Response(429, "<html><body>访问过于频繁，请稍后再试。</body></html>".encode(),
                                headers=[("Retry-After", "2")])
            if armed and fault == "truncated":
                full = self.table(request.base_url)[request.path]
                return Response(200, full.body, content_type=full.content_type, modified=full.modified,
                                truncate_at=len(full.body) // 3)  # type: ignore[arg-type]
        for entry in self.columns[0].entries:
            if entry.kind != TRAP or request.path != entry.path.split("?")[0]:
                continue
            if entry.trap == "redirect_loop":
                back = entry.path if "loop=" in request.target else entry.path + "?loop=1"
                return Response(302, b"", content_type=None, headers=[("Location", back)])
            if entry.trap == "soft_404":
                return soft_404_page()
            if entry.trap == "forbidden":
                return forbidden_page()
            if entry.trap == "challenge_200":
                return ruishu_page(request.path, 200)
            if entry.trap == "huge_stream":
                return Response(200, huge_body(), content_type="application/pdf", length=HUGE_SIZE,
                                etag='"3c00000-60m"', modified=moment(entry.published))
        return None
