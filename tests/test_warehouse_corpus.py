"""The generated corpus the warehouse tests build from, with every cell known independently of the warehouse.

Reports are generated (pipelines.synthetic) in a few counties of two provinces and Beijing, for two years, plus
one city, one province and one central agency; then the cases the warehouse must handle are added: the same
bytes at two paths, an HTML report and its less complete PDF, a corrected re-publication, a report with blank
cells, an ambiguous township name (unresolved without a hint, resolved with one) and a corrupt file. The
expected mart figures are computed here in plain Python from the generated cells.
"""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.contract import APPLICANT_KEYS
from pipelines.synthetic import SyntheticReport, generate_report, render

COUNTIES = ("331121", "331127", "330802", "411521", "110105")  # 青田 景宁 (丽水), 柯城 (衢州), 罗山 (信阳), 朝阳 (北京)
YEARS = (2023, 2024)
LAYOUTS = ("text_tabs", "markdown", "text_cells", "html")
MUNICIPALITIES = ("11", "12", "31", "50")
AMBIGUOUS_TOWNSHIP = "城关镇人民政府"
AMBIGUOUS_HINT = "410922"  # a county that has a 城关镇 (410922100)
MIN_BASE = 5


@dataclass
class Corpus:
    batch1: Path  # first ingest call
    batch2: Path  # second ingest call (the corrected re-publication)
    ambiguous: Path  # ingested without a hint
    ambiguous_hinted: Path  # ingested with --region AMBIGUOUS_HINT
    current: list[SyntheticReport] = field(default_factory=list)  # the report each agency-year should keep
    superseded: list[SyntheticReport] = field(default_factory=list)
    corrupt_name: str = "corrupt.pdf"
    duplicate_names: tuple[str, str] = ("", "")
    html_pdf: tuple[str, str] = ("", "")
    corrected: tuple[SyntheticReport | None, SyntheticReport | None] = (None, None)
    blanked: SyntheticReport | None = None
    matched_carryover_agency: str = ""


def _with_year(base: SyntheticReport, seed: int, year: int) -> SyntheticReport:
    """Another year of the same agency: new cells, same name and division."""
    other = generate_report(seed, fmt="2021", year=year, agency_level="township", region_code="411521")
    return dataclasses.replace(other, agency=base.agency, region_code=base.region_code,
                               region_names=dict(base.region_names))


def _match_carryover(previous: SyntheticReport, report: SyntheticReport) -> SyntheticReport:
    """``report`` with 上年结转 = last year's 结转下年度, the column balances kept."""
    cells = dict(report.cells)
    for col in APPLICANT_KEYS[:-1]:
        carried = previous.cells[f"apply.carried_forward.{col}"]
        cells[f"apply.carried_over.{col}"] = carried
        forward = cells[f"apply.new_received.{col}"] + carried - cells[f"apply.total.{col}"]
        if forward < 0:
            cells[f"apply.new_received.{col}"] -= forward
            forward = 0
        cells[f"apply.carried_forward.{col}"] = forward
    for row in ("new_received", "carried_over", "carried_forward"):
        cells[f"apply.{row}.total"] = sum(cells[f"apply.{row}.{col}"] for col in APPLICANT_KEYS[:-1])
    return dataclasses.replace(report, cells=cells)


