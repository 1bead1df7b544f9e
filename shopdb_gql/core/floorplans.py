"""Floor plans: an image per building that the site map draws its assets on.

An admin uploads an SVG, PNG or JPEG (base64 in a GraphQL mutation: plans are small, and
the mutation gets authentication, permissions, audit and payload errors like any other).
The image's own size sets the plan's coordinate space: asset positions inside the building
are in plan pixels (SVG: user units of its viewBox). Images are served by
``GET /floorplans/<location id>`` (web/floorplans.py) to signed-in callers.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from typing import Any

import strawberry
from strawberry.types import Info

from shopdb_gql.auth.permissions import IsAdmin
from shopdb_gql.core import models
from shopdb_gql.core.editing import get_or_fail
from shopdb_gql.core.types import FloorPlan
from shopdb_gql.db.base import utcnow
from shopdb_gql.graphql.context import Context  # resolved at runtime by Strawberry
from shopdb_gql.graphql.errors import ErrorCode, PayloadErrors, UserError, user_error
from shopdb_gql.graphql.mutations import Tx, perform

MAX_PLAN_BYTES = 4 * 1024 * 1024
CONTENT_TYPES = ("image/svg+xml", "image/png", "image/jpeg")
#: What an SVG plan may not hold: it is served to browsers, so nothing that runs or fetches.
_SVG_FORBIDDEN = re.compile(
    rb"<\s*(script|foreignObject|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:"
    rb"|<!ENTITY|(xlink:)?href\s*=\s*[\"'](?!#|data:image/)", re.IGNORECASE)
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_NUMBER = rb"\s*([0-9]*\.?[0-9]+)"


@strawberry.input(description="A floor-plan image to upload.")
class FloorPlanInput:
    content_type: str = strawberry.field(description="image/svg+xml, image/png or image/jpeg.")
    data_base64: str = strawberry.field(description=(
        f"The image file, base64-encoded (at most {MAX_PLAN_BYTES // (1024 * 1024)} MB)."))


@strawberry.type(description="Result of uploading or removing a floor plan.")
class FloorPlanPayload:
    floor_plan: FloorPlan | None = strawberry.field(default=None, description="The plan now.")
    errors: list[UserError] = strawberry.field(description="Why it was refused.")


def _bad(message: str, *path: str) -> PayloadErrors:
    return PayloadErrors(user_error(ErrorCode.INVALID, message, "input", *path))


def _png_size(data: bytes) -> tuple[float, float]:
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        raise _bad("The file is not a PNG image", "dataBase64")
    width, height = struct.unpack(">II", data[16:24])
    return float(width), float(height)


def _jpeg_size(data: bytes) -> tuple[float, float]:
    if not data.startswith(b"\xff\xd8"):
        raise _bad("The file is not a JPEG image", "dataBase64")
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):  # start of frame: height, then width
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return float(width), float(height)
        i += 2 + length
    raise _bad("The JPEG image has no size", "dataBase64")


def _svg_size(data: bytes) -> tuple[float, float]:
    root = _SVG_ROOT.search(data[:4096])
    if root is None:
        raise _bad("The file is not an SVG image", "dataBase64")
    if _SVG_FORBIDDEN.search(data):
        raise _bad("The SVG holds scripts, event handlers or external links: export a plain "
                   "drawing", "dataBase64")
    tag = root.group(0)
    box = re.search(rb"viewBox\s*=\s*[\"']\s*-?[0-9.]+[\s,]+-?[0-9.]+[\s,]+"
                    rb"([0-9]*\.?[0-9]+)[\s,]+([0-9]*\.?[0-9]+)", tag)
    if box:
        return float(box.group(1)), float(box.group(2))
    width = re.search(rb"\swidth\s*=\s*[\"']" + _NUMBER, tag)
    height = re.search(rb"\sheight\s*=\s*[\"']" + _NUMBER, tag)
    if width and height:
        return float(width.group(1)), float(height.group(1))
    raise _bad("The SVG has no viewBox or width and height", "dataBase64")


def decode_plan(content_type: str, data_base64: str) -> tuple[bytes, float, float]:
    """The image bytes and their size, or PayloadErrors saying what is wrong."""
    if content_type not in CONTENT_TYPES:
        raise _bad(f"Upload one of {', '.join(CONTENT_TYPES)}", "contentType")
    if len(data_base64) > MAX_PLAN_BYTES * 4 // 3 + 4:
        raise _bad(f"The image is larger than {MAX_PLAN_BYTES // (1024 * 1024)} MB", "dataBase64")
    try:
        data = base64.b64decode(data_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _bad("dataBase64 is not valid base64", "dataBase64") from exc
    size = {"image/png": _png_size, "image/jpeg": _jpeg_size,
            "image/svg+xml": _svg_size}[content_type](data)
    if not all(0 < v <= 100_000 for v in size):
        raise _bad("The image size must be between 1 and 100,000 units", "dataBase64")
    return data, size[0], size[1]


@strawberry.type
class FloorPlanMutation:
    @strawberry.mutation(description=(
        "Upload a building's floor plan (admin). The site map draws the building's assets on "
        "it, at positions in the image's own units."), permission_classes=[IsAdmin])
    async def set_floor_plan(self, info: Info[Context, Any], location_id: strawberry.ID,
                             input: FloorPlanInput) -> FloorPlanPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            location = await get_or_fail(tx.session, models.Location, location_id, "location",
                                         "locationId")
            data, width, height = decode_plan(input.content_type, input.data_base64)
            row = await tx.session.get(models.FloorPlan, location.id)
            old = None if row is None else f"{row.contenttype} {row.width:g}x{row.height:g}"
            if row is None:
                row = models.FloorPlan(locationid=location.id)
                tx.session.add(row)
            row.contenttype, row.width, row.height = input.content_type, width, height
            row.image = base64.b64encode(data).decode()
            row.updatedby = tx.actor.name
            row.updatedat = utcnow()
            await tx.session.flush()
            await tx.audit("update", "location", location.id, {"floorplan": {
                "old": old, "new": f"{input.content_type} {width:g}x{height:g}"}},
                summary=f"floor plan of {location.name}")
            return {"floor_plan": FloorPlan.from_row(row)}

        return await perform(info, FloorPlanPayload, work)

    @strawberry.mutation(description="Remove a building's floor plan (admin).",
                         permission_classes=[IsAdmin])
    async def remove_floor_plan(self, info: Info[Context, Any],
                                location_id: strawberry.ID) -> FloorPlanPayload:
        async def work(tx: Tx) -> dict[str, Any]:
            location = await get_or_fail(tx.session, models.Location, location_id, "location",
                                         "locationId")
            row = await tx.session.get(models.FloorPlan, location.id)
            if row is not None:
                await tx.session.delete(row)
                await tx.audit("update", "location", location.id, {"floorplan": {
                    "old": f"{row.contenttype} {row.width:g}x{row.height:g}", "new": None}},
                    summary=f"floor plan of {location.name} removed")
            return {"floor_plan": None}

        return await perform(info, FloorPlanPayload, work)
