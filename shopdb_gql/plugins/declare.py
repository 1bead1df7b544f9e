"""A kind declared once: each field named in one place, everything else derived from it.

A plugin describes its asset kind as a :class:`Kind` with :class:`Field` records::

    printer = Kind("printer", "Printer", type_name="Printer", table="printers", fields=[
        Field("hostname", str, "Host name", max_length=255, index=True, unique=True,
              search=True, sort=True, ingest=True, help="Network host name."),
        Field("page_count", int, min=0, ingest=True, help="Pages printed so far."),
    ])

and core derives from it: the extension table (``printer.model``), the GraphQL object type
(``printer.graphql_type``), the create and update inputs (absent = keep, null = clear),
the filter input and the order enum, the payloads, the root fields ``printer``,
``printers``, ``createPrinter``, ``updatePrinter`` and ``deletePrinter`` with payload
errors and audit (``printer.query`` and ``printer.mutation``), the :class:`AssetKind`
record (search columns, address columns, labels) and the collectors' :class:`IngestSpec`.

What a declaration cannot say is written by hand beside it with the same plugin API: a
computed field (subclass the object type with :meth:`Kind.object_type`), a special
mutation (USB check-out), extra inputs handled after a write (``extra_inputs`` and
``after_write``), extra filter criteria (``extra_filters``).
"""

from __future__ import annotations

import enum
import inspect
import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

import strawberry
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Integer,
    Select,
    String,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import mapped_column
from strawberry.types import Info
from strawberry.types.arguments import InputContext, convert_argument
from strawberry.types.base import get_object_definition

from shopdb_gql.auth.permissions import CanRead, CanWrite
from shopdb_gql.core import assetcounts, customfields
from shopdb_gql.core.customfields import CustomFieldDef
from shopdb_gql.core.editing import (
    core_values,
    create_asset,
    delete_asset,
    generate_asset_tag,
    get_or_fail,
    update_asset,
)
from shopdb_gql.core.filters import (
    SortDirection,
    apply_order,
    condition_clause,
    in_locations,
    parse_ids,
    text_candidates,
    text_condition,
)
from shopdb_gql.core.labels import field_label
from shopdb_gql.core.models import Asset as AssetRow
from shopdb_gql.core.models import AssetRecord
from shopdb_gql.core.mutations import AssetUpdateInput
from shopdb_gql.core.pages import asset_of_type, asset_page
from shopdb_gql.core.types import Asset, asset_fields
from shopdb_gql.db.base import Base, UTCDateTime
from shopdb_gql.graphql.connection import Connection
from shopdb_gql.graphql.context import Context
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, bad_input, user_error
from shopdb_gql.graphql.mutations import Tx, perform
from shopdb_gql.plugins.ingest import IngestSpec
from shopdb_gql.plugins.spec import AssetCondition, AssetKind, NavigationItem, Plugin, PluginRoute

UNSET: Any = strawberry.UNSET

#: Sort keys every kind's list offers, beside the fields declared ``sort=True``.
CORE_SORTS = {"ASSET_TAG": "assettag", "NAME": "name", "SERIAL_NUMBER": "serialnumber",
              "CREATED_AT": "createdat", "UPDATED_AT": "updatedat", "LAST_SEEN_AT": "lastseenat"}


def camel(name: str) -> str:
    """``os_version`` -> ``osVersion`` (the GraphQL name Strawberry gives a Python name)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def plural(word: str) -> str:
    """English plural of the last word: wrench -> wrenches, battery -> batteries."""
    if word.lower().endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word[-1] == "y" and word[-2].lower() not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def in_sentence(label: str) -> str:
    """``Measuring tool`` -> ``measuring tool``, but ``USB device`` stays as it is."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


