"""Sentence templates of the draft answer, one per kind of measure, in the style of a minister's answer.

Every function here takes figures that were read from a table cell and returns complete Dutch
sentences (``../shared/notes/antwoordtekst.md``): the subject named ('leerlingen in een duale
opleiding'), the school year in the same sentence as its figure, never a digit at the start of a
sentence, growth in words when it is large ('meer dan verdubbeld'), a rank with the measure it is
by, percentages to one decimal and one number style everywhere (``1.234``, ``12,5 %``,
``per 1.000``). A count that disclosure control hid (a text such as ``'<5'`` in its cell) is said as
'minder dan 5', never as a number.

The templates know nothing of tables V1 … V5b: :mod:`addin.core.answer_text` picks them by the
measure kinds a table declares (``QuestionTable.maten``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

from addin.core.cleaning_report import getal as _groepeer
from addin.core.dimensions import OPLEIDINGSVORMEN

# --- numbers ------------------------------------------------------------------------------------


def is_hidden(value) -> bool:
    """True for a count that disclosure control replaced by a text ('<5', '[c]')."""
    return isinstance(value, str)


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def getal(value) -> str:
    """1234 -> '1.234'; -56 -> '-56' (rounded to a whole number first); '<5' -> 'minder dan 5'."""
    if is_hidden(value):
        return verborgen(value)
    return _groepeer(int(round(value)))


def verborgen(value: str) -> str:
    """The words for a hidden count: '<5' -> 'minder dan 5'; any other mark ('[c]': hidden so that a small
    count cannot be computed back, its value may be large) -> 'een niet vermeld aantal'."""
    m = re.fullmatch(r"\s*<\s*(\d+)\s*", value)
    return f"minder dan {m.group(1)}" if m else "een niet vermeld aantal"


def _swap(text: str) -> str:
    """'4,380.5' (English grouping) -> '4.380,5' (Dutch)."""
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def procent(fraction: float, decimals: int = 1) -> str:
    """0.125 -> '12,5 %'; a share that rounds to 0,0 % but is not zero -> 'minder dan 0,1 %'."""
    if is_missing(fraction) or is_hidden(fraction):
        return "niet te berekenen"
    if 0 < abs(fraction) * 100 < 0.5 * 10 ** -decimals:
        return "minder dan " + _swap(f"{10 ** -decimals:.{decimals}f}") + " %"
    return _swap(f"{fraction * 100:,.{decimals}f}") + " %"


def decimaal(value: float, decimals: int = 1) -> str:
    """12.34 -> '12,3'; 1234.5 -> '1.234,5'."""
    return _swap(f"{value:,.{decimals}f}")


_RANGWOORDEN = ("eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende",
                "tiende")


def rangwoord(rang: int) -> str:
    """1 -> 'eerste', 3 -> 'derde', 12 -> '12de'."""
    return _RANGWOORDEN[rang - 1] if 1 <= rang <= len(_RANGWOORDEN) else f"{rang}de"


_TELWOORDEN = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
               "twaalf")


def telwoord(n: int) -> str:
    """A small count in words (3 -> 'drie'), a larger one in figures."""
    return _TELWOORDEN[n] if 0 <= n < len(_TELWOORDEN) else getal(n)


def opsomming(items: list[str], en: str = "en") -> str:
    """['a', 'b', 'c'] -> 'a, b en c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {en} " + items[-1]


