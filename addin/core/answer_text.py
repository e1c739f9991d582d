"""A draft answer in plain Dutch sentences, every figure read from the question tables.

The text computes nothing new: it reads the cells of the :class:`QuestionTable` objects
(V1 … V5b) that the workbook shows, so the sentences and the tables always agree. Numbers
are written the Dutch way (1.234; 12,5 %).
"""

from __future__ import annotations

import math

from addin.core.cleaning_report import getal as telling
from addin.core.dataset import SYNTHETIC_LABEL, DataInfo
from addin.core.labels import TOTAAL_GEBIED
from addin.core.questions import (
    AANDEEL,
    ADRESSEN,
    ALLE,
    DUAAL,
    SCHOOLJAAR,
    SECTOR,
    STATUS,
    STATUS_BUSO,
    STATUS_NERGENS,
    STUDIERICHTING,
    TOTAAL,
    VERSCHIL,
    basis_zin,
    regio_naam,
    v2b_columns,
)
from addin.core.questionspec import QuestionSpec
from addin.core.tables import QuestionTable

OPEN_VRAAG = ("[Geen gegevensvraag: het antwoord op deze vraag wordt door de administratie geschreven. "
              "Loep levert hier geen cijfers.]")


# --- Dutch number formatting ---------------------------------------------------------------


def getal(value) -> str:
    """1234 -> '1.234'; -56 -> '-56' (rounded to a whole number first)."""
    return telling(int(round(value)))


