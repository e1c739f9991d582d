"""Files the server offers for download (answer workbooks made by a task-pane button).

Each file lives in its own folder ``<root>/<token>/`` where ``token`` is a random, URL-safe
string of 22+ characters. The download route only accepts a token (never a path): anything
that is not a well-formed token, or whose folder resolves outside ``root``, is "not found".
Folders older than :data:`KEEP_HOURS` are removed when a new one is made.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from pathlib import Path

from addin.core.settings import data_dir

ENV_DOWNLOADS = "LOEP_DOWNLOADS"
KEEP_HOURS = 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def root() -> Path:
    """The download folder: ``LOEP_DOWNLOADS``, else ``<data folder>/downloads``."""
    env = os.environ.get(ENV_DOWNLOADS)
    return Path(env).expanduser().resolve() if env else (data_dir() / "downloads").resolve()


def new_slot() -> tuple[str, Path]:
    """A fresh (token, folder) for one download; also removes expired folders."""
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    _cleanup(base)
    token = secrets.token_urlsafe(18)
    folder = base / token
    folder.mkdir()
    return token, folder


def resolve(token: str) -> Path | None:
    """The one file of download ``token``, or None (bad token, traversal, missing file)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    base = root()
    folder = (base / token).resolve()
    if folder.parent != base or not folder.is_dir():
        return None
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".xlsx")
    if not files:
        return None
    found = files[0].resolve()
    return found if found.parent == folder else None


def _cleanup(base: Path) -> None:
    limit = time.time() - KEEP_HOURS * 3600
    for folder in base.iterdir():
        if folder.is_dir() and _TOKEN.match(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
