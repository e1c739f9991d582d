"""The question tables V1 … V5 of a parliamentary question on dual learning.

Every number is asked of :class:`addin.core.query.Query` (``count`` and ``table``), the
same object behind the Excel cell functions, so a figure in a cell and in the answer
workbook can never disagree. Totals are built from their parts (or checked against them).

Definitions used throughout:
- *duale leerlingen*: rows with ``duaal`` true, in every secondary hoofdstructuur
  (gewoon secundair, dbso, buso, Syntra);
- *alle leerlingen secundair onderwijs*: every row of the province (311 + 312 + 321 + Syntra).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
import pandas as pd

from addin.core.catalogue import catalogue, name_key
from addin.core.errors import LoepFout
from addin.core.labels import (
    BASIS,
    BRUSSEL,
    DUALE_ONDERWIJSVORMEN,
    GRADEN,
    PROVINCIE,
    PROVINCIES,
    TOTAAL_GEBIED,
    fold,
    is_empty,
    normalise_schooljaar,
    schooljaar_from_start,
    start_of,
    suggest,
)
from addin.core.query import Query
from addin.core.schema import DEFAULT_BASIS
from addin.core.tables import ChartSpec, QuestionTable

# --- column headers (Dutch, with units) ------------------------------------------------------

SCHOOLJAAR = "Schooljaar"
DUAAL = "Leerlingen in duale opleidingen (aantal)"
ALLE = "Alle leerlingen secundair onderwijs (aantal)"
AANDEEL = "Aandeel duale leerlingen (%)"
VERSCHIL = "Verschil met vorig schooljaar (aantal)"
VERSCHIL_PCT = "Verschil met vorig schooljaar (%)"
TOTAAL = "Totaal (aantal)"
SECTOR = "Sector"
STUDIERICHTING = "Studierichting"
GRAAD = "Graad"
ONDERWIJSVORM = "Onderwijsvorm"
RANG = "Rang"
STATUS = "Status"
CODE = "Code"
ADRESSEN = "Aangeboden op adressen in 2026 (aantal)"
NVT_GRAAD = "n.v.t. (buso/Syntra)"
ANDERE_VORM = "andere"
ONBEKEND = "onbekend"

#: Table keys in the order of the answer.
TABLE_KEYS: tuple[str, ...] = ("V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b", "V5a", "V5b")
#: The question each table answers.
QUESTION_OF: dict[str, int] = {"V1": 1, "V2": 2, "V2b": 2, "V3a": 3, "V3b": 3, "V4a": 4, "V4b": 4, "V5a": 5,
                               "V5b": 5}
#: Short forms accepted by :func:`question_table` ('3' → 'V3a').
_ALIASES: dict[str, str] = {"1": "V1", "2": "V2", "3": "V3a", "4": "V4a", "5": "V5a"}

STATUS_NERGENS = "nergens aangeboden"
#: BuSO opleidingsvorm-3 programmes: the catalogue counts no addresses for any of them (all 22 show 0),
#: so "offered nowhere" cannot be concluded for them.
STATUS_BUSO = "buso (opleidingsvorm 3): aanbod niet geteld in de catalogus"
EMPTY_CELL_NOTE = "[z] (lege waarde) = niet van toepassing"

#: Who the tables count, as the draft answer names them (the subject of its sentences).
ONDERWERP = "leerlingen in een duale opleiding"
#: Who the shares and rates of V1 and V2b divide by.
NOEMER = "leerlingen secundair onderwijs"


def status_aangeboden(provincie: str) -> str:
    """Status text of a programme that is offered but has no pupils in ``provincie``."""
    return f"aangeboden, maar geen leerlingen in {provincie}"


def regio_naam(provincie: str) -> str:
    """'provincie Antwerpen', 'het Brussels Hoofdstedelijk Gewest' (for titles and sentences)."""
    if provincie == BRUSSEL:
        return "het Brussels Hoofdstedelijk Gewest"
    return f"de provincie {provincie}"


_BASIS_ZIN = {
    "vestigingsplaats": "volgens de vestigingsplaats van de school",
    "hoofdzetel": "volgens de hoofdzetel van de school",
    "woonplaats": "volgens de woonplaats van de leerling",
}


def basis_zin(basis: str) -> str:
    """'volgens de vestigingsplaats van de school' …"""
    return _BASIS_ZIN[basis]


# --- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionParams:
    """Parameters of a question: region, province basis and period.

    Args:
        provincie: a province or Brussels, as a user types it (normalised).
        basis: 'vestigingsplaats', 'hoofdzetel' or 'woonplaats' (normalised).
        van: first school year ('2016-2017', '2016-17', 2016).
        tot: last school year; None, '' or 'laatste' = the latest year in the data (filled by :meth:`resolve`).

    Raises:
        LoepFout: unknown province or basis, unreadable school year, or ``van`` after ``tot``.
    """

    provincie: str = "Antwerpen"
    basis: str = DEFAULT_BASIS
    van: str = "2016-2017"
    tot: str | None = None

    def __post_init__(self):
        prov = "Antwerpen" if is_empty(self.provincie) else PROVINCIE.normalise(self.provincie, "provincie")
        basis = DEFAULT_BASIS if is_empty(self.basis) else BASIS.normalise(self.basis, "basis")
        van = "2016-2017" if is_empty(self.van) else normalise_schooljaar(_whole(self.van), "van")
        laatste = not is_empty(self.tot) and fold(self.tot) in ("laatste", "recentste", "nieuwste")
        tot = None if is_empty(self.tot) or laatste else normalise_schooljaar(_whole(self.tot), "tot")
        if tot is not None and van > tot:
            raise LoepFout(f"Het eerste schooljaar (van = '{van}') ligt na het laatste (tot = '{tot}').")
        object.__setattr__(self, "provincie", prov)
        object.__setattr__(self, "basis", basis)
        object.__setattr__(self, "van", van)
        object.__setattr__(self, "tot", tot)

    def resolve(self, query: Query) -> "QuestionParams":
        """Check the parameters against the data and fill ``tot``.

        Returns:
            A copy with ``tot`` set (latest school year in the data when it was None).

        Raises:
            LoepFout: a school year outside the data, a basis the data lacks, or van after tot.
        """
        jaren = query.schooljaren
        if not jaren:
            raise LoepFout("De gegevens bevatten geen schooljaren.")
        for arg, jaar in (("van", self.van), ("tot", self.tot)):
            if jaar is not None and jaar not in jaren:
                raise LoepFout(
                    f"Schooljaar '{jaar}' (argument '{arg}') zit niet in de gegevens; beschikbare schooljaren: "
                    f"{jaren[0]} tot {jaren[-1]}.",
                    suggestie=min(jaren, key=lambda j: abs(int(j[:4]) - int(jaar[:4]))),
                )
        tot = self.tot or jaren[-1]
        if self.van > tot:
            raise LoepFout(f"Het eerste schooljaar (van = '{self.van}') ligt na het laatste (tot = '{tot}').")
        query.require_basis(self.basis, [j for j in jaren if self.van <= j <= tot])  # never a silent fallback
        return replace(self, tot=tot)

    def jaren(self, query: Query) -> list[str]:
        """School years of the period that the data has, in order."""
        p = self if self.tot else self.resolve(query)
        return [j for j in query.schooljaren if p.van <= j <= p.tot]

    @property
    def periode(self) -> str:
        return f"{self.van} tot {self.tot}" if self.tot else f"vanaf {self.van}"


def _previous(jaar: str) -> str:
    """'2024-2025' -> '2023-2024'."""
    return schooljaar_from_start(start_of(jaar) - 1)


def _whole(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- helpers ---------------------------------------------------------------------------------


class _Ctx:
    """What every table needs: the query, resolved parameters, the years and shared notes."""

    def __init__(self, query: Query, params: QuestionParams):
        self.q = query
        self.p = params.resolve(query)
        self.jaren = self.p.jaren(query)
        self.laatste = self.jaren[-1]
        # years usable for "previous year" and "last three years": those the basis covers
        alle = [j for j in query.schooljaren if j in query.basis_jaren.get(self.p.basis, query.schooljaren)]
        self.alle_jaren = alle
        i = alle.index(self.laatste)
        self.vorige = _previous(self.laatste) if _previous(self.laatste) in alle else None
        self.recent = alle[max(0, i - 2): i + 1]  # the last three school years up to 'tot'
        self.regio = regio_naam(self.p.provincie)
        self.prov = self.p.provincie
        self.basis = self.p.basis

    def duaal(self, provincie="__prov__", **filters) -> int:
        prov = self.prov if provincie == "__prov__" else provincie
        return self.q.count(provincie=prov, basis=self.basis, duaal="ja", **filters)

    def alle(self, provincie="__prov__", **filters) -> int:
        prov = self.prov if provincie == "__prov__" else provincie
        return self.q.count(provincie=prov, basis=self.basis, **filters)

    def notes(self, *extra: str) -> tuple[str, ...]:
        info = self.q.info
        lines = [f"Bron: {info.bron}; telling op {info.peildatum}; dataversie {info.dataversie}."]
        if info.synthetisch:
            lines.append("LET OP: synthetische demonstratiedata — geen officiële cijfers.")
        lines.append(f"Provincie {basis_zin(self.basis)}.")
        lines.append("Duale leerlingen: leerlingen in een duale opleiding (administratieve groep DBSO of SYN, of een "
                     "studierichting met 'duaal' in de naam), in bso, tso, buso en Syntra.")
        lines.extend(extra)
        return tuple(lines)


def _ratio(deel: float, geheel: float) -> float:
    return deel / geheel if geheel else math.nan


def _rank(values: pd.Series) -> pd.Series:
    """1 = largest; equal values share the best rank."""
    return values.rank(method="min", ascending=False).astype("int64")


def _table_name(key: str) -> str:
    return f"Tabel_{key}"


# --- V1 --------------------------------------------------------------------------------------


def _v1(c: _Ctx) -> QuestionTable:
    rows = []
    alle_jaren = c.alle_jaren
    for jaar in c.jaren:
        d = c.duaal(schooljaar=jaar)
        a = c.alle(schooljaar=jaar)
        vorig_jaar = _previous(jaar)
        vorig = c.duaal(schooljaar=vorig_jaar) if vorig_jaar in alle_jaren else None
        verschil = math.nan if vorig is None else d - vorig
        pct = math.nan if not vorig else (d - vorig) / vorig
        rows.append({SCHOOLJAAR: jaar, DUAAL: d, ALLE: a, AANDEEL: _ratio(d, a), VERSCHIL: verschil,
                     VERSCHIL_PCT: pct})
    frame = pd.DataFrame(rows, columns=[SCHOOLJAAR, DUAAL, ALLE, AANDEEL, VERSCHIL, VERSCHIL_PCT])
    titel = (f"V1. Leerlingen in duale opleidingen per schooljaar, {c.regio} ({basis_zin(c.basis)}), "
             f"{c.p.van} tot {c.p.tot}")
    return QuestionTable(
        sleutel="V1", vraag=1, titel=titel,
        toelichting=c.notes(
            "Aandeel: duale leerlingen als deel van alle leerlingen secundair onderwijs (gewoon secundair, dbso, "
            "buso en Syntra) van dezelfde regio.",
            f"{EMPTY_CELL_NOTE} (geen vorig schooljaar in de gegevens, of 0 leerlingen in het vorige "
            "schooljaar voor het verschil in %).",
        ),
        frame=frame,
        formaten={SCHOOLJAAR: "tekst", DUAAL: "aantal", ALLE: "aantal", AANDEEL: "procent2", VERSCHIL: "verschil",
                  VERSCHIL_PCT: "procent"},
        grafiek=ChartSpec("column", SCHOOLJAAR, (DUAAL,),
                          titel=f"Leerlingen in duale opleidingen, {c.regio}",
                          x_titel="Schooljaar", y_titel="Leerlingen (aantal)",
                          alt_tekst=f"Staafdiagram van het aantal leerlingen in duale opleidingen per schooljaar in "
                                    f"{c.regio}, {c.p.van} tot {c.p.tot}."),
        tabelnaam=_table_name("V1"),
        rijen="schooljaar", onderwerp=ONDERWERP, noemer=NOEMER, gebied=c.regio,
        maten={DUAAL: "aantal", ALLE: "noemer", AANDEEL: "aandeel_rij", VERSCHIL: "verschil",
               VERSCHIL_PCT: "verschil_pct"},
    )


# --- V2 --------------------------------------------------------------------------------------


def _region_counts(c: _Ctx) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(dual, all) per school year × region, as wide frames indexed by school year."""
    duaal = pd.DataFrame({p: [c.duaal(p, schooljaar=j) for j in c.jaren] for p in PROVINCIES}, index=c.jaren)
    alle = pd.DataFrame({p: [c.alle(p, schooljaar=j) for j in c.jaren] for p in PROVINCIES}, index=c.jaren)
    return duaal, alle


