"""Synthetic demonstration data in the layout of the official open-data files.

Real enrolment microdata cannot be shipped, so Loep carries a deterministic generator
(fixed seed) that writes one row-level CSV per school year 2016-2017 … 2025-2026, named and
laid out like the department's files (``inschrijvingen-leerplicht-instellingen-dataset-
YYYY-YYYY-1feb.csv``: the columns of :data:`addin.core.schema.OFFICIAL_COLUMNS` in that order,
plus the documented optional columns ``hoofdzetel_provincie_naam`` and
``woonplaats_provincie_naam``, and ``synthetisch`` = 'ja' on every row). The data are **synthetic**
("synthetische demonstratiedata — geen officiële cijfers"); :func:`build_demo` imports them with
``synthetic=True`` so every output says so, and a plain ``loep importeer`` of the files is marked
synthetic too (by the ``synthetisch`` column). :data:`GENERATOR_VERSIE` is stored with a demo store;
:func:`addin.demo.ensure` (called by the front ends before they load) rebuilds a demo store of
another generator version.

The figures are calibrated to :func:`addin.demo.calibration.targets`: real totals are
reproduced exactly, published dual-learning figures exactly, and the "about" figures are hit
exactly at a round value. How: every total is allocated with integer methods (largest
remainder; two-way tables by iterative proportional fitting plus an exact integer fix-up), top
down: year -> province x form -> province x programme -> school x programme -> pupils. The
pupils of each school x programme cell are then given a leerjaar, geslacht, nationality,
province of residence and administrative group at random, and counted back into rows. The
pupil totals therefore never depend on the random draws, only the spread of rows does.

See ``docs/demodata.md`` for the model, its parameters and the achieved figures.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from addin.core import atomic, settings, store
from addin.core.catalogue import DOMEINEN, catalogue, name_key, old_programmes
from addin.core.errors import LoepFout
from addin.core.labels import BRUSSEL, HS_BUSO, HS_DBSO, HS_GEWOON, HS_SYNTRA, PROVINCIES
from addin.core.regiotype import CENTRUMSTEDEN, REGIOTYPES, regiotype
from addin.core.schema import OFFICIAL_COLUMNS, SYNTHETIC_COLUMN
from addin.demo.allocation import allocate_2d, capped_allocation, largest_remainder, split_min_one
from addin.demo.calibration import IM_GROEPEN, targets
from addin.demo.names import (
    BUSO_DUAAL,
    BUSO_OUD_SECTOR,
    BUSO_OV,
    BUSO_RICHTINGEN,
    BUSO_TYPE_W,
    BUSO_TYPES,
    BESTUUR,
    CENTRUMSTAD_KANS,
    DBSO_RICHTINGEN,
    G1_NIEUW,
    G1_OUD,
    G1_OUD_SECTOR,
    GEMEENTEN,
    N_SEG,
    NIEUW_2E_GRAAD,
    NIEUW_3E_GRAAD,
    NVT,
    OUD_2E_GRAAD,
    OUD_3E_GRAAD,
    OV3,
    PILOOT_2E_GRAAD,
    SEGMENTEN,
    STRATEN,
    SYNTRA_BESTUUR,
    SYNTRA_DUAAL,
    VRIJE_STAMMEN,
    female_share,
    parse_names,
)
from addin.demo.regions import drift, dual_per_province, seed_for

_ST = DOMEINEN[2]

Progress = Callable[[str, float], None]

DEFAULT_SEED = 20260201
FILE_PATTERN = "inschrijvingen-leerplicht-instellingen-dataset-{jaar}-1feb.csv"
EXTRA_COLUMNS: tuple[str, ...] = ("hoofdzetel_provincie_naam", "woonplaats_provincie_naam", SYNTHETIC_COLUMN)
#: Version of the generator, stored with a demo store (``store`` metadata ``loep_generator``). Raise it
#: whenever the generated figures change: ``addin.demo.ensure`` then rebuilds an older demo store by itself.
GENERATOR_VERSIE = "2026.12-1"
COLUMNS: tuple[str, ...] = OFFICIAL_COLUMNS + EXTRA_COLUMNS
#: Name of the temporary sub-folder of the data folder that receives the generated files during build_demo.
BRON_MAP = "demo-bronbestanden"
N_YEARS = 10

_P = {p: i for i, p in enumerate(PROVINCIES)}  # Antwerpen, Limburg, Oost-Vl., Vlaams-Br., West-Vl., Brussel
_WV, _BXL, _VB = _P["West-Vlaanderen"], _P[BRUSSEL], _P["Vlaams-Brabant"]

# Modernisation: first school year (offset from 2016-2017) in which a graad carries the new
# programmes, domains and finaliteit.
MODERN_FROM = {1: 3, 2: 5, 3: 7}  # 1e graad 2019-2020, 2e graad 2021-2022, 3e graad (+7th year) 2023-2024

#: Neighbouring provinces (for campuses across a border).
BUREN = {0: (1, 2, 3), 1: (0, 3), 2: (4, 0, 3), 3: (5, 0, 1, 2), 4: (2,), 5: (3,)}

#: Province of residence given the province of the vestigingsplaats (rows: school, columns:
#: residence; order of PROVINCIES). Strongest between Vlaams-Brabant and Brussels, then along
#: the borders; about 9 % of pupils live outside the province of their school.
WOONPLAATS = np.array([
    #  A      L      OV     VB     WV     BXL
    [0.930, 0.025, 0.025, 0.018, 0.000, 0.002],  # Antwerpen
    [0.035, 0.950, 0.000, 0.015, 0.000, 0.000],  # Limburg
    [0.020, 0.000, 0.910, 0.030, 0.038, 0.002],  # Oost-Vlaanderen
    [0.030, 0.012, 0.030, 0.848, 0.000, 0.080],  # Vlaams-Brabant
    [0.000, 0.000, 0.050, 0.000, 0.950, 0.000],  # West-Vlaanderen
    [0.010, 0.000, 0.020, 0.400, 0.000, 0.570],  # Brussel
])
#: Share of pupils without Belgian nationality per province of the vestigingsplaats.
NIET_BELG = np.array([0.11, 0.07, 0.07, 0.08, 0.04, 0.28])

#: Share of 7th-year pupils among the 311 dual pupils, per year.
AANDEEL_7E = (0.25, 0.25, 0.25, 0.24, 0.24, 0.23, 0.22, 0.20, 0.19, 0.19)
#: Share of the pre-modernisation dual programmes already offered, per year (pilot: 7 programmes).
AANDEEL_ACTIEF_OUD = (0.045, 0.14, 0.45, 0.62, 0.72, 0.82, 0.88)
#: Syntra's share of the dual pupils per province relative to the Flemish share (order of
#: PROVINCIES): more in Limburg and West-Vlaanderen, few in Brussels; times a regional drift.
SYNTRA_PROVINCIE = np.array([1.0, 1.1, 1.0, 1.0, 1.15, 0.5])
#: Regional drift (sd of the fixed log-profile, sd of a year's step) of the province x table
#: priors: dual form (Syntra/BuSO/311), dual programme popularity, 311 segments, BuSO
#: opleidingsvorm, BuSO and dbso per province, non-dual programme popularity (regions.drift).
DRIFT = {"duaal-vorm": (0.15, 0.08), "duaal-richting": (0.5, 0.12), "segment": (0.05, 0.02),
         "buso-provincie": (0.0, 0.025), "buso-ov": (0.12, 0.03), "dbso-provincie": (0.0, 0.04),
         "richting": (0.0, 0.06), "buso-regio": (0.1, 0.03)}
#: Dual offers (school x programme with pupils) per catalogue address in the latest year: the
#: demo has fewer dual pupils per programme than the catalogue's offer suggests, so fewer offers
#: keep the share of offers under 10 pupils near the 74 % of kalibratie.md.
AANBOD_PER_ADRES = 0.36
#: Spread (sd of the log-propensity) of schools' inclination to offer dual programmes: the larger,
#: the more a few schools carry many dual programmes (2019-2020: about 190 schools, published).
DUAAL_CONCENTRATIE = 2.0
#: Programmes tied to the coast or the waterways.
_KUST = ("zeevisserij", "matroos", "binnenvaart", "binnenscheepvaart")

# 311 segment shares: exact 2016-2017 (onderwijsvorm series) and 2025-2026 (finaliteit series),
# with the sub-splits Loep chose (documented in docs/demodata.md).
#: 2016-2017: kso 45 % doorstroom; tso 4 200 Se-n-Se (7th year) and 25 % doorstroom of the rest; the
#: 7th year of bso is the 7th-year target minus the Se-n-Se pupils.
_SPLIT_2016 = {"kso": (5, 0.45, 7), "tso": (10, 4200, 4, 0.25, 6), "bso": (9, 8)}
_SPLIT_2025 = {"Doorstroomfinaliteit": ((3, 0.80), (4, 0.17), (5, 0.03)),
               "Dubbele finaliteit": ((6, 0.95), (7, 0.05)), "n.v.t. (7e leerjaar)": ((9, 0.74), (10, 0.26))}
#: Province affinity per segment (multiplies the province's share of the 311 total).
_SEG_AFFINITEIT = np.ones((6, N_SEG))
_SEG_AFFINITEIT[_BXL, [1, 3, 8]] = (3.0, 1.2, 0.8)
_SEG_AFFINITEIT[0, 1] = 1.4
_SEG_AFFINITEIT[1, [3, 8]] = (0.9, 1.1)
_SEG_AFFINITEIT[4, [3, 8]] = (0.95, 1.1)
_SEG_AFFINITEIT[_VB, [3, 4, 8]] = (1.08, 1.04, 0.9)
_SEG_AFFINITEIT[2, [3, 6]] = (1.03, 0.97)

# ---------------------------------------------------------------------------------------------
# Programme registry


@dataclass
class _Programmes:
    """All programmes (rows of the programme table), as parallel lists."""

    hs: list  # 0 = 311, 1 = 312, 2 = 321, 3 = Syntra
    graad: list
    vorm: list
    fin: list
    domein: list
    naam: list
    opl: list
    lj_labels: list  # tuple of leerjaar labels
    lj_codes: list
    lj_w: list
    duaal: list
    female: list

    def add(self, hs, graad, vorm, fin, domein, naam, lj, codes, lj_w=None, opl=NVT, duaal=False) -> int:
        self.hs.append(hs)
        self.graad.append(graad)
        self.vorm.append(vorm)
        self.fin.append(fin)
        self.domein.append(domein)
        self.naam.append(naam)
        self.opl.append(opl)
        self.lj_labels.append(tuple(lj))
        self.lj_codes.append(tuple(codes))
        self.lj_w.append(tuple(lj_w) if lj_w else tuple([1.0] * len(lj)))
        self.duaal.append(duaal)
        self.female.append(female_share(naam))
        return len(self.naam) - 1


_LJ = {
    2: (("1e leerjaar", "2e leerjaar"), ("3", "4")),
    3: (("1e leerjaar", "2e leerjaar"), ("5", "6")),
    9: (("3e leerjaar (7e lj)",), ("7",)),
    10: (("Se-n-Se (7e lj)",), ("7",)),
}
_LJ_G1 = {"1e leerjaar A": "1A", "1e leerjaar B": "1B", "2e leerjaar A": "2A", "2e leerjaar B": "2B"}


@dataclass
class _Model:
    """Everything fixed across the years: places, schools, programmes, offers."""

    progs: _Programmes
    # vestigingsplaatsen
    vpl_prov: np.ndarray
    vpl_inst: np.ndarray
    vpl_volgnr: np.ndarray
    vpl_gemeente: list
    vpl_adres: list
    vpl_size: np.ndarray
    vpl_kind: np.ndarray  # 0 = 311, 1 = CDO (312), 2 = BuSO, 3 = Syntra (inside 311)
    vpl_type: np.ndarray  # 311 profile (see _schools)
    vpl_rt: np.ndarray  # regiotype: index in REGIOTYPES (Brussel, Centrumsteden, Rest van Vlaanderen)
    vpl_stratum: np.ndarray  # (province, regiotype, soort inrichtende macht group): see _stratum
    # instellingen
    inst_nr: list
    inst_prov: np.ndarray
    inst_kind: np.ndarray
    inst_net: list
    inst_im: list
    inst_im4: np.ndarray  # index in IM_GROEPEN (Provincie and VGC together)
    inst_bestuur: list
    inst_sg: list
    inst_gok: list


#: The soort inrichtende macht groups of the calibration (Provincie and VGC together).
IM4: tuple[str, ...] = tuple(IM_GROEPEN)
_IM4_OF = {v: i for i, (k, vs) in enumerate(IM_GROEPEN.items()) for v in vs}
_RT = {r: i for i, r in enumerate(REGIOTYPES)}
#: Instellingen of 311 in the pool (more than any year needs: schools open and close, see _activity).
POOL_311 = 1060
#: Schools of 311 closing each year on top of the net decrease (and as many more opening).
SLUITINGEN_PER_JAAR = 2
#: Soort inrichtende macht of a 311 school: chances in Flanders and in Brussels (order GO, Gemeente,
#: Provincie, VGC, Vrij); the pupils per group are calibrated exactly anyway.
IM_KANS = {"Vlaanderen": (0.22, 0.06, 0.04, 0.0, 0.68), "Brussel": (0.38, 0.0, 0.0, 0.10, 0.52)}
_IM_LABELS = ("Gemeenschapsonderwijs", "Gemeente", "Provincie", "VGC", "Vrij")
_NET = {"Gemeenschapsonderwijs": "Gemeenschapsonderwijs", "Gemeente": "Officieel gesubsidieerd onderwijs",
        "Provincie": "Officieel gesubsidieerd onderwijs", "VGC": "Officieel gesubsidieerd onderwijs",
        "Vrij": "Vrij gesubsidieerd onderwijs"}


def _stratum(prov: int, rt: int, im4: int) -> int:
    return (prov * len(REGIOTYPES) + rt) * len(IM4) + im4


N_STRATA = 6 * len(REGIOTYPES) * len(IM4)


def _municipality(rng: np.random.Generator, prov: int) -> str:
    """A real municipality of the province: a centrumstad with CENTRUMSTAD_KANS, larger towns more often."""
    naam = PROVINCIES[prov]
    names = GEMEENTEN[naam]
    if prov == _BXL:
        pool = list(names)
    else:
        steden = [g for g in names if CENTRUMSTEDEN.get(g) == naam]
        rest = [g for g in names if g not in steden]
        pool = steden if rng.random() < CENTRUMSTAD_KANS[naam] else rest
    w = 1.0 / (np.arange(len(pool)) + 2.0)
    return pool[int(rng.choice(len(pool), p=w / w.sum()))]


def _schools(seed: int, progs: _Programmes) -> _Model:
    """Instellingen and their vestigingsplaatsen (the pool of all years; see _activity for who is open)."""
    t = targets()
    rng = seed_for(seed, "scholen")
    share = np.array([t.secundair_provincie["2021-2022"][p] for p in PROVINCIES], dtype=float)
    share /= share.sum()
    counts = {0: largest_remainder(POOL_311, share), 1: largest_remainder(46, share),
              2: largest_remainder(170, share), 3: np.array([5, 3, 4, 4, 5, 1])}
    vpl_prov, vpl_inst, vpl_volgnr, vpl_kind, vpl_size = [], [], [], [], []
    inst_prov, inst_kind = [], []
    for kind in (0, 1, 2, 3):
        for p, n in enumerate(counts[kind]):
            for _ in range(int(n)):
                inst = len(inst_prov)
                inst_prov.append(p)
                inst_kind.append(kind)
                nv = 1 if kind in (1, 3) else int(rng.choice([1, 2, 3], p=[0.50, 0.33, 0.17]))
                if kind == 2:
                    nv = int(rng.choice([1, 2], p=[0.85, 0.15]))
                for v in range(nv):
                    vp = p
                    if v > 0 and rng.random() < 0.13:
                        vp = int(rng.choice(BUREN[p]))
                    if kind == 3 and p == _VB and rng.random() < 0.5:  # Syntra AB: seat in Antwerpen
                        inst_prov[-1] = 0
                    vpl_prov.append(vp)
                    vpl_inst.append(inst)
                    vpl_volgnr.append(v + 1)
                    vpl_kind.append(kind)
                    vpl_size.append(rng.lognormal(0.0, 0.6))
    vpl_prov = np.array(vpl_prov)
    nvpl = len(vpl_prov)
    gemeente = [_municipality(rng, int(vpl_prov[i])) for i in range(nvpl)]
    # Brussels: each of the 19 municipalities in turn (per kind of school), so all of them have schools
    for kind in (0, 2):
        in_bxl = [i for i in range(nvpl) if vpl_prov[i] == _BXL and vpl_kind[i] == kind]
        names = list(GEMEENTEN[BRUSSEL])
        rng.shuffle(names)
        for k, i in enumerate(in_bxl):
            gemeente[i] = names[k % len(names)]
    adres = [f"{STRATEN[int(rng.integers(len(STRATEN)))]} {int(rng.integers(1, 180))}, {g}" for g in gemeente]
    vpl_rt = np.array([_RT[regiotype(g, PROVINCIES[p])] for g, p in zip(gemeente, vpl_prov)])
    # 311 profile: 0 middenschool, 1 aso, 2 tso/bso, 3 broad, 4 kso
    vpl_kind = np.array(vpl_kind)
    vpl_type = np.where(vpl_kind == 0, rng.choice(5, nvpl, p=[0.24, 0.24, 0.30, 0.19, 0.03]), -1)
    # institutions
    ninst = len(inst_prov)
    numbers = rng.choice(np.arange(1000, 200000), ninst, replace=False)
    inst_nr = [f"{n:06d}" for n in numbers]
    net, im, bestuur, sg, gok = [], [], [], [], []
    first_vpl = np.unique(np.array(vpl_inst), return_index=True)[1]
    for i in range(ninst):
        p = inst_prov[i]
        prov = PROVINCIES[p]
        g = gemeente[first_vpl[i]]  # the board and the scholengemeenschap are named after the main seat
        if inst_kind[i] == 3:
            net.append(_NET["Vrij"])
            im.append("Vrij")
            bestuur.append(SYNTRA_BESTUUR.format(g=g))
            sg.append(NVT)
            gok.append("Nee")
            continue
        label = _IM_LABELS[int(rng.choice(5, p=IM_KANS["Brussel" if p == _BXL else "Vlaanderen"]))]
        net.append(_NET[label])
        im.append(label)
        stam = VRIJE_STAMMEN[int(rng.integers(len(VRIJE_STAMMEN)))]
        board, school_group = BESTUUR[label]
        bestuur.append(board.format(g=g, p=prov, s=stam))
        sg.append(NVT if inst_kind[i] == 1 else school_group.format(g=g, p=prov, s=stam))
        gok.append("Ja" if rng.random() < (0.55 if p in (_BXL, 0) else 0.38) else "Nee")
    inst_im4 = np.array([_IM4_OF[x] for x in im])
    vpl_inst = np.array(vpl_inst)
    vpl_stratum = _stratum(vpl_prov, vpl_rt, inst_im4[vpl_inst])
    return _Model(
        progs=progs, vpl_prov=vpl_prov, vpl_inst=vpl_inst, vpl_volgnr=np.array(vpl_volgnr),
        vpl_gemeente=gemeente, vpl_adres=adres, vpl_size=np.array(vpl_size), vpl_kind=vpl_kind,
        vpl_type=vpl_type, vpl_rt=vpl_rt, vpl_stratum=vpl_stratum, inst_nr=inst_nr,
        inst_prov=np.array(inst_prov), inst_kind=np.array(inst_kind), inst_net=net, inst_im=im, inst_im4=inst_im4,
        inst_bestuur=bestuur, inst_sg=sg, inst_gok=gok,
    )


# ---------------------------------------------------------------------------------------------
# The dual programme lists


@dataclass
class _DualGroup:
    """Dual programmes of one kind: ids in the registry and fixed weights."""

    ids: np.ndarray
    w: np.ndarray
    adressen: np.ndarray  # catalogue aantalAdressen (-1 when unknown)
    vorm_seg: np.ndarray  # 311 segment of each programme


@lru_cache(maxsize=1)
def _catalogue_index() -> tuple[dict[str, int], dict[str, str]]:
    """Catalogue lookups by name key: (largest aantalAdressen, sector of the last entry)."""
    cat = catalogue()
    adressen: dict[str, int] = {}
    sector: dict[str, str] = {}
    for naam, a, sec in zip(cat["naam"], cat["aantal_adressen"], cat["sector"]):
        key = name_key(naam)
        adressen[key] = max(adressen.get(key, 0), int(a))
        sector[key] = str(sec)
    return adressen, sector


def _catalogue_addresses() -> dict[str, int]:
    return _catalogue_index()[0]


def _sector_of(naam: str) -> str | None:
    return _catalogue_index()[1].get(name_key(naam))


def _old_sector(domein: str, naam: str) -> str:
    """Studiegebied-style sector for a modern programme used before its graad was modernised."""
    low = naam.lower()
    if domein == _ST:
        if "hout" in low or "schrijnwerk" in low:
            return "Hout"
        if any(k in low for k in ("ruwbouw", "schilder", "tegel", "bouw")):
            return "Bouw"
        if any(k in low for k in ("carrosserie", "banden", "fiets")):
            return "Auto"
        return "Mechanica-elektriciteit"
    return BUSO_OUD_SECTOR.get(domein, domein)


@lru_cache(maxsize=4)
def _registry(seed: int) -> tuple[_Programmes, dict]:
    """Register every programme; returns the registry and the lookup tables of the generator."""
    progs = _Programmes([], [], [], [], [], [], [], [], [], [], [], [])
    rng = seed_for(seed, "programmas")
    reg: dict = {"seg": {}, "g1": {}, "okan": None, "hbo": None, "dbso": [], "buso": {}}
    # --- non-dual 311 ---
    for modern in (False, True):
        tables = ((2, NIEUW_2E_GRAAD if modern else OUD_2E_GRAAD), (3, NIEUW_3E_GRAAD if modern else OUD_3E_GRAAD))
        for graad, table in tables:
            for seg, text in table.items():
                lj, codes = _LJ[seg] if seg in (9, 10) else _LJ[graad]
                vorm, fin = SEGMENTEN[seg]
                ids = [progs.add(0, f"{graad}e graad", vorm, fin if modern else NVT, sector, naam, lj, codes)
                       for naam, sector in parse_names(text)]
                w = rng.lognormal(0.0, 0.7, len(ids))
                reg["seg"][(seg, graad, modern)] = (np.array(ids), w)
        g1 = G1_NIEUW if modern else G1_OUD
        parts: dict[int, tuple[list, list]] = {0: ([], []), 11: ([], []), 12: ([], [])}
        for item in g1:
            naam, lj, weight = item[:3]
            sector = item[3] if modern else G1_OUD_SECTOR.get(naam, NVT)
            seg = 0 if lj == "1e leerjaar A" else (11 if lj == "1e leerjaar B" else 12)
            parts[seg][0].append(progs.add(0, "1e graad", SEGMENTEN[0][0], SEGMENTEN[0][1] if modern else NVT, sector,
                                           naam, (lj,), (_LJ_G1[lj],)))
            parts[seg][1].append(weight)
        for seg, (ids, w) in parts.items():
            reg["g1"][(seg, modern)] = (np.array(ids), np.array(w))
    reg["okan"] = progs.add(0, "n.v.t. (okan)", "n.v.t. (okan)", "n.v.t. (okan)", NVT,
                            "Onthaaljaar voor anderstalige nieuwkomers", ("OKAN",), ("0",))
    reg["hbo"] = progs.add(0, "n.v.t. (hbo)", "n.v.t. (hbo)", "n.v.t. (hbo)", "Gezondheidszorg", "Verpleegkunde",
                           ("1e leerjaar", "2e leerjaar", "3e leerjaar"), ("H1", "H2", "H3"), (0.4, 0.33, 0.27))
    # --- dbso ---
    for graad in (2, 3):
        lj, codes = _LJ[graad]
        for naam, sector in DBSO_RICHTINGEN:
            reg["dbso"].append(progs.add(1, f"{graad}e graad", "bso", NVT, sector, naam, lj, codes))
    # --- BuSO (non-dual) ---
    for modern in (False, True):
        for ov, items in BUSO_RICHTINGEN.items():
            ids = []
            for naam, dom in items:
                sector = dom if modern else BUSO_OUD_SECTOR.get(dom, dom)
                ids.append(progs.add(2, NVT, NVT, NVT, sector, naam, ("1e leerjaar", "2e leerjaar", "3e leerjaar"),
                                     ("B1", "B2", "B3"), (0.36, 0.33, 0.31), opl=BUSO_OV[ov]))
            reg["buso"][(ov, modern)] = (np.array(ids), rng.lognormal(0.0, 0.5, len(ids)))
    # --- dual 311 ---
    cat = catalogue()
    adr = _catalogue_addresses()
    old = old_programmes()
    key7 = set(cat.loc[cat["zevende_leerjaar"], "naam"].map(name_key))
    old_tso = set(old.loc[old["onderwijsvorm"] == "tso", "naam"].map(name_key))
    pins = {name_key(n) for n in targets().populair_2018}

    def dual_group(rows, modern: bool, kind: str) -> _DualGroup:
        ids, w, adressen, segs = [], [], [], []
        for naam, vorm, fin, sector in rows:
            key = name_key(naam)
            if kind == "g2":
                seg, lj, codes, graad = 8, *_LJ[2], "2e graad"
            elif kind == "g7":
                seg = 10 if (vorm == "tso" or key in old_tso) else 9
                vorm = "tso" if seg == 10 else "bso"
                lj, codes = _LJ[seg]
                graad = "3e graad"
                fin = SEGMENTEN[seg][1]
            else:
                seg = 6 if vorm == "tso" else 8
                lj, codes = _LJ[3]
                graad = "3e graad"
            ids.append(progs.add(0, graad, vorm, fin if modern else NVT, sector, naam, lj, codes, duaal=True))
            a = adr.get(key, -1)
            adressen.append(a)
            base = rng.lognormal(0.0, 0.6)
            if modern:
                base = max(a, 0) * rng.lognormal(0.0, 0.35) + (0.8 if a == 0 else 0.0)
            elif key in pins:
                base *= 3.0
            w.append(base)
            segs.append(seg)
        return _DualGroup(np.array(ids), np.array(w), np.array(adressen), np.array(segs))

    rows_old3 = [(n, v, NVT, s) for n, v, s in zip(old["naam"], old["onderwijsvorm"], old["sector"])
                 if name_key(n) not in key7]
    rows_old7 = [(n, v, NVT, s) for n, v, s in zip(old["naam"], old["onderwijsvorm"], old["sector"])
                 if name_key(n) in key7]
    plain = cat[~cat["opleidingsvorm3"]]
    rows_new2 = [(r.naam, r.onderwijsvorm, r.finaliteit, r.sector)
                 for r in plain[plain["graad"] == "2e graad"].itertuples()]
    rows_new3 = [(r.naam, r.onderwijsvorm, r.finaliteit, r.sector)
                 for r in plain[(plain["graad"] == "3e graad") & ~plain["zevende_leerjaar"]].itertuples()]
    rows_new7 = [(r.naam, r.onderwijsvorm, r.finaliteit, r.sector)
                 for r in plain[plain["zevende_leerjaar"]].itertuples()]
    reg["dual"] = {
        ("g3", False): dual_group(rows_old3, False, "g3"),
        ("g7", False): dual_group(rows_old7, False, "g7"),
        ("g2", True): dual_group(rows_new2, True, "g2"),
        ("g3", True): dual_group(rows_new3, True, "g3"),
        ("g7", True): dual_group(rows_new7, True, "g7"),
        ("g2", False): dual_group([(n, "bso", NVT, s) for n, s in PILOOT_2E_GRAAD], False, "g2"),
    }
    # activation order of the pre-modernisation programmes: the pinned ones first
    for kind in ("g3", "g7"):
        grp = reg["dual"][(kind, False)]
        order = rng.permutation(len(grp.ids))
        pinned = [i for i in range(len(grp.ids)) if name_key(progs.naam[grp.ids[i]]) in pins]
        reg[("volgorde", kind)] = np.array(pinned + [i for i in order if i not in pinned])
    # --- dual BuSO and Syntra: one entry per name and era ---
    for modern in (False, True):
        ids, w, a = [], [], []
        for i, naam in enumerate(BUSO_DUAAL):
            dom = _sector_of(naam) or _ST
            sector = dom if modern else _old_sector(dom, naam)
            ids.append(progs.add(2, NVT, NVT, NVT, sector, naam, ("1e leerjaar", "2e leerjaar", "3e leerjaar"),
                                 ("B1", "B2", "B3"), (0.36, 0.33, 0.31), opl=BUSO_OV[OV3], duaal=True))
            w.append(rng.lognormal(0.0, 0.5) * (1.0 / (1 + 0.15 * i)))
            a.append(adr.get(name_key(naam), -1))
        reg[("buso_dual", modern)] = _DualGroup(np.array(ids), np.array(w), np.array(a), np.zeros(len(ids), int))
        ids, w, a = [], [], []
        for naam, weight in SYNTRA_DUAAL:  # inside 311: 3rd graad, bso, arbeidsmarktfinaliteit (segment 8)
            dom = _sector_of(naam) or _ST
            sector = dom if modern else _old_sector(dom, naam)
            ids.append(progs.add(3, "3e graad", SEGMENTEN[8][0], SEGMENTEN[8][1] if modern else NVT, sector, naam,
                                 ("1e leerjaar", "2e leerjaar"), ("S1", "S2"), (0.55, 0.45), duaal=True))
            w.append(weight * rng.lognormal(0.0, 0.2))
            a.append(adr.get(name_key(naam), -1))
        reg[("syntra", modern)] = _DualGroup(np.array(ids), np.array(w), np.array(a), np.full(len(ids), 8))
    # the 311 segment of every programme (-1 outside 311)
    seg_of = np.full(len(progs.naam), -1, dtype=np.int64)
    for (seg, _graad, _modern), (ids, _w) in reg["seg"].items():
        seg_of[ids] = seg
    for (seg, _modern), (ids, _w) in reg["g1"].items():
        seg_of[ids] = seg
    seg_of[reg["okan"]], seg_of[reg["hbo"]] = 1, 2
    for grp in list(reg["dual"].values()) + [reg[("syntra", m)] for m in (False, True)]:
        seg_of[grp.ids] = grp.vorm_seg
    reg["prog_seg"] = seg_of
    return progs, reg


# ---------------------------------------------------------------------------------------------
# One school year


def _segment_totals(t: int, total: int) -> np.ndarray:
    """National 311 pupils per segment in year offset ``t`` (Syntra included, in segment 8).

    Exact every year: 1e leerjaar A (0), 1e leerjaar B (11), OKAN (1), the 7th year (9 + 10). Exact
    in 2016-2017 (onderwijsvorm series) and 2025-2026 (finaliteit series) for every segment; in
    between the other segments share the rest by linearly interpolated shares.
    """
    tg = targets()

    def exact_2016() -> np.ndarray:
        v = dict(tg.onderwijsvorm_2016)
        j = tg.schooljaren[0]
        s = np.zeros(N_SEG, dtype=np.int64)
        s[0], s[11] = tg.eerste_a[j], tg.eerste_b[j]
        s[12] = v["n.v.t. (1e graad)"] - s[0] - s[11]
        s[1], s[2], s[3] = v["n.v.t. (okan)"], v["n.v.t. (hbo)"], v["aso"]
        kso = v["kso"]
        s[5] = round(kso * _SPLIT_2016["kso"][1])
        s[7] = kso - s[5]
        tso = v["tso"]
        s[10] = _SPLIT_2016["tso"][1]
        s[4] = round((tso - s[10]) * _SPLIT_2016["tso"][3])
        s[6] = tso - s[10] - s[4]
        s[9] = tg.zevende[j] - s[10]
        s[8] = v["bso"] - s[9]
        return s

    def exact_2025() -> np.ndarray:
        v = dict(tg.finaliteit_2025)
        j = tg.schooljaren[-1]
        s = np.zeros(N_SEG, dtype=np.int64)
        s[0], s[11] = tg.eerste_a[j], tg.eerste_b[j]
        s[12] = v["n.v.t. (1e graad)"] - s[0] - s[11]
        s[1], s[2], s[8] = v["n.v.t. (okan)"], v["n.v.t. (hbo)"], v["Arbeidsmarktfinaliteit"]
        for label, parts in _SPLIT_2025.items():
            split = largest_remainder(v[label], [p[1] for p in parts])
            for (seg, _), n in zip(parts, split):
                s[seg] = n
        return s

    a, b = exact_2016(), exact_2025()
    if t == 0:
        out = a
    elif t == N_YEARS - 1:
        out = b
    else:
        jaar = tg.schooljaren[t]
        f = t / (N_YEARS - 1)
        share = (1 - f) * a / a.sum() + f * b / b.sum()
        out = np.zeros(N_SEG, dtype=np.int64)
        out[0], out[11], out[1] = tg.eerste_a[jaar], tg.eerste_b[jaar], tg.okan[jaar]
        out[[9, 10]] = largest_remainder(tg.zevende[jaar], share[[9, 10]])
        free = [k for k in range(N_SEG) if k not in (0, 1, 9, 10, 11)]
        out[free] = largest_remainder(total - int(out.sum()), share[free])
    assert out.sum() == total and (out >= 0).all(), (t, out.sum(), total)
    if t in (0, N_YEARS - 1):
        jaar = tg.schooljaren[t]
        assert out[1] == tg.okan[jaar] and out[9] + out[10] == tg.zevende[jaar], t
    return out


@dataclass
class _Cells:
    """School x programme cells of one year: vestigingsplaats, programme, BuSO type, pupils."""

    vpl: list
    prog: list
    typ: list
    n: list

    def add(self, vpl, prog, n, typ=None) -> None:
        vpl = np.atleast_1d(np.asarray(vpl, dtype=np.int64))
        prog = np.broadcast_to(np.asarray(prog, dtype=np.int64), vpl.shape)
        n = np.broadcast_to(np.asarray(n, dtype=np.int64), vpl.shape)
        typ = np.broadcast_to(np.asarray(-1 if typ is None else typ, dtype=np.int64), vpl.shape)
        keep = n > 0
        self.vpl.append(vpl[keep])
        self.prog.append(prog[keep])
        self.typ.append(typ[keep])
        self.n.append(n[keep])

    def arrays(self):
        cat = [np.concatenate(x) if x else np.zeros(0, np.int64) for x in (self.vpl, self.prog, self.typ, self.n)]
        return cat


def _candidates(model: _Model, seed: int, key: object, mask: np.ndarray, prov: int) -> np.ndarray:
    """Vestigingsplaatsen of a province eligible for ``key``, in a fixed random order (stable over years)."""
    idx = np.flatnonzero(mask & (model.vpl_prov == prov))
    if not len(idx):
        return idx
    rng = seed_for(seed, "kandidaten", key, prov)
    gumbel = -np.log(-np.log(rng.random(len(idx))))
    return idx[np.argsort(-(_dual_propensity(seed)[idx] + gumbel), kind="stable")]


@lru_cache(maxsize=4)
def _dual_propensity(seed: int) -> np.ndarray:
    """Log-propensity of each vestigingsplaats to offer dual programmes: schools that offer one offer several."""
    model = _model(seed)
    rng = seed_for(seed, "duaal-neiging")
    return 0.5 * np.log(model.vpl_size) + rng.normal(0.0, DUAAL_CONCENTRATIE, len(model.vpl_size))


def _place_dual(model: _Model, seed: int, rng: np.random.Generator, cells: _Cells, table: np.ndarray,
                prog_ids: np.ndarray, offers: np.ndarray, mask: np.ndarray, fallback: np.ndarray, mean_size: float,
                buso_type: int | None = None) -> None:
    """Spread a province x programme table of dual pupils over schools offering the programme."""
    for k in range(table.shape[1]):
        col = table[:, k]
        if not col.any():
            continue
        total_offers = int(offers[k]) if offers[k] > 0 else int(np.ceil(col.sum() / mean_size))
        total_offers = max(1, min(total_offers, int(col.sum())))
        per_prov = np.maximum(largest_remainder(total_offers, col), (col > 0).astype(np.int64))
        for p in np.flatnonzero(col):
            cands = _candidates(model, seed, ("duaal", model.progs.naam[prog_ids[k]]), mask, p)
            if not len(cands):
                cands = _candidates(model, seed, ("duaal", model.progs.naam[prog_ids[k]]), fallback, p)
            m = int(min(per_prov[p], col[p], len(cands)))
            parts = split_min_one(rng, int(col[p]), m)
            cells.add(cands[: len(parts)], prog_ids[k], parts, buso_type)


@lru_cache(maxsize=4)
def _dual_forms(seed: int) -> np.ndarray:
    """Dual pupils per year x province (vestigingsplaats) x form (Syntra, BuSO, 311), every margin exact."""
    tg = targets()
    out = np.zeros((N_YEARS, 6, 3), dtype=np.int64)
    for t, jaar in enumerate(tg.schooljaren):
        S, B = tg.duaal_syntra[jaar], tg.duaal_buso[jaar]
        G = tg.duaal_311(jaar)
        prov_tot = dual_per_province(seed)[t]
        assert prov_tot.sum() == tg.duaal[jaar]
        form_prior = np.outer(prov_tot, [max(S, 1e-9), max(B, 1e-9), max(G, 1e-9)]).astype(float)
        form_prior[:, 0] *= SYNTRA_PROVINCIE
        form_prior *= _drift(seed, "duaal-vorm", (6, 3))[t]
        out[t] = allocate_2d(prov_tot, [S, B, G], form_prior)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=16)
def _syntra_cells(seed: int, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Syntra cells (vpl, programme, pupils) of year offset ``t``: the province x programme table spread over campuses."""
    tg = targets()
    jaar = tg.schooljaren[t]
    S = tg.duaal_syntra[jaar]
    empty = np.zeros(0, dtype=np.int64)
    if not S:
        return empty, empty, empty
    model = _model(seed)
    _, reg = _registry(seed)
    grp = reg[("syntra", t >= MODERN_FROM[3])]
    w = grp.w.copy()
    if t == N_YEARS - 1:
        w[grp.adressen == 0] = 0.0
    stot = largest_remainder(S, w)
    live = stot > 0
    prov_form = _dual_forms(seed)[t]
    prog_aff = _drift(seed, "duaal-richting", (len(model.progs.naam), 6))[t].T
    table = allocate_2d(prov_form[:, 0], stot[live], np.outer(prov_form[:, 0], stot[live].astype(float))
                        * prog_aff[:, grp.ids[live]])
    cells = _Cells([], [], [], [])
    campuses = model.vpl_kind == 3
    _place_dual(model, seed, seed_for(seed, "syntra", jaar), cells, table, grp.ids[live],
                np.zeros(live.sum(), np.int64), campuses, campuses, 12.0)
    v, p, _, n = cells.arrays()
    return v, p, n


