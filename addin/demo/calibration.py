"""Targets of the synthetic demonstration dataset.

Two kinds of figure, both documented in ``docs/demodata.md``:

* real totals read from ``addin/reference/leerlingen-aggregaten-2016-2025.csv`` (secondary
  pupils per province of the vestigingsplaats, BuSO and dbso totals, the BuSO opleidingsvorm
  split, the onderwijsvorm split of 2016-2017, the finaliteit split of 2025-2026, the
  2nd/3rd-graad shares of dual pupils) and from
  ``addin/reference/leerlingen-aggregaten-kenmerken-2016-2025.csv`` (secondary pupils per soort
  inrichtende macht, OKAN, 7th year, 1st year A and B, BuSO per type, secondary and BuSO per
  regiotype, number of instellingen and vestigingsplaatsen, share of non-Belgian pupils, boys'
  share 2025-2026);
* published figures on dual learning (the constants of ``kalibratie.md``): the exact ones are
  reproduced exactly, for the "about" ones Loep chose a round target that it also hits exactly
  (the requirement is 5 %).

The generator (:mod:`addin.demo.generator`) builds its data from :func:`targets`, and the tests
check the generated rows against the same object, summed by plain pandas over the raw rows.

Definitions used throughout:

* *dual pupil*: administratieve_groep ends in 'DBSO' or 'SYN', or the studierichting contains
  'duaal' (or ends in ' DL'). Dual pupils occur in bso/tso (hoofdstructuur 311), BuSO (321)
  and Syntra; dbso (312) pupils are never dual in the demo data.
* *province*: the province of the vestigingsplaats (``vestiging_provincie_naam``).
* *secundair*: hoofdstructuur code 311, **Syntra included** (in the real files the Syntra rows sit
  inside code 311, label 'Syntra', administrative groups ending in SYN; the 'niveau' series and
  every 311 series of the reference count them).
* *regiotype*: ``addin.core.regiotype`` (Brussel / the 13 centrumsteden / rest van Vlaanderen, by
  the municipality of the vestigingsplaats).
* *7th year*: leerjaar '3e leerjaar (7e lj)' / 'Se-n-Se (7e lj)' of the 3rd graad; the series
  ``duaal_per_graad_afgeleid`` excludes it, and so does :attr:`Targets.graad2_aandeel`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

import pandas as pd

from addin.core.catalogue import catalogue, name_key
from addin.core.labels import PROVINCIES

SCHOOLJAREN: tuple[str, ...] = tuple(f"{y}-{y + 1}" for y in range(2016, 2026))
AGGREGATEN = "leerlingen-aggregaten-2016-2025.csv"
KENMERKEN = "leerlingen-aggregaten-kenmerken-2016-2025.csv"
#: Soort inrichtende macht as the reference groups it (the file values Provincie and VGC together).
IM_GROEPEN: dict[str, tuple[str, ...]] = {
    "Gemeenschapsonderwijs": ("Gemeenschapsonderwijs",), "Gemeente": ("Gemeente",),
    "Provincie/VGC": ("Provincie", "VGC"), "Vrij": ("Vrij",),
}
#: Tolerance (percentage points) of the shares of the kenmerken file (non-Belgian pupils, boys).
TOLERANTIE_AANDEEL = 0.1

#: Dual pupils in Flanders + Brussels (bso + tso + buso + Syntra): published exact figures …
DUAAL_GEPUBLICEERD: dict[str, int] = {
    "2016-2017": 126, "2019-2020": 1765, "2020-2021": 1719, "2021-2022": 2338, "2022-2023": 2814,
}
#: … and Loep's round choice for the years with an "about" figure (kalibratie.md).
DUAAL_ONGEVEER: dict[str, int] = {
    "2017-2018": 450, "2018-2019": 1050, "2023-2024": 4000, "2024-2025": 5100, "2025-2026": 5600,
}
#: Tolerance of the "about" figures (relative).
TOLERANTIE_ONGEVEER = 0.05

#: Dual pupils at Syntra. Published: 1 480 in 2024-2025 (+22 % on the year before); the other
#: years are Loep's plausible path (none in the pilot years, growth after the reform of leertijd).
DUAAL_SYNTRA: dict[str, int] = {
    "2016-2017": 0, "2017-2018": 0, "2018-2019": 0, "2019-2020": 150, "2020-2021": 320,
    "2021-2022": 520, "2022-2023": 800, "2023-2024": 1213, "2024-2025": 1480, "2025-2026": 1620,
}
#: Dual pupils in BuSO (opleidingsvorm 3): about one tenth of all dual pupils from 2018-2019 on.
DUAAL_BUSO: dict[str, int] = {
    "2016-2017": 0, "2017-2018": 20, "2018-2019": 105, "2019-2020": 177, "2020-2021": 172,
    "2021-2022": 234, "2022-2023": 281, "2023-2024": 400, "2024-2025": 510, "2025-2026": 560,
}
#: Dual pupils per province of the vestigingsplaats (provincial council answer).
DUAAL_PROVINCIE: dict[tuple[str, str], int] = {
    ("2021-2022", "West-Vlaanderen"): 357,
    ("2022-2023", "West-Vlaanderen"): 375,
}
#: Published growth of dual pupils in a province on the year before (factor): West-Vlaanderen
#: "koploper" with +16 % in 2024-2025 (gepubliceerde-cijfers-duaal.csv). The demo hits it to the
#: rounding of one pupil.
DUAAL_PROVINCIE_GROEI: dict[tuple[str, str], float] = {
    ("2024-2025", "West-Vlaanderen"): 1.16,
}
#: Most popular dual programmes of 2018-2019 (311, Flanders + Brussels), as named in the data.
POPULAIR_2018: dict[str, int] = {
    "Haarverzorging duaal": 113,
    "Elektrische installaties duaal": 105,
    "Verzorgende/Zorgkundige duaal": 93,
    "Kinderbegeleider duaal": 72,
    "Onderhoudsmechanica auto duaal": 61,
}
#: Most popular dual BuSO programmes of 2018-2019.
BUSO_POPULAIR_2018: dict[str, int] = {
    "Medewerker groen- en tuinbeheer duaal": 32,
    "Medewerker fastfood duaal": 27,
}
#: Schools (instellingen of hoofdstructuur 311) with dual pupils, published: 83 schools in the
#: pilot of 2017-2018 (22 in the province of Antwerpen), 186 secondary schools in 2019-2020. The
#: demo stays within ``TOLERANTIE_SCHOLEN`` of these.
DUAAL_SCHOLEN: dict[str, int] = {"2017-2018": 83, "2019-2020": 186}
TOLERANTIE_SCHOLEN = 0.15
#: Share of the 3rd graad dual offers (school x programme, 311, excl. 7th year) with fewer than
#: 10 pupils in 2025-2026 (kalibratie.md: "about 74 %").
AANDEEL_KLEIN_AANBOD_2025 = 0.74


@dataclass(frozen=True)
class Targets:
    """Every figure the demonstration data reproduces (read-only mappings).

    Attributes:
        schooljaren: the ten school years, '2016-2017' … '2025-2026'.
        secundair_provincie: [schooljaar][provincie] -> 311 pupils (vestigingsplaats), exact.
        secundair: [schooljaar] -> 311 pupils in Flanders + Brussels (sum of the provinces).
        buso, dbso: [schooljaar] -> pupils of hoofdstructuur 321 / 312, exact.
        buso_opleidingsvorm: [schooljaar][opleidingsvorm label] -> BuSO pupils, exact.
        onderwijsvorm_2016: raw onderwijsvorm label -> 311 pupils in 2016-2017, exact.
        finaliteit_2025: raw finaliteit label -> 311 pupils in 2025-2026, exact.
        duaal: [schooljaar] -> dual pupils (bso + tso + buso + Syntra); exact for the years in
            ``duaal_exact``, within ``duaal_tolerantie`` for the others (the demo hits them exactly).
        duaal_exact: school years with a published exact dual figure.
        duaal_tolerantie: relative tolerance of the other years.
        duaal_syntra, duaal_buso: [schooljaar] -> dual pupils at Syntra / in BuSO, exact.
        duaal_provincie: (schooljaar, provincie) -> dual pupils (all forms), exact.
        duaal_provincie_groei: (schooljaar, provincie) -> growth factor of the dual pupils on
            the year before (published), met to the rounding of one pupil.
        graad2_aandeel: [schooljaar] -> share of the 2nd graad among 311 dual pupils of the
            2nd and 3rd graad (7th year excluded), from ``duaal_per_graad_afgeleid``.
        populair_2018, buso_populair_2018: programme name -> dual pupils in 2018-2019, exact,
            and the most popular of their kind.
        duaal_scholen: [schooljaar] -> published number of 311 schools (instellingsnummers) with
            dual pupils, met within ``scholen_tolerantie``.
        scholen_tolerantie: relative tolerance of ``duaal_scholen``.
        nul_adressen: names of catalogue programmes offered nowhere (every catalogue entry with
            that name has aantalAdressen 0): no pupils in 2025-2026.
        klein_aanbod_2025: target share of 3rd graad dual offers under 10 pupils in 2025-2026.
        secundair_im: [schooljaar][IM_GROEPEN key] -> 311 pupils per soort inrichtende macht, exact.
        okan, zevende, eerste_a, eerste_b: [schooljaar] -> 311 pupils in OKAN, the 7th year, the 1st
            year A and B, exact.
        buso_type: [schooljaar][type] -> BuSO pupils per type ('Type 1' … 'Type BA'), exact.
        secundair_regiotype, buso_regiotype: [schooljaar][regiotype] -> pupils of 311 / 321, exact.
        instellingen, vestigingsplaatsen: [schooljaar] -> number of instellingen / vestigingsplaatsen
            (instellingsnummer + intern_volgnr_vpl) with 311 pupils, exact.
        niet_belg: [niveau][schooljaar] -> percentage of non-Belgian pupils ('secundair', 'buso'),
            within ``aandeel_tolerantie`` points.
        jongens_2025: [niveau] -> percentage of boys in 2025-2026, within ``aandeel_tolerantie``.
        aandeel_tolerantie: tolerance of the shares, in percentage points.
    """

    schooljaren: tuple[str, ...]
    secundair_provincie: MappingProxyType
    secundair: MappingProxyType
    buso: MappingProxyType
    dbso: MappingProxyType
    buso_opleidingsvorm: MappingProxyType
    onderwijsvorm_2016: MappingProxyType
    finaliteit_2025: MappingProxyType
    duaal: MappingProxyType
    duaal_exact: frozenset
    duaal_tolerantie: float
    duaal_syntra: MappingProxyType
    duaal_buso: MappingProxyType
    duaal_provincie: MappingProxyType
    duaal_provincie_groei: MappingProxyType
    graad2_aandeel: MappingProxyType
    populair_2018: MappingProxyType
    buso_populair_2018: MappingProxyType
    duaal_scholen: MappingProxyType
    scholen_tolerantie: float
    nul_adressen: frozenset
    klein_aanbod_2025: float
    secundair_im: MappingProxyType
    okan: MappingProxyType
    zevende: MappingProxyType
    eerste_a: MappingProxyType
    eerste_b: MappingProxyType
    buso_type: MappingProxyType
    secundair_regiotype: MappingProxyType
    buso_regiotype: MappingProxyType
    instellingen: MappingProxyType
    vestigingsplaatsen: MappingProxyType
    niet_belg: MappingProxyType
    jongens_2025: MappingProxyType
    aandeel_tolerantie: float

    def duaal_311(self, schooljaar: str) -> int:
        """Dual pupils in bso/tso of hoofdstructuur 311 (all dual minus BuSO and Syntra)."""
        return self.duaal[schooljaar] - self.duaal_buso[schooljaar] - self.duaal_syntra[schooljaar]


def read_aggregates() -> pd.DataFrame:
    """The reference aggregates (long format) shipped in ``addin/reference``.

    Returns:
        DataFrame with columns reeks, schooljaar, hoofdstructuur_code, niveau, provincie, graad,
        categorie (all str) and aantal (int64).
    """
    with resources.files("addin.reference").joinpath(AGGREGATEN).open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    frame["aantal"] = frame["aantal"].astype("int64")
    return frame


def read_kenmerken() -> pd.DataFrame:
    """The reference aggregates of the other characteristics (long format) in ``addin/reference``.

    Returns:
        DataFrame with columns reeks, schooljaar, niveau, categorie, eenheid (str) and waarde (float).
    """
    with resources.files("addin.reference").joinpath(KENMERKEN).open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    frame["waarde"] = frame["waarde"].astype("float64")
    return frame


def _kenmerk(frame: pd.DataFrame, reeks: str, niveau: str) -> dict[str, dict[str, float]]:
    sel = frame[(frame["reeks"] == reeks) & (frame["niveau"] == niveau)]
    out: dict[str, dict[str, float]] = {j: {} for j in SCHOOLJAREN}
    for jaar, cat, v in sel[["schooljaar", "categorie", "waarde"]].itertuples(index=False):
        out[jaar][cat] = v
    return out


def _counts(d: dict[str, dict[str, float]]) -> dict[str, dict[str, int]]:
    return {j: {c: int(round(v)) for c, v in per.items()} for j, per in d.items()}


def _single(d: dict[str, dict[str, float]], as_int: bool = True) -> dict:
    out = {}
    for j, per in d.items():
        if per:
            (v,) = per.values()
            out[j] = int(round(v)) if as_int else float(v)
    return out


def _freeze(d: dict) -> MappingProxyType:
    return MappingProxyType({k: (_freeze(v) if isinstance(v, dict) else v) for k, v in d.items()})


@lru_cache(maxsize=1)
def targets() -> Targets:
    """All calibration targets (see :class:`Targets`); read once, cached."""
    agg = read_aggregates()

    def series(name: str) -> pd.DataFrame:
        return agg[agg["reeks"] == name]

    prov = series("secundair_per_provincie_vestigingsplaats")
    secundair_provincie = {
        j: {p: int(prov[(prov["schooljaar"] == j) & (prov["provincie"] == p)]["aantal"].sum()) for p in PROVINCIES}
        for j in SCHOOLJAREN
    }
    niveau = series("niveau")
    buso = {j: int(niveau[(niveau["schooljaar"] == j) & (niveau["hoofdstructuur_code"] == "321")]["aantal"].sum())
            for j in SCHOOLJAREN}
    dbso = {j: int(niveau[(niveau["schooljaar"] == j) & (niveau["hoofdstructuur_code"] == "312")]["aantal"].sum())
            for j in SCHOOLJAREN}
    ov = series("buso_opleidingsvorm")
    buso_ov = {j: {c: int(a) for c, a in ov[ov["schooljaar"] == j][["categorie", "aantal"]].itertuples(index=False)}
               for j in SCHOOLJAREN}
    vorm = series("onderwijsvorm")
    fin = series("finaliteit")
    graad = series("duaal_per_graad_afgeleid")
    aandeel = {}
    for j in SCHOOLJAREN:
        g = graad[graad["schooljaar"] == j].set_index("graad")["aantal"]
        aandeel[j] = float(g.get("2e graad", 0) / (g.get("2e graad", 0) + g.get("3e graad", 0)))
    cat = catalogue()
    by_name = cat.groupby(cat["naam"].map(name_key))["aantal_adressen"].max()
    nul = frozenset(n for n, k in zip(cat["naam"], cat["naam"].map(name_key)) if by_name[k] == 0)
    duaal = {**DUAAL_GEPUBLICEERD, **DUAAL_ONGEVEER}
    km = read_kenmerken()
    eerste = _kenmerk(km, "eerste_leerjaar", "secundair")
    return Targets(
        schooljaren=SCHOOLJAREN,
        secundair_provincie=_freeze(secundair_provincie),
        secundair=_freeze({j: sum(v.values()) for j, v in secundair_provincie.items()}),
        buso=_freeze(buso),
        dbso=_freeze(dbso),
        buso_opleidingsvorm=_freeze(buso_ov),
        onderwijsvorm_2016=_freeze({c: int(a) for c, a in vorm[vorm["schooljaar"] == "2016-2017"][
            ["categorie", "aantal"]].itertuples(index=False)}),
        finaliteit_2025=_freeze({c: int(a) for c, a in fin[fin["schooljaar"] == "2025-2026"][
            ["categorie", "aantal"]].itertuples(index=False)}),
        duaal=_freeze({j: duaal[j] for j in SCHOOLJAREN}),
        duaal_exact=frozenset(DUAAL_GEPUBLICEERD),
        duaal_tolerantie=TOLERANTIE_ONGEVEER,
        duaal_syntra=_freeze(dict(DUAAL_SYNTRA)),
        duaal_buso=_freeze(dict(DUAAL_BUSO)),
        duaal_provincie=_freeze(dict(DUAAL_PROVINCIE)),
        duaal_provincie_groei=_freeze(dict(DUAAL_PROVINCIE_GROEI)),
        graad2_aandeel=_freeze(aandeel),
        populair_2018=_freeze(dict(POPULAIR_2018)),
        buso_populair_2018=_freeze(dict(BUSO_POPULAIR_2018)),
        duaal_scholen=_freeze(dict(DUAAL_SCHOLEN)),
        scholen_tolerantie=TOLERANTIE_SCHOLEN,
        nul_adressen=nul,
        klein_aanbod_2025=AANDEEL_KLEIN_AANBOD_2025,
        secundair_im=_freeze(_counts(_kenmerk(km, "per_soort_inrichtende_macht", "secundair"))),
        okan=_freeze(_single(_kenmerk(km, "okan", "secundair"))),
        zevende=_freeze(_single(_kenmerk(km, "zevende_leerjaar", "secundair"))),
        eerste_a=_freeze({j: int(round(v["1e leerjaar A"])) for j, v in eerste.items()}),
        eerste_b=_freeze({j: int(round(v["1e leerjaar B"])) for j, v in eerste.items()}),
        buso_type=_freeze(_counts(_kenmerk(km, "buso_per_type", "buso"))),
        secundair_regiotype=_freeze(_counts(_kenmerk(km, "per_regiotype_vestigingsplaats", "secundair"))),
        buso_regiotype=_freeze(_counts(_kenmerk(km, "per_regiotype_vestigingsplaats", "buso"))),
        instellingen=_freeze(_single(_kenmerk(km, "aantal_instellingen", "secundair"))),
        vestigingsplaatsen=_freeze(_single(_kenmerk(km, "aantal_vestigingsplaatsen", "secundair"))),
        niet_belg=_freeze({n: _single(_kenmerk(km, "aandeel_niet_belg", n), as_int=False)
                           for n in ("secundair", "buso")}),
        jongens_2025=_freeze({n: _single(_kenmerk(km, "aandeel_jongens", n), as_int=False)["2025-2026"]
                              for n in ("secundair", "buso")}),
        aandeel_tolerantie=TOLERANTIE_AANDEEL,
    )