@dataclass(frozen=True)
class Field:
    """One field of a kind: its storage, its GraphQL shape, its checks and where it takes part.

    ``type`` is ``str``, ``int``, ``float``, ``bool``, ``datetime`` or a ``@strawberry.enum``
    class (stored as the member's value). Checks: ``required`` (a create must give it, an
    update cannot clear it), ``max_length`` (text; also the column's length, 255 by
    default, 40 for enums), ``min``/``max`` (numbers), ``choices`` (allowed texts) and
    ``unique`` (no two assets of the kind share a value; a clash is a CONFLICT). Parts:
    ``filter`` (a criterion in the kind's filter input: exact and case-insensitive for text,
    any of a list for an enum, the value for a flag), ``sort`` (a key of the order enum),
    ``search`` (matched by the filter's and core's ``text``), ``ingest`` (collectors may
    send it), ``address`` (an IP address core searches for subnets). Storage: ``column``
    (default: the name without underscores), ``index`` (a field offered for sorting is
    indexed too, so a list sorted by it reads an index range, whatever the page),
    ``not_null``; ``default`` is the
    value a create takes when the field is left out (the column is then NOT NULL).
    ``clean(value) -> value`` normalizes a given value (a host name in lower case) or
    raises ``ValueError("why")``, which the caller gets as INVALID with that message.
    ``lockable=False``: a person's edit does not lock the field against collectors (their
    next report overwrites it, as for a logged-on user).
    ``input=False`` keeps a field out of the inputs: a value the plugin derives itself
    (in ``before_write``), shown on the type. ``non_null`` (with a ``default``) makes the
    object type's field non-null, as an existing schema had it: a missing or unknown stored
    value reads as the default. ``null_is_default`` (with a ``default``): an update's null
    sets the default again instead of being refused.
    """

    name: str
    type: Any = str
    label: str | None = None
    help: str = ""
    required: bool = False
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    choices: Sequence[str] | None = None
    unique: bool = False
    filter: bool | str = False
    sort: bool = False
    search: bool = False
    ingest: bool = False
    address: bool = False
    index: bool = False
    column: str | None = None
    default: Any = None
    not_null: bool = False
    clean: Callable[[Any], Any] | None = None
    input: bool = True
    #: ``"manufacturer"`` or ``"model"``: the field holds a name from that managed list
    #: (Reference data: admins merge duplicate spellings across every kind that declares it).
    vocabulary: str | None = None
    lockable: bool = True
    non_null: bool = False
    null_is_default: bool = False

    @property
    def filter_name(self) -> str:
        """The filter criterion's Python name: ``filter`` when it is a name, else derived."""
        if isinstance(self.filter, str):
            return self.filter
        return f"{self.name}s" if self.is_enum else self.name

    @property
    def keeps_value(self) -> bool:
        """Whether the field can never be empty (an update cannot clear it)."""
        return self.required or self.not_null or self.default is not None

    def stored(self, value: Any) -> Any:
        return value.value if isinstance(value, enum.Enum) else value

    @property
    def indexed(self) -> bool:
        """Whether the column gets an index of its own (a unique one has one already)."""
        return self.index or (self.sort and not self.unique)

    @property
    def column_name(self) -> str:
        return self.column or self.name.replace("_", "")

    @property
    def graphql_name(self) -> str:
        return camel(self.name)

    @cached_property
    def is_enum(self) -> bool:
        return isinstance(self.type, type) and issubclass(self.type, enum.Enum)

    @cached_property
    def enum_members(self) -> dict[Any, Any]:
        """Stored value -> enum member (every asset of a page is built through this)."""
        return {member.value: member for member in self.type} if self.is_enum else {}

    @property
    def length(self) -> int:
        return self.max_length or (40 if self.is_enum else 255)

    def sql_type(self) -> Any:
        if self.type is str or self.is_enum:
            return String(self.length)
        simple = {int: Integer, float: Float, bool: Boolean, datetime: UTCDateTime, date: Date}
        if self.type not in simple:
            raise TypeError(f"field {self.name!r}: unsupported type {self.type!r}")
        return simple[self.type]()

    @property
    def title(self) -> str:
        """The field's label, as the UI shows it (``OS version``)."""
        return self.label or field_label(self.name)

    @property
    def what(self) -> str:
        """The field's name in a sentence (``host name``)."""
        return in_sentence(self.label or field_label(self.name))

    def description(self) -> str:
        return self.help or f"{self.label or field_label(self.name)}."


@dataclass(frozen=True)
class ExtraInput:
    """An input field written by hand (``after_write`` applies it), on create and update."""

    name: str
    type: Any
    help: str
    update_help: str | None = None


#: ``after_write(tx, asset_id, input, created)``: applies ``extra_inputs`` after the row is written.
AfterWrite = Callable[[Tx, int, Any, bool], Awaitable[None]]
#: ``before_write(tx, values, current, created)``: cross-field rules and derived columns.
BeforeWrite = Callable[[Tx, dict[str, Any], Any, bool], Awaitable[None]]
#: An extra filter criterion: ``(type, description, value -> condition on the query's tables)``.
#: The function may be async, taking ``(info, value)``: a criterion that must ask the database
#: first (e.g. addresses in a subnet); it runs before the list query.
ExtraFilter = tuple[Any, str, Callable[..., Any]]


