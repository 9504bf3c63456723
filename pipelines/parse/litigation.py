"""Section 四: administrative review and litigation, 3 proceedings × 5 outcomes, printed as one row of 15."""

from __future__ import annotations

from pipelines.contract import LITIGATION_COLUMNS, LITIGATION_ROWS
from pipelines.extract.values import BLANK, LABEL, NUMBER, CellValue
from pipelines.parse.layout import Row, classify, strip_blanks

WIDTH = len(LITIGATION_ROWS) * len(LITIGATION_COLUMNS)


def parse_litigation(rows: list[Row], start: int, end: int) -> tuple[list[CellValue | None] | None, list[str]]:
    """The 15 cells in contract order (review, direct suit, suit after review), or None if not found."""
    value_rows: list[list[CellValue]] = []
    for row in rows[start:end]:
        values = classify(row.cells)
        if not any(value.kind == NUMBER for value in values):
            continue
        last_label = max((k for k, v in enumerate(values) if v.kind == LABEL), default=-1)
        value_rows.append([v for v in values[last_label + 1:] if v.kind in (NUMBER, BLANK)])
    if not value_rows:
        return None, ["section 四 (行政复议、行政诉讼) not found"]
    for values in value_rows:  # one printed row of 15, blanks included: read by position
        if len(values) == WIDTH:
            return list(values), []
    numbers = [value for values in value_rows for value in values if value.kind == NUMBER]
    if len(numbers) == WIDTH:
        return numbers, []
    stripped = [strip_blanks(values) for values in value_rows]
    flat = [value for values in stripped for value in values]
    if len(flat) == WIDTH:
        return flat, []
    shown = " ".join(str(v.value) for v in numbers)
    return None, [f"section 四: {len(numbers)} numbers ({shown}) for the 15 cells; left empty"]

