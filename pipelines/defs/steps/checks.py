"""The queries behind the asset checks; each returns an ``Outcome`` the Dagster layer turns into a result.

Warehouse checks take an open connection (to the run's build file, or the published warehouse); crawl
checks take the crawl log's entries, so both are tested on hand-made inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import duckdb

from pipelines.warehouse.build import relation_names

BLOCKED = ("blocked:challenge", "blocked:forbidden", "throttled")
#: Outcomes that are not a request to the host (decided locally), left out of the blocked share.
NOT_FETCHED = ("disallowed", "skipped:offsite")


@dataclass
class Outcome:
    passed: bool
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]], limit: int = 20) -> str:
    rows = list(rows)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows[:limit]:
        lines.append("| " + " | ".join("" if v is None else str(v).replace("|", "\\|") for v in row) + " |")
    if len(rows) > limit:
        lines.append(f"\n… and {len(rows) - limit} more")
    return "\n".join(lines)


def accounting_identities(con: duckdb.DuckDBPyConnection) -> Outcome:
    """Current reports whose printed figures break an identity of the form (勾稽关系)."""
    rows = con.execute(
        """
        SELECT r.agency, r.year, c.rule, c.detail, r.origin
        FROM report_checks c JOIN reports r USING (sha256)
        WHERE r.is_current AND c.ok = false
        ORDER BY r.agency, r.year, c.rule
        """
    ).fetchall()
    checked = con.execute(
        "SELECT count(*) FROM report_checks c JOIN reports r USING (sha256) WHERE r.is_current AND c.ok IS NOT NULL"
    ).fetchone()[0]
    reports = sorted({(agency, year) for agency, year, *_ in rows}, key=str)
    metadata: dict[str, Any] = {"identities_checked": checked, "identities_failed": len(rows),
                                "reports_failing": len(reports)}
    if rows:
        metadata["failures"] = markdown_table(("agency", "year", "rule", "detail"), [r[:4] for r in rows])
    description = (f"{len(rows)} identities fail in {len(reports)} current report(s): kept as printed"
                   if rows else f"all {checked} checked identities hold")
    return Outcome(not rows, description, metadata)


def duplicate_agency_years(con: duckdb.DuckDBPyConnection) -> Outcome:
    """More than one current report for one agency and year: the marts would count it twice."""
    rows = con.execute(
        """
        SELECT agency_id, any_value(agency) AS agency, year, count(*) AS current_reports
        FROM reports
        WHERE is_current
        GROUP BY agency_id, year
        HAVING count(*) > 1
        ORDER BY agency_id, year
        """
    ).fetchall()
    current = con.execute("SELECT count(*) FROM reports WHERE is_current").fetchone()[0]
    metadata: dict[str, Any] = {"current_reports": current, "duplicate_agency_years": len(rows)}
    if rows:
        metadata["duplicates"] = markdown_table(("agency_id", "agency", "year", "current reports"), rows)
    description = (f"{len(rows)} agency-year(s) have more than one current report" if rows
                   else f"{current} current reports, one per agency and year")
    return Outcome(not rows, description, metadata)


def regionless_reports(con: duckdb.DuckDBPyConnection) -> Outcome:
    """Current reports the marts cannot place in a division (counted only on the 'unresolved' rows)."""
    unresolved = con.execute(
        "SELECT coalesce(sum(reports), 0) FROM mart_data_quality WHERE level = 'unresolved'"
    ).fetchone()[0]
    agencies: list[tuple[Any, ...]] = []
    if "dq_unresolved_agencies" in relation_names(con):
        agencies = con.execute(
            "SELECT name, region_status, region_reason, current_reports FROM dq_unresolved_agencies "
            "WHERE current_reports > 0 ORDER BY current_reports DESC, name"
        ).fetchall()
    metadata: dict[str, Any] = {"regionless_reports": int(unresolved), "unresolved_agencies": len(agencies)}
    if agencies:
        metadata["agencies"] = markdown_table(("agency", "status", "reason", "current reports"), agencies)
    description = (f"{unresolved} current report(s) have no division: left out of the region marts"
                   if unresolved else "every current report is placed in a division")
    return Outcome(not unresolved, description, metadata)


def _parse_time(text: Any) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def last_successful_crawls(entries: Iterable[dict[str, Any]]) -> dict[str, datetime]:
    """Per source, when a column list page last answered (200 or 304): the crawl reached the portal."""
    last: dict[str, datetime] = {}
    for entry in entries:
        if entry.get("kind") != "list" or entry.get("classification") not in ("ok", "not_modified"):
            continue
        when = _parse_time(entry.get("fetched_at"))
        source = entry.get("source")
        if when is not None and source and (source not in last or when > last[source]):
            last[source] = when
    return last


def crawl_freshness(entries: Iterable[dict[str, Any]], source_ids: Sequence[str], *, now: datetime,
                    max_age: timedelta) -> Outcome:
    """Every source crawled successfully within ``max_age`` of ``now``."""
    last = last_successful_crawls(entries)
    rows, stale = [], []
    for source_id in source_ids:
        when = last.get(source_id)
        age = (now - when).total_seconds() / 3600 if when else None
        rows.append((source_id, when.isoformat(timespec="seconds") if when else "never",
                     f"{age:.1f}" if age is not None else ""))
        if when is None or now - when > max_age:
            stale.append(source_id)
    hours = max_age.total_seconds() / 3600
    metadata: dict[str, Any] = {"sources": len(source_ids), "stale_sources": len(stale),
                                "max_age_hours": hours,
                                "last_success": markdown_table(("source", "last successful crawl (UTC)", "age (h)"),
                                                               rows, limit=200)}
    if stale:
        metadata["stale"] = ", ".join(stale)
    description = (f"{len(stale)} of {len(source_ids)} source(s) not crawled successfully in {hours:g} h: "
                   + ", ".join(stale[:10]) if stale else f"all {len(source_ids)} source(s) crawled within {hours:g} h")
    return Outcome(not stale, description, metadata)


def host_block_shares(entries: Iterable[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per host (netloc), (blocked, requests) over each source's latest crawl run; robots.txt not counted
    (WAFs serve it to everyone)."""
    entries = list(entries)
    latest_run: dict[str, str] = {}
    for entry in entries:
        source, run = entry.get("source"), entry.get("run_id")
        if source and run and run > latest_run.get(source, ""):
            latest_run[source] = run
    shares: dict[str, list[int]] = {}
    for entry in entries:
        source = entry.get("source")
        if not source or entry.get("run_id") != latest_run.get(source):
            continue
        cls = entry.get("classification")
        if cls in NOT_FETCHED or entry.get("kind") == "robots":
            continue
        host = urlsplit(entry.get("url") or "").netloc
        counts = shares.setdefault(host, [0, 0])
        counts[1] += 1
        counts[0] += cls in BLOCKED
    return {host: (b, n) for host, (b, n) in shares.items()}


def blocked_share(entries: Iterable[dict[str, Any]], *, max_share: float) -> Outcome:
    """No host refuses more than ``max_share`` of the requests of the latest crawl."""
    shares = host_block_shares(entries)
    rows = sorted(((h, b, n, b / n) for h, (b, n) in shares.items() if n), key=lambda r: (-r[3], r[0]))
    over = [r for r in rows if r[3] > max_share]
    metadata: dict[str, Any] = {
        "hosts": len(rows), "hosts_over_limit": len(over), "max_share": max_share,
        "blocked_hosts": ", ".join(r[0] for r in over) or "none",
        "shares": markdown_table(("host", "blocked", "requests", "share"),
                                 [(h, b, n, f"{s:.0%}") for h, b, n, s in rows], limit=200),
    }
    description = (f"{len(over)} host(s) block more than {max_share:.0%} of requests: "
                   + ", ".join(r[0] for r in over[:10]) if over else f"no host blocks more than {max_share:.0%}")
    return Outcome(not over, description, metadata)
