"""The Dagster layer end to end: definitions load, the whole graph runs in process against the demo portal,
an unchanged second run is a no-op, a rebuild leaves analysts' connections alone, the checks fail when they
should, and the sensor and schedule ask for the right things.

One demo portal and one data folder serve the module's end-to-end tests, in order: the first run, the no-op
run, then a re-published report. Politeness is relaxed (these tests are not about it; robots' Crawl-delay
still holds), host pools are on (``default_limit: 1``) so the crawl claims them for real.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.definitions import defs as load_defs
from pipelines.defs.crawl.sensors import apply_partition_requests, sources_sensor
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.schedules import RANGE_END, RANGE_START, nightly
from pipelines.defs.steps import warehouse as steps
from pipelines.defs.steps.crawl import pool_name
from pipelines.defs.steps.exports import LEVELS, REGION_MARTS
from pipelines.demo.corpus import render_report
from pipelines.demo.portal import DemoPortal
from pipelines.warehouse import build, warehouse_path
from pipelines.warehouse.models import MART_MODELS

FAST = {"min_delay": 0.0, "backoff_base": 0.1}
#: Provinces with generated reports only (no seed text lands there), so their figures are known exactly.
KNOWN_PROVINCES = ("320000", "330000", "440000", "510000")


@pytest.fixture(scope="module")
def definitions() -> dg.Definitions:
    return load_defs()


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal() as running:  # the module changes it (a re-published report): not the shared one
        yield running


@pytest.fixture(scope="module")
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test(overrides={"concurrency": {"pools": {"default_limit": 1}}}) as test_instance:
        yield test_instance


@pytest.fixture(scope="module")
def settings(portal: DemoPortal, tmp_path_factory: pytest.TempPathFactory) -> ZfxxgkSettings:
    data = tmp_path_factory.mktemp("dagster-data")
    registry = data / "demo-sources.toml"
    registry.write_text(portal.sources_toml(), encoding="utf-8")
    return ZfxxgkSettings(data_dir=str(data), sources=str(registry), **FAST)


def sync_partitions(instance: dg.DagsterInstance, settings: ZfxxgkSettings) -> list[str]:
    with dg.build_sensor_context(instance=instance, resources={"zfxxgk": settings}) as context:
        apply_partition_requests(instance, sources_sensor(context))
    return instance.get_dynamic_partitions("sources")


def materialize(definitions: dg.Definitions, instance: dg.DagsterInstance, settings: ZfxxgkSettings, *,
                sources: list[str] | None = None, selection: Any = None,
                run_config: dict | None = None) -> dg.ExecuteInProcessResult:
    """The graph (or ``selection``) in process; ``sources`` (a contiguous run of partition keys) to crawl."""
    tags = {RANGE_START: sources[0], RANGE_END: sources[-1]} if sources else None
    return dg.materialize(
        [*definitions.assets, *definitions.asset_checks], instance=instance, resources={"zfxxgk": settings},
        selection=selection, tags=tags, run_config=run_config, raise_on_error=False,
    )


def metadata(result: dg.ExecuteInProcessResult) -> tuple[dict[str, dict], dict[str, dict]]:
    """(raw_documents metadata per partition, other assets' metadata per key), values unwrapped."""
    crawls: dict[str, dict] = {}
    others: dict[str, dict] = {}
    for event in result.get_asset_materialization_events():
        mat = event.materialization
        values = {k: getattr(v, "value", v) for k, v in mat.metadata.items()}
        if mat.partition:
            crawls[mat.partition] = values
        else:
            others[mat.asset_key.to_user_string()] = values
    return crawls, others


def checks_by_name(result: dg.ExecuteInProcessResult) -> dict[str, Any]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


@pytest.fixture(scope="module")
def first_run(definitions: dg.Definitions, instance: dg.DagsterInstance,
              settings: ZfxxgkSettings) -> dg.ExecuteInProcessResult:
    ids = sync_partitions(instance, settings)
    return materialize(definitions, instance, settings, sources=ids)


# -- definitions -------------------------------------------------------------------------------------------


def test_definitions_load_with_the_graph_grouped_by_stage(definitions: dg.Definitions) -> None:
    dg.Definitions.validate_loadable(definitions)
    graph = definitions.resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["raw_documents"] == "crawl"
    assert groups["parsed_reports"] == "parse"
    assert groups["warehouse/reports"] == groups["warehouse/documents"] == "warehouse"
    assert {m for m in MART_MODELS} <= {k for k, g in groups.items() if g == "marts"}
    assert groups["regional_exports"] == groups["published_warehouse"] == "exports"
    comparison = graph.get(dg.AssetKey("mart_region_comparison"))
    assert {k.to_user_string() for k in comparison.parent_keys} >= {
        "mart_region_applications", "mart_region_fees", "mart_region_litigation"}
    raw = graph.get(dg.AssetKey("raw_documents"))
    assert isinstance(raw.partitions_def, dg.DynamicPartitionsDefinition) and raw.partitions_def.name == "sources"
    writers = [dg.AssetKey(m) for m in MART_MODELS] + [dg.AssetKey(["warehouse", "reports"])]
    assert all(graph.get(key).pools == {"warehouse_writer"} for key in writers)
    checks = {key.name: key for key in definitions.resolve_asset_graph().asset_check_keys}
    assert set(checks) == {"crawl_freshness", "blocked_share", "accounting_identities",
                           "one_report_per_agency_year", "no_regionless_reports"}
    assert definitions.resolve_schedule_def("nightly") and definitions.resolve_sensor_def("sources_sensor")
    assert definitions.resolve_job_def("refresh")


# -- sensor and schedule -----------------------------------------------------------------------------------


def test_sensor_keeps_partitions_in_step_with_the_registry(portal: DemoPortal, tmp_path: Path) -> None:
    registry = tmp_path / "sources.toml"
    registry.write_text(portal.sources_toml(), encoding="utf-8")
    settings = ZfxxgkSettings(data_dir=str(tmp_path), sources=str(registry))
    with dg.instance_for_test() as instance:
        ids = sync_partitions(instance, settings)
        assert ids == [s.id for s in settings.registry()] and "demo-flaky" in ids
        assert sync_partitions(instance, settings) == ids  # nothing to do the second time
        text = portal.sources_toml()
        start = text.index('id = "demo-flaky"')
        cut = text.rfind("[[source]]", 0, start)
        end = text.find("[[source]]", start)
        registry.write_text(text[:cut] + (text[end:] if end != -1 else ""), encoding="utf-8")
        assert sync_partitions(instance, settings) == [i for i in ids if i != "demo-flaky"]


def test_nightly_tick_asks_for_one_run_over_every_source() -> None:
    assert nightly.cron_schedule == "0 2 * * *" and nightly.execution_timezone == "Asia/Shanghai"
    with dg.instance_for_test() as instance:
        when = datetime(2026, 3, 1, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        with dg.build_schedule_context(instance=instance, scheduled_execution_time=when) as context:
            assert isinstance(nightly(context), dg.SkipReason)  # no partitions yet
        instance.add_dynamic_partitions("sources", ["a-src", "b-src", "c-src"])
        with dg.build_schedule_context(instance=instance, scheduled_execution_time=when) as context:
            tick = nightly.evaluate_tick(context)
    (request,) = tick.run_requests
    assert request.run_key == "nightly-2026-03-01"
    assert request.tags[RANGE_START] == "a-src" and request.tags[RANGE_END] == "c-src"
    assert request.job_name in (None, "refresh") and nightly.job_name == "refresh"


# -- the whole graph ---------------------------------------------------------------------------------------


def test_whole_graph_materializes_against_the_demo_portal(
    first_run: dg.ExecuteInProcessResult, portal: DemoPortal, settings: ZfxxgkSettings,
    instance: dg.DagsterInstance,
) -> None:
    assert first_run.success
    crawls, others = metadata(first_run)
    golden = portal.golden
    assert {sid: m["reports_found"] for sid, m in crawls.items()} == {sid: len(g) for sid, g in golden.items()}
    assert crawls["demo-waf-412"]["blocked_hosts"] == portal.base_urls["waf_412"].split("//")[1]
    assert others["parsed_reports"]["parsed_now"] > 0 and others["parsed_reports"]["failed_now"] == 0
    assert others["warehouse/reports"]["changed"] is True and others["warehouse/reports"]["dagster/row_count"] > 0
    # every host's pool was claimed, and every slot is free again
    storage = instance.event_log_storage
    pools = {pool_name(url.split("//")[1]) for url in portal.base_urls.values()}
    assert pools | {"warehouse_writer"} <= set(storage.get_concurrency_keys())
    assert not storage.get_concurrency_run_ids()

    data = settings.data_path()
    published = warehouse_path(data)
    assert published.is_file() and not list((data / "build").glob("*.duckdb*"))
    with steps.read_only(published) as con:
        current = dict(con.execute("SELECT year, count(*) FROM reports WHERE is_current GROUP BY year").fetchall())
        apps = {(code, year): (n, total) for code, year, n, total in con.execute(
            "SELECT region_code, year, agencies_reporting, new_received_total FROM mart_region_applications "
            "WHERE level = 'province'").fetchall()}
        uncommented = con.execute(  # the marts built one asset at a time carry every comment, as a whole build's do
            "SELECT table_name, column_name FROM duckdb_columns() WHERE table_name LIKE 'mart%' AND comment IS NULL"
        ).fetchall()
    assert uncommented == []
    expected_current: dict[int, set[str]] = defaultdict(set)
    expected_apps: dict[tuple[str, int], list[float]] = defaultdict(list)
    corrected = {g.corrects for reports in golden.values() for g in reports if g.corrects}
    for reports in golden.values():
        for g in reports:
            expected_current[g.year].add(g.agency)
            if g.cells is None or g.key in corrected:  # a corrected original is superseded by its correction
                continue
            code = render_report(g.key).region_code
            province = f"{code[:2]}0000" if code else "000000"
            if province in (*KNOWN_PROVINCES, "000000"):
                expected_apps[(province, g.year)].append(g.cells["apply.new_received.total"])
    assert current == {year: len(agencies) for year, agencies in expected_current.items()}
    assert expected_apps and {k: apps[k] for k in expected_apps} == {
        k: (len(v), sum(v)) for k, v in expected_apps.items()}

    files = sorted(p.name for p in (data / "exports").glob("*.csv"))
    assert files == sorted(f"{m}_{level}.csv" for m in REGION_MARTS for level in LEVELS)
    assert (data / "exports" / "mart_region_comparison_province.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "|" in others["regional_exports"]["top_provinces"]


def test_checks_report_the_inconsistent_report_and_the_blocked_hosts(
    first_run: dg.ExecuteInProcessResult, portal: DemoPortal,
) -> None:
    checks = checks_by_name(first_run)
    identities = checks["accounting_identities"]
    assert not identities.passed and identities.severity == dg.AssetCheckSeverity.WARN
    inconsistent = render_report("wuxing-2023").agency
    assert inconsistent in identities.metadata["failures"].value
    assert checks["one_report_per_agency_year"].passed
    freshness = checks["crawl_freshness"]
    assert not freshness.passed
    assert set(freshness.metadata["stale"].value.split(", ")) == {
        "demo-waf-412", "demo-waf-jsl", "demo-waf-403", "demo-robots-503"}
    blocked = checks["blocked_share"]
    assert not blocked.passed
    assert set(blocked.metadata["blocked_hosts"].value.split(", ")) == {
        portal.base_urls[h].split("//")[1] for h in ("waf_412", "waf_jsl", "waf_403")}
    assert checks["no_regionless_reports"].passed


def test_second_materialization_is_a_no_op(
    first_run: dg.ExecuteInProcessResult, definitions: dg.Definitions, instance: dg.DagsterInstance,
    settings: ZfxxgkSettings, portal: DemoPortal,
) -> None:
    data = settings.data_path()
    raw_before = sorted(p.name for p in (data / "raw").rglob("*") if p.is_file())
    published = warehouse_path(data)
    stat_before = published.stat()
    exports_before = {p.name: p.stat().st_mtime_ns for p in (data / "exports").iterdir()}
    began = time.monotonic()
    result = materialize(definitions, instance, settings, sources=instance.get_dynamic_partitions("sources"))
    assert result.success
    crawls, others = metadata(result)
    documents = {g.page_url for gs in portal.golden.values() for g in gs}
    asked = [r for r in portal.requests if r.started_at >= began and portal.base_urls[r.host] + r.path in documents]
    assert asked and {r.status for r in asked} <= {302, 304}  # conditional GETs only
    assert sorted(p.name for p in (data / "raw").rglob("*") if p.is_file()) == raw_before
    assert sum(m["not_modified"] for m in crawls.values()) > 0
    assert others["parsed_reports"]["parsed_now"] == 0 and others["parsed_reports"]["reused_from_cache"] > 0
    assert {k: m["changed"] for k, m in others.items() if "changed" in m} == dict.fromkeys(
        [k for k, m in others.items() if "changed" in m], False)
    assert (published.stat().st_ino, published.stat().st_mtime_ns) == (stat_before.st_ino, stat_before.st_mtime_ns)
    assert {p.name: p.stat().st_mtime_ns for p in (data / "exports").iterdir()} == exports_before


ANALYST = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
stop = sys.argv[2]
while True:
    try:
        row = con.execute("SELECT (SELECT value FROM build_info WHERE key = 'built_at'), count(*) FROM reports").fetchone()
        print("ok", row[0], row[1], flush=True)
    except Exception as exc:
        print("error", type(exc).__name__, exc, flush=True)
    if __import__("os").path.exists(stop):
        break
    time.sleep(0.05)
"""


def test_analysts_connection_survives_a_rebuild_of_a_chosen_source(
    first_run: dg.ExecuteInProcessResult, definitions: dg.Definitions, instance: dg.DagsterInstance,
    settings: ZfxxgkSettings, portal: DemoPortal, tmp_path: Path,
) -> None:
    data = settings.data_path()
    published = warehouse_path(data)
    old_inode = published.stat().st_ino
    stop = tmp_path / "stop"
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(published), str(stop)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first_line = analyst.stdout.readline()  # type: ignore[union-attr]
        assert first_line.startswith("ok"), first_line
        page = sorted(g.page_url for g in portal.golden["demo-trs-ministry"])[0]
        portal.republish(page)
        result = materialize(definitions, instance, settings, sources=["demo-trs-ministry"])
        assert result.success
        crawls, others = metadata(result)
        assert set(crawls) == {"demo-trs-ministry"}  # a backfill of one chosen source
        assert others["parsed_reports"]["parsed_now"] >= 1 and others["published_warehouse"]["changed"]
    finally:
        stop.touch()
        output, _ = analyst.communicate(timeout=60)
    lines = [first_line.strip(), *output.splitlines()]
    assert len(lines) > 3 and all(line.startswith("ok") for line in lines), lines[:5]
    assert len({line for line in lines}) == 1  # the analyst kept reading the warehouse it opened
    assert published.stat().st_ino != old_inode
    with steps.read_only(published) as con:
        built, reports = con.execute(
            "SELECT (SELECT value FROM build_info WHERE key = 'built_at'), count(*) FROM reports").fetchone()
    assert reports > int(lines[0].split()[-1])  # a new connection sees the new version of the report


def test_duplicate_agency_year_blocks_the_marts_and_publication(
    first_run: dg.ExecuteInProcessResult, definitions: dg.Definitions, settings: ZfxxgkSettings,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(settings.data_path(), data)
    copy = ZfxxgkSettings(data_dir=str(data), sources=settings.sources, **FAST)
    original = build.fill_schema

    def with_a_duplicate(con: Any, *args: Any, **kwargs: Any) -> None:
        original(con, *args, **kwargs)
        con.execute("INSERT INTO reports SELECT * FROM reports WHERE is_current LIMIT 1")

    monkeypatch.setattr(build, "fill_schema", with_a_duplicate)
    published = warehouse_path(data)
    before = published.stat()
    downstream = dg.AssetSelection.all() - dg.AssetSelection.assets("raw_documents")
    with dg.instance_for_test() as instance:
        result = materialize(definitions, instance, copy, selection=downstream,
                             run_config={"ops": {"warehouse_tables": {"config": {"force": True}}}})
    assert not result.success
    check = checks_by_name(result)["one_report_per_agency_year"]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert "duplicates" in check.metadata
    _, others = metadata(result)
    assert "warehouse/reports" in others and not set(others) & {*MART_MODELS, "published_warehouse"}
    assert (published.stat().st_ino, published.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert list((data / "build").glob("*.duckdb"))  # the rejected build is kept for a look


def test_a_mart_alone_is_a_no_op_when_current_and_refused_when_stale(
    first_run: dg.ExecuteInProcessResult, definitions: dg.Definitions, settings: ZfxxgkSettings, tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(settings.data_path(), data, ignore=shutil.ignore_patterns("build"))
    copy = ZfxxgkSettings(data_dir=str(data), sources=settings.sources)
    with dg.instance_for_test() as instance:
        result = materialize(definitions, instance, copy, selection=dg.AssetSelection.assets("mart_region_fees"))
        assert result.success and metadata(result)[1]["mart_region_fees"]["changed"] is False
        (data / "ingest_log.jsonl").write_text('{"path": "/elsewhere"}\n', encoding="utf-8")  # inputs change
        result = materialize(definitions, instance, copy, selection=dg.AssetSelection.assets("mart_region_fees"))
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert "materialize mart_region_fees together with the warehouse tables" in failure.step_failure_data.error.to_string()


def test_demo_dagster_home_gets_the_repository_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.cli.demo_cmd import REPO, dagster_home

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    home = dagster_home()
    assert home == (tmp_path / ".dagster").resolve() and os.environ["DAGSTER_HOME"] == str(home)
    assert (home / "dagster.yaml").read_text() == (REPO / "dagster.yaml").read_text()
