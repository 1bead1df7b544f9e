"""Planning one ingest batch in memory: identity matching, diffs, locks, per-record results.

The planner reads everything it needs up front (:mod:`shopdb_gql.ingest.prefetch`, a
handful of queries per batch) and then walks the records in order. Records of one batch
that identify the same asset update one in-memory state, so a batch never creates an asset
twice. Records are the mappings graphql-core coerced (:data:`Record`); only the fields a
record carries are looked at, so a record that changes nothing costs a few comparisons.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopdb_gql.core import customfields
from shopdb_gql.core.audit import jsonable
from shopdb_gql.core.customfields import CustomFieldDef, FieldProblems, FieldType
from shopdb_gql.core.locks import lock_field_name
from shopdb_gql.graphql.errors import ErrorCode, user_error
from shopdb_gql.ingest.generate import Compiled, FieldMap, Record
from shopdb_gql.ingest.prefetch import CORE_COLUMNS, Outcome, Prefetch, Sources, State, clean
from shopdb_gql.ingest.types import IngestStatus

__all__ = ["CORE_COLUMNS", "Outcome", "Planner", "Sources", "State"]

_SKIP = object()  # a value the record carries but that must not be applied
_PLAIN = (str, int, float, bool, type(None))


def _path(index: int, graphql_name: str) -> tuple[str, ...]:
    return ("records", str(index), graphql_name)


def _json(value: Any) -> Any:
    return value if type(value) in _PLAIN else jsonable(value)


class Planner(Prefetch):
    """Plans a batch against the database as it is now (no writes)."""

    def __init__(self, session: AsyncSession, compiled: Compiled,
                 sources: Sources | None = None,
                 custom: tuple[CustomFieldDef, ...] = ()) -> None:
        super().__init__(session, compiled, sources, custom)
        self.by_graphql_name = {f.graphql_name: f for f in compiled.fields}
        self.identity_fields = {f.name: f for f, _ in compiled.identity}
        self.ext_columns = compiled.ext_columns

    def plan_all(self, records: list[Record]) -> list[Outcome]:
        """One outcome per record, in order (after :meth:`prefetch`)."""
        return [self.plan(i, r, found) for i, (r, found) in enumerate(
            zip(records, self.found, strict=True))]

    def plan(self, index: int, record: Record, found: list[tuple[str, str]]) -> Outcome:
        if self.sources is not None:
            return self._plan_sourced(index, record, found, self.sources)
        return self._plan(index, record, found)

    def _plan_sourced(self, index: int, record: Record, found: list[tuple[str, str]],
                      sources: Sources) -> Outcome:
        label = sources.labels[index]
        preset = sources.preset.get(index)
        if preset is not None:
            state = self.states.get(preset)
            if state is None:
                return self._refuse(index, ErrorCode.NOT_FOUND, f"Asset {preset}, imported "
                                    f"from {label} before, was deleted since: not made again")
            if not state.kind_ok:
                return self._refuse(index, ErrorCode.CONFLICT, f"Asset {preset}, imported from "
                                    f"{label} before, is not a {self.c.kind}: the row's kind "
                                    "changed in the source")
            others = {self.claims[k] for k in found if k in self.claims} - {preset}
            if others:
                which = ", ".join(f"{k}={v!r}" for k, v in found
                                  if self.claims.get((k, v), preset) != preset)
                return self._refuse(index, ErrorCode.AMBIGUOUS, f"{label}: {which} identifies "
                                    f"another asset ({self._owner(others.pop())})")
            return self._apply(index, record, state)
        for key in found:
            other = self.claims.get(key)
            owner = sources.owner.get(other) if other is not None else None
            if owner is not None and owner != label:
                return self._refuse(index, ErrorCode.CONFLICT, f"Duplicate: {key[0]} "
                                    f"{key[1]!r} of {label} is also {owner}'s "
                                    f"({self._owner(other)}); fix one of them in the source")
        outcome = self._plan(index, record, found)
        if outcome.state is not None and outcome.status is IngestStatus.CREATED:
            sources.owner[outcome.state.key] = label
        return outcome

    def _owner(self, key: int | str | None) -> str:
        return "a new asset" if key is None or isinstance(key, str) else f"asset {key}"

    def _refuse(self, index: int, code: ErrorCode, message: str) -> Outcome:
        return Outcome(index, IngestStatus.REJECTED, errors=[user_error(
            code, message, "records", str(index))])

    def _plan(self, index: int, record: Record, found: list[tuple[str, str]]) -> Outcome:
        if not found:
            keys = " or ".join(f.graphql_name for f, _ in self.c.identity)
            return Outcome(index, IngestStatus.REJECTED, errors=[user_error(
                ErrorCode.REQUIRED, f"No usable identity: give {keys} (placeholder values such "
                "as 'To Be Filled By O.E.M.' or '0' never identify an asset)", "records",
                str(index))])
        matched = {self.claims[k] for k in found if k in self.claims}
        if len(matched) > 1:
            which = ", ".join(f"{k}={v!r} -> asset {self._label(self.claims[(k, v)])}"
                              for k, v in found if (k, v) in self.claims)
            return Outcome(index, IngestStatus.REJECTED, errors=[user_error(
                ErrorCode.AMBIGUOUS, f"The record matches different assets ({which}); fix the "
                "data or merge the assets by hand", "records", str(index))])
        if matched:
            state = self.states[matched.pop()]
            if not state.kind_ok:
                return Outcome(index, IngestStatus.REJECTED, errors=[user_error(
                    ErrorCode.CONFLICT, f"Asset {state.key} is not a {self.c.kind}", "records",
                    str(index))])
            return self._apply(index, record, state)
        return self._create(index, record, found)

    def _label(self, key: int | str) -> str:
        return str(key) if isinstance(key, int) else f"created by record {key[4:]}"

    def _create(self, index: int, record: Record, found: list[tuple[str, str]]) -> Outcome:
        raw = clean(record.get(self.identity_fields[found[0][0]].graphql_name))
        state = State(f"new:{index}", True, dict.fromkeys(CORE_COLUMNS),
                      dict.fromkeys(self.ext_columns), False, {})
        state.core["name"] = str(raw)[:200] if raw is not None else self.c.identity[0][0].name
        outcome = self._apply(index, record, state)
        if outcome.status is not IngestStatus.REJECTED:
            outcome.status = IngestStatus.CREATED
            self.states[state.key] = state
        return outcome

    def _apply(self, index: int, record: Record, state: State) -> Outcome:
        outcome = Outcome(index, IngestStatus.UNCHANGED, state)
        core, ext = state.core, state.ext
        new_core: dict[str, Any] = {}
        new_ext: dict[str, Any] = {}
        new_custom: dict[str, Any] = {}
        locked = self.locks.get(state.key, ()) if isinstance(state.key, int) else ()
        fields = self.by_graphql_name
        creating = state.new and not state.records
        for name, raw in record.items():
            if name in self.custom:
                continue  # below, all of the record's custom values at once
            fmap = fields[name]
            value = self._convert(index, fmap, clean(raw), outcome)
            if value is _SKIP:
                continue
            if (core if fmap.core else ext)[fmap.column] == value:
                continue
            if fmap.column in locked:
                outcome.warnings.append(user_error(
                    ErrorCode.LOCKED, f"{fmap.graphql_name} was edited by hand and is locked "
                    "against collectors; unlockAssetField to let ingest change it",
                    *_path(index, fmap.graphql_name)))
                continue
            (new_core if fmap.core else new_ext)[fmap.column] = value
        if self.custom:
            self._custom(index, record, creating, state, locked, new_custom, outcome)
        after_core = {**core, **new_core} if new_core else core
        after_ext = {**ext, **new_ext} if new_ext else ext
        if not outcome.errors:
            self._check_identities(index, state, after_core, after_ext, outcome)
        if outcome.errors:
            outcome.status, outcome.state = IngestStatus.REJECTED, None
            return outcome
        if creating:
            changes = {c: {"old": None, "new": _json(v)}
                       for values in (after_core, after_ext) for c, v in values.items()
                       if v is not None}
            changes.update({n: {"old": None, "new": customfields.audit_value(v)}
                            for n, v in new_custom.items() if v is not None})
            state.audits.append(("create", changes))
        else:
            changes = {c: {"old": _json(core[c]), "new": _json(v)} for c, v in new_core.items()}
            changes.update({c: {"old": _json(ext[c]), "new": _json(v)}
                            for c, v in new_ext.items()})
            changes.update({n: {"old": customfields.audit_value(state.custom.get(n)),
                                "new": customfields.audit_value(v)}
                            for n, v in new_custom.items()})
            self._restore_status(state, changes)
            if changes:
                state.audits.append(("update", changes))
                outcome.status = IngestStatus.UPDATED
        state.core, state.ext = after_core, after_ext
        if new_custom:
            state.custom = {**state.custom, **new_custom}
        state.records.append(index)
        return outcome

    def _custom(self, index: int, record: Record, creating: bool, state: State, locked: Any,
                new_custom: dict[str, Any], outcome: Outcome) -> None:
        """The record's custom values, checked as the create and update mutations check them
        (with the defaults and required fields of a new asset), then compared, lock-checked
        and planned like declared fields."""
        given = {n: v for n, v in record.items() if n in self.custom}
        if not given and not creating:
            return
        try:
            wanted = customfields.check_all(list(self.custom.values()), given, creating=creating)
        except FieldProblems as refused:
            outcome.errors += [user_error(ErrorCode(p.code), str(p), *_path(index, name))
                               for name, p in refused.problems]
            return
        for field, value in wanted:
            path = _path(index, field.name)
            if field.type is FieldType.ASSET and value is not None \
                    and value not in self.known_assets:
                outcome.errors.append(user_error(ErrorCode.NOT_FOUND, f"{field.label}: no asset "
                                                 f"{value}", *path))
            elif state.custom.get(field.name) == value:
                continue
            elif lock_field_name(field.name) in locked:
                outcome.warnings.append(user_error(
                    ErrorCode.LOCKED, f"{field.name} was edited by hand and is locked against "
                    "collectors; unlockAssetField to let ingest change it", *path))
            else:
                new_custom[field.name] = value

    def _restore_status(self, state: State, changes: dict[str, Any]) -> None:
        """A stale asset reported again gets its status back (see ``_stale_restores``)."""
        restore = self.restore.get(state.key)
        if restore is None or state.status != state.status_before:
            return
        state.status, code = restore
        changes["status"] = {"old": self.STALE, "new": code}

    def _convert(self, index: int, fmap: FieldMap, value: Any, outcome: Outcome) -> Any:
        if fmap.column == "locationid":
            if value is None:
                return None
            if value not in self.locations:
                outcome.warnings.append(user_error(
                    ErrorCode.NOT_FOUND, f"No location named {value!r}: location left as it was",
                    *_path(index, fmap.graphql_name)))
                return _SKIP
            return self.locations[value]
        if value is None:
            if fmap.column == "name":
                outcome.errors.append(user_error(ErrorCode.REQUIRED, "An asset always has a name",
                                                 *_path(index, fmap.graphql_name)))
            elif fmap.column == "assettag":
                return _SKIP  # the tag is never cleared; a new asset gets one generated
        elif fmap.max_length and isinstance(value, str) and len(value) > fmap.max_length:
            outcome.errors.append(user_error(
                ErrorCode.INVALID, f"At most {fmap.max_length} characters",
                *_path(index, fmap.graphql_name)))
        return value

    def _check_identities(self, index: int, state: State, core: dict[str, Any],
                          ext: dict[str, Any], outcome: Outcome) -> None:
        new_ids: dict[str, str] = {}
        for fmap, normalize in self.c.identity:
            value = self.normalized(fmap.name, normalize, (core if fmap.core else ext)[fmap.column])
            if value is not None:
                new_ids[fmap.name] = value
                other = self.claims.get((fmap.name, value))
                if other is not None and other != state.key:
                    outcome.errors.append(user_error(
                        ErrorCode.AMBIGUOUS, f"{fmap.graphql_name} {value!r} identifies another "
                        f"asset ({self._label(other)})", *_path(index, fmap.graphql_name)))
        tag = core["assettag"]
        if tag is not None and self.tags.get(tag, state.key) != state.key:
            outcome.errors.append(user_error(ErrorCode.CONFLICT, f"Asset tag {tag!r} is taken",
                                             *_path(index, "assetTag")))
        if outcome.errors:
            return
        for key, value in state.identities.items():
            if new_ids.get(key) != value:
                self.claims.pop((key, value), None)
        for key, value in new_ids.items():
            self.claims[(key, value)] = state.key
        if tag is not None:
            self.tags[tag] = state.key
        state.identities = new_ids
