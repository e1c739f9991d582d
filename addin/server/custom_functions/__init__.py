"""Custom functions the xlwings Server publishes (Excel names ``LOEP.*``)."""

import sys

# xlwings converts every argument with ``js_to_none``, which tries ``from pyodide.ffi import JsNull``
# on each call; outside Pyodide that failed import searches sys.path every time (~0.1 ms per
# argument). Marking the module as absent (``None`` in sys.modules, see the import system docs)
# makes the failure immediate. Skipped when running in Pyodide itself.
if sys.platform != "emscripten":
    sys.modules.setdefault("pyodide", None)
    sys.modules.setdefault("pyodide.ffi", None)

from .loep import *  # noqa: E402,F401,F403
