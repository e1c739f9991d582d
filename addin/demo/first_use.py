"""Demonstration data on first use, and a demo store of an older generator rebuilt.

The front ends call :func:`ensure` before :func:`addin.core.store.load`; the store itself never
builds anything. Rules:

* no store in the data folder: build the demonstration data (``generator.build_demo``), once even
  when many Excel cells ask at the same moment;
* a synthetic store built by the generator whose recorded version differs from
  :data:`~addin.demo.generator.GENERATOR_VERSIE`, or that predates the version key and whose
  source files carry the generator's file names: say so in one line (to ``progress`` or stderr)
  and rebuild it whole; a read-only data folder keeps its old demo store (still marked synthetic);
* real data and synthetic data imported from files are never rebuilt.

A store already found current is remembered by its modification time and size, so calling
:func:`ensure` before every load costs one ``stat``.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from addin.core import settings, store
from addin.core.errors import LoepFout

Progress = Callable[[str, float], None]

_build_lock = threading.Lock()
_current: set[tuple[Path, int, int]] = set()


def _stat_key(path: Path) -> tuple[Path, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (path, stat.st_mtime_ns, stat.st_size)


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr)


def stale_notice(data_dir: str | os.PathLike | None = None) -> str | None:
    """A one-line Dutch notice when the store holds demo data of another generator version, else None."""
    from addin.demo.generator import FILE_PATTERN, GENERATOR_VERSIE

    info = store.read_info(data_dir)
    if info is None or not info.synthetisch:
        return None
    path = store.store_path(data_dir)
    recorded = store.generator_version(data_dir)
    if recorded and store.lacks_columns(path):
        return (f"De demonstratiedata in {path.parent} is gemaakt door een oudere versie van Loep (zonder alle "
                f"kenmerken van de open data); ze wordt opnieuw opgebouwd met versie {GENERATOR_VERSIE}.")
    if recorded is None:
        names = {FILE_PATTERN.format(jaar=j) for j in info.schooljaren}
        if not info.bronnen or any(s.naam not in names for s in info.bronnen):
            return None
        old = "een oudere versie"
    else:
        if recorded in ("", GENERATOR_VERSIE):
            return None
        old = f"versie {recorded}"
    return (f"De demonstratiedata in {path.parent} is gemaakt met {old} van de generator; ze wordt opnieuw "
            f"opgebouwd met versie {GENERATOR_VERSIE} (echte gegevens worden nooit aangeraakt).")


def first_use_notice(folder: Path) -> str:
    """The one-time Dutch notice after the demo data was built on first use: where it is, how to remove it."""
    path = folder / store.STORE_NAME
    files = [path, *(p for p in (folder / store.REPORT_DIR).glob("*") if p.is_file())]
    size = sum(p.stat().st_size for p in files if p.exists())
    grootte = f"{size / 1e6:.0f} MB" if size >= 1e6 else "minder dan 1 MB"
    return (f"Eerste gebruik: Loep bouwde synthetische demonstratiedata (geen officiële cijfers) in {folder} "
            f"({grootte}), zodat alles meteen werkt. Eigen bestanden vervangen ze ('loep importeer'). "
            f"Verwijderen: wis die map (ze wordt bij het volgende gebruik opnieuw gebouwd); een andere plaats "
            f"kiest u met --data of {settings.ENV_DATA}.").replace("(0 MB)", "(minder dan 1 MB)")


def ensure(data_dir: str | os.PathLike | None = None, progress: Progress | None = None,
           notify: Callable[[str], None] | None = None) -> Path:
    """Make sure the data folder holds a store: build the demo data when empty, rebuild a stale demo store.

    Args:
        data_dir: the data folder (default: ``settings.data_dir`` rule).
        progress: optional callback ``(wat, fractie)`` while the demo data is (re)built; the notice
            of a rebuild is its first message (else it goes to stderr).
        notify: receives the one-time :func:`first_use_notice` after a first build (default: printed
            to stderr); a front end with a progress bar collects it and prints it after the bar.

    Returns:
        The data folder.

    Raises:
        LoepFout: the folder cannot be created or written when the demo data must be built, or the
            store is unreadable (``store.read_info``).
    """
    folder = settings.require_data_dir(data_dir)
    path = folder / store.STORE_NAME
    key = _stat_key(path)
    if key is not None and key in _current:
        return folder
    from addin.demo.generator import build_demo

    with _build_lock:  # many cells may ask at once on first use: build once
        if not path.exists():
            if not folder.exists() and (data_dir or os.environ.get(settings.ENV_DATA)):
                # a typo in --data / LOEP_DATA must not silently build a new demo folder: say so first
                print(f"De gegevensmap {folder} bestaat niet; Loep maakt ze nu aan en bouwt er de synthetische "
                      f"demonstratiedata in (geen officiële cijfers). Bedoelde u een andere map? Geef die met --data "
                      f"of {settings.ENV_DATA}.", file=sys.stderr, flush=True)
            settings.require_data_dir(folder, write=True)
            build_demo(folder, progress=progress)
            (notify or _to_stderr)(first_use_notice(folder))
        else:
            notice = stale_notice(folder)
            if notice:
                try:
                    settings.require_data_dir(folder, write=True)
                except LoepFout:
                    notice = None  # a read-only folder: the old demo data stays usable
            if notice:
                if progress is not None:
                    progress(notice, 0.0)
                else:
                    print(notice, file=sys.stderr)
                build_demo(folder, progress=progress)
        key = _stat_key(path)
        if key is not None:
            _current.add(key)
    return folder
