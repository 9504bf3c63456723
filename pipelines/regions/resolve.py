"""Agency name → official division: ``resolve_agency``, ``lookup_region`` and ``agency_kind``.

How a name is read (see ``_search``): from its first character, as a chain of division names, each one a
descendant of the one before (辽宁省 铁岭市 开原市 中固镇), taking the reading that covers the most
characters. Longest match first means 开原市中固镇 is 开原市 + 中固镇, never …固镇(县). A township or
county printed with another suffix (仲兴乡 for today's 仲兴镇) is found by its stem, but only inside a
division already named (or the hint), or when the report text names its county. A bare stem (铁岭 for
铁岭市) counts only when a later part of the chain confirms it. What is left ambiguous is narrowed by the
hint, then by the text (mentions of the candidates' counties, cities, provinces), and otherwise stays
ambiguous: nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipelines.regions.index import ALIAS, BARE, EXACT, OCR, SWAP, name_index
from pipelines.regions.names import (
    OCR_CONFUSABLES,
    central_pattern,
    is_local_without_division,
    normalize,
    normalize_agency_name,
    normalize_lookup,
)
from pipelines.regions.tree import LEVEL_RANK, path_names, prefix_ancestors, tree

CENTRAL_CODE = None  # central bodies get no code: the official list has none for the national level
_CONNECTOR = "人民政府"  # 北京市朝阳区人民政府建外街道办事处: the district's government, then its street
_PARTY_PREFIX = re.compile(r"^(?:中国共产党|中共)")
_MIN_EVIDENCE_NAME = 3  # 城区, 郊区, 矿区 … are ordinary words: too short to count as text evidence


@dataclass(frozen=True)
class RegionMatch:
    """What is known for sure about an agency's division; ``None`` members are not known."""

    code: str | None
    level: str | None  # "central" | "province" | "city" | "county" | "township" | None
    province: str | None
    city: str | None
    county: str | None
    township: str | None
    status: str  # "resolved" | "central" | "ambiguous" | "unresolved"
    candidates: tuple[str, ...] = ()
    reason: str = ""

    def as_contract_region(self) -> dict[str, str | None]:
        """The ``region`` object of ``zfxxgk parse --json``."""
        return {
            "province": self.province,
            "city": self.city,
            "county": self.county,
            "township": self.township,
            "code": self.code,
        }


def _central(reason: str) -> RegionMatch:
    return RegionMatch(CENTRAL_CODE, "central", None, None, None, None, "central", (), reason)


def _unresolved(reason: str, candidates: tuple[str, ...] = ()) -> RegionMatch:
    return RegionMatch(None, None, None, None, None, None, "unresolved", candidates, reason)


def _resolved(code: str, reason: str) -> RegionMatch:
    names = path_names(code)
    region = tree().by_code[code]
    return RegionMatch(
        code, region.level, names["province"], names["city"], names["county"], names["township"],
        "resolved", (), reason,
    )  # fmt: skip


def _ambiguous(codes: frozenset[str] | set[str], reason: str) -> RegionMatch:
    """Fill only the part of the path that all candidates share."""
    paths = [tree().path[code] for code in sorted(codes)]
    shared = None
    for step in zip(*paths, strict=False):
        if all(region == step[0] for region in step):
            shared = step[0]
        else:
            break
    candidates = tuple(sorted(codes))
    if shared is None:
        return RegionMatch(None, None, None, None, None, None, "ambiguous", candidates, reason)
    names = path_names(shared.code)
    return RegionMatch(
        shared.code, shared.level, names["province"], names["city"], names["county"], names["township"],
        "ambiguous", candidates, reason,
    )  # fmt: skip


def _label(code: str) -> str:
    """A readable path for reasons: 辽宁省铁岭市开原市."""
    return "".join(region.name for region in tree().path[code])


# --------------------------------------------------------------------------------------------------
# Reading a name as a chain of divisions


