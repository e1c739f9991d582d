"""Desktop Excel (Windows, xlwings add-in or standalone workbook): the LOEP cell functions.

``xlwings.conf`` of ``workbooks/loep.xlsm`` names this module under *UDF Modules*; xlwings'
*Import Functions* writes a VBA stub per function and registers the Dutch help texts with
Excel's function wizard (``Application.MacroOptions``, at most 255 characters each).

Names: classic xlwings names the VBA function after the Python function and VBA names cannot
contain a dot, so the desktop names are ``LOEP_DUAAL``, ``LOEP_LEERLINGEN``, … (category
"Loep" in the wizard). Through xlwings Server (Office.js) the same functions are
``LOEP.DUAAL``, ``LOEP.LEERLINGEN``, … Arguments and results are identical.

Errors: a user mistake is *returned* as text, ``"#WAARDE! Onbekende provincie 'Antwerp';
bedoelde u 'Antwerpen'?"`` (one cell, also for spilling functions). Classic xlwings cannot return
an Excel error value from Python: its ``call_udf`` only converts the result, and for a function that
raises, the VBA stub it generates (``On Error GoTo failed`` … ``fname = Err.Description``) puts the
exception text, a Python traceback, in the cell, which is text as well. So the readable Dutch
message is the best available. The price: it is text, not an error, so ``SOM``/``SUM`` over such
cells silently leaves it out and ``ISFOUT``/``ISERROR`` do not see it; ``ISTEKST(A1)`` or
``AANTAL.ALS(B2:B20;"#WAARDE!*")`` do. Every desktop help text says so (``desktop_help``), and
docs/excel.md shows a guarded sum.
"""

from __future__ import annotations

import xlwings as xw

from addin.core.errors import LoepFout
from addin.excel import functions as f
from addin.excel.functions import DESKTOP_ARGS

CATEGORY = "Loep"


def documented(name: str):
    """Give a desktop wrapper the desktop help text of ``name`` (innermost decorator: xlwings reads it early)."""

    def deco(func):
        func.__doc__ = f.desktop_help(name)
        return func

    return deco


def _guard(call, *args, spill: bool = False):
    try:
        return call(*args)
    except LoepFout as exc:
        text = f.error_text(exc)
        return [[text]] if spill else text


@xw.func(category=CATEGORY)
@xw.arg("schooljaar", doc=DESKTOP_ARGS["schooljaar"])
@xw.arg("provincie", doc=DESKTOP_ARGS["provincie"])
@xw.arg("onderwijsvorm", doc=DESKTOP_ARGS["onderwijsvorm"])
@xw.arg("graad", doc=DESKTOP_ARGS["graad"])
@xw.arg("sector", doc=DESKTOP_ARGS["sector"])
@xw.arg("basis", doc=DESKTOP_ARGS["basis"])
@documented("duaal")
def LOEP_DUAAL(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None):
    return _guard(f.duaal, schooljaar, provincie, onderwijsvorm, graad, sector, basis)


@xw.func(category=CATEGORY)
@xw.arg("schooljaar", doc=DESKTOP_ARGS["schooljaar"])
@xw.arg("provincie", doc=DESKTOP_ARGS["provincie"])
@xw.arg("onderwijsvorm", doc=DESKTOP_ARGS["onderwijsvorm"])
@xw.arg("graad", doc=DESKTOP_ARGS["graad"])
@xw.arg("sector", doc=DESKTOP_ARGS["sector"])
@xw.arg("basis", doc=DESKTOP_ARGS["basis"])
@xw.arg("duaal", doc=DESKTOP_ARGS["duaal"])
@documented("leerlingen")
def LOEP_LEERLINGEN(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None,
                    duaal=None):
    return _guard(f.leerlingen, schooljaar, provincie, onderwijsvorm, graad, sector, basis, duaal)


@xw.func(category=CATEGORY)
@xw.arg("provincie", doc=DESKTOP_ARGS["provincie_verplicht"])
@xw.arg("van", doc=DESKTOP_ARGS["van"])
@xw.arg("tot", doc=DESKTOP_ARGS["tot"])
@xw.arg("basis", doc=DESKTOP_ARGS["basis"])
@documented("reeks")
def LOEP_REEKS(provincie, van=None, tot=None, basis=None):
    return _guard(f.reeks, provincie, van, tot, basis, spill=True)


@xw.func(category=CATEGORY)
@xw.arg("vraag", doc=DESKTOP_ARGS["vraag"])
@xw.arg("provincie", doc=DESKTOP_ARGS["provincie_tabel"])
@xw.arg("basis", doc=DESKTOP_ARGS["basis"])
@xw.arg("van", doc=DESKTOP_ARGS["van"])
@xw.arg("tot", doc=DESKTOP_ARGS["tot"])
@documented("tabel")
def LOEP_TABEL(vraag, provincie=None, basis=None, van=None, tot=None):
    return _guard(f.tabel, vraag, provincie, basis, van, tot, spill=True)


@xw.func(category=CATEGORY)
@xw.arg("provincie", doc=DESKTOP_ARGS["provincie_verplicht"])
@xw.arg("schooljaar", doc=DESKTOP_ARGS["schooljaar"])
@xw.arg("n", doc=DESKTOP_ARGS["n"])
@xw.arg("niveau", doc=DESKTOP_ARGS["niveau"])
@xw.arg("basis", doc=DESKTOP_ARGS["basis"])
@documented("top")
def LOEP_TOP(provincie, schooljaar, n=5, niveau="sector", basis=None):
    return _guard(f.top, provincie, schooljaar, n, niveau, basis, spill=True)


@xw.func(category=CATEGORY)
@xw.arg("provincie", doc=DESKTOP_ARGS["provincie_verplicht"])
@xw.arg("schooljaar", doc=DESKTOP_ARGS["schooljaar"])
@xw.arg("basis", doc=DESKTOP_ARGS["basis"])
@documented("nul")
def LOEP_NUL(provincie, schooljaar, basis=None):
    return _guard(f.nul, provincie, schooljaar, basis, spill=True)


@xw.func(category=CATEGORY)
@xw.arg("dimensie", doc=DESKTOP_ARGS["dimensie"])
@documented("waarden")
def LOEP_WAARDEN(dimensie):
    return _guard(f.waarden, dimensie, spill=True)


@xw.func(category=CATEGORY)
@documented("bron")
def LOEP_BRON():
    return _guard(f.bron, spill=True)