def zin(text: str) -> str:
    """A sentence: first letter upper case, one full stop at the end, single spaces."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


# --- nouns ---------------------------------------------------------------------------------------


def enkelvoud(onderwerp: str) -> str:
    """'leerlingen in een duale opleiding' -> 'leerling in een duale opleiding'."""
    return re.sub(r"^(\w*)leerlingen\b", r"\1leerling", onderwerp)


def leerlingen(n, onderwerp: str = "leerlingen") -> str:
    """'1.716 leerlingen in een duale opleiding'; '1 leerling …'; 'geen leerlingen …'; 'minder dan 5 …'."""
    if is_hidden(n):
        return f"{verborgen(n)} {onderwerp}"
    if n == 0:
        return f"geen {onderwerp}"
    return f"{getal(n)} {enkelvoud(onderwerp) if n == 1 else onderwerp}"


@dataclass(frozen=True)
class Woorden:
    """How the sentences name one dimension and its values; every phrase of a dimension comes from here.

    Args:
        enkel, meervoud: the dimension as a noun ('sector', 'sectoren').
        naam: a value as a noun phrase, as a pattern ('de {}') or a function; lists and shares use it
            ('STEM (925 leerlingen)', 'het aandeel van de meisjes').
        voor: the words before :attr:`naam` where a count belongs ('467 in de tweede graad').
        namen: values with a noun phrase of their own ('1e graad' -> 'de eerste graad').
        plaatsen: values with a place phrase of their own ('Syntra' -> 'bij Syntra').
        anders: the place phrase of a value not in :attr:`namen` (e.g. 'van geslacht {}'); None: voor + naam.
    """

    enkel: str
    meervoud: str
    naam: str | Callable[[str], str] = "{}"
    voor: str = "in"
    namen: dict[str, str] = field(default_factory=dict)
    plaatsen: dict[str, str] = field(default_factory=dict)
    anders: str | None = None

    def naam_van(self, waarde: str) -> str:
        if waarde in self.namen:
            return self.namen[waarde]
        if waarde in self.plaatsen:
            return f"de leerlingen {self.plaatsen[waarde]}"
        return self.naam(waarde) if callable(self.naam) else self.naam.format(waarde)

    def plaats_van(self, waarde: str) -> str:
        if waarde in self.plaatsen:
            return self.plaatsen[waarde]
        if self.anders is not None and waarde not in self.namen:
            return self.anders.format(waarde)
        return f"{self.voor} {self.naam_van(waarde)}"


def _klein(waarde: str) -> str:
    """'Type 9' -> 'type 9' (a value that is not a name, inside a sentence)."""
    return waarde[:1].lower() + waarde[1:]


_OV_NAMEN = ("sociale aanpassing", "sociale aanpassing en arbeidsgeschiktmaking", "beroepsonderwijs",
             "algemeen, technisch, kunst- en beroepsonderwijs")
#: Dimension -> how the sentences name it and its values.
DIMENSIES: dict[str, Woorden] = {
    "sector": Woorden("sector", "sectoren", voor="in de sector"),
    "studierichting": Woorden("studierichting", "studierichtingen", voor="in de studierichting"),
    "opleiding": Woorden("opleiding", "opleidingen", voor="in de opleiding"),
    "opleidingsvorm": Woorden("opleidingsvorm", "opleidingsvormen", naam="de opleidingsvorm {}", namen={
        v: f"opleidingsvorm {i} ({_OV_NAMEN[i - 1]})" for i, v in enumerate(OPLEIDINGSVORMEN[:4], start=1)}),
    "provincie": Woorden("regio", "regio's", naam=lambda p: regio(p)),
    "graad": Woorden("graad", "graden", naam="de {}", namen={
        "1e graad": "de eerste graad", "2e graad": "de tweede graad", "3e graad": "de derde graad"},
        plaatsen={"n.v.t. (buso/Syntra)": "zonder graad (buso en Syntra)", "n.v.t.": "zonder graad",
                  "onbekend": "met een onbekende graad"}),
    "onderwijsvorm": Woorden("onderwijsvorm", "onderwijsvormen", naam="het {}",
                             namen={"Syntra": "Syntra", "okan": "het OKAN", "hbo5": "het HBO5"},
                             plaatsen={"Syntra": "bij Syntra", "andere": "in een andere onderwijsvorm",
                                       "n.v.t.": "zonder onderwijsvorm (eerste graad)",
                                       "onbekend": "met een onbekende onderwijsvorm"}),
    "schooljaar": Woorden("schooljaar", "schooljaren", naam="het schooljaar {}"),
    "inrichtende_macht": Woorden("soort inrichtende macht", "soorten inrichtende macht", namen={
        "Gemeenschapsonderwijs": "het gemeenschapsonderwijs", "Gemeente": "het gemeentelijk onderwijs",
        "Provincie": "het provinciaal onderwijs", "VGC": "het onderwijs van de Vlaamse Gemeenschapscommissie",
        "Vrij": "het vrij onderwijs"}, anders="in scholen met als inrichtende macht {}"),
    "type": Woorden("type", "types", naam=_klein),
    "geslacht": Woorden("geslacht", "geslachten", voor="bij", namen={"Mannelijk": "de jongens",
                                                                    "Vrouwelijk": "de meisjes"},
                        anders="van geslacht {}"),
    "nationaliteit": Woorden("nationaliteit", "nationaliteiten", plaatsen={
        "Belg": "met de Belgische nationaliteit", "niet-Belg": "met een niet-Belgische nationaliteit"},
        anders="met nationaliteit {}"),
}


def _dimensie(dimensie: str) -> Woorden:
    return DIMENSIES.get(dimensie) or Woorden(dimensie, dimensie)


def woorden(dimensie: str) -> tuple[str, str]:
    """(singular, plural) of a dimension ('sector' -> ('sector', 'sectoren'))."""
    d = _dimensie(dimensie)
    return d.enkel, d.meervoud


def naam(dimensie: str, waarde: str) -> str:
    """A value as a noun phrase: 'de tweede graad', 'het bso', 'de provincie Antwerpen', 'STEM'."""
    return _dimensie(dimensie).naam_van(str(waarde))


def regio(provincie: str) -> str:
    """'de provincie Antwerpen', 'het Brussels Hoofdstedelijk Gewest', 'Vlaanderen en Brussel'."""
    from addin.core.labels import BRUSSEL, TOTAAL_GEBIED

    if provincie == BRUSSEL:
        return "het Brussels Hoofdstedelijk Gewest"
    if provincie == TOTAAL_GEBIED:
        return TOTAAL_GEBIED
    return f"de provincie {provincie}"


def plaats(dimensie: str, waarde: str) -> str:
    """Where a count belongs, after the number: 'in de tweede graad', 'in het bso', 'in de sector STEM'."""
    return _dimensie(dimensie).plaats_van(str(waarde))


# --- growth ----------------------------------------------------------------------------------------


def groei(n0: float, n1: float) -> str:
    """How a count changed, in words: 'meer dan verdubbeld', 'ruim 36 keer zo groot geworden',
    'met 12,3 % gestegen', 'met 20,0 % gedaald', 'meer dan gehalveerd', 'gelijk gebleven'.

    The phrase completes 'Het aantal … is sindsdien …'.
    """
    if n0 == n1:
        return "gelijk gebleven"
    if n0 == 0:
        return "van nul gegroeid"
    factor = n1 / n0
    if factor >= 3:
        keer = math.floor(factor)
        woord = "ruim" if factor - keer >= 0.05 else "ongeveer"
        return f"{woord} {telwoord(keer)} keer zo groot geworden"
    if factor > 2:
        return "meer dan verdubbeld"
    if factor == 2:
        return "verdubbeld"
    if factor > 1:
        return f"met {procent(factor - 1)} gestegen"
    if factor == 0:
        return "tot nul gedaald"
    if factor < 0.5:
        return "meer dan gehalveerd"
    if factor == 0.5:
        return "gehalveerd"
    return f"met {procent(1 - factor)} gedaald"


def verschil_tekst(verschil, pct=None) -> str:
    """', 89 meer dan het jaar voordien (+5,5 %)' style tail for a count; '' when unknown."""
    if is_missing(verschil) or is_hidden(verschil):
        return ""
    if verschil == 0:
        return ", evenveel als het jaar voordien"
    richting = "meer" if verschil > 0 else "minder"
    extra = "" if pct is None or is_missing(pct) or is_hidden(pct) else f" ({'+' if pct > 0 else '-'}{procent(abs(pct))})"
    return f", {getal(abs(verschil))} {richting} dan het jaar voordien{extra}"


# --- templates by measure kind ------------------------------------------------------------------------


def zin_aantal(onderwerp: str, gebied: str, jaar: str, n, verschil=None, verschil_pct=None) -> str:
    """Aantal (count) in one school year: 'In het schooljaar 2025-2026 telde de provincie Antwerpen
    1.716 leerlingen in een duale opleiding, 89 meer dan het jaar voordien.'"""
    return zin(f"In het schooljaar {jaar} telde {gebied} {leerlingen(n, onderwerp)}"
               f"{verschil_tekst(verschil, verschil_pct)}")


