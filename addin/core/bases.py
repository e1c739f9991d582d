"""The three bases of "provincie": whose province a count is about.

Dataloep lets a user choose the province of the school's *vestigingsplaats*, of its *hoofdzetel*
or of the pupil's *woonplaats*. Each basis has its raw column in the files and its canonical
column in the store; a file without a basis cannot answer for it (Loep says so, never guesses).
"""

from __future__ import annotations

#: basis name -> (raw column, canonical column)
BASES: dict[str, tuple[str, str]] = {
    "vestigingsplaats": ("vestiging_provincie_naam", "provincie_vestigingsplaats"),
    "hoofdzetel": ("hoofdzetel_provincie_naam", "provincie_hoofdzetel"),
    "woonplaats": ("woonplaats_provincie_naam", "provincie_woonplaats"),
}
DEFAULT_BASIS = "vestigingsplaats"


def province_column(basis: str) -> str:
    """Canonical column holding the province under ``basis``."""
    return BASES[basis][1]