@dataclass(frozen=True)
class _Reading:
    codes: frozenset[str]  # the candidates for the last (most specific) part
    start: int
    end: int
    parts: tuple[str, ...]  # the surfaces read, for reasons
    kinds: frozenset[int]  # how the last part was matched
    unsure: bool  # a lone renamed form or stem with nothing to confirm it: needs the text
    used_hint: bool
    fallback: bool = False  # found inside the name rather than at its start


def _compatible(code: str, hint: frozenset[str]) -> bool:
    """Inside the hint's division, or one of its ancestors (a county body under a township hint)."""
    above = tree().is_above
    return code in hint or any(above(h, code) or above(code, h) for h in hint)


def _search(
    text: str, start: int, hint: frozenset[str] | None, lookup: bool, first_exact: bool = False
) -> _Reading | None:
    """The best chain of division names starting at ``start`` (depth-first over all readings).

    Readings rank by characters covered, then by total cost (exact < OCR < renamed < stem), then by
    fewer parts; readings that tie are merged (their candidates united).
    """
    index = name_index()
    by_code = tree().by_code
    with_ocr = not _OCR_CHARS.isdisjoint(text)
    best: list[Any] = [None, set(), None]  # score, codes, reading

    memo: dict[int, list[tuple[int, list[tuple[str, int]]]]] = {}

    def tokens(pos: int) -> list[tuple[int, list[tuple[str, int]]]]:
        found = memo.get(pos)
        if found is None:
            found = index.tokens_at(text, pos)
            if with_ocr:
                found += index.ocr_tokens_at(text, pos)
            # 吉林市场监督管理局: the 市 belongs to 市场 (market), so 吉林 is only a stem here
            found = [t for t in found if not (text[t[0] - 1] == "市" and text.startswith("场", t[0]))]
            memo[pos] = found
        return found

    def allowed_last(code: str, kind: int, parts: tuple[str, ...]) -> bool:
        # A bare stem may not end an agency name (荆州市公安局 is not 公安县), except a province or city
        # stem standing alone (广东海事局), which the text must then confirm.
        return lookup or kind != BARE or (len(parts) == 1 and by_code[code].level in ("province", "city"))

    def consider(end: int, state: dict[str, tuple[int, int]], parts: tuple[str, ...]) -> None:
        cost = min((v[0] for c, v in state.items() if allowed_last(c, v[1], parts)), default=None)
        if cost is None:
            return
        score = (end, -cost, -len(parts))
        if best[0] is not None and score < best[0]:
            return
        codes = {c for c, v in state.items() if v[0] == cost and allowed_last(c, v[1], parts)}
        if score == best[0]:
            best[1] |= codes
        else:
            best[0], best[1], best[2] = score, codes, (parts, state)

    def visit(pos: int, state: dict[str, tuple[int, int]] | None, parts: tuple[str, ...]) -> None:
        positions = [pos]
        if state is not None and text.startswith(_CONNECTOR, pos):
            positions.append(pos + len(_CONNECTOR))
        for at in positions:
            for end, entries in tokens(at):
                new: dict[str, tuple[int, int]] = {}
                for code, kind in entries:
                    if hint is not None and not _compatible(code, hint):
                        continue
                    if state is None:
                        if first_exact and (kind != EXACT or end - at < 3):
                            continue
                        cost = _COST[kind]
                    else:
                        parent_costs = [state[p][0] for p in prefix_ancestors(code) if p in state]
                        if not parent_costs:
                            continue
                        cost = min(parent_costs) + _COST[kind]
                    if code not in new or cost < new[code][0]:
                        new[code] = (cost, kind)
                if new:
                    chain = (*parts, text[at:end])
                    consider(end, new, chain)
                    if any(len(code) == 6 for code in new):  # townships (9 digits) have no children
                        visit(end, new, chain)

    visit(start, None, ())
    if best[0] is None:
        return None
    parts, state = best[2]
    codes = frozenset(best[1])
    kinds = frozenset(state[c][1] for c in codes if c in state)
    unsure = not lookup and hint is None and len(parts) == 1 and kinds in ({SWAP}, {BARE})
    return _Reading(codes, start, best[0][0], parts, kinds, unsure, hint is not None)