def zin_groei(onderwerp: str, jaar0: str, n0, jaar1: str, n1) -> str:
    """Growth between two named years: 'In het schooljaar 2016-2017 waren dat er nog 47; het aantal
    leerlingen in een duale opleiding is sindsdien ruim 36 keer zo groot geworden.'"""
    if is_hidden(n0) or is_hidden(n1):
        return zin(f"In het schooljaar {jaar0} waren er {leerlingen(n0, onderwerp)}")
    if n0 == 0:
        return zin(f"In het schooljaar {jaar0} waren er nog geen {onderwerp}")
    nog = "nog " if n1 > n0 else ""
    return zin(f"In het schooljaar {jaar0} waren het er {nog}{getal(n0)}; het aantal {onderwerp} is tot "
               f"{jaar1} {groei(n0, n1)}")


def zin_aandeel(onderwerp: str, jaar: str, aandeel: float, noemer: str, n_noemer=None, gebied: str = "") -> str:
    """Aandeel (share): 'In 2025-2026 waren leerlingen in een duale opleiding 1,2 % van alle 145.764
    leerlingen secundair onderwijs in de provincie Antwerpen.'"""
    if is_missing(aandeel) or is_hidden(aandeel):
        return ""
    alle = f"alle {getal(n_noemer)} {noemer}" if n_noemer is not None and not is_missing(n_noemer) else f"alle {noemer}"
    waar = f" in {gebied}" if gebied else ""
    return zin(f"In {jaar} waren {onderwerp} {procent(aandeel)} van {alle}{waar}")


