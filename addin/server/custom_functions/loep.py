"""The LOEP cell functions for Office.js (Excel on Windows, Mac and the web) via xlwings Server.

Excel names are ``LOEP.<PYTHON NAME IN CAPITALS>``: the namespace comes from
``XLWINGS_FUNCTIONS_NAMESPACE=LOEP`` (set by ``loep server``). Each function is a thin
wrapper over :mod:`addin.excel.functions`; a user mistake becomes ``XlwingsError`` (HTTP 400),
whose Dutch message Excel shows on the ``#VALUE!`` cell. Help texts and argument
descriptions are the shared Dutch ones of ``addin.excel.functions``.

Every argument uses the ``raw`` converter: Excel's value arrives untouched (an omitted optional
argument may come as ``null``, ``""`` or an empty 2-D array ``[[]]``, which xlwings' default
converter cannot read) and :func:`addin.excel.functions.scalar` makes one value or ``None`` of it.
"""

from __future__ import annotations

from xlwings import XlwingsError
from xlwings.server import arg, func

from addin.core.errors import LoepFout
from addin.excel import functions as f
from addin.excel.functions import ARGS, HELP, PARAMS

__all__ = ["duaal", "leerlingen", "aantal", "draaitabel", "reeks", "tabel", "top", "nul", "waarden", "bron"]


def custom_function(name: str):
    """Make an Office.js custom function of ``func`` from the shared definition of ``name``.

    Help text (innermost: xlwings reads ``__doc__`` first), each argument with the ``raw`` converter and
    its help from :data:`addin.excel.functions.PARAMS` (the argument names must be the function's own), then
    xlwings Server's ``func``.
    """

    def deco(function):
        function.__doc__ = HELP[name]
        for argument, key in PARAMS[name]:
            function = arg(argument, "raw", doc=ARGS[key])(function)
        return func(function)

    return deco


def _call(function, *args):
    try:
        return function(*args)
    except LoepFout as exc:
        raise XlwingsError(exc.boodschap) from None


@custom_function("duaal")
def duaal(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None):
    return _call(f.duaal, schooljaar, provincie, onderwijsvorm, graad, sector, basis)


@custom_function("leerlingen")
def leerlingen(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None, duaal=None):
    return _call(f.leerlingen, schooljaar, provincie, onderwijsvorm, graad, sector, basis, duaal)


@custom_function("aantal")
def aantal(schooljaar, *filter):
    return _call(f.aantal, schooljaar, *filter)


@custom_function("draaitabel")
def draaitabel(rijen, kolommen=None, schooljaar=None, filter1=None, filter2=None, filter3=None, filter4=None,
               filter5=None, filter6=None, filter7=None, filter8=None):
    return _call(f.draaitabel, rijen, kolommen, schooljaar, filter1, filter2, filter3, filter4, filter5, filter6,
                 filter7, filter8)


@custom_function("reeks")
def reeks(provincie, van=None, tot=None, basis=None):
    return _call(f.reeks, provincie, van, tot, basis)


@custom_function("tabel")
def tabel(vraag, tabel=None, provincie=None, basis=None, van=None, tot=None, geheimhouding=None):
    # built-in questions only: no server paths
    return _call(f.tabel, vraag, tabel, provincie, basis, van, tot, geheimhouding)


@custom_function("top")
def top(provincie, schooljaar, n=5, niveau="sector", basis=None):
    return _call(f.top, provincie, schooljaar, n, niveau, basis)


@custom_function("nul")
def nul(provincie, schooljaar, basis=None):
    return _call(f.nul, provincie, schooljaar, basis)


@custom_function("waarden")
def waarden(dimensie=None):
    return _call(f.waarden, dimensie)


@custom_function("bron")
def bron():
    return _call(f.bron)
