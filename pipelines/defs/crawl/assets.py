"""``raw_documents``: the registry's sources crawled into the raw store and the crawl log, one partition each.

Partitions are the source ids (kept in step with the registry by ``sources_sensor``). The single-run
backfill policy lets one run crawl many sources at once — the nightly run takes them all — with each host
group under its ``host_<host>`` pool; a run for one source (``--partition ID``) works the same way.
"""

import dagster as dg

from pipelines.defs.common import SINGLE_RUN
from pipelines.defs.crawl.pools import hold_pools
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.steps.crawl import SourceCrawl, crawl_metadata, crawl_sources, source_pools

sources_partitions = dg.DynamicPartitionsDefinition(name="sources")


@dg.asset(
    group_name="crawl",
    partitions_def=sources_partitions,
    backfill_policy=SINGLE_RUN,
    retry_policy=dg.RetryPolicy(max_retries=2, delay=60, backoff=dg.Backoff.EXPONENTIAL),
    kinds={"python", "http"},
)
def raw_documents(context: dg.AssetExecutionContext, zfxxgk: ZfxxgkSettings) -> None:
    """Every annual report of each selected source, fetched politely (conditional GETs for known bodies)
    into ``DIR/raw``; one line per fetch in ``DIR/crawl_log``."""
    registry = {s.id: s for s in zfxxgk.registry()}
    keys = list(context.partition_keys)
    missing = [k for k in keys if k not in registry]
    for key in missing:
        context.log.warning(f"source {key!r} is no longer in the registry: nothing crawled")
        context.add_asset_metadata({"in_registry": False}, partition_key=key)
    sources = [registry[k] for k in keys if k in registry]
    context.log.info(f"crawling {len(sources)} source(s) into {zfxxgk.data_path()}")

    def done(outcome: SourceCrawl) -> None:
        if outcome.result is None:
            context.log.error(f"{outcome.source_id}: crawl failed: {outcome.error}")
            return
        meta = crawl_metadata(outcome.result)
        context.log.info(f"{outcome.source_id}: {meta['reports_found']} reports, {meta['fetched']} fetched, "
                         f"{meta['not_modified']} not modified, {meta['blocked']} blocked")
        pools = ", ".join(source_pools(registry[outcome.source_id]))
        context.add_asset_metadata({**meta, "pools": pools}, partition_key=outcome.source_id)

    outcomes = crawl_sources(
        sources, zfxxgk.data_path(), politeness=zfxxgk.politeness(),
        hold=lambda pools: hold_pools(context, pools), threads=zfxxgk.crawl_threads, on_done=done,
    )
    failed = {sid: o.error for sid, o in outcomes.items() if o.error}
    if failed:
        raise dg.Failure(
            description=f"{len(failed)} source(s) could not be crawled: {', '.join(failed)}",
            metadata={sid: dg.MetadataValue.text(error or "") for sid, error in failed.items()},
        )
