"""Import mapping files: which source rows become which assets, locations and history.

A mapping is YAML (the default, ``legacy-shopdb.yaml`` beside this module, documents every
key; docs/DATA-MIGRATION.md explains them). Loading checks its shape and says exactly what
is wrong and where (``rules[2].fields.pcType: map must be a mapping``), before anything is
read or written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

DEFAULT_MAPPING = Path(__file__).with_name("legacy-shopdb.yaml")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the key at fault."""


@dataclass(frozen=True)
class Value:
    """Where one target value comes from. ``sources``: columns, or templates with
    ``{column}`` placeholders, the first non-empty of them wins; else ``constant``."""

    sources: tuple[str, ...] = ()
    constant: Any = None
    value_map: dict[str, str] | None = None
    otherwise: str | None = None
    pattern: re.Pattern[str] | None = None

    def columns(self) -> set[str]:
        found: set[str] = set()
        for source in self.sources:
            names = _PLACEHOLDER.findall(source)
            found.update(names if names else [source])
        return found


@dataclass(frozen=True)
class Lookup:
    column: str
    table: str
    key: str
    value: str


@dataclass(frozen=True)
class SourceTable:
    name: str
    id: str
    lookups: dict[str, Lookup] = field(default_factory=dict)


@dataclass(frozen=True)
class Relationship:
    type: str
    column: str
    table: str
    inherits_position: bool = False


@dataclass(frozen=True)
class History:
    importer: str
    table: str
    id: str
    asset: str
    fields: dict[str, str]


@dataclass(frozen=True)
class LocationOnly:
    name: Value
    parent: str | None
    x: str | None
    y: str | None
    kind: str


@dataclass(frozen=True)
class Rule:
    index: int
    table: str
    when: dict[str, tuple[str, ...] | None]  # None: "present"
    kind: str | None = None
    fields: dict[str, Value] = field(default_factory=dict)
    columns: dict[str, Value] = field(default_factory=dict)
    location: str | None = None
    position: tuple[str, str] | None = None
    active: str | None = None
    notes: str | None = None
    relationships: tuple[Relationship, ...] = ()
    history: tuple[History, ...] = ()
    location_only: LocationOnly | None = None

    @property
    def label(self) -> str:
        target = self.kind or "location"
        return f"rules[{self.index}] ({self.table} -> {target})"


@dataclass(frozen=True)
class Locations:
    table: str
    id: str
    name: str
    parent: str | None
    x: str | None
    y: str | None
    kind: str


@dataclass(frozen=True)
class Mapping:
    system: str
    timezone: ZoneInfo
    junk: frozenset[str]
    locations: Locations | None
    tables: dict[str, SourceTable]
    rules: tuple[Rule, ...]
    path: str


def load_mapping(path: Path | None = None) -> Mapping:
    """The mapping at ``path`` (default: the classic shopdb's), checked."""
    where = path or DEFAULT_MAPPING
    try:
        raw = yaml.safe_load(where.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"cannot read the mapping {where}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise MappingError(f"the mapping {where} is not valid YAML: "
                           f"{' '.join(str(exc).split())}") from exc
    try:
        return _mapping(raw, str(where))
    except MappingError as exc:
        raise MappingError(f"{where}: {exc}") from exc


