"""Benchmark: import + clean of the 10-year demo file set, beside DuckDB on the same raw files.

Run: ``python benchmarks/bench_import.py [--schaal 1 10] [--standin]``

For each scale it writes the demo files (``addin.demo.write_demo_files``; when that
module is missing, or with ``--standin``, a stand-in set of the same shape made here), then
measures in fresh child processes (so peak memory is the process's own ``ru_maxrss``):

* Loep: ``store.import_files`` of all files into an empty data folder (read, clean, write Parquet);
* baseline: DuckDB ``read_csv_auto`` over the same files, ``GROUP BY`` school year and province, sum.

Targets (issue 2): the 1x set in < 5 s and < 1 GB peak.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEARS = [f"{y}-{y + 1}" for y in range(2016, 2026)]
ROWS_PER_YEAR = 100_000


# --- stand-in files (only when the demo generator is not available) --------------------------


def write_standin_files(out_dir: Path, scale: float = 1.0, seed: int = 2016) -> list[Path]:
    """Ten official-layout CSV files (~100 000 rows x 28 columns each at scale 1), unique rows."""
    import numpy as np
    import pandas as pd

    from addin.core.catalogue import catalogue
    from addin.core.labels import PROVINCIES
    from addin.core.schema import OFFICIAL_COLUMNS

    rng = np.random.default_rng(seed)
    cat = catalogue()
    names = np.array(list(cat["naam"]) + [f"Studierichting {i}" for i in range(400)], dtype=object)
    domains = np.array(list(cat["sector"]) + ["STEM"] * 400, dtype=object)
    provs = np.array(PROVINCIES, dtype=object)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    n_rows = int(ROWS_PER_YEAR * scale)
    slots = 42  # (programme, leerjaar) slots per vestiging, x 2 geslacht
    n_vest = -(-n_rows // (slots * 2))
    for year in YEARS:
        vest = np.repeat(np.arange(n_vest), slots * 2)[:n_rows]
        slot = np.tile(np.repeat(np.arange(slots), 2), n_vest)[:n_rows]
        sex = np.tile(np.array(["Mannelijk", "Vrouwelijk"], dtype=object), n_vest * slots)[:n_rows]
        prog = (vest * 7919 + slot * 104729) % len(names)
        hs_code = rng.choice(np.array(["311", "312", "321", "211"]), n_rows, p=[0.86, 0.03, 0.08, 0.03])
        hs = pd.Series(hs_code).map({"311": "Voltijds gewoon secundair onderwijs",
                                     "312": "Deeltijds beroepssecundair onderwijs",
                                     "321": "Buitengewoon secundair onderwijs",
                                     "211": "Gewoon lager onderwijs"}).to_numpy()
        graad = rng.choice(np.array(["1e graad", "2e graad", "3e graad", "n.v.t. (okan)"]), n_rows)
        vprov = provs[vest % len(provs)]
        frame = pd.DataFrame({
            "hoofdstructuur": hs,
            "hoofdstructuur_inschrijving_code": hs_code,
            "graad_so": graad,
            "leerjaar": np.array(["1e leerjaar A", "3e leerjaar", "5e leerjaar", "2e leerjaar"])[slot % 4],
            "leerjaar_code": (slot % 7).astype(str),
            "onderwijsvorm": rng.choice(np.array(["aso", "bso", "tso", "kso", "n.v.t. (1e graad)"]), n_rows),
            "finaliteit": rng.choice(np.array(["Doorstroomfinaliteit", "Dubbele finaliteit",
                                               "Arbeidsmarktfinaliteit", "n.v.t. (1e graad)"]), n_rows),
            "domein": domains[prog],
            "studierichting": names[prog],
            "administratieve_groep": np.where(rng.random(n_rows) < 0.05, "DBSO", "GEW"),
            "opleidingsvorm": "",
            "type_buitengewoon_onderwijs": "",
            "onderwijsnet": rng.choice(np.array(["GO!", "OVSG", "VSKO", "POV"]), n_rows),
            "soort_inrichtende_macht": rng.choice(np.array(["Gemeenschapsonderwijs", "Gemeente", "Vrij"]), n_rows),
            "schoolbestuur": (vest // 3).astype(str),
            "scholengemeenschap": (vest // 10).astype(str),
            "geslacht": sex,
            "belg_nietbelg": rng.choice(np.array(["Belg", "niet-Belg"]), n_rows, p=[0.9, 0.1]),
            "school_krijgt_omkadering_gok": rng.choice(np.array(["Ja", "Nee"]), n_rows),
            "vestiging_provincie_naam": vprov,
            "vestiging_fusiegemeente_naam": (vest % 300).astype(str),
            "instellingsnummer": (100000 + vest // 2).astype(str),
            "intern_volgnr_vpl": (vest % 2 + 1).astype(str),
            "vestigingsplaats_adres": np.char.add("Schoolstraat ", (vest % 500).astype(str)),
            "taal_code": "N",
            "aantal_inschrijvingen": rng.integers(1, 30, n_rows).astype(str),
            "hoofdzetel_provincie_naam": vprov,
            "woonplaats_provincie_naam": np.where(rng.random(n_rows) < 0.9, vprov, provs[(vest + 1) % len(provs)]),
        })
        assert list(frame.columns[:len(OFFICIAL_COLUMNS)]) == list(OFFICIAL_COLUMNS)
        path = out_dir / f"inschrijvingen-leerplicht-instellingen-dataset-{year}-1feb.csv"
        frame.to_csv(path, index=False)
        files.append(path)
    return files


def write_replicated_demo(out_dir: Path, copies: int) -> list[Path]:
    """The demo set made ``copies`` times larger: every school year holds ``copies`` copies of the
    demo schools, each copy with its own instellingsnummer (so no row is a duplicate).

    The demo generator's own ``scale`` only splits the same pupils over more rows (it levels off
    near 4x at scale 10), so a truly 10x larger set is built here from the 1x files.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from addin.demo.generator import write_demo_files

    base = [Path(p) for p in write_demo_files(out_dir / "basis", scale=1.0)]
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for src in base:
        with open(src, encoding="utf-8") as fh:
            names = [n.strip().strip('"') for n in fh.readline().split(",")]
        table = pacsv.read_csv(src, convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in names}))
        idx = table.column_names.index("instellingsnummer")
        parts = []
        for i in range(copies):
            nummer = pc.binary_join_element_wise(table.column(idx), pa.scalar(f"{i:02d}"), "")
            parts.append(table.set_column(idx, "instellingsnummer", nummer))
        target = out_dir / src.name
        pacsv.write_csv(pa.concat_tables(parts), target)
        src.unlink()
        files.append(target)
    return files


