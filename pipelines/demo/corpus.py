"""What the demo portal publishes: generated reports (known cells) and the five seed texts.

The plan below is the demo's data set. It is chosen so the warehouse demo has something to say: agencies
from real divisions (a ministry, provinces' cities, counties, districts, departments, townships), the years
2020-2025 in both formats, an agency with consecutive years, a corrected re-publication, an inconsistent
report, an HTML report that also attaches itself as PDF, and "详见附件" stubs whose PDF or DOCX is the report.

Rendering happens once per process (``functools.cache``): a portal restarted in the same test session
starts in milliseconds, and the same plan always gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

#: How a report appears on its page. ``html``: the tables in the page; ``html+pdf``: the same, plus the
#: report as a PDF attachment; ``pdf``/``docx``: a "详见附件" stub page and the file (``doc``: a DOCX
#: named ``.doc``, as portals often mislabel them; content decides, not the name); ``word``: the page
#: body is Word-saved HTML (GB2312 in origin); ``direct-pdf``: the list links the PDF itself, no page.
FORMS = ("html", "html+pdf", "pdf", "docx", "doc", "word", "direct-pdf")


@dataclass(frozen=True)
class ReportSpec:
    """One generated report of the plan; ``same_agency_as`` makes a series of one agency's years."""

    key: str
    host: str
    seed: int
    year: int
    level: str | None
    region_code: str | None
    form: str
    published: date
    consistent: bool = True
    same_agency_as: str | None = None
    #: Key of the report this one corrects: same agency and year, other numbers, a later date.
    correction_of: str | None = None
    golden: bool = True  # False for reports only reachable through robots-disallowed links
    title_suffix: str = ""  # （更正）, （预览）: what portals append to a report's title


def _d(text: str) -> date:
    return date.fromisoformat(text)


