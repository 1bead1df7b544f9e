"""The floors for ``tests/benchmarks/run.py``, served by uvicorn in their own process.

- ``GET /floor``: the API's answer to the bench query (the page of 100 assets with status,
  location, resolved position and both ends' relationships) made from raw SQL and
  serialized with orjson in a bare Starlette route (the issue's floor); ``run.py`` checks
  that it equals the API's answer.
- ``GET /floor/columns``: the floor of sessions 8-13, kept for comparison: the same rows,
  less of them answered (see :func:`columns_floor_route`).
- ``POST /strawberry``: a bare Strawberry schema of the same shape answering the same query
  from objects held in memory (no database, no auth, no plugins). It is what any
  Strawberry-served response of this shape costs, and so the lowest the real API can go
  with the fixed stack.

    python -m tests.benchmarks.floor DATABASE_URL PORT RESPONSE.json
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any

import orjson
import strawberry
import uvicorn
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

from shopdb_gql.db.engine import Database
from shopdb_gql.graphql.compiled import CompiledExecutionContext

FLOOR_SQL = {
    # The page first, then its status and location: a plan as good on MariaDB as on SQLite
    # (joining first and limiting after made MariaDB scan and sort the whole join).
    "assets": "SELECT a.id, a.assettag, a.name, a.kind, a.serialnumber, a.mapx, a.mapy, "
              "s.name AS status, l.name AS location, l.mapx AS lx, l.mapy AS ly "
              "FROM (SELECT id, assettag, name, kind, serialnumber, statusid, locationid, mapx, "
              "mapy FROM assets ORDER BY id LIMIT 100) a "
              "JOIN assetstatuses s ON s.id = a.statusid "
              "LEFT JOIN locations l ON l.id = a.locationid ORDER BY a.id",
    # The total as the API reads it: the counts the writes keep (core/assetcounts.py).
    "count": "SELECT sum(assets) FROM assetcounts",
    # Both ends' links, in the API's order; the page's ids are inlined (trusted integers).
    "relationships": "SELECT sourceid, targetid, type, inheritsposition FROM assetrelationships "
                     "WHERE sourceid IN ({ids}) OR targetid IN ({ids}) ORDER BY id",
    # Coordinates of inherited-from assets that are not on the page (none in the bench).
    "targets": "SELECT a.id, a.mapx, a.mapy, l.mapx AS lx, l.mapy AS ly FROM assets a "
               "LEFT JOIN locations l ON l.id = a.locationid WHERE a.id IN ({ids})",
}


def _point(x: float | None, y: float | None, source: str) -> dict[str, Any] | None:
    return None if x is None or y is None else {"x": x, "y": y, "source": source}


def floor_route(db: Database) -> Route:
    """The floor: the API's answer to the bench query, byte for byte, from raw SQL."""
    async def floor(request: Request) -> Response:
        async with db.engine.connect() as conn:
            rows = (await conn.execute(text(FLOOR_SQL["assets"]))).all()
            total = int((await conn.execute(text(FLOOR_SQL["count"]))).scalar() or 0)
            ids = ",".join(str(r[0]) for r in rows)
            rels = (await conn.execute(text(FLOOR_SQL["relationships"].format(ids=ids)))).all()
            links: dict[int, list[dict[str, str]]] = {}
            inherits: dict[int, list[int]] = {}
            for source, target, kind, inherit in rels:
                link = {"type": kind, "targetId": str(target)}
                links.setdefault(source, []).append(link)
                if target != source:
                    links.setdefault(target, []).append(link)
                if inherit:
                    inherits.setdefault(source, []).append(target)
            coords = {r[0]: (r[5], r[6], r[9], r[10]) for r in rows}
            wanted = {t for r in rows if r[5] is None or r[6] is None
                      for t in inherits.get(r[0], ()) if t not in coords}
            if wanted:
                sql = FLOOR_SQL["targets"].format(ids=",".join(map(str, sorted(wanted))))
                coords.update((r[0], tuple(r[1:])) for r in await conn.execute(text(sql)))
        nodes = []
        for (id_, tag, name, kind, serial, x, y, status, location, lx, ly) in rows:
            position = _point(x, y, "ASSET")
            if position is None:  # own > related asset (first inheriting link) > location
                for target in inherits.get(id_, ()):
                    tx, ty, tlx, tly = coords.get(target, (None, None, None, None))
                    position = (_point(tx, ty, "RELATED_ASSET")
                                or _point(tlx, tly, "RELATED_ASSET"))
                    if position is not None:
                        break
                else:
                    position = _point(lx, ly, "LOCATION")
            nodes.append({"id": str(id_), "assetTag": tag, "name": name, "kind": kind,
                          "serialNumber": serial, "status": {"name": status},
                          "location": None if location is None else {"name": location},
                          "position": position, "relationships": links.get(id_, [])})
        return Response(orjson.dumps({"data": {"assets": {"totalCount": total, "nodes": nodes}}}),
                        media_type="application/json")

    return Route("/floor", floor)