_COST = {EXACT: 0, ALIAS: 1, OCR: 1, SWAP: 2, BARE: 3}
_OCR_CHARS = frozenset(chr(c) for c in OCR_CONFUSABLES)


@lru_cache(maxsize=262_144)
def _read_name(text: str, hint: frozenset[str] | None, lookup: bool) -> _Reading | None:
    """Read divisions from the start of a name, else (agency names only) from the first official name inside."""
    reading = _search(text, 0, hint, lookup)
    if reading is not None or lookup:
        return reading
    # 国家税务总局开原市税务局: the division follows a national prefix. Only full official names of three
    # or more characters count here, so that a fragment (固镇 in 中固镇) is never taken for a division.
    for pos in range(1, len(text) - 2):
        reading = _search(text, pos, hint, lookup, first_exact=True)
        if reading is not None:
            return _Reading(
                reading.codes, reading.start, reading.end, reading.parts, reading.kinds, reading.unsure,
                reading.used_hint, fallback=True,
            )  # fmt: skip
    return None


# --------------------------------------------------------------------------------------------------
# Evidence from the report text


def _mentions(text: str, name: str | None) -> int:
    if not name or len(name) < _MIN_EVIDENCE_NAME:
        return 0
    return text.count(name)


def _text_evidence(
    codes: frozenset[str], text: str, levels: tuple[str, ...] = ("county", "city", "province")
) -> tuple[str | None, str]:
    """Pick the one candidate whose county (else city, else province) the text names, if exactly one.

    Levels are tried from the most specific; a level where the candidates do not differ says nothing,
    and a level where the text names two candidates' divisions is a conflict: no choice is made.
    """
    if not text:
        return None, "no report text"
    paths = {code: path_names(code) for code in codes}
    for level in levels:
        names = {code: paths[code][level] for code in codes}
        names = {
            code: name
            for code, name in names.items()
            if LEVEL_RANK[tree().by_code[code].level] > LEVEL_RANK[level]
        }
        distinct = set(names.values())  # None (no such level, 东莞市 towns) counts as a value
        if len(codes) > 1 and len(distinct) < 2 and len(names) == len(codes):
            continue
        counts = {code: _mentions(text, name) for code, name in names.items()}
        named = {code for code, count in counts.items() if count}
        if len(named) == 1:
            (code,) = named
            return code, f"text names {names[code]} ({counts[code]}×)"
        if len(named) > 1:
            listed = "、".join(sorted({names[c] for c in named if names[c]}))
            return None, f"text names several candidates' {level}: {listed}"
    return None, "text names none of the candidates' counties, cities or provinces"


def _own_name_evidence(codes: frozenset[str], text: str) -> tuple[str | None, str]:
    """Confirm an abbreviation by the text: exactly one candidate's full name must occur in it."""
    names = {code: tree().by_code[code].name for code in codes}
    named = {code for code, name in names.items() if _mentions(text, name)}
    if len(named) == 1:
        (code,) = named
        return code, f"text names {names[code]}"
    if named:
        return None, "text names several: " + "、".join(sorted(names[c] for c in named))
    return None, "text does not name " + "、".join(sorted(names.values()))


# --------------------------------------------------------------------------------------------------
# Hints and public functions


def _hint_codes(hint: str | RegionMatch | None) -> tuple[frozenset[str] | None, RegionMatch | None]:
    if isinstance(hint, str):
        match = lookup_region(hint) if hint.strip() else None
    elif isinstance(hint, RegionMatch) or hint is None:
        match = hint
    else:  # tolerate a contract region dict or any object with a code
        code = hint.get("code") if isinstance(hint, dict) else getattr(hint, "code", None)
        match = lookup_region(code) if code else None
    if match is None:
        return None, None
    if match.status == "resolved" and match.code:
        return frozenset({match.code}), match
    if match.status == "ambiguous" and match.candidates:
        return frozenset(match.candidates), match
    return None, match


