"""Subcommands of the warehouse stage: ``ingest``, ``build``, ``schema``, ``export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

DEFAULT_DATA_DIR = "data"


def _console() -> Console:
    return Console(highlight=False)


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, type=Path,
                        help=f"where raw/, the logs and warehouse.duckdb live (default: {DEFAULT_DATA_DIR})")


def register(subparsers: argparse._SubParsersAction) -> None:
    ingest = subparsers.add_parser("ingest", help="store local documents (files or folders) in the raw store")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--region", help="division name or code the documents belong to (a hint for resolving)")
    ingest.add_argument("--agency", help="agency name, used where a document does not print one")
    _data_dir(ingest)
    ingest.set_defaults(handler=_ingest)

    build = subparsers.add_parser("build", help="parse new documents and rebuild DIR/warehouse.duckdb")
    build.add_argument("--workers", type=int, default=None, help="parser processes (default: one per core)")
    build.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    _data_dir(build)
    build.set_defaults(handler=_build)

    schema = subparsers.add_parser("schema", help="print the warehouse's data dictionary")
    schema.add_argument("--markdown", type=Path, metavar="FILE", help="write the dictionary as markdown to FILE")
    _data_dir(schema)
    schema.set_defaults(handler=_schema)

    export = subparsers.add_parser("export", help="write a mart as CSV (UTF-8 with BOM, for Excel) or Parquet")
    export.add_argument("mart")
    export.add_argument("--level", choices=("province", "city", "county", "national", "unresolved"))
    export.add_argument("--year", type=int)
    export.add_argument("--within", metavar="REGION", help="only regions inside this division (name or code)")
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="FILE.csv or FILE.parquet")
    export.add_argument("--zh", action="store_true", help="Chinese column headers")
    _data_dir(export)
    export.set_defaults(handler=_export)


def _ingest(args: argparse.Namespace) -> int:
    from pipelines.cli import UserError
    from pipelines.warehouse import IngestError, ingest_paths

    try:
        result = ingest_paths(args.paths, args.data_dir, region=args.region, agency=args.agency)
    except IngestError as exc:
        raise UserError(str(exc)) from exc
    _console().print(
        f"ingested {result.files} file(s): {result.new_documents} new document(s), "
        f"{result.new_lines} new sighting(s), {result.unchanged} already known → {args.data_dir}"
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pipelines.warehouse import build_warehouse

    console = Console(stderr=True, highlight=False)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        result = build_warehouse(args.data_dir, workers=args.workers, progress=progress, force=args.force)
    table = Table(title=f"{result.path}" + (" (unchanged: nothing new to build)" if result.skipped else ""))
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("documents", result.documents), ("parsed now", result.parsed_now), ("failed now", result.failed_now),
        ("reused from cache", result.reused), ("failed (all)", result.failed), ("pending", result.pending),
        ("reports", result.reports), ("current reports", result.current_reports),
        ("agencies", result.agencies), ("unresolved agencies", result.unresolved_agencies),
    ):
        table.add_row(label, str(value))
    for stage, seconds in result.timings.items():
        table.add_row(f"{stage} (s)", f"{seconds:.2f}")
    _console().print(table)
    return 0


def _schema(args: argparse.Namespace) -> int:

    from pipelines.warehouse import dictionary, warehouse_path
    from pipelines.warehouse.build import read_only

    if args.markdown:  # the documentation of the schema the SQL files define, whatever is built locally
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(dictionary.render_dictionary(), encoding="utf-8")
        print(f"wrote {args.markdown}", file=sys.stderr)
        return 0
    path = warehouse_path(args.data_dir)
    if path.is_file():
        with read_only(path) as con:
            tables = dictionary.describe(con)
    else:
        con = dictionary.empty_schema()
        try:
            tables = dictionary.describe(con)
        finally:
            con.close()
    console = _console()
    for doc in tables:
        table = Table(title=f"{doc.name} ({doc.kind}) — {doc.comment}", title_justify="left", show_lines=False)
        table.add_column("column", no_wrap=True)
        table.add_column("type", no_wrap=True)
        table.add_column("label / meaning")
        for column in doc.columns:
            table.add_row(column.name, column.type, column.comment)
        console.print(table)
    return 0


def _export(args: argparse.Namespace) -> int:
    from pipelines.cli import UserError
    from pipelines.export import ExportError, export_mart
    from pipelines.warehouse import warehouse_path

    try:
        result = export_mart(warehouse_path(args.data_dir), args.mart, args.out, level=args.level,
                             year=args.year, within=args.within, zh=args.zh)
    except ExportError as exc:
        raise UserError(str(exc)) from exc
    _console().print(f"wrote {result.rows} row(s) × {len(result.columns)} column(s) to {result.path}")
    return 0
