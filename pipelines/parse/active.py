"""Section 二: the small tables of 第二十条 (rules issued, licensing, penalties, fees, procurement)."""

from __future__ import annotations

from pipelines.contract import ACTIVE_ROWS
from pipelines.extract.values import CellValue
from pipelines.parse.labels import match_active_row
from pipelines.parse.layout import Group, fit_values


def active_columns(fmt: str) -> dict[str, list[tuple[str, str]]]:
    """Per row of the format, its columns in printed order: (column key, unit)."""
    columns: dict[str, list[tuple[str, str]]] = {}
    for row, _label, cols in ACTIVE_ROWS:
        for col, _col_label, unit, col_fmt in cols:
            if col_fmt in ("both", fmt):
                columns.setdefault(row, []).append((col, unit))
    # in the 2019 layout 处理决定数量 is printed last, after 上一年项目数量 and 本年增/减
    for row, cols in columns.items():
        cols.sort(key=lambda item: item[0] == "decisions")
        columns[row] = cols
    return columns


def parse_active(groups: list[Group], fmt: str) -> tuple[dict[str, list[tuple[str, str, CellValue | None]]], list[str]]:
    """Rows found → [(column, unit, cell)]; plus warnings for rows whose cells could not be placed."""
    columns = active_columns(fmt)
    found: dict[str, list[tuple[str, str, CellValue | None]]] = {}
    warnings: list[str] = []
    for group in groups:
        row = next((named for text in group.label_variants() if (named := match_active_row(text))), None)
        if row is None or row not in columns or row in found:
            continue
        cols = columns[row]
        fitted = fit_values(group.values, len(cols))
        if fitted is None:
            warnings.append(
                f"section 二 row {row}: {len(group.values)} printed cells for {len(cols)} columns; left empty"
            )
            found[row] = [(col, unit, None) for col, unit in cols]
            continue
        found[row] = [(col, unit, cell) for (col, unit), cell in zip(cols, fitted, strict=True)]
    return found, warnings
