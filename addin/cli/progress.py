"""Progress output for long work on the command line (tqdm on stderr)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from tqdm import tqdm

#: A progress callback as the core accepts it: (what is being done, fraction done 0..1).
Progress = Callable[[str, float], None]


class Bar:
    """A tqdm bar fed by core progress callbacks. Use as a context manager."""

    def __init__(self, titel: str):
        self._bar = tqdm(total=100, desc=titel, file=sys.stderr, leave=True,
                         bar_format="{desc}: {percentage:3.0f}% |{bar:30}| {postfix}",
                         disable=None)

    def __call__(self, wat: str, fractie: float) -> None:
        self._bar.n = round(max(0.0, min(1.0, fractie)) * 100)
        self._bar.set_postfix_str(wat, refresh=False)
        self._bar.refresh()

    def __enter__(self) -> "Bar":
        return self

    def __exit__(self, *exc) -> None:
        self._bar.close()