def _agency_from_text(text: str) -> str | None:
    """The agency in a report's title (…年度报告) for when no name was given; titles may wrap a line."""
    lines = [normalize(line).lstrip("#") for line in text.splitlines()[:20]]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines[:10]):
        for title in (line, line + lines[i + 1] if i + 1 < len(lines) else line):
            if len(title) <= 80 and ("年度报告" in title or "年报" in title):
                name = normalize_agency_name(title)
                if name and name != title:
                    return name
    return None


def _describe(reading: _Reading) -> str:
    how = "+".join(reading.parts)
    kinds = {ALIAS: "short form", OCR: "OCR-corrected", SWAP: "renamed/suffix-swapped", BARE: "abbreviated"}
    notes = [kinds[k] for k in sorted(reading.kinds) if k in kinds]
    return how + (f" ({', '.join(notes)})" if notes else "")


def resolve_agency(name: str | None, text: str = "", hint: str | RegionMatch | None = None) -> RegionMatch:
    """The division an agency belongs to, from its name, then the hint, then the report text."""
    hint_codes, hint_match = _hint_codes(hint)
    raw = name if name and name.strip() else _agency_from_text(text or "")
    if not raw:
        if hint_match is not None and hint_match.status in ("resolved", "central", "ambiguous"):
            return _from_hint(hint_match, "no agency name")
        return _unresolved("no agency name")
    agency = _PARTY_PREFIX.sub("", normalize_agency_name(raw))
    if not agency:
        return _unresolved("empty agency name")
    note = ""
    reading = _read_name(agency, hint_codes, False)
    if hint_codes is not None:
        # The name outranks the hint: when the hint cuts the reading short (a wrong source region), drop it.
        free = _read_name(agency, None, False)
        if free is not None and (
            reading is None or free.end > reading.end or free.fallback < reading.fallback
        ):
            reading = free
            note = f"; name disagrees with hint {hint_match.code or ','.join(hint_match.candidates)}, hint ignored"
    if reading is None:
        pattern = central_pattern(agency)
        if pattern == "strong":
            return _central(f"central body by name pattern ({agency})")
        if hint_match is not None and hint_match.status in ("resolved", "central", "ambiguous"):
            return _from_hint(hint_match, f"no division in name {agency}")
        if pattern == "weak":
            return _central(f"ministry-like name without a division ({agency})")
        if is_local_without_division(agency):
            return _unresolved(f"{agency} names a local body but not its division; no hint")
        return _unresolved(f"no division name in {agency}")

    codes = reading.codes
    how = _describe(reading) + (" inside the name" if reading.fallback else "") + note
    if len(codes) == 1 and not reading.unsure:
        (code,) = codes
        via = " within hint" if reading.used_hint and hint_match is not None else ""
        return _resolved(code, f"{how} → {_label(code)}{via}")
    if reading.kinds == {BARE}:  # 广东海事局: the text must name 广东省 itself
        chosen, evidence = _own_name_evidence(codes, text or "")
    else:
        levels = ("county", "city") if reading.unsure else ("county", "city", "province")
        chosen, evidence = _text_evidence(codes, text or "", levels)
    if chosen is not None:
        return _resolved(chosen, f"{how}: {len(codes)} candidate(s), {evidence} → {_label(chosen)}")
    if reading.unsure:
        what = (
            f"{reading.parts[0]} is an abbreviation"
            if reading.kinds == {BARE}
            else f"{reading.parts[0]} is not a current name"
        ) + f"; stem matches {len(codes)} division(s)"
        if len(codes) == 1:
            return _unresolved(f"{what}, unconfirmed by name, hint or text ({evidence})", tuple(codes))
        return _ambiguous(codes, f"{what}; {evidence}")
    level = {tree().by_code[c].level for c in codes}
    where = "hint, " if reading.used_hint else "no county in name, hint or "
    return _ambiguous(
        codes,
        f"{'/'.join(sorted(level))} {reading.parts[-1]} matches {len(codes)} divisions; {where}text: {evidence}",
    )