def _unknown_region_note(c: _Ctx, duaal: pd.DataFrame) -> tuple[str, ...]:
    zonder = sum(c.duaal(None, schooljaar=j) for j in c.jaren) - int(duaal.to_numpy().sum())
    if zonder:
        return (f"{zonder} duale leerlingen zonder provincie in Vlaanderen of Brussel ({basis_zin(c.basis)}: "
                "buiten Vlaanderen en Brussel of onbekend) tellen niet mee in de regio's.",)
    return ()


def _v2(c: _Ctx) -> QuestionTable:
    duaal, _ = _region_counts(c)
    frame = duaal.copy()
    frame[TOTAAL_GEBIED] = frame[list(PROVINCIES)].sum(axis=1)
    frame.insert(0, SCHOOLJAAR, frame.index)
    frame = frame.reset_index(drop=True)
    frame.columns = [SCHOOLJAAR, *[f"{p} (aantal)" for p in PROVINCIES], f"{TOTAAL_GEBIED} (aantal)"]
    titel = (f"V2. Leerlingen in duale opleidingen per provincie en Brussel, per schooljaar ({basis_zin(c.basis)}), "
             f"{c.p.van} tot {c.p.tot}")
    return QuestionTable(
        sleutel="V2", vraag=2, titel=titel,
        toelichting=c.notes(
            f"'{TOTAAL_GEBIED}' is de som van de vijf provincies en het Brussels Hoofdstedelijk Gewest "
            "(Nederlandstalig onderwijs).",
            "Een regio zonder duale leerlingen staat met 0 in de tabel.",
            *_unknown_region_note(c, duaal),
        ),
        frame=frame,
        formaten={SCHOOLJAAR: "tekst", **{col: "aantal" for col in frame.columns[1:]}},
        grafiek=ChartSpec("line", SCHOOLJAAR, tuple(f"{p} (aantal)" for p in PROVINCIES),
                          titel="Leerlingen in duale opleidingen per regio",
                          x_titel="Schooljaar", y_titel="Leerlingen (aantal)",
                          alt_tekst="Lijndiagram met per schooljaar het aantal leerlingen in duale opleidingen in elk "
                                    "van de vijf provincies en het Brussels Hoofdstedelijk Gewest."),
        tabelnaam=_table_name("V2"),
        rijen="schooljaar", kolommen="provincie", onderwerp=ONDERWERP, gebied=TOTAAL_GEBIED,
        categorie={f"{p} (aantal)": p for p in PROVINCIES},
    )