class Kind:
    """An asset kind declared once; see the module docstring.

    ``key`` is the kind key (``usbdevice``), ``label`` its name in words. ``type_name`` is
    the GraphQL type (root fields are named from it: ``usbDevice``, ``usbDevices``,
    ``createUsbDevice``...). ``table`` is the extension table. ``name_from`` lists fields
    whose value names a new asset when no name is given (then the serial number, then the
    asset tag). ``serial_required``/``serial_unique`` make core's serial number required
    and unique within the kind. ``identity`` (ingest) lists record fields identifying an
    asset, core ``serial_number`` included. ``default_sort`` is the column a list is sorted
    by when no order is asked for. ``require_any`` names fields (core ``serial_number``
    included) of which an asset must always have one, e.g. a host name or a serial number.
    ``name_required`` makes the display name a required create argument.
    ``before_write(tx, values, current, created)`` runs after each field's checks, before a
    write: ``values`` are the checked column values given, ``current`` the kind's row as
    stored (None on a create); it may add derived columns to ``values`` or raise
    ``PayloadErrors`` for a rule that spans fields. ``delete_payload`` (a hand-written type
    with ``deleted_id`` and ``errors``) or ``delete_payload_name`` keep an existing schema's
    delete result. ``order_type`` (a hand-written order input: ``field``, an enum whose values
    are column names, and ``direction``; e.g. core's ``AssetOrder``) keeps an existing schema's
    ``orderBy`` argument instead of the derived ``<Type>Order``. ``all_errors`` reports every
    field's problem at once, with ``before_write``'s (which then sees only the values that
    passed their checks), instead of the first one found.
    """

    def __init__(
        self, key: str, label: str, *, type_name: str, fields: Sequence[Field], table: str,
        description: str = "", plural_label: str | None = None, plural_type_name: str | None = None,
        name_from: Sequence[str] = (), serial_required: bool = False, serial_unique: bool = False,
        identity: Sequence[str] = (), normalizers: Mapping[str, str] | None = None,
        stale_after: timedelta | None = None, conditions: Sequence[AssetCondition] = (),
        field_labels: Mapping[str, str] | None = None, default_sort: str | None = None,
        extra_inputs: Sequence[ExtraInput] = (), after_write: AfterWrite | None = None,
        extra_filters: Mapping[str, ExtraFilter] | None = None,
        input_description: str | None = None, table_doc: str | None = None,
        plural_field: str | None = None, ingest_mutation: str | None = None,
        require_any: Sequence[str] = (), name_required: bool = False,
        before_write: BeforeWrite | None = None, delete_payload: type | None = None,
        delete_payload_name: str | None = None, payload_description: str | None = None,
        order_type: type | None = None, all_errors: bool = False,
    ) -> None:
        self.key, self.label, self.type_name, self.table = key, label, type_name, table
        self.fields = tuple(fields)
        self.description = description or f"A {label.lower()}."
        self.plural_label = plural_label or plural(label)
        self.what, self.plural_what = in_sentence(self.label), in_sentence(self.plural_label)
        self.plural_type_name = plural_type_name or plural(type_name)
        self.name_from, self.identity = tuple(name_from), tuple(identity)
        self.serial_required, self.serial_unique = serial_required, serial_unique
        self.normalizers = dict(normalizers or {})
        self.stale_after, self.conditions = stale_after, tuple(conditions)
        self.default_sort = default_sort
        self.extra_inputs, self.after_write = tuple(extra_inputs), after_write
        self.extra_filters = dict(extra_filters or {})
        self.input_description = input_description
        self.labels = {f.graphql_name: f.label for f in self.fields if f.label}
        self.labels.update(field_labels or {})
        self.singular = type_name[:1].lower() + type_name[1:]
        self.plural = self.plural_type_name[:1].lower() + self.plural_type_name[1:]
        self.py_singular = _snake(self.singular)
        self.py_plural = plural_field or _snake(self.plural)
        self.ingest_mutation = ingest_mutation or f"ingest{self.plural_type_name}"
        self.require_any = tuple(require_any)
        self.name_required, self.before_write = name_required, before_write
        self.payload_description = payload_description
        self._delete_payload_name = delete_payload_name or f"Delete{type_name}Payload"
        if delete_payload is not None:  # a cached_property's value, given instead of derived
            self.__dict__["delete_payload"] = delete_payload
        if order_type is not None:
            self.__dict__["order_input"] = order_type
        self.all_errors = all_errors
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"kind {key!r}: a field is declared twice")
        if any(f.non_null and f.default is None for f in self.fields):
            raise ValueError(f"kind {key!r}: a non_null field needs a default")
        self.model: type[Base] = self._model(table_doc)
        self._object_type: type | None = None

    # -- storage -----------------------------------------------------------------------

    def _model(self, doc: str | None) -> type[Base]:
        attrs: dict[str, Any] = {
            "__tablename__": self.table,
            "__doc__": doc or f"Fields of a {self.what} beyond the core asset columns.",
            "id": mapped_column(Integer, ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True),
        }
        for f in self.fields:
            default = f.stored(f.default) if f.default is not None else None
            attrs[f.column_name] = mapped_column(
                f.sql_type(), index=f.indexed or None, unique=f.unique or None,
                nullable=not (f.not_null or f.default is not None), default=default)
        return type(f"{self.type_name}Row", (Base,), attrs)

    # -- GraphQL object type -----------------------------------------------------------

    def object_type(self, cls: type) -> type:
        """Decorates a hand-written subclass of ``Asset`` (for computed fields): the declared
        fields are added to it, and it becomes the kind's GraphQL type."""
        if self._object_type is not None:
            raise RuntimeError(f"kind {self.key!r}: the object type is already built")
        annotations = dict(inspect.get_annotations(cls))
        for f in self.fields:
            annotations[f.name] = f.type if f.non_null else f.type | None
            setattr(cls, f.name, strawberry.field(default=f.default if f.non_null else None,
                                                  description=f.description()))
        cls.__annotations__ = annotations
        self._object_type = strawberry.type(cls, description=self.description)
        return self._object_type

    @property
    def graphql_type(self) -> type:
        if self._object_type is None:
            self.object_type(type(self.type_name, (Asset,), {"__module__": __name__}))
        assert self._object_type is not None
        return self._object_type

    def build(self, row: AssetRecord, ext: Any) -> Any:
        """The GraphQL object for a core row and its extension row (None when missing); both
        may be ORM instances or plain rows of their columns, and are only read."""
        values: dict[str, Any] = {}
        if ext is not None:
            for f in self.fields:
                value = getattr(ext, f.column_name)
                if f.is_enum:
                    value = f.enum_members.get(value)
                values[f.name] = f.default if value is None and f.non_null else value
        return self.graphql_type(**asset_fields(row), **values)

    # -- inputs, filter, order, payloads ------------------------------------------------

    @cached_property
    def create_input(self) -> type:
        return _keeping_custom_values(self._make_create_input())

    @cached_property
    def update_input(self) -> type:
        return _keeping_custom_values(self._make_update_input())

    @cached_property
    def filter_input(self) -> type:
        return _keeping_custom_values(self._make_filter())

    @cached_property
    def order_input(self) -> type:
        return self._make_order()

    @cached_property
    def payload(self) -> type:
        return _dynamic_type(
            f"{self.type_name}Payload", self.payload_description or f"Result of a {self.what} mutation.", {
                self.py_singular: (self.graphql_type | None, strawberry.field(
                    default=None, description=f"The {self.what}, after.")),
                "errors": (list[UserError], strawberry.field(description="Why the change was refused.")),
            })

    @cached_property
    def delete_payload(self) -> type:
        return _dynamic_type(
            self._delete_payload_name, f"Result of deleting a {self.what}.", {
                "deleted_id": (strawberry.ID | None, strawberry.field(
                    default=None, description=f"Identifier of the {self.what} deleted.")),
                "errors": (list[UserError], strawberry.field(description="Why the delete was refused.")),
            })

    def _core_inputs(self) -> dict[str, tuple[Any, Any]]:
        serial_type: Any = str if self.serial_required else str | None
        serial = (strawberry.field(description=f"Serial number; unique among {self.plural_what}.")
                  if self.serial_required else
                  strawberry.field(default=None, description="Serial number."))
        return {
            "serial_number": (serial_type, serial),
            "name": (str | None, strawberry.field(default=UNSET, description=(
                "Display name; " + self._name_rule() + " when omitted."))),
            "asset_tag": (str | None, strawberry.field(default=UNSET, description=(
                "Asset number; generated when omitted."))),
            "status_id": (strawberry.ID | None, strawberry.field(default=UNSET, description=(
                "Status; in use when omitted."))),
            "location_id": (strawberry.ID | None, strawberry.field(default=UNSET, description="Location.")),
            "notes": (str | None, strawberry.field(default=UNSET, description="Free text.")),
        }

    def _name_rule(self) -> str:
        by_name = {f.name: f.what for f in self.fields}
        parts = [by_name.get(n, in_sentence(field_label(n))) for n in self.name_from]
        parts += ["serial number", "asset tag"]
        return "the " + ", else the ".join(parts)

    def _make_create_input(self) -> type:
        members: dict[str, tuple[Any, Any]] = {}
        core = self._core_inputs()
        members["serial_number"] = core.pop("serial_number")
        if self.name_required:
            core["name"] = (str, strawberry.field(description="Display name."))
        for f in self.fields:
            if not f.input:
                continue
            if f.required:
                members[f.name] = (f.type, strawberry.field(description=f.description()))
            elif f.default is not None:
                members[f.name] = (f.type, strawberry.field(default=f.default, description=f.description()))
            else:
                members[f.name] = (f.type | None, strawberry.field(default=None, description=f.description()))
        members.update(core)
        for extra in self.extra_inputs:
            members[extra.name] = (extra.type | None, strawberry.field(default=None, description=extra.help))
        description = self.input_description or f"A new {self.what}."
        return _dynamic_type(f"{self.type_name}Input", description, members, kind="input")

    def _make_update_input(self) -> type:
        members: dict[str, tuple[Any, Any]] = {}
        for f in self.fields:
            if not f.input:
                continue
            note = ("; null sets the default" if f.null_is_default and f.default is not None
                    else "; cannot be cleared" if f.keeps_value else "")
            members[f.name] = (f.type | None, strawberry.field(
                default=UNSET, description=f.description().rstrip(".") + note + "."))
        for extra in self.extra_inputs:
            members[extra.name] = (extra.type | None, strawberry.field(
                default=UNSET, description=extra.update_help or extra.help))
        return _dynamic_type(f"{self.type_name}UpdateInput",
                             f"Changes to a {self.what}; omitted fields stay, null clears.",
                             members, kind="input", bases=(AssetUpdateInput,))

    def _make_filter(self) -> type:
        members: dict[str, tuple[Any, Any]] = {
            "text": (str | None, strawberry.field(default=None, description=(
                "Matches asset tag, name, serial number, notes"
                + "".join(f", {f.what}" for f in self.fields if f.search)
                + "."))),
            "locations": (list[strawberry.ID] | None, strawberry.field(
                default=None, description="Location ids; each includes every location below it.")),
            "statuses": (list[strawberry.ID] | None,
                         strawberry.field(default=None, description="Status ids.")),
        }
        for f in self.fields:
            if not f.filter:
                continue
            if f.is_enum:
                members[f.filter_name] = (list[f.type] | None, strawberry.field(  # type: ignore[name-defined]
                    default=None, description=f"Any of these values of {f.what}."))
            elif f.type is str:
                members[f.filter_name] = (str | None, strawberry.field(
                    default=None, description=f"{f.title}, exact but case-insensitive."))
            else:
                members[f.filter_name] = (f.type | None, strawberry.field(
                    default=None, description=f"{f.title} equal to this."))
        for name, (typ, text, _) in self.extra_filters.items():
            members[name] = (typ | None, strawberry.field(default=None, description=text))
        if self.conditions:
            members["conditions"] = (list[str] | None, strawberry.field(default=None, description=(
                "Named conditions, every one given must hold: "
                + "; ".join(f"`{c.key}`, {in_sentence(c.label)}" for c in self.conditions) + ".")))
        description = f"Narrows the list of {self.plural_what}. All given criteria must match."
        return _dynamic_type(f"{self.type_name}Filter", description, members, kind="input")

    def _make_order(self) -> type:
        values = dict(CORE_SORTS)
        for f in self.fields:
            if f.sort:
                values[_snake(f.name).upper()] = f.column_name
        members: Any = enum.Enum(f"{self.type_name}OrderField", values)  # type: ignore[misc]
        order_field = strawberry.enum(members, description=f"Fields {self.plural_what} can be sorted by.")
        return _dynamic_type(f"{self.type_name}Order", f"One sort key for {self.plural_what}.", {
            "field": (order_field, strawberry.field(description="What to sort by.")),
            "direction": (SortDirection, strawberry.field(default=SortDirection.ASC,
                                                          description="Ascending or descending.")),
        }, kind="input")

    # -- reading -------------------------------------------------------------------------

    def list_query(self, flt: Any, order: Sequence[Any] | None,
                   custom: Sequence[CustomFieldDef] = (),
                   candidates: Select[Any] | None = None) -> Select[Any]:
        """Assets of the kind (joined to its table), filtered and sorted; ``custom`` are the
        kind's custom fields in the schema served (their filters and sort keys);
        ``candidates`` the search index's for the filter's text (``text_candidates``)."""
        model: Any = self.model
        query = (select(AssetRow).outerjoin(model, model.id == AssetRow.id)
                 .where(AssetRow.kind == self.key))
        if flt is not None:
            query = query.where(*self.conditions_for(flt, candidates))
            given = getattr(flt, "custom_values", None) or {}
            for f in custom:
                if f.name in given:
                    try:
                        query = query.where(customfields.filter_condition(f, given[f.name]))
                    except customfields.ValueProblem as exc:
                        raise bad_input(f"filter.{f.name}: {exc}") from exc
        return apply_order(query, order, model, default=self.default_sort)

    def conditions_for(self, flt: Any,
                       candidates: Select[Any] | None = None) -> list[ColumnElement[bool]]:
        model: Any = self.model
        found: list[ColumnElement[bool]] = []
        if flt.locations is not None:
            found.append(in_locations(AssetRow.locationid, parse_ids(flt.locations, "location")))
        if flt.statuses is not None:
            found.append(AssetRow.statusid.in_(parse_ids(flt.statuses, "status")))
        if flt.text and flt.text.strip():  # core's text match, limited to this kind's columns
            found.append(text_condition(flt.text, {self.key: self.asset_kind()}, candidates))
        for f in self.fields:
            if not f.filter:
                continue
            column = getattr(model, f.column_name)
            if f.is_enum:
                values = getattr(flt, f.filter_name)
                if values is not None:
                    found.append(column.in_([v.value for v in values]))
            else:
                value = getattr(flt, f.filter_name)
                if value is None:
                    continue
                if f.type is str:
                    found.append(func.lower(column) == value.strip().lower())
                else:
                    found.append(column == value)
        for name, (_, _, where) in self.extra_filters.items():
            value = getattr(flt, name)
            if value is not None and not inspect.iscoroutinefunction(where):
                found.append(where(value))
        for key in dict.fromkeys(getattr(flt, "conditions", None) or ()):
            found.append(condition_clause(key, {self.key: self.asset_kind()}))
        return found

    async def awaited_conditions(self, info: Info[Context, Any], flt: Any) -> list[ColumnElement[bool]]:
        """Conditions of the async extra filters given in ``flt``."""
        found: list[ColumnElement[bool]] = []
        for name, (_, _, where) in self.extra_filters.items():
            value = getattr(flt, name)
            if value is not None and inspect.iscoroutinefunction(where):
                found.append(await where(info, value))
        return found

    # -- writing -------------------------------------------------------------------------

    async def _values(self, tx: Tx, data: Any, own_id: int | None) -> dict[str, Any]:
        """Checked extension column values for the fields ``data`` gives (UNSET skipped)."""
        values: dict[str, Any] = {}
        errors: list[UserError] = []
        for f in self.fields:
            value = getattr(data, f.name, UNSET) if f.input else UNSET
            if value is UNSET:
                continue
            try:
                values[f.column_name] = await self._checked(tx, f, value, own_id)
            except PayloadErrors as exc:
                if not self.all_errors:
                    raise
                errors.extend(exc.errors)
        if errors:  # only with all_errors: add the cross-field rules' problems, then refuse
            if self.before_write is not None:
                current = await tx.session.get(self.model, own_id) if own_id is not None else None
                try:
                    await self.before_write(tx, values, current, own_id is None)
                except PayloadErrors as exc:
                    errors.extend(exc.errors)
            raise PayloadErrors(*errors)
        return values

    async def _checked(self, tx: Tx, f: Field, value: Any, own_id: int | None) -> Any:
        label = f.title
        def refuse(code: ErrorCode, message: str) -> PayloadErrors:
            return PayloadErrors(user_error(code, message, "input", f.graphql_name))
        if isinstance(value, str):
            value = value.strip() or None
        if value is None:
            if f.null_is_default and f.default is not None:
                return f.stored(f.default)
            if f.keeps_value:
                raise refuse(ErrorCode.REQUIRED, f"A {self.what} needs a {f.what}")
            return None
        if f.clean is not None:
            try:
                value = f.clean(value)
            except ValueError as exc:
                raise refuse(ErrorCode.INVALID, str(exc)) from exc
        if f.is_enum:
            return value.value
        if f.type is str:
            if len(value) > f.length:
                raise refuse(ErrorCode.INVALID, f"{label} has at most {f.length} characters")
            if f.choices is not None and value not in f.choices:
                raise refuse(ErrorCode.INVALID, f"{label} is one of: {', '.join(f.choices)}")
        if f.type in (int, float):
            if isinstance(value, float) and not math.isfinite(value):
                raise refuse(ErrorCode.INVALID, f"{label} must be a finite number")
            if (f.min is not None and value < f.min) or (f.max is not None and value > f.max):
                bounds = (f"from {_num(f.min)} to {_num(f.max)}" if f.min is not None and f.max is not None
                          else f"at least {_num(f.min)}" if f.min is not None else f"at most {_num(f.max)}")
                raise refuse(ErrorCode.INVALID, f"{label} must be {bounds}")
        if f.type is datetime and value.tzinfo is None:
            raise refuse(ErrorCode.INVALID, f"{label} needs a time zone")
        if f.unique:
            model: Any = self.model
            column = getattr(model, f.column_name)
            match = func.lower(column) == value.lower() if isinstance(value, str) else column == value
            clash = await tx.session.scalar(select(model.id).where(match, model.id != (own_id or 0)).limit(1))
            if clash is not None:
                raise refuse(ErrorCode.CONFLICT, f"{label} {value!r} belongs to {self.what} {clash}")
        return value

    async def _serial(self, tx: Tx, data: Any, own_id: int | None, creating: bool) -> None:
        if not (self.serial_required or self.serial_unique):
            return
        value = getattr(data, "serial_number", UNSET)
        if value is UNSET and not creating:
            return
        serial = (value or "").strip() or None
        def refuse(code: ErrorCode, message: str) -> PayloadErrors:
            return PayloadErrors(user_error(code, message, "input", "serialNumber"))
        if serial is None:
            if self.serial_required:
                raise refuse(ErrorCode.REQUIRED, f"A {self.what} needs its serial number")
            return
        if len(serial) > 128:
            raise refuse(ErrorCode.INVALID, "A serial number has at most 128 characters")
        if self.serial_unique:
            clash = await tx.session.scalar(select(AssetRow.id).where(
                AssetRow.kind == self.key, AssetRow.serialnumber == serial,
                AssetRow.id != (own_id or 0)).limit(1))
            if clash is not None:
                raise refuse(ErrorCode.CONFLICT, f"Serial number {serial!r} belongs to "
                                                 f"{self.what} {clash}")

    async def create(self, tx: Tx, data: Any) -> dict[str, Any]:
        """Create an asset of the kind from a create input; the payload's values."""
        for attr in ("asset_tag",) if self.name_required else ("name", "asset_tag"):
            # null or blank on a create: the default
            given = getattr(data, attr, UNSET)
            if given is None or (isinstance(given, str) and not given.strip()):
                setattr(data, attr, UNSET)
        await self._serial(tx, data, None, creating=True)
        ext_values = await self._values(tx, data, None)
        values = await core_values(tx.session, data, None)
        if "name" not in values or not values["name"]:
            named = [ext_values.get(f.column_name) for f in self.fields if f.name in self.name_from]
            fallback = next((str(v) for v in [*named, values.get("serialnumber")] if v), None)
            if not fallback:  # nothing names it: its asset tag does (generated if need be)
                values["assettag"] = fallback = values.get("assettag") or generate_asset_tag(self.key)
            values["name"] = fallback[:200]
        if self.require_any and not any(self._given(n, ext_values, values) for n in self.require_any):
            raise self._missing_any("needs")
        if self.before_write is not None:
            await self.before_write(tx, ext_values, None, True)
        custom = await self._custom(tx, data, creating=True)
        ext = self.model(**ext_values)
        row = await create_asset(tx, self.key, values, ext, custom=custom)
        if self.after_write is not None:
            await self.after_write(tx, row.id, data, True)
        return {self.py_singular: self.build(row, ext)}

    async def asset_row(self, tx: Tx, id: object) -> AssetRow:
        """The core row of asset ``id`` if it is of this kind, else NOT_FOUND on ``id``
        (for hand-written mutations too: a check-out, a calibration, supply levels)."""
        row: AssetRow = await get_or_fail(tx.session, AssetRow, id, self.what)
        if row.kind != self.key:
            raise PayloadErrors(user_error(ErrorCode.NOT_FOUND,
                                           f"Asset {id} is not a {self.what}", "id"))
        return row

    async def update(self, tx: Tx, id: strawberry.ID, data: Any) -> dict[str, Any]:
        """Apply an update input to one asset of the kind; the payload's values."""
        row = await self.asset_row(tx, id)
        await self._serial(tx, data, row.id, creating=False)
        ext_values = await self._values(tx, data, row.id)
        if self.before_write is not None:
            await self.before_write(tx, ext_values, await tx.session.get(self.model, row.id), False)
        custom = await self._custom(tx, data, creating=False)
        result = await update_asset(tx, id, data, ext_values, self.model, kind=self.key,
                                    custom=custom)
        if self.require_any:
            current = await tx.session.get(self.model, row.id)
            now = {c.key: getattr(current, c.key) for c in self.model.__table__.columns} if current else {}
            if not any(self._given(n, now, {"serialnumber": row.serialnumber}) for n in self.require_any):
                raise self._missing_any("keeps")
        if self.after_write is not None:
            await self.after_write(tx, row.id, data, False)
        return {self.py_singular: result["asset"]}

    async def _custom(self, tx: Tx, data: Any, *, creating: bool
                      ) -> list[tuple[CustomFieldDef, Any]]:
        """The custom field values ``data`` gives (and the defaults on a create), checked:
        every refused value is a payload error at its input path."""
        fields = tx.info.context.active.custom_for(self.key)
        given = getattr(data, "custom_values", None) or {}
        try:
            wanted = customfields.check_all(fields, given, creating=creating)
            await customfields.check_references(tx.session, wanted)
        except customfields.FieldProblems as exc:
            raise PayloadErrors(*(user_error(ErrorCode(p.code), str(p), "input", name)
                                  for name, p in exc.problems)) from exc
        return wanted

    def _given(self, name: str, ext_values: Mapping[str, Any], core: Mapping[str, Any]) -> bool:
        if name == "serial_number":
            return bool(core.get("serialnumber"))
        f = next(f for f in self.fields if f.name == name)
        return bool(ext_values.get(f.column_name))

    def _missing_any(self, verb: str) -> PayloadErrors:
        names = [("serial number" if n == "serial_number" else
                  next(f.what for f in self.fields if f.name == n)) for n in self.require_any]
        first = "serialNumber" if self.require_any[0] == "serial_number" else camel(self.require_any[0])
        return PayloadErrors(user_error(ErrorCode.REQUIRED, f"A {self.what} {verb} a "
                                        + " or a ".join(names), "input", first))

    # -- root fields ---------------------------------------------------------------------

    @cached_property
    def query(self) -> type:
        """``<kind>(id)`` and ``<kinds>(filter, orderBy, first, after)``."""
        return self._make_query()

    @cached_property
    def mutation(self) -> type:
        """``create<Kind>``, ``update<Kind>`` and ``delete<Kind>``."""
        return self._make_mutation()

    def _make_query(self) -> type:
        kind = self
        gql_type, flt_type, order_type = self.graphql_type, self.filter_input, self.order_input

        async def one(info: Info[Context, Any], id: strawberry.ID) -> Any:
            return await asset_of_type(info, id, gql_type)

        async def many(info: Info[Context, Any], filter: Any = None, order_by: Any = None,
                       first: int | None = 50, after: str | None = None) -> Any:
            candidates = await text_candidates(info.context.session, filter,
                                               {kind.key: kind.asset_kind()})
            query = kind.list_query(filter, order_by, info.context.active.custom_for(kind.key),
                                    candidates)
            if filter is not None:
                query = query.where(*await kind.awaited_conditions(info, filter))
            # Unfiltered, the list is every asset of the kind: the writes keep that count.
            counted = assetcounts.total([kind.key]) if filter is None else None
            return await asset_page(info, query, first, after, counted=counted)

        one.__annotations__ = {"info": Info[Context, Any], "id": strawberry.ID, "return": gql_type | None}
        many.__annotations__ = {"info": Info[Context, Any], "filter": flt_type | None,
                                "order_by": list[order_type] | None,  # type: ignore[valid-type]
                                "first": int | None, "after": str | None,
                                "return": Connection[gql_type]}  # type: ignore[valid-type]
        return strawberry.type(type(f"{self.type_name}Query", (), {
            self.py_singular: strawberry.field(
                resolver=one, permission_classes=[CanRead],
                description=f"One {self.what} by asset id; null if it is not one."),
            self.py_plural: strawberry.field(
                resolver=many, permission_classes=[CanRead],
                description=f"{self.plural_label}, filtered, sorted and paged."),
        }))

    def _make_mutation(self) -> type:
        kind = self
        payload, deleted = self.payload, self.delete_payload

        async def create(info: Info[Context, Any], input: Any) -> Any:
            return await perform(info, payload, lambda tx: kind.create(tx, input))

        async def update(info: Info[Context, Any], id: strawberry.ID, input: Any) -> Any:
            return await perform(info, payload, lambda tx: kind.update(tx, id, input))

        async def remove(info: Info[Context, Any], id: strawberry.ID) -> Any:
            return await perform(info, deleted, lambda tx: delete_asset(tx, id, kind=kind.key))

        create.__annotations__ = {"info": Info[Context, Any], "input": self.create_input, "return": payload}
        update.__annotations__ = {"info": Info[Context, Any], "id": strawberry.ID,
                                  "input": self.update_input, "return": payload}
        remove.__annotations__ = {"info": Info[Context, Any], "id": strawberry.ID, "return": deleted}
        what = self.what
        return strawberry.type(type(f"{self.type_name}Mutation", (), {
            f"create_{self.py_singular}": strawberry.mutation(
                resolver=create, permission_classes=[CanWrite], description=f"Create a {what}."),
            f"update_{self.py_singular}": strawberry.mutation(
                resolver=update, permission_classes=[CanWrite],
                description=f"Change a {what}; omitted fields stay, null clears."),
            f"delete_{self.py_singular}": strawberry.mutation(
                resolver=remove, permission_classes=[CanWrite], description=f"Delete a {what}."),
        }))

    def query_with(self, *extra: type) -> type:
        """The plugin's query type: the declared root fields plus hand-written ones."""
        return strawberry.type(type(f"{self.type_name}Queries", (self.query, *extra), {}))

    def mutation_with(self, *extra: type) -> type:
        """The plugin's mutation type: the declared create/update/delete plus hand-written ones
        (which return the kind's payload with ``graphql_type=kind.payload``)."""
        return strawberry.type(type(f"{self.type_name}Mutations", (self.mutation, *extra), {}))

    # -- records for the plugin hooks --------------------------------------------------------

    def asset_kind(self) -> AssetKind:
        return self._asset_kind

    @cached_property
    def _asset_kind(self) -> AssetKind:
        return AssetKind(
            kind=self.key, label=self.label, graphql_type=self.graphql_type, model=self.model,
            build=self.build, plural_label=self.plural_label, stale_after=self.stale_after,
            search_columns=tuple(f.column_name for f in self.fields if f.search),
            address_columns=tuple(f.column_name for f in self.fields if f.address),
            field_labels=dict(self.labels), conditions=self.conditions,
            unlocked_columns=tuple(f.column_name for f in self.fields if not f.lockable),
            vocabulary=tuple((f.vocabulary, f.column_name) for f in self.fields if f.vocabulary),
            custom_fields_on=self._custom_field_types())

    def _custom_field_types(self) -> dict[str, str]:
        """Where custom fields of the kind go: its type, filter, inputs and order enum. A
        kind without sort fields of its own orders by the shared AssetOrderField: its custom
        fields' members go there with the kind in front (``MEASURINGTOOL_LAB``), so another
        kind's field of the same name cannot clash."""
        def name(cls: type) -> str:
            return get_object_definition(cls, strict=True).name
        found = {"type": name(self.graphql_type), "filter": name(self.filter_input),
                 "create": name(self.create_input), "update": name(self.update_input)}
        order_field = next((f for f in get_object_definition(self.order_input, strict=True).fields
                            if f.python_name == "field"), None)
        enum_type: Any = order_field.type if order_field is not None else None
        enum_name = getattr(getattr(enum_type, "__strawberry_definition__", enum_type), "name", None)
        if isinstance(enum_name, str):
            found["order"] = enum_name
            if enum_name == "AssetOrderField":
                found["order_prefix"] = f"{self.key.upper()}_"
        return found

    def ingest_spec(self) -> IngestSpec:
        return IngestSpec(kind=self.key, mutation_name=self.ingest_mutation,
                          identity=self.identity,
                          fields=tuple(f.name for f in self.fields if f.ingest),
                          stale_after=self.stale_after, normalizers=dict(self.normalizers))

    def types(self) -> tuple[type, ...]:
        """The payload types, for the plugin's ``types()`` hook."""
        return (self.payload, self.delete_payload)