def _from_hint(hint: RegionMatch, why: str) -> RegionMatch:
    reason = f"{why}; from hint: {hint.reason}" if hint.reason else f"{why}; from hint"
    if hint.status == "central":
        return _central(reason)
    if hint.status == "resolved" and hint.code:
        return _resolved(hint.code, reason)
    return _ambiguous(frozenset(hint.candidates), reason)


_CODE = re.compile(r"^\d{2}(?:\d{2}(?:\d{2}(?:\d{3}(?:\d{3})?)?)?)?$")
_CENTRAL_WORDS = {"central", "中央", "国务院", "全国", "国家", "中华人民共和国", "000000"}


def _code_forms(code: str) -> list[str]:
    """6/9-digit forms of a 2/4/6/9/12-digit code (statistical codes pad with zeros)."""
    if len(code) == 12:
        code = code[:9]
    if len(code) == 9 and code.endswith("000"):
        code = code[:6]
    return [code.ljust(6, "0")] if len(code) < 6 else [code]


def lookup_region(name_or_code: str) -> RegionMatch:
    """A configured region (``--region``, ``sources/*.toml``): a code, or names like 铁岭 开原.

    Abbreviations are accepted here (the string is meant as a region), and when one candidate contains
    all the others (铁岭: the city 铁岭市 and its 铁岭县) the containing one is meant.
    """
    value = normalize(name_or_code)
    if value.lower() in _CENTRAL_WORDS:
        return _central(f"{value} denotes the central government")
    if _CODE.match(value):
        for code in _code_forms(value):
            if code in tree().by_code:
                return _resolved(code, f"code {value}")
        return _unresolved(f"code {value} is not in the official list")
    text = normalize_lookup(name_or_code)
    if not text:
        return _unresolved("empty region")
    reading = _read_name(text, None, True)
    if reading is None:
        return _unresolved(f"no division name in {text}")
    rest = text[reading.end :]
    how = _describe(reading) + (f", ignoring {rest}" if rest else "")
    codes = reading.codes
    if len(codes) > 1:
        above = tree().is_above
        outer = [c for c in codes if all(c == o or above(c, o) for o in codes)]
        if outer:
            return _resolved(outer[0], f"{how} → {_label(outer[0])} (contains the other readings)")
        return _ambiguous(codes, f"{how} matches {len(codes)} divisions")
    (code,) = codes
    return _resolved(code, f"{how} → {_label(code)}")


_DEPARTMENT = re.compile(
    r"(?:局|委员会|委|厅|办|办公室|中心|院|署|部|所|站|队|处|馆|会|社|室|科|庭|分局|支队|大队)$"
)


def agency_kind(name: str) -> str:
    """``dim_agency.kind``: 人民政府 / 办公厅(室) / 部门 / 乡镇 / 街道 / 中央部委 / 其他."""
    agency = _PARTY_PREFIX.sub("", normalize_agency_name(name or ""))
    if not agency:
        return "其他"
    reading = _read_name(agency, None, False)
    if reading is None and (central_pattern(agency) or agency.startswith("国务院")):
        return "中央部委"
    rest = agency[reading.end :] if reading is not None and not reading.fallback else agency
    if re.search(r"(?:人民)?政府办公[厅室]$|政府办$", agency) or rest in ("办公厅", "办公室"):
        return "办公厅(室)"
    if re.search(r"(?:街道|街道办事处|街道办)$", agency) or (
        rest in ("", "办事处") and re.search(r"办事处$", agency)
    ):
        return "街道"
    if re.search(r"(?:镇|乡|苏木|区公所)(?:人民政府)?$", agency) and rest in ("", "人民政府"):
        return "乡镇"
    if reading is not None and not reading.fallback and rest in ("", "人民政府"):
        return "人民政府"
    if rest.endswith("人民政府") and reading is not None:
        return "人民政府"
    if _DEPARTMENT.search(rest):
        return "部门"
    return "其他"


__all__ = ["CENTRAL_CODE", "RegionMatch", "agency_kind", "lookup_region", "resolve_agency"]
