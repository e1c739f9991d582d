"""Desktop Excel (Windows, xlwings add-in or standalone workbook): the LOEP cell functions.

``xlwings.conf`` of ``workbooks/loep.xlsm`` names this module under *UDF Modules*. ``loep werkboek``
writes the VBA wrapper of every function here into the workbook's VBA project itself (module
``xlwings_udfs``, what xlwings' *Import Functions* would write; :mod:`addin.excel.vba_functions`), and
the workbook registers the Dutch help texts with Excel's function wizard when it opens
(``Application.MacroOptions``, at most 255 characters each). So the formulas work without *Import
Functions* and without *Toegang tot het VBA-projectobjectmodel vertrouwen*.

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
from addin.excel.functions import DESKTOP_ARGS, PARAMS

CATEGORY = "Loep"

#: The desktop cell functions, Excel name -> (Python function, name in ``functions.HELP``/``PARAMS``), in the
#: order of :data:`addin.excel.functions.FUNCTIONS`; filled by :func:`cell_function`.
REGISTERED: dict[str, tuple] = {}

#: Arguments that may be a range: always handed over two-dimensional (``ndim=2``). xlwings' default would make
#: a one-row or one-column range a flat list, and a column of two 'dimensie=waarde' cells would then read as
#: one row dimensie | waarde.
RANGE_ARGUMENTS = frozenset({"filter", "rijen", "kolommen", "schooljaar_draaitabel"})


def cell_function(name: str):
    """Make a desktop cell function of ``func`` from the shared definition of ``name``.

    Sets the desktop help text (innermost: xlwings reads ``__doc__`` when it first sees the function),
    each argument's desktop help from :data:`addin.excel.functions.PARAMS` (the argument names must be
    the function's own), and xlwings' ``func`` with the category "Loep"; records it in :data:`REGISTERED`.
    """

    def deco(func):
        func.__doc__ = f.desktop_help(name)
        for argument, key in PARAMS[name]:
            options = {"ndim": 2} if key in RANGE_ARGUMENTS else {}
            func = xw.arg(argument, doc=DESKTOP_ARGS[key], **options)(func)
        func = xw.func(category=CATEGORY)(func)
        REGISTERED[func.__name__] = (func, name)
        return func

    return deco


def _guard(call, *args, spill: bool = False):
    try:
        return call(*args)
    except LoepFout as exc:
        text = f.error_text(exc)
        return [[text]] if spill else text


@cell_function("duaal")
def LOEP_DUAAL(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None):
    return _guard(f.duaal, schooljaar, provincie, onderwijsvorm, graad, sector, basis)


@cell_function("leerlingen")
def LOEP_LEERLINGEN(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None,
                    duaal=None):
    return _guard(f.leerlingen, schooljaar, provincie, onderwijsvorm, graad, sector, basis, duaal)


@cell_function("aantal")
def LOEP_AANTAL(schooljaar, *filter):
    return _guard(f.aantal, schooljaar, *filter)


@cell_function("draaitabel")
def LOEP_DRAAITABEL(rijen, kolommen=None, schooljaar=None, filter1=None, filter2=None, filter3=None, filter4=None,
                    filter5=None, filter6=None, filter7=None, filter8=None):
    return _guard(f.draaitabel, rijen, kolommen, schooljaar, filter1, filter2, filter3, filter4, filter5, filter6,
                  filter7, filter8, spill=True)


@cell_function("reeks")
def LOEP_REEKS(provincie, van=None, tot=None, basis=None):
    return _guard(f.reeks, provincie, van, tot, basis, spill=True)


@cell_function("tabel")
def LOEP_TABEL(vraag, tabel=None, provincie=None, basis=None, van=None, tot=None, geheimhouding=None):
    return _guard(lambda *a: f.tabel(*a, eigen_bestand=True), vraag, tabel, provincie, basis, van, tot,
                  geheimhouding, spill=True)  # the desktop may name its own question file


@cell_function("top")
def LOEP_TOP(provincie, schooljaar, n=5, niveau="sector", basis=None):
    return _guard(f.top, provincie, schooljaar, n, niveau, basis, spill=True)


@cell_function("nul")
def LOEP_NUL(provincie, schooljaar, basis=None):
    return _guard(f.nul, provincie, schooljaar, basis, spill=True)


@cell_function("waarden")
def LOEP_WAARDEN(dimensie=None):
    return _guard(f.waarden, dimensie, spill=True)


@cell_function("bron")
def LOEP_BRON():
    return _guard(f.bron, spill=True)
