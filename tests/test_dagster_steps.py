"""The plain functions behind the Dagster assets and checks, without Dagster: host pools and groups, the
registry sync, the check queries on hand-made inputs, the content fingerprint, the SQL lineage."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from pipelines.crawl import Source
from pipelines.defs.steps import checks
from pipelines.defs.steps import warehouse as steps
from pipelines.defs.steps.crawl import host_groups, partition_changes, pool_name, source_pools
from pipelines.warehouse.build import inputs_fingerprint
from pipelines.warehouse.models import MART_MODELS


def source(source_id: str, *urls: str) -> Source:
    return Source(id=source_id, urls=tuple(urls))


def test_pool_names_and_host_groups() -> None:
    assert pool_name("127.0.0.1:8001") == "host_127_0_0_1_8001"
    assert pool_name("WWW.Gov.CN") == "host_www_gov_cn"
    a = source("a", "http://x.gov.cn/1/")
    b = source("b", "http://y.gov.cn/1/", "http://z.gov.cn/1/")
    c = source("c", "http://x.gov.cn/2/")
    d = source("d", "http://z.gov.cn/2/")
    e = source("e", "http://w.gov.cn/")
    assert source_pools(b) == ("host_y_gov_cn", "host_z_gov_cn")
    groups = [[s.id for s in group] for group in host_groups([a, b, c, d, e])]
    assert groups == [["a", "c"], ["b", "d"], ["e"]]  # sharing a host, even through another source


def test_partition_changes_follow_the_registry() -> None:
    assert partition_changes([], ["a", "b"]) == (["a", "b"], [])
    assert partition_changes(["a", "b"], ["b", "c"]) == (["c"], ["a"])
    assert partition_changes(["a"], ["a"]) == ([], [])


def entry(source_id: str, kind: str, classification: str, fetched_at: str, url: str, run_id: str = "r1",
          **extra: object) -> dict:
    return {"source": source_id, "kind": kind, "classification": classification, "fetched_at": fetched_at,
            "url": url, "run_id": run_id, **extra}


def test_crawl_freshness_counts_a_list_page_that_answered() -> None:
    now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    entries = [
        entry("fresh", "list", "not_modified", "2026-03-01T18:00:00Z", "http://a/"),
        entry("old", "list", "ok", "2026-02-27T18:00:00Z", "http://b/"),
        entry("old", "list", "blocked:challenge", "2026-03-01T18:00:00Z", "http://b/"),  # blocked: not success
        entry("blocked", "list", "blocked:forbidden", "2026-03-01T18:00:00Z", "http://c/"),
    ]
    outcome = checks.crawl_freshness(entries, ["fresh", "old", "blocked", "never"], now=now,
                                     max_age=timedelta(hours=36))
    assert not outcome.passed
    assert outcome.metadata["stale"] == "old, blocked, never"
    assert checks.crawl_freshness(entries[:1], ["fresh"], now=now, max_age=timedelta(hours=36)).passed


def test_blocked_share_per_host_over_the_latest_run() -> None:
    entries = [
        entry("s", "robots", "ok", "2026-03-01T00:00:00Z", "http://waf/robots.txt", "r2"),
        entry("s", "list", "blocked:challenge", "2026-03-01T00:00:01Z", "http://waf/list", "r2"),
        entry("s", "list", "ok", "2026-02-01T00:00:01Z", "http://waf/list", "r1"),  # an older run: not counted
        entry("t", "list", "ok", "2026-03-01T00:00:01Z", "http://fine/list", "r2"),
        entry("t", "report", "throttled", "2026-03-01T00:00:02Z", "http://fine/r1", "r2"),
        entry("t", "report", "ok", "2026-03-01T00:00:03Z", "http://fine/r2", "r2"),
        entry("t", "report", "disallowed", "2026-03-01T00:00:03Z", "http://fine/r3", "r2"),
    ]
    assert checks.host_block_shares(entries) == {"waf": (1, 1), "fine": (1, 3)}
    outcome = checks.blocked_share(entries, max_share=0.5)
    assert not outcome.passed and outcome.metadata["blocked_hosts"] == "waf"
    assert checks.blocked_share(entries[3:], max_share=0.5).passed


def tiny_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("""
        CREATE TABLE reports AS SELECT * FROM (VALUES
            ('s1', 'A局', 'a', 2024, true, 'http://x/1'),
            ('s2', 'B局', 'b', 2024, true, 'http://x/2'),
            ('s3', 'B局', 'b', 2023, false, 'http://x/3')
        ) t(sha256, agency, agency_id, year, is_current, origin);
        CREATE TABLE report_checks AS SELECT * FROM (VALUES
            ('s1', 'parser', 'apply balance, column total', true, '1 + 1 = 2'),
            ('s2', 'parser', 'apply balance, column total', false, '1 + 1 = 3'),
            ('s2', 'parser', 'apply outcomes sum', CAST(NULL AS BOOLEAN), 'blank'),
            ('s3', 'parser', 'apply balance, column total', false, 'old version: not counted')
        ) t(sha256, source, rule, ok, detail);
        CREATE TABLE mart_data_quality AS SELECT * FROM (VALUES ('province', 2), ('unresolved', 0)) t(level, reports);
    """)
    return con


def test_warehouse_checks_on_a_broken_report_and_a_duplicate(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "w.duckdb")
    identities = checks.accounting_identities(con)
    assert not identities.passed and identities.metadata["identities_failed"] == 1
    assert identities.metadata["identities_checked"] == 2 and "B局" in identities.metadata["failures"]
    assert checks.duplicate_agency_years(con).passed
    con.execute("INSERT INTO reports VALUES ('s4', 'B局', 'b', 2024, true, 'http://x/4')")
    duplicate = checks.duplicate_agency_years(con)
    assert not duplicate.passed and duplicate.metadata["duplicate_agency_years"] == 1
    assert checks.regionless_reports(con).passed
    con.execute("""
        UPDATE mart_data_quality SET reports = 1 WHERE level = 'unresolved';
        CREATE VIEW dq_unresolved_agencies AS  -- a view, as the warehouse has it
            SELECT 'C局' AS name, 'unresolved' AS region_status, 'no match' AS region_reason, 1 AS current_reports;
    """)
    regionless = checks.regionless_reports(con)
    assert not regionless.passed and "C局" in regionless.metadata["agencies"]


def test_content_fingerprint_ignores_reconfirmations_not_changes(tmp_path: Path) -> None:
    log = tmp_path / "crawl_log"
    log.mkdir()
    first = [entry("s", "report", "ok", "2026-03-01T00:00:00Z", "http://a/r", "r1", sha256="aa"),
             entry("s", "list", "ok", "2026-03-01T00:00:00Z", "http://a/", "r1")]
    (log / "r1-s.jsonl").write_text("".join(json.dumps(e) + "\n" for e in first))
    before = inputs_fingerprint(tmp_path, "v1")
    again = [entry("s", "report", "not_modified", "2026-03-02T00:00:00Z", "http://a/r", "r2"),
             entry("s", "report", "ok", "2026-03-02T00:00:01Z", "http://a/r", "r2", sha256="aa"),
             entry("s", "list", "ok", "2026-03-02T00:00:00Z", "http://a/", "r2")]
    (log / "r2-s.jsonl").write_text("".join(json.dumps(e) + "\n" for e in again))
    assert inputs_fingerprint(tmp_path, "v1") == before  # 304s and the same bytes again
    assert inputs_fingerprint(tmp_path, "v2") != before  # a new parser version
    changed = [entry("s", "report", "ok", "2026-03-03T00:00:00Z", "http://a/r", "r3", sha256="bb")]
    (log / "r3-s.jsonl").write_text("".join(json.dumps(e) + "\n" for e in changed))
    assert inputs_fingerprint(tmp_path, "v1") != before  # a new version of the report


def test_mart_lineage_from_the_sql() -> None:
    marts = {m.name: m for m in steps.mart_objects()}
    assert list(marts) == list(MART_MODELS)
    assert {"mart_region_applications", "mart_region_fees", "mart_region_litigation"} <= set(
        marts["mart_region_comparison"].reads)
    tables = {t.name: t for t in steps.warehouse_objects()}
    assert {"documents", "reports", "report_checks", "dim_agency"} <= set(tables)
    assert "report_outcomes" not in tables  # a temporary table is not an asset
    assert "documents" in tables["reports"].reads or "dim_agency" in tables["reports"].reads
    assert all(m.description for m in marts.values())


def test_publish_moves_the_build_over_the_published_file(tmp_path: Path) -> None:
    build = steps.build_path(tmp_path, "run-1")
    build.parent.mkdir()
    con = duckdb.connect(str(build))
    con.execute("CREATE TABLE build_info AS SELECT 'fingerprint' AS key, 'f1' AS value")
    con.close()
    published = steps.publish(tmp_path, "run-1")
    assert published.changed and published.fingerprint == "f1" and not build.exists()
    assert steps.stored_fingerprint(tmp_path / "warehouse.duckdb") == "f1"
    again = steps.publish(tmp_path, "run-1")  # nothing built in this run: nothing to do
    assert not again.changed and again.fingerprint == "f1"
