"""Core tables. Plugins key their own tables by ``assets.id``; they never add core columns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    insert,
    inspect,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, Session, mapped_column

from shopdb_gql.db.base import Base, UTCDateTime, utcnow


class Location(Base):
    """A site area: building, bay, cell, office... with a point on the site map."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="area")
    parentid: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    mapx: Mapped[float | None] = mapped_column(Float)
    mapy: Mapped[float | None] = mapped_column(Float)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AssetStatus(Base):
    """Reference data: in use, spare, in repair, retired..."""

    __tablename__ = "assetstatuses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str | None] = mapped_column(Text)
    isactive: Mapped[bool] = mapped_column(Boolean, default=True)
    sortorder: Mapped[int] = mapped_column(Integer, default=0)
    #: Retired statuses are no longer offered or accepted for assets; assets keep them.
    retiredat: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Asset(Base):
    """Every inventoried thing. Its kind names the plugin-registered asset kind."""

    __tablename__ = "assets"
    # SQLite: never hand a deleted asset's id out again (links and audit entries name ids).
    __table_args__ = (Index("ix_assets_kind_name", "kind", "name"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assettag: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    statusid: Mapped[int] = mapped_column(ForeignKey("assetstatuses.id"), index=True)
    locationid: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"), index=True
    )
    serialnumber: Mapped[str | None] = mapped_column(String(128), index=True)
    mapx: Mapped[float | None] = mapped_column(Float)
    mapy: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    lastseenat: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    lastseensource: Mapped[str | None] = mapped_column(String(120))


class AssetRecord(Protocol):
    """An asset's columns as its readers see them, read-only: an ORM :class:`Asset`, or a
    plain row of its columns (``shopdb_gql.db.rows``), which the read path uses instead."""

    id: int
    assettag: str
    name: str
    kind: str
    statusid: int
    locationid: int | None
    serialnumber: str | None
    mapx: float | None
    mapy: float | None
    notes: str | None
    createdat: datetime
    updatedat: datetime
    lastseenat: datetime | None
    lastseensource: str | None


class AssetRelationship(Base):
    """A typed link from one asset to another (``controls``, ``connected_to``...)."""

    __tablename__ = "assetrelationships"
    __table_args__ = (UniqueConstraint("sourceid", "targetid", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sourceid: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    targetid: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    inheritsposition: Mapped[bool] = mapped_column(Boolean, default=False)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    """A person who logs in. Roles: admin, editor, viewer."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    displayname: Mapped[str | None] = mapped_column(String(120))
    passwordhash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    isactive: Mapped[bool] = mapped_column(Boolean, default=True)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lastloginat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Bumped when the password changes or the account is disabled: access tokens carry
    #: the version they were issued at and stop working when it moves.
    authversion: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Where the account comes from: ``local`` (password here), ``ldap`` or ``oidc``.
    authsource: Mapped[str] = mapped_column(String(20), default="local", server_default="local")
    #: The directory's stable id of the account (LDAP DN or objectGUID, OIDC ``sub``).
    externalid: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    lastloginaddress: Mapped[str | None] = mapped_column(String(64))
    #: When the directory last confirmed the account (login or periodic re-check).
    directorycheckedat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Who disabled the account: ``admin`` (stays disabled) or ``directory`` (the periodic
    #: re-check; the next sign-in the directory allows enables it again); null if active.
    disabledby: Mapped[str | None] = mapped_column(String(20))


class RefreshToken(Base):
    """A rotating refresh token, stored as a SHA-256 hash."""

    __tablename__ = "refreshtokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    userid: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tokenhash: Mapped[str] = mapped_column(String(64), unique=True)
    expiresat: Mapped[datetime] = mapped_column(UTCDateTime)
    revokedat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The session's client, so people can recognise and revoke their sessions.
    address: Mapped[str | None] = mapped_column(String(64))
    useragent: Mapped[str | None] = mapped_column(String(255))
    lastusedat: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiToken(Base):
    """A long-lived token for integrators and collectors; the secret is stored hashed."""

    __tablename__ = "apitokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    secrethash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    expiresat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lastusedat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revokedat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    createdbyid: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginFailure(Base):
    """A failed login, kept for throttling per username and per client address."""

    __tablename__ = "loginfailures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class AuditEntry(Base):
    """One change: who (user or token), from where, what, and each field's old/new value."""

    __tablename__ = "auditentries"
    __table_args__ = (Index("ix_auditentries_object", "objecttype", "objectid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actortype: Mapped[str] = mapped_column(String(20))
    actorid: Mapped[int | None] = mapped_column(Integer)
    actorname: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40), index=True)
    objecttype: Mapped[str] = mapped_column(String(64))
    objectid: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str | None] = mapped_column(String(255))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    batchid: Mapped[str | None] = mapped_column(String(64), index=True)


class PluginState(Base):
    """Whether a plugin is installed and enabled on this site."""

    __tablename__ = "pluginstates"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    installed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[str | None] = mapped_column(String(40))
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Setting(Base):
    """A key/value setting; plugins' keys are namespaced ``plugin.<name>.<key>``."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(191), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AssetIdentity(Base):
    """A normalized identity value of an asset (hostname, serial...) for collector matching.

    Unique per (kind, idkey, idvalue): two concurrent first reports of one asset cannot
    create two assets; the loser of the race retries as a match.
    """

    __tablename__ = "assetidentities"
    __table_args__ = (UniqueConstraint("kind", "idkey", "idvalue"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    idkey: Mapped[str] = mapped_column(String(64))
    # Normalized values compare byte for byte (MySQL's default collation equates "é" and "e").
    idvalue: Mapped[str] = mapped_column(String(191).with_variant(
        mysql.VARCHAR(191, charset="utf8mb4", collation="utf8mb4_bin"), "mysql", "mariadb"))
    assetid: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)


class FieldLock(Base):
    """A field an editor changed by hand: collectors may not overwrite it until unlocked."""

    __tablename__ = "fieldlocks"
    __table_args__ = (UniqueConstraint("assetid", "field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assetid: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    lockedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lockedby: Mapped[str] = mapped_column(String(120))


class FloorPlan(Base):
    """A building's floor-plan image (SVG, PNG or JPEG); asset positions inside the building
    are in its coordinate space (pixels for PNG/JPEG, user units for SVG)."""

    __tablename__ = "floorplans"

    locationid: Mapped[int] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True)
    contenttype: Mapped[str] = mapped_column(String(40))
    #: The image, base64-encoded: aiomysql cannot send bytes parameters with PyMySQL 1.2
    #: (its ``escape_bytes_prefixed`` import is a poisoned string), so the column is text.
    image: Mapped[str] = mapped_column(Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb"))
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)
    updatedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updatedby: Mapped[str] = mapped_column(String(120))


class SourceRef(Base):
    """Where an imported object came from: a row of another system (``legacy-shopdb``,
    table ``pcs``, id ``17``). Re-running an import finds its objects by these, so a second
    run updates instead of duplicating, and every object can be traced to its source row."""

    __tablename__ = "sourcerefs"
    __table_args__ = (UniqueConstraint("system", "sourcetable", "sourceid"),
                      Index("ix_sourcerefs_object", "objecttype", "objectid"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system: Mapped[str] = mapped_column(String(40))
    sourcetable: Mapped[str] = mapped_column(String(64))
    sourceid: Mapped[str] = mapped_column(String(64))
    #: ``asset``, ``location``, ``relationship`` or a plugin's history (``usb.checkout``).
    objecttype: Mapped[str] = mapped_column(String(40))
    objectid: Mapped[int] = mapped_column(Integer)
    importedat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Manufacturer(Base):
    """A managed manufacturer name: what every kind's manufacturer/vendor field should say."""

    __tablename__ = "manufacturers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProductModel(Base):
    """A managed model name of a manufacturer."""

    __tablename__ = "models"
    __table_args__ = (UniqueConstraint("manufacturerid", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    manufacturerid: Mapped[int] = mapped_column(
        ForeignKey("manufacturers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Webhook(Base):
    """An admin's subscription: events of the chosen types are POSTed to ``url``, signed
    with ``secret`` (HMAC-SHA256), with retries (core/delivery.py)."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    #: Kept as given: it signs every delivery, so it cannot be stored as a hash.
    secret: Mapped[str] = mapped_column(String(128))
    #: Event types (``asset.created``...) this hook gets.
    eventtypes: Mapped[list[str]] = mapped_column(JSON, default=list)
    isactive: Mapped[bool] = mapped_column(Boolean, default=True)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    createdbyid: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class WebhookDelivery(Base):
    """One event for one webhook: written in the transaction of the change (an outbox), sent
    after it commits, retried until it is delivered or out of attempts."""

    __tablename__ = "webhookdeliveries"
    __table_args__ = (Index("ix_webhookdeliveries_due", "status", "nextattemptat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhookid: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"),
                                           index=True)
    eventid: Mapped[str] = mapped_column(String(32))
    eventtype: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: ``pending``, ``delivered`` or ``failed`` (out of attempts).
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    nextattemptat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A process sending it holds it until then (several workers share the table).
    claimeduntil: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lastattemptat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responsecode: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    deliveredat: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CustomField(Base):
    """A field an admin added to an asset kind at runtime: a typed GraphQL field of the
    kind's type, filter, order and inputs (core/customfields.py). Removing it hides it and
    keeps its values until an admin purges them."""

    __tablename__ = "customfields"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    #: The GraphQL field name (camelCase).
    name: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    help: Mapped[str | None] = mapped_column(String(300))
    #: text, number, boolean, date, choice or asset.
    type: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The default for new assets, as JSON (a date as its ISO text).
    defaultvalue: Mapped[Any] = mapped_column(JSON, nullable=True)
    choices: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    createdat: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removedat: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CustomValue(Base):
    """One asset's value of one custom field, in the column of the field's type; each column
    is indexed with the field, so a filter or sort on it reads an index range."""

    __tablename__ = "customvalues"
    __table_args__ = (
        Index("ix_customvalues_text", "fieldid", "textkey"),
        Index("ix_customvalues_number", "fieldid", "numbervalue"),
        Index("ix_customvalues_date", "fieldid", "datevalue"),
        Index("ix_customvalues_asset", "fieldid", "assetvalue"),
    )

    assetid: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"),
                                         primary_key=True)
    fieldid: Mapped[int] = mapped_column(ForeignKey("customfields.id", ondelete="CASCADE"),
                                         primary_key=True)
    #: text and choice values as given.
    textvalue: Mapped[str | None] = mapped_column(String(500))
    #: The text lower-cased and cut to 190 characters: what filters and sorts compare.
    textkey: Mapped[str | None] = mapped_column(String(190))
    #: number values, and booleans as 0/1.
    numbervalue: Mapped[float | None] = mapped_column(Float)
    datevalue: Mapped[date | None] = mapped_column(Date)
    #: asset values: the id of the asset referred to (cleared when it is deleted).
    assetvalue: Mapped[int | None] = mapped_column(ForeignKey("assets.id", ondelete="SET NULL"))


class SearchGram(Base):
    """A posting of the search index: asset ``assetid`` has the three-letter piece ``gram``
    (core/searchindex.py) in one of its searchable texts. A search reads the assets of its
    rarest pieces here instead of matching every asset's texts."""

    __tablename__ = "searchgrams"
    # SQLite: the primary key is the table (no rowid), as InnoDB clusters it on MySQL.
    __table_args__ = (Index("ix_searchgrams_assetid", "assetid"), {"sqlite_with_rowid": False})

    #: Three ASCII characters packed into an integer; -1 marks an asset with text the
    #: index cannot fold (a candidate for every search).
    gram: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    assetid: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"),
                                         primary_key=True, autoincrement=False)


class SearchGramCount(Base):
    """How many assets had each piece at the last reindex: steers a search to its rarest
    pieces; never decides a result (a piece not counted is taken as rare)."""

    __tablename__ = "searchgramcounts"

    gram: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer)


class AssetCount(Base):
    """Rows whose sum per kind is how many assets of that kind exist: each write adds a row
    of the change it made, the server folds them into one per kind (core/assetcounts.py).
    The ORM's writes are recorded by the flush hook below."""

    __tablename__ = "assetcounts"
    # SQLite: ids never handed out again (folding deletes rows by the ids it read).
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    #: Assets of ``kind`` this row adds (negative: removes).
    assets: Mapped[int] = mapped_column(Integer)

    @staticmethod
    def rows_of(changes: Mapping[str, int]) -> list[dict[str, Any]]:
        """The rows recording ``changes``: assets added per kind (negative: removed)."""
        return [{"kind": kind, "assets": n} for kind, n in sorted(changes.items()) if n]


def _asset_changes(session: Session) -> Counter[str]:
    """Assets per kind a flush adds (new), removes (deleted) or moves (kind changed)."""
    changes: Counter[str] = Counter()
    for obj in session.new:
        if isinstance(obj, Asset):
            changes[obj.kind] += 1
    for obj in session.deleted:
        if isinstance(obj, Asset):
            changes[obj.kind] -= 1
    for obj in session.dirty:
        if isinstance(obj, Asset):
            history = inspect(obj).attrs.kind.history
            for kind in history.deleted or ():
                changes[kind] -= 1
            for kind in history.added or ():
                changes[kind] += 1
    return changes


@event.listens_for(Session, "before_flush")
def _load_deleted_kinds(session: Session, _context: Any, _instances: Any) -> None:
    """Load the kind of each asset about to be deleted: after the flush it cannot be."""
    for obj in session.deleted:
        if isinstance(obj, Asset):
            _ = obj.kind  # loaded now if it was expired


@event.listens_for(Session, "after_flush")
def _count_assets(session: Session, _context: Any) -> None:
    """Record the assets the ORM added and removed (mutations, demo data), in the flush's
    transaction."""
    rows = AssetCount.rows_of(_asset_changes(session))
    if rows:
        session.connection().execute(insert(AssetCount), rows)
