"""The statistical-disclosure policy of every publication, stated once.

Counts from 1 to ``drempel − 1`` (default 5: counts 1–4) are hidden; 0 is shown. What a reader sees:
``<5`` for a small count and ``[c]`` for a cell hidden so that a small count cannot be computed back
from the totals (workbook, Word document, terminal); in the machine-readable CSV an empty value with
status ``c`` (Eurostat's flag for confidential). The policy applies by default to every publication
output (answer workbook, Word document, CSVs, ``loep tabel --uit``); ``--zonder-geheimhouding``
switches it off for internal use, and such an output says "niet voor publicatie" on its cover.

Where the setting comes from (first one that says something wins):

1. the command line: ``--zonder-geheimhouding``, ``--drempel N`` (or a function argument);
2. the question file: ``[geheimhouding]`` with ``toepassen = true|false`` and ``drempel = N``;
3. the environment: ``LOEP_GEHEIMHOUDING`` (``aan``/``uit``) and ``LOEP_GEHEIMHOUDING_DREMPEL``;
4. the default: on, drempel 5.

The command line goes first, as it does for ``--provincie`` and the other question parameters: what
a user types for one run overrides the file. Each source is read separately for "on/off" and for
the threshold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from addin.core.errors import LoepFout
from addin.core.labels import fold, is_empty

ENV_AAN = "LOEP_GEHEIMHOUDING"
ENV_DREMPEL = "LOEP_GEHEIMHOUDING_DREMPEL"
DEFAULT_DREMPEL = 5
#: The lowest sensible threshold: with 2, '<2' would say "exactly 1".
MIN_DREMPEL = 3
MAX_DREMPEL = 100
#: Status of a hidden cell in a CSV (Eurostat: confidential).
CSV_STATUS = "c"
#: What a reader sees in a cell hidden to protect another one (the GSS symbol for confidential).
SECUNDAIR_TEKEN = "[c]"
NIET_VOOR_PUBLICATIE = ("NIET VOOR PUBLICATIE: gemaakt zonder statistische geheimhouding (--zonder-geheimhouding); "
                        "kleine aantallen staan erin en zijn tot personen te herleiden.")

#: How 'aan' and 'uit' may be written (folded), everywhere a setting is read: ja/nee, waar/onwaar (Dutch Excel's
#: TRUE/FALSE), true/false, 1/0.
AAN_WAARDEN = {"aan": True, "ja": True, "waar": True, "true": True, "1": True,
               "uit": False, "nee": False, "onwaar": False, "false": False, "0": False}


@dataclass(frozen=True)
class Policy:
    """Whether small counts are hidden, from which threshold, and where that was decided.

    Args:
        aan: hide small counts (False: internal use only, "niet voor publicatie").
        drempel: counts 1 … drempel − 1 are hidden.
        bron: where ``aan`` came from ('opdrachtregel', 'vraagbestand', 'omgeving', 'standaard').
    """

    aan: bool = True
    drempel: int = DEFAULT_DREMPEL
    bron: str = "standaard"

    @property
    def primair_teken(self) -> str:
        """'<5': what a small count shows."""
        return f"<{self.drempel}"

    @property
    def secundair_teken(self) -> str:
        return SECUNDAIR_TEKEN

    @property
    def minder_dan(self) -> str:
        """'minder dan 5': a small count in a sentence."""
        return f"minder dan {self.drempel}"

    def teken(self, status: str) -> str:
        """What a reader sees for a hidden cell of ``status`` ('primair' / 'secundair')."""
        return self.primair_teken if status == "primair" else self.secundair_teken

    @property
    def regel(self) -> str:
        """The rule in plain Dutch, for the Toelichting."""
        if not self.aan:
            return NIET_VOOR_PUBLICATIE
        return (f"Aantallen kleiner dan {self.drempel} worden om privacyredenen niet vermeld "
                f"({self.primair_teken}); om te vermijden dat ze uit de totalen af te leiden zijn, zijn ook enkele "
                f"andere cellen verborgen ({self.secundair_teken}). In de CSV-bestanden is zo'n cel leeg, met status "
                f"'{CSV_STATUS}' (vertrouwelijk). Een 0 wordt wel vermeld.")

    @property
    def tabel_melding(self) -> str:
        """The line above a table with hidden cells."""
        return (f"In deze tabel zijn cellen verborgen: {self.primair_teken} = kleiner dan {self.drempel}, "
                f"{self.secundair_teken} = verborgen om afleiding uit de totalen te vermijden.")


def parse_aan(value, waar: str, anders: str = "") -> bool:
    """'aan'/'uit' (:data:`AAN_WAARDEN`, a boolean, the number 1 or 0) as True/False.

    The one reading of the on/off setting, for every place it comes from (environment, question file, the
    cell functions' arguments).

    Args:
        value: what was given.
        waar: where it was given, for the message ("de omgevingsvariabele …", "argument 'geheimhouding'").
        anders: what else that place accepts, said after 'aan' of 'uit' (e.g. " of een drempel als 'drempel=10'").

    Raises:
        LoepFout: anything else, naming ``waar``.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = fold(str(value)).strip()
    if key in AAN_WAARDEN:
        return AAN_WAARDEN[key]
    raise LoepFout(f"Ongeldige waarde '{_shown(value)}' voor {waar}: verwacht 'aan' of 'uit' (ook ja/nee, waar/onwaar, "
                   f"1/0){anders}; uit = kleine aantallen tonen, niet voor publicatie.")


def parse_drempel(value, waar: str) -> int:
    """A threshold: a whole number from :data:`MIN_DREMPEL` to :data:`MAX_DREMPEL` (text '10' or '10,0' too).

    Raises:
        LoepFout: anything else, naming ``waar``.
    """
    try:
        number = float(str(value).strip().replace(",", ".")) if not isinstance(value, (int, float)) else value
    except ValueError:
        number = float("nan")
    if isinstance(value, bool) or not float(number).is_integer() or not MIN_DREMPEL <= number <= MAX_DREMPEL:
        raise LoepFout(f"Ongeldige waarde '{_shown(value)}' voor {waar}: verwacht een geheel getal van {MIN_DREMPEL} "
                       f"tot {MAX_DREMPEL} (aantallen vanaf 1 tot de drempel worden verborgen).")
    return int(number)


def _shown(value) -> str:
    """A value as a message quotes it (2.0 from an Excel cell as '2')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def resolve(*, cli_aan: bool | None = None, cli_drempel=None, vraag_aan=None, vraag_drempel=None,
            env: Mapping[str, str] | None = None) -> Policy:
    """The policy for one run, by the priority in the module docstring.

    Args:
        cli_aan: False for ``--zonder-geheimhouding``; None when not given.
        cli_drempel: ``--drempel`` (None: not given).
        vraag_aan, vraag_drempel: ``[geheimhouding] toepassen`` / ``drempel`` of the question file (None: absent).
        env: the environment (default ``os.environ``).

    Raises:
        LoepFout: an unreadable value, naming where it came from.
    """
    env = os.environ if env is None else env
    aan, bron = True, "standaard"
    for value, waar, naam in ((env.get(ENV_AAN), f"de omgevingsvariabele {ENV_AAN}", "omgeving"),
                              (vraag_aan, "'toepassen' in [geheimhouding] van het vraagbestand", "vraagbestand"),
                              (cli_aan, "de opdrachtregel", "opdrachtregel")):
        if value is not None and not is_empty(value):
            aan, bron = parse_aan(value, waar), naam
    drempel = DEFAULT_DREMPEL
    for value, waar in ((env.get(ENV_DREMPEL), f"de omgevingsvariabele {ENV_DREMPEL}"),
                        (vraag_drempel, "'drempel' in [geheimhouding] van het vraagbestand"),
                        (cli_drempel, "--drempel")):
        if value is not None and not is_empty(value):
            drempel = parse_drempel(value, waar)
    return Policy(aan=aan, drempel=drempel, bron=bron)
