"""The running instance: settings, database, plugins, and the schema currently served.

The served schema is rebuilt only at boot and when the enabled set changes (never per
request). A toggle commits the new state and bumps ``schema.generation`` in the database;
every worker polls that counter and swaps in a rebuilt schema when it moves.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import strawberry
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.auth import directory
from shopdb_gql.auth.actor import Actor
from shopdb_gql.auth.current import Accounts
from shopdb_gql.core import assetcounts, audit, customfields, delivery, events, searchrebuild
from shopdb_gql.core.customfields import CustomFieldDef
from shopdb_gql.core.kinds import AssetKind
from shopdb_gql.core.models import PluginState
from shopdb_gql.core.settingstore import get_setting, set_setting
from shopdb_gql.db.engine import IN_BACKGROUND as engine_background
from shopdb_gql.db.engine import Database
from shopdb_gql.graphql.schema import assemble, build_schema
from shopdb_gql.observability.metrics import count_schema_rebuild
from shopdb_gql.plugins import types as t
from shopdb_gql.plugins.errors import PluginContractError, PluginError, PluginNotFoundError
from shopdb_gql.plugins.loader import PluginRecord, load_plugins
from shopdb_gql.plugins.registry import ActiveSet
from shopdb_gql.plugins.spec import Plugin, PluginContext
from shopdb_gql.settings import Settings

log = logging.getLogger(__name__)

#: How long stopping waits for the poller and the deliverer to finish their round.
STOP_GRACE_SECONDS = 2.0
GENERATION_KEY = "schema.generation"

#: Re-exported: tests read it here (it lives in db.engine, below every layer that sets it).
IN_BACKGROUND = engine_background


@dataclass(frozen=True)
class Served:
    """An immutable pair swapped atomically: the active plugins and their schema."""

    active: ActiveSet
    schema: strawberry.Schema
    build_seconds: float


class Runtime:
    """One per process. ``served`` is replaced, never mutated."""

    def __init__(self, settings: Settings, db: Database | None = None,
                 records: dict[str, PluginRecord] | None = None) -> None:
        self.settings = settings
        self.db = db or Database(settings.database_url, pool_size=settings.db_pool_size,
                                 max_overflow=settings.db_max_overflow,
                                 pool_recycle=settings.db_pool_recycle,
                                 pool_timeout=settings.db_pool_timeout,
                                 ping_after_idle=settings.db_ping_after_idle_seconds)
        if records is None:
            records = load_plugins([settings.bundled_plugins_dir, *settings.plugin_paths],
                                   strict=settings.strict_plugins)
        self.records = records
        self.served: Served | None = None
        self.accounts = Accounts()
        self._poller: asyncio.Task[None] | None = None
        self._directory: asyncio.Task[None] | None = None
        self._deliverer: delivery.Deliverer | None = None
        self._delivering: asyncio.Task[None] | None = None
        self._unlisten: list[Callable[[], None]] = []
        self._lock = asyncio.Lock()
        self._reindexing: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._reindex_when_ready = False
        #: Whether this process counted the assets afresh yet (:meth:`_tend_counts`), and
        #: why tending them failed last round.
        self._recounted = False
        self._counts_problem: str | None = None

    # --- state ---------------------------------------------------------------
    async def enabled_names(self, session: AsyncSession | None = None) -> set[str]:
        """The enabled plugins, read with ``session`` (a request's) or a session of its own."""
        query = select(PluginState.name).where(PluginState.enabled)
        if session is not None:
            return set(await session.scalars(query))
        async with self.db.session() as own:
            return set(await own.scalars(query))

    async def generation(self) -> int:
        async with self.db.session() as session:
            return int(await get_setting(session, GENERATION_KEY, 0))

    def active_set(self, enabled: set[str], generation: int,
                   custom: tuple[CustomFieldDef, ...] = ()) -> ActiveSet:
        chosen = tuple(r for r in self.records.values() if r.loaded and r.name in enabled)
        return ActiveSet(records=chosen, generation=generation, enabled_names=frozenset(enabled),
                         custom_fields=custom)

    async def custom_fields(self, session: AsyncSession | None = None
                            ) -> tuple[CustomFieldDef, ...]:
        if session is not None:
            return await customfields.definitions(session)
        async with self.db.session() as own:
            return await customfields.definitions(own)

    def build(self, active: ActiveSet) -> Served:
        started = time.perf_counter()
        schema = build_schema(active, self.settings)
        return Served(active, schema, time.perf_counter() - started)

    def buildable(self, active: ActiveSet) -> ActiveSet:
        """In production, leave out (and mark failed) each plugin whose names collide."""
        if self.settings.strict_plugins:
            return active
        while True:
            try:
                assemble(active)
                return active
            except PluginContractError as exc:
                record = self.records.get(exc.plugin)
                if record is None or record not in active.records:
                    raise
                log.error("plugin %s left out: %s", record.name, exc)
                record.error = exc
                active = dataclasses.replace(
                    active, records=tuple(r for r in active.records if r is not record))

    # --- lifecycle -----------------------------------------------------------
    async def start(self, *, poll: bool = True) -> None:
        try:
            await self.reload()
        except SQLAlchemyError as exc:
            # Not migrated (or not reachable) yet: boot with core alone so /readyz can say
            # why; the poller swaps in the real schema once the database answers.
            log.warning("database not ready, serving core only: %s", str(exc).splitlines()[0])
            self.served = self.build(self.active_set(set(), -1))
        if poll:
            self._stopping = asyncio.Event()  # this run's (a runtime may be started again)
            self._poller = asyncio.create_task(self._poll(), name="schema-poller")
            if self.served is not None and self.served.active.generation >= 0:
                self.reindex_in_background()
            else:  # once the poller serves the database's plugins
                self._reindex_when_ready = True
            self._deliverer = delivery.Deliverer(self.db, self.settings)
            self._delivering = asyncio.create_task(self._deliverer.run(), name="webhooks")
            self._unlisten = [events.on_deliveries(self._deliverer.poke),
                              events.listen(self._tell_plugins)]
            s = self.settings
            if s.ldap_enabled and s.ldap_bind_dn and s.ldap_sync_seconds > 0:
                self._directory = asyncio.create_task(
                    directory.run_periodically(self.db, s), name="directory-recheck")

    async def stop(self) -> None:
        for unlisten in self._unlisten:
            unlisten()
        # The poller and the deliverer finish the round they are in and stop: cancelled in
        # the middle of a query, a MariaDB connection is left half read, and the pool logs
        # an error when it cannot reset it. They are cancelled if they do not stop in time.
        self._stopping.set()
        if self._deliverer is not None:
            self._deliverer.stop()
        for task in (self._poller, self._delivering):
            if task is not None:
                await asyncio.wait({task}, timeout=STOP_GRACE_SECONDS)
        for task in (self._poller, self._directory, self._delivering, self._reindexing):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.db.dispose()

    async def reload(self) -> bool:
        """Rebuild if the stored generation differs from the served one. True if swapped."""
        async with self._lock:
            generation = await self.generation()
            if self.served is not None and self.served.active.generation == generation:
                return False
            enabled = await self.enabled_names()
            custom = await self.custom_fields()
            try:
                served = self.build(self.buildable(self.active_set(enabled, generation, custom)))
            except PluginError as exc:
                count_schema_rebuild(False)
                if self.served is None:
                    raise
                log.error("schema rebuild failed, keeping the old schema: %s", exc)
                return False
            count_schema_rebuild(True)
            self.served = served
            if self._reindex_when_ready:
                self._reindex_when_ready = False
                self.reindex_in_background()
            log.info("schema generation %s served with plugins %s (built in %.3fs)",
                     generation, sorted(served.active.enabled_names), served.build_seconds)
            return True

    async def _poll(self) -> None:
        IN_BACKGROUND.set(True)
        failing: str | None = None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.settings.schema_poll_seconds)
            if self._stopping.is_set():
                return
            try:
                await self.reload()
            except Exception as exc:  # keep polling whatever a single round does
                # One line when it starts failing (and why), not a traceback every second.
                problem = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                if problem != failing:
                    log.warning("schema poll failed, retrying every %ss: %s",
                                self.settings.schema_poll_seconds, problem)
                failing = problem
            else:
                if failing is not None:
                    log.info("schema poll works again")
                failing = None
                await self._tend_counts()

    async def _tend_counts(self) -> None:
        """Fold the asset counts' rows (core/assetcounts.py) once enough have gathered; at the
        first round, count afresh (a database written to while no server ran)."""
        if self.served is None or self.served.active.generation < 0:
            return  # not migrated yet
        recounting = not self._recounted
        try:
            async with self.db.session() as session:
                replaced = await (assetcounts.recount(session) if recounting
                                  else assetcounts.fold(session))
                if replaced:
                    await session.commit()
                else:  # nothing to fold, or another worker replaced rows first
                    await session.rollback()
        except SQLAlchemyError as exc:  # the rows stay as they are: totals remain exact
            problem = str(exc).splitlines()[0]
            if problem != self._counts_problem:  # one line when it starts failing, not each round
                log.warning("asset counts not folded, retrying every poll: %s", problem)
            self._counts_problem = problem
            return
        self._counts_problem = None
        if recounting and replaced:
            self._recounted = True  # else counted again next round

    def reindex_in_background(self) -> None:
        """Rebuild the search index in a task if it lacks a column the served kinds search
        (core/searchrebuild.py); one rebuild at a time in this process."""
        if not self.settings.search_auto_reindex or self.served is None:
            return
        if self._poller is None:
            return  # not a server: the CLI rebuilds in the foreground
        if self._reindexing is not None and not self._reindexing.done():
            return
        kinds = dict(self.served.active.kinds)
        self._reindexing = asyncio.create_task(self._reindex(kinds), name="search-reindex")

    async def _reindex(self, kinds: dict[str, AssetKind]) -> None:
        IN_BACKGROUND.set(True)
        started = time.perf_counter()
        try:
            done = await searchrebuild.rebuild(self.db, kinds)
        except Exception:  # searches scan (correctly) until the next start, toggle or reindex
            log.exception("search index rebuild failed; searches scan until it is rebuilt "
                          "(restart, or run `shopdb search reindex`)")
            return
        if done is not None:
            log.info("search index rebuilt in the background: %s asset(s) in %.1fs",
                     done.assets, time.perf_counter() - started)

    def wake_deliveries(self) -> None:
        """Webhook deliveries were queued here: send them now, not at the next poll."""
        if self._deliverer is not None:
            self._deliverer.wake.set()

    async def _tell_plugins(self, event: events.Event) -> None:
        """Each enabled plugin's ``on_event`` (a failing one does not stop the others)."""
        served = self.served
        for record in served.active.records if served else ():
            # Most plugins do not listen: skip them without a call.
            if record.plugin is None or type(record.plugin).on_event is Plugin.on_event:
                continue
            try:
                await record.plugin.on_event(event)
            except Exception:
                log.exception("plugin %s: on_event(%s) failed", record.name, event.type)

    # --- toggling ------------------------------------------------------------
    def record(self, name: str) -> PluginRecord:
        record = self.records.get(name)
        if record is None:
            raise PluginNotFoundError(name, "not found in plugins/ or SHOPDB_PLUGIN_PATHS")
        return record

    async def set_enabled(self, name: str, enabled: bool, actor: Actor, source: str) -> None:
        """Validate the new schema, commit the state (with audit), then swap it in here."""
        record = self.record(name)
        if enabled and not record.loaded:
            raise PluginContractError(name, f"cannot be enabled, it failed to load: {record.error}")
        async with self._lock, self.db.transaction() as session:
            state = await session.get(PluginState, name)
            if enabled and (state is None or not state.installed):
                raise PluginContractError(
                    name, f"is not installed: run `shopdb plugin install {name}` first")
            if state is None or state.enabled == enabled:
                return
            names = set(await session.scalars(select(PluginState.name)
                                               .where(PluginState.enabled)))
            names = names | {name} if enabled else names - {name}
            if not enabled:
                dependents = [r.name for r in self.records.values() if r.name in names
                              and r.manifest and name in r.manifest.dependencies]
                if dependents:
                    raise PluginContractError(
                        name, f"{', '.join(dependents)} depend(s) on it: disable those first")
            missing = [d for d in (record.manifest.dependencies if record.manifest else {})
                       if enabled and d not in names]
            if missing:
                raise PluginContractError(name, f"needs {', '.join(missing)} enabled first")
            generation = int(await get_setting(session, GENERATION_KEY, 0)) + 1
            served = self.build(self.active_set(names, generation,
                                                await self.custom_fields(session)))
            assert record.plugin is not None or not enabled
            if record.plugin is not None:
                hook = record.plugin.on_enable if enabled else record.plugin.on_disable
                await hook(PluginContext(session, name))
            state.enabled = enabled
            await set_setting(session, GENERATION_KEY, generation)
            await audit.record(session, actor, action="enable" if enabled else "disable",
                               object_type="plugin", object_id=name, source=source,
                               changes={"enabled": {"old": not enabled, "new": enabled}},
                               summary=name)
        self.served = served
        if enabled:  # disabling leaves every searched column indexed
            self.reindex_in_background()

    # --- custom fields -------------------------------------------------------
    async def next_generation(self, session: AsyncSession) -> Served:
        """Inside the transaction of a custom field change (after its rows are flushed): the
        schema of the next generation, built and validated, with the generation stored, so
        every worker's poller swaps it in once the change commits. Raises PluginError when
        the schema does not build (nothing is then committed)."""
        generation = int(await get_setting(session, GENERATION_KEY, 0)) + 1
        served = self.build(self.active_set(await self.enabled_names(session), generation,
                                            await self.custom_fields(session)))
        await set_setting(session, GENERATION_KEY, generation)
        return served

    async def adopt(self, served: Served) -> None:
        """Serve ``served`` here at once (after its change committed), unless a newer
        generation is served already."""
        async with self._lock:
            if self.served is None or self.served.active.generation < served.active.generation:
                self.served = served

    def describe_plugins(self, enabled: set[str]) -> list[t.Plugin]:
        result = []
        for record in self.records.values():
            manifest = record.manifest
            on = record.loaded and record.name in enabled
            status = (t.PluginStatus.FAILED if record.error else
                      t.PluginStatus.ENABLED if on else t.PluginStatus.DISABLED)
            result.append(t.Plugin(
                name=record.name, version=manifest.version if manifest else None,
                description=manifest.description if manifest else None, enabled=on,
                status=status, error=str(record.error) if record.error else None,
                dependencies=sorted(manifest.dependencies) if manifest else [],
                core_version=str(manifest.core_version) if manifest else None,
                asset_kinds=[k.kind for k in record.contributions.asset_kinds],
                routes=[t.PluginHttpRoute(url=f"/plugins/{record.name}{r.path}",
                                          methods=list(r.methods), permission=r.permission,
                                          description=r.description)
                        for r in record.contributions.routes],
                ui=ui_of(record)))
        return result

    def ui_extensions(self) -> list[t.UiExtension]:
        """The built UI bundles of the plugins in the generation being served."""
        records = self.served.active.records if self.served else ()
        found = []
        for record in records:
            ui = ui_of(record)
            if ui is not None and ui.built and record.manifest is not None:
                found.append(t.UiExtension(plugin=record.name, version=record.manifest.version,
                                           url=ui.url, api_version=ui.api_version,
                                           styles=ui.styles))
        return found


def ui_of(record: PluginRecord) -> t.PluginUi | None:
    """A plugin's UI bundle as served: its URL carries the file's modification time, so a
    rebuilt or upgraded bundle is a new module to the browser."""
    manifest = record.manifest
    if manifest is None or manifest.ui is None:
        return None
    base = f"/plugins/{record.name}/"
    entry = record.path / manifest.ui.entry
    try:
        stamp = f"{entry.stat().st_mtime_ns:x}"
    except OSError:
        stamp = ""
    return t.PluginUi(url=f"{base}{manifest.ui.entry}?v={stamp}" if stamp else base + manifest.ui.entry,
                      api_version=manifest.ui.api, styles=[base + s for s in manifest.ui.styles],
                      built=bool(stamp))
