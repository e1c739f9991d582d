"""A loaded dataset: the canonical table plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from addin.core.schema import PEILDATUM

SYNTHETIC_LABEL = "synthetische demonstratiedata — geen officiële cijfers"


@dataclass(frozen=True)
class SourceFile:
    """One imported file: its name, content hash, school years and row counts."""

    naam: str
    sha256: str
    schooljaren: tuple[str, ...]
    rijen_gelezen: int
    rijen_behouden: int


@dataclass(frozen=True)
class DataInfo:
    """Provenance of a dataset, shown on every output (cover sheet, ``LOEP.BRON``, ``loep info``)."""

    bronnen: tuple[SourceFile, ...]
    schooljaren: tuple[str, ...]
    bases: tuple[str, ...]
    dataversie: str
    synthetisch: bool
    rijen: int
    aangemaakt: str  # ISO timestamp of the store write
    peildatum: str = PEILDATUM

    @property
    def bron(self) -> str:
        """One Dutch line naming the source."""
        if self.synthetisch:
            return f"Loep — {SYNTHETIC_LABEL}, in de lay-out van de open data 'inschrijvingen leerplicht per instelling'"
        return "Departement Onderwijs en Vorming, open data 'inschrijvingen leerplicht per instelling'"

    @property
    def samenvatting(self) -> str:
        """Source, reference date, data version and synthetic flag in one line."""
        jaren = f"{self.schooljaren[0]} tot {self.schooljaren[-1]}" if self.schooljaren else "geen schooljaren"
        tekst = (f"Bron: {self.bron}; telling op {self.peildatum}; schooljaren {jaren}; "
                 f"dataversie {self.dataversie}")
        if self.synthetisch:
            tekst += f"; LET OP: {SYNTHETIC_LABEL}"
        return tekst

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "DataInfo":
        d = dict(d)
        d["bronnen"] = tuple(SourceFile(**{**s, "schooljaren": tuple(s["schooljaren"])}) for s in d["bronnen"])
        d["schooljaren"] = tuple(d["schooljaren"])
        d["bases"] = tuple(d["bases"])
        return cls(**d)


@dataclass
class Dataset:
    """The cleaned rows (columns of ``addin.core.schema.CANONICAL``) and their provenance."""

    frame: pd.DataFrame
    info: DataInfo
    _cache: dict = field(default_factory=dict, repr=False, compare=False)
