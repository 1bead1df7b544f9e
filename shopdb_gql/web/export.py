"""``GET /export/<list>.<csv|xlsx>``: a list as a spreadsheet, with the list's filter, order
and columns, for the web UI's Export buttons and for integrators with a token.

The rows come from the served GraphQL schema itself (the same root field the list shows,
page by page, all pages in one read transaction), so permissions, filters, order,
plugin kinds and computed fields are exactly the API's, and a kind a plugin adds exports
without code here. Nothing holds all rows: CSV is streamed page by page, XLSX is written
row by row by openpyxl's write-only workbook into a temporary file and then streamed.

Columns are GraphQL field paths of a list item (``assetTag``, ``status.name``,
``hostname`` with ``type=Computer``); the header row is each column's label, as the UI
shows it and as the spreadsheet import maps back. Text that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is written as
text: in CSV behind a ``'``, in XLSX as a string cell.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from shopdb_gql.core.labels import vocabulary
from shopdb_gql.core.loaders import Loaders
from shopdb_gql.core.vocabulary import declared_labels_of
from shopdb_gql.graphql.context import Context
from shopdb_gql.graphql.view import authenticate, error_response

PAGE = 500
MAX_COLUMNS = 60
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,2}")
_TYPE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ListSpec:
    """One exportable list: its root field, whether it pages, its item type, filter type."""

    field: str
    item_type: str
    filter_type: str | None
    order_type: str | None
    paged: bool
    default_columns: tuple[str, ...]


LISTS = {
    "assets": ListSpec("assets", "Asset", "AssetFilter", "[AssetOrder!]", True,
                       ("assetTag", "name", "kind", "status.name", "location.name",
                        "serialNumber", "updatedAt")),
    "locations": ListSpec("locations", "Location", None, None, False,
                          ("name", "kind", "parent.name", "description", "mapX", "mapY")),
    "audit": ListSpec("auditLog", "AuditEntry", "AuditFilter", None, True,
                      ("createdAt", "actorName", "source", "action", "objectType", "objectId",
                       "summary", "batchId")),
}


class ExportError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _json_param(request: Request, name: str) -> Any:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ExportError(400, "BAD_REQUEST", f"{name} must be JSON (the list's GraphQL "
                                              f"{name} argument)") from exc


def selection(columns: list[str], type_name: str | None, item_type: str) -> str:
    """The GraphQL selection of ``columns`` (paths), kind fields under ``... on Type``."""
    own: dict[str, Any] = {}
    for column in columns:
        node = own
        for part in column.split("."):
            node = node.setdefault(part, {})

    def render(tree: dict[str, Any]) -> str:
        return " ".join(k if not v else f"{k} {{ {render(v)} }}" for k, v in tree.items())

    body = render(own)
    if type_name and type_name != item_type:
        return f"... on {type_name} {{ {body} }}"
    return body


def read(node: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def safe_text(value: str) -> str:
    """Text a spreadsheet would run as a formula, kept as text (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA) else value


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return safe_text(str(value))


async def export_list(request: Request) -> Response:
    try:
        return await _export(request)
    except ExportError as exc:
        return error_response(exc.status, exc.message, exc.code)


