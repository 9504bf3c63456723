"""The demo portal: government portals of every CMS dialect the crawler supports, on loopback, offline.

The crawler's tests, ``make demo`` and the Dagster tests crawl it over real HTTP. Each fake host listens on
its own port (``base_urls``) and records every request (``requests``) so tests measure politeness from the
server's side. ``golden`` says, per source, exactly which reports a correct crawl stores; ``noise_urls`` and
``disallowed_urls`` what it must not. ``republish``/``remove`` change a report for incremental-crawl tests.

Hosts (see each dialect module for the quirks reproduced):

==============  =============================================================================================
trs_ministry    TRS WCM, UTF-8, ``createPageHTML(n, cur, "index", "html")``, 404 past the end; robots.txt
                disallows a preview folder that the list links to
trs_county      TRS WCM, GBK with the charset only in ``<meta>``, 6-argument pager, meta refresh past the
                end; robots.txt is a 404 (allow all)
hanweb_city     Hanweb JCMS: ``<datastore>`` on the column page, ``dataproxy.jsp`` for the rest,
                ``downfile.jsp`` → 302 → ``/attach/…``
gkmlpt_city     Guangdong gkmlpt: SID in the page, JSON API
township        generic: a JS/meta-refresh shell, PHPCMS query URLs, the seed reports, a bare-PDF link,
                a robots-disallowed archive
flaky           generic: the list 503s twice, a page 429s once, an attachment is cut short once
traps           generic: the list links a redirect loop, a soft 404, a 403, a 200 challenge page and a
                60 MB file, each titled like a report
waf_412         瑞数 challenge (412 with ``$_ts``) on every path but robots.txt
waf_jsl         加速乐 ``__jsluid`` 521 on every path but robots.txt
waf_403         403 on every path but robots.txt
robots_503      TRS with ``.htm`` pages; robots.txt answers 503 (disallow for now) until
                :meth:`DemoPortal.restore_robots`
==============  =============================================================================================
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType

from pipelines.demo.blocks import BlockedSite
from pipelines.demo.corpus import PLAN, default_seeds_dir, load_seeds, render_report, seed_published
from pipelines.demo.generic import FlakySite, GenericSite
from pipelines.demo.gkmlpt import GkmlptSite
from pipelines.demo.hanweb import HanwebSite
from pipelines.demo.server import HostServer, RequestLog, RequestRecord
from pipelines.demo.site import (
    NOISE,
    REPORT,
    SEED,
    TRAP,
    Column,
    Entry,
    RobotsPolicy,
    Site,
    noise_entries,
)
from pipelines.demo.trs import TrsSite

__all__ = ["DemoPortal", "GoldenReport", "RequestRecord", "HOSTS", "TEMPLATE"]

#: The fake hosts, in the order ports are given out from ``port_base``.
HOSTS = ("trs_ministry", "trs_county", "hanweb_city", "gkmlpt_city", "township", "flaky", "traps", "waf_412",
         "waf_jsl", "waf_403", "robots_503")

#: The sources registry template; ``{HOST}`` becomes a base URL, ``{agency:SOURCE}`` a column's agency.
TEMPLATE = Path(__file__).resolve().parents[2] / "sources" / "demo.toml"

_DEFAULT = object()


@dataclass(frozen=True)
class GoldenReport:
    """A report a correct crawl of the portal stores: its page, its attachments (as linked), what it says."""

    source_id: str
    page_url: str  # the linked URL; for a report linked as a bare PDF, the PDF's URL
    attachment_urls: tuple[str, ...]  # as linked on the page (Hanweb's are downfile.jsp links that redirect)
    agency: str
    year: int
    format: str  # contract format: "2019" | "2021"
    cells: dict | None = field(default=None, hash=False)  # known cells of a generated report; None for seeds
    title: str = ""
    form: str = ""  # html | html+pdf | pdf | docx | word | direct-pdf | seed
    key: str = ""  # the plan key or seed name
    published: date | None = None
    corrects: str = ""  # key of the report this one corrects


def _reports(host: str) -> list[Entry]:
    entries = []
    for spec in PLAN:
        if spec.host != host:
            continue
        rendered = render_report(spec.key)
        entries.append(Entry(spec.key, REPORT, rendered.title, rendered.published, golden=spec.golden))
    return entries


def _dates(*texts: str) -> list[date]:
    return [date.fromisoformat(t) for t in texts]


def build_sites(seeds_dir: Path | None) -> dict[str, Site]:
    """Every fake host's site with its entries placed; renders the corpus (cached per process)."""
    sites: dict[str, Site] = {}

    reports = _reports("trs_ministry")
    agency = render_report("min-2025").agency
    for entry in reports:
        entry.disallowed = not entry.golden
    noise = noise_entries("min", agency, ("指南", "制度", "解读", "通知"),
                          _dates("2019-05-10", "2021-06-18", "2025-02-10", "2025-12-05"))
    column = Column("demo-trs-ministry", f"{agency}政府信息公开年报", "trs", reports + noise, region="central",
                    agency=agency, page_size=4)
    sites["trs_ministry"] = TrsSite(
        "trs_ministry", column, style="ministry", column_dir="/gkml/ndbg/", site_name=agency, id_base=1064000,
        disallowed_dir="yl",
        robots=RobotsPolicy("User-agent: *\nDisallow: /gkml/ndbg/yl/\nDisallow: /search/\n"))

    agency = render_report("shuyang-2024").agency
    noise = noise_entries("shuyang", agency, ("指南", "制度", "解读", "通知"),
                          _dates("2020-03-02", "2022-07-15", "2025-02-05", "2024-12-10"))
    noise.append(Entry("shuyang-noise-gbk", NOISE, "关于公布2024年度政务公开工作先进个人（王镕等）的通知",
                       date(2025, 2, 20), noise_body="<p>经研究，决定对王镕等同志予以通报表扬。</p>"))
    column = Column("demo-trs-county", f"{agency}政府信息公开年报", "trs", _reports("trs_county") + noise,
                    region="321322", agency=agency, page_size=5)
    sites["trs_county"] = TrsSite("trs_county", column, style="county", column_dir="/zwgk/zfxxgknb/",
                                  site_name=agency, id_base=3456000, robots=RobotsPolicy(None))

    agency = render_report("huzhou-2024").agency
    noise = noise_entries("huzhou", agency, ("指南", "制度", "解读", "通知", "要点", "流程"),
                          _dates("2019-08-01", "2021-04-12", "2025-02-07", "2024-12-03", "2023-03-15", "2020-05-20"))
    column = Column("demo-hanweb-city", f"{agency}政府信息公开年报", "hanweb", _reports("hanweb_city") + noise,
                    region="330500", agency=agency)
    sites["hanweb_city"] = HanwebSite(
        "hanweb_city", column, column_id=1229212345, unit_id=4554181, web_id=3085, site_name=agency,
        id_base=58900000, robots=RobotsPolicy("User-agent: *\nDisallow: /module/search/\nCrawl-delay: 1\n"))

    agency = render_report("shantou-2024").agency
    noise = noise_entries("shantou", agency, ("指南", "解读", "通知", "制度"),
                          _dates("2019-11-11", "2025-02-12", "2023-12-08", "2021-09-09"))
    column = Column("demo-gkmlpt-city", f"{agency}政府信息公开年报", "gkmlpt", _reports("gkmlpt_city") + noise,
                    region="440500", agency=agency)
    sites["gkmlpt_city"] = GkmlptSite(
        "gkmlpt_city", column, sid="754001", category=2571, site_name=agency, id_base=4900000,
        robots=RobotsPolicy("User-agent: *\nDisallow: /gkmlpt/search\n"))

    seeds = load_seeds(seeds_dir)
    seed_entries = [Entry(s.name, SEED, f"{s.agency}{s.year}年政府信息公开工作年度报告", seed_published(s, i), seed=s)
                    for i, s in enumerate(seeds)]
    archive = [e for e in _reports("township") if not e.golden]
    town_reports = [e for e in _reports("township") if e.golden]
    archive_link = Entry("town-archive", TRAP, "2019年及以前政府信息公开工作年度报告", date(2021, 3, 1),
                         trap="archive_list", golden=False, disallowed=True)
    noise = noise_entries("town", "乡镇", ("指南", "通知", "流程"), _dates("2020-04-01", "2024-12-20", "2022-06-06"))
    column = Column("demo-township", "乡镇政府信息公开年报", "generic",
                    seed_entries + town_reports + [archive_link] + noise, page_size=6)
    sites["township"] = GenericSite(
        "township", column, site_name="乡镇政务公开平台", id_base=300, scheme="phpcms", column_dir="/xxgk/zfxxgknb/",
        catid=12, shell_path="/xxgk/zfxxgknb/", archive=archive, archive_dir="/xxgk/archive/",
        robots=RobotsPolicy("User-agent: *\nDisallow: /xxgk/archive/\nDisallow: /index.php?m=member\n"))

    agency = render_report("sichuan-2024").agency
    noise = noise_entries("flaky", agency, ("指南", "通知"), _dates("2020-09-01", "2024-12-15"))
    column = Column("demo-flaky", f"{agency}政府信息公开年报", "generic", _reports("flaky") + noise,
                    region="510000", agency=agency, page_size=20)
    sites["flaky"] = FlakySite("flaky", column, site_name=agency, id_base=500, scheme="static",
                               column_dir="/zwgk/ndbg/", robots=RobotsPolicy("User-agent: *\nDisallow: /admin/\n"))

    agency = render_report("chengdu-dept-2025").agency
    traps = [Entry(f"traps-{trap}", TRAP, f"{agency}{year}年政府信息公开工作年度报告{suffix}", when, trap=trap,
                   golden=False)
             for trap, year, suffix, when in (
                 ("redirect_loop", 2024, "", date(2025, 1, 18)),
                 ("soft_404", 2023, "", date(2024, 1, 20)),
                 ("forbidden", 2022, "", date(2023, 1, 22)),
                 ("huge_stream", 2021, "（扫描件）", date(2022, 1, 21)),
                 ("challenge_200", 2020, "", date(2021, 1, 25)))]
    noise = noise_entries("traps", agency, ("指南", "解读"), _dates("2020-10-10", "2026-02-02"))
    column = Column("demo-traps", f"{agency}政府信息公开年报", "generic", _reports("traps") + traps + noise,
                    region="510100", agency=agency, page_size=20)
    sites["traps"] = FlakySite("traps", column, faults=False, site_name=agency, id_base=800, scheme="static",
                               column_dir="/xxgk/ndbg/", robots=RobotsPolicy("User-agent: *\nDisallow: /cms/\n"))

    for host, block, region in (("waf_412", "challenge_412", "320100"), ("waf_jsl", "jsluid_521", "370100"),
                                ("waf_403", "forbidden_403", "420100")):
        column = Column(f"demo-{host.replace('_', '-')}", "政府信息公开年报", "generic", [], region=region)
        sites[host] = BlockedSite(host, column, block=block, column_path="/zwgk/zfxxgkndbg/index.html")

    agency = render_report("luoyang-dept-2024").agency
    noise = noise_entries("luoyang", agency, ("指南", "解读"), _dates("2020-02-02", "2025-02-14"))
    column = Column("demo-robots-503", f"{agency}政府信息公开年报", "trs", _reports("robots_503") + noise,
                    region="410300", agency=agency, page_size=2)
    sites["robots_503"] = TrsSite("robots_503", column, style="ministry", column_dir="/bmxxgk/ndbg/", ext="htm",
                                  site_name=agency, id_base=2210000,
                                  robots=RobotsPolicy("User-agent: *\nDisallow:\n", unavailable=True))
    return sites


