"""The outer guard of Loep's server: only its own host names, bounded bodies, no lost connections.

An ASGI middleware in front of everything else (xlwings Server's app, its CORS layer, socket.io):

- **Host.** A request whose ``Host`` header names another server (a DNS-rebinding page that made
  ``evil.example`` resolve to 127.0.0.1) gets a Dutch 400 on every route, before any route sees it;
  a websocket is closed. Allowed are the names of :attr:`addin.excel.serve.ServerConfig.allowed_hosts`
  (127.0.0.1, localhost, ::1 and the configured public name); the port is not compared.
- **Body size.** The body is read here, at most ``max_body`` bytes; a larger one (by its
  ``Content-Length`` or as it arrives) gets a Dutch 413 and is never handed on. The app then
  reads the buffered body as usual.
- **No reset connections.** Starlette re-raises an unexpected exception after it sent its 500
  ("so that the server can log it"), and uvicorn then closes the keep-alive connection. Here the
  exception is logged once and swallowed when a response went out (or a Dutch 500 is sent when
  none did), so the client's connection serves its next call.

Imports neither xlwings nor Starlette: plain ASGI.
"""

from __future__ import annotations

import logging

from addin.core.cleaning_report import getal

logger = logging.getLogger("loep.server")

#: How many characters of a foreign host name a message repeats.
ECHO_HOST = 60
#: A body over the limit is read and discarded up to this size before the 413 (keeps the connection).
DRAIN_BYTES = 32 * 1024 * 1024


async def send_text(send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """Send a complete plain-text response (UTF-8)."""
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())] + (headers or [])})
    await send({"type": "http.response.body", "body": body})


def host_name(scope) -> str | None:
    """The host name of the request's ``Host`` header, lower case, without port; None when absent."""
    for key, value in scope.get("headers") or ():
        if key == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):  # [::1]:8000
                return host[1:host.find("]")] if "]" in host else host
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return None


def content_length(scope) -> int | None:
    for key, value in scope.get("headers") or ():
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def printable(text: str, limit: int = ECHO_HOST) -> str:
    """``text`` safe to repeat in a message: control characters dropped, at most ``limit`` characters."""
    clean = "".join(c for c in text if c.isprintable())
    return clean if len(clean) <= limit else clean[:limit] + "…"


def megabytes(n: int) -> str:
    """'1 MB', '0,5 MB', '10,2 MB' (Dutch decimal comma)."""
    value = n / (1024 * 1024)
    return (f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".replace(".", ",")) + " MB"


def host_message(host: str | None, url: str) -> str:
    if not host:
        return (f"Dit verzoek noemt geen servernaam (Host). Open de Loep-server via het adres uit het manifest: "
                f"{url}.")
    return (f"Deze Loep-server antwoordt niet op de naam '{printable(host)}'. Gebruik het adres uit het manifest "
            f"({url}); bereiken collega's de server onder een andere naam, start hem dan met "
            f"--publiek-adres https://NAAM:POORT.")


def too_large_message(size: int | None, limit: int) -> str:
    said = f" ({megabytes(size)})" if size else ""
    return (f"Het verzoek is te groot{said}: deze Loep-server aanvaardt ten hoogste {megabytes(limit)} "
            f"({getal(limit)} bytes). Geef de LOEP-functies losse waarden of kleine bereiken, geen hele "
            f"kolommen.")


class _TooLarge(Exception):
    pass


async def read_body(receive, limit: int) -> tuple[bytes, list[dict]]:
    """The whole request body (at most ``limit`` bytes) and any non-body message that came along.

    Raises:
        _TooLarge: more than ``limit`` bytes arrived.
    """
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), [message]  # e.g. http.disconnect: pass it on later
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge(size)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), []


def replay(body: bytes, pending: list[dict], receive):
    """A ``receive`` that first hands out the buffered body (and pending messages), then the real one."""
    queue = [{"type": "http.request", "body": body, "more_body": False}] + pending

    async def receive_again():
        if queue:
            return queue.pop(0)
        return await receive()

    return receive_again


class RequestGuard:
    """ASGI middleware: Host check, body limit and connection-keeping (see the module docstring).

    Args:
        app: the ASGI app behind the guard.
        allowed_hosts: host names (lower case, no port) the server answers to.
        url: the server's configured address (named in the Host message).
        max_body: largest request body in bytes.
        on_body: optional ``async (scope, body) -> (status, text) | None``: a check of the buffered
            body (Loep's protocol check); a returned pair is sent instead of calling ``app``.
    """

    def __init__(self, app, allowed_hosts, url: str, max_body: int, on_body=None):
        self.app = app
        self.allowed = frozenset(h.lower() for h in allowed_hosts)
        self.url = url
        self.max_body = max_body
        self.on_body = on_body

    async def _refuse_large(self, receive, send, size: int, declared: int | None) -> None:
        """Answer 413 for a body over the limit.

        The rest of the body is first read and thrown away (up to :data:`DRAIN_BYTES`), so the client
        gets the answer instead of a reset connection and its keep-alive connection serves the next
        call; a body larger than that is cut off and the connection closed.
        """
        logger.info("Verzoek geweigerd: %d bytes of meer (grens %d)", size, self.max_body)
        drained, complete = size, False
        if declared is None or declared <= DRAIN_BYTES:
            drained = 0 if declared is not None else size
            while drained <= DRAIN_BYTES:
                message = await receive()
                if message["type"] != "http.request":
                    break
                drained += len(message.get("body", b""))
                if not message.get("more_body", False):
                    complete = True
                    break
        headers = [] if complete else [(b"connection", b"close")]
        await send_text(send, 413, too_large_message(declared or drained, self.max_body), headers)

    async def __call__(self, scope, receive, send):
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = host_name(scope)
        if host not in self.allowed:
            logger.info("Verzoek geweigerd: onbekende servernaam %r", printable(host or ""))
            if kind == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await send_text(send, 400, host_message(host, self.url))
            return
        if kind == "websocket":
            await self.app(scope, receive, send)
            return
        declared = content_length(scope)
        if declared is not None and declared > self.max_body:
            await self._refuse_large(receive, send, declared, declared)
            return
        try:
            body, pending = await read_body(receive, self.max_body)
        except _TooLarge as exc:
            await self._refuse_large(receive, send, exc.args[0], declared)
            return
        if self.on_body is not None:
            refused = await self.on_body(scope, body)
            if refused is not None:
                await send_text(send, *refused)
                return
        started = False

        async def send_tracked(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, replay(body, pending, receive), send_tracked)
        except Exception:  # a bug; never shown to the user, the connection is kept
            if started:  # the app's own handler answered (and logged it): Starlette re-raised it for the server
                return
            logger.exception("Onverwachte fout bij %s %s", scope.get("method"), printable(scope.get("path", ""), 200))
            await send_text(send, 500, INTERNAL_ERROR)


#: What a user reads when the server itself failed (details only in the server's log).
INTERNAL_ERROR = ("Er ging iets mis in de Loep-server (geen fout van u). Probeer het opnieuw; blijft het gebeuren, "
                  "meld dan het tijdstip aan wie de server beheert (de details staan in het logboek van de server).")
