"""Checks on the warehouse tables, run on this run's build file before any mart is built from it.

An accounting identity that fails is a warning: the printed report is what it is, and the facts keep its
figures. Two current reports for one agency and year is an error that blocks the marts and publication:
every region total would count that agency twice.
"""

import dagster as dg

from pipelines.defs.common import check_result
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.steps import checks
from pipelines.defs.steps import warehouse as steps
from pipelines.defs.warehouse.assets import table_key


@dg.asset_check(asset=table_key("report_checks"), name="accounting_identities",
                additional_deps=[table_key("reports")],
                description="Every accounting identity (勾稽关系) of every current report holds.")
def accounting_identities(context: dg.AssetCheckExecutionContext, zfxxgk: ZfxxgkSettings) -> dg.AssetCheckResult:
    with steps.read_only(steps.current_path(zfxxgk.data_path(), context.run.run_id)) as con:
        return check_result(checks.accounting_identities(con), dg.AssetCheckSeverity.WARN)


@dg.asset_check(asset=table_key("reports"), name="one_report_per_agency_year", blocking=True,
                description="At most one current report per agency and year (blocks the marts when not).")
def one_report_per_agency_year(context: dg.AssetCheckExecutionContext, zfxxgk: ZfxxgkSettings) -> dg.AssetCheckResult:
    with steps.read_only(steps.current_path(zfxxgk.data_path(), context.run.run_id)) as con:
        return check_result(checks.duplicate_agency_years(con), dg.AssetCheckSeverity.ERROR)
