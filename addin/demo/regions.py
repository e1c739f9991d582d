"""Regional paths of the synthetic demonstration data: how the splits differ by province and year.

Without these, every province would get the same share of the dual pupils in every year and the
same onderwijsvorm, graad and opleidingsvorm split, scaled to its size: the lines of a chart per
province would be copies of one curve. Here each province follows its own path:

* the dual pupils per province (:func:`dual_per_province`) follow a base path of shares chosen
  by Loep (Antwerpen the largest throughout, Limburg starting low and catching up, Vlaams-Brabant
  and Brussels slowly growing, West-Vlaanderen lagging in 2022-2023 and growing 16 % in
  2024-2025 as published) times a seeded, mean-reverting random walk in the log-share, renormalised each year;
  the published province figures are pinned and the constraints of ``kalibratie.md`` checked
  (the walk is damped until they hold);
* every other province x category table (dual form, 311 segment, BuSO opleidingsvorm, BuSO and
  dbso per province, programme popularity) gets a fixed regional profile times a slow random
  walk over the years (:func:`drift`). The tables themselves are still allocated with exact
  national margins, so no calibrated total changes.

All draws come from :func:`seed_for` (seed + names via ``zlib.crc32``), so they are the same in
every process.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np

from addin.core.labels import BRUSSEL, PROVINCIES
from addin.demo.allocation import largest_remainder
from addin.demo.calibration import targets

_P = {p: i for i, p in enumerate(PROVINCIES)}  # Antwerpen, Limburg, Oost-Vl., Vlaams-Br., West-Vl., Brussel
_ANT, _LIM, _OVL, _VB, _WV, _BXL = (_P["Antwerpen"], _P["Limburg"], _P["Oost-Vlaanderen"], _P["Vlaams-Brabant"],
                                    _P["West-Vlaanderen"], _P[BRUSSEL])

#: Base path of the province shares of all dual pupils, 2016-2017 … 2025-2026 (columns in the
#: order of PROVINCIES: Antwerpen, Limburg, Oost-Vlaanderen, Vlaams-Brabant, West-Vlaanderen,
#: Brussel). Loep's choice where nothing is published: Antwerpen started the pilot and stays the
#: largest; Limburg starts lowest and catches up from 2023-2024 (passing West-Vlaanderen);
#: West-Vlaanderen is pinned in 2021-2022 / 2022-2023 and grows by the published 16 % in
#: 2024-2025; Vlaams-Brabant and Brussels grow slowly. Rows need not add up to 1.
DUAAL_PROVINCIE_BASIS = np.array([
    #  A      L      OV     VB     WV     BXL
    [0.360, 0.075, 0.220, 0.160, 0.160, 0.025],  # 2016-2017
    [0.345, 0.080, 0.225, 0.155, 0.165, 0.030],  # 2017-2018
    [0.335, 0.085, 0.230, 0.155, 0.165, 0.030],  # 2018-2019
    [0.330, 0.090, 0.230, 0.160, 0.160, 0.030],  # 2019-2020
    [0.325, 0.095, 0.235, 0.160, 0.155, 0.030],  # 2020-2021
    [0.320, 0.100, 0.235, 0.160, 0.153, 0.032],  # 2021-2022 (West-Vlaanderen pinned)
    [0.325, 0.108, 0.237, 0.165, 0.133, 0.032],  # 2022-2023 (West-Vlaanderen pinned)
    [0.315, 0.118, 0.235, 0.167, 0.135, 0.030],  # 2023-2024
    [0.310, 0.128, 0.232, 0.170, 0.123, 0.033],  # 2024-2025 (West-Vlaanderen +16 %)
    [0.305, 0.135, 0.230, 0.172, 0.125, 0.035],  # 2025-2026
])
#: Standard deviation of one year's step of the walk in the log-share of a province, and how
#: much of last year's deviation from the base path remains (a mean-reverting walk: the
#: provinces wiggle around the base path, about 10 % up or down, instead of drifting off).
DUAAL_PROVINCIE_STAP = 0.08
DUAAL_PROVINCIE_GEHEUGEN = 0.6
#: Brussels' share of the dual pupils relative to its share of the 311 pupils: kept in this band
#: (kalibratie.md: "roughly in proportion"; the tests allow 0.5 … 1.5).
BRUSSEL_VERHOUDING = (0.6, 1.4)


def seed_for(seed: int, *parts: object) -> np.random.Generator:
    """A random generator derived from ``seed`` and names (stable across processes)."""
    key = [seed] + [zlib.crc32(str(p).encode()) for p in parts]
    return np.random.default_rng(key)


@lru_cache(maxsize=64)
def drift(seed: int, name: str, shape: tuple[int, ...], fixed_sd: float, step_sd: float,
          years: int = 10) -> np.ndarray:
    """Multiplicative regional factors: a fixed profile times a random walk over the years.

    Args:
        seed: the generator's seed.
        name: names the stream (each table has its own).
        shape: shape of one year's factors (e.g. (6, n_categories)).
        fixed_sd: sd of the log of the fixed profile (differences between provinces).
        step_sd: sd of one year's step of the log random walk (change over the years).
        years: number of school years.

    Returns:
        Read-only array of shape ``(years, *shape)``, positive; over the years each entry
        averages (in the log) its fixed profile.
    """
    rng = seed_for(seed, "drift", name)
    fixed = rng.normal(0.0, fixed_sd, shape)
    steps = rng.normal(0.0, step_sd, (years, *shape))
    steps[0] = 0.0
    walk = np.cumsum(steps, axis=0)
    walk -= walk.mean(axis=0)  # the profile is the average level, the walk moves around it
    out = np.exp(fixed[None, ...] + walk)
    out.flags.writeable = False
    return out


def _allocate_year(total: int, w: np.ndarray, fixed: dict[int, int]) -> np.ndarray:
    out = np.zeros(len(w), dtype=np.int64)
    free = w.astype(float).copy()
    for p, v in fixed.items():
        out[p] = v
        free[p] = 0.0
    out += largest_remainder(total - int(out.sum()), free)
    return out


def _meets_constraints(table: np.ndarray) -> bool:
    """The province constraints of kalibratie.md (with margins inside the tests' bounds)."""
    tg = targets()
    lo, hi = BRUSSEL_VERHOUDING
    for t, jaar in enumerate(tg.schooljaren):
        row = table[t]
        others = np.delete(row, _ANT)
        if not (row[_ANT] > others.max() and (row > 0).all()):
            return False
        share_311 = tg.secundair_provincie[jaar][BRUSSEL] / tg.secundair[jaar]
        if t >= 1 and not lo * share_311 <= row[_BXL] / row.sum() <= hi * share_311:
            return False
    y = table[tg.schooljaren.index("2022-2023")]
    # Limburg lower than West-Vlaanderen, which is second lowest of the five; Antwerpen > 2 x West-Vl.
    return bool(y[_LIM] < y[_WV] < min(y[_OVL], y[_VB]) and y[_ANT] > 2 * y[_WV])


@lru_cache(maxsize=4)
def dual_per_province(seed: int) -> np.ndarray:
    """Dual pupils per school year x province (vestigingsplaats), every calibrated figure exact.

    The year totals are :attr:`Targets.duaal`; the published province figures
    (:attr:`Targets.duaal_provincie`) and growth rates (:attr:`Targets.duaal_provincie_groei`)
    are pinned; the other provinces share the rest by ``DUAAL_PROVINCIE_BASIS`` x a seeded
    mean-reverting walk in the log-share. When a walk breaks a constraint of ``kalibratie.md`` it is
    damped (halved) until every constraint holds; the undamped base path meets them all.

    Args:
        seed: the generator's seed.

    Returns:
        int64 array (10 school years x 6 provinces, order of PROVINCIES), read-only.
    """
    tg = targets()
    rng = seed_for(seed, "duaal-provincie")
    steps = rng.normal(0.0, DUAAL_PROVINCIE_STAP, DUAAL_PROVINCIE_BASIS.shape)
    walk = np.zeros_like(steps)
    for t in range(len(steps)):
        walk[t] = (DUAAL_PROVINCIE_GEHEUGEN * walk[t - 1] if t else 0.0) + steps[t]
    for damp in (1.0, 0.75, 0.5, 0.25, 0.0):
        w = DUAAL_PROVINCIE_BASIS * np.exp(damp * walk)
        table = np.zeros(DUAAL_PROVINCIE_BASIS.shape, dtype=np.int64)
        for t, jaar in enumerate(tg.schooljaren):
            fixed = {_P[p]: v for (j, p), v in tg.duaal_provincie.items() if j == jaar}
            for (j, p), g in tg.duaal_provincie_groei.items():
                if j == jaar:
                    fixed[_P[p]] = round(table[t - 1, _P[p]] * g)
            table[t] = _allocate_year(tg.duaal[jaar], w[t], fixed)
        if _meets_constraints(table):
            break
    else:  # pragma: no cover - the base path is chosen to meet them
        raise RuntimeError("the base path of dual pupils per province breaks a constraint")
    table.flags.writeable = False
    return table
