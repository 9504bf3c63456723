"""``sources_sensor``: the ``sources`` partitions follow the registry (added, and removed when dropped)."""

import dagster as dg

from pipelines.defs.crawl.assets import raw_documents, sources_partitions
from pipelines.defs.resources import ZfxxgkSettings
from pipelines.defs.steps.crawl import partition_changes


@dg.sensor(
    name="sources_sensor",
    asset_selection=[raw_documents],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Keeps the raw_documents partitions equal to the source ids of the registry (ZFXXGK_SOURCES "
                "or sources/*.toml). Launches nothing: the nightly schedule crawls.",
)
def sources_sensor(context: dg.SensorEvaluationContext, zfxxgk: ZfxxgkSettings) -> dg.SensorResult:
    wanted = [s.id for s in zfxxgk.registry()]
    existing = context.instance.get_dynamic_partitions(sources_partitions.name)
    add, delete = partition_changes(existing, wanted)
    requests: list[dg.AddDynamicPartitionsRequest | dg.DeleteDynamicPartitionsRequest] = []
    if add:
        requests.append(sources_partitions.build_add_request(add))
    if delete:
        requests.append(sources_partitions.build_delete_request(delete))
    if add or delete:
        context.log.info(f"sources: +{len(add)} -{len(delete)} ({len(wanted)} in the registry)")
    return dg.SensorResult(dynamic_partitions_requests=requests)


def apply_partition_requests(instance: dg.DagsterInstance, result: dg.SensorResult) -> None:
    """Carry out a sensor result's partition requests, as the sensor daemon would (``zfxxgk demo``, tests)."""
    for request in result.dynamic_partitions_requests or []:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
