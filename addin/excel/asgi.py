"""The ASGI app that ``loep server`` runs: xlwings Server's app behind Loep's guards.

Imported only in the server process, after :mod:`addin.excel.serve` has set the XLWINGS_* and
LOEP_* environment (xlwings reads its settings at import time). From the outside in:

1. :class:`~addin.excel.request_guard.RequestGuard`: only the configured host names, bodies up to
   the limit, the protocol check of :mod:`addin.excel.protocol` (a Dutch 400 for a call that does
   not fit), no connection lost after an error;
2. :class:`~addin.excel.path_guard.PathGuard`: no path climbs out of its folder;
3. xlwings Server (CORS for Excel on the web only, socket.io, the routes), with Loep's Dutch error
   handlers (:mod:`addin.excel.http_errors`) and its templates given the configured address
   (``loep.base_url``, ``loep.support_url``: the manifest never uses the request's Host).

``LOEP_VERVERSEN_SECONDEN`` (default :data:`addin.excel.functions.REFRESH_SECONDS`, 60) sets how often
:class:`~addin.excel.refresher.QueryRefresher` checks the store for a new import (in its own thread, so
that loading it does not stall the calls).
"""

import os

from xlwings_server import main as _xlwings_main
from xlwings_server.config import settings as _settings
from xlwings_server.routers import xlwings as _xlwings_routes
from xlwings_server.templates import templates as _templates

from addin.excel import functions as _functions
from addin.excel import http_errors
from addin.excel.path_guard import PathGuard
from addin.excel.protocol import Protocol, ProtocolFout
from addin.excel.refresher import QueryRefresher
from addin.excel.request_guard import RequestGuard
from addin.excel.serve import ServedAddress
from addin.excel.taskpane_text import install_dutch_frame

served = ServedAddress.from_environment()
try:
    _refresh = os.environ.get("LOEP_VERVERSEN_SECONDEN")
    _interval = max(0.1, float(_refresh)) if _refresh else _functions.REFRESH_SECONDS
except ValueError:
    _interval = _functions.REFRESH_SECONDS
    http_errors.logger.warning("LOEP_VERVERSEN_SECONDEN is geen getal; de standaard (%s s) blijft", _interval)
refresher = QueryRefresher(_interval).start()  # new imports are loaded beside the event loop, not on it
protocol = Protocol(_xlwings_routes.custom_functions, _xlwings_routes.custom_scripts,
                    _settings.functions_namespace.upper())

_templates.env.globals["loep"] = {"base_url": served.url, "support_url": served.support_url}
install_dutch_frame(_templates.env)
http_errors.install(_xlwings_main.app)

_FUNCTIONS = f"{_settings.app_path}/xlwings/custom-functions-call"
_SCRIPTS = f"{_settings.app_path}/xlwings/custom-scripts-call/"


def _content_type(scope) -> str:
    for key, value in scope.get("headers") or ():
        if key == b"content-type":
            return value.decode("latin-1").lower()
    return ""


async def check_protocol(scope, body: bytes):
    """The protocol check of the two POST routes Excel calls; (400, Dutch text) when a call misfits."""
    if scope.get("method") != "POST":
        return None
    path = scope.get("path", "")
    try:
        if path == _FUNCTIONS:
            scope["loep.function"] = protocol.check_function_call(body)
        elif path.startswith(_SCRIPTS):
            protocol.check_script_call(path[len(_SCRIPTS):], body, _content_type(scope))
            scope["loep.function"] = f"knop {path[len(_SCRIPTS):]}"
    except ProtocolFout as exc:
        http_errors.logger.info("Verzoek past niet bij de server (%s): %s", path[:120], str(exc)[:200])
        return 400, str(exc)
    return None


app = RequestGuard(PathGuard(_xlwings_main.main_app), served.allowed_hosts, served.url, served.max_body,
                   on_body=check_protocol)
