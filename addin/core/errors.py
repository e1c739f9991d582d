"""The one user-facing error class of Loep.

Every mistake a user can make (a wrong argument, a bad file, a missing basis) raises
:class:`LoepFout` with a Dutch message that names the argument, file, row or column and
says what was expected. Front ends show the message and never a traceback.
"""

from __future__ import annotations


class LoepFout(Exception):
    """A user mistake or a data problem, explained in Dutch.

    Args:
        boodschap: the complete Dutch message shown to the user.
        suggestie: optional nearest valid value ("bedoelde u ...?"), kept apart so
            front ends can use it (e.g. in an Excel error tooltip).
    """

    def __init__(self, boodschap: str, suggestie: str | None = None):
        super().__init__(boodschap)
        self.boodschap = boodschap
        self.suggestie = suggestie

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.boodschap