class KindPlugin(Plugin):
    """A plugin that is one declared kind: each hook answered from ``kind``.

    ``plugin = KindPlugin(kind=wrench)`` is a whole plugin: the table, the root fields, the
    kind, collector ingest (when the kind declares an ``identity``), a menu entry at
    ``/<plugin name>`` and demo rows; ``routes`` adds HTTP routes (``PluginRoute``). Subclass
    it to add hooks (a dashboard tile) or to extend one (``query`` returning
    ``self.kind.query_with(MyReports)``).
    """

    def __init__(self, kind: Kind, *, icon: str = "box", menu_order: int = 200,
                 routes: Sequence[PluginRoute] = ()) -> None:
        super().__init__()
        self.kind, self.icon, self.menu_order = kind, icon, menu_order
        self.http_routes = tuple(routes)

    def routes(self) -> Sequence[PluginRoute]:
        return self.http_routes

    def models(self) -> Sequence[type[Base]]:
        return (self.kind.model,)

    def types(self) -> Sequence[type]:
        return self.kind.types()

    def query(self) -> type | None:
        return self.kind.query

    def mutation(self) -> type | None:
        return self.kind.mutation

    def asset_kinds(self) -> Sequence[AssetKind]:
        return (self.kind.asset_kind(),)

    def ingest_specs(self) -> Sequence[IngestSpec]:
        return (self.kind.ingest_spec(),) if self.kind.identity else ()

    def navigation(self) -> Sequence[NavigationItem]:
        key = self.name or self.kind.table
        return (NavigationItem(key=key, label=self.kind.plural_label, path=f"/{key}",
                               icon=self.icon, order=self.menu_order, kind=self.kind.key),)

    async def seed_demo(self, session: AsyncSession) -> None:
        """Give every demo asset of the kind its (empty) row in the kind's table."""
        model: Any = self.kind.model
        missing = await session.scalars(select(AssetRow.id).where(
            AssetRow.kind == self.kind.key, AssetRow.id.not_in(select(model.id))))
        session.add_all(model(id=asset_id) for asset_id in missing)


