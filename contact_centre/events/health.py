"""GET /health for the stack supervisor: 200 while the consumer is connected to RabbitMQ, 503
otherwise; the body is the consumer's status as JSON. Plain asyncio: one tiny route."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

MAX_REQUEST_HEAD = 8192
REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}


async def start_health_server(
    host: str, port: int, healthy: Callable[[], bool], status: Callable[[], dict[str, object]]
) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
            writer.close()
            return
        method, _, rest = head.decode("latin-1").partition(" ")
        path = rest.partition(" ")[0].partition("?")[0]
        if path != "/health":
            code, body = 404, {"error": "not found"}
        elif method not in ("GET", "HEAD"):
            code, body = 405, {"error": "method not allowed"}
        else:
            code, body = (200 if healthy() else 503), status()
        payload = json.dumps(body).encode()
        writer.write(
            f"HTTP/1.1 {code} {REASONS[code]}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
            + (payload if method != "HEAD" else b"")
        )
        try:
            await writer.drain()
        finally:
            writer.close()

    return await asyncio.start_server(handle, host, port, limit=MAX_REQUEST_HEAD)
