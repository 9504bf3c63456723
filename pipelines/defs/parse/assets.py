"""``parsed_reports``: every stored document parsed once per parser version, outcomes in the parse cache."""

import dagster as dg

from pipelines.defs.common import SINGLE_RUN
from pipelines.defs.crawl.assets import raw_documents
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.warehouse import parse_pending
from pipelines.warehouse.parsing import default_parser


@dg.asset(
    group_name="parse",
    deps=[raw_documents],
    backfill_policy=SINGLE_RUN,
    retry_policy=dg.RetryPolicy(max_retries=1, delay=30),
    kinds={"python", "parquet"},
)
def parsed_reports(context: dg.AssetExecutionContext, zfxxgk: ZfxxgkSettings) -> dg.MaterializeResult:
    """Documents new or changed since the last run (a new sha256 or hint) parsed into
    ``DIR/parsed/<parser version>``; the rest reused from the cache, keyed by sha256 and parser version."""
    parser = default_parser()
    result = parse_pending(zfxxgk.data_path(), workers=zfxxgk.parse_workers or None, parser=parser)
    context.log.info(f"parsed {result.parsed}, failed {result.failed}, reused {result.reused} "
                     f"(parser {parser.version}) in {result.seconds:.1f} s")
    return dg.MaterializeResult(metadata={
        "documents": result.pending + result.reused,
        "parsed_now": result.parsed,
        "failed_now": result.failed,
        "reused_from_cache": result.reused,
        "parser_version": parser.version,
        "seconds": round(result.seconds, 2),
    })
