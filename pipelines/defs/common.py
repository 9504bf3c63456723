"""Small pieces shared by the stage folders: the writer pool and turning a check outcome into a result."""

import dagster as dg

from pipelines.defs.steps.checks import Outcome

#: One DuckDB writer at a time, across runs (``concurrency: pools: default_limit: 1`` in dagster.yaml).
WRITER_POOL = "warehouse_writer"

#: On every asset, partitioned or not: a range of sources and everything downstream is one run, also from
#: the CLI (``dagster asset materialize --select 'raw_documents*' --partition-range A...B`` needs it on each).
SINGLE_RUN = dg.BackfillPolicy.single_run()


def check_result(outcome: Outcome, severity: dg.AssetCheckSeverity) -> dg.AssetCheckResult:
    """An ``Outcome`` of ``pipelines.defs.steps.checks`` as Dagster's result."""
    return dg.AssetCheckResult(passed=outcome.passed, severity=severity, description=outcome.description,
                               metadata=outcome.metadata)