def zin_per_1000(onderwerp: str, gebied: str, jaar: str, waarde: float, noemer: str) -> str:
    """Per 1.000: 'In 2025-2026 telde de provincie Antwerpen 11,8 leerlingen in een duale opleiding per
    1.000 leerlingen secundair onderwijs.'"""
    if is_missing(waarde) or is_hidden(waarde):
        return ""
    return zin(f"In {jaar} telde {gebied} {decimaal(waarde)} {onderwerp} per 1.000 {noemer}")


def zin_verdeling(onderwerp: str, gebied: str, jaar: str, totaal, dimensie: str,
                  delen: list[tuple[str, object]]) -> str:
    """A count split over the values of a dimension: 'Naar graad zaten in het schooljaar 2025-2026 in de
    provincie Antwerpen 467 leerlingen in een duale opleiding in de tweede graad, 684 in de derde graad en
    565 zonder graad (buso en Syntra).'"""
    if not is_hidden(totaal) and totaal == 0:
        return zin(f"In het schooljaar {jaar} waren er in {gebied} geen {onderwerp}")
    bits = []
    for i, (waarde, n) in enumerate(delen):
        # the first part names the subject, in the singular for one pupil
        aantal = leerlingen(n, onderwerp) if i == 0 else ("geen" if (not is_hidden(n) and n == 0) else getal(n))
        bits.append(f"{aantal} {plaats(dimensie, waarde)}")
    return zin(f"Naar {woorden(dimensie)[0]} zaten in het schooljaar {jaar} in {gebied} {opsomming(bits)}")


def zin_meeste_regios(onderwerp: str, jaar: str, rijen: list[tuple[str, object]]) -> str:
    """The regions with the most: 'De meeste leerlingen in een duale opleiding zaten in 2025-2026 in de
    provincie Antwerpen (1.716), de provincie Oost-Vlaanderen (1.307) en de provincie Vlaams-Brabant (965).'"""
    if not rijen:
        return ""
    bits = [f"{regio(naam)} ({getal(n)})" for naam, n in rijen]
    return zin(f"De meeste {onderwerp} zaten in {jaar} in {opsomming(bits)}")


def voornaamwoord(gebied: str) -> str:
    """'ze' for a province, 'het' for the Brussels Gewest (as subject after 'daarmee staat')."""
    return "het" if gebied.startswith("het ") else "ze"


def zin_samen(onderwerp: str, gebied: str, jaar: str, totaal) -> str:
    """The total of the parts: 'In het schooljaar 2025-2026 telden Vlaanderen en Brussel samen 5.600 leerlingen …'."""
    werkwoord = "telden" if " en " in gebied else "telde"
    return zin(f"In het schooljaar {jaar} {werkwoord} {gebied} samen {leerlingen(totaal, onderwerp)}")


