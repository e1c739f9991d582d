"""The sheets after the tables: Antwoord (the draft answer) and Vraag (the full question).

Text only, one paragraph per row in a wide wrapped column, so it can be copied into the
answer document as it is. The questions that are not data questions (6 and 7) get a
visible placeholder where the answer goes.
"""

from __future__ import annotations

from addin.core.dataset import SYNTHETIC_LABEL
from addin.report import theme as th
from addin.report.document import AnswerDocument, split_answer

ANTWOORD = "Antwoord"
VRAAG = "Vraag"
PLACEHOLDER = "[in te vullen: dit is geen vraag over cijfers; het antwoord komt van de bevoegde dienst]"


def _paragraph(ws, theme, row: int, text: str, role: str = "alinea") -> int:
    """One paragraph in the wrapped text column; a title or line too long for it wraps too (text that ran
    past the column would widen the printed page and shrink its text)."""
    text = th.fit_cell(text)
    size = th.TITLE_SIZE if role == "titel" else th.TEXT_SIZE
    long = th.text_pixels(text, size) > th.column_pixels(th.PORTRAIT_TEXT_WIDTH) - 10 or "\n" in text
    if long and role in ("titel", "tekst"):
        role = {"titel": "titel_alinea", "tekst": "alinea"}[role]
    ws.write_string(row, 0, text, theme[role])
    if long:
        height = th.wrapped_height(text, th.PORTRAIT_TEXT_WIDTH)
        ws.set_row(row, height * (size / th.TEXT_SIZE) if role == "titel_alinea" else height)
    return row + 1


def write_antwoord(workbook, theme: th.Theme, doc: AnswerDocument) -> None:
    """The draft answer: general paragraphs, then per question its text and its answer paragraphs;
    the questions that are not data questions get room for the answer."""
    ws = workbook.add_worksheet(ANTWOORD)
    ws.hide_gridlines(2)
    th.page_setup(ws, title=ANTWOORD)
    ws.set_column(0, 0, th.PORTRAIT_TEXT_WIDTH)
    row = _paragraph(ws, theme, 0, "Ontwerp van antwoord", "titel")
    row = _paragraph(ws, theme, row, doc.vraag_regel, "tekst")
    algemeen, per_vraag = split_answer(doc.antwoord, {v.nummer for v in doc.vragen})
    if doc.info.synthetisch:
        row = _paragraph(ws, theme, row, f"LET OP: {SYNTHETIC_LABEL}. Gebruik deze cijfers niet in een antwoord.",
                         "waarschuwing")
        algemeen = [t for t in algemeen if not t.startswith("LET OP")]  # said once, in red
    row = _paragraph(ws, theme, row, "De cijfers in de zinnen komen uit de tabellen van dit werkboek ("
                     + ", ".join(t.sleutel for t in doc.tables) + "). Nakijken voor verzending.", "alinea")
    for text in algemeen:
        row = _paragraph(ws, theme, row, text, "alinea")
    for vraag in doc.vragen:
        row += 1
        row = _paragraph(ws, theme, row, f"Vraag {vraag.nummer}", "kop")
        row = _paragraph(ws, theme, row, f"{vraag.nummer}. {vraag.tekst}", "vraagtekst")
        open_vraag = vraag.nummer in doc.open_vragen
        texts = per_vraag.get(vraag.nummer) or ([PLACEHOLDER] if open_vraag else
                                                 ["[x] geen ontwerp van antwoord voor deze vraag"])
        for text in texts:
            row = _paragraph(ws, theme, row, text, "invullen" if open_vraag else "alinea")
        if open_vraag:
            ws.set_row(row - 1, max(15 * 6, th.wrapped_height(texts[-1], th.PORTRAIT_TEXT_WIDTH)))  # room to type
    ws.set_selection(0, 0, 0, 0)


def write_vraag(workbook, theme: th.Theme, doc: AnswerDocument) -> None:
    """The full question: introduction and numbered questions."""
    ws = workbook.add_worksheet(VRAAG)
    ws.hide_gridlines(2)
    th.page_setup(ws, title=VRAAG)
    ws.set_column(0, 0, th.PORTRAIT_TEXT_WIDTH)
    row = _paragraph(ws, theme, 0, f"Schriftelijke vraag nr. {doc.nummer}: {doc.titel}", "titel")
    row = _paragraph(ws, theme, row, doc.vraag_regel, "tekst")
    row += 1
    for text in doc.inleiding:
        row = _paragraph(ws, theme, row, text, "alinea")
    row += 1
    for vraag in doc.vragen:
        row = _paragraph(ws, theme, row, f"{vraag.nummer}. {vraag.tekst}", "alinea")
    ws.set_selection(0, 0, 0, 0)
