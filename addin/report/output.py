"""Where the answer files go, and writing them all-or-nothing.

``--uit`` is a file name ending in ``.xlsx`` or a folder; the CSVs go beside the workbook
as ``<naam>_<sleutel>.csv``. Every file is first written to a temporary file in its target
folder and only renamed into place (``os.replace``) when all of them were written, so a
failure leaves no half-written workbook behind. An existing file is never replaced
unless the caller says ``overwrite=True``.

A process killed between the renames (power cut, Ctrl+C twice, the task ended) must not
lose the previous answer: before the first rename a journal (:data:`JOURNAL`) lists every
move, and the next run in that folder (or any ``loep`` command started there) completes the
swap from it, or puts the old set back when the new one cannot be completed, and says so.
Temporary files are named ``.~<naam>.<willekeurig>.tmp`` and backups ``.~<naam>.vorige``, so
neither looks like a workbook in Windows Explorer; leftovers of a killed run are removed by the
next run. One writer at a time per folder (:data:`LOCK`, ``filelock``).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from filelock import FileLock, Timeout

from addin.core import atomic
from addin.core.atomic import new_file_mode
from addin.core.errors import LoepFout
from addin.core.settings import os_fout_tekst
from addin.core.labels import fold

EXTENSION = ".xlsx"
#: The journal of a swap in progress, in the folder of the answer files.
JOURNAL = ".~loep-vervanging.json"
#: One writer of answer files at a time per folder: a lock file per folder in Loep's own temporary folder
#: (never in the user's folder).
LOCK_DIR = Path(tempfile.gettempdir()) / "loep-sloten"
#: Seconds a second writer in the same folder waits.
LOCK_TIMEOUT = 120.0
_TEMP_PREFIX = ".~"
_TEMP_SUFFIX = ".tmp"
_BACKUP_SUFFIX = ".vorige"


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

    Every file is first written to a temporary file beside its target. Then a journal of the
    moves is written, the existing targets (and the files in ``remove``) are moved aside, the new
    files are moved in, and only when all of that worked are the old ones and the journal
    deleted; any failure puts the old files back, and a kill is repaired by the next run
    (:func:`recover`).

    Args:
        writers: (target path, function writing the content to a given path) pairs, all targets in
            one folder.
        overwrite: replace existing files; otherwise an existing target is a LoepFout.
        remove: files of an earlier run to delete together with the replacement (only with
            ``overwrite``), e.g. CSVs of tables the new answer no longer has.

    Raises:
        LoepFout: an existing file without ``overwrite``, a target that is a folder, a file that
            cannot be replaced (open in Excel), a folder that cannot be written, or a full disk.
    """
    targets = [p for p, _ in writers]
    if not targets:
        return
    for target in targets:
        if target.is_dir():
            raise LoepFout(f"'{target}' is een map, geen bestand; kies een andere naam met --uit.")
    folder = targets[0].parent
    if any(t.parent != folder for t in targets):
        raise ValueError("write_all_or_nothing: all targets must be in one folder")
    if not overwrite:
        refuse_existing(targets)
    with _folder_lock(folder):
        recover(folder)
        temps: list[Path] = []
        try:
            for target, write in writers:
                try:
                    fd, name = tempfile.mkstemp(dir=folder, prefix=f"{_TEMP_PREFIX}{target.name}.",
                                                suffix=_TEMP_SUFFIX)
                except OSError as exc:
                    raise LoepFout(f"Kan niet schrijven in de map '{folder}': {os_fout_tekst(exc)}.") from exc
                os.close(fd)
                temps.append(Path(name))
                try:
                    write(Path(name))
                except Exception as exc:  # a full disk, a lost network share: also when a writer wraps the OSError
                    cause = _os_error_in(exc)
                    if cause is None:
                        raise
                    raise LoepFout(f"Kan '{target.name}' niet schrijven in '{folder}': {os_fout_tekst(cause)}. Er is "
                                   f"niets gewijzigd.") from exc
                os.chmod(name, new_file_mode())  # as a plain new file (mkstemp makes it private)
            if not overwrite:
                refuse_existing(targets)  # someone may have made one in the meantime
            _swap_in(folder, list(zip(temps, targets)), [p for p in remove if p.exists() and p not in targets])
        finally:
            for temp in temps:
                temp.unlink(missing_ok=True)  # gone already when it was moved into place


