"""What the answer workbook shows, gathered in one object before anything is drawn.

The renderer (``addin.report.workbook``) draws an :class:`AnswerDocument` and computes
nothing; the main job (``addin.report.answer``) fills it from the question
specification, the question tables and the draft answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from addin.core.dataset import DataInfo
from addin.core.disclosure import Policy
from addin.core.questionspec import SpecQuestion
from addin.core.tables import QuestionTable

#: Explanation of each province basis, as the cover sheet and the notes show it.
BASIS_UITLEG: dict[str, str] = {
    "vestigingsplaats": "provincie van de vestigingsplaats van de school",
    "hoofdzetel": "provincie van de hoofdzetel van de school",
    "woonplaats": "provincie van de woonplaats van de leerling",
}

#: Values a question file uses for metadata the question does not give.
_UNKNOWN = {"", "onbekend", "niet vermeld"}

_MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
            "oktober", "november", "december")


def dutch_date(moment: datetime, with_time: bool = True) -> str:
    """'27 november 2026 om 23:45' (or without the time)."""
    text = f"{moment.day} {_MAANDEN[moment.month - 1]} {moment.year}"
    return f"{text} om {moment:%H:%M}" if with_time else text


@dataclass(frozen=True)
class AnswerDocument:
    """Everything the answer workbook shows.

    Args:
        nummer: number of the written question ('723' or '723/816').
        datum: date the question was asked, as text.
        vraagsteller: member of parliament who asked it.
        ministers: the minister(s) it was put to.
        titel: title of the question.
        inleiding: paragraphs of the question's introduction.
        vragen: the numbered questions.
        provincie, basis, van, tot: the parameters the tables were made for.
        tables: the question tables, one sheet each, in this order.
        antwoord: draft answer paragraphs (plain Dutch sentences).
        info: provenance of the data.
        gemaakt: when the workbook was made.
        contact: contact line for the cover sheet.
        open_vragen: numbers of the questions that are not data questions (room for an answer).
        geheimhouding: the disclosure policy the tables were published under (off: "niet voor publicatie").
        opmerkingen: what the reader must know about the parameters before anything else (made for other
            parameters than the question's own; a first school year moved to the data's), on the cover.
    """

    nummer: str
    datum: str
    vraagsteller: str
    ministers: str
    titel: str
    inleiding: tuple[str, ...]
    vragen: tuple[SpecQuestion, ...]
    provincie: str
    basis: str
    van: str
    tot: str
    tables: tuple[QuestionTable, ...]
    antwoord: tuple[str, ...]
    info: DataInfo
    gemaakt: datetime = field(default_factory=datetime.now)
    contact: str = ""
    open_vragen: tuple[int, ...] = (6, 7)
    geheimhouding: Policy = Policy()
    opmerkingen: tuple[str, ...] = ()

    @property
    def werkboektitel(self) -> str:
        """Title of the workbook (cover sheet, document properties)."""
        return f"Antwoordbundel schriftelijke vraag nr. {self.nummer}: {self.titel}"

    @property
    def vraag_regel(self) -> str:
        """'Schriftelijke vraag nr. 723 van X (1 april 2022) aan Y: titel', leaving out what is unknown."""
        text = f"Schriftelijke vraag nr. {self.nummer}"
        if self.vraagsteller and self.vraagsteller.strip().casefold() not in _UNKNOWN:
            text += f" van {self.vraagsteller}"
        if self.datum and self.datum.strip().casefold() not in _UNKNOWN:
            text += f" ({self.datum})"
        return f"{text} aan {self.ministers}: {self.titel}"

    @property
    def basis_uitleg(self) -> str:
        return BASIS_UITLEG.get(self.basis, self.basis)


_VRAAG_PREFIX = re.compile(r"^Vraag (\d+)\.\s*")


def split_answer(paragraphs, numbers) -> tuple[list[str], dict[int, list[str]]]:
    """Sort draft answer paragraphs by question.

    A paragraph starting with 'Vraag n.' (n one of ``numbers``) belongs to question n (the
    prefix is dropped); a paragraph without it belongs to the question before it, or to the
    general part at the top when no question came yet.

    Returns:
        (general paragraphs, question number -> its paragraphs)
    """
    algemeen: list[str] = []
    per_vraag: dict[int, list[str]] = {}
    current: int | None = None
    for text in paragraphs:
        m = _VRAAG_PREFIX.match(text)
        if m and int(m.group(1)) in numbers:
            current = int(m.group(1))
            text = text[m.end():]
        if current is None:
            algemeen.append(text)
        else:
            per_vraag.setdefault(current, []).append(text)
    return algemeen, per_vraag
