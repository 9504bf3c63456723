"""Parse one annual report, whatever its layout, into the canonical cells with its identities checked.

``parse_document(bytes)`` reads the document (``pipelines.extract``) and ``parse_model(Document)`` does the
rest: find the sections by keyword, read each table into the contract's cells, read the 信息处理费 from
the words of section 六, check the accounting identities and resolve the agency's region.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.contract import (
    APPLY_CODES,
    FEE_CODE,
    FORMAT_2019,
    FORMAT_2021,
    FORMAT_UNKNOWN,
    LITIGATION_CODES,
    OTHER_SUB_ROWS,
    cells_by_code,
    codes_for,
)
from pipelines.extract.model import Document, ReadError
from pipelines.extract.values import NUMBER, to_unit
from pipelines.parse.active import parse_active
from pipelines.parse.apply import parse_apply
from pipelines.parse.checks import run_checks
from pipelines.parse.fees import parse_fee
from pipelines.parse.layout import Row, build_groups, document_rows, find_heading, is_heading_like
from pipelines.parse.litigation import parse_litigation
from pipelines.parse.meta import (
    detect_format,
    find_opening_year,
    find_period_year,
    find_published_on,
    find_signature,
    find_title,
    has_revision_mark,
)
from pipelines.parse.report import REGION_KEYS, Check, ParsedReport

__all__ = ["PARSER_VERSION", "NotAReport", "ParsedReport", "Check", "parse_document", "parse_model", "parse_path"]

def _code_version() -> str:
    """A digest of the code a parse result depends on (readers, parser, resolver, contract): any change to
    it is a new parser version, so the warehouse re-parses what an older version parsed."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder in ("extract", "parse", "regions"):
        for path in sorted((root / folder).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    digest.update((root / "contract.py").read_bytes())
    return digest.hexdigest()[:12]


#: The parse results' version: the warehouse caches parses per version and re-parses on a new one.
PARSER_VERSION = f"1+{_code_version()}"


class NotAReport(ReadError):
    """The document was read but is not a 政府信息公开工作年度报告."""


def parse_document(data: bytes, source: str = "", hint: Any = None) -> ParsedReport:
    """Read and parse one document's bytes. Raises ReadError (NotAReport, NeedsOCR, …) with a clear message."""
    from pipelines.extract import read_document

    return parse_model(read_document(data, source), hint=hint)


def parse_path(path: str | os.PathLike[str], hint: Any = None) -> ParsedReport:
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ReadError(f"{name}: cannot read the file: {exc.strerror or exc}") from exc
    return parse_document(data, source=name, hint=hint)


def _region_of(agency: str | None, text: str, hint: Any) -> dict[str, str | None]:
    try:
        from pipelines.regions import resolve_agency
    except ImportError:  # the resolver is optional for parsing itself
        return dict.fromkeys(REGION_KEYS)
    match = resolve_agency(agency, text=text, hint=hint)
    return match.as_contract_region()


_ARTICLE_20_GROUP = re.compile(r"^第二十条第[(（]")


def _sections(rows: list[Row]) -> dict[str, tuple[int, int] | None]:
    """Row ranges of sections 二, 三, 四 and 六, found by keyword and by the first recognised row."""
    n = len(rows)
    apply_start = find_heading(rows, ("收到和处理政府信息公开申请",), last=False)
    first_new = next((i for i, row in enumerate(rows) if "本年新收" in row.folded and row.is_table), None)
    if first_new is None:
        first_new = next((i for i, row in enumerate(rows) if "本年新收政府信息公开申请" in row.folded), None)
    if apply_start is None or (first_new is not None and first_new < apply_start):
        apply_start = first_new
    elif first_new is not None:
        # the last heading before the table (a table of contents may name the section earlier)
        later = find_heading(rows, ("收到和处理政府信息公开申请",), 0, first_new + 1, last=True)
        apply_start = later if later is not None else apply_start
    search_from = apply_start if apply_start is not None else 0
    lit_start = find_heading(rows, ("行政复议", "行政诉讼"), search_from)
    if lit_start is None:
        lit_start = next(
            (i for i in range(search_from, n) if rows[i].is_table and ("结果维持" in rows[i].folded
             or "尚未审结" in rows[i].folded or ("行政复议" in rows[i].folded and "行政诉讼" in rows[i].folded))),
            None,
        )
    after = max(x for x in (lit_start, apply_start, 0) if x is not None)
    stop = next(
        (i for i in range(after + 1, n) if _is_closing_heading(rows[i])),
        n,
    )
    other_start = find_heading(rows, ("其他需要报告",), after)
    active_start = find_heading(rows, ("主动公开政府信息情况",), 0, apply_start)
    # the first group label of the section's tables (第二十条第（一）项): the section starts there at the latest,
    # even when the heading found is a later one (an OCR'd "表二：主动公开政府信息情况" above a table's second part)
    first_group = next(
        (i for i in range(0, apply_start or n) if _ARTICLE_20_GROUP.match(rows[i].folded) and len(rows[i].folded) <= 24),
        None,
    )
    if first_group is not None and (active_start is None or first_group < active_start):
        active_start = first_group
    if active_start is None:
        active_start = next((i for i in range(0, apply_start or n) if "第二十条" in rows[i].folded), None)
    sections: dict[str, tuple[int, int] | None] = {"active": None, "apply": None, "litigation": None, "other": None}
    if active_start is not None:
        sections["active"] = (active_start, apply_start if apply_start is not None else (lit_start or stop))
    if apply_start is not None:
        sections["apply"] = (apply_start, lit_start if lit_start is not None else stop)
    if lit_start is not None:
        sections["litigation"] = (lit_start, stop)
    if other_start is not None:
        sections["other"] = (other_start, n)
    return sections


def _is_closing_heading(row: Row) -> bool:
    text = row.folded
    return not row.is_table and any(
        keyword in text for keyword in ("主要问题", "改进情况", "存在问题", "其他需要报告", "其他事项")
    ) and is_heading_like(row)


def _cell_mode(rows: list[Row], start: int, end: int) -> bool:
    """One cell per line: hardly any row in the section prints a label with its numbers."""
    multi = 0
    for i in range(start, end):
        cells = rows[i].cells
        if len(cells) > 1 and sum(1 for cell in cells if cell.strip()) > 1:
            multi += 1
            if multi == 2:  # decided: a row-mode section is known from its first two such rows
                return False
    return True


#: The section 四 codes in the order parse_litigation returns its cells: spelled out once.
_LITIGATION_CODES = tuple(code for codes in LITIGATION_CODES.values() for code in codes)


@cache
def _active_rows(codes: tuple[str, ...]) -> frozenset[str]:
    """The section 二 rows among ``codes``."""
    return frozenset(code.split(".")[1] for code in codes if code.startswith("active."))


@cache
def _count_codes() -> frozenset[str]:
    """The codes counted in 件, which are whole numbers."""
    return frozenset(code for code, spec in cells_by_code().items() if spec.unit == "count")


def parse_model(document: Document, hint: Any = None) -> ParsedReport:
    """Parse a read document into the contract's cells, checks and warnings."""
    rows = document_rows(document)
    lines = [row.text for row in rows]
    text = "\n".join(lines)
    folded_rows = [row.folded for row in rows]
    warnings: list[str] = list(document.warnings)
    source = document.source or "document"

    # the rows' folded texts fold to what the whole text does, and folding them again is all but free
    fmt, _why = detect_format("\n".join(folded_rows))
    agency, year = find_title(folded_rows[:60], document.title)
    if year is None:
        year = find_period_year(text)
        if year is not None:
            warnings.append("reported year taken from the statistics period, no title found")
    if year is None and fmt != FORMAT_UNKNOWN:  # the standard tables say it is a report: only its year is missing
        year = find_opening_year(folded_rows)
        if year is not None:
            warnings.append(f"reported year taken from a paragraph opening with it ({year}年，…), no title found")
    if agency is None:
        agency = find_signature(lines)
        if agency is not None:
            warnings.append("agency taken from the signature at the end, no title found")

    sections = _sections(rows)
    if fmt == FORMAT_UNKNOWN and sections["apply"] is None and year is None:
        raise NotAReport(f"{source}: not an annual report: no 政府信息公开工作年度报告 title and no standard tables")
    if fmt == FORMAT_UNKNOWN and sections["apply"] is None:
        warnings.append("no standard tables found: a free-form report (format unknown)")
    elif fmt == FORMAT_UNKNOWN:
        fmt = FORMAT_2021 if (year or 0) >= 2021 else FORMAT_2019
        warnings.append(f"format told by the year only ({year}): the section 二 headers were not found")

    codes = codes_for(fmt) if fmt != FORMAT_UNKNOWN else tuple(
        cell.code for cell in cells_by_code().values() if cell.format == "both"
    )
    cells: dict[str, float | int | None] = dict.fromkeys(codes)

    # section 二
    if sections["active"] is not None and fmt != FORMAT_UNKNOWN:
        start, end = sections["active"]
        groups = build_groups(rows, start, end, _cell_mode(rows, start, end))
        found, active_warnings = parse_active(groups, fmt)
        warnings += active_warnings
        for row, columns in found.items():
            for col, unit, cell in columns:
                code = f"active.{row}.{col}"
                if code in cells and cell is not None:
                    cells[code] = to_unit(cell, unit)
        missing = sorted(_active_rows(codes) - set(found))
        if missing:
            warnings.append(f"section 二 rows not found: {', '.join(missing)}")
    else:
        warnings.append("section 二 (主动公开政府信息情况) not found")

    # section 三
    printed_rows: set[str] = set()
    if sections["apply"] is not None:
        start, end = sections["apply"]
        groups = build_groups(rows, start, end, _cell_mode(rows, start, end))
        result = parse_apply(groups, fmt)
        warnings += result.warnings
        printed_rows = set(result.rows)
        for row, values in result.rows.items():
            for code, value in zip(APPLY_CODES[row], values, strict=True):
                if code in cells:
                    cells[code] = value.value if value is not None and value.kind == NUMBER else None
        if not result.other_as_one_row and any(sub in printed_rows for sub in OTHER_SUB_ROWS):
            for c, code in enumerate(APPLY_CODES["other"]):
                parts = [cells.get(APPLY_CODES[sub][c]) for sub in OTHER_SUB_ROWS]
                cells[code] = None if any(p is None for p in parts) else sum(parts)  # type: ignore[arg-type]
    else:
        warnings.append("section 三 (收到和处理政府信息公开申请情况) not found")

    # section 四
    if sections["litigation"] is not None:
        start, end = sections["litigation"]
        values, lit_warnings = parse_litigation(rows, start, end, _cell_mode(rows, start, end))
        warnings += lit_warnings
        if values is not None:
            for code, value in zip(_LITIGATION_CODES, values, strict=True):
                cells[code] = value.value if value is not None and value.kind == NUMBER else None
    else:
        warnings.append("section 四 (行政复议、行政诉讼) not found")

    # section 六: the information processing fee, in words
    if FEE_CODE in cells:
        fee: float | int | None = None
        if sections["other"] is not None:
            start, end = sections["other"]
            fee, _sentence = parse_fee("\n".join(row.text for row in rows[start:end]))
        if fee is None:
            fee, sentence = parse_fee("\n".join(row.text for row in rows if not row.is_table), strict=True)
            if fee is not None:
                warnings.append(f"信息处理费 read outside section 六: {sentence}")
        cells[FEE_CODE] = fee
        if fee is None:
            warnings.append("section 六 says nothing about the 信息处理费: left null")

    counts = _count_codes()
    for code, value in cells.items():  # 件 counts are whole numbers; keep ints as ints
        if isinstance(value, float) and value.is_integer() and code in counts:
            cells[code] = int(value)

    report = ParsedReport(
        agency=agency,
        year=year,
        format=fmt,
        cells=cells,
        checks=run_checks(cells, printed_rows),
        warnings=warnings,
        source=source,
        media_type=document.media_type,
        title=document.title,
        published_on=find_published_on(folded_rows, year),
        revision_mark=has_revision_mark(document.title, folded_rows),
    )
    if agency is None:
        report.warnings.append("agency not found in the title or opening lines")
    if year is None:
        report.warnings.append("reported year not found")
    report.region = _region_of(agency, text, hint)
    return report

