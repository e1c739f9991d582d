"""Question parameters, the tables of a question file, and the few named builders.

A question's tables are declared in its file (``[[tabellen]]``, :mod:`addin.core.tablespec`) and
built by :mod:`addin.core.tablebuild`. This module holds what they share: the parameters
(:class:`QuestionParams`: province, basis, period), the context of one answer (:class:`_Ctx`), and the
*named builders*: tables no declaration can express. There is one: ``catalogus_zonder_leerlingen``
(V5b), which joins the catalogue of dual programmes to the pupils on programme name, splits the
bso/buso twins on onderwijsvorm and gives each programme a status from the catalogue's offer.

Every number is asked of :class:`addin.core.query.Query`, the same object behind the Excel cell
functions, so a figure in a cell and in the answer workbook can never disagree.

Definitions of the seed question (``duaal-leren-antwerpen.toml``):
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


def v2b_columns(provincie: str) -> tuple[str, str, str]:
    """(per 1.000, share, rank) column names of V2b for one region (the default headers of those measures)."""
    return (f"{provincie} per 1.000 (‰)",
            f"{provincie} aandeel (%)",
            f"{provincie} rang")


def _programmes(c: "_Ctx", jaar: str, provincie="__prov__") -> pd.DataFrame:
    """Dual pupils per programme (studierichting × sector × graad × onderwijsvorm) in one year (the
    disclosure declarations of V4a/V4b read the programmes behind the sectors).

    Made once per answer (:attr:`_Ctx.memo`: V4a and V4b read the same years several times); the frame is
    shared, so callers must not change it.
    """
    prov = c.prov if provincie == "__prov__" else provincie
    return c.cached(("programmes", jaar, prov), lambda: c.q.table(
        ["studierichting", "sector", "graad", "onderwijsvorm"], provincie=prov, basis=c.basis, duaal="ja",
        schooljaar=jaar))


def jaar_kolom(jaar: str) -> str:
    """Header of a per-year count column: '2024-2025 (aantal)'."""
    return f"{jaar} (aantal)"


# --- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionParams:
    """Parameters of a question: region, province basis and period.

    Args:
        provincie: a province or Brussels, as a user types it (normalised).
        basis: 'vestigingsplaats', 'hoofdzetel' or 'woonplaats' (normalised).
        van: first school year ('2016-2017', '2016-17', 2016).
        tot: last school year; None, '' or 'laatste' = the latest year in the data (filled by :meth:`resolve`).
        van_expliciet: ``van`` was given by the user (``--van``, a cell argument). A ``van`` from the
            question file or the default that lies before the first school year in the data is moved to
            that first year by :meth:`resolve` (and ``van_gevraagd`` keeps the original); an explicit one
            stays an error.
        van_gevraagd: set by :meth:`resolve` when it moved ``van``: the year the question asked for.

    Raises:
        LoepFout: unknown province or basis, unreadable school year, or ``van`` after ``tot``.
    """

    provincie: str = "Antwerpen"
    basis: str = DEFAULT_BASIS
    van: str = "2016-2017"
    tot: str | None = None
    van_expliciet: bool = False
    van_gevraagd: str | None = None

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
        if self.van not in jaren and not self.van_expliciet and self.van < jaren[0] and \
                (self.tot is None or self.tot >= jaren[0]):
            # the question's own start lies before the data: answer from the first year there is, and say so
            return replace(self, van=jaren[0], van_gevraagd=self.van_gevraagd or self.van).resolve(query)
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

    @property
    def van_melding(self) -> str | None:
        """Dutch sentence when :meth:`resolve` moved ``van`` to the first year in the data (else None)."""
        if not self.van_gevraagd:
            return None
        return (f"De vraag begint bij schooljaar {self.van_gevraagd}, maar de gegevens beginnen pas bij {self.van}: "
                f"de tabellen beginnen daarom bij {self.van}.")


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
        #: What several tables of this answer read alike (see :meth:`cached`). A context lives for one
        #: answer on one loaded dataset (one Query), so nothing in it can outlive the data it was read from.
        self.memo: dict = {}

    def cached(self, key, make):
        """``make()``, computed once per context for ``key``."""
        try:
            return self.memo[key]
        except KeyError:
            found = self.memo[key] = make()
            return found

    def placeholders(self, laatste: str | None = None, vorige: str | None = None) -> dict[str, str]:
        """Values of the placeholders of titles and texts ({provincie}, {regio}, {van}, …)."""
        laatste = laatste or self.laatste
        vorige = vorige if laatste != self.laatste else (vorige or self.vorige)
        return {"provincie": self.prov, "regio": self.regio, "basis": self.basis, "volgens_basis": basis_zin(self.basis),
                "van": self.p.van, "tot": self.p.tot, "laatste": laatste, "vorige": vorige or "",
                "periode": f"{self.p.van} tot {self.p.tot}"}

    def duaal(self, provincie="__prov__", **filters) -> int:
        prov = self.prov if provincie == "__prov__" else provincie
        return self.q.count(provincie=prov, basis=self.basis, duaal="ja", **filters)

    def alle(self, provincie="__prov__", **filters) -> int:
        prov = self.prov if provincie == "__prov__" else provincie
        return self.q.count(provincie=prov, basis=self.basis, **filters)

    def source_notes(self, dual: bool = True) -> list[str]:
        """The statements every table starts with: source, synthetic data, basis, a moved first year and, for a
        table of dual pupils, who they are."""
        info = self.q.info
        lines = [f"Bron: {info.bron}; telling op {info.peildatum}; dataversie {info.dataversie}."]
        if info.synthetisch:
            lines.append("LET OP: synthetische demonstratiedata — geen officiële cijfers.")
        lines.append(f"Provincie {basis_zin(self.basis)}.")
        if self.p.van_melding:
            lines.append(self.p.van_melding)
        if dual:
            lines.append("Duale leerlingen: leerlingen in een duale opleiding (administratieve groep DBSO of SYN, of "
                         "een studierichting met 'duaal' in de naam), in bso, tso, buso en Syntra.")
        return lines

    def notes(self, *extra: str) -> tuple[str, ...]:
        return (*self.source_notes(), *extra)


def _ratio(deel: float, geheel: float) -> float:
    return deel / geheel if geheel else math.nan


def _rank(values: pd.Series) -> pd.Series:
    """1 = largest; equal values share the best rank."""
    return values.rank(method="min", ascending=False).astype("int64")


def _table_name(key: str) -> str:
    return f"Tabel_{key}"


# --- V5 --------------------------------------------------------------------------------------


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


def catalogus_zonder_leerlingen(c: _Ctx, titel: str | None = None, noten: tuple[str, ...] = ()) -> QuestionTable:
    """Named builder (V5b): the catalogue's dual programmes without pupils in the region in the last year.

    No declaration expresses it: it joins the catalogue to the pupils on programme name (bso/buso twins
    split on onderwijsvorm) and derives a status from the catalogue's offer (addresses).
    """
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
        titel=titel or f"V5b. Duale opleidingen uit de catalogus zonder leerlingen in {c.regio} in {c.laatste} "
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
            *noten,
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


#: The seed question's file: its tables V1 … V5b have disclosure declarations (addin.core.question_cells).
SEED_FILE = "duaal-leren-antwerpen.toml"

#: Named builders by the name a ``[[tabellen]]`` block gives in ``bouwer`` (see tablespec.BUILDERS).
BUILDERS: dict[str, Callable[..., QuestionTable]] = {"catalogus_zonder_leerlingen": catalogus_zonder_leerlingen}


# --- public API ------------------------------------------------------------------------------


def table_key(vraag: int | str) -> str:
    """Canonical key of a seed-question table: 3 → 'V3a', '2b' → 'V2b', 'v4B' → 'V4b'.

    Raises:
        LoepFout: unknown question or table, listing the valid values.
    """
    if isinstance(vraag, float) and vraag.is_integer():
        vraag = int(vraag)
    text = str(vraag).strip()
    key = text[1:] if text[:1] in "vV" else text
    key = _ALIASES.get(key, "V" + key[:1] + key[1:].lower())
    if key in TABLE_KEYS:
        return key
    geldig = ", ".join(["1", "2", "2b", "3", "3a", "3b", "4", "4a", "4b", "5", "5a", "5b"])
    hint = suggest(text, list(_ALIASES) + [k[1:] for k in TABLE_KEYS])
    raise LoepFout(f"Onbekende vraag of tabel '{vraag}' (argument 'vraag'). Geldige waarden: {geldig}.",
                   suggestie=hint)


def declare(ctx: _Ctx, table: QuestionTable) -> QuestionTable:
    """The table with its disclosure declaration (``addin.core.question_cells``)."""
    from addin.core.question_cells import declare as _declare
    return _declare(ctx, table)


def build_one(query: Query, ctx: "_Ctx", spec, vraag: int = 0) -> QuestionTable:
    """One table of a question file: its declaration built, or its named builder run."""
    from dataclasses import replace as _replace

    from addin.core.tablebuild import TableError, build_table

    if spec.bouwer:
        from addin.core.tablespec import fill

        places = ctx.placeholders()
        table = BUILDERS[spec.bouwer](ctx, fill(spec.titel, places), tuple(fill(n, places) for n in spec.noten))
        return _replace(table, sleutel=spec.naam, vraag=vraag, tabelnaam=f"Tabel_{spec.naam.replace('-', '_')}")
    try:
        return build_table(spec, ctx, query, vraag)
    except TableError:
        raise
    except LoepFout as exc:  # a value the data does not know: name the file and table
        raise LoepFout(f"{spec.bestand}, tabel '{spec.naam}': {exc.boodschap}", exc.suggestie) from None


def _is_seed_table(decl) -> bool:
    """The declaration is one of the seed question's V1 … V5b (also when a copied file carries it unchanged)."""
    from dataclasses import replace as _replace

    from addin.core.questionspec import load_spec

    if decl.bestand == SEED_FILE:
        return True
    seed = {t.naam: t for t in load_spec(None).tabellen}
    own = seed.get(decl.naam)
    return own is not None and _replace(own, bestand="") == _replace(decl, bestand="")


