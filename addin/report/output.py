"""Where the answer files go, and writing them all-or-nothing.

``--uit`` is a file name ending in ``.xlsx`` or a folder; the CSVs go beside the workbook
as ``<naam>_<sleutel>.csv``. Every file is first written to a temporary file in its target
folder and only renamed into place (``os.replace``) when all of them were written, so a
failure leaves no half-written workbook behind. An existing file is never replaced
unless the caller says ``overwrite=True``.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from addin.core.atomic import new_file_mode
from addin.core.errors import LoepFout
from addin.core.labels import fold

EXTENSION = ".xlsx"


def slug(*parts: str) -> str:
    """File-name part from words: 'Antwerpen', '2016-2017' -> 'antwerpen-2016-2017'."""
    text = "-".join(fold(p) for p in parts if p)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def resolve_workbook_path(uit: str | os.PathLike | None, default_name: str) -> Path:
    """The workbook path for ``--uit``.

    Args:
        uit: None (current folder), a folder, or a file name ending in ``.xlsx``.
        default_name: file name used when ``uit`` is a folder.

    Returns:
        Absolute path of the workbook. A folder that does not exist yet is created.

    Raises:
        LoepFout: another extension, or the folder of a file name does not exist.
    """
    if uit is None or str(uit).strip() == "":
        return Path.cwd().resolve() / default_name
    path = Path(uit).expanduser()
    if path.is_dir():
        return path.resolve() / default_name
    suffix = path.suffix.lower()
    if suffix == EXTENSION:
        if not path.parent.exists():
            raise LoepFout(f"De map '{path.parent}' van --uit '{uit}' bestaat niet; maak ze eerst aan of kies "
                           "een andere map.")
        if not path.parent.is_dir():
            raise LoepFout(f"'{path.parent}' in --uit '{uit}' is geen map.")
        return path.resolve()
    if suffix:
        raise LoepFout(f"--uit '{uit}' heeft de extensie '{path.suffix}'; geef een bestandsnaam die eindigt op "
                       f"'{EXTENSION}' of een map.")
    if path.exists():
        raise LoepFout(f"--uit '{uit}' bestaat al en is geen map; geef een map of een bestandsnaam die eindigt "
                       f"op '{EXTENSION}'.")
    try:
        path.mkdir(parents=True)
    except OSError as exc:
        raise LoepFout(f"Kan de map '{path}' (--uit) niet aanmaken: {exc.strerror or exc}.") from exc
    return path.resolve() / default_name


def csv_paths(workbook_path: Path, keys: Sequence[str]) -> list[Path]:
    """Paths of the CSV files beside a workbook: ``<stem>_<key>.csv``."""
    return [workbook_path.with_name(f"{workbook_path.stem}_{key}.csv") for key in keys]


def refuse_existing(paths: Sequence[Path]) -> None:
    """LoepFout for the first of ``paths`` that exists (no silent overwrite)."""
    for path in paths:
        if path.exists():
            raise LoepFout(f"Het bestand '{path}' bestaat al; kies een andere naam met --uit of gebruik "
                           "--overschrijven.")


def write_all_or_nothing(writers: Sequence[tuple[Path, Callable[[Path], None]]], *, overwrite: bool = False) -> None:
    """Write several files so that either all of them appear or none does.

    Args:
        writers: (target path, function writing the content to a given path) pairs.
        overwrite: replace existing files; otherwise an existing target is a LoepFout.

    Raises:
        LoepFout: an existing file without ``overwrite``, or a folder that cannot be written.
    """
    targets = [p for p, _ in writers]
    if not overwrite:
        refuse_existing(targets)
    temps: list[Path] = []
    try:
        for target, write in writers:
            try:
                fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".~{target.stem}-", suffix=target.suffix)
            except OSError as exc:
                raise LoepFout(f"Kan niet schrijven in de map '{target.parent}': {exc.strerror or exc}.") from exc
            os.close(fd)
            temps.append(Path(name))
            write(Path(name))
            os.chmod(name, new_file_mode())  # as a plain new file (mkstemp makes it private)
        if not overwrite:
            refuse_existing(targets)  # someone may have made one in the meantime
        for i, (temp, target) in enumerate(zip(temps, targets)):
            try:
                os.replace(temp, target)
            except PermissionError as exc:
                raise LoepFout(f"Kan '{target}' niet schrijven: het bestand is misschien open in Excel. Sluit het "
                               "en probeer opnieuw.") from exc
            temps[i] = target  # no longer ours to clean up
    except BaseException:
        for temp, target in zip(temps, targets):
            if temp != target:
                temp.unlink(missing_ok=True)
        raise