def zin_bovenaan(onderwerp: str, gebied: str, jaar: str, dimensie: str, rijen: list[tuple[str, object]],
                 aandeel_eerste: float | None = None, meeste: bool = True) -> str:
    """Top (or bottom) of a ranking: 'In het schooljaar 2025-2026 waren STEM (925 leerlingen, 53,9 %),
    Voeding en horeca (268) en Economie en organisatie (210) de sectoren met de meeste leerlingen in een
    duale opleiding in de provincie Antwerpen.'"""
    if not rijen:
        return ""
    enkel, meervoud = woorden(dimensie)
    bits = []
    for i, (naam, n) in enumerate(rijen):
        if i == 0:
            extra = ("" if aandeel_eerste is None or is_missing(aandeel_eerste)
                     else f" of {procent(aandeel_eerste)} van het totaal")
            bits.append(f"{naam} ({leerlingen(n, 'leerlingen')}{extra})")
        else:
            bits.append(f"{naam} ({getal(n)})")
    wat = "de meeste" if meeste else "de minste"
    if len(rijen) == 1:
        return zin(f"In het schooljaar {jaar} was {bits[0]} de {enkel} met {wat} {onderwerp} in {gebied}")
    return zin(f"In het schooljaar {jaar} waren {opsomming(bits)} de {meervoud} met {wat} {onderwerp} in {gebied}")


def zin_geen(onderwerp: str, gebied: str, jaar: str, dimensie: str, namen: list[str]) -> str:
    """Values without a pupil: 'In het schooljaar 2025-2026 zat in de provincie Antwerpen geen enkele
    leerling in een duale opleiding in de sectoren Sport en Chemie.'"""
    if not namen:
        return ""
    enkel, meervoud = woorden(dimensie)
    wat = f"de {enkel} {namen[0]}" if len(namen) == 1 else f"de {meervoud} {opsomming(namen)}"
    return zin(f"In het schooljaar {jaar} zat in {gebied} geen enkele {enkelvoud(onderwerp)} in {wat}")


def zin_rang(onderwerp: str, gebied: str, jaar: str, rang_aantal: int | None, aandeel: float | None,
             totaal_gebied: str, per_1000: float | None, rang_per_1000: int | None,
             voor_per_1000: list[tuple[str, float]], noemer: str, van_wie: str) -> list[str]:
    """A rank, always with the measure it is by, and both measures when they differ:

    'Naar aantal leerlingen in een duale opleiding staat de provincie Antwerpen in het schooljaar
    2025-2026 op de eerste plaats van de vijf provincies en Brussel, met 30,6 % van alle leerlingen in een duale
    opleiding in Vlaanderen en Brussel. Per 1.000 leerlingen secundair onderwijs telt de provincie
    Antwerpen er 11,8; daarmee staat ze op de derde plaats, na de provincie Vlaams-Brabant (13,2) en de
    provincie Limburg (12,0).'

    Args:
        voor_per_1000: (region, rate) of the regions ranked before ``gebied`` per 1.000.
        van_wie: the regions ranked ('de vijf provincies en Brussel').
    """
    out = []
    if rang_aantal is not None:
        met = "" if aandeel is None or is_missing(aandeel) else \
            f", met {procent(aandeel)} van alle {onderwerp} in {totaal_gebied}"
        out.append(zin(f"Naar aantal {onderwerp} staat {gebied} in het schooljaar {jaar} op de "
                       f"{rangwoord(rang_aantal)} plaats van {van_wie}{met}"))
    if per_1000 is not None and not is_missing(per_1000) and rang_per_1000 is not None:
        if rang_per_1000 == rang_aantal:
            out.append(zin(f"Ook per 1.000 {noemer} staat {gebied} in {jaar} op de {rangwoord(rang_per_1000)} "
                           f"plaats, met {decimaal(per_1000)} {onderwerp}"))
        else:
            na = "" if not voor_per_1000 else ", na " + opsomming(
                [f"{regio(r)} ({decimaal(v)})" for r, v in voor_per_1000])
            out.append(zin(f"Per 1.000 {noemer} telde {gebied} in {jaar} {decimaal(per_1000)} {onderwerp}; "
                           f"daarmee staat {voornaamwoord(gebied)} op de {rangwoord(rang_per_1000)} plaats{na}"))
    return out


