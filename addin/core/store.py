"""The local store: all cleaned rows of all school years in one Parquet file.

``<data>/leerlingen.parquet`` holds the canonical table; its Parquet schema metadata holds the
provenance (:class:`addin.core.dataset.DataInfo` as JSON under key ``loep``) and the province
bases available per school year (key ``loep_bases``). Rules of an import:

* all files are read and cleaned first; any whole-file error leaves the store untouched;
* a school year in the new files replaces that year in the store; new years are added;
* importing the same content again changes nothing (same data version, file not rewritten);
* real files replace synthetic (demonstration) data entirely; synthetic data never replaces
  real data unless asked (``overwrite=True``);
* the store is written to a temporary file in the same folder and moved into place with
  ``os.replace``, so a crash mid-write leaves the previous store intact and a reader sees either
  the old or the new file, never a half one;
* every write holds the folder's write lock (``<data>/.loep.lock``, :mod:`filelock`): a second
  writer (another ``loep importeer``, a button, a demo build) waits for the first, says so on
  stderr, and stops with a Dutch message after :data:`LOCK_TIMEOUT` seconds. The merge with the
  stored years happens under the lock, so two imports of different years both end up stored;
* the import safety rules are applied here for every caller: the per-file rules of
  :func:`addin.core.cleaning.clean` with the :class:`~addin.core.cleaning.ImportRegels` passed in,
  and the rule that a stored year may not shrink (:mod:`addin.core.year_replacement`) against the
  totals of the rows stored at that moment.

Each import saves its cleaning report as ``<data>/rapporten/import-<tijd>.txt`` and ``.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from addin.core import atomic, settings, year_replacement
from addin.core.cleaning import FIXED_CATEGORIES, ImportRegels, clean, combine
from addin.core.cleaning_report import CleaningReport, getal
from addin.core.dataset import DataInfo, Dataset, SourceFile
from addin.core.errors import LoepFout
from addin.core.reader import read_raw
from addin.core.schema import BASES, CANONICAL, SYNTHETIC_COLUMN

STORE_NAME = "leerlingen.parquet"
REPORT_DIR = "rapporten"
META_KEY = b"loep"
META_BASES_KEY = b"loep_bases"
#: Version of the demo generator that built a synthetic store (``addin.demo.GENERATOR_VERSIE``); empty
#: for synthetic data imported from files. Absent in stores written before this key existed.
META_GENERATOR_KEY = b"loep_generator"
#: sha256 (hex) of the stored content (:func:`content_hash`), recorded at write and checked at every load.
META_CHECK_KEY = b"loep_inhoud"
#: The write lock of a data folder (held by every writer; readers never wait for it).
LOCK_NAME = ".loep.lock"
#: Seconds a writer waits for another writer before it gives up (env ``LOEP_WACHTTIJD`` overrides).
LOCK_TIMEOUT = 300.0

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class ImportResult:
    """Outcome of :func:`import_files`.

    Attributes:
        report: the cleaning report (plus notes of the store, e.g. replaced years).
        info: provenance of the store after the import.
        report_paths: the saved report files (.txt and .json).
        gewijzigd: False when the import changed nothing (same data version).
        vervangen: the stored (real) school years replaced, with their totals before and after.
    """

    report: CleaningReport
    info: DataInfo
    report_paths: tuple[Path, ...]
    gewijzigd: bool = True
    vervangen: tuple[year_replacement.YearChange, ...] = ()


def store_path(data_dir: str | os.PathLike | None = None) -> Path:
    """Path of the store file in the data folder (``settings.data_dir`` rule, checked: a file is an error)."""
    return settings.require_data_dir(data_dir) / STORE_NAME


def _lock_timeout() -> float:
    raw = os.environ.get("LOEP_WACHTTIJD", "").strip()
    try:
        return max(0.0, float(raw.replace(",", "."))) if raw else LOCK_TIMEOUT
    except ValueError:
        raise LoepFout(f"Ongeldige waarde '{raw}' voor LOEP_WACHTTIJD: verwacht een aantal seconden (bv. 300)."
                       ) from None


def _seconds(value: float) -> str:
    """300.0 -> '300', 0.5 -> '0,5'."""
    return f"{value:g}".replace(".", ",")


_locks: dict[Path, FileLock] = {}
_locks_guard = threading.Lock()


def writing(folder: Path):
    """The write lock of a data folder, as a context manager (reentrant in one thread).

    A writer that finds the lock taken says on stderr that it waits, then waits at most
    :data:`LOCK_TIMEOUT` seconds (``LOEP_WACHTTIJD``) and raises :class:`LoepFout` after that.
    """
    return _WriteLock(folder)


class _WriteLock:
    def __init__(self, folder: Path):
        self.folder = folder
        with _locks_guard:
            self.lock = _locks.setdefault(folder, FileLock(folder / LOCK_NAME))

    def __enter__(self):
        try:
            self.lock.acquire(timeout=0)
            return self
        except Timeout:
            pass
        except OSError as exc:
            raise LoepFout(f"Kan de gegevensmap {self.folder} niet vergrendelen voor het schrijven: "
                           f"{settings.os_fout_tekst(exc)}.") from None
        wait = _lock_timeout()
        print(f"Een andere opdracht van Loep schrijft nu in de gegevensmap {self.folder}; even wachten tot die "
              f"klaar is (ten hoogste {_seconds(wait)} seconden) …", file=sys.stderr, flush=True)
        start = time.monotonic()
        try:
            self.lock.acquire(timeout=wait)
        except Timeout:
            raise LoepFout(f"De gegevensmap {self.folder} is na {_seconds(wait)} seconden nog altijd in gebruik door een "
                           f"andere opdracht van Loep (een import of het bouwen van de demonstratiedata). Wacht tot "
                           f"die klaar is en probeer opnieuw; er is niets gewijzigd.") from None
        print(f"De andere opdracht is klaar (na {time.monotonic() - start:.0f} s); Loep gaat verder.",
              file=sys.stderr, flush=True)
        return self

    def __exit__(self, *exc):
        self.lock.release()
        return False


# --- reading ---------------------------------------------------------------------------------

_cache: dict[Path, tuple[tuple[int, int], Dataset]] = {}
_cache_lock = threading.Lock()


def _no_data(folder: Path) -> LoepFout:
    return LoepFout(f"Geen gegevens gevonden in {folder}; importeer bestanden met 'loep importeer' of bouw de "
                    f"demonstratiedata met 'loep demodata'.")


def damaged(path: Path, info: DataInfo | None = None) -> LoepFout:
    """The one message for a store that cannot be trusted (unreadable, or content that does not match its
    recorded hash), with how to recover; ``info`` (when its metadata is still readable) names the sources."""
    if info is not None and info.synthetisch:
        herstel = "bouw de demonstratiedata opnieuw met 'loep demodata'"
    elif info is not None and info.bronnen:
        names = ", ".join(f"'{s.naam}'" for s in info.bronnen[:4])
        more = f" en {len(info.bronnen) - 4} andere" if len(info.bronnen) > 4 else ""
        herstel = f"importeer de bronbestanden opnieuw met 'loep importeer' ({names}{more})"
    else:
        herstel = ("importeer de bronbestanden opnieuw met 'loep importeer', of bouw de demonstratiedata opnieuw met "
                   "'loep demodata'")
    return LoepFout(f"Het gegevensbestand {path} is beschadigd: de inhoud klopt niet met de controlesom die bij het "
                    f"bewaren is vastgelegd, dus Loep rekent er niet mee (de cijfers zouden fout kunnen zijn). "
                    f"Herstel: {herstel}. Loep zet het beschadigde bestand dan opzij "
                    f"({STORE_NAME}.beschadigd-<datum>) en bewaart de gegevens opnieuw.")


def _read_metadata(path: Path) -> dict[bytes, bytes]:
    try:
        return pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        raise damaged(path) from None


def _info_of(path: Path, meta: dict[bytes, bytes]) -> DataInfo:
    if META_KEY not in meta:
        raise LoepFout(f"{path} is geen gegevensbestand van Loep (metadata ontbreekt).")
    try:
        return DataInfo.from_dict(json.loads(meta[META_KEY]))
    except (ValueError, KeyError, TypeError, AttributeError):  # a damaged metadata block
        raise damaged(path) from None


def read_info(data_dir: str | os.PathLike | None = None) -> DataInfo | None:
    """Provenance of the store (metadata only, no rows read), or None when there is no store.

    Args:
        data_dir: the data folder (default: ``settings.data_dir`` rule).
    """
    path = store_path(data_dir)
    if not path.exists():
        return None
    return _info_of(path, _read_metadata(path))


def bases_per_schooljaar(data_dir: str | os.PathLike | None = None) -> dict[str, tuple[str, ...]]:
    """The province bases available in each school year of the store ({} when there is no store)."""
    path = store_path(data_dir)
    if not path.exists():
        return {}
    meta = _read_metadata(path)
    return {k: tuple(v) for k, v in json.loads(meta.get(META_BASES_KEY, b"{}")).items()}


def _restore(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical dtypes and category order after reading Parquet."""
    cols = {}
    for col in CANONICAL:
        s = frame[col.naam] if col.naam in frame.columns else pd.Series(pd.NA, index=frame.index)
        if col.dtype == "category":
            fixed = FIXED_CATEGORIES.get(col.naam)
            if not isinstance(s.dtype, pd.CategoricalDtype):
                s = s.astype("category")
            cats = list(fixed) if fixed else sorted(s.cat.categories)
            s = s.cat.set_categories(cats)
            cols[col.naam] = s
        else:
            cols[col.naam] = s.astype(col.dtype)
    return pd.DataFrame(cols)