def make_corpus(root: Path) -> Corpus:
    corpus = Corpus(root / "batch1", root / "batch2", root / "ambiguous", root / "ambiguous_hinted")
    for folder in (corpus.batch1, corpus.batch2, corpus.ambiguous, corpus.ambiguous_hinted):
        folder.mkdir(parents=True)
    seed = 1000
    agencies: list[tuple[str, str | None]] = []
    for county in COUNTIES:
        agencies += [("county", county), ("township", county), ("township", county), ("department", county)]
    agencies += [("city", "331100"), ("province", "330000"), ("central", None)]
    files: list[tuple[SyntheticReport, str]] = []
    for level, code in agencies:
        seed += 1
        first = generate_report(seed, fmt="2021", year=YEARS[0], agency_level=level, region_code=code)
        second = _with_year(first, seed + 50_000, YEARS[1])
        files += [(first, LAYOUTS[seed % len(LAYOUTS)]), (second, LAYOUTS[(seed + 1) % len(LAYOUTS)])]
    reports = [report for report, _ in files]

    # one agency whose 2024 上年结转 equals its 2023 结转下年度 (the rest almost surely differ)
    files[1] = (_match_carryover(reports[0], reports[1]), files[1][1])
    corpus.matched_carryover_agency = reports[0].agency
    # a report with blank cells: NULL must stay NULL
    blank_index = 5
    blanked = generate_report(seed + 1, fmt="2021", year=YEARS[1], blank_rate=0.3, agency_level="township",
                              region_code=reports[blank_index].region_code)
    blanked = dataclasses.replace(blanked, agency=reports[blank_index].agency,
                                  region_code=reports[blank_index].region_code)
    files[blank_index] = (blanked, "text_tabs")
    corpus.blanked = blanked

    for index, (report, layout) in enumerate(files):
        name = f"r{index:03d}.{layout}"
        (corpus.batch1 / name).write_bytes(render(report, layout))
        corpus.current.append(report)

    # the same bytes at a second path
    first_name = f"r000.{files[0][1]}"
    (corpus.batch1 / "copy_of_r000.txt").write_bytes((corpus.batch1 / first_name).read_bytes())
    corpus.duplicate_names = (first_name, "copy_of_r000.txt")

    # an HTML report and its PDF, one revision; the PDF lacks a few cells, so the HTML is more complete
    rng = random.Random(7)
    pair = generate_report(seed + 2, fmt="2021", year=YEARS[1], agency_level="county", region_code="330802")
    pair = dataclasses.replace(pair, agency="衢州市柯城区水利局")
    pdf_cells = dict(pair.cells)
    for code in rng.sample(sorted(c for c in pdf_cells if c.startswith("active.")), 3):
        pdf_cells[code] = None
    (corpus.batch1 / "pair.html").write_bytes(render(pair, "html"))
    (corpus.batch1 / "pair.pdf").write_bytes(render(dataclasses.replace(pair, cells=pdf_cells), "pdf"))
    corpus.html_pdf = ("pair.html", "pair.pdf")
    corpus.current.append(pair)

    # a corrected re-publication: the original in batch 1, the correction later in batch 2
    original = generate_report(seed + 3, fmt="2021", year=YEARS[1], agency_level="county", region_code="411521")
    original = dataclasses.replace(original, agency="信阳市罗山县统计局")
    cells = dict(original.cells)
    cells["apply.new_received.natural_person"] += 10
    cells["apply.new_received.total"] += 10
    cells["apply.granted.natural_person"] += 10
    cells["apply.granted.total"] += 10
    cells["apply.total.natural_person"] += 10
    cells["apply.total.total"] += 10
    corrected = dataclasses.replace(original, cells=cells)
    (corpus.batch1 / "stats_original.html").write_bytes(render(original, "html"))
    (corpus.batch2 / "stats_corrected.html").write_bytes(render(corrected, "html"))
    corpus.corrected = (original, corrected)
    corpus.current.append(corrected)
    corpus.superseded.append(original)

    # a township name found in 82 counties: unresolved without context, resolved with --region
    town = generate_report(seed + 4, fmt="2021", year=YEARS[1], agency_level="township", region_code="411521")
    town = dataclasses.replace(town, agency=AMBIGUOUS_TOWNSHIP, region_code=None,
                               region_names=dict.fromkeys(town.region_names))
    (corpus.ambiguous / "chengguan.txt").write_bytes(render(town, "text_tabs"))
    hinted = generate_report(seed + 5, fmt="2021", year=YEARS[1], agency_level="township", region_code="411521")
    hinted = dataclasses.replace(hinted, agency=AMBIGUOUS_TOWNSHIP, region_code=AMBIGUOUS_HINT + "100",
                                 region_names=dict.fromkeys(town.region_names))
    (corpus.ambiguous_hinted / "chengguan_qingfeng.txt").write_bytes(render(hinted, "text_tabs"))
    corpus.current.append(hinted)

    # not a document any reader can make sense of
    (corpus.batch1 / corpus.corrupt_name).write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<garbage")
    return corpus


# --- independent expectations ----------------------------------------------------------------------------


def buckets(code: str | None, region_codes: set[str]) -> dict[str, str]:
    """The province / city / county buckets of a division code, by the code's own structure."""
    if code is None:
        return {}
    if code == "000000":
        return {"province": "000000"}
    province = code[:2] + "0000"
    out = {"province": province}
    if len(code) == 6 and code.endswith("0000"):
        return out
    city = code[:4] + "00"
    county = code[:6] if len(code) == 9 or not code.endswith("00") else None
    if code[:2] in MUNICIPALITIES or city not in region_codes:
        out["city"] = province
    else:
        out["city"] = city
    if county:
        out["county"] = county
    return out


def _sum(values: list[Any]) -> Any:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _rate(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator >= MIN_BASE else None


def expected_region_figures(reports: list[SyntheticReport], region_codes: set[str]) -> dict[tuple, dict[str, Any]]:
    """(level, region_code, year) → the headline mart figures, summed in Python."""
    groups: dict[tuple, list[SyntheticReport]] = defaultdict(list)
    for report in reports:
        code = report.region_code or "000000"  # the corpus's only agency without a division is central
        for level, bucket in buckets(code, region_codes).items():
            groups[(level, bucket, report.year)].append(report)
    out = {}
    for key, members in groups.items():
        cell = lambda code, members=members: [r.cells.get(code) for r in members]  # noqa: E731
        granted, partial, total = cell("apply.granted.total"), cell("apply.partially_granted.total"), cell("apply.total.total")
        complete = [(g, p, t) for g, p, t in zip(granted, partial, total, strict=True) if None not in (g, p, t)]
        review = [(r.cells.get("litigation.review.corrected"), r.cells.get("litigation.review.total"),
                   r.cells.get("litigation.review.pending")) for r in members]
        review = [x for x in review if None not in x]
        admin, fee = cell("active.admin_fees.amount"), cell("fees.info_processing_fee.amount")
        out[key] = {
            "agencies_reporting": len(members),
            "new_received_total": _sum(cell("apply.new_received.total")),
            "processed_total": _sum(total),
            "carried_forward_natural_person": _sum(cell("apply.carried_forward.natural_person")),
            "granted": _sum(granted),
            "disclosure_rate_base": sum(t for _, _, t in complete) if complete else None,
            "disclosure_rate": _rate(sum(g + p for g, p, _ in complete), sum(t for _, _, t in complete)),
            "admin_fees_10k_yuan": _sum(admin),
            "info_processing_fee_yuan": _sum(fee),
            "agencies_charging_any": sum(1 for a, f in zip(admin, fee, strict=True) if (a or 0) > 0 or (f or 0) > 0),
            "review_total": _sum(cell("litigation.review.total")),
            "review_correction_rate": _rate(sum(c for c, _, _ in review), sum(t - p for _, t, p in review)),
        }
    return out