def v2b_columns(provincie: str) -> tuple[str, str, str]:
    """(per 1.000, share, rank) column names of V2b for one region."""
    return (f"{provincie} per 1.000 (‰)",
            f"{provincie} aandeel (%)",
            f"{provincie} rang")


def _v2b(c: _Ctx) -> QuestionTable:
    duaal, alle = _region_counts(c)
    totaal = duaal.sum(axis=1)
    rank = duaal.apply(_rank, axis=1)
    data: dict[str, list] = {SCHOOLJAAR: list(c.jaren)}
    formaten = {SCHOOLJAAR: "tekst"}
    # grouped by measure (all regions' rates, then shares, then ranks) so regions compare side by side
    for p in PROVINCIES:
        per1000 = v2b_columns(p)[0]
        data[per1000] = [1000 * _ratio(duaal.at[j, p], alle.at[j, p]) for j in c.jaren]
        formaten[per1000] = "promille"
    for p in PROVINCIES:
        share = v2b_columns(p)[1]
        data[share] = [_ratio(duaal.at[j, p], totaal[j]) for j in c.jaren]
        formaten[share] = "procent"
    for p in PROVINCIES:
        rang = v2b_columns(p)[2]
        data[rang] = [int(rank.at[j, p]) for j in c.jaren]
        formaten[rang] = "rang"
    frame = pd.DataFrame(data)
    titel = (f"V2b. Duale leerlingen per 1.000 leerlingen secundair onderwijs, aandeel en rang per regio "
             f"({basis_zin(c.basis)}), {c.p.van} tot {c.p.tot}")
    return QuestionTable(
        sleutel="V2b", vraag=2, titel=titel,
        toelichting=c.notes(
            "Per 1.000 (‰): duale leerlingen per 1.000 leerlingen secundair onderwijs van de regio.",
            f"Aandeel (%): deel van alle duale leerlingen in {TOTAAL_GEBIED}.",
            "Rang: 1 = de regio met de meeste duale leerlingen in dat schooljaar (gelijke aantallen, gelijke rang).",
            f"{EMPTY_CELL_NOTE} (geen leerlingen om door te delen).",
        ),
        frame=frame,
        formaten=formaten,
        grafiek=ChartSpec("line", SCHOOLJAAR, tuple(v2b_columns(p)[0] for p in PROVINCIES),
                          titel="Duale leerlingen per 1.000 leerlingen secundair onderwijs",
                          x_titel="Schooljaar", y_titel="Duale leerlingen per 1.000 leerlingen (‰)",
                          alt_tekst="Lijndiagram met per schooljaar het aantal duale leerlingen per 1.000 leerlingen "
                                    "secundair onderwijs in elke provincie en het Brussels Hoofdstedelijk Gewest."),
        tabelnaam=_table_name("V2b"),
        rijen="schooljaar", kolommen="provincie", onderwerp=ONDERWERP, noemer=NOEMER, gebied=TOTAAL_GEBIED,
        maten={**{v2b_columns(p)[0]: "per_1000" for p in PROVINCIES},
               **{v2b_columns(p)[1]: "aandeel_totaal" for p in PROVINCIES},
               **{v2b_columns(p)[2]: "rang" for p in PROVINCIES}},
        categorie={col: p for p in PROVINCIES for col in v2b_columns(p)},
    )


