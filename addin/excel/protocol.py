"""Checks of what Excel (Office.js) sends, before xlwings Server reads it: a Dutch 400 for every misfit.

xlwings Server trusts the request: a cell call with too many arguments, an unknown ``func_name``
or a workbook without ``sheets`` ends in a Python exception and ``500 An error occurred.``; a body
that is no JSON object gets pydantic's English 422. Such a request comes from an add-in that does
not match the server (an old manifest, a cached task pane) or from a hand-made call. Here each gets
a Dutch 400 that says what was wrong and what to do; the connection stays usable.

The checks read the published functions and scripts from the modules xlwings Server serves
(``__xlfunc__`` / ``__xlscript__``), so they follow the code without a list of their own.
"""

from __future__ import annotations

import inspect
import json
from urllib.parse import parse_qs

from addin.excel.request_guard import printable

#: What a user can do about a request that does not fit this server.
UPDATE = ("werk de add-in bij: sluit Excel, laad het manifest van deze server opnieuw en open het "
          "taakvenster van Loep")
#: How many published names a message lists.
SHOW_NAMES = 12


class ProtocolFout(Exception):
    """A request that does not fit the protocol; the message is the Dutch text of the 400."""


def _functions(module) -> dict[str, object]:
    return {name: obj for name, obj in vars(module).items()
            if not name.startswith("_") and callable(obj) and hasattr(obj, "__xlfunc__")}


def _scripts(module) -> dict[str, object]:
    return {name: obj for name, obj in vars(module).items()
            if not name.startswith("_") and callable(obj) and hasattr(obj, "__xlscript__")}