async def _export(request: Request) -> Response:
    runtime = request.app.state.runtime
    name, fmt = request.path_params["name"], request.path_params["format"]
    if name not in LISTS or fmt not in ("csv", "xlsx"):
        raise ExportError(404, "NOT_FOUND", f"No export {name}.{fmt}: lists are "
                          f"{', '.join(LISTS)}, formats csv and xlsx")
    spec = LISTS[name]
    async with runtime.db.session() as session:
        actor, problem = await authenticate(runtime, request, session)
    if not actor.authenticated:
        raise ExportError(401, "UNAUTHENTICATED", problem or "Sign in (or send a Bearer token) "
                                                             "to export")
    if not actor.has("read"):
        raise ExportError(403, "FORBIDDEN", "Exports require the 'read' permission")
    served = runtime.served
    schema = served.schema
    type_name = request.query_params.get("type") or None
    if type_name is not None and (not _TYPE.fullmatch(type_name)
                                  or schema._schema.get_type(type_name) is None):
        raise ExportError(400, "BAD_REQUEST", f"Unknown type {type_name!r}")
    raw_columns = request.query_params.get("columns")
    columns = ([c.strip() for c in raw_columns.split(",") if c.strip()] if raw_columns
               else list(spec.default_columns))
    if not columns or len(columns) > MAX_COLUMNS or len(set(columns)) != len(columns):
        raise ExportError(400, "BAD_REQUEST", f"Give 1-{MAX_COLUMNS} distinct columns")
    bad = [c for c in columns if not _PATH.fullmatch(c)]
    if bad:
        raise ExportError(400, "BAD_REQUEST", f"Not a field path: {bad[0]!r} (e.g. assetTag, "
                                              "status.name)")
    variables: dict[str, Any] = {}
    params = []
    if spec.filter_type:
        variables["filter"] = _json_param(request, "filter")
        params.append(f"$filter: {spec.filter_type}")
    if spec.order_type and name == "assets":
        variables["orderBy"] = _json_param(request, "orderBy")
        params.append(f"$orderBy: {spec.order_type}")
    args = [f"{p.split(':')[0][1:]}: {p.split(':')[0]}" for p in params]
    if spec.paged:
        params += ["$first: Int", "$after: String"]
        args += ["first: $first", "after: $after"]
        body = (f"{spec.field}({', '.join(args)}) {{ pageInfo {{ hasNextPage endCursor }} "
                f"nodes {{ {selection(columns, type_name, spec.item_type)} }} }}")
    else:
        body = f"{spec.field} {{ {selection(columns, type_name, spec.item_type)} }}"
    document = f"query Export{'(' + ', '.join(params) + ')' if params else ''} {{ {body} }}"
    words = vocabulary(schema._schema, declared_labels_of(served.active))
    labels = {(t, f): label for t, f, label, _c in words.fields}
    headers = [_header(labels, spec.item_type, type_name, c) for c in columns]

    # One session (one transaction) for every page: on MySQL/MariaDB all pages read one
    # snapshot, so rows written meanwhile neither repeat nor go missing. Each page gets fresh
    # loaders, and the session forgets the page's objects: memory stays one page.
    session = runtime.db.sessions()

    async def page(after: str | None) -> tuple[list[Any], str | None]:
        session.expunge_all()
        context = Context(request=request, response=None, runtime=runtime,
                          active=served.active, session=session, actor=actor,
                          loaders=Loaders(session, served.active.kinds),
                          request_id=request.scope.get("state", {}).get("request_id", "-"),
                          source="export")
        result = await schema.execute(document, variable_values={
            **variables, **({"first": PAGE, "after": after} if spec.paged else {})},
            context_value=context)
        if result.errors:
            error = result.errors[0]
            code = (error.extensions or {}).get("code", "BAD_REQUEST")
            status = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403,
                      "INTERNAL_SERVER_ERROR": 500}.get(code, 400)
            raise ExportError(status, code, error.message)
        data = (result.data or {}).get(spec.field) or {}
        if not spec.paged:
            return list(data or []), None
        info = data["pageInfo"]
        return data["nodes"], info["endCursor"] if info["hasNextPage"] else None

    try:
        first_rows, cursor = await page(None)  # errors (bad filter, column) before any byte
    except BaseException:
        await session.close()
        raise

    async def rows() -> AsyncIterator[list[Any]]:
        nonlocal cursor
        try:
            for node in first_rows:
                yield [read(node, c) for c in columns]
            while cursor is not None:
                nodes, cursor = await page(cursor)
                for node in nodes:
                    yield [read(node, c) for c in columns]
        finally:
            await session.close()

    stamp = "export"
    filename = f"shopdb-{name}{'-' + type_name.lower() if type_name else ''}-{stamp}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"',
                   "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if fmt == "csv":
        return StreamingResponse(_csv(headers, rows()), media_type="text/csv; charset=utf-8",
                                 headers=disposition)
    spooled = await _xlsx(headers, rows(), name)
    return StreamingResponse(_file_chunks(spooled), headers=disposition, media_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))


def _header(labels: dict[tuple[str, str], str], item_type: str, type_name: str | None,
            column: str) -> str:
    first, _, rest = column.partition(".")
    label = (labels.get((type_name, first)) if type_name else None) or labels.get(
        (item_type, first)) or first
    return label if not rest or rest == "name" else f"{label} {rest}"


async def _csv(headers: list[str], rows: AsyncIterator[list[Any]]) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_text(h) for h in headers])
    yield ("\ufeff" + buffer.getvalue()).encode()  # a BOM: Excel then reads UTF-8
    async for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([cell_text(v) for v in row])
        yield buffer.getvalue().encode()


async def _xlsx(headers: list[str], rows: AsyncIterator[list[Any]], title: str) -> Any:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])

    def cell(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool | int | float):
            return value
        text = (orjson.dumps(value).decode() if isinstance(value, list | dict)
                else str(value))
        written = WriteOnlyCell(sheet, value=text)
        written.data_type = "s"  # never a formula, whatever the text starts with
        return written

    sheet.append([cell(h) for h in headers])
    async for row in rows:
        sheet.append([cell(v) for v in row])
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    await asyncio.to_thread(book.save, spooled)  # zipping 100,000 rows: off the event loop
    spooled.seek(0)
    return spooled


async def _file_chunks(handle: Any) -> AsyncIterator[bytes]:
    try:
        while chunk := handle.read(64 * 1024):
            yield chunk
    finally:
        handle.close()
