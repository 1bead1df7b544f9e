"""HTTP downloads of the measuringtools plugin (served under ``/plugins/measuringtools/``).

``GET /plugins/measuringtools/calibrations-due.csv?days=30``: the tools whose calibration
is due within ``days`` (0-36500, default 30) or overdue, soonest first, as CSV for the lab
or the calibration provider. Readers (``read``) may download it.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.responses import Response

from shopdb_gql.plugins import AssetRow, LocationRow, PluginRequest, PluginRoute, utcnow

from .kind import KIND, MAX_DAYS, MeasuringToolRow, due_condition

HEADER = ("Asset tag", "Name", "Tool number", "Location", "Next calibration due (UTC)", "Overdue")
#: A cell a spreadsheet would run as a formula starts with one of these: sent as text.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA) else text


async def calibrations_due_csv(req: PluginRequest) -> Response:
    raw = req.query_params.get("days", "30")
    try:
        days = int(raw)
    except ValueError:
        raise HTTPException(400, f"days must be a whole number of days, not {raw[:20]!r}") from None
    if not 0 <= days <= MAX_DAYS:
        raise HTTPException(400, f"days must be between 0 and {MAX_DAYS}")
    row = MeasuringToolRow
    rows = (await req.session.execute(
        select(AssetRow.assettag, AssetRow.name, row.toolnumber, LocationRow.name,
               row.nextcalibrationdue)
        .join(row, row.id == AssetRow.id)
        .outerjoin(LocationRow, LocationRow.id == AssetRow.locationid)
        .where(AssetRow.kind == KIND, due_condition(days))
        .order_by(row.nextcalibrationdue.is_(None).desc(), row.nextcalibrationdue,
                  AssetRow.assettag))).all()
    now = utcnow()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for tag, name, number, location, due in rows:
        due_at = due.replace(tzinfo=UTC) if isinstance(due, datetime) and due.tzinfo is None else due
        writer.writerow([_cell(tag), _cell(name), _cell(number), _cell(location),
                         due_at.strftime("%Y-%m-%d %H:%M") if due_at else "never calibrated",
                         "yes" if due_at is None or due_at <= now else "no"])
    stamp = now.strftime("%Y-%m-%d")
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="calibrations-due-{stamp}.csv"',
        "Cache-Control": "no-store"})


ROUTES = (PluginRoute("/calibrations-due.csv", calibrations_due_csv,
                      description="Tools due for calibration within ?days= (CSV)"),)
