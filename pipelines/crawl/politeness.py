"""Per-host politeness: at most N requests in flight per host and a minimum spacing between them.

The gates live in one process-wide registry guarded by a thread lock, so sources that share a host keep
to one budget even when crawled from different threads or event loops of the same process. Across
processes (several Dagster runs at once) it is the Dagster pool's job to keep one crawl per host.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

_MAX_NAP = 1.0  # a waiter looks again at least this often, whatever it was told


@dataclass
class _HostState:
    inflight: int = 0
    next_start: float = 0.0  # monotonic time before which no request may start
    backoff_until: float = 0.0
    waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = field(default_factory=list)


class HostGates:
    """One gate per host (netloc, port included)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _HostState()
        return state

    @asynccontextmanager
    async def slot(self, host: str, *, min_delay: float, concurrency: int) -> AsyncIterator[None]:
        """Wait until a request to ``host`` may start, hold the slot while it runs, then space the next.

        A waiter sleeps until the spacing allows, or until a slot is released (woken through its own
        event loop, so gates work across threads), never polling.
        """
        loop = asyncio.get_running_loop()
        while True:
            with self._lock:
                state = self._state(host)
                now = time.monotonic()
                ready_at = max(state.next_start, state.backoff_until)
                if state.inflight < max(1, concurrency) and now >= ready_at:
                    state.inflight += 1
                    state.next_start = max(state.next_start, now + min_delay)
                    break
                nap = ready_at - now if now < ready_at else _MAX_NAP
                woken: asyncio.Future[None] = loop.create_future()
                state.waiters.append((loop, woken))
            try:
                await asyncio.wait_for(woken, timeout=min(max(nap, 0.001), _MAX_NAP))
            except TimeoutError:
                pass
            finally:
                with self._lock:
                    if (loop, woken) in state.waiters:
                        state.waiters.remove((loop, woken))
        try:
            yield
        finally:
            with self._lock:
                state = self._state(host)
                state.inflight -= 1
                state.next_start = max(state.next_start, time.monotonic() + min_delay)
                waiters, state.waiters = state.waiters, []
            for waiter_loop, future in waiters:
                waiter_loop.call_soon_threadsafe(_wake, future)

    def back_off(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts for ``seconds`` (a throttle, a block, a Retry-After)."""
        with self._lock:
            state = self._state(host)
            state.backoff_until = max(state.backoff_until, time.monotonic() + seconds)


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


#: The process-wide registry every crawl uses.
GATES = HostGates()
