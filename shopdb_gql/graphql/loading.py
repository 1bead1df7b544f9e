"""Answering from a DataLoader's cache at once, when the value is already loaded.

An ``async`` resolver costs graphql-core a coroutine, a future and a task per node, which
for a page of 100 assets is most of the execution time. A resolver that returns either
the value (already in the loader's cache, e.g. prefetched with the page) or an awaitable
(not loaded yet) keeps the batching of DataLoaders and skips that cost when it can.
"""

from __future__ import annotations

from asyncio import Future, gather
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from strawberry.dataloader import AbstractCache, DataLoader

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


class NotLoaded(LookupError):
    """The key is not (yet) in the loader's cache."""


class ValueCache(AbstractCache[K, V]):
    """A DataLoader cache that also holds plain values (:func:`prime_values`): a future is
    made for one only when ``load`` asks for it. Priming a page's 100 rows into the default
    cache makes 100 futures, which the resolvers that :func:`peek` never await."""

    def __init__(self) -> None:
        self.values: dict[K, V] = {}
        self.futures: dict[K, Future[V]] = {}
        #: What :func:`now_or_later` made of a value, by conversion and key.
        self.converted: dict[Callable[[Any], Any], dict[K, Any]] = {}

    def get(self, key: K) -> Future[V] | None:
        future = self.futures.get(key)
        if future is None and key in self.values:
            future = self.futures[key] = Future()
            future.set_result(self.values[key])
        return future

    def set(self, key: K, value: Future[V]) -> None:
        self.futures[key] = value

    def delete(self, key: K) -> None:
        self.futures.pop(key, None)
        self.values.pop(key, None)
        for made in self.converted.values():
            made.pop(key, None)

    def clear(self) -> None:
        self.futures.clear()
        self.values.clear()
        self.converted.clear()


def value_loader(load_fn: Callable[[list[K]], Awaitable[list[V]]]) -> DataLoader[K, V]:
    """A DataLoader over a :class:`ValueCache`: the kind the functions below work on."""
    return DataLoader(load_fn, cache_map=ValueCache())


def _values(loader: DataLoader[K, V]) -> ValueCache[K, V]:
    """The loader's :class:`ValueCache` (made by :func:`value_loader`; not checked here, as
    the resolvers of every list item come this way: another cache fails on its attributes)."""
    return loader.cache_map  # type: ignore[return-value]  # (typing.cast is a Python call)


def prime_values(loader: DataLoader[K, V], values: Mapping[K, V]) -> None:
    """``loader.prime_many(values)`` without a future per value (keys already loaded or
    loading keep their value, as with ``prime_many``)."""
    cache = _values(loader)
    if loader.batch is not None and not loader.batch.dispatched:
        loader.prime_many(values)  # a batch waiting for some of them: as Strawberry does
        return
    known, futures = cache.values, cache.futures
    for key, value in values.items():
        if key not in futures:
            known.setdefault(key, value)


async def load_now(loader: DataLoader[K, V], keys: Sequence[K]) -> list[V]:
    """``await loader.load_many(keys)`` for a prefetch: the keys not cached yet are fetched
    in one call of the loader's batch function and kept as plain values, without the
    future, batch task and gather callback per key that ``load_many`` costs (a page's 100
    relationship lists are read this way). Keys already loading are awaited. For batch
    functions that return values, not exceptions (the core loaders')."""
    cache = _values(loader)
    known, futures = cache.values, cache.futures
    missing = [key for key in dict.fromkeys(keys) if key not in known and key not in futures]
    if missing:
        values = cast("list[V]", list(await loader.load_fn(missing)))
        prime_values(loader, dict(zip(missing, values, strict=True)))
    pending = [future for key in keys if (future := futures.get(key)) is not None
               and not future.done()]
    if pending:
        await gather(*pending)
    if not futures:  # all of them plain values (the usual case): peek's answer, cheaper
        return [known[key] for key in keys]
    return [peek(loader, key) for key in keys]


def peek(loader: DataLoader[K, V], key: K) -> V:
    """The cached value for ``key``; raises NotLoaded when it is not loaded yet."""
    cache = _values(loader)
    future = cache.futures.get(key)
    if future is None:
        if key in cache.values:
            return cache.values[key]
        raise NotLoaded(key)
    if not future.done() or future.cancelled() or future.exception():
        raise NotLoaded(key)
    return future.result()


def converted_now(loader: DataLoader[K, V], key: K, convert: Callable[[V], R]) -> R:
    """``convert(value)`` of a loaded ``key``, made once per request and shared (a page's
    100 assets in three statuses read three status objects, not 100); raises NotLoaded
    when it is not loaded yet."""
    converted = _values(loader).converted
    made = converted.get(convert)
    if made is None:
        made = converted[convert] = {}
    elif key in made:
        return made[key]
    value = made[key] = convert(peek(loader, key))
    return value


def now_or_later(loader: DataLoader[K, V], key: K,
                 convert: Callable[[V], R]) -> R | Awaitable[R]:
    """``convert(value)`` now if ``key`` is loaded (:func:`converted_now`), else an
    awaitable that loads it."""
    made = _values(loader).converted.get(convert)
    if made is not None and key in made:  # converted before: every item but the first
        return made[key]
    try:
        return converted_now(loader, key, convert)
    except NotLoaded:
        return _later(loader, key, convert)


async def _later(loader: DataLoader[K, V], key: K, convert: Callable[[V], R]) -> R:
    return convert(await loader.load(key))