#: The plan. Hosts are the fake hosts of :mod:`pipelines.demo.portal`; order within a host is list order
#: after sorting by date (newest first, as portals list).
PLAN: tuple[ReportSpec, ...] = (
    # A ministry on TRS WCM: six years, every form, two formats.
    ReportSpec("min-2025", "trs_ministry", 101, 2025, "central", None, "html", _d("2026-01-20")),
    ReportSpec("min-2024", "trs_ministry", 102, 2024, "central", None, "html+pdf", _d("2025-01-22"),
               same_agency_as="min-2025"),
    ReportSpec("min-2023", "trs_ministry", 103, 2023, "central", None, "pdf", _d("2024-01-19"),
               same_agency_as="min-2025"),
    ReportSpec("min-2022", "trs_ministry", 104, 2022, "central", None, "docx", _d("2023-01-30"),
               same_agency_as="min-2025"),
    ReportSpec("min-2021", "trs_ministry", 105, 2021, "central", None, "html", _d("2022-01-28"),
               same_agency_as="min-2025"),
    ReportSpec("min-2020", "trs_ministry", 106, 2020, "central", None, "pdf", _d("2021-01-29"),
               same_agency_as="min-2025"),
    ReportSpec("min-2025-preview", "trs_ministry", 107, 2025, "central", None, "html", _d("2026-01-16"),
               same_agency_as="min-2025", golden=False, title_suffix="（预览）"),
    # A county of Jiangsu on a GBK TRS site: the county's own reports, a correction, departments, townships.
    ReportSpec("shuyang-2024", "trs_county", 201, 2024, "county", "321322", "html", _d("2025-01-25")),
    ReportSpec("shuyang-2024-fix", "trs_county", 202, 2024, "county", "321322", "html", _d("2025-03-10"),
               same_agency_as="shuyang-2024", correction_of="shuyang-2024", title_suffix="（更正）"),
    ReportSpec("shuyang-2023", "trs_county", 203, 2023, "county", "321322", "word", _d("2024-01-26"),
               same_agency_as="shuyang-2024"),
    ReportSpec("shuyang-town-2024", "trs_county", 204, 2024, "township", "321322", "pdf", _d("2025-01-20")),
    ReportSpec("shuyang-dept-2022", "trs_county", 205, 2022, "department", "321322", "docx", _d("2023-01-18")),
    ReportSpec("shuyang-town-2021", "trs_county", 206, 2021, "township", "321322", "html", _d("2022-01-20")),
    # A city of Zhejiang on Hanweb JCMS: city, districts, counties, a department, an inconsistent report.
    ReportSpec("huzhou-2024", "hanweb_city", 301, 2024, "city", "330500", "html", _d("2025-01-27")),
    ReportSpec("huzhou-2023", "hanweb_city", 302, 2023, "city", "330500", "pdf", _d("2024-01-29"),
               same_agency_as="huzhou-2024"),
    ReportSpec("deqing-2024", "hanweb_city", 303, 2024, "county", "330521", "docx", _d("2025-01-24")),
    ReportSpec("wuxing-2023", "hanweb_city", 304, 2023, "county", "330502", "html", _d("2024-01-31"),
               consistent=False),
    ReportSpec("huzhou-dept-2022", "hanweb_city", 305, 2022, "department", "330500", "html", _d("2023-01-17")),
    ReportSpec("huzhou-dept-2021", "hanweb_city", 306, 2021, "department", "330500", "pdf", _d("2022-01-21")),
    ReportSpec("deqing-town-2020", "hanweb_city", 307, 2020, "township", "330521", "pdf", _d("2021-01-26")),
    # A city of Guangdong on gkmlpt.
    ReportSpec("shantou-2024", "gkmlpt_city", 401, 2024, "city", "440500", "html", _d("2025-01-23")),
    ReportSpec("shantou-2021", "gkmlpt_city", 402, 2021, "city", "440500", "html+pdf", _d("2022-01-25"),
               same_agency_as="shantou-2024"),
    ReportSpec("longhu-2023", "gkmlpt_city", 403, 2023, "county", "440507", "html", _d("2024-01-22")),
    ReportSpec("chaoyang-dept-2022", "gkmlpt_city", 404, 2022, "department", "440513", "doc",
               _d("2023-01-19")),
    ReportSpec("longhu-town-2020", "gkmlpt_city", 405, 2020, "township", "440507", "pdf", _d("2021-01-28")),
    # The township site carries the seeds; two generated township reports, one linked as a bare PDF.
    ReportSpec("town-2025", "township", 501, 2025, "township", "410300", "html", _d("2026-01-15")),
    ReportSpec("town-2022", "township", 502, 2022, "township", "410300", "direct-pdf", _d("2023-01-16")),
    ReportSpec("town-archive-2019", "township", 503, 2019, "township", "410300", "html", _d("2020-01-20"),
               golden=False),
    # A provincial government (Sichuan) behind a flaky front end.
    ReportSpec("sichuan-2024", "flaky", 601, 2024, "province", "510000", "html", _d("2025-01-21")),
    ReportSpec("sichuan-2023", "flaky", 602, 2023, "province", "510000", "pdf", _d("2024-01-25"),
               same_agency_as="sichuan-2024"),
    # A city department of Sichuan whose list also links misbehaving report-like URLs.
    ReportSpec("chengdu-dept-2025", "traps", 801, 2025, "department", "510100", "html", _d("2026-01-19")),
    # A city department of Henan on TRS (.htm) whose robots.txt answers 503 until restored.
    ReportSpec("luoyang-dept-2024", "robots_503", 701, 2024, "department", "410300", "html", _d("2025-01-24")),
    ReportSpec("luoyang-dept-2023", "robots_503", 702, 2023, "department", "410300", "pdf", _d("2024-01-24"),
               same_agency_as="luoyang-dept-2024"),
)


@dataclass(frozen=True)
class Attachment:
    name: str  # the file name shown in the link text
    ext: str  # pdf | docx
    data: bytes


@dataclass(frozen=True)
class Rendered:
    """One version of a report as the portal shows it."""

    key: str
    agency: str
    year: int
    format: str  # contract format: "2019" | "2021" (| "unknown" for a seed the README does not cover)
    title: str
    published: date
    body_html: str  # the page's article body (an HTML fragment); a stub for pdf/docx forms
    attachments: tuple[Attachment, ...]
    cells: dict | None
    form: str
    region_code: str | None = None


STUB_TEXT = "详见附件。"


def report_title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def article_of(page: str) -> str:
    """The article of a generated CMS page (its ``id="zoom"`` element), without the page's own chrome."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(page)
    found = root.xpath('//*[@id="zoom"]')
    if not found:
        return body_of(page)
    zoom = found[0]
    inner = (zoom.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in zoom)
    return inner.strip()


def body_of(html: str) -> str:
    """The inside of ``<body>``: a Word page is pasted whole into a portal page's article."""
    match = re.search(r"<body[^>]*>(.*)</body>", html, re.S | re.I)
    inner = match.group(1) if match else html
    return re.sub(r"<(script|style)\b.*?</\1>", "", inner, flags=re.S | re.I).strip()


def _synthetic():  # noqa: ANN202 - the module, imported late so the portal module imports without it
    from pipelines import synthetic

    return synthetic


