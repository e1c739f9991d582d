"""Where Loep keeps its data: one rule, used by every front end.

Priority: an explicit ``--data DIR`` (or function argument) > the environment variable
``LOEP_DATA`` > the per-user data directory of the platform (platformdirs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA = "LOEP_DATA"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data folder to use (not created here)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir("loep", appauthor=False))
