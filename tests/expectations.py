"""Comparing a parse with an expected-parse file (the shape of ``shared/seeds/expected/*.json``)."""

from __future__ import annotations

from typing import Any


def cell_mismatches(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Every difference between an expected parse and ``ParsedReport.to_json()``; a list accepts any member."""
    problems: list[str] = []
    for key in ("year", "format"):
        if key in expected and expected[key] != got[key]:
            problems.append(f"{key}: expected {expected[key]!r}, got {got[key]!r}")
    if "agency_contains" in expected and expected["agency_contains"] not in (got["agency"] or ""):
        problems.append(f"agency: expected to contain {expected['agency_contains']!r}, got {got['agency']!r}")
    for key, want in (expected.get("region") or {}).items():
        if got["region"].get(key) != want:
            problems.append(f"region.{key}: expected {want!r}, got {got['region'].get(key)!r}")
    for code, want in expected["cells"].items():
        value = got["cells"].get(code, "<absent>")
        ok = value in want if isinstance(want, list) else value == want
        if not ok:
            problems.append(f"{code}: expected {want!r}, got {value!r}")
    extra = set(got["cells"]) - set(expected["cells"])
    if extra:
        problems.append(f"unexpected cells: {sorted(extra)[:5]}")
    return problems
