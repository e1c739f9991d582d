"""A request guard in front of the xlwings Server app: no path may climb out of its folder.

xlwings Server (1.20) serves ``/static/...`` by joining the request path onto a folder without
checking that the result stays inside it, so ``/static/../../etc/passwd`` would be read. Loep's
server answers any request whose path holds a ``..`` segment (also percent-encoded, also with
backslashes) or a NUL byte with 404, before the app sees it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_SEPARATORS = re.compile(r"[/\\]")


def is_unsafe_path(path: str) -> bool:
    """True when ``path`` (decoded once, and once more for double encoding) could leave its folder."""
    for candidate in (path, unquote(path), unquote(unquote(path))):
        if "\x00" in candidate:
            return True
        if any(part == ".." for part in _SEPARATORS.split(candidate)):
            return True
    return False


class PathGuard:
    """ASGI middleware: 404 for unsafe paths, everything else passes to ``app`` unchanged."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            raw = scope.get("raw_path") or b""
            if is_unsafe_path(scope.get("path", "")) or is_unsafe_path(raw.decode("latin-1")):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                body = "Niet gevonden.".encode()
                await send({"type": "http.response.start", "status": 404,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