def _keeping_custom_values(cls: type) -> type:
    """Let input ``cls`` carry the custom fields the served schema adds to it: Strawberry
    builds the input from the fields it declares, and the values of any others (which
    graphql-core has already checked against the schema) go to ``custom_values``."""
    definition = get_object_definition(cls, strict=True)

    def build(target: type, value: Mapping[str, Any], context: InputContext) -> Any:
        kwargs: dict[str, Any] = {f.python_name: None for f in definition.fields
                                  if f.default is MISSING and f.default_factory is MISSING}
        known = set()
        for f in definition.fields:
            graphql_name = context.config.name_converter.from_field(f)
            known.add(graphql_name)
            if graphql_name in value:
                kwargs[f.python_name] = convert_argument(
                    value[graphql_name], f.resolve_type(type_definition=definition),
                    context.scalar_registry, context.config, context.info,
                    path=(*context.path, graphql_name))
        made = target(**kwargs)
        made.custom_values = {k: v for k, v in value.items() if k not in known}
        return made

    definition.from_input = build
    return cls


def _snake(name: str) -> str:
    out = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
    return out.lstrip("_")


def _num(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


def _dynamic_type(name: str, description: str, members: Mapping[str, tuple[Any, Any]], *,
                  kind: str = "type", bases: tuple[type, ...] = ()) -> type:
    """A Strawberry object or input type named ``name`` with ``members`` (type, field)."""
    namespace: dict[str, Any] = {"__annotations__": {n: t for n, (t, _) in members.items()},
                                 "__module__": __name__}
    namespace.update({n: f for n, (_, f) in members.items()})
    cls = type(name, bases, namespace)
    decorate = strawberry.input if kind == "input" else strawberry.type
    return decorate(cls, description=description)
