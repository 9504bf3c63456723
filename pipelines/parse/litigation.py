"""Section 四: administrative review and litigation, 3 proceedings × 5 outcomes.

The official layout prints all 15 numbers in one row under a two-level header; reports also print one row
(or one small table under its own heading) per proceeding. Blank cells count by position.
"""

from __future__ import annotations

from pipelines.contract import LITIGATION_COLUMNS, LITIGATION_ROWS
from pipelines.extract.values import NUMBER, CellValue, fold, read_cell
from pipelines.parse.layout import Group, Row, build_groups, fit_values

PER_ROW = len(LITIGATION_COLUMNS)
WIDTH = len(LITIGATION_ROWS) * PER_ROW


def _proceeding(text: str) -> str | None:
    """Which proceeding a row label or heading names (复议后起诉 mentions 复议 too: test it first)."""
    folded = fold(text)
    if "复议后" in folded:
        return "suit_after_review"
    if "直接起诉" in folded or "未经复议" in folded:
        return "direct_suit"
    if "行政复议" in folded and "诉讼" not in folded:
        return "review"
    return None


def parse_litigation(rows: list[Row], start: int, end: int, cell_mode: bool) -> tuple[list[CellValue | None] | None, list[str]]:
    """The 15 cells in contract order (review, direct suit, suit after review), or None if not found."""
    groups = [group for group in build_groups(rows, start, end, cell_mode) if group.numbers]
    if not groups:
        return None, ["section 四 (行政复议、行政诉讼) not found"]
    for group in groups:  # the official layout: one row of 15, blanks included
        if len(group.values) >= WIDTH:
            fitted = fit_values(group.values, WIDTH)
            if fitted is not None:
                return fitted, []
    by_proceeding = _per_proceeding(groups, rows, start)
    if by_proceeding is not None:
        return by_proceeding, []
    numbers = [value for group in groups for value in group.numbers]
    if len(numbers) == WIDTH:
        return list(numbers), []
    if len(groups) == len(LITIGATION_ROWS):  # three unlabeled rows of five
        fitted_rows = [fit_values(group.values, PER_ROW) for group in groups]
        if all(fitted is not None for fitted in fitted_rows):
            return [cell for fitted in fitted_rows for cell in fitted], []  # type: ignore[union-attr]
    shown = " ".join(str(value.value) for value in numbers)
    return None, [f"section 四: {len(numbers)} numbers ({shown}) for the 15 cells; left empty"]


def _per_proceeding(groups: list[Group], rows: list[Row], start: int) -> list[CellValue | None] | None:
    """Rows (or small tables under headings) labeled with their proceeding, five cells each."""
    found: dict[str, list[CellValue | None]] = {}
    for group in groups:
        proceeding = _proceeding(group.label) or _proceeding(group.context) or _heading_before(rows, start, group.row)
        if proceeding is None or proceeding in found:
            continue
        fitted = fit_values(group.values, PER_ROW)
        if fitted is None:
            return None
        found[proceeding] = fitted
    if not found:
        return None
    cells: list[CellValue | None] = []
    for proceeding, _label in LITIGATION_ROWS:
        cells.extend(found.get(proceeding, [None] * PER_ROW))
    return cells


def _heading_before(rows: list[Row], start: int, row: int) -> str | None:
    """The proceeding named by the nearest text line above a row of numbers (a sub-table's heading)."""
    for i in range(row - 1, start - 1, -1):
        if not rows[i].is_table:
            return _proceeding(rows[i].text)
        if any(read_cell(cell).kind == NUMBER for cell in rows[i].cells):
            return None
    return None
