"""The warehouse's one door to ``pipelines.regions``: the division tree and agency names in its own terms.

``pipelines.regions`` gives central bodies no code (the official list has no national level); the warehouse
needs one to put them in a bucket of their own, so here they get ``000000`` (中央), a row ``dim_region`` adds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipelines import regions

LEVELS = ("province", "city", "county", "township")
#: ``dim_region`` row of the central government: central ministries are their own bucket in the marts.
CENTRAL_CODE = "000000"
CENTRAL_NAME = "中央"

REGION_COLUMNS = (
    "code", "name", "level", "parent_code", "province", "city", "county", "township",
    "province_code", "city_code", "county_code",
)


@dataclass
class Match:
    """A resolution outcome in the warehouse's terms (mirrors ``pipelines.regions.RegionMatch``)."""

    code: str | None
    level: str | None
    status: str  # resolved | central | ambiguous | unresolved
    candidates: list[str] = field(default_factory=list)
    reason: str = ""


def _as_match(obj: Any) -> Match:
    """Adapt a ``RegionMatch`` (or anything with its attributes) to ``Match``."""
    candidates = [
        c if isinstance(c, str) else str(getattr(c, "code", None) or getattr(c, "name", c))
        for c in (getattr(obj, "candidates", None) or [])
    ]
    status = getattr(obj, "status", None) or ("resolved" if getattr(obj, "code", None) else "unresolved")
    level = getattr(obj, "level", None)
    if status == "central":
        return Match(CENTRAL_CODE, "central", "central", candidates, getattr(obj, "reason", "") or "")
    return Match(getattr(obj, "code", None), level, status, candidates, getattr(obj, "reason", "") or "")


# --- the interface the warehouse uses -------------------------------------------------------------------


def region_rows() -> list[dict[str, Any]]:
    """Every division (province → township) plus the ``central`` row, in ``REGION_COLUMNS`` form."""
    rows = [{key: row.get(key) for key in REGION_COLUMNS} for row in regions.region_rows()]
    rows.append({
        "code": CENTRAL_CODE, "name": CENTRAL_NAME, "level": "central", "parent_code": None,
        "province": CENTRAL_NAME, "city": None, "county": None, "township": None,
        "province_code": CENTRAL_CODE, "city_code": None, "county_code": None,
    })
    return rows


def lookup_region(name_or_code: str) -> Match:
    """A region named by the user (``--region``, ``--within``): a code or an official name."""
    if name_or_code.strip() in (CENTRAL_CODE, CENTRAL_NAME):
        return Match(CENTRAL_CODE, "central", "central")
    return _as_match(regions.lookup_region(name_or_code))


def resolve_agency(name: str | None, text: str = "", hint: str | None = None) -> Match:
    """The agency's division, from its name, the report text and the ingest/crawl hint."""
    if not name:
        return Match(None, None, "unresolved", [], "no agency name")
    return _as_match(regions.resolve_agency(name, text=text, hint=hint))


def normalize_agency_name(name: str) -> str:
    """One spelling per agency, so its reports of every year share one ``dim_agency`` row."""
    return str(regions.normalize_agency_name(name))


def agency_kind(name: str) -> str:
    """人民政府 / 乡镇 / 街道 / 部门 …: what sort of body the agency is."""
    return str(regions.agency_kind(name))
