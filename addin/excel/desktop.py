"""Desktop Excel (Windows): the entry points of the buttons of ``workbooks/loep.xlsm``.

Each button's VBA macro runs ``RunPython "import addin.excel.desktop as d; d.<button>()"``;
xlwings starts Python with the workbook's ``xlwings.conf`` and the functions here get the
calling workbook with ``xw.Book.caller()``. A user mistake is shown in a message box and next
to 'Resultaat' on the Parameters sheet, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import xlwings as xw

from addin.core.errors import LoepFout
from addin.core.settings import data_dir
from addin.excel import buttons

TITLE = "Loep"
#: Folder (beside the workbook) that receives answer workbooks.
ANSWER_FOLDER = "Loep-antwoorden"


def _run(button, book=None):
    book = book or xw.Book.caller()
    try:
        return button(book)
    except LoepFout as exc:
        buttons.report(book, f"Fout: {exc.boodschap}")
        book.app.alert(exc.boodschap, title=TITLE)
        return None


def gegevens_ophalen(book=None):
    """Button 'Gegevens ophalen' (desktop)."""
    return _run(buttons.gegevens_ophalen, book)


def vraagtabellen_vullen(book=None):
    """Button 'Vraagtabellen vullen' (desktop)."""
    return _run(lambda b: buttons.vraagtabellen_vullen(b, eigen_bestand=True), book)  # own files: desktop only


def answer_folder(book) -> Path:
    """Where the answer workbook goes: 'Loep-antwoorden' beside a saved workbook, else in the data folder."""
    full = Path(book.fullname)
    if full.parent != Path(".") and full.parent.exists():
        return full.parent / ANSWER_FOLDER
    return data_dir() / "antwoorden"


def antwoordbundel_maken(book=None):
    """Button 'Antwoordbundel maken' (desktop): makes the answer workbook and opens it in Excel."""

    def make(b):
        result = buttons.antwoordbundel_maken(b, answer_folder(b), eigen_bestand=True)
        message = f"Antwoordbundel gemaakt: {result.workbook_path}"
        buttons.report(b, message)
        xw.Book(str(result.workbook_path))
        return message

    return _run(make, book)