# --- V3 --------------------------------------------------------------------------------------


def _v3a(c: _Ctx) -> QuestionTable:
    labels = {"1e graad": "1e graad (aantal)", "2e graad": "2e graad (aantal)", "3e graad": "3e graad (aantal)",
              "n.v.t.": f"{NVT_GRAAD} (aantal)"}
    return _split_graad_or_vorm(
        c, "V3a", "graad", [(labels.get(g, f"{g} (aantal)"), {"graad": g}) for g in GRADEN], always={labels["2e graad"], labels["3e graad"],
                                                                        labels["n.v.t."]},
        rest=f"{ONBEKEND} (aantal)",
        titel=f"V3a. Leerlingen in duale opleidingen per schooljaar en graad, {c.regio} ({basis_zin(c.basis)}), "
              f"{c.p.van} tot {c.p.tot}",
        toelichting=("Graad 'n.v.t.': buso (opleidingsvorm 3) en Syntra kennen geen graad.",
                     "Totaal = V1: de som van de graden."),
        chart_title=f"Duale leerlingen per graad, {c.regio}",
        alt=f"Gestapeld staafdiagram van het aantal duale leerlingen per graad en per schooljaar in {c.regio}.",
    )


def _v3b(c: _Ctx) -> QuestionTable:
    return _split_graad_or_vorm(
        c, "V3b", "onderwijsvorm", [(f"{v} (aantal)", {"onderwijsvorm": v}) for v in DUALE_ONDERWIJSVORMEN],
        always={f"{v} (aantal)" for v in DUALE_ONDERWIJSVORMEN},
        rest=f"{ANDERE_VORM} (aantal)",
        titel=f"V3b. Leerlingen in duale opleidingen per schooljaar en onderwijsvorm, {c.regio} "
              f"({basis_zin(c.basis)}), {c.p.van} tot {c.p.tot}",
        toelichting=("Onderwijsvorm: bso = beroepssecundair, tso = technisch secundair, buso = buitengewoon "
                     "secundair onderwijs, Syntra = leertijd bij Syntra; 'andere' = alle overige "
                     "onderwijsvormen (alleen getoond als er zulke leerlingen zijn).",
                     "Totaal = V1: de som van de onderwijsvormen."),
        chart_title=f"Duale leerlingen per onderwijsvorm, {c.regio}",
        alt=f"Gestapeld staafdiagram van het aantal duale leerlingen per onderwijsvorm en per schooljaar in "
            f"{c.regio}.",
    )


def _split_graad_or_vorm(c: _Ctx, key: str, dimensie: str, parts: list[tuple[str, dict]], always: set[str],
                         rest: str,
                         titel: str, toelichting: tuple[str, ...], chart_title: str, alt: str) -> QuestionTable:
    rows = []
    for jaar in c.jaren:
        row = {SCHOOLJAAR: jaar}
        for label, filters in parts:
            row[label] = c.duaal(schooljaar=jaar, **filters)
        total = c.duaal(schooljaar=jaar)
        row[rest] = total - sum(row[label] for label, _ in parts)
        row[TOTAAL] = total
        rows.append(row)
    frame = pd.DataFrame(rows)
    keep = [SCHOOLJAAR] + [label for label, _ in parts if label in always or frame[label].any()]
    if frame[rest].any():
        keep.append(rest)
    keep.append(TOTAAL)
    frame = frame[keep]
    return QuestionTable(
        sleutel=key, vraag=3, titel=titel, toelichting=c.notes(*toelichting), frame=frame,
        formaten={SCHOOLJAAR: "tekst", **{col: "aantal" for col in keep[1:]}},
        grafiek=ChartSpec("column", SCHOOLJAAR, tuple(keep[1:-1]), titel=chart_title, x_titel="Schooljaar",
                          y_titel="Leerlingen (aantal)", alt_tekst=alt, gestapeld=True),
        tabelnaam=_table_name(key),
        rijen="schooljaar", kolommen=dimensie, onderwerp=ONDERWERP, gebied=c.regio,
        categorie={label: label.removesuffix(" (aantal)") for label in keep[1:-1]},
    )


# --- V4 --------------------------------------------------------------------------------------