def _mapping(raw: Any, path: str) -> Mapping:
    top = _dict(raw, "the file")
    _keys(top, "the file", {"version", "system", "timezone", "junk", "locations", "tables",
                            "rules"})
    if top.get("version") != 1:
        raise MappingError("version: must be 1")
    system = _name(top.get("system"), "system", 40)
    zone_name = _text(top.get("timezone", "UTC"), "timezone")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise MappingError(f"timezone: unknown time zone {zone_name!r}") from exc
    junk = frozenset(" ".join(_text(v, "junk[]").split()).casefold()
                     for v in _list(top.get("junk", []), "junk"))
    locations = None
    if top.get("locations") is not None:
        loc = _dict(top["locations"], "locations")
        _keys(loc, "locations", {"table", "id", "name", "parent", "x", "y", "kind"})
        locations = Locations(_name(loc.get("table"), "locations.table"),
                              _name(loc.get("id"), "locations.id"),
                              _name(loc.get("name"), "locations.name"),
                              _opt(loc.get("parent"), "locations.parent"),
                              _opt(loc.get("x"), "locations.x"), _opt(loc.get("y"), "locations.y"),
                              _text(loc.get("kind", "area"), "locations.kind"))
    tables: dict[str, SourceTable] = {}
    for name, spec in _dict(top.get("tables", {}), "tables").items():
        where = f"tables.{name}"
        spec = _dict(spec, where)
        _keys(spec, where, {"id", "lookups"})
        lookups = {}
        for key, lookup in _dict(spec.get("lookups", {}), f"{where}.lookups").items():
            at = f"{where}.lookups.{key}"
            lookup = _dict(lookup, at)
            _keys(lookup, at, {"column", "table", "key", "value"})
            lookups[_name(key, at)] = Lookup(*(_name(lookup.get(k), f"{at}.{k}")
                                              for k in ("column", "table", "key", "value")))
        tables[_name(name, where)] = SourceTable(name, _name(spec.get("id"), f"{where}.id"),
                                                 lookups)
    rules = tuple(_rule(i, r, tables) for i, r in enumerate(_list(top.get("rules"), "rules")))
    if not rules:
        raise MappingError("rules: give at least one rule")
    return Mapping(system, zone, junk, locations, tables, rules, path)


def _rule(index: int, raw: Any, tables: dict[str, SourceTable]) -> Rule:
    at = f"rules[{index}]"
    spec = _dict(raw, at)
    _keys(spec, at, {"table", "when", "kind", "fields", "columns", "location", "position",
                     "active", "notes", "relationships", "history", "location_only"})
    table = _name(spec.get("table"), f"{at}.table")
    if table not in tables:
        raise MappingError(f"{at}.table: {table!r} is not declared under tables "
                           f"({', '.join(sorted(tables)) or 'none'})")
    when: dict[str, tuple[str, ...] | None] = {}
    for key, wanted in _dict(spec.get("when", {}), f"{at}.when").items():
        if wanted == "present":
            when[_name(key, f"{at}.when")] = None
        else:
            values = wanted if isinstance(wanted, list) else [wanted]
            when[_name(key, f"{at}.when")] = tuple(
                " ".join(_text(v, f"{at}.when.{key}").split()).casefold() for v in values)
    if ("kind" in spec) == ("location_only" in spec):
        raise MappingError(f"{at}: give either kind (an asset) or location_only (a location)")
    if "location_only" in spec:
        lo = _dict(spec["location_only"], f"{at}.location_only")
        _keys(lo, f"{at}.location_only", {"name", "parent", "x", "y", "kind"})
        only = LocationOnly(_value(lo.get("name"), f"{at}.location_only.name"),
                            _opt(lo.get("parent"), f"{at}.location_only.parent"),
                            _opt(lo.get("x"), f"{at}.location_only.x"),
                            _opt(lo.get("y"), f"{at}.location_only.y"),
                            _text(lo.get("kind", "area"), f"{at}.location_only.kind"))
        return Rule(index, table, when, location_only=only)
    fields = {_name(k, f"{at}.fields"): _value(v, f"{at}.fields.{k}")
              for k, v in _dict(spec.get("fields", {}), f"{at}.fields").items()}
    columns = {_name(k, f"{at}.columns"): _value(v, f"{at}.columns.{k}")
               for k, v in _dict(spec.get("columns", {}), f"{at}.columns").items()}
    position = None
    if spec.get("position") is not None:
        pos = _dict(spec["position"], f"{at}.position")
        _keys(pos, f"{at}.position", {"x", "y"})
        position = (_name(pos.get("x"), f"{at}.position.x"),
                    _name(pos.get("y"), f"{at}.position.y"))
    relationships = []
    for i, rel in enumerate(_list(spec.get("relationships", []), f"{at}.relationships")):
        where = f"{at}.relationships[{i}]"
        rel = _dict(rel, where)
        _keys(rel, where, {"type", "column", "table", "inherits_position"})
        target = _name(rel.get("table"), f"{where}.table")
        if target not in tables:
            raise MappingError(f"{where}.table: {target!r} is not declared under tables")
        relationships.append(Relationship(_name(rel.get("type"), f"{where}.type"),
                                          _name(rel.get("column"), f"{where}.column"), target,
                                          bool(rel.get("inherits_position", False))))
    history = []
    for i, hist in enumerate(_list(spec.get("history", []), f"{at}.history")):
        where = f"{at}.history[{i}]"
        hist = _dict(hist, where)
        _keys(hist, where, {"importer", "table", "id", "asset", "fields"})
        history.append(History(_text(hist.get("importer"), f"{where}.importer"),
                               _name(hist.get("table"), f"{where}.table"),
                               _name(hist.get("id"), f"{where}.id"),
                               _name(hist.get("asset"), f"{where}.asset"),
                               {_name(k, f"{where}.fields"): _name(v, f"{where}.fields.{k}")
                                for k, v in _dict(hist.get("fields"), f"{where}.fields").items()}))
    return Rule(index, table, when, kind=_name(spec.get("kind"), f"{at}.kind"), fields=fields,
                columns=columns, location=_opt(spec.get("location"), f"{at}.location"),
                position=position, active=_opt(spec.get("active"), f"{at}.active"),
                notes=_opt(spec.get("notes"), f"{at}.notes"),
                relationships=tuple(relationships), history=tuple(history))