def write_files(out_dir: Path, scale: float, standin: bool) -> tuple[list[Path], str]:
    if not standin:
        try:
            from addin.demo.generator import write_demo_files
        except ImportError:
            standin = True
        else:
            if scale > 1 and float(scale).is_integer():
                return write_replicated_demo(out_dir, int(scale)), f"demo set x{scale:g} (distinct school copies)"
            return [Path(p) for p in write_demo_files(out_dir, scale=scale)], "addin.demo.write_demo_files"
    return write_standin_files(out_dir, scale), "stand-in (benchmarks/bench_import.py)"


# --- measurements in child processes -----------------------------------------------------------

_CHILD_LOEP = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from addin.core import store
import shutil
files = {files!r}
shutil.rmtree({data!r}, ignore_errors=True)  # every run imports into an empty data folder
marks = {{}}
t = time.perf_counter()
def progress(wat, fractie):
    marks.setdefault(wat.split()[0], time.perf_counter() - t)
result = store.import_files(files, {data!r}, synthetic=True, progress=progress)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
phases = {{"lezen+opschonen": marks.get("samenvoegen", wall),
          "samenvoegen": marks.get("gegevens", wall) - marks.get("samenvoegen", wall),
          "wegschrijven": marks.get("rapport", wall) - marks.get("gegevens", wall),
          "rapport": wall - marks.get("rapport", wall)}}
print(json.dumps({{"wall": wall, "rss_mb": ru.ru_maxrss / 1024, "cpu": ru.ru_utime + ru.ru_stime,
                  "rows": result.info.rijen, "read": result.report.rijen_gelezen, "phases": phases}}))
"""

_CHILD_DUCKDB = """
import json, resource, sys, time
import duckdb
files = {files!r}
t = time.perf_counter()
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
rows = con.execute(
    "SELECT regexp_extract(filename, '(\\\\d{{4}}-\\\\d{{4}})', 1) AS jaar, vestiging_provincie_naam, "
    "sum(aantal_inschrijvingen) FROM read_csv_auto(?, filename=true, union_by_name=true) "
    "GROUP BY ALL", [files]).fetchall()
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"wall": wall, "rss_mb": ru.ru_maxrss / 1024, "cpu": ru.ru_utime + ru.ru_stime,
                  "groups": len(rows)}}))