def procent(fraction: float, decimals: int = 1) -> str:
    """0.125 -> '12,5 %'."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "niet te berekenen"
    return _swap(f"{fraction * 100:,.{decimals}f}") + " %"


def decimaal(value: float, decimals: int = 1) -> str:
    """12.34 -> '12,3'."""
    return _swap(f"{value:,.{decimals}f}")


def _swap(text: str) -> str:
    """'4,380.5' (English grouping) -> '4.380,5' (Dutch)."""
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _opsomming(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b en c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def _leerlingen(n: int) -> str:
    return f"{getal(n)} leerling" if n == 1 else f"{getal(n)} leerlingen"


# --- per table --------------------------------------------------------------------------------


def _v1(t: QuestionTable, prov: str, basis: str) -> str:
    f = t.frame
    first, last = f.iloc[0], f.iloc[-1]
    regio = regio_naam(prov)
    zin = (f"In het schooljaar {last[SCHOOLJAAR]} volgden {_leerlingen(last[DUAAL])} in {regio} ({basis_zin(basis)}) "
           f"een duale opleiding in het secundair onderwijs; dat is {procent(last[AANDEEL])} van alle "
           f"{getal(last[ALLE])} leerlingen secundair onderwijs van de regio.")
    if len(f) > 1:
        n0, n1 = int(first[DUAAL]), int(last[DUAAL])
        if n0 == 0:
            zin += f" In {first[SCHOOLJAAR]} waren er nog geen duale leerlingen."
        else:
            groei = n1 - n0
            woord = "groei" if groei >= 0 else "daling"
            zin += (f" In {first[SCHOOLJAAR]} waren dat er {getal(n0)}: een {woord} met {getal(abs(groei))} "
                    f"leerlingen ({procent(abs(groei) / n0)}).")
        verschil = last[VERSCHIL]
        if not (isinstance(verschil, float) and math.isnan(verschil)):
            if verschil == 0:
                zin += " Dat is evenveel als het schooljaar ervoor."
            else:
                richting = "meer" if verschil > 0 else "minder"
                zin += f" Dat zijn er {getal(abs(verschil))} {richting} dan het schooljaar ervoor."
    return zin


def _v2(t: QuestionTable, prov: str) -> str:
    f = t.frame
    last = f.iloc[-1]
    totaal = int(last[f"{TOTAAL_GEBIED} (aantal)"])
    regions = {c[: -len(" (aantal)")]: int(last[c]) for c in f.columns[1:-1]}
    if totaal == 0:
        return f"In {last[SCHOOLJAAR]} telden {TOTAAL_GEBIED} samen geen leerlingen in een duale opleiding."
    grootste = max(regions, key=lambda r: regions[r])
    zin = (f"In {last[SCHOOLJAAR]} telden {TOTAAL_GEBIED} samen {_leerlingen(totaal)} in een duale opleiding. "
           f"De meeste duale leerlingen telde {regio_naam(grootste)} ({getal(regions[grootste])}).")
    if prov in regions and grootste != prov:
        zin += f" In {regio_naam(prov)} waren het er {getal(regions[prov])}."
    return zin


def _v2b(t: QuestionTable, prov: str) -> str:
    f = t.frame
    last = f.iloc[-1]
    per1000, share, rang = v2b_columns(prov)
    if isinstance(last[share], float) and math.isnan(last[share]):
        return ""  # no dual pupils anywhere: no share or rank to report
    r = int(last[rang])
    plaats = "de eerste plaats" if r == 1 else f"plaats {r}"
    zin = (f"Met {procent(last[share])} van alle duale leerlingen van {TOTAAL_GEBIED} staat {regio_naam(prov)} in "
           f"{last[SCHOOLJAAR]} op {plaats} van de vijf provincies en Brussel")
    value = last[per1000]
    if isinstance(value, float) and math.isnan(value):
        return zin + "."
    return zin + f"; dat zijn {decimaal(value)} duale leerlingen per 1 000 leerlingen secundair onderwijs."


def _split(t: QuestionTable, soort: str) -> str:
    f = t.frame
    last = f.iloc[-1]
    parts = [c for c in f.columns if c not in (SCHOOLJAAR, TOTAAL)]
    bits = []
    for c in parts:
        label = c[: -len(" (aantal)")] if c.endswith(" (aantal)") else c
        n = int(last[c])
        if soort == "graad":
            where = "zonder graad (buso en Syntra)" if label.startswith("n.v.t.") else f"in de {label}"
        else:
            where = "bij Syntra" if label == "Syntra" else (f"in een {label} onderwijsvorm" if label == "andere"
                                                            else f"in het {label}")
        bits.append(f"{getal(n)} {where}")
    kop = "Naar graad" if soort == "graad" else "Naar onderwijsvorm"
    return f"{kop} zaten in {last[SCHOOLJAAR]} {_opsomming(bits)}; samen {getal(last[TOTAAL])}."


def _v4a(t: QuestionTable) -> str:
    f = t.frame
    cur = next(c for c in f.columns if c.startswith("Leerlingen "))
    jaar = cur.split()[1]
    rows = f[f[cur] > 0].head(3)
    if rows.empty:
        return f"In {jaar} waren er geen duale leerlingen in de regio, dus ook geen populairste sector."
    bits = [f"{r[SECTOR]} ({_leerlingen(int(r[cur]))})" for _, r in rows.iterrows()]
    share = next(c for c in f.columns if c.startswith("Aandeel "))
    zin = f"De populairste sectoren in {jaar} waren {_opsomming(bits)}."
    zin += f" De grootste sector, {rows.iloc[0][SECTOR]}, telde {procent(rows.iloc[0][share])} van de duale leerlingen."
    return zin


def _v4b(t: QuestionTable) -> str:
    f = t.frame
    if f.empty:
        return ""
    cur = next(c for c in f.columns if c.startswith("Leerlingen "))
    top = f.iloc[0]
    bits = [f"{r[STUDIERICHTING]} ({getal(r[cur])})" for _, r in f.head(3).iterrows()]
    return (f"De grootste duale opleidingen waren {_opsomming(bits)}; de grootste, {top[STUDIERICHTING]}, hoort "
            f"bij de sector {top[SECTOR]}.")


def _v5a(t: QuestionTable, prov: str) -> str:
    f = t.frame
    cur = next(c for c in f.columns if c.startswith("Leerlingen "))
    jaar = cur.split()[1]
    zero = f[f[cur] == 0][SECTOR].tolist()
    low = f[f[cur] > 0].head(3)
    zin = ""
    if zero:
        zin = (f"In {jaar} telde {regio_naam(prov)} geen enkele duale leerling in "
               f"{'de sector' if len(zero) == 1 else 'de sectoren'} {_opsomming(zero)}. ")
    if not low.empty:
        bits = [f"{r[SECTOR]} ({_leerlingen(int(r[cur]))})" for _, r in low.iterrows()]
        zin += f"Het minst gekozen {'daarna' if zero else ''} waren {_opsomming(bits)}.".replace("  ", " ")
    return zin.strip()


def _v5b(t: QuestionTable, prov: str, catalogus: int | None) -> str:
    f = t.frame
    regio = regio_naam(prov)
    year_cols = [c for c in f.columns if c.startswith("Leerlingen ")]
    laatste = year_cols[-1].split()[1] if year_cols else ""
    n = len(f)
    nergens = int((f[STATUS] == STATUS_NERGENS).sum())
    buso = int((f[STATUS] == STATUS_BUSO).sum())
    aangeboden = n - nergens - buso
    alle_jaren = int((f[year_cols].sum(axis=1) == 0).sum()) if year_cols else n
    van = f"Van de {getal(catalogus)} duale opleidingen in de catalogus 2026 hadden er" if catalogus else "Er waren"
    zin = (f"{van} {getal(n)} geen enkele leerling in {regio} in {laatste}. Daarvan worden er {getal(nergens)} "
           f"nergens aangeboden en {getal(aangeboden)} wel aangeboden, maar zonder leerlingen in {regio}")
    if buso:
        zin += (f"; de overige {getal(buso)} zijn buso-opleidingen (opleidingsvorm 3), waarvan de catalogus het "
                "aanbod niet telt")
    zin += "."
    if len(year_cols) > 1:
        zin += (f" {getal(alle_jaren)} van die opleidingen telden in geen van de laatste {len(year_cols)} "
                f"schooljaren ({year_cols[0].split()[1]} tot {laatste}) een leerling in {regio}.")
    if aangeboden:
        top = f[~f[STATUS].isin([STATUS_NERGENS, STATUS_BUSO])].sort_values(ADRESSEN, ascending=False,
                                                                                kind="stable").head(3)
        bits = [f"{r['Opleiding']} ({getal(r[ADRESSEN])} {'adres' if r[ADRESSEN] == 1 else 'adressen'} in 2026)"
                for _, r in top.iterrows()]
        zin += f" Het ruimst aangeboden zonder leerlingen in {regio} zijn {_opsomming(bits)}."
    return zin


# --- the answer -------------------------------------------------------------------------------


def draft_answer(spec: QuestionSpec, tables, info: DataInfo) -> list[str]:
    """Draft answer paragraphs, one or more per question, in plain Dutch.

    Args:
        spec: the question (its parameters must be those the tables were made with).
        tables: the question tables (:class:`QuestionTable`), any subset of V1 … V5b.
        info: provenance of the data (synthetic data is announced in the first paragraph).

    Returns:
        Paragraphs: a data warning (synthetic data only), a source line, then 'Vraag n. …' per question;
        questions that are not data questions get a placeholder for the administration.
    """
    by_key: dict[str, QuestionTable] = {t.sleutel: t for t in tables}
    prov, basis = spec.params.provincie, spec.params.basis
    out: list[str] = []
    if info.synthetisch:
        out.append(f"LET OP: dit ontwerpantwoord is gemaakt met {SYNTHETIC_LABEL}. De cijfers tonen hoe het "
                   "antwoord eruit zal zien en zijn niet bruikbaar als antwoord op de vraag.")
    out.append(f"Alle cijfers: aantal leerlingen op {info.peildatum} (bron: {info.bron}; dataversie "
               f"{info.dataversie}). De provincie telt {basis_zin(basis)}.")
    from addin.core.catalogue import catalogue

    n_catalogus = len(catalogue())
    for vraag in spec.vragen:
        if not vraag.tabellen:
            out.append(f"Vraag {vraag.nummer}. {OPEN_VRAAG}")
            continue
        zinnen = []
        for key in vraag.tabellen:
            t = by_key.get(key)
            if t is None:
                continue
            zin = _sentence(key, t, prov, basis, n_catalogus)
            if zin:
                zinnen.append(zin)
        if zinnen:
            verwijzing = (f"Zie tabel {vraag.tabellen[0]}." if len(vraag.tabellen) == 1
                          else f"Zie de tabellen {_opsomming(list(vraag.tabellen))}.")
            out.append(f"Vraag {vraag.nummer}. " + " ".join(zinnen) + " " + verwijzing)
        else:
            out.append(f"Vraag {vraag.nummer}. [Geen tabel gemaakt voor deze vraag.]")
    return out


def _sentence(key: str, t: QuestionTable, prov: str, basis: str, n_catalogus: int) -> str:
    if key == "V1":
        return _v1(t, prov, basis)
    if key == "V2":
        return _v2(t, prov)
    if key == "V2b":
        return _v2b(t, prov)
    if key == "V3a":
        return _split(t, "graad")
    if key == "V3b":
        return _split(t, "onderwijsvorm")
    if key == "V4a":
        return _v4a(t)
    if key == "V4b":
        return _v4b(t)
    if key == "V5a":
        return _v5a(t, prov)
    if key == "V5b":
        return _v5b(t, prov, n_catalogus)
    return ""


__all__ = ["draft_answer", "getal", "procent", "decimaal", "OPEN_VRAAG"]
