"""Synthetic annual reports whose every cell is known, with the accounting identities the format states.

Numbers follow what real reports look like: most townships receive no applications at all, counties tens,
cities and ministries hundreds to thousands; natural persons dominate; most outcome rows are zero; section
二 counts range from nothing to hundreds of thousands of decisions.

Blank cells (``blank_rate``): any printed cell may be left blank, the way real tables leave cells empty.
``one_column``: section 三 prints one applicant column alone (``natural_person``: Shanghai's 2019 report
leaves the other five and the 总计 blank; ``total``: seed 002 leaves the six applicant columns blank).
Such a cell is None in ``cells``; an identity with a blank input cannot be checked (its check is None), but
it is not violated, so ``consistent`` stays True. ``identity_checks`` tells which identities hold, fail or
cannot be checked; tests and the parser's checks should agree with it.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import dataclass
from functools import cache

from pipelines.contract import (
    APPLICANT_KEYS,
    APPLY_ROW_KEYS,
    FEE_CODE,
    FORMAT_2019,
    FORMAT_2021,
    LITIGATION_COLUMNS,
    LITIGATION_ROWS,
    OTHER_SUB_ROWS,
    OUTCOME_ROWS,
    codes_for,
    empty_cells,
)
from pipelines.synthetic.divisions import Agency, pick_agency
from pipelines.synthetic.wording import fee_sentence, other_matters_without_fee

FIRST_YEAR = 2019
LAST_YEAR = 2025  # published January 2026
APPLICANTS = APPLICANT_KEYS[:-1]  # the six applicant columns; the seventh is their total


@dataclass
class SyntheticReport:
    """A report whose every cell is known: what a perfect parse of any of its renderings must give.

    ``cells`` holds every code of ``codes_for(format)``; None is a cell left blank in the document, or a row
    the document does not print (the （六） sub-rows when ``other_as_one_row``). Where the sub-rows are
    printed, ``apply.other.*`` is their sum, as the contract defines it. ``region_names`` has None where a
    level does not exist (a municipality's district has no city) or does not apply (a county agency's
    township; everything for a central ministry). ``other_as_one_row`` is always False for 2019 reports,
    whose format has no sub-rows.
    """

    agency: str
    year: int
    format: str
    cells: dict[str, int | float | None]
    region_code: str | None
    region_names: dict[str, str | None]
    fee_statement: str
    consistent: bool
    other_as_one_row: bool


# --- accounting identities ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """``sum(left) == sum(right)`` over printed cells; ``total`` is the term a typo would most likely hit."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    total: str


def has_other_sub_rows(fmt: str, other_as_one_row: bool) -> bool:
    return fmt == FORMAT_2021 and not other_as_one_row


def printed_apply_rows(fmt: str, other_as_one_row: bool) -> tuple[str, ...]:
    """Section 三 rows as printed: （六） is either one row or its three sub-rows, never both."""
    if has_other_sub_rows(fmt, other_as_one_row):
        return tuple(row for row in APPLY_ROW_KEYS if row != "other")
    return tuple(row for row in APPLY_ROW_KEYS if row not in OTHER_SUB_ROWS)


@cache
def identities(fmt: str, other_as_one_row: bool) -> tuple[Identity, ...]:
    """The identities the format states, written over printed cells only (never the derived （六） sum)."""
    outcome_rows = list(OUTCOME_ROWS)
    if has_other_sub_rows(fmt, other_as_one_row):
        outcome_rows.remove("other")
        outcome_rows.extend(OTHER_SUB_ROWS)
    found: list[Identity] = []
    for col in APPLICANT_KEYS:
        total = f"apply.total.{col}"
        found.append(Identity(f"apply balance, column {col}",
                              (f"apply.new_received.{col}", f"apply.carried_over.{col}"),
                              (total, f"apply.carried_forward.{col}"), total))
        found.append(Identity(f"apply outcomes, column {col}", (total,),
                              tuple(f"apply.{row}.{col}" for row in outcome_rows), total))
    for row in printed_apply_rows(fmt, other_as_one_row):
        total = f"apply.{row}.total"
        found.append(Identity(f"apply row total, {row}", (total,),
                              tuple(f"apply.{row}.{col}" for col in APPLICANTS), total))
    for row, _ in LITIGATION_ROWS:
        total = f"litigation.{row}.total"
        parts = tuple(f"litigation.{row}.{col}" for col, _ in LITIGATION_COLUMNS if col != "total")
        found.append(Identity(f"litigation total, {row}", (total,), parts, total))
    return tuple(found)