def lacks_columns(path: Path) -> bool:
    """True when the stored table misses a canonical column (written by an older Loep)."""
    try:
        names = set(pq.read_schema(path).names)
    except (OSError, pa.ArrowException):
        return False
    return any(c.naam not in names for c in CANONICAL)


def _read_store(path: Path) -> tuple[tuple[int, int], Dataset]:
    """(file version key, dataset) of one consistent read of the store, its content checked.

    Metadata and rows come from one open file, so a store replaced meanwhile is read whole, old or
    new. The rows must hash to the value recorded at write (:data:`META_CHECK_KEY`; stores from
    before that key: the data version), and each data page must match its Parquet checksum.

    Raises:
        LoepFout: an unreadable or damaged store (:func:`damaged`).
    """
    info = None
    try:
        with open(path, "rb") as fh:  # read whole into memory (a few MB), parsed natively from there
            stat = os.fstat(fh.fileno())
            data = fh.read()
        parquet = pq.ParquetFile(pa.BufferReader(data), page_checksum_verification=True)
        meta = parquet.schema_arrow.metadata or {}
        info = _info_of(path, meta)
        table = parquet.read()
        del parquet, data
    except (OSError, pa.ArrowException):
        raise damaged(path, info) from None
    missing = [c.naam for c in CANONICAL if c.naam not in table.column_names]
    if missing:
        raise LoepFout(
            f"De opslag in {path.parent} is gemaakt door een oudere versie van Loep en mist de kolommen "
            f"{', '.join(missing[:6])}{' …' if len(missing) > 6 else ''}: Loep bewaart nu elk kenmerk van de open "
            f"data. Importeer de bronbestanden opnieuw ('loep importeer BESTANDEN --data {path.parent}')"
            + ("" if info.synthetisch else "; uw bewaarde gegevens blijven tot dan ongewijzigd") + ".")
    frame = _restore(table.to_pandas())
    del table
    digest = content_hash(frame)
    recorded = meta.get(META_CHECK_KEY, b"").decode(errors="replace") or info.dataversie
    if digest != recorded and not (len(recorded) == 12 and digest.startswith(recorded)) or info.rijen != len(frame):
        raise damaged(path, info)
    dataset = Dataset(frame, info)
    try:
        per_year = {k: tuple(v) for k, v in json.loads(meta.get(META_BASES_KEY, b"{}")).items()}
    except (ValueError, AttributeError):
        raise damaged(path, info) from None
    dataset._cache["bases_per_schooljaar"] = per_year  # query.BASES_PER_YEAR_KEY: the bases the files carry
    return (stat.st_mtime_ns, stat.st_size), dataset


