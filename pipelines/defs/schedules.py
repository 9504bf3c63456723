"""The nightly refresh: one run at 02:00 Asia/Shanghai materializing the whole graph for every source.

``refresh`` is the whole asset graph with its checks; a run of it over a range of ``sources`` partitions
crawls those sources (all of them at night) and rebuilds everything downstream. Runs execute in process:
steps run one after another (the crawl and the parser are concurrent inside their step), which keeps one
DuckDB writer per run and no process start-up per step on a small machine.
"""

from collections.abc import Sequence
from datetime import datetime

import dagster as dg

from pipelines.defs.crawl.assets import sources_partitions

TIMEZONE = "Asia/Shanghai"
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"

refresh = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(include_sources=False),
    description="Crawl the selected sources, parse what is new, rebuild the warehouse and marts, publish, export.",
)


def refresh_request(source_ids: Sequence[str], when: datetime, *, prefix: str = "nightly") -> dg.RunRequest | dg.SkipReason:
    """The run of ``refresh`` over every source partition (one run: the crawl step takes a key range)."""
    if not source_ids:
        return dg.SkipReason("no sources: the registry is empty or sources_sensor has not run yet")
    stamp = when.strftime("%Y-%m-%d")  # the date where the schedule runs (its execution timezone)
    return dg.RunRequest(
        run_key=f"{prefix}-{stamp}",
        tags={RANGE_START: source_ids[0], RANGE_END: source_ids[-1], "zfxxgk/trigger": prefix,
              "zfxxgk/sources": str(len(source_ids))},
    )


@dg.schedule(
    name="nightly",
    job=refresh,
    cron_schedule="0 2 * * *",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="02:00 Asia/Shanghai: the whole graph for all sources.",
)
def nightly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    return refresh_request(context.instance.get_dynamic_partitions(sources_partitions.name),
                           context.scheduled_execution_time)


defs = dg.Definitions(jobs=[refresh], schedules=[nightly], executor=dg.in_process_executor)
