"""Floor plans: upload (admin), validation, the served image, and Location.floorPlan."""

from __future__ import annotations

import base64
import struct
import zlib
from typing import Any

import httpx

from tests.harness import Client, Server, error_codes

SET = """mutation($id: ID!, $input: FloorPlanInput!) { setFloorPlan(locationId: $id, input: $input) {
  floorPlan { url contentType width height } errors { field code message } } }"""
REMOVE = """mutation($id: ID!) { removeFloorPlan(locationId: $id) { floorPlan { url } errors { code } } }"""
PLAN = "query($id: ID!) { location(id: $id) { floorPlan { url contentType width height } } }"
NEW_LOCATION = """mutation($name: String!) { createLocation(input: {name: $name, kind: "building"}) {
  location { id } } }"""


def png(width: int, height: int) -> bytes:
    """A real one-pixel-row PNG of the given size (the server reads the IHDR chunk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def building(admin: Client, name: str) -> str:
    location_id: str = admin.data(NEW_LOCATION, {"name": name})["createLocation"]["location"]["id"]
    return location_id


def upload(client: Client, location_id: str, content_type: str, data: bytes) -> dict[str, Any]:
    result: dict[str, Any] = client.data(SET, {"id": location_id, "input": {
        "contentType": content_type, "dataBase64": b64(data)}})["setFloorPlan"]
    return result


def test_admin_uploads_a_png_and_everyone_signed_in_sees_it(server: Server, admin: Client,
                                                             viewer: Client) -> None:
    where = building(admin, "Plan hall PNG")
    made = upload(admin, where, "image/png", png(40, 30))
    assert made["errors"] == []
    assert (made["floorPlan"]["width"], made["floorPlan"]["height"]) == (40.0, 30.0)
    seen = viewer.data(PLAN, {"id": where})["location"]["floorPlan"]
    assert seen == made["floorPlan"]
    image = viewer.http.get(server.url + seen["url"], headers={"authorization": f"Bearer {viewer.token}"})
    assert image.status_code == 200 and image.content == png(40, 30)
    assert image.headers["content-type"] == "image/png"
    assert "default-src 'none'" in image.headers["content-security-policy"]
    anonymous = httpx.get(server.url + seen["url"])
    assert anonymous.status_code == 401 and anonymous.json()["errors"][0]["extensions"]["code"] == (
        "UNAUTHENTICATED")
    assert httpx.get(server.url + "/floorplans/999999999").status_code in (401, 404)
    assert httpx.get(server.url + "/floorplans/abc").status_code == 404


def test_svg_size_comes_from_its_viewbox_and_replacing_a_plan_is_audited(admin: Client) -> None:
    where = building(admin, "Plan hall SVG")
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 800">' \
          b'<rect x="10" y="10" width="300" height="200" fill="#eee"/></svg>'
    first = upload(admin, where, "image/svg+xml", svg)
    assert first["errors"] == [] and (first["floorPlan"]["width"], first["floorPlan"]["height"]) == (
        1200.0, 800.0)
    second = upload(admin, where, "image/png", png(64, 48))
    assert second["floorPlan"]["contentType"] == "image/png"
    log = admin.data("""query($id: String!) { auditLog(filter: {objectType: "location", objectId: $id}) {
      nodes { changes { field old new } } } }""", {"id": where})["auditLog"]["nodes"]
    changes = [c for n in log for c in n["changes"] if c["field"] == "floorplan"]
    assert {"field": "floorplan", "old": "image/svg+xml 1200x800", "new": "image/png 64x48"} in changes
    removed = admin.data(REMOVE, {"id": where})["removeFloorPlan"]
    assert removed == {"floorPlan": None, "errors": []}
    assert admin.data(PLAN, {"id": where})["location"]["floorPlan"] is None


def test_bad_plans_are_refused_with_field_errors(admin: Client) -> None:
    where = building(admin, "Plan hall bad")
    cases = [
        ("image/gif", b"GIF89a", ["input", "contentType"]),
        ("image/png", b"not a png at all", ["input", "dataBase64"]),
        ("image/svg+xml", b'<svg viewBox="0 0 10 10"><script>alert(1)</script></svg>',
         ["input", "dataBase64"]),
        ("image/svg+xml", b'<svg viewBox="0 0 10 10"><rect onclick="x()"/></svg>', ["input", "dataBase64"]),
        ("image/svg+xml", b'<svg viewBox="0 0 10 10"><image href="http://evil/x.png"/></svg>',
         ["input", "dataBase64"]),
        ("image/svg+xml", b"<svg><rect/></svg>", ["input", "dataBase64"]),
        ("image/png", png(1, 1)[:8] + b"XXXX" * 10, ["input", "dataBase64"]),
    ]
    for content_type, data, field in cases:
        result = upload(admin, where, content_type, data)
        assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID", field)], data
    broken = admin.data(SET, {"id": where, "input": {"contentType": "image/png", "dataBase64": "%%%"}})
    assert broken["setFloorPlan"]["errors"][0]["field"] == ["input", "dataBase64"]
    assert admin.data(PLAN, {"id": where})["location"]["floorPlan"] is None


def test_only_admins_upload(admin: Client, editor: Client) -> None:
    where = building(admin, "Plan hall perms")
    body = editor.execute(SET, {"id": where, "input": {"contentType": "image/png",
                                                       "dataBase64": b64(png(2, 2))}})
    assert error_codes(body) == ["FORBIDDEN"]
