"""``POST /import/parse``: a CSV or XLSX file as a header row and rows of cells, for the web
UI's spreadsheet import (the rows then go to ``importAssets``/``importLocations``).

The body is the file itself (up to the request body limit, 6 MB by default). XLSX is read
with openpyxl in read-only mode, values only (formulas are never evaluated: a cell holds
its last saved value), after checking the archive: a file that would unpack to more than
100 MB (a zip bomb) is refused before any XML is parsed. CSV is read as UTF-8 (with or
without a byte order mark), else as Windows-1252, with comma, semicolon or tab between
cells. Editors and admins only; a browser session must send its CSRF header.
"""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from datetime import date, datetime, time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from shopdb_gql.graphql.view import authenticate, error_response

MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_UNPACKED = 100 * 1024 * 1024


class ParseError(ValueError):
    pass


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def parse_xlsx(data: bytes) -> tuple[list[str], list[list[Any]], str]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise ParseError("The workbook unpacks to more than 100 MB")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ParseError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ParseError(f"Not a readable XLSX workbook ({type(exc).__name__})") from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[Any]] = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS:
                raise ParseError(f"More than {MAX_ROWS} rows: split the file")
            cells = [_cell(v) for v in values[:MAX_COLUMNS + 1]]
            if any(c not in (None, "") for c in cells):
                rows.append(cells)
        return (*_split(rows), sheet.title)
    finally:
        book.close()


def parse_csv(data: bytes) -> tuple[list[str], list[list[Any]], str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ParseError("This is not a text (CSV) file")
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Any]] = []
    try:
        for values in csv.reader(io.StringIO(text), dialect):
            if len(rows) > MAX_ROWS:
                raise ParseError(f"More than {MAX_ROWS} rows: split the file")
            cells: list[Any] = [v for v in values[:MAX_COLUMNS + 1]]
            if any(c.strip() for c in cells):
                rows.append(cells)
    except csv.Error as exc:
        raise ParseError(f"Not a readable CSV file ({exc})") from exc
    return (*_split(rows), "CSV")


def _split(rows: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
    if not rows:
        raise ParseError("The file has no rows")
    if len(rows[0]) > MAX_COLUMNS:
        raise ParseError(f"More than {MAX_COLUMNS} columns")
    headers = [" ".join(str(h or "").split()) or f"Column {i + 1}" for i, h in enumerate(rows[0])]
    width = len(headers)
    body = [(r + [None] * width)[:width] for r in rows[1:]]
    return headers, body


async def parse_upload(request: Request) -> Response:
    runtime = request.app.state.runtime
    async with runtime.db.session() as session:
        actor, problem = await authenticate(runtime, request, session)
    if not actor.authenticated:
        return error_response(401, problem or "Sign in to import", "UNAUTHENTICATED")
    if not actor.has("write"):
        return error_response(403, "Importing requires the 'write' permission", "FORBIDDEN")
    data = await request.body()
    if not data:
        return error_response(400, "Send the file as the request body", "BAD_REQUEST")
    try:
        parser = parse_xlsx if data[:4] == b"PK\x03\x04" else parse_csv
        headers, rows, sheet = await asyncio.to_thread(parser, data)
    except ParseError as exc:
        return error_response(400, str(exc), "BAD_REQUEST")
    return JSONResponse({"sheet": sheet, "headers": headers, "rows": rows,
                         "rowCount": len(rows)}, headers={"Cache-Control": "no-store"})