def _sector_counts(c: _Ctx, sectors: list[str], provincie="__prov__") -> pd.DataFrame:
    """Dual pupils per sector (rows) × school year (columns) of the period."""
    return pd.DataFrame(
        {j: [c.duaal(provincie, schooljaar=j, sector=s) for s in sectors] for j in c.jaren}, index=sectors
    )


def _sectors_with_pupils(c: _Ctx, provincie="__prov__", jaren=None) -> list[str]:
    """Sectors with dual pupils in the region (None: anywhere) in ``jaren`` (default: the period)."""
    prov = c.prov if provincie == "__prov__" else provincie
    t = c.q.table(["schooljaar", "sector"], provincie=prov, basis=c.basis, duaal="ja")
    t = t[t["schooljaar"].isin(c.jaren if jaren is None else jaren) & (t["aantal"] > 0)]
    return sorted(set(t["sector"].dropna()), key=fold)


def jaar_kolom(jaar: str) -> str:
    """Header of a per-year count column: '2024-2025 (aantal)'."""
    return f"{jaar} (aantal)"


def _v4a(c: _Ctx) -> QuestionTable:
    sectors = _sectors_with_pupils(c)
    counts = _sector_counts(c, sectors)
    latest = counts[c.laatste] if sectors else pd.Series(dtype="int64")
    total = c.duaal(schooljaar=c.laatste)
    frame = pd.DataFrame({
        SECTOR: sectors,
        f"Leerlingen {c.laatste} (aantal)": latest.to_numpy(dtype="int64"),
        f"Aandeel {c.laatste} (%)": [_ratio(v, total) for v in latest],
        f"Rang {c.laatste}": _rank(latest).to_numpy() if sectors else np.array([], dtype="int64"),
    })
    for j in c.jaren:
        frame[jaar_kolom(j)] = counts[j].to_numpy(dtype="int64") if sectors else np.array([], dtype="int64")
    frame["_k"] = frame[SECTOR].map(fold)
    frame = frame.sort_values([f"Rang {c.laatste}", "_k"], kind="stable").drop(columns="_k").reset_index(drop=True)
    formaten = {SECTOR: "tekst", f"Leerlingen {c.laatste} (aantal)": "aantal", f"Aandeel {c.laatste} (%)": "procent",
                f"Rang {c.laatste}": "rang", **{jaar_kolom(j): "aantal" for j in c.jaren}}
    n_gap = total - int(latest.sum())
    extra = (f"{n_gap} duale leerlingen in {c.laatste} hebben geen gekende sector.",) if n_gap else ()
    return QuestionTable(
        sleutel="V4a", vraag=4,
        titel=f"V4a. Populairste sectoren bij duale leerlingen, {c.regio} ({basis_zin(c.basis)}): {c.laatste} en "
              f"verloop sinds {c.p.van}",
        toelichting=c.notes(
            "Sector: het domein voor gemoderniseerde opleidingen, het studiegebied voor oudere opleidingen "
            "(volgens de catalogus van duale opleidingen).",
            f"Gerangschikt volgens het aantal duale leerlingen in {c.laatste}; rang 1 = populairst.",
            "Alleen sectoren met minstens één duale leerling in de regio in de periode.",
            *extra,
        ),
        frame=frame, formaten=formaten,
        grafiek=ChartSpec("bar", SECTOR, (f"Leerlingen {c.laatste} (aantal)",),
                          titel=f"Duale leerlingen per sector, {c.regio}, {c.laatste}",
                          x_titel="Sector", y_titel="Leerlingen (aantal)",
                          alt_tekst=f"Liggend staafdiagram van het aantal duale leerlingen per sector in {c.regio} "
                                    f"in {c.laatste}, van populair naar minder populair; sectoren zonder "
                                    f"leerlingen in {c.laatste} staan alleen in de tabel.",
                          rijen=int((latest > 0).sum())),
        tabelnaam=_table_name("V4a"),
        rijen="sector", onderwerp=ONDERWERP, gebied=c.regio, schooljaar=c.laatste, selectie="top",
    )


def _programmes(c: _Ctx, jaar: str, provincie="__prov__") -> pd.DataFrame:
    prov = c.prov if provincie == "__prov__" else provincie
    return c.q.table(["studierichting", "sector", "graad", "onderwijsvorm"], provincie=prov, basis=c.basis,
                     duaal="ja", schooljaar=jaar)


