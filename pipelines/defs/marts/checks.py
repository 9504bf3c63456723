"""Checks on the marts: every current report placed in a division (a warning: the unresolved ones are
listed in ``dq_unresolved_agencies`` for a person to look at, and counted on the 'unresolved' rows)."""

import dagster as dg

from pipelines.defs.common import check_result
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.steps import checks
from pipelines.defs.steps import warehouse as steps


@dg.asset_check(asset=dg.AssetKey("mart_data_quality"), name="no_regionless_reports",
                additional_deps=[dg.AssetKey("dq_unresolved_agencies")],
                description="No current report is left out of the region marts for want of a division.")
def no_regionless_reports(context: dg.AssetCheckExecutionContext, zfxxgk: ZfxxgkSettings) -> dg.AssetCheckResult:
    with steps.read_only(steps.current_path(zfxxgk.data_path(), context.run.run_id)) as con:
        return check_result(checks.regionless_reports(con), dg.AssetCheckSeverity.WARN)
