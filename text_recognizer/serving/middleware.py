"""ASGI middleware: request size limit and optional API-key auth.

BentoML 1.4 has no body-size setting and spools multipart files to disk without a limit, so a
client could fill the disk; the size check answers 413 before the body is read.
"""

from __future__ import annotations

import hmac
import json
import os

from starlette.types import ASGIApp, Receive, Scope, Send

MAX_REQUEST_BYTES = int(os.environ.get("TEXT_RECOGNIZER_MAX_REQUEST_BYTES", 100 * 1024 * 1024))
# Probes, metrics and the docs stay open so orchestrators and people can reach them without the key.
OPEN_PATHS = ("/livez", "/readyz", "/healthz", "/metrics", "/docs.json", "/schema.json", "/static_content")


async def _send_json(send: Send, status: int, body: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()), *headers]})
    await send({"type": "http.response.body", "body": data})


class RequestLimits:
    """413 for a request body over the limit, by Content-Length or while streaming (chunked uploads)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_REQUEST_BYTES) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = {"error": f"the request body is larger than {self.max_bytes:,} bytes; send fewer or smaller images "
                            f"(the server's limit is TEXT_RECOGNIZER_MAX_REQUEST_BYTES)"}
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return await _send_json(send, 413, too_big)

        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _send_json(send, 413, too_big)


class _BodyTooLarge(Exception):
    pass


class ApiKeyAuth:
    """Require `Authorization: Bearer <key>` or `X-API-Key: <key>` when TEXT_RECOGNIZER_API_KEY is set."""

    def __init__(self, app: ASGIApp, api_key: str | None = None) -> None:
        self.app = app
        self.api_key = api_key if api_key is not None else os.environ.get("TEXT_RECOGNIZER_API_KEY", "")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (not self.api_key or scope["type"] != "http" or scope.get("method") == "OPTIONS"
                or scope.get("path", "") in ("", "/") or scope.get("path", "").startswith(OPEN_PATHS)):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"").decode("latin-1")
        given = auth[7:] if auth.lower().startswith("bearer ") else headers.get(b"x-api-key", b"").decode("latin-1")
        if given and hmac.compare_digest(given.encode(), self.api_key.encode()):
            return await self.app(scope, receive, send)
        await _send_json(send, 401, {"error": "missing or wrong API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"},
                         [(b"www-authenticate", b"Bearer")])