def _v4b(c: _Ctx, n: int = 10) -> QuestionTable:
    progs = _programmes(c, c.laatste)
    progs = progs[progs["aantal"] > 0].copy()
    progs["_k"] = progs["studierichting"].map(fold)
    progs = progs.sort_values(["aantal", "_k"], ascending=[False, True], kind="stable")
    top = progs.head(n)
    cur = f"Leerlingen {c.laatste} (aantal)"
    prev = f"Leerlingen {c.vorige} (aantal)" if c.vorige else "Leerlingen vorig schooljaar (aantal)"
    # looked up in the same grouped table, not by a name filter: count(studierichting='… DL') normalises
    # 'DL' to 'duaal' and found 0 pupils for programmes whose official name ends in 'DL'
    vorig = {}
    if c.vorige:
        for r in _programmes(c, c.vorige).itertuples(index=False):
            vorig[(r.studierichting, r.sector, r.graad, r.onderwijsvorm)] = int(r.aantal)
    prev_vals = [vorig.get((r.studierichting, r.sector, r.graad, r.onderwijsvorm), 0) if c.vorige else math.nan
                 for r in top.itertuples(index=False)]
    frame = pd.DataFrame({
        RANG: _rank(top["aantal"]).to_numpy() if len(top) else np.array([], dtype="int64"),
        STUDIERICHTING: top["studierichting"].to_numpy(dtype=object),
        SECTOR: top["sector"].to_numpy(dtype=object),
        GRAAD: top["graad"].to_numpy(dtype=object),
        ONDERWIJSVORM: top["onderwijsvorm"].to_numpy(dtype=object),
        cur: top["aantal"].to_numpy(dtype="int64"),
        prev: prev_vals,
    })
    notes = [f"De {n} studierichtingen met de meeste duale leerlingen in {c.laatste} (een studierichting die in "
             "meer dan één graad of onderwijsvorm bestaat, staat per graad en onderwijsvorm).",
             "Rang 1 = grootste; gelijke aantallen, gelijke rang."]
    if not c.vorige:
        notes.append(f"{EMPTY_CELL_NOTE} (geen vorig schooljaar in de gegevens).")
    return QuestionTable(
        sleutel="V4b", vraag=4,
        titel=f"V4b. Grootste duale opleidingen, {c.regio} ({basis_zin(c.basis)}), {c.laatste}",
        toelichting=c.notes(*notes), frame=frame,
        formaten={RANG: "rang", STUDIERICHTING: "tekst", SECTOR: "tekst", GRAAD: "tekst", ONDERWIJSVORM: "tekst",
                  cur: "aantal", prev: "aantal"},
        grafiek=ChartSpec("bar", STUDIERICHTING, (cur,) + ((prev,) if c.vorige else ()),
                          titel=f"Grootste duale opleidingen, {c.regio}, {c.laatste}",
                          x_titel="Studierichting", y_titel="Leerlingen (aantal)",
                          alt_tekst=f"Liggend staafdiagram van de {n} duale opleidingen met de meeste leerlingen in "
                                    f"{c.regio} in {c.laatste}, naast het vorige schooljaar."),
        tabelnaam=_table_name("V4b"),
        rijen="studierichting", onderwerp=ONDERWERP, gebied=c.regio, schooljaar=c.laatste, selectie="top",
    )


# --- V5 --------------------------------------------------------------------------------------


def _v5a(c: _Ctx, n: int = 10) -> QuestionTable:
    cat = catalogue()
    elders = _sectors_with_pupils(c, None, [c.laatste])
    sectors = sorted(set(elders) | set(cat["sector"]), key=fold)
    cur = f"Leerlingen {c.laatste} in {c.prov} (aantal)"
    overall = f"Leerlingen {c.laatste} in {TOTAAL_GEBIED} (aantal)"
    aanbod = "Duale opleidingen in de catalogus 2026 (aantal)"
    total = c.duaal(schooljaar=c.laatste)
    latest = [c.duaal(schooljaar=c.laatste, sector=s) for s in sectors]
    frame = pd.DataFrame({
        SECTOR: sectors,
        cur: latest,
        f"Aandeel {c.laatste} (%)": [_ratio(v, total) for v in latest],
        overall: [c.duaal(None, schooljaar=c.laatste, sector=s) for s in sectors],
        aanbod: [int((cat["sector"] == s).sum()) for s in sectors],
    })
    for j in c.recent[:-1]:
        frame[f"Leerlingen {j} in {c.prov} (aantal)"] = [c.duaal(schooljaar=j, sector=s) for s in sectors]
    frame["_k"] = frame[SECTOR].map(fold)
    frame = frame.sort_values([cur, "_k"], kind="stable").drop(columns="_k").reset_index(drop=True)
    if len(frame) > n:  # keep ties at the cut-off
        frame = frame[frame[cur] <= frame[cur].iloc[n - 1]].reset_index(drop=True)
    formaten = {c_: "aantal" for c_ in frame.columns}
    formaten.update({SECTOR: "tekst", f"Aandeel {c.laatste} (%)": "procent"})
    return QuestionTable(
        sleutel="V5a", vraag=5,
        titel=f"V5a. Minst gekozen sectoren bij duale leerlingen, {c.regio} ({basis_zin(c.basis)}), {c.laatste}",
        toelichting=c.notes(
            f"De sectoren met de minste duale leerlingen in {c.prov} in {c.laatste}, oplopend. Meegeteld: de "
            f"sectoren (domeinen) van de catalogus 2026 en elke sector met duale leerlingen ergens in "
            f"{TOTAAL_GEBIED} in {c.laatste}, ook als {c.prov} er 0 heeft. Oudere studiegebieden zonder enige "
            f"duale leerling in {c.laatste} tellen niet mee. Bij gelijke aantallen op de grens staan alle gelijke "
            f"sectoren erbij.",
            f"{EMPTY_CELL_NOTE} (geen leerlingen om door te delen).",
        ),
        frame=frame, formaten=formaten,
        grafiek=ChartSpec("bar", SECTOR, (cur,), titel=f"Minst gekozen sectoren, {c.regio}, {c.laatste}",
                          x_titel="Sector", y_titel="Leerlingen (aantal)",
                          alt_tekst=f"Liggend staafdiagram van de sectoren met de minste duale leerlingen in "
                                    f"{c.regio} in {c.laatste}."),
        tabelnaam=_table_name("V5a"),
        rijen="sector", onderwerp=ONDERWERP, gebied=c.regio, schooljaar=c.laatste, selectie="bottom",
    )


def _catalogue_counts(q: Query, provincie: str | None, basis: str, jaren: list[str]) -> pd.DataFrame:
    """The catalogue with one column of dual pupils in ``provincie`` per school year (named by the year).

    A programme is matched on its name (:func:`addin.core.catalogue.name_key`). The few names the catalogue
    has twice (a bso programme and its buso opleidingsvorm-3 twin) are split on onderwijsvorm: the buso
    entry takes the buso rows, the other entry the rest, so every row is counted once.
    """
    cat = catalogue().copy()
    keys = cat["naam"].map(name_key)
    twin = keys.duplicated(keep=False).to_numpy()
    for j in jaren:
        values = []
        for naam, vorm, dubbel in zip(cat["naam"], cat["onderwijsvorm"], twin):
            def n(**extra):
                return q.count(schooljaar=j, provincie=provincie, basis=basis, duaal="ja", studierichting=naam,
                               **extra)
            if not dubbel:
                values.append(n())
            elif vorm == "buso":
                values.append(n(onderwijsvorm="buso"))
            else:
                values.append(n() - n(onderwijsvorm="buso"))
        cat[j] = values
    return cat


