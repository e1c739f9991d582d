"""Every error answer of Loep's server in Dutch, short, and logged at the right level.

Registered on xlwings Server's FastAPI app by :mod:`addin.excel.asgi`, in place of its own
handlers (``logger.error`` of the whole message, ``An error occurred.``, English details):

- a user mistake (``XlwingsError``, i.e. Loep's ``LoepFout`` from a cell function or button) is a
  400 with the Dutch message; a value the user typed is repeated at most :data:`ECHO_CHARS`
  characters long, and the log gets one INFO line without the arguments;
- an ``HTTPException`` (404 of an unknown path, 405, a 400 of xlwings) gets a Dutch text;
- a request the route could not parse (FastAPI's validation, English 422) is a Dutch 400;
- anything else is a bug: a Dutch 500 for the user, the traceback in the log at ERROR.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus

from starlette.exceptions import HTTPException

from addin.excel.protocol import UPDATE
from addin.excel.request_guard import INTERNAL_ERROR

logger = logging.getLogger("loep.server")

#: Longest stretch of a quoted value ('...') a message repeats; longer ones are cut.
ECHO_CHARS = 80
#: Longest message sent back at all.
MAX_MESSAGE = 2000

_QUOTED = re.compile(r"'([^']{%d,})'" % (ECHO_CHARS + 1))

#: Dutch texts for the HTTP errors FastAPI/Starlette and xlwings Server raise themselves.
HTTP_TEXTS = {
    404: "Niet gevonden: deze Loep-server heeft niets op dit adres.",
    405: "Deze bewerking is op dit adres niet toegestaan.",
    413: "Het verzoek is te groot.",
}


class DutchHTTPException(HTTPException):
    """An HTTP error of Loep's own routes: its ``detail`` is the Dutch text the user reads."""


def cut_values(message: str) -> str:
    """``message`` with every quoted value longer than :data:`ECHO_CHARS` cut (``'abc…' (12.345 tekens)``).

    The rest of the message (what was expected, the suggestion) stays whole; the result is at most
    :data:`MAX_MESSAGE` characters.
    """
    from addin.core.cleaning_report import getal

    def cut(match: re.Match) -> str:
        value = match.group(1)
        return f"'{value[:ECHO_CHARS]}…' ({getal(len(value))} tekens)"

    text = _QUOTED.sub(cut, message)
    text = "".join(c if c.isprintable() or c == "\n" else " " for c in text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"


def _plain(text: str, status: int):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(text, status_code=status)


def _where(request) -> str:
    name = request.scope.get("loep.function")
    return name or request.url.path[:120]


async def user_error(request, exc):
    """A user mistake: 400, the Dutch message with long values cut, one short INFO line."""
    text = cut_values(str(exc))
    logger.info("Gebruikersfout bij %s: %s", _where(request), text[:200])
    return _plain(text, 400)


async def http_error(request, exc):
    """An HTTP error raised by a route (unknown path, wrong method, xlwings' own 400s)."""
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", None)
    if isinstance(exc, DutchHTTPException) and isinstance(detail, str):
        text = cut_values(detail)
    elif status in HTTP_TEXTS:
        text = HTTP_TEXTS[status]
    else:  # xlwings Server's own English detail: logged, not shown
        text = f"Dit verzoek kan de Loep-server niet uitvoeren ({status}); {UPDATE}."
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        if detail and detail != phrase:
            logger.info("HTTP %s bij %s: %s", status, _where(request), cut_values(str(detail))[:200])
    headers = getattr(exc, "headers", None)
    response = _plain(text, status)
    if headers:
        response.headers.update(headers)
    return response


async def validation_error(request, exc):
    """FastAPI could not read the request (would be an English 422): a Dutch 400."""
    logger.info("Onleesbaar verzoek bij %s", _where(request))
    return _plain(f"De Loep-server kon dit verzoek niet lezen (geen geldige JSON of niet wat Excel stuurt); "
                  f"{UPDATE}.", 400)


async def internal_error(request, exc):
    """A bug: a Dutch 500; the traceback goes to the log (once, here)."""
    logger.error("Onverwachte fout bij %s", _where(request), exc_info=exc)
    return _plain(INTERNAL_ERROR, 500)


def install(app) -> None:
    """Register the handlers above on a FastAPI ``app`` (before its first request)."""
    from fastapi.exceptions import RequestValidationError
    from xlwings import XlwingsError

    app.add_exception_handler(XlwingsError, user_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)
