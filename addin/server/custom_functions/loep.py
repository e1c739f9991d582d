"""The LOEP cell functions for Office.js (Excel on Windows, Mac and the web) via xlwings Server.

Excel names are ``LOEP.<PYTHON NAME IN CAPITALS>``: the namespace comes from
``XLWINGS_FUNCTIONS_NAMESPACE=LOEP`` (set by ``loep server``). Each function is a thin
wrapper over :mod:`addin.excel.functions`; a user mistake becomes ``XlwingsError`` (HTTP 400),
whose Dutch message Excel shows on the ``#VALUE!`` cell. Help texts and argument
descriptions are the shared Dutch ones of ``addin.excel.functions``.
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
@arg("schooljaar", doc=ARGS["schooljaar"])
@arg("provincie", doc=ARGS["provincie"])
@arg("onderwijsvorm", doc=ARGS["onderwijsvorm"])
@arg("graad", doc=ARGS["graad"])
@arg("sector", doc=ARGS["sector"])
@arg("basis", doc=ARGS["basis"])
@documented("duaal")
def duaal(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None):
    return _call(f.duaal, schooljaar, provincie, onderwijsvorm, graad, sector, basis)


@func
@arg("schooljaar", doc=ARGS["schooljaar"])
@arg("provincie", doc=ARGS["provincie"])
@arg("onderwijsvorm", doc=ARGS["onderwijsvorm"])
@arg("graad", doc=ARGS["graad"])
@arg("sector", doc=ARGS["sector"])
@arg("basis", doc=ARGS["basis"])
@arg("duaal", doc=ARGS["duaal"])
@documented("leerlingen")
def leerlingen(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None, duaal=None):
    return _call(f.leerlingen, schooljaar, provincie, onderwijsvorm, graad, sector, basis, duaal)


@func
@arg("provincie", doc=ARGS["provincie_verplicht"])
@arg("van", doc=ARGS["van"])
@arg("tot", doc=ARGS["tot"])
@arg("basis", doc=ARGS["basis"])
@documented("reeks")
def reeks(provincie, van=None, tot=None, basis=None):
    return _call(f.reeks, provincie, van, tot, basis)


@func
@arg("vraag", doc=ARGS["vraag"])
@arg("provincie", doc=ARGS["provincie"])
@arg("basis", doc=ARGS["basis"])
@arg("van", doc=ARGS["van"])
@arg("tot", doc=ARGS["tot"])
@documented("tabel")
def tabel(vraag, provincie=None, basis=None, van=None, tot=None):
    return _call(f.tabel, vraag, provincie, basis, van, tot)


@func
@arg("provincie", doc=ARGS["provincie_verplicht"])
@arg("schooljaar", doc=ARGS["schooljaar"])
@arg("n", doc=ARGS["n"])
@arg("niveau", doc=ARGS["niveau"])
@arg("basis", doc=ARGS["basis"])
@documented("top")
def top(provincie, schooljaar, n=5, niveau="sector", basis=None):
    return _call(f.top, provincie, schooljaar, n, niveau, basis)


@func
@arg("provincie", doc=ARGS["provincie_verplicht"])
@arg("schooljaar", doc=ARGS["schooljaar"])
@arg("basis", doc=ARGS["basis"])
@documented("nul")
def nul(provincie, schooljaar, basis=None):
    return _call(f.nul, provincie, schooljaar, basis)


@func
@arg("dimensie", doc=ARGS["dimensie"])
@documented("waarden")
def waarden(dimensie):
    return _call(f.waarden, dimensie)


@func
@documented("bron")
def bron():
    return _call(f.bron)