@lru_cache(maxsize=4)
def _activity(seed: int) -> np.ndarray:
    """Which vestigingsplaatsen are open in each year (years x vestigingsplaatsen, bool).

    CDO and BuSO schools are open every year; a Syntra campus when it has pupils. The 311 schools
    of the pool open and close so that the instellingen and vestigingsplaatsen with 311 pupils
    (Syntra campuses included) number exactly the reference figures each year: each year
    ``SLUITINGEN_PER_JAAR`` schools (plus the net decrease) close for good and new ones open;
    an open school's first vestigingsplaats is open, its further ones in a fixed random order
    as far as the year's number of vestigingsplaatsen reaches.
    """
    tg = targets()
    model = _model(seed)
    nv = len(model.vpl_prov)
    active = np.zeros((N_YEARS, nv), dtype=bool)
    active[:, (model.vpl_kind == 1) | (model.vpl_kind == 2)] = True
    n_inst, n_vpl = [], []
    for t, jaar in enumerate(tg.schooljaren):
        v, _, n = _syntra_cells(seed, t)
        used = np.unique(v[n > 0])
        active[t, used] = True
        n_inst.append(tg.instellingen[jaar] - len(np.unique(model.vpl_inst[used])))
        n_vpl.append(tg.vestigingsplaatsen[jaar] - len(used))
    rng = seed_for(seed, "actief")
    order = rng.permutation(np.flatnonzero(model.inst_kind == 0))
    is_open = np.zeros((N_YEARS, len(model.inst_nr)), dtype=bool)
    current = order[: n_inst[0]]
    nxt = n_inst[0]
    for t in range(N_YEARS):
        if t:
            closing = max(0, n_inst[t - 1] - n_inst[t]) + SLUITINGEN_PER_JAAR
            current = np.delete(current, rng.choice(len(current), closing, replace=False))
            opening = n_inst[t] - len(current)
            if nxt + opening > len(order):
                raise RuntimeError("the pool of 311 schools is too small (POOL_311)")
            current = np.concatenate([current, order[nxt: nxt + opening]])
            nxt += opening
        is_open[t, current] = True
    k0 = model.vpl_kind == 0
    first = k0 & (model.vpl_volgnr == 1)
    extra = np.flatnonzero(k0 & (model.vpl_volgnr > 1))
    extra = extra[np.argsort(rng.random(len(extra)), kind="stable")]
    for t in range(N_YEARS):
        active[t, first & is_open[t, model.vpl_inst]] = True
        cand = extra[is_open[t, model.vpl_inst[extra]]]
        need = n_vpl[t] - n_inst[t]
        if len(cand) < need:
            raise RuntimeError("too few vestigingsplaatsen in the pool of 311 schools")
        active[t, cand[:need]] = True
    active.flags.writeable = False
    return active


