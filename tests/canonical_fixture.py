"""A small, random but deterministic canonical table for unit tests of queries and front ends.

Independent of the demo generator and the cleaner, so those can change without breaking
the tests of what sits on top of them. Every dimension value of the vocabularies occurs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.catalogue import catalogue
from addin.core.dataset import DataInfo, Dataset
from addin.core.dimensions import DIMENSIONS
from addin.core.labels import GRADEN, ONDERWIJSVORMEN, PROVINCIES
from addin.core.schema import CANONICAL

YEARS = tuple(f"{y}-{y + 1}" for y in range(2016, 2026))
#: The province column of the canonical rows for each basis (what a test filters the rows on).
PROVINCE_COLUMN = {"vestigingsplaats": "provincie_vestigingsplaats", "hoofdzetel": "provincie_hoofdzetel",
                   "woonplaats": "provincie_woonplaats"}


def make_canonical_frame(n: int = 4000, seed: int = 7, bases=("vestigingsplaats", "hoofdzetel", "woonplaats"),
                         years=YEARS) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cat = catalogue()
    dual_names = cat["naam"].to_numpy()
    other = np.array(["Bouwtechnieken", "Moderne talen", "Economie", "Latijn", "Kantoor"])
    duaal = rng.random(n) < 0.3
    naam = np.where(duaal, rng.choice(dual_names, n), rng.choice(other, n))
    sector_map = dict(zip(cat["naam"], cat["sector"]))
    sector = [sector_map.get(s, "Onbekend " + s[:3]) for s in naam]
    provs = np.array(PROVINCIES)
    frame = pd.DataFrame(
        {
            "schooljaar": rng.choice(np.array(years), n),
            "hoofdstructuur": "Voltijds gewoon secundair onderwijs",
            "onderwijsvorm": rng.choice(np.array(ONDERWIJSVORMEN), n),
            "graad": rng.choice(np.array(GRADEN), n),
            "leerjaar": "1e leerjaar",
            "finaliteit": "n.v.t.",
            "studierichting": naam,
            "sector": sector,
            "sectortype": "domein",
            "duaal": duaal,
            "provincie_vestigingsplaats": rng.choice(provs, n),
            "provincie_hoofdzetel": rng.choice(provs, n) if "hoofdzetel" in bases else None,
            "provincie_woonplaats": rng.choice(provs, n) if "woonplaats" in bases else None,
            "geslacht": rng.choice(np.array(["Mannelijk", "Vrouwelijk"]), n),
            "instellingsnummer": rng.choice(np.array([str(i) for i in range(100, 160)]), n),
            "aantal": rng.integers(1, 40, n).astype("int32"),
            "bronbestand": "test.csv",
            "bronrij": np.arange(1, n + 1, dtype="int32"),
        }
    )
    # every other dimension of the registry: random values of its vocabulary, or a few made-up labels
    for dim in DIMENSIONS:
        col = dim.kolom
        if col is None or col in frame.columns:
            continue
        if dim.vocabulaire is not None:
            choices = np.array([v for v in dim.vocabulaire.waarden])
        else:
            choices = np.array([f"{dim.label} {i}" for i in range(1, 6)])
        frame[col] = rng.choice(choices, n)
    for col in CANONICAL:
        if col.dtype == "category":
            frame[col.naam] = frame[col.naam].astype("category")
    return frame[[c.naam for c in CANONICAL]]


def make_dataset(n: int = 4000, seed: int = 7, **kw) -> Dataset:
    frame = make_canonical_frame(n, seed, **kw)
    bases = kw.get("bases", ("vestigingsplaats", "hoofdzetel", "woonplaats"))
    info = DataInfo(bronnen=(), schooljaren=tuple(sorted(frame["schooljaar"].unique())), bases=tuple(bases),
                    dataversie="test0000", synthetisch=True, rijen=len(frame), aangemaakt="2026-01-01T00:00:00")
    return Dataset(frame, info)
