"""``shopdb ingest KIND FILE``: send collector records to a server's ``ingest<Kinds>`` mutation,
and ``shopdb collectors stale``: assets their collectors stopped reporting.

``ingest`` talks to a running server over HTTP with an API token (scope ``ingest:<plugin>``),
like any collector: it finds the kind's mutation and record type by introspection, so it
works for every kind with an ingest spec, bundled or not.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from shopdb_gql.commands._common import friendly, require_schema, run, settings

KINDS_QUERY = "query { assetKinds { kind plugin typeName } }"
MUTATIONS_QUERY = """query { __schema { mutationType { fields { name args { name type { ...T } } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"""
RECORD_QUERY = """query($name: String!) { __type(name: $name) {
  inputFields { name type { kind name ofType { kind name } } } } }"""
INGEST_MUTATION = """mutation($source: String!, $records: [{record}!]!, $dryRun: Boolean) {{
  result: {mutation}(source: $source, records: $records, dryRun: $dryRun) {{
    created updated unchanged rejected
    errors {{ field message code }}
    results {{ index status errors {{ field message code }} warnings {{ field message code }} }}
  }}
}}"""


class IngestError(click.ClickException):
    """A failure shown as one line (``Error: ...``), exit status 1."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


def _named(type_ref: dict[str, Any] | None) -> str | None:
    """The innermost named type of an introspected type reference."""
    while type_ref is not None:
        if type_ref.get("name"):
            return str(type_ref["name"])
        type_ref = type_ref.get("ofType")
    return None


@dataclass
class Target:
    """Where one kind's records go: the mutation, its record type and the record's fields."""

    kind: str
    plugin: str
    mutation: str
    record_type: str
    fields: dict[str, str] = field(default_factory=dict)  # camelCase name -> scalar/enum name

    @property
    def document(self) -> str:
        return INGEST_MUTATION.format(record=self.record_type, mutation=self.mutation)


class Api:
    """A small GraphQL client for one server and token (httpx, synchronous)."""

    def __init__(self, url: str, token: str, timeout: float = 300.0) -> None:
        import httpx

        base = url.rstrip("/")
        self.endpoint = base if base.endswith("/graphql") else f"{base}/graphql"
        self.http = httpx.Client(timeout=timeout, headers={"authorization": f"Bearer {token}"})

    def close(self) -> None:
        self.http.close()

    def call(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        import httpx

        try:
            response = self.http.post(self.endpoint, json={"query": query,
                                                           "variables": variables or {}})
        except httpx.HTTPError as exc:
            raise IngestError(f"cannot reach {self.endpoint}: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            raise IngestError(f"{self.endpoint} answered HTTP {response.status_code} "
                              f"{response.reason_phrase} (not GraphQL)") from None
        if not isinstance(body, dict):
            raise IngestError(f"{self.endpoint} answered HTTP {response.status_code} (not GraphQL)")
        errors = body.get("errors") or []
        if errors:
            first = errors[0]
            code = (first.get("extensions") or {}).get("code")
            more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
            raise IngestError(f"the server refused: {first.get('message')}"
                              f"{f' [{code}]' if code else ''}{more}")
        if response.status_code != 200 or not isinstance(body.get("data"), dict):
            raise IngestError(f"{self.endpoint} answered HTTP {response.status_code}")
        data: dict[str, Any] = body["data"]
        return data

    def target(self, kind: str) -> Target:
        """The ingest mutation for ``kind``: a kind key (``computer``), its GraphQL type
        (``Computer``), the mutation (``ingestComputers``) or a plugin owning one kind."""
        mutations = {}
        for f in (self.call(MUTATIONS_QUERY)["__schema"].get("mutationType") or {}).get(
                "fields") or []:
            record = {a["name"]: _named(a["type"]) for a in f["args"]}.get("records")
            if record and record.endswith("Record"):
                mutations[record] = f["name"]
        try:
            kinds = self.call(KINDS_QUERY)["assetKinds"]
        except IngestError:
            # A collector token has no read scope: the type name stands for the kind
            # (`Computer` for `computer`, `MeasuringTool` for `measuringtool`).
            kinds = [{"kind": r[:-6].lower(), "plugin": None, "typeName": r[:-6]}
                     for r in mutations]
        wanted = kind.lower()
        chosen = next((k for k in kinds if wanted in (k["kind"].lower(), k["typeName"].lower())
                       or mutations.get(f"{k['typeName']}Record", "").lower() == wanted), None)
        if chosen is None:
            owned = [k for k in kinds if k["plugin"] == kind]
            chosen = owned[0] if len(owned) == 1 else None
        if chosen is None:
            known = ", ".join(sorted(k["kind"] for k in kinds)) or "none"
            raise IngestError(f"no asset kind {kind!r} on this server (kinds: {known})")
        record_type = f"{chosen['typeName']}Record"
        if record_type not in mutations:
            raise IngestError(f"kind {chosen['kind']!r} has no ingest mutation on this server "
                              "(its plugin declares no ingest spec)")
        fields = self.call(RECORD_QUERY, {"name": record_type})["__type"]["inputFields"]
        return Target(chosen["kind"], chosen["plugin"] or "", mutations[record_type], record_type,
                      {x["name"]: _named(x["type"]) or "String" for x in fields})


def _convert(value: str, type_name: str, where: str) -> Any:
    if type_name == "Int":
        try:
            return int(value)
        except ValueError:
            raise IngestError(f"{where}: {value!r} is not a whole number") from None
    if type_name == "Float":
        try:
            return float(value)
        except ValueError:
            raise IngestError(f"{where}: {value!r} is not a number") from None
    if type_name == "Boolean":
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        raise IngestError(f"{where}: {value!r} is not true or false")
    return value  # String, ID, DateTime (ISO 8601 text) and enum names go as text


def read_records(path: Path, target: Target) -> list[dict[str, Any]]:
    """Records from a JSON list of objects or a CSV file (empty cell = field absent)."""
    known = target.fields
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h for h in reader.fieldnames or [] if h is not None]
            unknown = [h for h in header if h not in known]
            if unknown:
                raise IngestError(f"{path.name}: unknown column(s) {', '.join(unknown)} for "
                                  f"{target.record_type} (fields: {', '.join(known)})")
            records = []
            for row_no, row in enumerate(reader, start=2):
                if None in row:
                    raise IngestError(f"{path.name} line {row_no}: more cells than columns")
                records.append({k: _convert(v, known[k], f"{path.name} line {row_no} column {k}")
                                for k, v in row.items() if v is not None and v != ""})
            return records
    if path.suffix.lower() != ".json":
        raise IngestError(f"{path.name}: give a .json or .csv file")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise IngestError(f"{path.name}: not valid JSON ({exc})") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise IngestError(f"{path.name}: expected a JSON list of objects")
    for index, record in enumerate(data):
        unknown = [k for k in record if k not in known]
        if unknown:
            raise IngestError(f"{path.name} record {index}: unknown field(s) "
                              f"{', '.join(unknown)} for {target.record_type} "
                              f"(fields: {', '.join(known)})")
    return data


def _where(error: dict[str, Any]) -> str:
    path = error.get("field") or []
    # records/<i>/<field>: the record is named already; keep the field part.
    if path and path[0] == "records":
        return f"{'/'.join(path[2:])}: " if len(path) > 2 else ""
    return f"{'/'.join(path)}: " if path else ""


@click.command("ingest", help=(
    "Send records of an asset KIND (e.g. computer) from FILE (.json: a list of objects with "
    "the GraphQL record fields; .csv: a header row of those field names, empty cell = field "
    "left out) to a server's ingest mutation, in batches. Exits 1 if any record is rejected."))
@click.argument("kind")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, envvar="SHOPDB_URL", show_envvar=True,
              help="Server base URL, e.g. http://127.0.0.1:8000.")
@click.option("--token", required=True, envvar="SHOPDB_TOKEN", show_envvar=True,
              help="API token with scope ingest:<plugin> (or admin).")
@click.option("--source", default="shopdb-cli", show_default=True,
              help="Collector name recorded in the audit log.")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 1000))
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@friendly
def ingest(kind: str, file: Path, url: str, token: str, source: str, batch_size: int,
           dry_run: bool) -> None:
    api = Api(url, token)
    try:
        target = api.target(kind)
        records = read_records(file, target)
        totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        rejected: list[tuple[int, list[dict[str, Any]]]] = []
        warnings: list[tuple[int, dict[str, Any]]] = []
        with click.progressbar(length=len(records), label=f"{target.mutation} {file.name}",
                               file=sys.stderr, hidden=not sys.stderr.isatty()) as bar:
            for start in range(0, len(records), batch_size):
                chunk = records[start:start + batch_size]
                result = api.call(target.document, {"source": source, "records": chunk,
                                                    "dryRun": dry_run})["result"]
                if result["errors"]:
                    messages = "; ".join(e["message"] for e in result["errors"])
                    raise IngestError(f"the server refused records {start}-"
                                      f"{start + len(chunk) - 1}: {messages}"
                                      + (f" ({start} records before them were sent)"
                                         if start else ""))
                for key in totals:
                    totals[key] += result[key]
                for r in result["results"]:
                    if r["status"] == "REJECTED":
                        rejected.append((start + r["index"], r["errors"]))
                    warnings.extend((start + r["index"], w) for w in r["warnings"])
                bar.update(len(chunk))
    finally:
        api.close()
    verb = "would be " if dry_run else ""
    click.echo(f"{target.mutation}: {len(records)} records{' (dry run)' if dry_run else ''}: "
               + ", ".join(f"{n} {verb}{key}" for key, n in totals.items()))
    for index, errors in rejected:
        click.echo(f"  record {index} rejected: "
                   + "; ".join(f"{_where(e)}{e['message']} [{e['code']}]" for e in errors))
    for index, warning in warnings:
        click.echo(f"  record {index} warning: {_where(warning)}{warning['message']} "
                   f"[{warning['code']}]")
    if rejected:
        raise click.exceptions.Exit(1)


@click.group(help="Collectors: assets they stopped reporting.")
def collectors() -> None:
    pass


@dataclass
class StaleAsset:
    id: int
    kind: str
    assettag: str
    name: str
    lastseenat: datetime
    lastseensource: str | None
    status: str


async def find_stale(cfg: Any, kind: str | None, apply: bool,
                     now: datetime | None = None) -> tuple[list[StaleAsset], list[str]]:
    """Stale assets of enabled kinds with ``stale_after`` (and, with ``apply``, mark them);
    also the kinds that were checked, as ``kind (after N days)``."""
    from sqlalchemy import select

    from shopdb_gql.auth.actor import SYSTEM
    from shopdb_gql.core import audit
    from shopdb_gql.core.models import Asset, AssetStatus
    from shopdb_gql.db.base import utcnow
    from shopdb_gql.ingest.schema import stale_after, stale_query
    from shopdb_gql.runtime import Runtime

    runtime = Runtime(cfg)
    try:
        active = runtime.active_set(await runtime.enabled_names(), 0)
        kinds = [kind] if kind else sorted(active.kinds)
        if kind and kind not in active.kinds:
            raise LookupError(f"no enabled asset kind {kind!r} (kinds: "
                              f"{', '.join(sorted(active.kinds)) or 'none'})")
        limits = {k: v for k in kinds if (v := stale_after(active.records, k)) is not None}
        if kind and not limits:
            raise LookupError(f"asset kind {kind!r} has no stale_after: it never goes stale")
        now = now or utcnow()
        found: list[StaleAsset] = []
        async with runtime.db.transaction() as session:
            statuses = dict((await session.execute(
                select(AssetStatus.id, AssetStatus.code))).all())
            stale_id = next((i for i, c in statuses.items() if c == "stale"), None)
            if apply and stale_id is None:
                raise LookupError("there is no status 'stale': run `shopdb seed reference-data`")
            for k, limit in limits.items():
                rows: list[Asset] = list(await session.scalars(stale_query(k, now - limit)))
                for row in rows:
                    assert row.lastseenat is not None
                    found.append(StaleAsset(row.id, k, row.assettag, row.name, row.lastseenat,
                                            row.lastseensource, statuses.get(row.statusid, "?")))
                    if apply and stale_id is not None and row.statusid != stale_id:
                        old = statuses.get(row.statusid)
                        row.statusid = stale_id
                        row.updatedat = now
                        await audit.record(
                            session, SYSTEM, action="update", object_type="asset",
                            object_id=row.id, source="collectors",
                            summary=f"{row.name}: not reported since {row.lastseenat:%Y-%m-%d}",
                            changes={"status": {"old": old, "new": "stale"}})
        return found, [f"{k} (after {_days(v)})" for k, v in limits.items()]
    finally:
        await runtime.db.dispose()


def _days(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:g} days" if days != 1 else "1 day"


@collectors.command("stale", help=(
    "List assets whose collectors stopped reporting them: kinds with stale_after, last seen "
    "longer ago than that. --apply sets their status to 'stale' (audited)."))
@click.option("--apply", is_flag=True, help="Set the status of each listed asset to 'stale'.")
@click.option("--kind", default=None, help="Only this asset kind.")
@friendly
def collectors_stale(apply: bool, kind: str | None) -> None:
    require_schema()
    found, checked = run(find_stale(settings(), kind, apply))
    if not checked:
        click.echo("no enabled asset kind has stale_after: nothing goes stale")
        return
    click.echo(f"checked: {', '.join(checked)}")
    for a in found:
        was = "" if not apply or a.status == "stale" else f" (was {a.status})"
        click.echo(f"{a.id}\t{a.kind}\t{a.assettag}\t{a.name}\tlast seen "
                   f"{a.lastseenat:%Y-%m-%d %H:%M} by {a.lastseensource or '?'}{was}")
    marked = sum(1 for a in found if a.status != "stale")
    if apply:
        click.echo(f"{len(found)} stale assets; {marked} set to status 'stale'")
    else:
        click.echo(f"{len(found)} stale assets" + (" (--apply sets their status to 'stale')"
                                                   if found else ""))