@cache
def _base_report(key: str, version: int):  # noqa: ANN202 - a SyntheticReport
    """The generated report of ``key`` at ``version`` (0 = as first published; later = republished)."""
    spec = spec_of(key)
    gen = _synthetic().generate_report
    seed = spec.seed * 1000 + version
    report = gen(seed, year=spec.year, agency_level=spec.level, region_code=spec.region_code,
                 consistent=spec.consistent)
    owner = spec.same_agency_as or spec.correction_of
    if owner:
        first = _base_report(owner, 0)
        report = dataclasses.replace(report, agency=first.agency, region_code=first.region_code,
                                     region_names=dict(first.region_names))
    return report


@cache
def spec_of(key: str) -> ReportSpec:
    for spec in PLAN:
        if spec.key == key:
            return spec
    raise KeyError(key)


@cache
def render_report(key: str, version: int = 0) -> Rendered:
    """Render one report of the plan at ``version``; a version > 0 is a re-publication with new numbers."""
    spec = spec_of(key)
    synthetic = _synthetic()
    report = _base_report(key, version)
    # The document's own title, word order and all (2024年X… or X2024年…), as portals list it.
    made_title = getattr(synthetic, "report_title", None)
    title = (made_title(report) if made_title else report_title(report.agency, report.year)) + spec.title_suffix
    attachments: list[Attachment] = []
    body = ""
    if spec.form in ("html", "html+pdf"):
        body = article_of(synthetic.render(report, "html").decode("utf-8"))
    elif spec.form == "word":
        body = body_of(synthetic.render(report, "html_word").decode("gb18030"))
    else:
        body = f"<p>{STUB_TEXT}</p>"
    if spec.form in ("html+pdf", "pdf", "direct-pdf"):
        attachments.append(Attachment(title + ".pdf", "pdf", synthetic.render(report, "pdf")))
    if spec.form in ("docx", "doc"):
        attachments.append(Attachment(f"{title}.{spec.form}", spec.form, synthetic.render(report, "docx")))
    published = spec.published if version == 0 else date.fromordinal(spec.published.toordinal() + 45 * version)
    return Rendered(key, report.agency, report.year, report.format, title, published, body,
                    tuple(attachments), dict(report.cells), spec.form, report.region_code)


# --- seeds ----------------------------------------------------------------------------------------------------

#: The seed texts' publication dates on the demo township site (not in the seeds; plausible January dates).
_SEED_DAY = 17


@dataclass(frozen=True)
class Seed:
    name: str  # file stem, e.g. 000_7458bd74f5b9c7f3
    agency: str
    year: int
    format: str
    text: str


def default_seeds_dir() -> Path | None:
    """``$ZFXXGK_SEEDS_DIR``, else ``../shared/seeds`` beside the repository, when it exists."""
    env = os.environ.get("ZFXXGK_SEEDS_DIR")
    candidate = Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "seeds"
    return candidate if candidate.is_dir() else None


def _readme_rows(seeds_dir: Path) -> dict[str, tuple[str, int, str]]:
    """``file | agency | year | format`` rows of the seeds README (the agency is only written there)."""
    readme = seeds_dir / "README.md"
    rows: dict[str, tuple[str, int, str]] = {}
    if not readme.is_file():
        return rows
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].endswith(".txt") and cells[2].isdigit():
            rows[cells[0].removesuffix(".txt")] = (cells[1], int(cells[2]), cells[3])
    return rows


def load_seeds(seeds_dir: Path | None) -> tuple[Seed, ...]:
    """Every ``*.txt`` of the folder whose agency and year are known (README table, else expected JSON)."""
    if seeds_dir is None or not seeds_dir.is_dir():
        return ()
    rows = _readme_rows(seeds_dir)
    seeds: list[Seed] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        agency, year, fmt = rows.get(path.stem, ("", 0, "unknown"))
        expected = seeds_dir / "expected" / f"{path.stem}.json"
        if expected.is_file():
            data = json.loads(expected.read_text(encoding="utf-8"))
            year = year or int(data.get("year") or 0)
            fmt = fmt if fmt != "unknown" else str(data.get("format") or "unknown")
            agency = agency or str(data.get("agency") or data.get("agency_contains") or "")
        if not agency or not year:
            continue
        seeds.append(Seed(path.stem, agency, year, fmt, path.read_text(encoding="utf-8")))
    return tuple(seeds)


def seed_published(seed: Seed, index: int) -> date:
    return date(seed.year + 1, 1 + index % 2, _SEED_DAY + index)
