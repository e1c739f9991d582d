"""A question file for a test: the fixed [vraag] / [parameters] / [[vragen]] part, with the test's own tables."""

from __future__ import annotations

import textwrap
from pathlib import Path

from addin.core.questionspec import load_spec


def write_question(folder: Path, tabellen_toml: str, *, tabellen=("T1",), provincie: str = "Limburg",
                   tekst: str = "Hoeveel?", naam: str = "vraag.toml") -> Path:
    """Write a question file with one question answered by ``tabellen``; ``tabellen_toml`` holds the
    ``[[tabellen]]`` blocks."""
    path = Path(folder) / naam
    lijst = ", ".join(f'"{t}"' for t in tabellen)
    path.write_text(textwrap.dedent(f"""\
        [vraag]
        titel = "Testvraag"
        nummer = "test"
        datum = "onbekend"
        vraagsteller = "niet vermeld"
        [[vraag.ministers]]
        naam = "Vlaams minister van Onderwijs"
        nummer = ""
        [parameters]
        provincie = "{provincie}"
        [[vragen]]
        nummer = 1
        tabellen = [{lijst}]
        tekst = "{tekst}"
        """) + textwrap.dedent(tabellen_toml), encoding="utf-8")
    return path


def load_question(folder: Path, tabellen_toml: str, **options):
    """:func:`write_question`, read back as Loep reads it (``load_spec``)."""
    return load_spec(write_question(folder, tabellen_toml, **options))
