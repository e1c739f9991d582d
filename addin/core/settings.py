"""Where Loep keeps its data: one rule, used by every front end.

Priority: an explicit ``--data DIR`` (or function argument) > the environment variable
``LOEP_DATA`` > the per-user data directory of the platform (platformdirs).

:func:`require_data_dir` checks that folder in one place before it is read or written, so a
``--data`` that names a file, a path that cannot be created or a folder without write access
gives a Dutch :class:`LoepFout` instead of a Python traceback.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import platformdirs

from addin.core.errors import LoepFout

ENV_DATA = "LOEP_DATA"

#: Operating-system error numbers in Dutch words (never the English ``strerror`` text).
OS_FOUTEN: dict[int, str] = {
    errno.EACCES: "geen toegangsrechten",
    errno.EPERM: "geen toegangsrechten",
    errno.ENOENT: "die plaats bestaat niet en kan niet aangemaakt worden",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EEXIST: "er bestaat al een bestand met die naam",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.EISDIR: "het is een map, geen bestand",
    errno.ENAMETOOLONG: "de naam is te lang",
}


def os_fout_tekst(exc: OSError) -> str:
    """The Dutch words for an operating-system error (e.g. 'geen toegangsrechten').

    Args:
        exc: the OSError (its ``errno`` picks the words).

    Returns:
        A short Dutch phrase; for an unlisted error number a generic phrase with the number.
    """
    if isinstance(exc, PermissionError) and exc.errno not in OS_FOUTEN:
        return OS_FOUTEN[errno.EACCES]
    found = OS_FOUTEN.get(exc.errno) if exc.errno is not None else None
    if found:
        return found
    return f"systeemfout {exc.errno}" if exc.errno is not None else "onbekende systeemfout"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data folder to use (not created or checked here; see :func:`require_data_dir`)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir("loep", appauthor=False))


def _first_file(folder: Path) -> Path | None:
    """``folder`` or its nearest existing ancestor when that is not a directory, else None."""
    for p in (folder, *folder.parents):
        try:
            if p.exists():
                return None if p.is_dir() else p
        except OSError:
            return None
    return None


def _write_probe(folder: Path) -> None:
    """Create and remove a temporary file in ``folder`` (raises OSError without write access)."""
    fd, name = tempfile.mkstemp(prefix=".loep-schrijftest-", dir=folder)
    os.close(fd)
    os.unlink(name)


def require_data_dir(explicit: str | os.PathLike | None = None, *, write: bool = False) -> Path:
    """The data folder (``data_dir`` rule), checked before use.

    Args:
        explicit: ``--data DIR`` or a function argument (None: ``LOEP_DATA`` or the default).
        write: the folder will be written: create it when missing and check write access.

    Returns:
        The folder (existing when ``write``; possibly absent otherwise).

    Raises:
        LoepFout: the path (or a part of it) is a file, or the folder cannot be created or
            written, in Dutch words.
    """
    folder = data_dir(explicit)
    blocking = _first_file(folder)
    if blocking is not None:
        if blocking == folder:
            raise LoepFout(f"'{folder}' is een bestand, geen map (--data of {ENV_DATA}); geef een map op.")
        raise LoepFout(f"Kan de gegevensmap '{folder}' niet gebruiken: '{blocking}' is een bestand, geen map "
                       f"(--data of {ENV_DATA}).")
    if not write:
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LoepFout(f"Kan de gegevensmap '{folder}' niet aanmaken: {os_fout_tekst(exc)} (--data of "
                       f"{ENV_DATA}).") from None
    try:
        _write_probe(folder)
    except OSError as exc:
        raise LoepFout(f"Kan niet schrijven in de gegevensmap '{folder}': {os_fout_tekst(exc)} (--data of "
                       f"{ENV_DATA}); kies een andere map.") from None
    return folder
