"""Sending webhook deliveries: after the change committed, never in its request.

Each server process runs :func:`run` (runtime.py): it wakes when this process committed an
event and at least every second, claims due deliveries (``pending`` with ``nextattemptat``
reached and no live claim of another process), and POSTs each to its webhook's URL:

- body: the event as JSON (``{"id", "type", "occurredAt", "data"}``);
- headers: ``X-Shopdb-Event`` (type), ``X-Shopdb-Delivery`` (delivery id),
  ``X-Shopdb-Timestamp`` (Unix seconds) and ``X-Shopdb-Signature``:
  ``sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret>``.

Deliveries to this machine (loopback) or link-local addresses are refused unless
``SHOPDB_WEBHOOK_ALLOW_LOOPBACK`` is on; the host is resolved at each attempt. A 2xx answer
within ``SHOPDB_WEBHOOK_TIMEOUT_SECONDS`` delivers it; anything else is
retried after ``SHOPDB_WEBHOOK_RETRY_SECONDS`` x 5^(attempt-1) (10 s, 50 s, 4 min, 21 min,
1.7 h by default) until ``SHOPDB_WEBHOOK_MAX_ATTEMPTS``, then it is ``failed``. Every
attempt is in the delivery log (status, attempts, response code, error).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import logging
import time
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
import orjson
from sqlalchemy import and_, delete, or_, select, update

from shopdb_gql.core.models import Webhook, WebhookDelivery
from shopdb_gql.db.base import utcnow
from shopdb_gql.db.engine import IN_BACKGROUND, Database
from shopdb_gql.settings import Settings

log = logging.getLogger(__name__)
BATCH = 20
KEEP_DAYS = 30
USER_AGENT = "shopdb-gql-webhooks/1"


def forbidden_address(address: str) -> bool:
    """Whether a webhook may not go to ``address``: this machine (loopback), link-local
    (cloud metadata at 169.254.169.254), unspecified or multicast. The plant's own
    networks (10/8, 172.16/12, 192.168/16) are allowed: that is where receivers live."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast


async def refused_host(host: str, settings: Settings) -> str | None:
    """Why a delivery may not go to ``host`` (resolved now), or None."""
    if settings.webhook_allow_loopback:
        return None
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None)
    except OSError as exc:
        return f"cannot resolve {host}: {exc.strerror or exc}"
    for info in infos:
        address = str(info[4][0])
        if forbidden_address(address):
            return (f"{host} is {address}: this server and link-local addresses are not "
                    "allowed (SHOPDB_WEBHOOK_ALLOW_LOOPBACK)")
    return None


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Shopdb-Signature`` value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


class Deliverer:
    """One process's sender."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.wake = asyncio.Event()
        self.stopping = asyncio.Event()
        self._pruned_at = 0.0

    def stop(self) -> None:
        """Stop after the round in progress, if any (Runtime.stop waits for it)."""
        self.stopping.set()
        self.wake.set()

    def poke(self) -> None:
        """Deliveries were committed here: they are due now, not at the next poll."""
        self.wake.set()

    async def run(self) -> None:
        IN_BACKGROUND.set(True)
        failing = False
        async with httpx.AsyncClient(timeout=self.settings.webhook_timeout_seconds,
                                     follow_redirects=False,
                                     headers={"user-agent": USER_AGENT}) as client:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout=1.0)
                self.wake.clear()
                if self.stopping.is_set():
                    return
                try:
                    while await self.send_due(client):
                        pass
                    await self._prune()
                    failing = False
                except Exception:  # keep delivering whatever one round does
                    if not failing:
                        log.exception("webhook deliveries: a round failed, retrying")
                    failing = True

    async def send_due(self, client: httpx.AsyncClient) -> int:
        """Claim and send what is due; the number sent (0: nothing was due)."""
        now = utcnow()
        async with self.db.transaction() as session:
            due = list((await session.execute(
                select(WebhookDelivery.id).where(
                    WebhookDelivery.status == "pending", WebhookDelivery.nextattemptat <= now,
                    or_(WebhookDelivery.claimeduntil.is_(None),
                        WebhookDelivery.claimeduntil < now))
                .order_by(WebhookDelivery.id).limit(BATCH))).scalars())
        if not due:
            return 0
        hold = now + timedelta(seconds=self.settings.webhook_timeout_seconds + 30)
        mine: list[int] = []
        for delivery_id in due:  # one claim each: another process may take some first
            async with self.db.transaction() as session:
                claimed = await session.execute(update(WebhookDelivery).where(
                    WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending",
                    or_(WebhookDelivery.claimeduntil.is_(None),
                        WebhookDelivery.claimeduntil < now)).values(claimeduntil=hold))
                if claimed.rowcount == 1:  # type: ignore[attr-defined]
                    mine.append(delivery_id)
        if mine:
            async with self.db.session() as session:
                rows = (await session.execute(
                    select(WebhookDelivery, Webhook.url, Webhook.secret, Webhook.isactive)
                    .join(Webhook, Webhook.id == WebhookDelivery.webhookid)
                    .where(WebhookDelivery.id.in_(mine)))).all()
            await asyncio.gather(*(self._send(client, d, url, secret, active)
                                   for d, url, secret, active in rows))
        return len(mine)

    async def _send(self, client: httpx.AsyncClient, delivery: WebhookDelivery, url: str,
                    secret: str, active: bool) -> None:
        body = orjson.dumps(delivery.payload)
        stamp = str(int(time.time()))
        code: int | None = None
        error: str | None = None
        refused = await refused_host(urlsplit(url).hostname or "", self.settings) if active else None
        if not active:
            error = "the webhook was turned off"
        elif refused:
            error = refused
        else:
            try:
                response = await client.post(url, content=body, headers={
                    "content-type": "application/json", "x-shopdb-event": delivery.eventtype,
                    "x-shopdb-delivery": str(delivery.id), "x-shopdb-timestamp": stamp,
                    "x-shopdb-signature": signature(secret, stamp, body)})
                code = response.status_code
                if not 200 <= code < 300:
                    error = f"HTTP {code}: {response.text[:200]}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {str(exc)[:200] or 'no answer'}"
        attempts = delivery.attempts + 1
        now = utcnow()
        values: dict[str, object] = {"attempts": attempts, "lastattemptat": now,
                                     "responsecode": code, "claimeduntil": None,
                                     "error": error[:500] if error else None}
        if error is None:
            values.update(status="delivered", deliveredat=now, nextattemptat=None)
        elif attempts >= self.settings.webhook_max_attempts or not active or refused:
            values.update(status="failed", nextattemptat=None)
            log.warning("webhook delivery %s to %s failed for good: %s", delivery.id, url, error)
        else:
            wait = self.settings.webhook_retry_seconds * 5 ** (attempts - 1)
            values.update(nextattemptat=now + timedelta(seconds=wait))
        async with self.db.transaction() as session:
            await session.execute(update(WebhookDelivery)
                                  .where(WebhookDelivery.id == delivery.id).values(**values))

    async def _prune(self) -> None:
        """Delivered and failed entries older than :data:`KEEP_DAYS` leave the log (hourly)."""
        if time.monotonic() - self._pruned_at < 3600:
            return
        self._pruned_at = time.monotonic()
        cutoff = utcnow() - timedelta(days=KEEP_DAYS)
        async with self.db.transaction() as session:
            await session.execute(delete(WebhookDelivery).where(and_(
                WebhookDelivery.status != "pending", WebhookDelivery.createdat < cutoff)))