def load(data_dir: str | os.PathLike | None = None) -> Dataset:
    """The stored dataset (memoised per file and modification time).

    The store never builds data itself: front ends call ``addin.demo.ensure`` first when an empty
    data folder should get the demonstration data (the core does not import the demo package).

    Args:
        data_dir: the data folder (default: ``settings.data_dir`` rule).

    Returns:
        The :class:`Dataset` (canonical frame + provenance).

    Raises:
        LoepFout: no store, or an unreadable store.
    """
    folder = settings.require_data_dir(data_dir)
    path = folder / STORE_NAME
    if not path.exists():
        raise _no_data(folder)
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        hit = _cache.get(path)
        if hit and hit[0] == key:
            return hit[1]
    key, dataset = _read_store(path)
    with _cache_lock:
        _cache[path] = (key, dataset)
    return dataset


def generator_version(data_dir: str | os.PathLike | None = None) -> str | None:
    """The demo generator version recorded in the store ('' for imported synthetic files, None when absent)."""
    path = store_path(data_dir)
    if not path.exists():
        return None
    raw = _read_metadata(path).get(META_GENERATOR_KEY)
    return None if raw is None else raw.decode()


# --- writing ---------------------------------------------------------------------------------


def content_hash(frame: pd.DataFrame) -> str:
    """sha256 (hex) over the canonical content: recorded at write, checked at every load.

    Covers column names and dtypes, the categories of each categorical column and the row
    values (as category codes), in row order. ``import_files`` stores rows in a fixed order
    with sorted (or vocabulary-ordered) categories, so equal content gives an equal version
    in every run and on every machine.
    """
    h = hashlib.sha256()
    for name in frame.columns:
        col = frame[name]
        h.update(f"\x1e{name}\x1f{col.dtype}\x1f".encode())
        if isinstance(col.dtype, pd.CategoricalDtype):
            h.update("\x1f".join(map(str, col.cat.categories)).encode())
            codes = col.cat.codes.to_numpy()
            h.update(f"{codes.dtype}".encode())
            h.update(memoryview(np.ascontiguousarray(codes)).cast("B"))
        else:
            h.update(memoryview(np.ascontiguousarray(col.to_numpy())).cast("B"))
    return h.hexdigest()


