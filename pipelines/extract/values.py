"""Reading one printed cell: a number, a blank, an annotation, or a label.

Reports print numbers with full-width digits, unit suffixes (件, 万元, 元), signs in 本年增/减, thousands
separators and notes such as ``22（其中修订16件）``. A cell that is blank or holds a dash is a *blank*: the
document gives no value, so the cell becomes null, never 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

NUMBER = "number"
BLANK = "blank"
ANNOTATION = "annotation"
LABEL = "label"

# Dashes, slashes and words that fill a cell without giving a value.
_BLANK_MARKS = {"", "-", "--", "—", "——", "–", "/", "／", "\\", "无", "空", "n/a", "na", "null", "x", "×", "*"}

_UNIT = r"(?:件|个|项|条|次|人次|家|万元|元|%)"
_NUMBER_RE = re.compile(
    rf"""^
    (?P<sign>[+\-−－])?\s*
    (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    \s*(?P<unit>{_UNIT})?
    \s*(?P<note>\(.*\))?
    $""",
    re.VERBOSE,
)
_ANNOTATION_RE = re.compile(r"^\([^()]*\)$")  # one parenthesised note, not "(二)部分公开(…)"


@dataclass(frozen=True)
class CellValue:
    kind: str  # number | blank | annotation | label
    value: float | int | None = None
    unit: str | None = None  # 件 / 万元 / 元 / None, as printed
    text: str = ""


#: The full-width punctuation of Chinese prose, with its NFKC form. Replaced first, it no longer sends
#: ``unicodedata.normalize`` from its quick check onto its slow path, ten times slower on a paragraph
#: (a character's own compatibility form normalises as the character does).
_WIDE_PUNCTUATION = (("，", ","), ("（", "("), ("）", ")"), ("：", ":"), ("；", ";"), ("\u3000", " "))


def fold(text: str) -> str:
    """Full-width to half-width (NFKC) and whitespace removed: the form labels and numbers are compared in."""
    for wide, narrow in _WIDE_PUNCTUATION:
        if wide in text:
            text = text.replace(wide, narrow)
    # str.split() splits on exactly what the regex ``\s`` matches, without the regex machinery
    return "".join(unicodedata.normalize("NFKC", text).split())


@lru_cache(maxsize=65536)
def read_cell(text: str) -> CellValue:
    """Classify one printed cell and read its number, if it is one."""
    folded = fold(text).replace("−", "-").replace("－", "-").replace("–", "-")
    if folded.lower() in _BLANK_MARKS:
        return CellValue(BLANK, text=text)
    match = _NUMBER_RE.match(folded)
    if match:
        raw = match.group("num").replace(",", "")
        number: float | int = float(raw) if "." in raw else int(raw)
        if match.group("sign") == "-":
            number = -number
        if isinstance(number, float) and number.is_integer() and "." not in raw:
            number = int(number)
        return CellValue(NUMBER, number, match.group("unit"), text)
    if _ANNOTATION_RE.match(folded):
        return CellValue(ANNOTATION, text=text)
    return CellValue(LABEL, text=text)


def to_unit(cell: CellValue, unit: str) -> float | int | None:
    """The cell's number in the contract unit: 元 printed in a 万元 cell is converted, and back."""
    if cell.kind != NUMBER or cell.value is None:
        return None
    value = cell.value
    if unit == "10k_yuan" and cell.unit == "元":
        return round(value / 10000, 6)
    if unit == "yuan" and cell.unit == "万元":
        return round(value * 10000, 2)
    return value
