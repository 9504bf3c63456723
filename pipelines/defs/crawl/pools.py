"""Holding a Dagster pool chosen at run time: the pool of each host a crawl is about to touch.

A ``pool=`` on an asset is fixed when the asset is defined, but the host of a ``raw_documents`` partition is
only known from the registry. So the crawl step claims ``host_<host>`` slots itself through the instance's
concurrency API — the same one the executor uses for static pools, with the default limit from
``dagster.yaml`` (``concurrency: pools: default_limit: 1``) — and frees them when the host's crawl ends.
The slots show in the UI's pools page under the run and a ``<step>[<pool>]`` key; run monitoring frees them
if the run dies. On an instance without pool limits the claim is a no-op.
"""

import contextlib
import time
from collections.abc import Iterator, Sequence

import dagster as dg
from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext

MAX_POLL_SECONDS = 10.0


@contextlib.contextmanager
def hold_pools(context: dg.AssetExecutionContext, pools: Sequence[str]) -> Iterator[None]:
    """Block until this step holds a slot of every pool in ``pools`` (taken in sorted order: no deadlock)."""
    step_key = context.get_step_execution_context().step.key
    with InstanceConcurrencyContext(context.instance, context.run) as slots:
        held: list[str] = []
        try:
            for pool in sorted(set(pools)):
                key = f"{step_key}[{pool}]"
                waited, pause = 0.0, 0.5
                while not slots.claim(pool, key):
                    if waited == 0.0:
                        context.log.info(f"waiting for pool {pool}: another run is crawling that host")
                    time.sleep(pause)
                    waited += pause
                    pause = min(MAX_POLL_SECONDS, pause * 1.5)
                held.append(key)
            yield
        finally:
            for key in held:
                slots.free_step(key)