def _value(raw: Any, at: str) -> Value:
    if isinstance(raw, str):
        return Value((raw,))
    if isinstance(raw, list):
        if not raw:
            raise MappingError(f"{at}: give at least one column")
        return Value(tuple(_text(v, f"{at}[]") for v in raw))
    spec = _dict(raw, at)
    _keys(spec, at, {"column", "columns", "value", "map", "else", "pattern"})
    if "value" in spec:
        if not isinstance(spec["value"], str | int | float | bool):
            raise MappingError(f"{at}.value: must be text, a number or true/false")
        return Value(constant=spec["value"])
    sources = ((_text(spec["column"], f"{at}.column"),) if "column" in spec
               else tuple(_text(v, f"{at}.columns[]") for v in _list(spec.get("columns"),
                                                                      f"{at}.columns")))
    if not sources:
        raise MappingError(f"{at}: give column, columns or value")
    value_map = None
    if "map" in spec:
        value_map = {" ".join(str(k).split()).casefold(): _text(v, f"{at}.map.{k}")
                     for k, v in _dict(spec["map"], f"{at}.map").items()}
    pattern = None
    if "pattern" in spec:
        try:
            pattern = re.compile(_text(spec["pattern"], f"{at}.pattern"))
        except re.error as exc:
            raise MappingError(f"{at}.pattern: not a regular expression ({exc})") from exc
    otherwise = _text(spec["else"], f"{at}.else") if "else" in spec else None
    return Value(sources, value_map=value_map, otherwise=otherwise, pattern=pattern)


def _dict(raw: Any, at: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise MappingError(f"{at}: must be a mapping (key: value)")
    return raw


def _list(raw: Any, at: str) -> list[Any]:
    if not isinstance(raw, list):
        raise MappingError(f"{at}: must be a list")
    return raw


def _keys(spec: dict[str, Any], at: str, allowed: set[str]) -> None:
    unknown = sorted(str(k) for k in spec if k not in allowed)
    if unknown:
        raise MappingError(f"{at}: unknown key(s) {', '.join(unknown)} (allowed: "
                           f"{', '.join(sorted(allowed))})")


def _text(raw: Any, at: str) -> str:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool) or str(raw).strip() == "":
        raise MappingError(f"{at}: must be text")
    return str(raw)


def _name(raw: Any, at: str, limit: int = 64) -> str:
    text = _text(raw, at).strip()
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\- ]*", text) or len(text) > limit:
        raise MappingError(f"{at}: {text!r} is not a usable name (letters, digits, _ . -; "
                           f"at most {limit} characters)")
    return text


def _opt(raw: Any, at: str) -> str | None:
    return None if raw is None else _name(raw, at)
