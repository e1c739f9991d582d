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

from addin.core.cleaning_report import getal as _groepeer

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


#: How a value of a dimension reads after a count: '467 in de tweede graad'.
_GRAAD = {"1e graad": "in de eerste graad", "2e graad": "in de tweede graad", "3e graad": "in de derde graad",
          "n.v.t. (buso/Syntra)": "zonder graad (buso en Syntra)", "n.v.t.": "zonder graad",
          "onbekend": "met een onbekende graad"}
_ONDERWIJSVORM = {"Syntra": "bij Syntra", "andere": "in een andere onderwijsvorm",
                  "onbekend": "met een onbekende onderwijsvorm"}
#: Dimension -> (singular, plural) as a sentence names it.
DIMENSIE_WOORDEN: dict[str, tuple[str, str]] = {
    "sector": ("sector", "sectoren"),
    "studierichting": ("studierichting", "studierichtingen"),
    "opleiding": ("opleiding", "opleidingen"),
    "provincie": ("regio", "regio's"),
    "graad": ("graad", "graden"),
    "onderwijsvorm": ("onderwijsvorm", "onderwijsvormen"),
    "schooljaar": ("schooljaar", "schooljaren"),
    "inrichtende_macht": ("soort inrichtende macht", "soorten inrichtende macht"),
    "type": ("type", "types"),
    "opleidingsvorm": ("opleidingsvorm", "opleidingsvormen"),
    "geslacht": ("geslacht", "geslachten"),
    "nationaliteit": ("nationaliteit", "nationaliteiten"),
}
_GESLACHT = {"Mannelijk": "bij de jongens", "Vrouwelijk": "bij de meisjes"}
_NATIONALITEIT = {"Belg": "met de Belgische nationaliteit", "niet-Belg": "met een niet-Belgische nationaliteit"}


def woorden(dimensie: str) -> tuple[str, str]:
    """(singular, plural) of a dimension ('sector' -> ('sector', 'sectoren'))."""
    return DIMENSIE_WOORDEN.get(dimensie, (dimensie, dimensie))


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
    if dimensie == "graad":
        return _GRAAD.get(waarde, f"in de {waarde}")
    if dimensie == "onderwijsvorm":
        return _ONDERWIJSVORM.get(waarde, f"in het {waarde}")
    if dimensie == "provincie":
        return f"in {regio(waarde)}"
    if dimensie in ("sector", "studierichting", "opleiding", "opleidingsvorm"):
        return f"in de {dimensie} {waarde}"
    if dimensie == "geslacht":
        return _GESLACHT.get(waarde, f"van geslacht {waarde}")
    if dimensie == "nationaliteit":
        return _NATIONALITEIT.get(waarde, f"met nationaliteit {waarde}")
    if dimensie == "inrichtende_macht":
        return f"in scholen met als inrichtende macht {waarde}"
    if dimensie == "type":
        return f"in {waarde[:1].lower()}{waarde[1:]}"
    return f"in {waarde}"


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
        aantal = "geen" if (not is_hidden(n) and n == 0) else getal(n)
        bits.append(f"{aantal} {onderwerp if i == 0 else ''} {plaats(dimensie, waarde)}")
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
    van = f"Van de {universum} hadden er {getal(n)}" if universum else f"In totaal hadden {getal(n)} {onderwerp_rijen}"
    return zin(f"{van} geen enkele {enkelvoud(onderwerp)} in {gebied} in het schooljaar {jaar}")


__all__ = [
    "getal", "procent", "decimaal", "rangwoord", "telwoord", "opsomming", "zin", "groei", "leerlingen",
    "plaats", "regio", "verborgen", "is_hidden", "zin_aantal", "zin_groei", "zin_aandeel", "zin_per_1000",
    "zin_verdeling", "zin_samen", "zin_bovenaan", "zin_geen", "zin_rang", "zin_nul",
]
