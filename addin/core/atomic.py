"""All-or-nothing file writes: the one way Loep writes a file a user or a later run relies on.

Write into a temporary file in the target's own folder, then ``os.replace`` it onto the target
(atomic on the same file system). A failure anywhere leaves the previous file untouched and
no temporary file behind.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path


TEMP_SUFFIX = ".tmp"


@lru_cache(maxsize=1)
def new_file_mode() -> int:
    """Permissions a newly created file gets under this process's umask (mkstemp would give 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def replacing(target: str | os.PathLike, *, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on a clean exit it replaces ``target``.

    Args:
        target: the file to (re)place; its folder is created when missing.
        suffix: ending of the temporary name. It always ends in ``.tmp`` (another suffix goes before it),
            so a leftover of a killed process never looks like a workbook or data file in Windows
            Explorer; :func:`leftovers` finds them.

    Yields:
        The temporary path to write to. On an exception it is removed and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not suffix.endswith(TEMP_SUFFIX):
        suffix += TEMP_SUFFIX
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, new_file_mode())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)  # gone already after a successful replace


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``target`` all-or-nothing."""
    with replacing(target) as temp:
        temp.write_bytes(data)


def leftovers(target: str | os.PathLike) -> list[Path]:
    """Temporary files of :func:`replacing` for ``target`` that a killed process left behind.

    Only call this while no other process can be writing ``target`` (e.g. under the folder's lock).
    """
    target = Path(target)
    try:
        return sorted(p for p in target.parent.glob(f".{glob.escape(target.name)}.*{TEMP_SUFFIX}") if p.is_file())
    except OSError:
        return []
