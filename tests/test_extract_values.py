"""How one printed cell reads: a number (with its unit), a blank, or not a number at all (never a guess)."""

from __future__ import annotations

import pytest

from pipelines.extract.values import BLANK, LABEL, NUMBER, read_cell


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("0", 0, None),
    ("12件", 12, "件"),
    ("１２", 12, None),  # full-width digits
    ("1,234", 1234, None),
    ("1，234", 1234, None),  # a full-width thousands comma
    ("3.50", 3.5, None),
    ("0.00万元", 0.0, "万元"),
    ("63.79 万元", 63.79, "万元"),
    ("-3", -3, None),  # 本年增/减 may be negative
    ("－3", -3, None),
    ("–3", -3, None),  # an en dash, as word processors turn a hyphen
    ("+5", 5, None),
])
def test_numbers(text: str, value: float, unit: str | None) -> None:
    cell = read_cell(text)
    assert (cell.kind, cell.value, cell.unit) == (NUMBER, value, unit)


@pytest.mark.parametrize("text", ["", "\u3000", "-", "–", "—", "——", "/", "／", "无"])
def test_blanks_are_no_number(text: str) -> None:
    cell = read_cell(text)
    assert (cell.kind, cell.value) == (BLANK, None)


@pytest.mark.parametrize("text", ["约30", "30余", "减少3", "规章", "—3"])
def test_approximate_or_worded_figures_are_not_read_as_numbers(text: str) -> None:
    cell = read_cell(text)
    assert cell.value is None and cell.kind in (LABEL, "annotation")