def _os_error_in(exc: BaseException) -> OSError | None:
    """The OSError an exception is or was raised from (XlsxWriter wraps one in its FileCreateError)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError):
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def _folder_lock(folder: Path):
    import hashlib

    LOCK_DIR.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(os.path.normcase(str(folder.resolve())).encode("utf-8")).hexdigest()[:24]
    lock = FileLock(LOCK_DIR / f"{key}.lock")

    class _Held:
        def __enter__(self):
            try:
                lock.acquire(timeout=0)
            except Timeout:
                print(f"Een andere opdracht van Loep schrijft nu in '{folder}'; even wachten …", file=sys.stderr,
                      flush=True)
                try:
                    lock.acquire(timeout=LOCK_TIMEOUT)
                except Timeout:
                    raise LoepFout(f"De map '{folder}' is na {LOCK_TIMEOUT:.0f} seconden nog in gebruik door een "
                                   f"andere opdracht van Loep; probeer opnieuw. Er is niets gewijzigd.") from None
            except OSError as exc:
                raise LoepFout(f"Kan niet schrijven in de map '{folder}': {os_fout_tekst(exc)}.") from exc
            return self

        def __exit__(self, *exc):
            lock.release()
            return False

    return _Held()


def _name(folder: Path, path: Path) -> str:
    return path.name if path.parent == folder else str(path)


def _write_journal(folder: Path, moves: list[tuple[Path, Path]], aside: list[tuple[Path, Path]],
                   remove: list[Path]) -> Path:
    journal = folder / JOURNAL
    payload = {"versie": 1,
               "nieuw": [[_name(folder, t), _name(folder, d)] for t, d in moves],
               "opzij": [[_name(folder, o), _name(folder, b)] for o, b in aside],
               "weg": [_name(folder, p) for p in remove]}
    try:
        atomic.write_bytes(journal, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise LoepFout(f"Kan niet schrijven in de map '{folder}': {os_fout_tekst(exc)}. Er is niets gewijzigd.") from exc
    return journal


def _backup(original: Path) -> Path:
    return original.with_name(f"{_TEMP_PREFIX}{original.name}{_BACKUP_SUFFIX}")


def _swap_in(folder: Path, pairs: list[tuple[Path, Path]], remove: list[Path]) -> None:
    """Move each temp onto its target; old targets and ``remove`` go aside first and come back on failure.

    The journal written first lets :func:`recover` finish the same moves after a kill.
    """
    originals = [t for _, t in pairs if t.exists()] + remove
    journal = _write_journal(folder, pairs, [(o, _backup(o)) for o in originals], remove)
    aside: list[tuple[Path, Path]] = []  # (original, backup)
    placed: list[Path] = []
    try:
        for original in originals:
            backup = _backup(original)
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
        journal.unlink(missing_ok=True)
        raise
    for _, backup in aside:
        backup.unlink(missing_ok=True)
    journal.unlink(missing_ok=True)


def recover(folder: str | os.PathLike, *, say: Callable[[str], None] | None = None) -> str | None:
    """Complete (or undo) a swap that a killed run left in ``folder``, and remove its leftovers.

    With a journal: when every new file is still there (as temporary file or already in place),
    the swap is completed; otherwise the previous files are put back. Without a journal, Loep's
    temporary files and backups left by a run killed while writing are removed (the previous
    set was never touched). The caller holds the folder's lock, or none is needed because
    nothing else writes there.

    Args:
        folder: the folder of an answer set.
        say: where to tell the user (default: stderr).

    Returns:
        The Dutch notice given, or None when there was nothing to do.
    """
    folder = Path(folder)
    journal = folder / JOURNAL
    notice = None
    try:
        if journal.exists():
            notice = _replay(folder, journal)
        _remove_leftovers(folder)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # a journal we cannot act on: say so, change nothing
        detail = os_fout_tekst(exc) if isinstance(exc, OSError) else "het logboek is onleesbaar"
        notice = (f"In '{folder}' bleef een onderbroken vervanging van een antwoord achter die Loep niet kon afronden "
                  f"({detail}); controleer de bestanden die met '.~' beginnen en verwijder '{JOURNAL}'.")
    if notice:
        (say or (lambda text: print(text, file=sys.stderr, flush=True)))(notice)
    return notice


def recover_folder(folder: str | os.PathLike) -> str | None:
    """:func:`recover` under the folder's lock, when the folder holds a journal or leftovers (else a no-op)."""
    folder = Path(folder)
    try:
        if not any(folder.glob(f"{_TEMP_PREFIX}*")):
            return None
    except OSError:
        return None
    with _folder_lock(folder):
        return recover(folder)


def _replay(folder: Path, journal: Path) -> str:
    payload = json.loads(journal.read_text(encoding="utf-8"))
    moves = [(folder / t, folder / d) for t, d in payload["nieuw"]]
    aside = [(folder / o, folder / b) for o, b in payload["opzij"]]
    remove = [folder / p for p in payload["weg"]]
    existed = {o for o, _ in aside}
    complete = all(t.exists() or d.exists() for t, d in moves)
    names = ", ".join(f"'{d.name}'" for _, d in moves[:1]) + (f" en {len(moves) - 1} andere" if len(moves) > 1 else "")
    if complete:
        for temp, target in moves:
            if temp.exists():
                os.replace(temp, target)
        for original, backup in aside:
            backup.unlink(missing_ok=True)
            if original in remove:
                original.unlink(missing_ok=True)
        journal.unlink()
        return (f"Een onderbroken 'loep antwoord' in '{folder}' is afgerond: de nieuwe bestanden ({names}) staan nu "
                f"volledig op hun plaats.")
    for temp, target in moves:  # the new set cannot be completed: the previous one comes back
        if not temp.exists() and target.exists() and target not in existed:
            target.unlink()
        temp.unlink(missing_ok=True)
    for original, backup in aside:
        if backup.exists():
            os.replace(backup, original)
    journal.unlink()
    return (f"Een onderbroken 'loep antwoord' in '{folder}' kon niet afgerond worden (een nieuw bestand ontbreekt); "
            f"de vorige bestanden ({names}) zijn teruggezet. Maak het antwoord opnieuw.")


def _remove_leftovers(folder: Path) -> None:
    """Temporary files and backups of Loep's answer writes (never a user's file: only '.~…' names Loep makes)."""
    for path in folder.glob(f"{_TEMP_PREFIX}*"):
        name = path.name
        if path.is_file() and (name.endswith(_TEMP_SUFFIX) or name.endswith(_BACKUP_SUFFIX)) and name != JOURNAL:
            path.unlink(missing_ok=True)