def _year_cells(model: _Model, reg: dict, seed: int, t: int) -> _Cells:
    """All school x programme cells of year offset ``t`` with their pupil counts."""
    tg = targets()
    jaar = tg.schooljaren[t]
    progs = model.progs
    rng = seed_for(seed, "jaar", jaar)
    cells = _Cells([], [], [], [])
    active = _activity(seed)[t]
    S, B = tg.duaal_syntra[jaar], tg.duaal_buso[jaar]
    G = tg.duaal_311(jaar)
    prov_form = _dual_forms(seed)[t]
    # popularity of each dual programme per province (fixed profile + drift over the years)
    prog_aff = _drift(seed, "duaal-richting", (len(progs.naam), 6))[t].T

    # --- dual 311: programme totals per group ---
    g7 = int(round(G * AANDEEL_7E[t]))
    g_reg = G - g7
    g2 = int(round(g_reg * tg.graad2_aandeel[jaar]))
    g3 = g_reg - g2
    pins = dict(tg.populair_2018) if jaar == "2018-2019" else {}
    groups = []
    for kind, total in (("g2", g2), ("g3", g3), ("g7", g7)):
        if total == 0:
            continue
        graad = 2 if kind == "g2" else 3
        modern = t >= MODERN_FROM[graad]
        grp = reg["dual"][(kind, modern)]
        w = grp.w.copy()
        if modern:
            if t == N_YEARS - 1:
                w[grp.adressen == 0] = 0.0
        elif kind != "g2":
            order = reg[("volgorde", kind)]
            n_act = max(1, int(np.ceil(len(order) * AANDEEL_ACTIEF_OUD[t])))
            on = np.zeros(len(w), bool)
            on[order[:n_act]] = True
            w = np.where(on, w, 0.0)
        fixed_k = {i: pins[progs.naam[pid]] for i, pid in enumerate(grp.ids) if progs.naam[pid] in pins}
        cap = min(pins.values()) - 4 if pins else None
        tot = capped_allocation(total, w, fixed_k, cap)
        if modern:
            ramp = min(1.0, 0.45 + 0.2 * (t - MODERN_FROM[graad]))
            offers = np.where(grp.adressen > 0, np.ceil(grp.adressen * ramp * AANBOD_PER_ADRES), 0).astype(np.int64)
            offers = np.where(grp.adressen == 0, 1, offers)
        else:
            offers = np.zeros(len(tot), dtype=np.int64)
        groups.append((grp, tot, offers, modern))
    ids = np.concatenate([g[0].ids for g in groups])
    tot = np.concatenate([g[1] for g in groups])
    offers = np.concatenate([g[2] for g in groups])
    segs = np.concatenate([g[0].vorm_seg for g in groups])
    live = tot > 0
    ids, tot, offers, segs = ids[live], tot[live], offers[live], segs[live]
    prior = np.outer(prov_form[:, 2], tot.astype(float)) * prog_aff[:, ids]
    for k, pid in enumerate(ids):
        if any(w in progs.naam[pid].lower() for w in _KUST):
            prior[:, k] *= np.where(np.arange(6) == _WV, 1.0, 0.0)
    table = allocate_2d(prov_form[:, 2], tot, prior)
    open311 = (model.vpl_kind == 0) & active
    dual_mask = open311 & np.isin(model.vpl_type, (2, 3))
    _place_dual(model, seed, rng, cells, table, ids, offers, dual_mask, open311, 6.0)

    # --- dual BuSO ---
    if B:
        modern = t >= MODERN_FROM[2]
        grp = reg[("buso_dual", modern)]
        n_act = {1: 2, 2: 8}.get(t, len(grp.ids))
        w = np.where(np.arange(len(grp.ids)) < n_act, grp.w, 0.0)
        if t == N_YEARS - 1:
            w[grp.adressen == 0] = 0.0
        bpins = dict(tg.buso_populair_2018) if jaar == "2018-2019" else {}
        fixed_k = {i: bpins[progs.naam[pid]] for i, pid in enumerate(grp.ids) if progs.naam[pid] in bpins}
        btot = capped_allocation(B, w, fixed_k, (min(bpins.values()) - 3) if bpins else None)
        live = btot > 0
        table = allocate_2d(prov_form[:, 1], btot[live], np.outer(prov_form[:, 1], btot[live].astype(float))
                            * prog_aff[:, grp.ids[live]])
        buso_mask = model.vpl_kind == 2
        _place_dual(model, seed, rng, cells, table, grp.ids[live], np.zeros(live.sum(), np.int64), buso_mask,
                    buso_mask, 3.0,
                    buso_type=BUSO_TYPES.index("Type BA"))

    # --- Syntra (inside 311: segment 8) ---
    sv, sp, sn = _syntra_cells(seed, t)
    cells.add(sv, sp, sn)

    # --- non-dual 311: province x regiotype x inrichtende macht x segment, every margin exact ---
    _fill_311(model, reg, seed, t, rng, cells, active)

    # --- BuSO (non-dual): regiotype x opleidingsvorm x type exact, then provinces ---
    _fill_buso(model, reg, seed, t, rng, cells)

    # --- dbso ---
    dbso = tg.dbso[jaar]
    if dbso:
        prov311 = np.array([tg.secundair_provincie[jaar][p] for p in PROVINCIES], dtype=np.int64)
        d_prov = largest_remainder(dbso, prov311 * np.array([1.1, 1.0, 1.0, 0.9, 1.0, 1.2])
                                   * _drift(seed, "dbso-provincie", (6,))[t])
        d_vpl, d_prog, d_w = _cells_dbso(seed)
        _fill(rng, cells, model, d_prov[:, None], d_vpl, d_prog, d_w, np.zeros(len(d_vpl), np.int64))
    return cells