def data_version(frame: pd.DataFrame) -> str:
    """The data version: the first 12 hex digits of :func:`content_hash`."""
    return content_hash(frame)[:12]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in a fixed order (schooljaar, bronbestand, bronrij), categories sorted, unused ones dropped."""
    for name in ("schooljaar", "bronbestand"):
        cats = frame[name].cat.categories
        if list(cats) != sorted(cats):
            frame[name] = frame[name].cat.set_categories(sorted(cats))
    year = frame["schooljaar"].cat.codes.to_numpy().astype(np.int64)
    source = frame["bronbestand"].cat.codes.to_numpy().astype(np.int64)
    row = frame["bronrij"].to_numpy().astype(np.int64)
    key = (year * (int(source.max(initial=0)) + 1) + source) * (int(row.max(initial=0)) + 1) + row
    if key.size and not (key[1:] >= key[:-1]).all():
        frame = frame.take(np.argsort(key, kind="stable"))
    frame = frame.reset_index(drop=True)
    for col in CANONICAL:
        if col.dtype == "category" and col.naam not in FIXED_CATEGORIES:
            frame[col.naam] = _drop_unused(frame[col.naam])
            cats = list(frame[col.naam].cat.categories)
            if cats != sorted(cats):  # as _restore reads them back, so the recorded hash matches the read
                frame[col.naam] = frame[col.naam].cat.set_categories(sorted(cats))
        elif col.dtype == "category" and list(frame[col.naam].cat.categories) != list(FIXED_CATEGORIES[col.naam]):
            frame[col.naam] = frame[col.naam].cat.set_categories(list(FIXED_CATEGORIES[col.naam]))
    return frame


def _drop_unused(column: pd.Series) -> pd.Series:
    """``cat.remove_unused_categories`` without sorting the codes (a count per category instead)."""
    codes = column.cat.codes.to_numpy()
    cats = column.cat.categories
    used = np.bincount(codes[codes >= 0], minlength=len(cats)) > 0
    if used.all():
        return column
    lut = np.full(len(cats) + 1, -1, dtype=codes.dtype)
    lut[:-1][used] = np.arange(int(used.sum()), dtype=codes.dtype)
    return pd.Series(pd.Categorical.from_codes(lut[codes], categories=cats[used], validate=False),
                     index=column.index, name=column.name)


def _write_store(path: Path, frame: pd.DataFrame, info: DataInfo, bases: dict[str, tuple[str, ...]],
                 generator: str | None = None, digest: str | None = None) -> None:
    """Write the store atomically: a temporary file in the same folder, then ``os.replace``."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[META_KEY] = json.dumps(info.to_dict(), ensure_ascii=False).encode()
    meta[META_BASES_KEY] = json.dumps({k: list(v) for k, v in bases.items()}).encode()
    meta[META_CHECK_KEY] = (digest or content_hash(_restore(frame))).encode()  # the frame as it reads back
    if info.synthetisch:
        meta[META_GENERATOR_KEY] = (generator or "").encode()
    table = table.replace_schema_metadata(meta)
    try:
        with atomic.replacing(path) as tmp:
            pq.write_table(table, tmp, compression="lz4", write_statistics=False,  # read whole: no statistics
                           write_page_checksum=True)
    except OSError as exc:
        raise LoepFout(f"De gegevens konden niet bewaard worden in {path.parent}: {settings.os_fout_tekst(exc)}. "
                       f"De vorige gegevens zijn ongewijzigd.") from exc


