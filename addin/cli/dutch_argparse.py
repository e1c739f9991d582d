"""argparse in Dutch: its own texts (usage, help, errors) translated through its gettext hook.

argparse looks every user-facing text up through ``argparse._`` (gettext). Loep's CLI installs
this catalogue there, so usage lines, section titles and argument errors read in Dutch like
the rest of Loep. Texts not listed fall through to the original.
"""

from __future__ import annotations

import argparse

DUTCH: dict[str, str] = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "verwacht één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)r (verwacht: %(type)s)",
    "ambiguous option: %(option)s could match %(matches)s": "dubbelzinnige optie: %(option)s kan %(matches)s zijn",
    "not allowed with argument %s": "niet toegestaan samen met argument %s",
    "one of the arguments %s is required": "een van de argumenten %s is verplicht",
    "ignored explicit argument %r": "genegeerd argument %r",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}

_original = argparse._


def getal(text: str) -> float:
    """``type=`` for a number option: ``float``, but argparse's error names it 'getal', not 'float'."""
    return float(text)


def geheel_getal(text: str) -> int:
    """``type=`` for a whole-number option: ``int``, but argparse's error names it 'geheel getal', not 'int'."""
    return int(text)


getal.__name__ = "getal"  # argparse shows the converter's __name__ in 'ongeldige waarde ... (verwacht: …)'
geheel_getal.__name__ = "geheel getal"


def _translate(message: str) -> str:
    return DUTCH.get(message, _original(message))


def install() -> None:
    """Route argparse's texts through the Dutch catalogue (idempotent)."""
    argparse._ = _translate
