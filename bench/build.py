"""Benchmark of the warehouse build: a generated corpus ingested, parsed, loaded and queried.

    .venv/bin/python bench/build.py --reports 10000                  # rendered documents, the real parser
    .venv/bin/python bench/build.py --reports 100000 --parser cells  # the load and marts at scale
    .venv/bin/python bench/build.py --reports 10000 --dir /tmp/wb10k --repeat 5  # kept corpus, 5 more rebuilds

``--parser real`` renders each generated report (``--layouts``, text layouts by default) and parses it with
``pipelines.parse``; ``--parser cells`` stores each report as its JSON cells and "parses" it by reading them
back, so the run measures ingest, the parse stage's own machinery, the load and the marts at a volume whose
real parsing would take hours on 2 cores. Either way it prints the time of every stage, then compares the
load with the floor — DuckDB reading the same cells from the parse cache's Parquet into a table, the faster of
its defaults and insertion order off (as the build loads) — and times
typical queries on each mart (target: each under a second at 100,000 reports).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.parse.report import Check, ParsedReport  # noqa: E402
from pipelines.synthetic import TEXT_LAYOUTS, generate_report, layout_extension, render  # noqa: E402
from pipelines.warehouse import build_warehouse, ingest_paths, load_warehouse  # noqa: E402
from pipelines.warehouse.parsing import ParserSpec, outcome_files  # noqa: E402

MART_QUERIES = {
    "mart_region_comparison (county, one year, ranked)":
        "SELECT region_name, applications, rank_applications FROM mart_region_comparison "
        "WHERE level = 'county' AND year = 2024 ORDER BY parent_code, rank_applications",
    "mart_region_applications (province × year)":
        "SELECT region_name, year, new_received_total, disclosure_rate FROM mart_region_applications "
        "WHERE level = 'province' ORDER BY region_code, year",
    "mart_region_fees (city)": "SELECT * FROM mart_region_fees WHERE level = 'city'",
    "mart_region_litigation (county)": "SELECT * FROM mart_region_litigation WHERE level = 'county'",
    "mart_data_quality (national)": "SELECT * FROM mart_data_quality WHERE level = 'national'",
    "report_cells (one province, one code)":
        "SELECT agency_name, year, value FROM report_cells WHERE province = '浙江省' AND code = 'apply.new_received.total'",
}


def parse_cells_json(data: bytes, source: str = "", hint: object = None) -> ParsedReport:
    """The ``--parser cells`` reader: a generated report stored as its JSON cells."""
    obj = json.loads(data)
    return ParsedReport(
        agency=obj["agency"], year=obj["year"], format=obj["format"], cells=obj["cells"],
        checks=[Check("bench", True, "")], region={"code": obj["region_code"]}, source=source,
        media_type="application/json",
    )


def generate(folder: Path, n: int, parser: str, layouts: tuple[str, ...], seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        report = generate_report(seed * 1_000_003 + i)
        if parser == "cells":
            body = json.dumps({"agency": report.agency, "year": report.year, "format": report.format,
                               "cells": report.cells, "region_code": report.region_code}, ensure_ascii=False)
            (folder / f"{i:06d}.json").write_text(body, encoding="utf-8")
        else:
            layout = layouts[i % len(layouts)]
            (folder / f"{i:06d}{layout_extension(layout)}").write_bytes(render(report, layout))


def floor_once(data_dir: Path, version: str, *, keep_order: bool) -> tuple[float, int]:
    """DuckDB reading the cached cells from Parquet into a table of a new file, then its checkpoint.

    ``keep_order``: with DuckDB's defaults (insertion order preserved); else with ``preserve_insertion_order``
    off, as the build sets it for its own loads, which lets DuckDB insert in parallel: the faster of the two.
    """
    cells = [str(f.with_name(f.name.replace("outcomes-", "cells-", 1))) for f in outcome_files(data_dir, version)]
    target = data_dir / "floor.duckdb"
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    with duckdb.connect(str(target)) as con:
        if not keep_order:
            con.execute("SET preserve_insertion_order = false")
        con.read_parquet(cells).create("cells")
        rows = con.execute("SELECT count(*) FROM cells").fetchone()[0]
        con.execute("CHECKPOINT")
    seconds = time.perf_counter() - started
    target.unlink(missing_ok=True)
    return seconds, rows


def floor(data_dir: Path, version: str) -> tuple[float, float, int]:
    """The floor, the least a load can cost: the faster of the two ways DuckDB reads the cells into a table
    (``floor_once``). Returns (floor, the run with DuckDB's defaults, cell rows)."""
    default, rows = floor_once(data_dir, version, keep_order=True)
    unordered, _ = floor_once(data_dir, version, keep_order=False)
    return min(default, unordered), default, rows


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--parser", choices=("real", "cells"), default="real")
    parser.add_argument("--layouts", default=",".join(TEXT_LAYOUTS), help="layouts for --parser real")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rebuilds of the warehouse, each followed by a floor run: the ratio's median and range")
    args = parser.parse_args()

    root = args.dir or Path(tempfile.mkdtemp(prefix="zfxxgk-bench-"))
    docs, data = root / "docs", root / "data"
    timings: dict[str, float] = {}
    try:
        # a kept --dir is reused only for the same corpus: a cells corpus is no input for the real parser
        corpus = json.dumps({"reports": args.reports, "parser": args.parser, "seed": args.seed,
                             "layouts": args.layouts if args.parser == "real" else None})
        marker = root / "corpus.json"
        if not docs.is_dir() or not marker.is_file() or marker.read_text() != corpus:
            shutil.rmtree(docs, ignore_errors=True)
            shutil.rmtree(data, ignore_errors=True)
            started = time.perf_counter()
            generate(docs, args.reports, args.parser, tuple(args.layouts.split(",")), args.seed)
            marker.write_text(corpus)
            timings["generate (not part of the build)"] = time.perf_counter() - started
        started = time.perf_counter()
        ingest_paths([docs], data)
        timings["ingest"] = time.perf_counter() - started
        spec = ParserSpec(parse_cells_json, "bench-cells") if args.parser == "cells" else None
        result = build_warehouse(data, workers=args.workers, parser=spec, force=True)
        if "schema" in result.timings:  # made when missing: once per code version, not at every build
            timings["schema template (once per code version)"] = result.timings["schema"]
        for stage in ("parse", "load", "marts", "finish", "total"):
            timings[f"build: {stage}"] = result.timings.get(stage, 0.0)
        with duckdb.connect(str(result.path), read_only=True) as con:
            version = con.execute("SELECT value FROM build_info WHERE key = 'parser_version'").fetchone()[0]
            query_times = {}
            for label, query in MART_QUERIES.items():
                started = time.perf_counter()
                rows = len(con.execute(query).fetchall())
                query_times[label] = (time.perf_counter() - started, rows)
        floor_seconds, default_floor, cell_rows = floor(data, version)
        # one run of each is at the mercy of a noisy machine: rebuild (same inputs, parse cache hot) and re-run
        # the floor in turns, and give the ratio of each pair
        rebuilds: list[tuple[float, float, float, float]] = []
        for _ in range(args.repeat):
            again: dict[str, float] = {}
            load_warehouse(data, parser_version=version, timings=again)
            rebuilt = again["load"] + again.get("marts", 0.0) + again["finish"]
            rebuilds.append((rebuilt, again["load"], *floor(data, version)[:2]))

        print(f"\nzfxxgk warehouse benchmark: {args.reports:,} reports, parser={args.parser}, "
              f"workers={args.workers}, folder {root}")
        print(f"documents {result.documents:,}  parsed {result.parsed_now:,}  failed {result.failed:,}  "
              f"current reports {result.current_reports:,}  agencies {result.agencies:,}  "
              f"unresolved {result.unresolved_agencies:,}  cells {cell_rows:,}")
        print("\nstage                                   seconds")
        for label, seconds in timings.items():
            print(f"  {label:<38}{seconds:>8.2f}")
        load, marts = result.timings.get("load", 0.0), result.timings.get("marts", 0.0)
        finish = result.timings.get("finish", 0.0)  # staging dropped, build info, the final checkpoint
        print(f"\nfloor: DuckDB reading the {cell_rows:,} cells from Parquet into a table: {floor_seconds:.2f} s "
              f"(with DuckDB's defaults {default_floor:.2f} s; without insertion order, as the build loads, "
              "it inserts in parallel: the faster of the two is the floor)")
        print(f"  load / floor           {load / floor_seconds:6.2f}×")
        print(f"  (load + marts + finish) / floor {(load + marts + finish) / floor_seconds:6.2f}×   (target ≤ 2×); "
              f"against the defaults' run {(load + marts + finish) / default_floor:.2f}×")
        if rebuilds:
            ratios = sorted(total / least for total, _, least, _ in rebuilds)
            print(f"  {len(rebuilds)} rebuilds, each against a floor run of its own: "
                  + ", ".join(f"{total:.2f} s / {least:.2f} s" for total, _, least, _ in rebuilds))
            print(f"    (load + marts + finish) / floor: median {median(ratios):.2f}×, "
                  f"range {ratios[0]:.2f}–{ratios[-1]:.2f}×; load / floor median "
                  f"{median([load / least for _, load, least, _ in rebuilds]):.2f}×; against the defaults' "
                  f"runs median {median([total / default for total, _, _, default in rebuilds]):.2f}×")
        slowest = sorted(result.model_seconds.items(), key=lambda kv: -kv[1])[:6]
        print("  slowest models: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in slowest))
        print("\nmart query                                              seconds    rows")
        for label, (seconds, rows) in query_times.items():
            print(f"  {label:<54}{seconds:>7.3f} {rows:>7,}")
    finally:
        if args.dir is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
