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
from addin.core.settings import os_fout_tekst
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
        raise LoepFout(f"Kan de map '{path}' (--uit) niet aanmaken: {os_fout_tekst(exc)}.") from exc
    return path.resolve() / default_name


def first_free(path: Path, taken: Callable[[Path], bool]) -> Path:
    """``path``, or the first of 'naam (2).xlsx', 'naam (3).xlsx', … (as browsers name a second download)
    for which ``taken`` is False.

    Args:
        path: the preferred file name.
        taken: whether a candidate name is in use (e.g. its workbook or any file of its set exists).
    """
    candidate, n = path, 2
    while taken(candidate):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def csv_paths(workbook_path: Path, keys: Sequence[str]) -> list[Path]:
    """Paths of the CSV files beside a workbook: ``<stem>_<key>.csv``."""
    return [workbook_path.with_name(f"{workbook_path.stem}_{key}.csv") for key in keys]


def refuse_existing(paths: Sequence[Path]) -> None:
    """LoepFout for the first of ``paths`` that exists (no silent overwrite)."""
    for path in paths:
        if path.exists():
            raise LoepFout(f"Het bestand '{path}' bestaat al; kies een andere naam met --uit of gebruik "
                           "--overschrijven.")


def write_all_or_nothing(writers: Sequence[tuple[Path, Callable[[Path], None]]], *, overwrite: bool = False,
                         remove: Sequence[Path] = ()) -> None:
    """Write several files so that either all of them appear or none does.

    Every file is first written to a temporary file beside its target. Then the existing targets
    (and the files in ``remove``) are moved aside, the new files are moved in, and only when all
    of that worked are the old ones deleted; any failure puts the old files back.

    Args:
        writers: (target path, function writing the content to a given path) pairs.
        overwrite: replace existing files; otherwise an existing target is a LoepFout.
        remove: files of an earlier run to delete together with the replacement (only with
            ``overwrite``), e.g. CSVs of tables the new answer no longer has.

    Raises:
        LoepFout: an existing file without ``overwrite``, a target that is a folder, a file that
            cannot be replaced (open in Excel), or a folder that cannot be written.
    """
    targets = [p for p, _ in writers]
    for target in targets:
        if target.is_dir():
            raise LoepFout(f"'{target}' is een map, geen bestand; kies een andere naam met --uit.")
    if not overwrite:
        refuse_existing(targets)
    temps: list[Path] = []
    try:
        for target, write in writers:
            try:
                fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".~{target.stem}-", suffix=target.suffix)
            except OSError as exc:
                raise LoepFout(f"Kan niet schrijven in de map '{target.parent}': {os_fout_tekst(exc)}.") from exc
            os.close(fd)
            temps.append(Path(name))
            write(Path(name))
            os.chmod(name, new_file_mode())  # as a plain new file (mkstemp makes it private)
        if not overwrite:
            refuse_existing(targets)  # someone may have made one in the meantime
        _swap_in(list(zip(temps, targets)), [p for p in remove if p.exists() and p not in targets])
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)  # gone already when it was moved into place


def _swap_in(pairs: list[tuple[Path, Path]], remove: list[Path]) -> None:
    """Move each temp onto its target; old targets and ``remove`` go aside first and come back on failure."""
    aside: list[tuple[Path, Path]] = []  # (original, backup)
    placed: list[Path] = []
    try:
        for original in [t for _, t in pairs if t.exists()] + remove:
            backup = original.with_name(f".~{original.name}.vorige")
            try:
                os.replace(original, backup)
            except OSError as exc:
                raise LoepFout(f"Kan '{original}' niet vervangen: het bestand is misschien open in Excel "
                               f"({os_fout_tekst(exc)}). Sluit het en probeer opnieuw; er is niets gewijzigd.") from exc
            aside.append((original, backup))
        for temp, target in pairs:
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise LoepFout(f"Kan '{target}' niet schrijven ({os_fout_tekst(exc)}); er is niets gewijzigd.") from exc
            placed.append(target)
    except BaseException:
        for target in placed:
            target.unlink(missing_ok=True)
        for original, backup in reversed(aside):
            os.replace(backup, original)
        raise
    for _, backup in aside:
        backup.unlink(missing_ok=True)