def identity_checks(report: SyntheticReport) -> list[tuple[str, bool | None]]:
    """Each identity with True (holds), False (violated) or None (a blank input: cannot be checked)."""
    cells = report.cells
    results: list[tuple[str, bool | None]] = []
    for identity in identities(report.format, report.other_as_one_row):
        values = [cells[code] for code in identity.left + identity.right]
        if any(value is None for value in values):
            results.append((identity.rule, None))
            continue
        left = sum(cells[code] for code in identity.left)  # type: ignore[misc]
        right = sum(cells[code] for code in identity.right)  # type: ignore[misc]
        results.append((identity.rule, left == right))
    return results


def printed_codes(report: SyntheticReport) -> tuple[str, ...]:
    """The codes whose value the document prints (the derived （六） sum and absent sub-rows excluded)."""
    rows = set(printed_apply_rows(report.format, report.other_as_one_row))
    return tuple(code for code in codes_for(report.format)
                 if not code.startswith("apply.") or code.split(".")[1] in rows)


def _derive_other(cells: dict[str, int | float | None], fmt: str, other_as_one_row: bool) -> None:
    """（六）其他处理 printed as sub-rows: the canonical ``other`` row is their sum (unknown if one is blank)."""
    if not has_other_sub_rows(fmt, other_as_one_row):
        return
    for col in APPLICANT_KEYS:
        parts = [cells[f"apply.{row}.{col}"] for row in OTHER_SUB_ROWS]
        cells[f"apply.other.{col}"] = None if None in parts else sum(parts)  # type: ignore[arg-type]


def break_identity(report: SyntheticReport, rng: random.Random | int) -> SyntheticReport:
    """A copy with one printed cell off (usually a total, by one), so at least one identity fails."""
    rng = rng if isinstance(rng, random.Random) else random.Random(rng)
    checkable = [identity for identity, (_, ok) in
                 zip(identities(report.format, report.other_as_one_row), identity_checks(report), strict=True)
                 if ok is not None]
    if not checkable:
        raise ValueError("every identity has a blank input: no violation could be seen")
    identity = rng.choice(checkable)
    terms = identity.left + identity.right
    code = identity.total if rng.random() < 0.7 else rng.choice(terms)
    broken = copy.deepcopy(report)
    value = broken.cells[code]
    assert isinstance(value, int)
    delta = rng.choice((1, 1, 1, -1, 2, 10))
    broken.cells[code] = value + delta if value + delta >= 0 else value + abs(delta)
    _derive_other(broken.cells, broken.format, broken.other_as_one_row)
    broken.consistent = False
    return broken


# --- random numbers with realistic shapes ------------------------------------------------------------------


def _log_int(rng: random.Random, low: float, high: float) -> int:
    """An integer spread evenly over orders of magnitude between low and high."""
    return int(round(math.exp(rng.uniform(math.log(low), math.log(high)))))