def columns_floor_route(db: Database) -> Route:
    """The floor of sessions 8-13, kept for comparison: the page's columns with status and
    location names flat, outgoing links only, coordinates unresolved (not the API's answer:
    it leaves out 40 % of the links and the position chain)."""
    async def columns(request: Request) -> Response:
        async with db.engine.connect() as conn:
            rows = (await conn.execute(text(FLOOR_SQL["assets"]))).mappings().all()
            total = int((await conn.execute(text(FLOOR_SQL["count"]))).scalar() or 0)
            ids = ",".join(str(r["id"]) for r in rows)
            rels = (await conn.execute(text(
                f"SELECT sourceid, targetid, type FROM assetrelationships "
                f"WHERE sourceid IN ({ids}) OR targetid IN ({ids})"))).all()
        by_asset: dict[int, list[dict[str, Any]]] = {}
        for source, target, kind in rels:
            by_asset.setdefault(source, []).append({"type": kind, "targetId": str(target)})
        nodes = [{**dict(r), "relationships": by_asset.get(r["id"], [])} for r in rows]
        return Response(orjson.dumps({"data": {"assets": {"totalCount": total, "nodes": nodes}}}),
                        media_type="application/json")

    return Route("/floor/columns", columns)


@strawberry.enum
class Source(Enum):
    ASSET = "ASSET"
    RELATED_ASSET = "RELATED_ASSET"
    LOCATION = "LOCATION"


@strawberry.type
class Named:
    name: str


@strawberry.type
class Position:
    x: float
    y: float
    source: Source


@strawberry.type
class Link:
    type: str
    target_id: strawberry.ID


@strawberry.type
class Node:
    id: strawberry.ID
    asset_tag: str
    name: str
    kind: str
    serial_number: str | None
    status: Named
    location: Named | None
    position: Position | None
    relationships: list[Link]


@strawberry.type
class Page:
    total_count: int
    nodes: list[Node]


def bare_strawberry(response: dict[str, Any]) -> GraphQL[Any, Any]:
    """A Strawberry app answering ``assets`` with the nodes of a real response."""
    page = response["data"]["assets"]
    nodes = [Node(id=n["id"], asset_tag=n["assetTag"], name=n["name"], kind=n["kind"],
                  serial_number=n["serialNumber"], status=Named(name=n["status"]["name"]),
                  location=Named(name=n["location"]["name"]) if n["location"] else None,
                  position=Position(x=n["position"]["x"], y=n["position"]["y"],
                                    source=Source(n["position"]["source"]))
                  if n["position"] else None,
                  relationships=[Link(type=r["type"], target_id=r["targetId"])
                                 for r in n["relationships"]])
             for n in page["nodes"]]

    @strawberry.type
    class Query:
        @strawberry.field
        async def assets(self, first: int = 50) -> Page:
            return Page(total_count=page["totalCount"], nodes=nodes[:first])

    schema = strawberry.Schema(query=Query, extensions=[ParserCache, ValidationCache],
                               execution_context_class=CompiledExecutionContext)
    return GraphQL(schema)


def main(database_url: str, port: int, response_file: str) -> None:
    response = orjson.loads(Path(response_file).read_bytes())
    db = Database(database_url)
    app = Starlette(routes=[floor_route(db), columns_floor_route(db),
                            Mount("/strawberry", bare_strawberry(response))])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