def zin_nul(onderwerp_rijen: str, universum: str, n: int, gebied: str, jaar: str, onderwerp: str) -> str:
    """Zero rows: 'Van de 163 duale opleidingen in de catalogus 2026 hadden er 46 geen enkele leerling in
    een duale opleiding in de provincie Antwerpen in het schooljaar 2025-2026.'"""
    van = (f"Van de {universum} {ww(n, 'had', 'hadden')} er {getal(n)}" if universum
           else f"In totaal {ww(n, 'had', 'hadden')} {getal(n)} {onderwerp_rijen}")
    return zin(f"{van} geen enkele {enkelvoud(onderwerp)} in {gebied} in het schooljaar {jaar}")


def ww(n, enkel: str, meervoud: str) -> str:
    """The verb that goes with a count: ww(1, 'telde', 'telden') -> 'telde'."""
    return enkel if not is_hidden(n) and n == 1 else meervoud


# --- shares and rates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Maat:
    """A share or a rate as a sentence says it: its subject and its number format.

    Args:
        zonder_deel: the subject when the figure is about the table's own pupils (``wie``: who, with
            where; ``noemer``: the population it divides by).
        met_deel: the subject when the figure is about one value of the column dimension (``deel``: that
            value as a noun phrase); None: ``zonder_deel`` with the value as a place after ``wie``.
        formaat: the number format ('12,5 %', '11,8').
    """

    zonder_deel: str
    met_deel: str | None
    formaat: Callable[[float], str]


_DEEL = Maat("het aandeel {wie}", "het aandeel van {deel} bij de {wie}", procent)
#: Measure kind -> how its figures are said.
MATEN: dict[str, Maat] = {
    "aandeel_noemer": Maat("het aandeel {wie} in alle {noemer}", None, procent),
    "per_1000": Maat("het aantal {wie} per 1.000 {noemer}", None, decimaal),
    "aandeel_rij": _DEEL, "aandeel_kolom": _DEEL, "aandeel_totaal": _DEEL,
}


def maat_onderwerp(maat: str, onderwerp: str, noemer: str, gebied: str = "", dimensie: str = "",
                   waarde: str | None = None) -> str:
    """The subject of a sentence about a share or rate, from the measure's definition (:data:`MATEN`):
    'het aandeel leerlingen met een niet-Belgische nationaliteit in alle leerlingen secundair onderwijs in de
    provincie Antwerpen', 'het aantal leerlingen in het OKAN per 1.000 leerlingen secundair onderwijs',
    'het aandeel van de meisjes bij de leerlingen in een STEM-opleiding in de provincie Antwerpen'.

    Args:
        gebied: where ('' = not said, e.g. when the sentence names the regions itself).
        dimensie, waarde: the value of the column dimension the figure is about, if any.
    """
    m = MATEN[maat]
    waar = f" in {gebied}" if gebied else ""
    if waarde is not None and m.met_deel is not None:
        return m.met_deel.format(deel=naam(dimensie, waarde), wie=onderwerp + waar, noemer=noemer)
    if waarde is not None and dimensie == "provincie":
        waar = f" {plaats(dimensie, waarde)}"  # the region is the place
    elif waarde is not None:
        onderwerp = f"{onderwerp} {plaats(dimensie, waarde)}"
    if m.met_deel is None:
        return m.zonder_deel.format(wie=onderwerp, noemer=noemer) + waar
    return m.zonder_deel.format(wie=onderwerp + waar, noemer=noemer)


def maat_getal(maat: str, waarde) -> str:
    """A share or rate in its measure's format: '12,5 %', '11,8'."""
    return MATEN[maat].formaat(waarde)


def zin_verloop(onderwerp_maat: str, maat: str, jaar0: str, waarde0, jaar1: str, waarde1) -> str:
    """A share or rate over the years: 'Het aandeel van de meisjes bij de leerlingen in een STEM-opleiding in
    de provincie Antwerpen steeg van 23,5 % in 2023-2024 tot 29,2 % in 2025-2026.' One known year only:
    'Het aandeel … was in 2025-2026 29,2 %.'"""
    if is_missing(waarde1) or is_hidden(waarde1):
        return ""
    v1 = maat_getal(maat, waarde1)
    if is_missing(waarde0) or is_hidden(waarde0) or jaar0 == jaar1:
        return zin(f"{onderwerp_maat} was in {jaar1} {v1}")
    v0 = maat_getal(maat, waarde0)
    if v0 == v1:
        return zin(f"{onderwerp_maat} was in {jaar1} met {v1} even groot als in {jaar0}")
    richting = "steeg" if waarde1 > waarde0 else "daalde"
    return zin(f"{onderwerp_maat} {richting} van {v0} in {jaar0} tot {v1} in {jaar1}")


