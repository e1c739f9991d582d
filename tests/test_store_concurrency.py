"""Writers of one data folder take turns (the folder's write lock); the import rules hold for every caller."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from addin.cli.main import main
from addin.core import store
from addin.core.cleaning import ImportRegels
from addin.core.errors import LoepFout
from official_rows import varied_rows, write_csv

YEARS = ("2020-2021", "2021-2022", "2022-2023", "2023-2024")


def _loep(*argv: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "addin", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **(env or {})})


def _total(rows) -> int:
    return sum(int(r["aantal_inschrijvingen"]) for r in rows)


def _stored_totals(data: Path) -> dict[str, int]:
    frame = store.load(data).frame
    return {str(k): int(v) for k, v in frame.groupby("schooljaar", observed=True)["aantal"].sum().items()}


def test_concurrent_imports_of_different_years_all_end_up_stored(tmp_path):
    # before the write lock, each process read the same stored years and the last write dropped the others' years
    base = varied_rows(40000, seed=40)
    files, expected = [], {}
    for i, jaar in enumerate(YEARS):
        rows = [{**r, "aantal_inschrijvingen": str(int(r["aantal_inschrijvingen"]) + i)} for r in base]
        files.append(write_csv(tmp_path / "in" / f"inschrijvingen-dataset-{jaar}-1feb.csv", rows))
        expected[jaar] = _total(rows)
    data = tmp_path / "data"
    assert main(["importeer", str(files[0]), "--data", str(data)]) == 0
    procs = [_loep("importeer", str(f), "--data", str(data)) for f in files[1:]]
    seen = []
    while any(p.poll() is None for p in procs):  # a reader meanwhile sees a whole store, old or new
        store._cache.clear()
        totals = _stored_totals(data)
        assert all(totals[j] == expected[j] for j in totals), totals
        seen.append(tuple(totals))
        time.sleep(0.02)
    outs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    assert all("Traceback" not in err for _, err in outs)
    store._cache.clear()
    assert _stored_totals(data) == expected
    assert seen and all(s[0] == YEARS[0] for s in seen)


_HOLDER = textwrap.dedent("""
    import sys, time
    from filelock import FileLock
    lock = FileLock(sys.argv[1])
    lock.acquire()
    print("vast", flush=True)
    time.sleep(float(sys.argv[2]))
    lock.release()
""")


def _hold_lock(data: Path, seconds: float) -> subprocess.Popen:
    data.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(data / store.LOCK_NAME), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "vast"
    return holder


def test_second_writer_waits_with_a_message(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    rows = varied_rows(30, seed=3)
    p = write_csv(tmp_path / "in" / "x-2023-2024.csv", rows)
    holder = _hold_lock(data, 1.5)
    monkeypatch.setenv("LOEP_WACHTTIJD", "60")
    start = time.monotonic()
    assert main(["importeer", str(p), "--data", str(data)]) == 0
    assert time.monotonic() - start >= 1.0
    holder.wait()
    err = capsys.readouterr().err
    assert (f"Een andere opdracht van Loep schrijft nu in de gegevensmap {data.resolve()}; even wachten tot die "
            f"klaar is (ten hoogste 60 seconden)") in err
    assert "De andere opdracht is klaar" in err
    assert _stored_totals(data) == {"2023-2024": _total(rows)}


def test_second_writer_stops_after_the_timeout(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    p = write_csv(tmp_path / "in" / "x-2023-2024.csv", varied_rows(30, seed=3))
    holder = _hold_lock(data, 30)
    try:
        monkeypatch.setenv("LOEP_WACHTTIJD", "0,5")
        assert main(["importeer", str(p), "--data", str(data)]) == 2
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert (f"Fout: De gegevensmap {data.resolve()} is na 0,5 seconden nog altijd in gebruik door een andere opdracht "
            f"van Loep") in err
    assert err.rstrip().endswith("er is niets gewijzigd.") and "Traceback" not in err
    assert not (data / store.STORE_NAME).exists()


def test_a_script_or_button_import_keeps_the_shrink_rule(tmp_path):
    # the rule used to get the stored totals from the CLI only: a direct store.import_files skipped it
    data = tmp_path / "data"
    full = varied_rows(200, seed=5)
    store.import_files([write_csv(tmp_path / "a" / "x-2023-2024.csv", full)], data)
    half = full[:60]
    cut = write_csv(tmp_path / "b" / "x-2023-2024.csv", half)
    with pytest.raises(LoepFout, match="Import geweigerd: schooljaar 2023-2024 zou vervangen worden") as exc:
        store.import_files([cut], data)
    assert f"tellen {_total(full):,} leerlingen".replace(",", ".") in exc.value.boodschap
    assert _stored_totals(data) == {"2023-2024": _total(full)}
    result = store.import_files([cut], data, regels=ImportRegels(toch_importeren=True))
    assert _stored_totals(data) == {"2023-2024": _total(half)}
    assert result.report.waarschuwingen and "2023-2024" in result.report.waarschuwingen[0]


def test_leftover_temporary_store_files_are_removed_by_the_next_import(tmp_path):
    data = tmp_path / "data"
    p = write_csv(tmp_path / "in" / "x-2023-2024.csv", varied_rows(30, seed=3))
    data.mkdir()
    (data / "rapporten").mkdir()
    left = [data / ".leerlingen.parquet.a1b2c3.tmp", data / "rapporten" / ".import-20260101-120000.txt.zz.tmp"]
    for f in left:
        f.write_bytes(b"PAR1 half")  # a write killed halfway
    store.import_files([p], data)
    assert not any(f.exists() for f in left)
