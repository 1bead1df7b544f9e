"""Stopping a runtime lets its background rounds finish instead of cutting a query in two.

Cancelled in the middle of a query, a MariaDB connection is left half read and the pool logs
an error when it cannot reset it (seen once at shutdown in tests/deploy under load).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from shopdb_gql.runtime import Runtime
from tests import harness


def test_stop_lets_the_schema_poll_finish_its_round(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'stop.sqlite3'}"
    settings = harness.test_settings(url, schema_poll_seconds=0.05)
    harness.prepare(settings)

    async def run() -> list[str]:
        runtime = Runtime(settings)
        await runtime.start()
        events: list[str] = []
        polling = asyncio.Event()
        reload = runtime.reload

        async def slow_reload() -> bool:
            polling.set()
            events.append("round started")
            await asyncio.sleep(0.3)  # a query in flight
            events.append("round finished")
            return await reload()

        runtime.reload = slow_reload  # type: ignore[method-assign]
        await asyncio.wait_for(polling.wait(), 5)
        await runtime.stop()
        events.append("stopped")
        return events

    assert asyncio.run(run()) == ["round started", "round finished", "stopped"]
