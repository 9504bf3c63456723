"""Checks on the crawl, read from the crawl log: freshness per source and refusals per host (warnings:
a portal that blocks us is news for the operator, not a reason to hold back the warehouse)."""

from datetime import UTC, datetime, timedelta

import dagster as dg

from pipelines.crawl import read_crawl_log
from pipelines.defs.common import check_result
from pipelines.defs.crawl.assets import raw_documents
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.steps import checks


@dg.asset_check(asset=raw_documents, name="crawl_freshness",
                description="The last successful crawl (a list page answered) of every source is recent "
                            "(36 h by default: one missed night is tolerated).")
def crawl_freshness(zfxxgk: ZfxxgkSettings) -> dg.AssetCheckResult:
    outcome = checks.crawl_freshness(
        read_crawl_log(zfxxgk.data_path()), [s.id for s in zfxxgk.registry()],
        now=datetime.now(UTC), max_age=timedelta(hours=zfxxgk.freshness_hours),
    )
    return check_result(outcome, dg.AssetCheckSeverity.WARN)


@dg.asset_check(asset=raw_documents, name="blocked_share",
                description="No host refuses (WAF challenge, 403, throttling) more than half of the requests "
                            "of its latest crawl.")
def blocked_share(zfxxgk: ZfxxgkSettings) -> dg.AssetCheckResult:
    outcome = checks.blocked_share(read_crawl_log(zfxxgk.data_path()), max_share=zfxxgk.max_blocked_share)
    return check_result(outcome, dg.AssetCheckSeverity.WARN)