def zin_hoogst(onderwerp_maat: str, maat: str, jaar: str, dimensie: str, rijen: list[tuple[str, object]]) -> str:
    """The values with the highest share or rate, by that measure: 'Het aantal leerlingen in het OKAN per
    1.000 leerlingen secundair onderwijs was in het schooljaar 2025-2026 het hoogst in het Brussels
    Hoofdstedelijk Gewest (41,0), de provincie Antwerpen (18,9) en de provincie Vlaams-Brabant (13,3).'"""
    if not rijen:
        return ""
    bits = [f"{naam(dimensie, w)} ({maat_getal(maat, v)})" for w, v in rijen]
    return zin(f"{onderwerp_maat} was in het schooljaar {jaar} het hoogst {_dimensie(dimensie).voor} "
               f"{opsomming(bits)}")


def zin_plaats_in_rangschikking(gebied: str, rang: int, maat: str, waarde) -> str:
    """'In die rangschikking staat de provincie Limburg met 12,6 op de vijfde plaats.'"""
    if rang is None or is_missing(waarde) or is_hidden(waarde):
        return ""
    return zin(f"In die rangschikking staat {gebied} met {maat_getal(maat, waarde)} op de {rangwoord(int(rang))} "
               "plaats")


def zin_verschillen(onderwerp: str, gebied: str, vorig: str, dimensie: str,
                    rijen: list[tuple[str, object, object]], volledig: bool) -> str:
    """The change since the year before, per row: 'Tegenover het schooljaar 2024-2025 steeg het aantal
    leerlingen in het OKAN in het Brussels Hoofdstedelijk Gewest (21 meer, +2,8 %) en daalde het in de
    provincie West-Vlaanderen (59 minder, -5,3 %), …'

    Args:
        rijen: (value, verschil, verschil in % or None) of the rows whose change is known.
        volledig: every row of the table is in ``rijen`` (then 'in elke sector' may be said).
    """
    enkel, meervoud = woorden(dimensie)
    waar = "" if dimensie == "provincie" else f" in {gebied}"

    def lijst(delen) -> str:
        return opsomming([f"{plaats(dimensie, w)} ({getal(abs(v))} {'meer' if v > 0 else 'minder'}"
                          f"{'' if is_missing(p) else ', ' + ('+' if p > 0 else '-') + procent(abs(p))})"
                          for w, v, p in delen[:3]])

    op = sorted([x for x in rijen if x[1] > 0], key=lambda x: -x[1])
    neer = sorted([x for x in rijen if x[1] < 0], key=lambda x: x[1])
    if not op and not neer:
        return ""
    bits = []
    for delen, woord in ((op, "steeg"), (neer, "daalde")):
        if not delen:
            continue
        if volledig and len(delen) == len(rijen) and len(rijen) > 1:
            bits.append(f"{woord} het aantal {onderwerp}{waar} in elke {enkel}, het sterkst {lijst(delen)}")
        elif len(delen) > 3:
            bits.append(f"{woord} het{' aantal ' + onderwerp + waar if not bits else ''} in "
                        f"{telwoord(len(delen))} {meervoud}, het sterkst {lijst(delen)}")
        else:
            bits.append(f"{woord} het{' aantal ' + onderwerp + waar if not bits else ''} {lijst(delen)}")
    return zin(f"Tegenover het schooljaar {vorig} " + " en ".join(bits))


__all__ = [
    "getal", "procent", "decimaal", "rangwoord", "telwoord", "opsomming", "zin", "groei", "leerlingen",
    "plaats", "regio", "verborgen", "is_hidden", "zin_aantal", "zin_groei", "zin_aandeel", "zin_per_1000",
    "zin_verdeling", "zin_samen", "zin_bovenaan", "zin_geen", "zin_rang", "zin_nul", "ww", "naam", "MATEN",
    "maat_onderwerp", "maat_getal", "zin_verloop", "zin_hoogst", "zin_plaats_in_rangschikking", "zin_verschillen",
]
