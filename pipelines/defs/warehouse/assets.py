"""The warehouse tables: every ``sql/warehouse`` model, built together into this run's build file.

One asset per table or view (``warehouse/<name>``), materialized by one step, since the models are built in
one pass from the logs and the parse cache. The step holds the ``warehouse_writer`` pool, and is a no-op
when the published warehouse already reflects the same documents and code (``changed: false``).
"""

import dagster as dg

from pipelines.defs.common import SINGLE_RUN, WRITER_POOL
from pipelines.defs.parse.assets import parsed_reports
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.steps import warehouse as steps

OBJECTS = steps.warehouse_objects()


def table_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["warehouse", name])


class WarehouseConfig(dg.Config):
    force: bool = False  # rebuild even when the published warehouse is current


@dg.multi_asset(
    name="warehouse_tables",
    specs=[
        dg.AssetSpec(table_key(o.name), description=o.description, group_name="warehouse",
                     deps=[parsed_reports, *(table_key(n) for n in o.reads)], kinds={"duckdb", o.kind},
                     metadata={"sql": dg.MetadataValue.path(str(o.path))})
        for o in OBJECTS
    ],
    pool=WRITER_POOL,
    can_subset=False,
    backfill_policy=SINGLE_RUN,
)
def warehouse_tables(context: dg.AssetExecutionContext, zfxxgk: ZfxxgkSettings, config: WarehouseConfig):
    """Build the tables (or find them current), then one materialization per table with its row count."""
    result = steps.build_tables(zfxxgk.data_path(), context.run.run_id, version=steps.parser_version(),
                                force=config.force)
    context.log.info(("built " if result.changed else "unchanged, kept ") + f"{result.path} "
                     f"in {result.seconds:.1f} s")
    for obj in OBJECTS:
        rows = result.rows.get(obj.name)
        yield dg.MaterializeResult(asset_key=table_key(obj.name), metadata={
            "dagster/row_count": rows if rows is not None else 0,
            "changed": result.changed,
            "path": dg.MetadataValue.path(str(result.path)),
            "fingerprint": result.fingerprint[:16],
        })