def _arity(func) -> tuple[int, int]:
    """(required, maximum) number of Excel arguments of a custom function.

    A repeating parameter (``*filter`` of LOEP.AANTAL) arrives as one more argument: the list of its values.
    """
    signature = inspect.signature(func).parameters.values()
    params = [p for p in signature if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = sum(p.default is p.empty for p in params)
    repeating = any(p.kind is p.VAR_POSITIONAL for p in signature)
    return required, len(params) + repeating


def _argumenten(n: int) -> str:
    return f"{n} argument" if n == 1 else f"{n} argumenten"


def _json_object(body: bytes, what: str) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolFout(f"Het verzoek {what} is geen geldige JSON. Het kwam niet van de Loep-add-in, of de "
                           f"verbinding brak af; probeer opnieuw of {UPDATE}.") from None
    if not isinstance(data, dict):
        raise ProtocolFout(f"Het verzoek {what} moet een JSON-object zijn, geen {_kind(data)}; {UPDATE}.")
    return data


def _kind(value) -> str:
    return {list: "lijst", str: "tekst", int: "getal", float: "getal", bool: "waar/onwaar",
            type(None): "null", dict: "object"}.get(type(value), "andere waarde")


def _require(data: dict, key: str, kind, what: str, meaning: str):
    if key not in data:
        raise ProtocolFout(f"Het verzoek {what} mist '{key}' ({meaning}); {UPDATE}.")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        expected = {list: "een lijst", dict: "een object", str: "tekst", int: "een geheel getal"}[kind]
        raise ProtocolFout(f"In het verzoek {what} moet '{key}' ({meaning}) {expected} zijn, niet "
                           f"{_kind(value)}; {UPDATE}.")
    return value


class Protocol:
    """The checks for one server: its published functions and scripts, and its Excel namespace.

    Args:
        functions_module: the module xlwings Server takes custom functions from.
        scripts_module: the module it takes custom scripts (task-pane buttons) from.
        namespace: the Excel namespace of the functions ("LOEP").
    """

    def __init__(self, functions_module, scripts_module, namespace: str):
        self.namespace = namespace
        self.functions = _functions(functions_module)
        self.scripts = _scripts(scripts_module)
        self.arity = {name: _arity(func) for name, func in self.functions.items()}

    def excel_name(self, name: str) -> str:
        return f"{self.namespace}.{name.upper()}"

    def check_function_call(self, body: bytes) -> str:
        """Check a ``custom-functions-call`` body; returns the function's Excel name (``LOEP.DUAAL``).

        Raises:
            ProtocolFout: not a JSON object; ``func_name`` missing or not a published function;
                ``args`` not a list, or more or fewer arguments than the function takes; ``client`` or
                ``version`` missing.
        """
        what = "van deze formule"
        data = _json_object(body, what)
        name = _require(data, "func_name", str, what, "de naam van de functie")
        if name not in self.functions:
            known = ", ".join(self.excel_name(n) for n in sorted(self.functions)[:SHOW_NAMES])
            raise ProtocolFout(f"Deze Loep-server kent de functie '{printable(name)}' niet (hij kent {known}); "
                               f"{UPDATE}.")
        excel = self.excel_name(name)
        what = f"van {excel}"
        args = _require(data, "args", list, what, "de argumenten")
        required, maximum = self.arity[name]
        if len(args) > maximum:
            raise ProtocolFout(f"De functie {excel} kreeg {_argumenten(len(args))}, verwacht ten hoogste "
                               f"{maximum}: {UPDATE}.")
        if len(args) < required:
            raise ProtocolFout(f"De functie {excel} kreeg {_argumenten(len(args))}, verwacht ten minste "
                               f"{required}: {UPDATE}.")
        _require(data, "client", str, what, "het soort Excel")
        _require(data, "version", str, what, "de versie van de add-in")
        return excel

    def check_script_call(self, name: str, body: bytes, content_type: str = "") -> None:
        """Check a ``custom-scripts-call/{name}`` body: the workbook of a task-pane button.

        Raises:
            ProtocolFout: an unknown button; a body that is not the workbook as JSON (also inside
                the form field ``bookData``); ``client``, ``version``, ``book``, ``names`` or ``sheets``
                missing or of the wrong kind; a sheet without ``name`` or ``values``.
        """
        if name not in self.scripts:
            known = ", ".join(sorted(self.scripts)[:SHOW_NAMES])
            raise ProtocolFout(f"Deze Loep-server kent de knop '{printable(name)}' niet (hij kent {known}); "
                               f"{UPDATE}.")
        what = f"van de knop '{name}'"
        if content_type.startswith("application/x-www-form-urlencoded"):
            form = parse_qs(body.decode("utf-8", "replace"))
            if "bookData" not in form:
                raise ProtocolFout(f"Het verzoek {what} mist de werkmap (bookData); {UPDATE}.")
            body = form["bookData"][0].encode("utf-8")
        elif content_type.startswith("multipart/"):
            return  # htmx forms: left to xlwings (the task pane's buttons send JSON)
        data = _json_object(body, what)
        _require(data, "client", str, what, "het soort Excel")
        _require(data, "version", str, what, "de versie van de add-in")
        book = _require(data, "book", dict, what, "de gegevens van de werkmap")
        _require(book, "name", str, what, "de naam van de werkmap")
        _require(book, "active_sheet_index", int, what, "het actieve blad")
        _require(data, "names", list, what, "de namen van de werkmap")
        sheets = _require(data, "sheets", list, what, "de bladen van de werkmap")
        if not sheets:
            raise ProtocolFout(f"Het verzoek {what} bevat geen enkel blad; {UPDATE}.")
        for i, sheet in enumerate(sheets, start=1):
            if not isinstance(sheet, dict):
                raise ProtocolFout(f"Blad {i} in het verzoek {what} is geen object; {UPDATE}.")
            _require(sheet, "name", str, what, f"de naam van blad {i}")
            values = _require(sheet, "values", list, what, f"de waarden van blad {i}")
            if not all(isinstance(row, list) for row in values):
                raise ProtocolFout(f"De waarden van blad {i} in het verzoek {what} zijn geen rijen; {UPDATE}.")
        if not 0 <= book["active_sheet_index"] < len(sheets):
            raise ProtocolFout(f"Het actieve blad ({book['active_sheet_index']}) in het verzoek {what} bestaat niet "
                               f"(de werkmap heeft {len(sheets)} bladen); {UPDATE}.")
