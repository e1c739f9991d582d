"""The task-pane buttons for Office.js (xlwings Server ``@script``).

Thin wrappers over :mod:`addin.excel.buttons`. A user mistake becomes ``XlwingsError``
(shown in Dutch at the top of the task pane). The work runs in a worker thread
(``asyncio.to_thread``) so that the server keeps answering cell formulas while a button runs.
Excel sends only the values of the sheet 'Parameters' (``include``): a large 'Gegevens' or V-sheet
is not uploaded again on every click (the other sheets' names still come along).
The answer workbook cannot be opened by Office.js actions, so it is stored under a random
token and offered as a link (``/loep/download/<token>``, served by ``routers/custom.py``): the
link goes next to 'Resultaat' on the Parameters sheet, and the task pane shows it as a download
link and an "Openen in Excel" button.

The link is *relative to the page* (a path, no server address). The task pane is served by this
same server, so the browser resolves the path against the address each colleague actually used
(``https://loep-server.team:8000`` on a team server), and ``static/js/loep.js`` rewrites the cell's
hyperlink to that absolute address right after the button ran. The server never has to guess its
own public address (a server bound to 0.0.0.0 does not know it).
"""

from __future__ import annotations

import asyncio

import xlwings as xw
from xlwings import XlwingsError
from xlwings.server import script

from addin.core.errors import LoepFout
from addin.excel import buttons, downloads

__all__ = ["parameters_aanmaken", "gegevens_ophalen", "vraagtabellen_vullen", "antwoordbundel_maken"]

#: Path of the download route (``routers/custom.py``); links are this path + the token.
DOWNLOAD_PATH = "/loep/download/"


async def _run(function, *args):
    """Run a button in a worker thread, so cell formulas of other users are served meanwhile."""
    try:
        return await asyncio.to_thread(function, *args)
    except LoepFout as exc:
        raise XlwingsError(exc.boodschap) from None


def download_url(token: str) -> str:
    """The link to a download, relative to the task pane's page: ``/loep/download/<token>``.

    Args:
        token: the random token of :func:`addin.excel.downloads.new_slot`.

    Returns:
        A path without scheme or host, valid from every colleague's browser whatever address
        they reach the server at.
    """
    return f"{DOWNLOAD_PATH}{token}"


@script(include=buttons.PARAMETER_SHEET)
async def parameters_aanmaken(book: xw.Book):
    """Blad Parameters maken: provincie, basis, van en tot met keuzelijsten van de geldige waarden."""
    await _run(buttons.parameters_aanmaken, book)


@script(include=buttons.PARAMETER_SHEET)
async def gegevens_ophalen(book: xw.Book):
    """Gegevens ophalen: de opgeschoonde rijen voor de parameters in blad 'Gegevens'."""
    await _run(buttons.gegevens_ophalen, book)


@script(include=buttons.PARAMETER_SHEET)
async def vraagtabellen_vullen(book: xw.Book):
    """Vraagtabellen vullen: bladen V1 … V5 met de tabellen van de vraag."""
    await _run(buttons.vraagtabellen_vullen, book)


@script(include=buttons.PARAMETER_SHEET)
async def antwoordbundel_maken(book: xw.Book):
    """Antwoordbundel maken: het antwoordwerkboek, aangeboden als download."""
    token, folder = downloads.new_slot()
    result = await _run(buttons.antwoordbundel_maken, book, folder)
    url = download_url(token)
    naam = result.workbook_path.name
    message = (f"Antwoordbundel klaar: {naam} — download of open hem met de link in het taakvenster van Loep "
               f"({downloads.KEEP_HOURS} uur geldig).")
    buttons.report(book, message)
    sheet = buttons.find_sheet(book, buttons.PARAMETER_SHEET)
    row = buttons.result_row(sheet)
    if row is not None:
        sheet.range(f"C{row}").add_hyperlink(url, text_to_display="Download antwoordbundel",
                                             screen_tip=naam)
    book.app.alert(message, title="Loep — antwoordbundel", buttons="ok", mode="info", callback="")