class DemoPortal:
    """Start with ``with DemoPortal() as portal:``; see the module docstring for the hosts."""

    def __init__(self, *, seeds_dir: Path | None | object = _DEFAULT, host: str = "127.0.0.1",
                 port_base: int | None = None) -> None:
        self.seeds_dir: Path | None = default_seeds_dir() if seeds_dir is _DEFAULT else seeds_dir  # type: ignore[assignment]
        self.bind = host
        self.port_base = port_base
        self.log = RequestLog()
        self.sites: dict[str, Site] = {}
        self.base_urls: dict[str, str] = {}
        self.notes: list[str] = []
        self._servers: list[HostServer] = []
        self._lock = threading.Lock()

    # life cycle ----------------------------------------------------------------------------------------------
    def start(self) -> DemoPortal:
        if self._servers:
            return self
        self.sites = build_sites(self.seeds_dir)
        if not any(e.kind == SEED for e in self.sites["township"].entries()):
            self.notes.append(f"no seed reports: seeds folder {self.seeds_dir or '(none)'} not found or empty")
        try:
            for i, name in enumerate(HOSTS):
                site = self.sites[name]
                port = 0 if self.port_base is None else self.port_base + i
                server = HostServer(name, site.handle, self.log, bind=self.bind, port=port,
                                    server_header=site.server_header)
                server.start()
                self._servers.append(server)
                self.base_urls[name] = server.base_url
        except OSError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop every host at once (each waits for its serve loop to notice)."""
        stoppers = [threading.Thread(target=server.stop) for server in self._servers]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join()
        self._servers.clear()

    def __enter__(self) -> DemoPortal:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # what a crawl should find ------------------------------------------------------------------------------
    @property
    def requests(self) -> list[RequestRecord]:
        """Every request seen so far, in arrival order (a snapshot)."""
        return self.log.snapshot()

    def clear_requests(self) -> None:
        self.log.clear()

    def host_of(self, url: str) -> str:
        for name, base in self.base_urls.items():
            if url == base or url.startswith(base + "/"):
                return name
        raise KeyError(f"{url} is not on the demo portal")

    @property
    def columns(self) -> dict[str, str]:
        """source id → column URL."""
        return {c.source_id: self.base_urls[name] + c.url_path
                for name, site in self.sites.items() for c in site.columns}

    @property
    def golden(self) -> dict[str, list[GoldenReport]]:
        """Per source id, the reports a correct crawl of the portal as it is now stores (removals and
        re-publications included; a source whose robots.txt is unavailable has none for now)."""
        found: dict[str, list[GoldenReport]] = {}
        for name, site in self.sites.items():
            base = self.base_urls[name]
            for column in site.columns:
                reports = found.setdefault(column.source_id, [])
                if site.robots.unavailable:
                    continue
                for entry in column.listed():
                    if entry.removed or not entry.golden or entry.kind not in (REPORT, SEED):
                        continue
                    reports.append(self._golden(column.source_id, base, entry))
        return found

    def _golden(self, source_id: str, base: str, entry: Entry) -> GoldenReport:
        if entry.kind == SEED and entry.seed is not None:
            seed = entry.seed
            return GoldenReport(source_id, base + entry.path, (), seed.agency, seed.year, seed.format, None,
                                entry.title, "seed", seed.name, entry.shown_date)
        rendered = entry.rendered()
        spec = next(s for s in PLAN if s.key == entry.key)
        return GoldenReport(source_id, base + entry.path, tuple(base + p for p in entry.attachment_paths),
                            rendered.agency, rendered.year, rendered.format, dict(rendered.cells or {}),
                            rendered.title, rendered.form, entry.key, rendered.published, spec.correction_of or "")

    @property
    def noise_urls(self) -> set[str]:
        """Links in the lists that are not reports: noise items and misbehaving report-like links."""
        return {self.base_urls[name] + e.path for name, site in self.sites.items() for e in site.entries()
                if e.kind in (NOISE, TRAP) and not e.disallowed and e.listed}

    @property
    def disallowed_urls(self) -> set[str]:
        """Links in the lists that robots.txt disallows: a crawler must never request them."""
        return {self.base_urls[name] + e.path for name, site in self.sites.items() for e in site.entries()
                if e.disallowed and e.listed}

    @property
    def behaviours(self) -> dict[str, str]:
        """URL of each misbehaviour, for tests that aim at one."""
        found: dict[str, str] = {}
        for name in ("flaky", "traps"):
            site: FlakySite = self.sites[name]  # type: ignore[assignment]
            base = self.base_urls[name]
            found.update({fault: base + path for path, (fault, _) in site.fault_paths().items()})
            found.update({trap: base + path for trap, path in site.traps().items()})
        for name in ("waf_412", "waf_jsl", "waf_403"):
            blocked = self.sites[name]
            found[blocked.block] = self.base_urls[name] + blocked.columns[0].url_path  # type: ignore[attr-defined]
        found["robots_404"] = self.base_urls["trs_county"] + "/robots.txt"
        found["robots_503"] = self.base_urls["robots_503"] + "/robots.txt"
        found["robots_disallow"] = self.base_urls["trs_ministry"] + "/robots.txt"
        return found

    # changes ------------------------------------------------------------------------------------------------
    def _find(self, page_url: str) -> tuple[Site, Entry]:
        name = self.host_of(page_url)
        path = page_url[len(self.base_urls[name]):]
        site = self.sites[name]
        for entry in site.entries():
            if entry.path == path and entry.kind in (REPORT, SEED):
                return site, entry
        raise KeyError(f"no report at {page_url}")

    def republish(self, page_url: str) -> None:
        """Publish a new version of the report at the same URL(s): other numbers, a later date."""
        with self._lock:
            site, entry = self._find(page_url)
            entry.version += 1
            site.touch()

    def remove(self, page_url: str, *, keep_link: bool = False) -> None:
        """Take a report down: its page and attachments answer 404; the list drops it unless ``keep_link``."""
        with self._lock:
            site, entry = self._find(page_url)
            entry.removed, entry.keep_link = True, keep_link
            site.touch()

    def reset_faults(self) -> None:
        """Re-arm the flaky host's one-time faults (503 twice, 429 once, a cut body once)."""
        flaky: FlakySite = self.sites["flaky"]  # type: ignore[assignment]
        flaky.reset()

    def restore_robots(self, host: str = "robots_503") -> None:
        """Let a host's robots.txt answer 200 (allow all) from now on; its reports become golden."""
        with self._lock:
            self.sites[host].robots.unavailable = False
            self.sites[host].touch()

    # the sources registry ---------------------------------------------------------------------------------
    def sources_toml(self) -> str:
        """``sources/demo.toml`` with this running portal's base URLs (and column agencies) filled in."""
        text = TEMPLATE.read_text(encoding="utf-8")
        for name, base in self.base_urls.items():
            text = text.replace("{" + name + "}", base)
        for site in self.sites.values():
            for column in site.columns:
                text = text.replace("{agency:" + column.source_id + "}", column.agency)
        return text
