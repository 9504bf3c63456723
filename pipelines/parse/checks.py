"""The accounting identities the format itself states, each reported with the numbers it compared.

A check with a null input is *not checkable* (``ok`` None), never passed: a missing cell proves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pipelines.contract import (
    APPLICANT_KEYS,
    APPLY_CODES,
    APPLY_ROW_KEYS,
    LITIGATION_CODES,
    OTHER_SUB_ROWS,
    OUTCOME_ROWS,
)
from pipelines.parse.report import Check

Number = float | int
_EPS = 1e-6


@lru_cache(maxsize=4096)
def _fmt(value: Number | None) -> str:
    """A number as the detail shows it; remembered, since the same small counts fill every report's checks
    (a value and its equal, 1 and 1.0, read the same)."""
    if value is None:
        return "null"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _terms(values: Sequence[Number | None]) -> str:
    return " + ".join(map(_fmt, values))


def _check(rule: str, left: Sequence[Number | None], right: Sequence[Number | None], names: str) -> Check:
    return Check(rule, *_verdict(tuple(left), tuple(right), names))


@lru_cache(maxsize=16384)
def _verdict(left: tuple[Number | None, ...], right: tuple[Number | None, ...], names: str) -> tuple[bool | None, str]:
    """A check's outcome and detail; remembered, since reports repeat the same sums (rows of zeros above all).
    Equal numbers (1 and 1.0) give the same outcome and detail, so either may stand for the other."""
    detail = f"{_terms(left)} = {_terms(right)}"
    if None in left or None in right:
        return None, f"not checkable ({names} incomplete): {detail}"
    return abs(sum(left) - sum(right)) < _EPS, detail  # type: ignore[arg-type]


def run_checks(cells: dict[str, Number | None], printed_rows: set[str]) -> list[Check]:
    """All identities of section 三 and 四 for the cells of one report.

    ``printed_rows`` are the section 三 rows the document printed: a row total is only checked for them
    (``other`` summed from its sub-items is ours, not the document's).
    """
    if "apply.total.total" not in cells:
        return []
    apply = {row: [cells.get(code) for code in codes] for row, codes in APPLY_CODES.items()}
    checks: list[Check] = []
    for c, col in enumerate(APPLICANT_KEYS):
        checks.append(_check(
            f"apply balance, column {col}",
            [apply["new_received"][c], apply["carried_over"][c]],
            [apply["total"][c], apply["carried_forward"][c]],
            "一 + 二 = （七）总计 + 四",
        ))
        checks.append(_check(
            f"apply outcomes sum, column {col}",
            [apply[row][c] for row in OUTCOME_ROWS],
            [apply["total"][c]],
            "（一）…（六） = （七）总计",
        ))
    for row in APPLY_ROW_KEYS:
        if row not in printed_rows or (row == "other" and any(sub in printed_rows for sub in OTHER_SUB_ROWS)):
            continue
        *columns, total = apply[row]  # the applicant columns end with the total
        checks.append(_check(f"apply row total, {row}", columns, [total], "six applicant columns = 总计"))
    for proceeding, codes in LITIGATION_CODES.items():
        *results, total = [cells.get(code) for code in codes]
        checks.append(_check(
            f"litigation total, {proceeding}", results, [total], "维持 + 纠正 + 其他 + 尚未审结 = 总计",
        ))
    return checks