def _save_reports(folder: Path, report: CleaningReport, info: DataInfo) -> tuple[Path, ...]:
    rdir = folder / REPORT_DIR
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = rdir / f"import-{stamp}"
    i = 1
    while base.with_suffix(".txt").exists() or base.with_suffix(".json").exists():
        i += 1
        base = rdir / f"import-{stamp}-{i}"
    txt, js = base.with_suffix(".txt"), base.with_suffix(".json")
    try:
        return _write_reports(txt, js, report, info)
    except OSError as exc:
        raise LoepFout(f"Het opschoningsrapport kon niet bewaard worden in {rdir}: "
                       f"{settings.os_fout_tekst(exc)}.") from exc


def _write_reports(txt: Path, js: Path, report: CleaningReport, info: DataInfo) -> tuple[Path, Path]:
    text = report.to_text() + "\n\n" + info.samenvatting + "\n"
    atomic.write_bytes(txt, text.encode("utf-8"))
    payload = {"rapport": report.to_dict(), "gegevens": info.to_dict()}
    atomic.write_bytes(js, json.dumps(payload, ensure_ascii=False, indent=1, default=_json_default).encode("utf-8"))
    return txt, js


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON-able: {type(value).__name__}")


def _year_bases(report: CleaningReport) -> dict[str, tuple[str, ...]]:
    """Bases available per school year of the new files (a year's files must all have a basis)."""
    out: dict[str, set[str]] = {}
    for f in report.bestanden:
        for jaar in f.schooljaren:
            out[jaar] = out[jaar] & set(f.bases) if jaar in out else set(f.bases)
    return {j: tuple(b for b in BASES if b in s) for j, s in out.items()}


