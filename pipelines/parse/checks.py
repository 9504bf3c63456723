"""The accounting identities the format itself states, each reported with the numbers it compared.

A check with a null input is *not checkable* (``ok`` None), never passed: a missing cell proves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.contract import APPLICANT_KEYS, APPLY_ROW_KEYS, LITIGATION_ROWS, OTHER_SUB_ROWS, OUTCOME_ROWS
from pipelines.parse.report import Check

Number = float | int
_EPS = 1e-6


def _fmt(value: Number | None) -> str:
    if value is None:
        return "null"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _terms(values: Sequence[Number | None]) -> str:
    return " + ".join([str(value) if type(value) is int else _fmt(value) for value in values])


def _check(rule: str, left: Sequence[Number | None], right: Sequence[Number | None], names: str) -> Check:
    detail = f"{_terms(left)} = {_terms(right)}"
    if None in left or None in right:
        return Check(rule, None, f"not checkable ({names} incomplete): {detail}")
    ok = abs(sum(left) - sum(right)) < _EPS  # type: ignore[arg-type]
    return Check(rule, ok, detail)


def run_checks(cells: dict[str, Number | None], printed_rows: set[str]) -> list[Check]:
    """All identities of section 三 and 四 for the cells of one report.

    ``printed_rows`` are the section 三 rows the document printed: a row total is only checked for them
    (``other`` summed from its sub-items is ours, not the document's).
    """
    if "apply.total.total" not in cells:
        return []
    checks: list[Check] = []
    for col in APPLICANT_KEYS:
        def cell(row: str, col: str = col) -> Number | None:
            return cells.get(f"apply.{row}.{col}")
        checks.append(_check(
            f"apply balance, column {col}",
            [cell("new_received"), cell("carried_over")],
            [cell("total"), cell("carried_forward")],
            "一 + 二 = （七）总计 + 四",
        ))
        checks.append(_check(
            f"apply outcomes sum, column {col}",
            [cell(row) for row in OUTCOME_ROWS],
            [cell("total")],
            "（一）…（六） = （七）总计",
        ))
    for row in APPLY_ROW_KEYS:
        if row not in printed_rows or (row == "other" and any(sub in printed_rows for sub in OTHER_SUB_ROWS)):
            continue
        checks.append(_check(
            f"apply row total, {row}",
            [cells.get(f"apply.{row}.{col}") for col in APPLICANT_KEYS[:-1]],
            [cells.get(f"apply.{row}.total")],
            "six applicant columns = 总计",
        ))
    for proceeding, _label in LITIGATION_ROWS:
        checks.append(_check(
            f"litigation total, {proceeding}",
            [cells.get(f"litigation.{proceeding}.{col}") for col in ("upheld", "corrected", "other", "pending")],
            [cells.get(f"litigation.{proceeding}.total")],
            "维持 + 纠正 + 其他 + 尚未审结 = 总计",
        ))
    return checks