def build_question_tables(query: Query, spec, keys=None) -> list[QuestionTable]:
    """The tables of a question file (:class:`addin.core.questionspec.QuestionSpec`) for its parameters.

    Args:
        query: the Query of the loaded data.
        spec: the question (its ``params`` are used; ``tot`` None = latest year).
        keys: table names in the order wanted; None = every table its questions refer to.

    Raises:
        LoepFout: unknown table, or parameters/declarations the data cannot answer.
    """
    ctx = _Ctx(query, spec.params)
    names = list(spec.table_keys) if keys is None else [spec.table(k).naam for k in keys]
    out = []
    for k in names:
        decl = spec.table(k)
        table = build_one(query, ctx, decl, spec.question_of(k))
        # the disclosure declarations of addin.core.question_cells belong to the seed question's tables;
        # any other table is read conservatively from its measures (publication.infer_tellingen)
        out.append(declare(ctx, table) if _is_seed_table(decl) else table)
    return out


def build_tables(query: Query, params: QuestionParams, keys=None) -> list[QuestionTable]:
    """The seed question's tables (V1 … V5b) for ``params``.

    Args:
        query: the Query of the loaded data.
        params: provincie, basis and period.
        keys: table keys to build ('V1', 'V2b', '3a' …) in the order wanted; None = all of TABLE_KEYS.

    Returns:
        The tables, in the order of ``keys``.

    Raises:
        LoepFout: an unknown key or parameters the data cannot answer.
    """
    from addin.core.questionspec import load_spec

    wanted = list(TABLE_KEYS) if keys is None else [table_key(k) for k in keys]
    spec = load_spec(None)
    spec = _replace_params(spec, params)
    return build_question_tables(query, spec, wanted)


def _replace_params(spec, params: QuestionParams):
    from dataclasses import replace as _replace

    return _replace(spec, params=params)


def question_table(query: Query, vraag: int | str, params: QuestionParams) -> QuestionTable:
    """One table: vraag 1 … 5 (3 → V3a, 4 → V4a, 5 → V5a) or '2b', '3a', '3b', '4a', '4b', '5a', '5b'."""
    return build_tables(query, params, [vraag])[0]


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