def import_files(paths: Iterable[str | os.PathLike], data_dir: str | os.PathLike | None = None, *,
                 synthetic: bool = False, overwrite: bool = False, progress: Progress | None = None,
                 generator: str | None = None, regels: ImportRegels | None = None) -> ImportResult:
    """Read, clean and store official files.

    Args:
        paths: the files (CSV or XLSX), any number, any school years.
        data_dir: the data folder (default: ``settings.data_dir`` rule); created when missing.
        synthetic: the files are Loep's demonstration data (marked so in the metadata). Files with
            the column ``synthetisch`` ('ja') mark the import synthetic by themselves.
        overwrite: allow synthetic data to replace a store holding real data.
        progress: optional callback ``(wat, fractie)``.
        generator: version of the demo generator that wrote the files (``build_demo``), stored
            so that ``addin.demo.ensure`` can rebuild demo data of an older generator.
        regels: what the import may do beyond the safe default (``--toch-importeren``); default strict.
            The rules themselves (1 % rejected, one file per year, a stored year may not shrink)
            apply to every caller.

    Returns:
        :class:`ImportResult` with the report, the new provenance and the saved report files.

    Raises:
        LoepFout: a file cannot be used or a safety rule refuses the import (nothing is written),
            synthetic data would replace real data without ``overwrite``, or another writer keeps
            the folder locked for longer than :data:`LOCK_TIMEOUT`.
    """
    regels = regels or ImportRegels()
    paths = [Path(p) for p in paths]
    if not paths:
        raise LoepFout("Geen bestanden opgegeven om te importeren.")
    _check_distinct(paths)
    folder = settings.require_data_dir(data_dir, write=True)
    say = progress or (lambda wat, fractie: None)
    n = len(paths)
    early, _ = _stored_info(folder)  # refuse early (before reading), again under the lock below
    if early is not None and synthetic and not early.synthetisch and not overwrite:
        raise refuse_synthetic(folder, early)

    marked: list[str] = []

    def raws():
        # read the next file in a background thread while the current one is cleaned
        # (pyarrow parses without the GIL); at most two raw files are in memory at once
        seen: dict[str, str] = {}
        with ThreadPoolExecutor(max_workers=1) as pool:
            ahead = pool.submit(read_raw, paths[0])
            for i in range(n):
                say(f"lezen en opschonen {paths[i].name}", 0.85 * i / n)
                raw = ahead.result()
                ahead = pool.submit(read_raw, paths[i + 1]) if i + 1 < n else None
                if raw.sha256 in seen:
                    raise LoepFout(f"'{raw.naam}' en '{seen[raw.sha256]}' hebben dezelfde inhoud: geef elk bestand "
                                   f"maar één keer op (anders telt Loep de leerlingen dubbel).")
                seen[raw.sha256] = raw.naam
                if _marked_synthetic(raw):
                    marked.append(raw.naam)
                yield raw
                del raw
                pa.default_memory_pool().release_unused()  # give the parsed file back before the next one

    frame, report = clean(raws(), total=n, regels=regels)
    if len(frame) == 0:
        raise LoepFout("De bestanden bevatten geen enkele bruikbare rij secundair onderwijs; er is niets "
                       "geïmporteerd.")
    if marked:
        report.opmerkingen.append(
            f"{_files_text(marked)} {'draagt' if len(marked) == 1 else 'dragen'} de kolom '{SYNTHETIC_COLUMN}' "
            f"(ja): dit zijn synthetische demonstratiegegevens, geen officiële cijfers; de import is als "
            f"synthetisch gemarkeerd.")
        synthetic = True
    say("samenvoegen met de bestaande gegevens", 0.87)
    with writing(folder):  # from reading the stored years to writing the merged store: one writer at a time
        return _merge_and_write(folder, frame, report, synthetic=synthetic, overwrite=overwrite, marked=marked,
                                generator=generator, regels=regels, say=say, paths=paths)


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a write that a killed process left (``.leerlingen.parquet.*.tmp``, reports);
    safe under the write lock: no other writer is busy."""
    rdir = folder / REPORT_DIR
    temps = atomic.leftovers(folder / STORE_NAME)
    if rdir.is_dir():
        temps += [p for p in rdir.glob(".import-*.tmp") if p.is_file()]
    for temp in temps:
        try:
            temp.unlink()
        except OSError:
            pass


def _stored_info(folder: Path) -> tuple[DataInfo | None, bool]:
    """(provenance of the store or None, True when the store exists but cannot be read)."""
    path = folder / STORE_NAME
    try:
        return (read_info(folder) if path.exists() else None), False
    except LoepFout:  # an unreadable store must not block the import that repairs it
        return None, True


def _totals(frame: pd.DataFrame) -> dict[str, int]:
    """Pupils per school year of a canonical frame."""
    codes = frame["schooljaar"].cat.codes.to_numpy()
    sums = np.bincount(codes[codes >= 0], weights=frame["aantal"].to_numpy()[codes >= 0],
                       minlength=len(frame["schooljaar"].cat.categories))
    counts = np.bincount(codes[codes >= 0], minlength=len(frame["schooljaar"].cat.categories))
    return {str(c): int(round(t)) for c, t, k in zip(frame["schooljaar"].cat.categories, sums, counts) if k}


def _merge_and_write(folder: Path, frame: pd.DataFrame, report: CleaningReport, *, synthetic: bool,
                     overwrite: bool, marked: list[str], generator: str | None, regels: ImportRegels,
                     say: Progress, paths: list[Path]) -> ImportResult:
    """The part of an import that reads and replaces the store; the caller holds the write lock."""
    path = folder / STORE_NAME
    _remove_leftovers(folder)
    old_info, broken = _stored_info(folder)
    if old_info is not None and synthetic and not old_info.synthetisch and not overwrite:
        raise refuse_synthetic(folder, old_info, marked)
    new_years = _present(frame["schooljaar"])
    new_totals = _totals(frame)
    old_bases = bases_per_schooljaar(folder) if old_info else {}
    keep_old: pd.DataFrame | None = None
    replaced: list[year_replacement.YearChange] = []
    damaged_info: DataInfo | None = None
    outdated = False
    if old_info is not None:
        if old_info.synthetisch and not synthetic:
            report.opmerkingen.append(
                f"De synthetische demonstratiedata ({_years_text(old_info.schooljaren)}) is verwijderd: de "
                f"gegevensmap bevat nu alleen de geïmporteerde echte gegevens.")
        elif not old_info.synthetisch and synthetic:
            report.opmerkingen.append(
                f"De echte gegevens ({_years_text(old_info.schooljaren)}) zijn vervangen door synthetische "
                f"demonstratiedata (--overschrijven).")
        elif generator and not broken and _other_generator(folder, generator, old_info, paths):
            report.opmerkingen.append(
                f"De demonstratiedata van een andere versie van de generator ({_years_text(old_info.schooljaren)}) "
                f"is volledig vervangen door versie {generator}.")
        else:
            try:  # the stored rows are merged or compared: they must match their recorded hash
                old = load(folder).frame
            except LoepFout:  # damaged or outdated: this import replaces it (set aside below), nothing is kept
                old, damaged_info, old_info, broken = None, old_info, None, True
                outdated = lacks_columns(path)
            if old is not None:
                if not old_info.synthetisch and not synthetic:
                    replaced = year_replacement.check(new_totals, _totals(old), report,
                                                      toch_importeren=regels.toch_importeren)
                _note_years(report, old_info.schooljaren, new_years, replaced)
                if not set(old_info.schooljaren) <= set(new_years):
                    stays = ~old["schooljaar"].isin(new_years).to_numpy()
                    keep_old = old[stays] if stays.any() else None

    combined = _sorted(combine([keep_old, frame] if keep_old is not None else [frame]))
    digest = content_hash(combined)
    version = digest[:12]
    same_generator = not synthetic or generator_version(folder) == (generator or "")
    if (old_info is not None and old_info.dataversie == version and old_info.synthetisch == synthetic
            and same_generator):
        report.opmerkingen[:] = [f"Niets gewijzigd: de gegevens zijn gelijk aan wat al opgeslagen is "
                                 f"(dataversie {version})."]
        say("rapport bewaren", 0.97)
        paths_out = _save_reports(folder, report, old_info)
        say("klaar", 1.0)
        return ImportResult(report, old_info, paths_out, gewijzigd=False)

    years = tuple(_present(combined["schooljaar"]))
    bases_by_year = {j: old_bases.get(j, ("vestigingsplaats",)) for j in years if j not in new_years}
    bases_by_year.update(_year_bases(report))
    bases_by_year = {j: bases_by_year[j] for j in years}
    common = tuple(b for b in BASES if all(b in bases_by_year[j] for j in years))
    sources = _sources(old_info, keep_old, report)
    info = DataInfo(bronnen=sources, schooljaren=years, bases=common, dataversie=version,
                    synthetisch=synthetic, rijen=len(combined),
                    aangemaakt=datetime.now().astimezone().isoformat(timespec="seconds"))
    partial = [b for b in BASES if b not in common and any(b in v for v in bases_by_year.values())]
    for b in partial:
        missing = [j for j in years if b not in bases_by_year[j]]
        report.opmerkingen.append(
            f"De provincie volgens {b} is niet beschikbaar voor {', '.join(missing)}; vragen per {b} kunnen "
            f"alleen voor de andere schooljaren beantwoord worden.")
    if broken:
        kept = path.with_name(f"{path.name}.{'oud' if outdated else 'beschadigd'}-{datetime.now():%Y%m%d-%H%M%S}")
        os.replace(path, kept)
        wat = "gemaakt door een oudere versie van Loep" if outdated else "onleesbaar of beschadigd"
        note = f"Het vorige gegevensbestand was {wat}; het is opzij gezet als {kept.name} en vervangen door deze import."
        lost = [j for j in (damaged_info.schooljaren if damaged_info else ()) if j not in new_years]
        if lost:
            names = sorted({b.naam for b in damaged_info.bronnen if set(b.schooljaren) & set(lost)})
            note += (f" Het bevatte ook {_years_text(lost)}, die niet in deze import zitten: importeer die opnieuw"
                     + (f" ({', '.join(names)})." if names else "."))
        report.opmerkingen.append(note)
    say("gegevens wegschrijven", 0.9)
    _write_store(path, combined, info, bases_by_year, generator if synthetic else None, digest)
    say("rapport bewaren", 0.97)
    paths_out = _save_reports(folder, report, info)
    say("klaar", 1.0)
    return ImportResult(report, info, paths_out, gewijzigd=True, vervangen=tuple(replaced))


def _other_generator(folder: Path, generator: str, old_info: DataInfo, paths: list[Path]) -> bool:
    """True when the stored demo data comes from another version of the generator (replace it whole).

    A synthetic store from before the version key counts as the generator's when each of its
    source files carries the name of one of the files the generator is importing now.
    """
    stored = generator_version(folder)
    if stored is None:
        names = {p.name for p in paths}
        return bool(old_info.bronnen) and all(s.naam in names for s in old_info.bronnen)
    return stored not in ("", generator)


def _note_years(report: CleaningReport, old_years: Iterable[str], new_years: Iterable[str],
                changes: list[year_replacement.YearChange] = ()) -> None:
    old_years, new_years = set(old_years), set(new_years)
    replaced = sorted(old_years & new_years)
    if replaced:
        totals = ""
        if changes:
            totals = "; leerlingen voor → na: " + "; ".join(c.to_text() for c in changes)
        report.opmerkingen.append(
            f"Schooljaar {', '.join(replaced)} vervangen door de nieuwe bestanden (de vorige rijen van "
            f"{'dat jaar' if len(replaced) == 1 else 'die jaren'} zijn verwijderd){totals}.")
        for c in changes:
            if c.opvallend:
                report.opmerkingen.append(
                    f"LET OP: schooljaar {c.schooljaar} verandert met {year_replacement.procent(c.verandering)} "
                    f"({getal(c.voor)} → {getal(c.na)} leerlingen); een verbeterd bestand verschilt meestal maar "
                    f"enkele leerlingen. Controleer of het bestand volledig en van het juiste schooljaar is.")
    added = sorted(new_years - old_years)
    if added and old_years:
        report.opmerkingen.append(f"Schooljaar {', '.join(added)} toegevoegd.")


def _check_distinct(paths: list[Path]) -> None:
    """Each file once, and no two files with the same name (the name identifies a file's rows)."""
    by_name: dict[str, Path] = {}
    for p in paths:
        other = by_name.get(p.name)
        if other is not None:
            if other.resolve() == p.resolve():
                raise LoepFout(f"Het bestand '{p.name}' is twee keer opgegeven; geef elk bestand maar één keer op.")
            raise LoepFout(f"Twee bestanden heten '{p.name}' ({other.parent} en {p.parent}); hernoem er een, want "
                           f"de bestandsnaam identificeert de rijen in de opslag.")
        by_name[p.name] = p


def refuse_synthetic(folder: Path, info: DataInfo, marked: Iterable[str] = ()) -> LoepFout:
    """The error for demonstration data that would replace real data without ``overwrite``.

    Args:
        folder: the data folder.
        info: provenance of the real data in it.
        marked: names of imported files that carry the column ``synthetisch`` (named in the message).
    """
    marked = list(marked)
    if marked:
        wat = (f"{_files_text(marked)} {'is' if len(marked) == 1 else 'zijn'} synthetische demonstratiedata "
               f"(kolom '{SYNTHETIC_COLUMN}') en zou die vervangen; er is niets geïmporteerd")
    else:
        wat = "demonstratiedata zou die vervangen"
    return LoepFout(
        f"De gegevensmap {folder} bevat echte gegevens ({_years_text(info.schooljaren)}); {wat}. Gebruik een "
        f"andere map (--data) of bevestig met --overschrijven.")


def _files_text(names: list[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:3])
    return shown + (f" en {len(names) - 3} andere" if len(names) > 3 else "")


def _marked_synthetic(raw) -> bool:
    """True when a raw file has the column ``synthetisch`` with 'ja' on some row."""
    if SYNTHETIC_COLUMN not in raw.columns:
        return False
    _, values = raw.codes(SYNTHETIC_COLUMN)
    return any(str(v).strip().casefold() == "ja" for v in values)


def _present(column: pd.Series) -> list[str]:
    """Sorted categories that occur in a categorical column."""
    codes = column.cat.codes.to_numpy()
    counts = np.bincount(codes[codes >= 0], minlength=len(column.cat.categories))
    return sorted(c for c, k in zip(column.cat.categories, counts) if k)


def _years_text(years: Iterable[str]) -> str:
    years = list(years)
    if not years:
        return "geen schooljaren"
    return f"schooljaar {years[0]}" if len(years) == 1 else f"schooljaren {years[0]} tot {years[-1]}"


def _sources(old_info: DataInfo | None, keep_old: pd.DataFrame | None, report: CleaningReport
             ) -> tuple[SourceFile, ...]:
    out: list[SourceFile] = []
    if old_info is not None and keep_old is not None and len(keep_old):
        remaining = set(keep_old["schooljaar"].unique().dropna())
        for s in old_info.bronnen:
            years = tuple(j for j in s.schooljaren if j in remaining)
            if years:
                out.append(SourceFile(s.naam, s.sha256, years, s.rijen_gelezen, s.rijen_behouden))
    for f in report.bestanden:
        out.append(SourceFile(f.naam, f.sha256, tuple(f.schooljaren), f.rijen_gelezen, f.rijen_behouden))
    return tuple(sorted(out, key=lambda s: (s.schooljaren[:1], s.naam)))