def _status(cat: pd.DataFrame, regio: str) -> np.ndarray:
    """Status per catalogue row: nergens aangeboden / buso (aanbod niet geteld) / aangeboden, maar … ."""
    nul = cat["aantal_adressen"].to_numpy() == 0
    buso = cat["opleidingsvorm3"].to_numpy(dtype=bool)
    return np.select([nul & buso, nul], [STATUS_BUSO, STATUS_NERGENS], status_aangeboden(regio)).astype(object)


def _zero_programmes(q: Query, provincie: str | None, basis: str, jaar: str, jaren: list[str]) -> pd.DataFrame:
    cat = _catalogue_counts(q, provincie, basis, sorted(set(jaren) | {jaar}))
    zero = cat[cat[jaar] == 0].copy()
    zero["status"] = _status(zero, provincie or TOTAAL_GEBIED)
    zero["_s"] = zero["status"].map({STATUS_NERGENS: 0, STATUS_BUSO: 1}).fillna(2)
    zero["_k"] = zero["naam"].map(fold)
    zero["_sk"] = zero["sector"].map(fold)
    # the catalogue counts no buso addresses: shown as an empty cell ([z]), not as 0
    zero["adressen"] = zero["aantal_adressen"].astype("float64").where(~zero["opleidingsvorm3"])
    return zero.sort_values(["_s", "_sk", "_k"], kind="stable").reset_index(drop=True)


def _v5b(c: _Ctx) -> QuestionTable:
    zero = _zero_programmes(c.q, c.prov, c.basis, c.laatste, c.recent)
    cols = {CODE: zero["code"], "Opleiding": zero["volledige_naam"], SECTOR: zero["sector"], GRAAD: zero["graad"],
            ONDERWIJSVORM: zero["onderwijsvorm"]}
    for j in c.recent:
        cols[f"Leerlingen {j} in {c.prov} (aantal)"] = zero[j].astype("int64")
    cols[ADRESSEN] = zero["adressen"]
    cols[STATUS] = zero["status"]
    frame = pd.DataFrame(cols).reset_index(drop=True)
    n_nergens = int((zero["status"] == STATUS_NERGENS).sum())
    n_buso = int((zero["status"] == STATUS_BUSO).sum())
    formaten = {k: "tekst" for k in (CODE, "Opleiding", SECTOR, GRAAD, ONDERWIJSVORM, STATUS)}
    formaten.update({k: "aantal" for k in frame.columns if k not in formaten})
    return QuestionTable(
        sleutel="V5b", vraag=5,
        titel=f"V5b. Duale opleidingen uit de catalogus zonder leerlingen in {c.regio} in {c.laatste} "
              f"({basis_zin(c.basis)})",
        toelichting=c.notes(
            f"Alle {len(catalogue())} duale opleidingen van de catalogus 'Onderwijsaanbod SO' 2026 zonder duale "
            f"leerlingen in {c.prov} in {c.laatste}: {len(zero)} opleidingen, waarvan {n_nergens} nergens "
            f"aangeboden (0 adressen in de catalogus) en {n_buso} buso-opleidingen (opleidingsvorm 3).",
            "Status 'nergens aangeboden': geen enkele school biedt de opleiding aan; 'aangeboden, maar geen "
            "leerlingen': de opleiding wordt aangeboden, maar telt geen leerlingen in de regio.",
            "De catalogus telt voor geen enkele buso-opleiding (opleidingsvorm 3) adressen; hun aanbod is daarom "
            "onbekend: [z] in de kolom adressen en een eigen status, niet 'nergens aangeboden'.",
            "Opleidingen gekoppeld op naam (hoofdletters, accenten en 'DL' = 'duaal' genegeerd); een naam die zowel in "
            "bso als in buso (opleidingsvorm 3) bestaat, wordt gesplitst op onderwijsvorm.",
        ),
        frame=frame, formaten=formaten,
        grafiek=ChartSpec("bar", "Opleiding", (ADRESSEN,),
                          titel=f"Duale opleidingen zonder leerlingen in {c.prov}, {c.laatste}: aanbod in 2026",
                          x_titel="Opleiding", y_titel="Adressen die de opleiding aanbieden (aantal)",
                          alt_tekst=f"Liggend staafdiagram met per duale opleiding zonder leerlingen in {c.regio} in "
                                    f"{c.laatste} het aantal adressen dat ze in 2026 aanbiedt."),
        tabelnaam=_table_name("V5b"),
        rijen="opleiding", onderwerp=ONDERWERP, gebied=c.regio, schooljaar=c.laatste, selectie="nul",
        noemer=f"{len(catalogue())} duale opleidingen in de catalogus 2026",
    )


_BUILDERS: dict[str, Callable[[_Ctx], QuestionTable]] = {
    "V1": _v1, "V2": _v2, "V2b": _v2b, "V3a": _v3a, "V3b": _v3b, "V4a": _v4a, "V4b": _v4b, "V5a": _v5a,
    "V5b": _v5b,
}


# --- public API ------------------------------------------------------------------------------