def _grouped(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order of ``keys`` and the sorted keys (for slicing the cells of one key with searchsorted)."""
    order = np.argsort(keys, kind="stable")
    return order, keys[order]


def _spread(rng, table: np.ndarray, c_key: np.ndarray, c_w: np.ndarray, fallback) -> tuple[np.ndarray, list]:
    """Multinomial spread of each entry of ``table`` (flat, by key) over the cells with that key.

    Returns the pupils per cell and, for keys without a cell, ``fallback(key, n)`` results (new cells).
    """
    counts = np.zeros(len(c_key), dtype=np.int64)
    order, sorted_keys = _grouped(c_key)
    extra = []
    for key in np.flatnonzero(table):
        n = int(table[key])
        lo, hi = np.searchsorted(sorted_keys, [key, key + 1])
        if lo == hi:
            extra.append(fallback(int(key), n))
            continue
        sel = order[lo:hi]
        w = c_w[sel]
        counts[sel] += rng.multinomial(n, w / w.sum())
    return counts, extra


def _fill_311(model: _Model, reg: dict, seed: int, t: int, rng, cells: _Cells, active: np.ndarray) -> None:
    """The non-dual 311 pupils, so that every 311 series of the reference holds exactly.

    The dual and Syntra pupils already placed are taken off every margin first; the rest is a
    province x regiotype table (exact margins), split by soort inrichtende macht (exact margins)
    into strata, and a strata x segment table (exact margins: the segment totals of the year),
    spread over the open schools' programmes of each stratum and segment. Finally every open 311
    vestigingsplaats without pupils gets one from a larger school of its stratum and segment.
    """
    tg = targets()
    jaar = tg.schooljaren[t]
    progs = model.progs
    seg_of = reg["prog_seg"]
    placed_v, placed_p, _, placed_n = cells.arrays()
    in311 = seg_of[placed_p] >= 0
    placed_v, placed_p, placed_n = placed_v[in311], placed_p[in311], placed_n[in311]
    n_rt, n_im = len(REGIOTYPES), len(IM4)
    dual = np.bincount(model.vpl_stratum[placed_v] * N_SEG + seg_of[placed_p], weights=placed_n,
                       minlength=N_STRATA * N_SEG).astype(np.int64).reshape(6, n_rt, n_im, N_SEG)
    prov311 = np.array([tg.secundair_provincie[jaar][p] for p in PROVINCIES], dtype=np.int64)
    rt311 = np.array([tg.secundair_regiotype[jaar][r] for r in REGIOTYPES], dtype=np.int64)
    im311 = np.array([tg.secundair_im[jaar][g] for g in IM4], dtype=np.int64)
    seg_tot = _segment_totals(t, int(prov311.sum()))
    r_prov = prov311 - dual.sum(axis=(1, 2, 3))
    r_rt = rt311 - dual.sum(axis=(0, 2, 3))
    r_im = im311 - dual.sum(axis=(0, 1, 3))
    r_seg = seg_tot - dual.sum(axis=(0, 1, 2))
    if min(r_prov.min(), r_rt.min(), r_im.min(), r_seg.min()) < 0:
        raise RuntimeError(f"{jaar}: dual pupils exceed a 311 total")
    c_vpl, c_prog, c_w, c_seg = _cells_311(model, reg, seed, t)
    keep = active[c_vpl]
    c_vpl, c_prog, c_w, c_seg = c_vpl[keep], c_prog[keep], c_w[keep], c_seg[keep]
    c_w = c_w * _drift(seed, "richting", (len(progs.naam), 6))[t][c_prog, model.vpl_prov[c_vpl]]
    open311 = active & (model.vpl_kind == 0)
    size = np.bincount(model.vpl_stratum[open311], weights=model.vpl_size[open311], minlength=N_STRATA)
    size = size.reshape(6, n_rt, n_im)
    pr = allocate_2d(r_prov, r_rt, size.sum(axis=2))
    strata = allocate_2d(pr.ravel(), r_im, size.reshape(6 * n_rt, n_im)).ravel()
    c_st = model.vpl_stratum[c_vpl]
    offered = np.bincount(c_st * N_SEG + c_seg, minlength=N_STRATA * N_SEG).reshape(N_STRATA, N_SEG) > 0
    st_prov = np.arange(N_STRATA) // (n_rt * n_im)
    prior = (np.outer(strata, r_seg).astype(float) * _SEG_AFFINITEIT[st_prov]
             * _drift(seed, "segment", (6, N_SEG))[t][st_prov] * offered)
    table = allocate_2d(strata, r_seg, prior)
    national = {s: int(np.bincount(c_prog[c_seg == s]).argmax()) for s in np.unique(c_seg)}

    def new_offer(key: int, n: int) -> tuple[int, int, int]:
        st, s = divmod(key, N_SEG)  # a stratum without this segment on offer: its largest school starts it
        in_st = np.flatnonzero(open311 & (model.vpl_stratum == st))
        return int(in_st[np.argmax(model.vpl_size[in_st])]), national[s], n

    counts, extra = _spread(rng, table.ravel(), c_st * N_SEG + c_seg, c_w, new_offer)
    # every open vestigingsplaats has pupils: one from the largest cell of its stratum and segment
    per_vpl = np.bincount(c_vpl, weights=counts, minlength=len(model.vpl_prov))
    per_vpl += np.bincount(placed_v, weights=placed_n, minlength=len(model.vpl_prov))
    for ev, _, en in extra:
        per_vpl[ev] += en
    key = c_st * N_SEG + c_seg
    for v in np.flatnonzero(open311 & (per_vpl == 0)):
        for j in np.flatnonzero(c_vpl == v):
            donors = np.flatnonzero((key == key[j]) & (counts >= 2))
            if len(donors):
                d = donors[np.argmax(counts[donors])]
                counts[d] -= 1
                counts[j] += 1
                break
        else:
            raise RuntimeError(f"{jaar}: an open vestigingsplaats of 311 gets no pupils")
    cells.add(c_vpl, c_prog, counts)
    for ev, ep, en in extra:
        cells.add(ev, ep, en)


def _fill_buso(model: _Model, reg: dict, seed: int, t: int, rng, cells: _Cells) -> None:
    """The non-dual BuSO pupils: opleidingsvorm x type (exact margins), regiotype (exact), then provinces.

    The dual BuSO pupils (opleidingsvorm 3, Type BA) already placed are taken off the margins.
    """
    tg = targets()
    jaar = tg.schooljaren[t]
    n_rt, n_ty = len(REGIOTYPES), len(BUSO_TYPES)
    placed_v, placed_p, _, placed_n = cells.arrays()
    is_buso = np.array(model.progs.hs)[placed_p] == 2
    placed_v, placed_n = placed_v[is_buso], placed_n[is_buso]
    bst = model.vpl_prov * n_rt + model.vpl_rt  # province x regiotype
    ov_tot = np.array([tg.buso_opleidingsvorm[jaar][ov] for ov in BUSO_OV], dtype=np.int64)
    ty_tot = np.array([tg.buso_type[jaar].get(ty, 0) for ty in BUSO_TYPES], dtype=np.int64)
    rt_tot = np.array([tg.buso_regiotype[jaar][r] for r in REGIOTYPES], dtype=np.int64)
    ovtype = allocate_2d(ov_tot, ty_tot, BUSO_TYPE_W * np.outer(ov_tot, ty_tot)).ravel()
    dual_col = OV3 * n_ty + BUSO_TYPES.index("Type BA")
    ovtype[dual_col] -= int(placed_n.sum())
    r_rt = rt_tot - np.bincount(model.vpl_rt[placed_v], weights=placed_n, minlength=n_rt).astype(np.int64)
    if ovtype.min() < 0 or r_rt.min() < 0:
        raise RuntimeError(f"{jaar}: BuSO dual pupils exceed a BuSO total")
    rt_table = allocate_2d(r_rt, ovtype, np.outer(r_rt, ovtype).astype(float)
                           * _drift(seed, "buso-regio", (n_rt, len(ovtype)))[t])
    buso = model.vpl_kind == 2
    size = np.bincount(bst[buso], weights=model.vpl_size[buso], minlength=6 * n_rt).reshape(6, n_rt)
    size = size * _drift(seed, "buso-provincie", (6,))[t][:, None]
    ov_aff = _drift(seed, "buso-ov", (6, 4))[t]
    table = np.zeros((6 * n_rt, len(ovtype)), dtype=np.int64)
    for r in range(n_rt):
        for c in np.flatnonzero(rt_table[r]):
            w = size[:, r] * ov_aff[:, c // n_ty]
            table[np.arange(6) * n_rt + r, c] = largest_remainder(int(rt_table[r, c]), w)
    modern = t >= MODERN_FROM[2]
    b_vpl, b_prog, b_w, b_ov, b_typ = _cells_buso(seed, modern)
    b_w = b_w * _drift(seed, "richting", (len(model.progs.naam), 6))[t][b_prog, model.vpl_prov[b_vpl]]

    def new_offer(key: int, n: int) -> tuple[int, int, int, int]:
        st, c = divmod(key, len(ovtype))  # no school of the region offers this form and type: the largest does
        in_st = np.flatnonzero(buso & (bst == st))
        ids, w = reg["buso"][(c // n_ty, modern)]
        return int(in_st[np.argmax(model.vpl_size[in_st])]), int(ids[np.argmax(w)]), n, c % n_ty

    counts, extra = _spread(rng, table.ravel(), bst[b_vpl] * len(ovtype) + b_ov * n_ty + b_typ, b_w, new_offer)
    cells.add(b_vpl, b_prog, counts, b_typ)
    for ev, ep, en, ety in extra:
        cells.add(ev, ep, en, ety)


def _drift(seed: int, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Regional factors of one table over the ten years (``DRIFT[name]``; regions.drift)."""
    return drift(seed, name, shape, *DRIFT[name], years=N_YEARS)


def _fill(rng, cells: _Cells, model: _Model, table: np.ndarray, c_vpl, c_prog, c_w, c_col, c_typ=None) -> None:
    """Multinomial spread of each province x column total over the cells of that province and column."""
    prov = model.vpl_prov[c_vpl]
    for p in range(table.shape[0]):
        for s in range(table.shape[1]):
            n = int(table[p, s])
            if n <= 0:
                continue
            sel = np.flatnonzero((prov == p) & (c_col == s))
            if not len(sel):
                raise RuntimeError(f"no school offers column {s} in {PROVINCIES[p]}")
            w = c_w[sel]
            counts = rng.multinomial(n, w / w.sum())
            cells.add(c_vpl[sel], c_prog[sel], counts, None if c_typ is None else c_typ[sel])


#: Segments offered per 311 profile: 0 middenschool, 1 aso, 2 tso/bso, 3 broad, 4 kso (probabilities).
_PROFIEL = np.array([
    # 1A  okan hbo aso  tsoD ksoD tsoDu ksoDu bso  bso7 tso7  1B  2e lj
    [1.0, 0.10, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.75, 1.0],
    [0.5, 0.08, 0.0, 1.0, 0.35, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05, 0.5],
    [0.2, 0.12, 0.1, 0.0, 0.3, 0.0, 1.0, 0.0, 1.0, 0.7, 0.35, 0.6, 0.2],
    [0.8, 0.15, 0.05, 1.0, 0.6, 0.15, 1.0, 0.15, 1.0, 0.5, 0.3, 0.5, 0.8],
    [0.4, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.4],
])
#: Programmes a school offers per segment and graad (upper bound).
_PER_SCHOOL = {3: 4, 4: 2, 5: 3, 6: 3, 7: 2, 8: 4, 9: 2, 10: 1}


@lru_cache(maxsize=4)
def _has_segment(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """311 vestigingsplaatsen and which segments each offers (fixed over the years)."""
    model = _model(seed)
    rng = seed_for(seed, "aanbod")
    vpls = np.flatnonzero(model.vpl_kind == 0)
    has = rng.random((len(vpls), N_SEG)) < _PROFIEL[model.vpl_type[vpls]]
    for p in range(6):  # every province offers every segment somewhere
        in_p = np.flatnonzero(model.vpl_prov[vpls] == p)
        for s in range(N_SEG):
            if not has[in_p, s].any():
                has[in_p[int(rng.integers(len(in_p)))], s] = True
    return vpls, has


def _pick(rng: np.random.Generator, n_rows: int, w: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``n_rows`` schools, ``k[row]`` distinct items drawn with weights ``w`` (Gumbel top-k)."""
    keys = np.log(w)[None, :] - np.log(-np.log(rng.random((n_rows, len(w)))))
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return np.nonzero(rank < k[:, None])


@lru_cache(maxsize=64)
def _offer_piece(seed: int, seg: int, graad: int, modern: bool) -> tuple[np.ndarray, ...]:
    """Non-dual 311 cells of one segment and graad in one era: (vpl, programme, weight)."""
    _, reg = _registry(seed)
    model = _model(seed)
    vpls, has = _has_segment(seed)
    vs = vpls[has[:, seg]]
    rng = seed_for(seed, "aanbod", seg, graad, modern)
    if seg in (0, 11, 12):  # 1e leerjaar A, 1e leerjaar B, the 2nd year of the 1st graad
        ids, w = reg["g1"][(seg, modern)]
        sel = rng.random((len(vs), len(ids))) < 0.3
        sel[:, np.argmax(w)] = True  # every school offering the segment has its main programme
        vi, li = np.nonzero(sel)
    elif seg in (1, 2):
        ids = np.array([reg["okan"] if seg == 1 else reg["hbo"]])
        w = np.ones(1)
        vi, li = np.arange(len(vs)), np.zeros(len(vs), np.int64)
    else:
        ids, w = reg["seg"][(seg, graad, modern)]
        k = rng.integers(1, min(len(ids), _PER_SCHOOL[seg]) + 1, len(vs))
        vi, li = _pick(rng, len(vs), w, k)
    v = vs[vi]
    weight = model.vpl_size[v] * w[li] * rng.lognormal(0.0, 0.5, len(v))
    return v, ids[li], weight


@lru_cache(maxsize=8)
def _offer_311(seed: int, modern_key: tuple[bool, bool, bool]) -> tuple[np.ndarray, ...]:
    """Non-dual 311 cells (vpl, programme, weight, segment) for a combination of modernised graden."""
    m1, m2, m3 = modern_key
    parts = [(0, 1, m1), (11, 1, m1), (12, 1, m1), (1, 0, False), (2, 0, False)]
    for s in range(3, 11):
        if s not in (9, 10):
            parts.append((s, 2, m2))
        parts.append((s, 3, m3))
    out_v, out_p, out_w, out_s = [], [], [], []
    for s, g, m in parts:
        v, pr, w = _offer_piece(seed, s, g, m)
        out_v.append(v)
        out_p.append(pr)
        out_w.append(w)
        out_s.append(np.full(len(v), s))
    return (np.concatenate(out_v), np.concatenate(out_p), np.concatenate(out_w), np.concatenate(out_s))


def _cells_311(model, reg, seed, t):
    key = (t >= MODERN_FROM[1], t >= MODERN_FROM[2], t >= MODERN_FROM[3])
    return _offer_311(seed, key)


@lru_cache(maxsize=4)
def _cells_buso(seed: int, modern: bool):
    """BuSO cells (vpl, programme, weight, opleidingsvorm, type) before/after the modernisation."""
    model = _model(seed)
    _, reg = _registry(seed)
    rng = seed_for(seed, "buso-aanbod", modern)
    vpls = np.flatnonzero(model.vpl_kind == 2)
    out = ([], [], [], [], [])
    has = rng.random((len(vpls), 4)) < np.array([0.65, 0.4, 0.7, 0.45])
    for p in range(6):
        in_p = np.flatnonzero(model.vpl_prov[vpls] == p)
        for ov in range(4):
            if len(in_p) and not has[in_p, ov].any():
                has[in_p[0], ov] = True
    for row, v in enumerate(vpls):
        vr = seed_for(seed, "buso-school", int(v))
        for ov in np.flatnonzero(has[row]):
            ids, w = reg["buso"][(int(ov), modern)]
            k = int(min(len(ids), vr.integers(1, 6)))
            pick = vr.choice(len(ids), k, replace=False, p=w / w.sum())
            types = np.flatnonzero(BUSO_TYPE_W[ov] > 0)
            nt = int(vr.integers(1, min(3, len(types)) + 1))
            tp = vr.choice(types, nt, replace=False, p=BUSO_TYPE_W[ov][types] / BUSO_TYPE_W[ov][types].sum())
            for ty in tp:
                out[0].append(np.full(k, v))
                out[1].append(ids[pick])
                out[2].append(model.vpl_size[v] * w[pick] * BUSO_TYPE_W[ov][ty] * vr.lognormal(0, 0.4, k))
                out[3].append(np.full(k, ov))
                out[4].append(np.full(k, ty))
    return tuple(np.concatenate(x) for x in out)


@lru_cache(maxsize=4)
def _cells_dbso(seed: int):
    """dbso cells (vpl, programme, weight) of the centres for part-time education."""
    model = _model(seed)
    _, reg = _registry(seed)
    rng = seed_for(seed, "dbso-aanbod")
    vpls = np.flatnonzero(model.vpl_kind == 1)
    ids = np.array(reg["dbso"])
    out_v, out_p, out_w = [], [], []
    for v in vpls:
        k = int(rng.integers(5, 12))
        pick = rng.choice(len(ids), k, replace=False)
        out_v.append(np.full(k, v))
        out_p.append(ids[pick])
        out_w.append(model.vpl_size[v] * rng.lognormal(0, 0.5, k))
    return np.concatenate(out_v), np.concatenate(out_p), np.concatenate(out_w)


@lru_cache(maxsize=4)
def _model(seed: int) -> _Model:
    progs, _ = _registry(seed)
    return _schools(seed, progs)


# ---------------------------------------------------------------------------------------------
# From cells to rows


#: Pupils per administrative group at scale 1 (more, smaller groups at a larger scale).
GROEPSGROOTTE = 100


def _exactly(rng: np.random.Generator, w: np.ndarray, m: int) -> np.ndarray:
    """Indices of ``m`` of ``len(w)`` items drawn without replacement, item i with weight ``w[i]``."""
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    keys = np.log(rng.random(len(w))) / w  # Efraimidis-Spirakis: the m largest keys
    return np.argpartition(-keys, m - 1)[:m]


def _rows(model: _Model, cells: _Cells, rng: np.random.Generator, scale: float,
          jaar: str) -> dict[str, np.ndarray]:
    """Give each pupil its row attributes and count the pupils back into rows.

    Nationality: the share of non-Belgian pupils of 311 and of BuSO is the reference share of the
    year (to the pupil), the pupils drawn by the chances of their province (OKAN: mostly
    non-Belgian). Geslacht: by the programme's share of girls; in 2025-2026 the boys' share of 311
    and BuSO is the reference share (to the pupil).
    """
    progs = model.progs
    c_vpl, c_prog, c_typ, c_n = cells.arrays()
    # merge duplicate cells (same school, programme, type) and order by school
    key = (c_vpl * (len(progs.naam) + 1) + c_prog) * 16 + (c_typ + 1)
    uk, inv = np.unique(key, return_inverse=True)
    n = np.bincount(inv, weights=c_n, minlength=len(uk)).astype(np.int64)
    c_vpl = uk // 16 // (len(progs.naam) + 1)
    c_prog = uk // 16 % (len(progs.naam) + 1)
    c_typ = uk % 16 - 1
    keep = n > 0
    c_vpl, c_prog, c_typ, n = c_vpl[keep], c_prog[keep], c_typ[keep], n[keep]
    ncell = len(n)
    pupil_cell = np.repeat(np.arange(ncell), n)
    npup = len(pupil_cell)
    prog = c_prog[pupil_cell]
    vprov = model.vpl_prov[c_vpl[pupil_cell]]
    # leerjaar
    lj_w = np.zeros((len(progs.naam), 4))
    for i, w in enumerate(progs.lj_w):
        lj_w[i, : len(w)] = np.asarray(w) / sum(w)
    cum = np.cumsum(lj_w, axis=1)
    u = rng.random(npup)
    lj = (u[:, None] > cum[prog, :3]).sum(axis=1)
    lj = np.minimum(lj, np.array([len(x) for x in progs.lj_labels])[prog] - 1)
    # geslacht (0 Mannelijk, 1 Vrouwelijk), nationality (0 Belg, 1 niet-Belg)
    tg = targets()
    female = np.array(progs.female)[prog]
    sex = (rng.random(npup) < female).astype(np.int64)
    p_nb = NIET_BELG[vprov]
    p_nb = np.where(prog == _okan_id(progs), 0.9, p_nb)
    nat = (rng.random(npup) < p_nb).astype(np.int64)
    hs = np.array(progs.hs)[prog]
    for niveau, members in (("secundair", (hs == 0) | (hs == 3)), ("buso", hs == 2)):
        idx = np.flatnonzero(members)
        nat[idx] = 0
        nat[idx[_exactly(rng, p_nb[idx], round(tg.niet_belg[niveau][jaar] / 100 * len(idx)))]] = 1
        if jaar in tg.schooljaren[-1:]:
            sex[idx] = 1
            sex[idx[_exactly(rng, 1.0 - female[idx], round(tg.jongens_2025[niveau] / 100 * len(idx)))]] = 0
    # province of residence
    cumw = np.cumsum(WOONPLAATS, axis=1)
    woon = (rng.random(npup)[:, None] > cumw[vprov, :5]).sum(axis=1)
    # administrative group within the cell and leerjaar
    n_groups = np.maximum(1, np.ceil(n * scale ** 2 / GROEPSGROOTTE)).astype(np.int64)
    grp = np.floor(rng.random(npup) * n_groups[pupil_cell]).astype(np.int64)
    max_g = int(n_groups.max())
    row_key = ((((pupil_cell * 4 + lj) * max_g + grp) * 2 + sex) * 2 + nat) * 6 + woon
    rk, counts = np.unique(row_key, return_counts=True)
    woon_r = rk % 6
    rk //= 6
    nat_r = rk % 2
    rk //= 2
    sex_r = rk % 2
    rk //= 2
    grp_r = rk % max_g
    rk //= max_g
    lj_r = rk % 4
    cell_r = rk // 4
    return {"vpl": c_vpl[cell_r], "prog": c_prog[cell_r], "typ": c_typ[cell_r], "lj": lj_r, "grp": grp_r,
            "sex": sex_r, "nat": nat_r, "woon": woon_r, "aantal": counts.astype(np.int64)}


def _okan_id(progs: _Programmes) -> int:
    return progs.naam.index("Onthaaljaar voor anderstalige nieuwkomers")


_HS_LABEL = (HS_GEWOON, HS_DBSO, HS_BUSO, HS_SYNTRA)
_HS_CODE = ("311", "312", "321", "311")  # Syntra sits inside 311 (label 'Syntra'), as in the real files


def _letters(k: int) -> str:
    s = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        s = chr(65 + r) + s
    return s


def _table(model: _Model, rows: dict[str, np.ndarray]) -> pa.Table:
    """The rows as an Arrow table with the columns of the official file (+ the two optional ones)."""
    progs = model.progs

    def take(values: list, idx: np.ndarray) -> pa.Array:
        return pa.array(values, type=pa.string()).take(pa.array(idx))

    prog, vpl = rows["prog"], rows["vpl"]
    inst = model.vpl_inst[vpl]
    hs = np.array(progs.hs)[prog]
    flat_lj = prog * 4 + rows["lj"]
    lj_labels = [progs.lj_labels[i][j] if j < len(progs.lj_labels[i]) else "" for i in range(len(progs.naam))
                 for j in range(4)]
    lj_codes = [progs.lj_codes[i][j] if j < len(progs.lj_codes[i]) else "" for i in range(len(progs.naam))
                for j in range(4)]
    # administrative groups: leerjaar code + letters + dual suffix
    suffix = np.where(np.array(progs.duaal)[prog], np.where(hs == 3, 1, 2), 0)
    gkey = (flat_lj * 4096 + rows["grp"]) * 3 + suffix
    ug, ginv = np.unique(gkey, return_inverse=True)
    glabels = []
    for g in ug:
        sfx = int(g % 3)
        rest = int(g // 3)
        code = lj_codes[rest // 4096]
        glabels.append(f"{code}-{_letters(rest % 4096)}" + ("", " SYN", " DBSO")[sfx])
    typ_labels = list(BUSO_TYPES) + [NVT]
    typ = np.where(rows["typ"] < 0, len(BUSO_TYPES), rows["typ"])
    cols = {
        "hoofdstructuur": take(list(_HS_LABEL), hs),
        "hoofdstructuur_inschrijving_code": take(list(_HS_CODE), hs),
        "graad_so": take(progs.graad, prog),
        "leerjaar": take(lj_labels, flat_lj),
        "leerjaar_code": take(lj_codes, flat_lj),
        "onderwijsvorm": take(progs.vorm, prog),
        "finaliteit": take(progs.fin, prog),
        "domein": take(progs.domein, prog),
        "studierichting": take(progs.naam, prog),
        "administratieve_groep": take(glabels, ginv),
        "opleidingsvorm": take(progs.opl, prog),
        "type_buitengewoon_onderwijs": take(typ_labels, typ),
        "onderwijsnet": take(model.inst_net, inst),
        "soort_inrichtende_macht": take(model.inst_im, inst),
        "schoolbestuur": take(model.inst_bestuur, inst),
        "scholengemeenschap": take(model.inst_sg, inst),
        "geslacht": take(["Mannelijk", "Vrouwelijk"], rows["sex"]),
        "belg_nietbelg": take(["Belg", "niet-Belg"], rows["nat"]),
        "school_krijgt_omkadering_gok": take(model.inst_gok, inst),
        "vestiging_provincie_naam": take(list(PROVINCIES), model.vpl_prov[vpl]),
        "vestiging_fusiegemeente_naam": take(model.vpl_gemeente, vpl),
        "instellingsnummer": take(model.inst_nr, inst),
        "intern_volgnr_vpl": pa.array(model.vpl_volgnr[vpl].astype(np.int64)),
        "vestigingsplaats_adres": take(model.vpl_adres, vpl),
        "taal_code": take(["NL"], np.zeros(len(prog), np.int64)),
        "aantal_inschrijvingen": pa.array(rows["aantal"]),
        "hoofdzetel_provincie_naam": take(list(PROVINCIES), model.inst_prov[inst]),
        "woonplaats_provincie_naam": take(list(PROVINCIES), rows["woon"]),
        SYNTHETIC_COLUMN: take(["ja"], np.zeros(len(prog), np.int64)),  # never passes as official data
    }
    return pa.table([cols[c] for c in COLUMNS], names=list(COLUMNS))


def _write_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` as CSV to ``path`` all-or-nothing (addin.core.atomic)."""
    with atomic.replacing(path) as tmp:
        pacsv.write_csv(table, tmp, write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed"))


# ---------------------------------------------------------------------------------------------
# Public API


def _check_scale(scale: object) -> float:
    """The scale as a float in (0, 100]; LoepFout otherwise."""
    try:
        value = float(scale)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = float("nan")
    if not 0 < value <= 100:
        raise LoepFout(f"Ongeldige schaal '{scale}' voor de demonstratiedata: verwacht een getal groter dan 0 "
                       f"en hoogstens 100 (1 = ongeveer 120 000 rijen per schooljaar).")
    return value


def file_name(schooljaar: str) -> str:
    """Official-style file name of a school year: '…-dataset-2024-2025-1feb.csv'."""
    return FILE_PATTERN.format(jaar=schooljaar)


def year_table(schooljaar: str, *, scale: float = 1.0, seed: int = DEFAULT_SEED) -> pa.Table:
    """The rows of one school year as an Arrow table (the content of its demo file).

    Args:
        schooljaar: '2016-2017' … '2025-2026'.
        scale: grows the number of rows (administrative groups x ``scale``², so pupils are
            split over more, smaller rows); every pupil total stays the same. Rows cannot
            outnumber pupils (~500 000 a year): about 111 000 rows at 1, 158 000 at 2, 331 000
            at 5, 443 000 at 10 (2022-2023); at most 100 (then every row holds ~1 pupil).
        seed: random seed (default: the fixed seed of the shipped demo data).

    Returns:
        pyarrow Table with the columns :data:`COLUMNS`.
    """
    tg = targets()
    if schooljaar not in tg.schooljaren:
        raise LoepFout(f"Onbekend schooljaar '{schooljaar}' voor de demonstratiedata: kies een schooljaar van "
                       f"{tg.schooljaren[0]} tot {tg.schooljaren[-1]}.")
    scale = _check_scale(scale)
    t = tg.schooljaren.index(schooljaar)
    model = _model(seed)
    _, reg = _registry(seed)
    cells = _year_cells(model, reg, seed, t)
    rows = _rows(model, cells, seed_for(seed, "rijen", schooljaar, float(scale)), float(scale), schooljaar)
    return _table(model, rows)


def write_demo_files(out_dir: str | os.PathLike, *, scale: float = 1.0, seed: int = DEFAULT_SEED,
                     years: Iterable[str] | None = None, progress: Progress | None = None,
                     overwrite: bool = False) -> list[Path]:
    """Write the synthetic demo files, one CSV per school year, in the official layout.

    Args:
        out_dir: folder to write into (created when missing).
        scale: multiplies the number of rows, not the pupils (see :func:`year_table`).
        seed: random seed; the same seed gives byte-identical files.
        years: school years to write (default: all ten, 2016-2017 … 2025-2026).
        progress: optional callback ``(wat, fractie)``.
        overwrite: replace files of the same name in ``out_dir``; without it an existing file
            (perhaps a real official file of that year) is an error and nothing is written.

    Returns:
        The paths written, in school-year order.

    Raises:
        LoepFout: a bad argument (scale, unknown school year) or a file that would be overwritten.
    """
    scale = _check_scale(scale)
    tg = targets()
    chosen = list(tg.schooljaren if years is None else years)
    for j in chosen:
        if j not in tg.schooljaren:
            raise LoepFout(f"Onbekend schooljaar '{j}' (argument 'years'): kies uit {tg.schooljaren[0]} tot "
                           f"{tg.schooljaren[-1]}.")
    folder = Path(out_dir)
    if not overwrite:
        existing = [folder / file_name(j) for j in chosen if (folder / file_name(j)).exists()]
        if existing:
            raise LoepFout(f"Het bestand '{existing[0]}' bestaat al; de demonstratiedata overschrijven het niet. "
                           f"Kies een lege map of vraag uitdrukkelijk om te overschrijven.")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, jaar in enumerate(chosen):
        if progress:
            progress(f"demonstratiedata {jaar}", i / len(chosen))
        path = folder / file_name(jaar)
        _write_atomic(year_table(jaar, scale=scale, seed=seed), path)
        paths.append(path)
    if progress:
        progress("demonstratiedata geschreven", 1.0)
    return paths


def build_demo(data_dir: str | os.PathLike | None = None, progress: Progress | None = None, *,
               scale: float = 1.0, overwrite: bool = False, bron_dir: str | os.PathLike | None = None):
    """Generate the demo files and import them into the store, marked synthetic.

    The files are written to a temporary folder inside the data folder and removed after the
    import (about 45 MB per school year); pass ``bron_dir`` to keep them somewhere. The import
    goes through :func:`addin.core.store.import_files` with ``synthetic=True``.

    Args:
        data_dir: the data folder (default: the ``settings.data_dir`` rule); created when missing.
        progress: optional callback ``(wat, fractie)``.
        scale: row multiplier (benchmarks); pupil totals are the same at every scale.
        overwrite: let the demo data replace a store that holds real data.
        bron_dir: keep the generated CSV files in this folder (default: not kept).

    Returns:
        The :class:`addin.core.store.ImportResult` of the import.
    """
    folder = settings.require_data_dir(data_dir, write=True)

    def sub(lo: float, hi: float):
        if progress is None:
            return None
        return lambda wat, f: progress(wat, lo + (hi - lo) * f)

    if bron_dir is not None:
        files = write_demo_files(bron_dir, scale=scale, progress=sub(0.0, 0.4))
        return store.import_files(files, folder, synthetic=True, overwrite=overwrite, progress=sub(0.4, 1.0),
                                  generator=GENERATOR_VERSIE)
    tmp = Path(tempfile.mkdtemp(prefix=f".{BRON_MAP}-", dir=folder))
    try:
        files = write_demo_files(tmp, scale=scale, progress=sub(0.0, 0.4))
        return store.import_files(files, folder, synthetic=True, overwrite=overwrite, progress=sub(0.4, 1.0),
                                  generator=GENERATOR_VERSIE)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
