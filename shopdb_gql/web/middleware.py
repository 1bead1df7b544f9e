"""Pure ASGI middleware: the request body limit, trusted proxies (request ids:
observability.logging)."""

from __future__ import annotations

import ipaddress

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"errors": [{"message": f"Request body exceeds {self.max_bytes} bytes",
                         "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}, status_code=413)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


class TrustedProxies:
    """The client's address from ``X-Forwarded-For`` when, and only when, the request came
    through a proxy we trust (``SHOPDB_TRUSTED_PROXIES``; none by default).

    A forged header from anywhere else is ignored: the per-address login delays key on the
    socket's address. Behind trusted proxies the client is the right-most address in the
    header that is not itself a trusted proxy (each proxy appends the peer it saw, so
    entries left of that were written by the client and prove nothing).
    ``X-Forwarded-Proto`` is taken from a trusted proxy too.
    """

    def __init__(self, app: ASGIApp, trusted: list[str]) -> None:
        self.app = app
        self.trusted = [ipaddress.ip_network(t, strict=False) for t in trusted]

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if (scope["type"] in ("http", "websocket") and self.trusted and client
                and self._is_trusted(client[0])):
            headers = dict(scope.get("headers") or [])
            chain = [part.strip() for part in headers.get(b"x-forwarded-for", b"")
                     .decode("latin-1").split(",") if part.strip()]
            for address in reversed(chain):
                if not self._is_trusted(address):
                    try:
                        ipaddress.ip_address(address)
                    except ValueError:
                        break  # garbage: keep the proxy's own address
                    scope = {**scope, "client": (address, 0)}
                    break
            proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1").strip().lower()
            if proto in ("http", "https"):
                scheme = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
                scope = {**scope, "scheme": scheme}
        await self.app(scope, receive, send)
