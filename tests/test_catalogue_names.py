"""Programme names in full where the catalogue 2026 abbreviates them (its names stop at 40 characters)."""

from __future__ import annotations

import csv
import re
from importlib import resources

import pytest

from addin.core.catalogue import catalogue, volledige_naam


def _listed_names() -> set[str]:
    """The programme names of the lists after and before the modernisation, read as plain CSV."""
    names: set[str] = set()
    for name in ("duale-opleidingen-na-modernisering.csv", "duale-opleidingen-voor-modernisering.csv"):
        with resources.files("addin.reference").joinpath(name).open(encoding="utf-8") as fh:
            names |= {row["structuuronderdeel"].strip() for row in csv.DictReader(fh)}
    return names


@pytest.mark.parametrize("short,full", [
    ("Aanloop admin.-distributie duaal (E&O)", "Aanloop administratie en distributie duaal"),
    ("Installateur elektrotechn. basiscomp. DL", "Installateur elektrotechnische basiscomponenten duaal"),
    ("Plaatser boven&ondergrondse leidingen DL", "Plaatser boven- en ondergrondse leidingen duaal"),
    ("Polyvalent mec. zware bedrijfsvoert. DL", "Polyvalent mecanicien zware bedrijfsvoertuigen duaal"),
    ("Medewerker kamerdienst DL OV3", "Medewerker kamerdienst duaal (opleidingsvorm 3)"),
    ("Aanloop mechanica-elektriciteit DL(STEM)", "Aanloop mechanica-elektriciteit duaal"),
    # not in either list: only the certain abbreviations are written out
    ("Omsteller verspaning/monteerder-afreg.DL", "Omsteller verspaning/monteerder-afreg. duaal"),
    ("Kapper-stylist duaal", "Kapper-stylist duaal"),
])
def test_full_names(short, full):
    assert volledige_naam(short) == full


def test_every_catalogue_name_in_full():
    full_list = _listed_names()
    cat = catalogue()
    assert len(cat["volledige_naam"]) == len(cat) and cat["volledige_naam"].notna().all()
    for short, full in zip(cat["naam"], cat["volledige_naam"]):
        assert not re.search(r"\bDL\b|\bOV3\b|&", full), (short, full)
        bare = full.removesuffix(" (opleidingsvorm 3)")
        if bare != short and "." in short:  # a cut-off word was restored only from a listed name
            assert bare in full_list or "." in bare, (short, full)
