"""The ASGI app that ``loep server`` runs: xlwings Server's app behind Loep's path guard.

Imported only in the server process, after :mod:`addin.excel.serve` has set the XLWINGS_*
environment (xlwings reads its settings at import time).
"""

from xlwings_server.main import main_app as _xlwings_app

from addin.excel.path_guard import PathGuard

app = PathGuard(_xlwings_app)