def table_key(vraag: int | str) -> str:
    """Canonical table key of a question reference: 3 → 'V3a', '2b' → 'V2b', 'v4B' → 'V4b'.

    Raises:
        LoepFout: unknown question or table, listing the valid values.
    """
    if isinstance(vraag, float) and vraag.is_integer():
        vraag = int(vraag)
    text = str(vraag).strip()
    key = text[1:] if text[:1] in "vV" else text
    key = _ALIASES.get(key, "V" + key[:1] + key[1:].lower())
    if key in _BUILDERS:
        return key
    geldig = ", ".join(["1", "2", "2b", "3", "3a", "3b", "4", "4a", "4b", "5", "5a", "5b"])
    hint = suggest(text, list(_ALIASES) + [k[1:] for k in TABLE_KEYS])
    raise LoepFout(f"Onbekende vraag of tabel '{vraag}' (argument 'vraag'). Geldige waarden: {geldig}.",
                   suggestie=hint)


def declare(ctx: _Ctx, table: QuestionTable) -> QuestionTable:
    """The table with its disclosure declaration (``addin.core.question_cells``)."""
    from addin.core.question_cells import declare as _declare
    return _declare(ctx, table)


def build_tables(query: Query, params: QuestionParams, keys=None) -> list[QuestionTable]:
    """The question tables for ``params``.

    Args:
        query: the Query of the loaded data.
        params: provincie, basis and period.
        keys: table keys to build ('V1', 'V2b', '3a' …) in the order wanted; None = all of TABLE_KEYS.

    Returns:
        The tables, in the order of ``keys``.

    Raises:
        LoepFout: an unknown key or parameters the data cannot answer.
    """
    wanted = list(TABLE_KEYS) if keys is None else [table_key(k) for k in keys]
    ctx = _Ctx(query, params)
    return [declare(ctx, _BUILDERS[k](ctx)) for k in wanted]


def question_table(query: Query, vraag: int | str, params: QuestionParams) -> QuestionTable:
    """One table: vraag 1 … 5 (3 → V3a, 4 → V4a, 5 → V5a) or '2b', '3a', '3b', '4a', '4b', '5a', '5b'."""
    ctx = _Ctx(query, params)
    return declare(ctx, _BUILDERS[table_key(vraag)](ctx))


def top(query: Query, provincie, schooljaar, n=5, niveau="sector", basis=None) -> pd.DataFrame:
    """The ``n`` sectors or programmes with the most dual pupils (``LOEP.TOP``).

    Args:
        provincie: region (empty = Vlaanderen en Brussel).
        schooljaar: the school year.
        n: how many (ties at the cut-off are kept).
        niveau: 'sector' or 'studierichting'.
        basis: province basis (default vestigingsplaats).

    Returns:
        DataFrame with Rang, Sector or Studierichting, 'Leerlingen (aantal)', 'Aandeel (%)' (fraction).
    """
    f = query.normalise_filters(provincie=provincie, schooljaar=schooljaar, basis=basis)
    if f["schooljaar"] is None:
        raise LoepFout("Argument 'schooljaar' ontbreekt: geef een schooljaar als '2024-2025', '2024-25' of 2024.")
    n = _positive_int(n, "n")
    level = fold(niveau or "sector")
    if level not in ("sector", "studierichting"):
        raise LoepFout(f"Onbekend niveau '{niveau}' (argument 'niveau'): verwacht 'sector' of 'studierichting'.",
                       suggestie=suggest(niveau, ["sector", "studierichting"]))
    t = query.table([level], provincie=f["provincie"], schooljaar=f["schooljaar"], basis=f["basis"], duaal="ja")
    t = t[(t["aantal"] > 0) & t[level].notna()].copy()
    t["_k"] = t[level].map(fold)
    t = t.sort_values(["aantal", "_k"], ascending=[False, True], kind="stable")
    if len(t) > n:
        t = t[t["aantal"] >= t["aantal"].iloc[n - 1]]
    total = query.count(provincie=f["provincie"], schooljaar=f["schooljaar"], basis=f["basis"], duaal="ja")
    label = SECTOR if level == "sector" else STUDIERICHTING
    return pd.DataFrame({
        RANG: _rank(t["aantal"]).to_numpy() if len(t) else np.array([], dtype="int64"),
        label: t[level].to_numpy(dtype=object),
        "Leerlingen (aantal)": t["aantal"].to_numpy(dtype="int64"),
        "Aandeel (%)": [_ratio(v, total) for v in t["aantal"]],
    })


def nul(query: Query, provincie, schooljaar, basis=None) -> pd.DataFrame:
    """Catalogue programmes with no dual pupils in the region in a school year (``LOEP.NUL``).

    Returns:
        DataFrame with Code, Opleiding, Sector, Graad, Onderwijsvorm, the 2026 addresses and the status
        ('nergens aangeboden' / buso: aanbod niet geteld / 'aangeboden, maar geen leerlingen in …').
    """
    f = query.normalise_filters(provincie=provincie, schooljaar=schooljaar, basis=basis)
    if f["schooljaar"] is None:
        raise LoepFout("Argument 'schooljaar' ontbreekt: geef een schooljaar als '2024-2025', '2024-25' of 2024.")
    prov = f["provincie"]
    zero = _zero_programmes(query, prov, f["basis"], f["schooljaar"], [f["schooljaar"]])
    return pd.DataFrame({CODE: zero["code"], "Opleiding": zero["volledige_naam"], SECTOR: zero["sector"],
                         GRAAD: zero["graad"], ONDERWIJSVORM: zero["onderwijsvorm"],
                         ADRESSEN: zero["adressen"], STATUS: zero["status"]})


def _positive_int(value, argument: str) -> int:
    if is_empty(value):
        return 5
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not number.is_integer() or number < 1:
        raise LoepFout(f"Ongeldige waarde '{value}' voor argument '{argument}': verwacht een geheel getal ≥ 1.")
    return int(number)