"""

_CHILD_IMPORTS = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
t = time.perf_counter()
import pandas, pyarrow.parquet, addin.core.store
print(json.dumps({{"wall": time.perf_counter() - t,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _child(code: str, repeat: int = 1) -> dict:
    """Run ``code`` in fresh interpreters ``repeat`` times; the run with the lowest wall time."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"child failed:\n{out.stderr}")
        runs.append(json.loads([ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]))
    best = min(runs, key=lambda r: r["wall"])
    best["peak_all"] = max(r["rss_mb"] for r in runs)
    best["walls"] = [round(r["wall"], 2) for r in runs]
    return best


def bench_xlsx(csv_file: Path, tmp_path: Path) -> None:
    """One school year as .xlsx (written by XlsxWriter, Excel's layout): fast path beside openpyxl."""
    import pyarrow.csv as pacsv
    import xlsxwriter

    from addin.core import reader

    table = pacsv.read_csv(csv_file)
    path = tmp_path / csv_file.name.replace(".csv", ".xlsx")
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Gegevens")
    sheet.write_row(0, 0, table.column_names)
    for i, values in enumerate(zip(*(c.to_pylist() for c in table.columns)), start=1):
        sheet.write_row(i, 0, values)
    book.close()
    data = path.read_bytes()
    t = time.perf_counter()
    fast = reader._read_xlsx_fast(path, data, "")
    t_fast = time.perf_counter() - t
    t = time.perf_counter()
    slow = reader._read_xlsx_openpyxl(path, data, "")
    t_slow = time.perf_counter() - t
    same = fast.frame.equals(slow.frame)
    print(f"\n  one year as .xlsx ({fast.rijen:,} rows, {len(data) / 1e6:.0f} MB): Loep fast path {t_fast:.2f} s, "
          f"openpyxl (baseline) {t_slow:.2f} s -> {t_slow / t_fast:.1f}x faster; same values: {same}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schaal", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--standin", action="store_true", help="use the stand-in files even if demodata exists")
    parser.add_argument("--xlsx", action="store_true",
                        help="also time one school year as .xlsx: Loep's fast path beside openpyxl (slow: ~1 min)")
    parser.add_argument("--herhaal", type=int, default=3,
                        help="runs per measurement (fresh process each); the fastest is shown (default 3)")
    args = parser.parse_args(argv)
    print(f"Import + clean benchmark ({os.cpu_count()} CPU, load average at start "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}; best of {args.herhaal} runs, each in a fresh process)")
    base = _child(_CHILD_IMPORTS.format(root=str(ROOT)))
    print(f"  start-up (imports only): {base['wall']:.2f} s, {base['rss_mb']:.0f} MB — included in the peaks below")
    for scale in args.schaal:
        with tempfile.TemporaryDirectory(prefix="loep-bench-") as tmp:
            tmp_path = Path(tmp)
            t = time.perf_counter()
            files, source = write_files(tmp_path / "raw", scale, args.standin)
            gen = time.perf_counter() - t
            size = sum(f.stat().st_size for f in files) / 1e6
            files_s = [str(f) for f in files]
            loep = _child(_CHILD_LOEP.format(root=str(ROOT), files=files_s, data=str(tmp_path / "data")),
                          args.herhaal)
            duck = _child(_CHILD_DUCKDB.format(files=files_s), args.herhaal)
            print(f"\nscale {scale:g}: {len(files)} files, {loep['read']:,} rows, {size:.0f} MB of CSV "
                  f"(source: {source}, written in {gen:.1f} s)")
            print(f"  {'':38}{'wall (s)':>9}{'CPU (s)':>9}{'peak RSS (MB)':>15}   all walls")
            print(f"  {'Loep import_files (read+clean+store)':38}{loep['wall']:>9.2f}{loep['cpu']:>9.2f}"
                  f"{loep['peak_all']:>15.0f}   {loep['walls']} -> {loep['rows']:,} canonical rows")
            print(f"  {'DuckDB read_csv_auto + GROUP BY':38}{duck['wall']:>9.2f}{duck['cpu']:>9.2f}"
                  f"{duck['peak_all']:>15.0f}   {duck['walls']} -> {duck['groups']} groups")
            print("  Loep phases (fastest run): " + ", ".join(f"{k} {v:.2f} s" for k, v in loep["phases"].items()))
            print(f"  ratio Loep / DuckDB: {loep['wall'] / duck['wall']:.1f}x time, "
                  f"{loep['peak_all'] / duck['peak_all']:.1f}x memory")
            if scale == 1.0:
                ok = loep["wall"] < 5 and loep["peak_all"] < 1024
                print(f"  target (< 5 s, < 1024 MB): {'MET' if ok else 'NOT MET'}")
                if args.xlsx:
                    bench_xlsx(files[0], tmp_path)


if __name__ == "__main__":
    main()
