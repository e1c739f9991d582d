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
from addin.excel.functions import ARGS, documented

__all__ = ["duaal", "leerlingen", "reeks", "tabel", "top", "nul", "waarden", "bron"]


def _call(function, *args):
    try:
        return function(*args)
    except LoepFout as exc:
        raise XlwingsError(exc.boodschap) from None


@func
@arg("schooljaar", "raw", doc=ARGS["schooljaar"])
@arg("provincie", "raw", doc=ARGS["provincie"])
@arg("onderwijsvorm", "raw", doc=ARGS["onderwijsvorm"])
@arg("graad", "raw", doc=ARGS["graad"])
@arg("sector", "raw", doc=ARGS["sector"])
@arg("basis", "raw", doc=ARGS["basis"])
@documented("duaal")
def duaal(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None):
    return _call(f.duaal, schooljaar, provincie, onderwijsvorm, graad, sector, basis)


@func
@arg("schooljaar", "raw", doc=ARGS["schooljaar"])
@arg("provincie", "raw", doc=ARGS["provincie"])
@arg("onderwijsvorm", "raw", doc=ARGS["onderwijsvorm"])
@arg("graad", "raw", doc=ARGS["graad"])
@arg("sector", "raw", doc=ARGS["sector"])
@arg("basis", "raw", doc=ARGS["basis"])
@arg("duaal", "raw", doc=ARGS["duaal"])
@documented("leerlingen")
def leerlingen(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None, duaal=None):
    return _call(f.leerlingen, schooljaar, provincie, onderwijsvorm, graad, sector, basis, duaal)


@func
@arg("provincie", "raw", doc=ARGS["provincie_verplicht"])
@arg("van", "raw", doc=ARGS["van"])
@arg("tot", "raw", doc=ARGS["tot"])
@arg("basis", "raw", doc=ARGS["basis"])
@documented("reeks")
def reeks(provincie, van=None, tot=None, basis=None):
    return _call(f.reeks, provincie, van, tot, basis)


@func
@arg("vraag", "raw", doc=ARGS["vraag"])
@arg("provincie", "raw", doc=ARGS["provincie_tabel"])
@arg("basis", "raw", doc=ARGS["basis"])
@arg("van", "raw", doc=ARGS["van"])
@arg("tot", "raw", doc=ARGS["tot"])
@documented("tabel")
def tabel(vraag, provincie=None, basis=None, van=None, tot=None):
    return _call(f.tabel, vraag, provincie, basis, van, tot)


@func
@arg("provincie", "raw", doc=ARGS["provincie_verplicht"])
@arg("schooljaar", "raw", doc=ARGS["schooljaar"])
@arg("n", "raw", doc=ARGS["n"])
@arg("niveau", "raw", doc=ARGS["niveau"])
@arg("basis", "raw", doc=ARGS["basis"])
@documented("top")
def top(provincie, schooljaar, n=5, niveau="sector", basis=None):
    return _call(f.top, provincie, schooljaar, n, niveau, basis)


@func
@arg("provincie", "raw", doc=ARGS["provincie_verplicht"])
@arg("schooljaar", "raw", doc=ARGS["schooljaar"])
@arg("basis", "raw", doc=ARGS["basis"])
@documented("nul")
def nul(provincie, schooljaar, basis=None):
    return _call(f.nul, provincie, schooljaar, basis)


@func
@arg("dimensie", "raw", doc=ARGS["dimensie"])
@documented("waarden")
def waarden(dimensie):
    return _call(f.waarden, dimensie)


@func
@documented("bron")
def bron():
    return _call(f.bron)
