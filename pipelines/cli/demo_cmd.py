"""``zfxxgk demo``: the nightly run, for real, on the embedded demo portal (what ``make demo`` runs).

It starts the demo portal on loopback (fixed ports from ``--port-base``, so a second demo finds the same
URLs and crawls conditionally), writes the filled-in registry to ``DIR/demo-sources.toml`` and points the
pipeline at it (``ZFXXGK_SOURCES``, ``ZFXXGK_DATA_DIR``), lets ``sources_sensor`` create the partitions,
then executes the run the ``nightly`` schedule would launch — the ``refresh`` job over every source — in
this process, on the persistent instance in ``$DAGSTER_HOME`` (``.dagster/``), so ``make dev`` shows it.
It prints what the run did and stops the portal.

``--serve-ui`` (``make dev``) keeps the portal up and runs ``dg dev`` (``dagster dev`` for this project) on
the same instance and registry, so runs launched from the UI crawl the demo portal too; it runs the
pipeline first when there is no published warehouse yet.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PORT_BASE = 18610
REGISTRY_FILE = "demo-sources.toml"
DEMO_TRIGGER = "demo"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="run the whole pipeline through Dagster on the embedded demo portal",
        description="Start the demo portal, run the nightly refresh (crawl, parse, warehouse, marts, checks, "
                    "CSV exports) through Dagster on the instance in $DAGSTER_HOME (default .dagster), print "
                    "a summary and stop the portal.",
    )
    parser.add_argument("--data-dir", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument("--port-base", type=int, default=DEFAULT_PORT_BASE, metavar="N",
                        help=f"demo portal ports N…N+10 (default {DEFAULT_PORT_BASE}; 0: any free ports)")
    parser.add_argument("--serve-ui", action="store_true",
                        help="keep the portal up and open the Dagster UI on it (dg dev) until Ctrl-C")
    parser.add_argument("--ui-port", type=int, default=3000, help="port of the Dagster UI (default 3000)")
    parser.set_defaults(handler=run)


def dagster_home() -> Path:
    """``$DAGSTER_HOME``, set to ``.dagster`` (with the repository's dagster.yaml) when it is not set."""
    home = Path(os.environ.get("DAGSTER_HOME") or Path.cwd() / ".dagster").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    source = REPO / "dagster.yaml"
    if source.is_file() and (not config.is_file() or config.stat().st_mtime < source.stat().st_mtime):
        shutil.copyfile(source, config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def start_portal(port_base: int, console: Console) -> Any:
    from pipelines.demo.portal import DemoPortal

    if port_base:
        try:
            return DemoPortal(port_base=port_base).start()
        except OSError as exc:
            console.print(f"[yellow]ports {port_base}…{port_base + 10} unavailable ({exc}); using free ports: "
                          "the URLs change, so this crawl downloads everything again[/]")
    return DemoPortal().start()


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    home = dagster_home()
    data_dir: Path = args.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    portal = start_portal(args.port_base, console)
    try:
        registry = data_dir / REGISTRY_FILE
        registry.write_text(portal.sources_toml(), encoding="utf-8")
        os.environ["ZFXXGK_SOURCES"] = str(registry.resolve())
        os.environ["ZFXXGK_DATA_DIR"] = str(data_dir.resolve())
        for note in portal.notes:
            console.print(f"[yellow]note: {note}[/]")
        console.print(f"demo portal on {len(portal.base_urls)} loopback hosts; registry {registry}; "
                      f"Dagster home {home}")
        if not args.serve_ui or not (data_dir / "warehouse.duckdb").is_file():
            status = run_pipeline(console, data_dir)
            if status and not args.serve_ui:
                return status
        if args.serve_ui:
            return serve_ui(console, args.ui_port)
        return 0
    finally:
        portal.stop()


def run_pipeline(console: Console, data_dir: Path) -> int:
    """Sync the partitions, execute the nightly run in process, print the summary; 0 when it succeeded."""
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.defs.crawl.sensors import apply_partition_requests, sources_sensor
    from pipelines.defs.resources import ZfxxgkSettings
    from pipelines.defs.schedules import TIMEZONE, refresh_request

    definitions = defs()
    instance = dg.DagsterInstance.get()
    release_stale_slots(instance)
    with dg.build_sensor_context(instance=instance, resources={"zfxxgk": ZfxxgkSettings()}) as context:
        apply_partition_requests(instance, sources_sensor(context))
    source_ids = instance.get_dynamic_partitions("sources")
    request = refresh_request(source_ids, datetime.now(ZoneInfo(TIMEZONE)), prefix=DEMO_TRIGGER)
    if not isinstance(request, dg.RunRequest):
        console.print(f"[red]nothing to run: {request.skip_message}[/]")
        return 1
    console.print(f"running the nightly refresh over {len(source_ids)} sources through Dagster …")
    started = time.monotonic()
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}  # the summary says what happened
    result = definitions.resolve_job_def("refresh").execute_in_process(
        run_config=quiet, instance=instance, tags=request.tags, raise_on_error=False)
    print_summary(console, result, data_dir, time.monotonic() - started)
    return 0 if result.success else 1


def release_stale_slots(instance: Any) -> None:
    """Free pool slots still held by runs that ended, or by an earlier demo run killed mid-way (nothing else
    frees them without the daemon's run monitoring, and a held host pool would block this crawl)."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return
    for run_id in storage.get_concurrency_run_ids():
        run = instance.get_run_by_id(run_id)
        if run is not None and not run.is_finished:
            if run.tags.get("zfxxgk/trigger") != DEMO_TRIGGER:
                continue
            instance.report_run_failed(run, "an earlier demo run was interrupted")
        storage.free_concurrency_slots_for_run(run_id)


def serve_ui(console: Console, port: int) -> int:
    """``dg dev`` on this instance and registry until Ctrl-C or SIGTERM (the portal stays up meanwhile).

    It runs in a process group of its own, so stopping it reaches the webserver, daemon and code server too.
    """
    dg = Path(sys.executable).with_name("dg")
    command = [str(dg if dg.exists() else "dg"), "dev", "--target-path", str(REPO), "-h", "127.0.0.1",
               "-p", str(port)]
    env = {**os.environ, "VIRTUAL_ENV": str(Path(sys.executable).parent.parent)}  # the venv dg should use
    console.print(f"Dagster UI on http://127.0.0.1:{port} (Ctrl-C to stop) …")
    process = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupted)
    try:
        return process.wait()
    except KeyboardInterrupt:
        return stop_group(process)
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop_group(process: subprocess.Popen, grace: float = 20.0) -> int:
    """SIGINT to the process group of ``process`` (Dagster's own shutdown), SIGKILL after ``grace`` seconds."""
    for sig, wait in ((signal.SIGINT, grace), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left (webserver, daemon)
    return 0


# -- the summary ------------------------------------------------------------------------------------------


def _value(meta: dict[str, Any], key: str, default: Any = "") -> Any:
    item = meta.get(key)
    return default if item is None else getattr(item, "value", item)


def print_summary(console: Console, result: Any, data_dir: Path, seconds: float) -> None:
    from pipelines.defs.steps import exports
    from pipelines.warehouse import warehouse_path
    from pipelines.warehouse.build import read_only

    crawls: dict[str, dict[str, Any]] = {}
    other: dict[str, dict[str, Any]] = {}
    for event in result.get_asset_materialization_events():
        mat = event.materialization
        if mat.asset_key.to_user_string() == "raw_documents" and mat.partition:
            crawls[mat.partition] = dict(mat.metadata)
        else:
            other[mat.asset_key.to_user_string()] = dict(mat.metadata)

    state = "[green]succeeded[/]" if result.success else "[red]failed[/]"
    console.rule(f"zfxxgk demo: run {result.run_id[:8]} {state} in {seconds:.0f} s")
    table = Table(title=f"sources ({len(crawls)})", title_justify="left")
    for column in ("source", "reports", "fetched", "304", "blocked", "errors", "blocked hosts"):
        table.add_column(column, justify="left" if column in ("source", "blocked hosts") else "right")
    for source_id, meta in sorted(crawls.items()):
        table.add_row(source_id, *(str(_value(meta, k, 0)) for k in ("reports_found", "fetched", "not_modified",
                                                                      "blocked", "errors")),
                      str(_value(meta, "blocked_hosts")))
    console.print(table)
    found = sum(int(_value(m, "reports_found", 0)) for m in crawls.values())
    parsed = other.get("parsed_reports", {})
    console.print(f"reports found {found}; documents {_value(parsed, 'documents', 0)}: parsed now "
                  f"{_value(parsed, 'parsed_now', 0)}, failed {_value(parsed, 'failed_now', 0)}, reused from cache "
                  f"{_value(parsed, 'reused_from_cache', 0)} (parser {_value(parsed, 'parser_version', '?')})")
    reports = other.get("warehouse/reports")
    if reports is not None:
        changed = _value(reports, "changed", True)
        console.print(f"warehouse: {_value(reports, 'dagster/row_count', 0)} report rows"
                      + ("" if changed else " — nothing new: tables, marts and exports left as they were"))

    checks = Table(title="asset checks", title_justify="left")
    for column in ("check", "asset", "result", "detail"):
        checks.add_column(column)
    failed = 0
    for evaluation in result.get_asset_check_evaluations():
        ok = evaluation.passed
        failed += not ok
        label = "[green]passed[/]" if ok else (
            "[red]FAILED (error)[/]" if evaluation.severity.value == "ERROR" else "[yellow]failed (warning)[/]")
        checks.add_row(evaluation.check_name, evaluation.asset_key.to_user_string(), label,
                       evaluation.description or "")
    console.print(checks)
    console.print(f"{failed} check(s) failed")
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            while error.cause is not None:  # the user code's own error, not Dagster's wrapper
                error = error.cause
            console.print(f"[red]step {event.step_key} failed[/]: {error.message.strip()[:400]}")

    published = warehouse_path(data_dir)
    if published.is_file():
        with read_only(published) as con:
            rows = exports.top_regions(con, level="province", limit=8)
        top = Table(title="mart_region_comparison: top provinces, best-covered year", title_justify="left")
        for column in ("region", "year", "agencies", "applications", "disclosure rate", "rank", "change %"):
            top.add_column(column, justify="left" if column == "region" else "right")
        for name, year, agencies, apps, rate, rank, change in rows:
            top.add_row(str(name), str(year), str(agencies), str(apps), f"{rate:.1%}" if rate is not None else "",
                        str(rank or ""), str(change if change is not None else ""))
        console.print(top)
    written = other.get("regional_exports", {})
    folder = exports.exports_dir(data_dir)
    console.print(f"warehouse (read-only for analysts): {published}")
    console.print(f"CSV exports: {_value(written, 'files', 0)} files in {folder}/"
                  + ("" if _value(written, "changed", True) else " (unchanged)"))
    console.print("browse the run, its logs and the asset graph with `make dev` (http://127.0.0.1:3000)")
