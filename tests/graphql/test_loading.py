"""DataLoaders over a ValueCache: primed values are read at once, loaded like any other."""

from __future__ import annotations

import asyncio
import contextvars

import pytest
from strawberry.dataloader import DataLoader

from shopdb_gql.graphql.context import current_loaders, use_loaders
from shopdb_gql.graphql.loading import (
    NotLoaded,
    ValueCache,
    converted_now,
    load_now,
    now_or_later,
    peek,
    prime_values,
    value_loader,
)


def make() -> tuple[list[list[int]], ValueCache[int, str], DataLoader[int, str]]:
    calls: list[list[int]] = []

    async def load(keys: list[int]) -> list[str]:
        calls.append(list(keys))
        return [f"loaded {k}" for k in keys]

    loader = value_loader(load)
    assert isinstance(loader.cache_map, ValueCache)
    return calls, loader.cache_map, loader


def test_primed_values_are_peeked_without_futures_and_loaded_without_a_batch() -> None:
    async def run() -> None:
        calls, cache, loader = make()
        prime_values(loader, {1: "one", 2: "two"})
        assert cache.futures == {}  # no future per primed value
        assert peek(loader, 1) == "one"
        assert now_or_later(loader, 2, str.upper) == "TWO"
        assert await loader.load(2) == "two"
        assert await loader.load(3) == "loaded 3"
        assert calls == [[3]]  # only the key nobody primed was fetched
        with pytest.raises(NotLoaded):
            peek(loader, 4)
    asyncio.run(run())


def test_priming_keeps_what_is_loaded_and_answers_a_waiting_batch() -> None:
    async def run() -> None:
        calls, cache, loader = make()
        assert await loader.load(1) == "loaded 1"
        prime_values(loader, {1: "primed 1"})
        assert peek(loader, 1) == "loaded 1"
        waiting = loader.load(5)
        prime_values(loader, {5: "primed 5"})
        assert await waiting == "primed 5"
        assert calls == [[1]]  # the waiting batch lost its key to the primed value
        cache.clear()
        with pytest.raises(NotLoaded):  # a cleared cache does not answer
            peek(loader, 1)
    asyncio.run(run())


def test_load_now_fetches_what_is_missing_in_one_call_without_futures() -> None:
    async def run() -> None:
        calls, cache, loader = make()
        prime_values(loader, {1: "one"})
        assert await loader.load(2) == "loaded 2"
        waiting = loader.load(7)  # loading when load_now is asked for it too
        assert await load_now(loader, [1, 2, 3, 4, 3, 7]) == [
            "one", "loaded 2", "loaded 3", "loaded 4", "loaded 3", "loaded 7"]
        assert await waiting == "loaded 7"
        assert calls == [[2], [3, 4], [7]]  # 1 primed, 2 loaded: only 3 and 4 fetched now
        assert await load_now(loader, [3, 4, 5]) == ["loaded 3", "loaded 4", "loaded 5"]
        assert calls == [[2], [3, 4], [7], [5]]
        # No batch waiting this time: kept as a plain value, no future made for it.
        assert 5 not in cache.futures and cache.values[5] == "loaded 5"
    asyncio.run(run())


def test_a_value_is_converted_once_per_key_until_the_cache_forgets_it() -> None:
    async def run() -> None:
        _, _, loader = make()
        made: list[str] = []

        def convert(value: str) -> list[str]:
            made.append(value)
            return [value]

        prime_values(loader, {1: "one"})
        first = now_or_later(loader, 1, convert)
        assert first == ["one"] and now_or_later(loader, 1, convert) is first
        assert await now_or_later(loader, 2, convert) == ["loaded 2"]  # type: ignore[misc]
        assert now_or_later(loader, 2, convert) == ["loaded 2"]
        assert made == ["one", "loaded 2", "loaded 2"]  # loaded later: converted when peeked
        loader.clear(1)
        prime_values(loader, {1: "uno"})
        assert now_or_later(loader, 1, convert) == ["uno"]
    asyncio.run(run())


def test_converted_now_shares_one_conversion_per_key_also_of_none() -> None:
    """What ``converted_now`` made of a key is shared by every reader of it in the request
    (one map position per location for a page's assets), a conversion to None included;
    a key not loaded yet raises NotLoaded and is converted once it is."""
    _, _, loader = make()
    made: list[str] = []

    def convert(value: str) -> list[str] | None:
        made.append(value)
        return None if value == "none" else [value]

    prime_values(loader, {1: "one", 2: "none"})
    first = converted_now(loader, 1, convert)
    assert converted_now(loader, 1, convert) is first
    assert converted_now(loader, 2, convert) is None and converted_now(loader, 2, convert) is None
    with pytest.raises(NotLoaded):
        converted_now(loader, 3, convert)
    asyncio.run(load_now(loader, [3]))
    assert converted_now(loader, 3, convert) == ["loaded 3"]
    assert made == ["one", "none", "loaded 3"]


def test_current_loaders_are_the_executing_operations() -> None:
    """``current_loaders()`` answers in the task that executes an operation (and the tasks
    it starts), and says so clearly anywhere else."""
    first, second = object(), object()

    async def operation(loaders: object) -> list[object]:
        use_loaders(loaders)  # type: ignore[arg-type]
        await asyncio.sleep(0)
        seen: list[object] = [current_loaders()]
        seen.append(await asyncio.create_task(_read()))  # a task it starts sees them too
        return seen

    async def both() -> list[list[object]]:
        return list(await asyncio.gather(operation(first), operation(second)))

    assert asyncio.run(both()) == [[first, first], [second, second]]
    with pytest.raises(RuntimeError, match="no GraphQL operation is being executed"):
        contextvars.Context().run(current_loaders)


async def _read() -> object:
    return current_loaders()