def _count(rng: random.Random, p_zero: float, low: float, high: float) -> int:
    return 0 if rng.random() < p_zero else _log_int(rng, low, high)


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Share ``total`` among slots in proportion to ``weights`` with multinomial-like noise."""
    counts = [0] * len(weights)
    if total <= 0:
        return counts
    slots = range(len(weights))
    if total > 40:
        shares = [weight * rng.uniform(0.8, 1.2) for weight in weights]
        scale = total / sum(shares)
        counts = [int(share * scale) for share in shares]
    for slot in rng.choices(slots, weights, k=total - sum(counts)):
        counts[slot] += 1
    return counts


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 40:
        return sum(rng.random() < p for _ in range(n))
    return min(n, int(round(n * p * rng.uniform(0.8, 1.2))))


# --- section 三: applications ----------------------------------------------------------------------------

# (p_zero, low, high) of the number of new applications in a year, by the scale of the agency's work
_APPLY_VOLUME = {
    "township": (0.75, 1, 6),
    "county": (0.1, 3, 150),
    "city": (0.02, 40, 3000),
    "province": (0.0, 80, 2000),
    "central": (0.0, 100, 8000),
}
_DEPARTMENT_APPLY_VOLUME = {
    "county": (0.5, 1, 30),
    "city": (0.2, 1, 300),
    "province": (0.05, 10, 800),
}
_OUTCOME_WEIGHTS = {
    "granted": 0.35, "partially_granted": 0.08,
    "denied_state_secret": 0.002, "denied_prohibited_by_law": 0.005, "denied_security_stability": 0.005,
    "denied_third_party_rights": 0.02, "denied_internal_affairs": 0.02, "denied_process_info": 0.02,
    "denied_enforcement_file": 0.01, "denied_query_matter": 0.01,
    "unable_not_held": 0.25, "unable_needs_creation": 0.03, "unable_unclear": 0.02,
    "rejected_petition": 0.05, "rejected_repeated": 0.03, "rejected_publication": 0.005,
    "rejected_excessive": 0.005, "rejected_confirm": 0.01,
    "other_no_correction": 0.03, "other_unpaid_fee": 0.005, "other_other": 0.08,
}


def _applicant_weights(rng: random.Random) -> list[float]:
    """Natural persons dominate; companies are next; research bodies and charities rarely ask."""
    def some(p: float, high: float) -> float:
        return rng.uniform(0.0, high) if rng.random() < p else 0.0

    return [1.0, some(0.6, 0.12), some(0.1, 0.01), some(0.1, 0.01), some(0.35, 0.04), some(0.3, 0.03)]


def _fill_apply(cells: dict[str, int | float | None], agency: Agency, sub_rows: bool,
                rng: random.Random) -> None:
    if agency.level == "department":
        p_zero, low, high = _DEPARTMENT_APPLY_VOLUME[agency.scale]
    else:
        p_zero, low, high = _APPLY_VOLUME[agency.scale]
    new_total = _count(rng, p_zero, low, high)
    small = agency.scale == "township" or new_total < 10
    carried_total = 0 if small and rng.random() < 0.9 else _binomial(rng, new_total, rng.uniform(0, 0.08))
    forward_rate = 0.0 if small and rng.random() < 0.9 else rng.uniform(0, 0.08)

    applicant_weights = _applicant_weights(rng)
    new = _split(rng, new_total, applicant_weights)
    carried = _split(rng, carried_total, applicant_weights)

    outcome_rows = [row for row in _OUTCOME_WEIGHTS if sub_rows or row not in OTHER_SUB_ROWS]
    weights = {row: (weight if row == "granted" or rng.random() > 0.35 else 0.0) * rng.uniform(0.3, 2.0)
               for row, weight in _OUTCOME_WEIGHTS.items()}
    if not sub_rows:
        weights["other"] = sum(weights.pop(row) for row in OTHER_SUB_ROWS)
        outcome_rows.append("other")
    outcome_weights = [weights[row] for row in outcome_rows]

    rows: dict[str, list[int]] = {row: [0] * len(APPLICANTS) for row in APPLY_ROW_KEYS}
    for index in range(len(APPLICANTS)):
        available = new[index] + carried[index]
        forward = _binomial(rng, available, forward_rate)
        closed = available - forward
        rows["new_received"][index] = new[index]
        rows["carried_over"][index] = carried[index]
        rows["carried_forward"][index] = forward
        rows["total"][index] = closed
        for row, count in zip(outcome_rows, _split(rng, closed, outcome_weights), strict=True):
            rows[row][index] = count
    if sub_rows:
        rows["other"] = [sum(rows[row][i] for row in OTHER_SUB_ROWS) for i in range(len(APPLICANTS))]

    for row, values in rows.items():
        if not sub_rows and row in OTHER_SUB_ROWS:
            continue  # stays None: the sub-rows are not printed
        for col, value in zip(APPLICANTS, values, strict=True):
            cells[f"apply.{row}.{col}"] = value
        cells[f"apply.{row}.total"] = sum(values)


# --- section 四: review and litigation -------------------------------------------------------------------

_LITIGATION_VOLUME = {  # (review, direct suit, suit after review): (p_zero, low, high)
    "township": ((0.97, 1, 2), (0.99, 1, 1), (0.99, 1, 1)),
    "county": ((0.5, 1, 15), (0.7, 1, 8), (0.8, 1, 5)),
    "city": ((0.2, 1, 80), (0.4, 1, 40), (0.5, 1, 20)),
    "province": ((0.1, 5, 200), (0.3, 1, 60), (0.4, 1, 30)),
    "central": ((0.05, 20, 600), (0.1, 5, 200), (0.2, 2, 100)),
}


def _fill_litigation(cells: dict[str, int | float | None], agency: Agency, rng: random.Random) -> None:
    scale = agency.scale
    if agency.level == "department":  # departments are taken to review less than their government
        scale = {"county": "township", "city": "county", "province": "city"}[scale]
    volumes = _LITIGATION_VOLUME[scale]
    for (row, _), (p_zero, low, high) in zip(LITIGATION_ROWS, volumes, strict=True):
        total = _count(rng, p_zero, low, high)
        weights = [0.6, rng.uniform(0, 0.2), rng.uniform(0, 0.2), rng.uniform(0, 0.2)]
        parts = _split(rng, total, weights)
        for (col, _), value in zip(LITIGATION_COLUMNS, [*parts, total], strict=True):
            cells[f"litigation.{row}.{col}"] = value


# --- section 二: active disclosure ------------------------------------------------------------------------

# (p_zero, low, high) per scale for: normative docs issued, licensing, penalty, enforcement decisions
_ACTIVE_VOLUME = {
    "township": ((0.6, 1, 4), (0.5, 1, 300), (0.6, 1, 200), (0.85, 1, 30)),
    "county": ((0.3, 1, 20), (0.1, 20, 600000), (0.15, 10, 700000), (0.3, 1, 3000)),
    "city": ((0.1, 2, 60), (0.05, 500, 800000), (0.05, 100, 900000), (0.2, 5, 8000)),
    "province": ((0.1, 2, 60), (0.1, 100, 200000), (0.2, 10, 50000), (0.4, 1, 2000)),
    "central": ((0.2, 1, 30), (0.1, 50, 50000), (0.3, 1, 5000), (0.6, 1, 500)),
}


def _amount(rng: random.Random, p_zero: float, low: float, high: float, max_decimals: int) -> float | int:
    """A money amount in 万元 with 0 to ``max_decimals`` decimals, as printed tables give them."""
    if rng.random() < p_zero:
        return 0
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    decimals = rng.choice(range(max_decimals + 1))
    return int(round(value)) if decimals == 0 else round(value, decimals)


def _makes_regulations(agency: Agency) -> bool:
    return agency.scale == "central" or (agency.is_government and agency.scale in ("province", "city"))


def _fill_active_2021(cells: dict[str, int | float | None], agency: Agency, rng: random.Random) -> None:
    normative, licensing, penalty, enforcement = _ACTIVE_VOLUME[agency.scale]
    if _makes_regulations(agency):
        issued, repealed = _count(rng, 0.3, 1, 25), _count(rng, 0.5, 1, 10)
        in_force = issued + _count(rng, 0.05, 10, 400)
    else:
        issued = repealed = in_force = 0
    cells["active.regulations.issued"] = issued
    cells["active.regulations.repealed"] = repealed
    cells["active.regulations.in_force"] = in_force
    issued = _count(rng, *normative)
    cells["active.normative_docs.issued"] = issued
    cells["active.normative_docs.repealed"] = _count(rng, 0.6, 1, max(2, normative[2] // 3))
    cells["active.normative_docs.in_force"] = issued + _count(rng, 0.3, 1, normative[2] * 8)
    cells["active.licensing.decisions"] = _count(rng, *licensing)
    cells["active.penalty.decisions"] = _count(rng, *penalty)
    cells["active.enforcement.decisions"] = _count(rng, *enforcement)
    high = {"township": 50, "county": 5000, "city": 80000, "province": 200000, "central": 500000}
    p_zero = 0.85 if agency.scale == "township" else 0.45
    cells["active.admin_fees.amount"] = _amount(rng, p_zero, 0.01, high[agency.scale], 4)


def _items_and_change(rng: random.Random, p_zero: float, high: int) -> tuple[int, int]:
    """上一年项目数量 and 本年增/减: the change is often zero and never takes the count below zero."""
    previous = _count(rng, p_zero, 1, high)
    if rng.random() < 0.5:
        return previous, 0
    return previous, rng.randint(-min(previous, max(1, high // 20)), max(1, high // 20))


def _fill_active_2019(cells: dict[str, int | float | None], agency: Agency, rng: random.Random) -> None:
    normative, licensing, penalty, enforcement = _ACTIVE_VOLUME[agency.scale]
    for row, volume in (("regulations", (0.3, 1, 25) if _makes_regulations(agency) else (1.0, 1, 1)),
                        ("normative_docs", normative)):
        made = _count(rng, *volume)
        published = made if rng.random() < 0.85 else rng.randint(0, made)
        cells[f"active.{row}.new_made"] = made
        cells[f"active.{row}.new_published"] = published
        cells[f"active.{row}.total_published"] = published + _count(rng, 0.3, 1, max(2, volume[2] * 8))
    small = agency.scale == "township"
    for row, p_zero, high, decisions in (
        ("licensing", 0.3, 40 if small else 400, licensing),
        ("other_services", 0.4, 60 if small else 600, licensing),
        ("penalty", 0.4, 300 if small else 3000, penalty),
        ("enforcement", 0.5, 20 if small else 100, enforcement),
    ):
        previous, change = _items_and_change(rng, p_zero, high)
        cells[f"active.{row}.prev_year_items"] = previous
        cells[f"active.{row}.change"] = change
        cells[f"active.{row}.decisions"] = _count(rng, *decisions)
    previous, change = _items_and_change(rng, 0.5, 60)
    cells["active.admin_fees.prev_year_items"] = previous
    cells["active.admin_fees.change"] = change
    projects = _count(rng, 0.35, 1, 12 if small else 300)
    cells["active.procurement.projects"] = projects
    cells["active.procurement.amount"] = _amount(rng, 0.0, 0.5, 20 * projects + 1, 2) if projects else 0


# --- the report ------------------------------------------------------------------------------------------


def _format_and_year(rng: random.Random, fmt: str | None, year: int | None) -> tuple[str, int]:
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year must be between {FIRST_YEAR} and {LAST_YEAR}, not {year}")
    if fmt is not None and fmt not in (FORMAT_2019, FORMAT_2021):
        raise ValueError(f"fmt must be '2019' or '2021', not {fmt!r}")
    if year is None:
        if fmt == FORMAT_2019:
            year = rng.choice((2019, 2020))
        elif fmt == FORMAT_2021:
            year = rng.randint(2021, LAST_YEAR)
        else:
            year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), (1, 1, 2, 2, 2, 3, 3))[0]
    year_format = FORMAT_2021 if year >= 2021 else FORMAT_2019
    if fmt is not None and fmt != year_format:
        raise ValueError(f"a report on {year} uses the {year_format} format, not {fmt}")
    return year_format, year


def _fee_amount(rng: random.Random, agency: Agency) -> int:
    p_charge = {"township": 0.01, "county": 0.05}.get(agency.scale, 0.15)
    if rng.random() >= p_charge:
        return 0
    amount = _log_int(rng, 10, 3000)
    return amount - amount % 10 if rng.random() < 0.6 else amount


def generate_report(
    seed: int | random.Random,
    *,
    fmt: str | None = None,
    year: int | None = None,
    agency_level: str | None = None,
    region_code: str | None = None,
    consistent: bool = True,
    blank_rate: float = 0.0,
    other_as_one_row: bool | None = None,
    one_column: str | None = None,
) -> SyntheticReport:
    """One report with known cells; the same seed and arguments always give the same report.

    ``fmt``/``year`` pin the format (2019 for the years 2019–2020, 2021 after) or the year; ``agency_level``
    and ``region_code`` pick the agency (a region code alone implies its own level; with
    ``agency_level="township"`` a county code picks a township inside it). ``blank_rate`` blanks that share
    of printed cells, ``one_column`` blanks every section 三 cell but that column's (see the module docstring);
    ``consistent=False`` breaks one identity (``break_identity``). ``other_as_one_row`` None lets 15% of 2021
    reports print （六） as one row.
    """
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    if not 0.0 <= blank_rate <= 1.0:
        raise ValueError(f"blank_rate must be within [0, 1], not {blank_rate}")
    if one_column is not None and one_column not in APPLICANT_KEYS:
        raise ValueError(f"one_column must be one of {APPLICANT_KEYS}, not {one_column!r}")
    if other_as_one_row and fmt is None and year is None:
        fmt = FORMAT_2021  # only the 2021 format has sub-rows to collapse
    fmt, year = _format_and_year(rng, fmt, year)
    if fmt == FORMAT_2019:
        if other_as_one_row:
            raise ValueError("other_as_one_row is a 2021-format choice: 2019 always prints one row")
        one_row = False
    else:
        one_row = rng.random() < 0.15 if other_as_one_row is None else other_as_one_row
    agency = pick_agency(rng, agency_level, region_code)

    cells = empty_cells(fmt)
    (_fill_active_2021 if fmt == FORMAT_2021 else _fill_active_2019)(cells, agency, rng)
    _fill_apply(cells, agency, has_other_sub_rows(fmt, one_row), rng)
    _fill_litigation(cells, agency, rng)
    if fmt == FORMAT_2021:
        cells[FEE_CODE] = _fee_amount(rng, agency)

    report = SyntheticReport(agency.name, year, fmt, cells, agency.region_code, agency.region_names,
                             "", True, one_row)
    if blank_rate > 0 or one_column is not None:
        for code in printed_codes(report):
            if rng.random() < blank_rate or (one_column and code.startswith("apply.") and not code.endswith(f".{one_column}")):
                cells[code] = None
        _derive_other(cells, fmt, one_row)
    if fmt == FORMAT_2021 and cells[FEE_CODE] is not None:
        report.fee_statement = fee_sentence(cells[FEE_CODE], year, rng)  # type: ignore[arg-type]
    else:
        report.fee_statement = other_matters_without_fee(rng)
    if not consistent:
        report = break_identity(report, rng)
    return report
