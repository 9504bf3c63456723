"""``zfxxgk parse FILE``: one document, parsed, as the contract's JSON or a readable summary."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.table import Table

from pipelines.contract import (
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLY_ROWS,
    FEE_CODE,
    LITIGATION_COLUMNS,
    LITIGATION_ROWS,
)
from pipelines.parse import parse_path
from pipelines.parse.report import ParsedReport


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="parse one report (HTML, PDF, DOC/DOCX/WPS, text, markdown) into canonical cells",
        description="Parse one annual report; the format is detected from the content, not the file name.",
    )
    parser.add_argument("file", help="the document to parse")
    parser.add_argument("--json", action="store_true", help="print the contract's JSON object")
    parser.add_argument("--region", help="region hint (division code or names) for resolving the agency")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    report = parse_path(args.file, hint=args.region)
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print_summary(report, Console())
    return 0


def _show(value: float | int | None) -> str:
    if value is None:
        return "[dim]—[/dim]"
    return f"{value:g}" if isinstance(value, float) else str(value)


def print_summary(report: ParsedReport, console: Console) -> None:
    """Agency, year, format, each section's table, failed checks and warnings."""
    region = " ".join(v for k, v in report.region.items() if v and k != "code") or "unresolved"
    console.print(f"[bold]{report.agency or '(agency not found)'}[/bold]  {report.year or '?'} 年  "
                  f"format {report.format}  region {region} {report.region.get('code') or ''}")
    cells = report.cells

    active = Table(title="二、主动公开政府信息情况", show_lines=False)
    active.add_column("row")
    active.add_column("column")
    active.add_column("value", justify="right")
    for row, label, columns in ACTIVE_ROWS:
        for col, col_label, _unit, _fmt in columns:
            code = f"active.{row}.{col}"
            if code in cells:
                active.add_row(label, col_label, _show(cells[code]))
    if active.row_count:
        console.print(active)

    apply = Table(title="三、收到和处理政府信息公开申请情况")
    apply.add_column("row", no_wrap=True)
    for _key, col_label in APPLICANT_COLUMNS:
        apply.add_column(col_label, justify="right")
    for row, label, _fmt in APPLY_ROWS:
        values = [cells.get(f"apply.{row}.{col}", "absent") for col, _ in APPLICANT_COLUMNS]
        if all(value == "absent" for value in values):
            continue
        short = label.split(":")[0].split(" ")[-1]
        apply.add_row(short if len(short) <= 16 else short[:15] + "…", *[_show(v) if v != "absent" else "" for v in values])
    console.print(apply)

    litigation = Table(title="四、政府信息公开行政复议、行政诉讼情况")
    litigation.add_column("proceeding")
    for _key, col_label in LITIGATION_COLUMNS:
        litigation.add_column(col_label, justify="right")
    for row, label in LITIGATION_ROWS:
        litigation.add_row(label, *[_show(cells.get(f"litigation.{row}.{col}")) for col, _ in LITIGATION_COLUMNS])
    console.print(litigation)

    if FEE_CODE in cells:
        console.print(f"六、信息处理费: {_show(cells[FEE_CODE])} 元")
    failed = report.failed_checks
    unchecked = [check for check in report.checks if check.ok is None]
    console.print(f"checks: {len(report.checks) - len(failed) - len(unchecked)} passed, "
                  f"[red]{len(failed)} failed[/red], {len(unchecked)} not checkable")
    for check in failed:
        console.print(f"  [red]✗[/red] {check.rule}: {check.detail}")
    for warning in report.warnings:
        console.print(f"  [yellow]![/yellow] {warning}")
