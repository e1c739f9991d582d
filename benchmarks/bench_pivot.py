"""Benchmark: pivots and counts on any dimension, beside DuckDB and a bare dict lookup in the same run.

Usage: python benchmarks/bench_pivot.py [--data MAP] [--pivots 24] [--tellingen 200000]

Measures, on the store in the data folder (the 10-year demo store by default):

* pivots of two random dimensions (rows × columns) with two random filters, over every school year:
  Loep's ``Query.pivot`` the first time (cold: computed, not cached) and again (warm: the memo), beside
  DuckDB running the same ``GROUP BY`` on the same Parquet file in the same process; every result is
  compared cell by cell with DuckDB's;
* single counts with three filters on random dimensions, arguments as a user types them (warm mix);
* the process's peak memory after loading the store and building the engine.

Targets (issue 7): pivot cold ≤ 1,5 × DuckDB and < 50 ms; warm < 1 ms; counts with three filters
≥ 200 000/s warm; store + engine < 600 MB.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addin.core import store  # noqa: E402
from addin.core.dimensions import BY_NAAM, DIMENSIONS  # noqa: E402
from addin.core.query import Query  # noqa: E402
from addin.core.settings import data_dir as resolve_data_dir  # noqa: E402

#: Dimensions drawn for rows, columns and filters (sector: a derived column like the others; all are stored).
POOL = [d.naam for d in DIMENSIONS if d.naam not in ("provincie",)] + ["provincie"]
TARGET_COLD_RATIO = 1.5
TARGET_COLD_MS = 50.0
TARGET_WARM_MS = 1.0
TARGET_COUNTS = 200_000
TARGET_MB = 600


def _column(q: Query, naam: str) -> str:
    return q.kolom(BY_NAAM[naam])


def _sql_value(v: str) -> str:
    return "'" + v.replace("'", "''") + "'"


def _typed(value: str, rng: random.Random) -> str:
    return rng.choice([value, value.upper(), value.lower(), f" {value} "])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="data folder (default: the usual Loep data folder)")
    ap.add_argument("--pivots", type=int, default=24, help="number of random pivots")
    ap.add_argument("--tellingen", type=int, default=200_000, help="number of single counts in the warm mix")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    import duckdb

    folder = resolve_data_dir(args.data)
    try:
        from addin.demo import ensure
        ensure(folder)
    except ImportError:  # pragma: no cover - the demo package is part of Loep
        pass
    t0 = time.perf_counter()
    dataset = store.load(folder)
    q = Query(dataset)
    t_build = time.perf_counter() - t0
    frame = dataset.frame
    parquet = store.store_path(folder)
    rng = random.Random(args.seed)
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    print(f"Gegevens: {len(frame):,} rijen, schooljaren {q.schooljaren[0]} tot {q.schooljaren[-1]}"
          f"{' (synthetisch)' if dataset.info.synthetisch else ''}; laden + engine {t_build * 1000:.0f} ms")

    # values present per dimension (to draw filters that match rows)
    present = {}
    for naam in POOL:
        col = _column(q, naam)
        vals = frame[col].dropna().unique().tolist() if col != "duaal" else [True, False]
        present[naam] = [v for v in vals if not (isinstance(v, str) and not v)]

    cold, warm, duck, wrong = [], [], [], 0
    for i in range(args.pivots):
        dims = rng.sample(POOL, 4)
        rows, cols, fdims = dims[0], dims[1], dims[2:]
        filters, where = {}, []
        for d in fdims:
            vals = rng.sample(present[d], min(2, len(present[d])))
            col = _column(q, d)
            if col == "duaal":
                filters[d] = "ja" if vals[0] else "nee"
                where.append(f"duaal = {'true' if vals[0] else 'false'}")
            else:
                filters[d] = ";".join(_typed(str(v), rng) if d not in ("school", "vestigingsplaats") else str(v)
                                      for v in vals)
                where.append(f'"{col}" IN ({", ".join(_sql_value(str(v)) for v in vals)})')
        rc, cc = _column(q, rows), _column(q, cols)
        sql = (f'SELECT "{rc}" AS r, "{cc}" AS c, SUM(aantal) AS n FROM read_parquet(?) WHERE {" AND ".join(where)} '
               f'GROUP BY ALL')
        t0 = time.perf_counter()
        result = con.execute(sql, [str(parquet)]).fetchall()
        duck.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        p = q.pivot(rows, cols, filters=filters)
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        q.pivot(rows, cols, filters=filters)
        warm.append(time.perf_counter() - t0)
        def label(v, col):  # DuckDB's value as Loep labels it (NULL = Loep's missing-value label)
            if v is None:
                return "Buiten Vlaanderen en Brussel of onbekend" if col.startswith("provincie_") else "Onbekend"
            if isinstance(v, bool):
                return "ja" if v else "nee"
            return str(v)

        expected = {}
        for r, c, n in result:
            if n:
                key = (label(r, rc), label(c, cc))
                expected[key] = expected.get(key, 0) + int(n)
        got = {(str(r), str(c)): int(n) for r, c, n in
               zip(p.cellen[rows], p.cellen[cols], p.cellen["aantal"])}
        if got != expected:
            wrong += 1
            print(f"  VERSCHIL bij {rows} × {cols} met {filters}", file=sys.stderr)

    # single counts, three filters on random dimensions, as typed (a pool of argument sets, then a warm mix)
    pool = []
    for _ in range(2_000):
        row = frame.iloc[rng.randrange(len(frame))]
        filters = []
        for d in rng.sample([d for d in POOL if d != "schooljaar"], 3):
            col = _column(q, d)
            v = row[col]
            if col == "duaal":
                filters.append(f"{d}={'ja' if v else 'nee'}")
            elif isinstance(v, str):
                filters.append(f"{d}={_typed(v, rng) if d not in ('school', 'vestigingsplaats') else v}")
        pool.append((str(row["schooljaar"]), tuple(filters)))
    t0 = time.perf_counter()
    for jaar, filters in pool:
        q.count(jaar, filters=filters)
    cold_rate = len(pool) / (time.perf_counter() - t0)
    calls = [pool[rng.randrange(len(pool))] for _ in range(args.tellingen)]
    count = q.count
    t0 = time.perf_counter()
    for jaar, filters in calls:
        count(jaar, filters=filters)
    rate = len(calls) / (time.perf_counter() - t0)
    lookup = {k: 0 for k in pool}
    get = lookup.get
    t0 = time.perf_counter()
    for k in calls:
        get(k)
    dict_rate = len(calls) / (time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    ms = lambda xs: 1000 * statistics.median(xs)  # noqa: E731
    ratio = statistics.median(cold) / statistics.median(duck)
    print()
    print(f"Draaitabellen ({args.pivots} willekeurig: twee dimensies × twee filters, alle schooljaren):")
    print(f"  {'meting':44s} {'mediaan ms':>11s} {'max ms':>9s}")
    print(f"  {'DuckDB GROUP BY op hetzelfde Parquet-bestand':44s} {ms(duck):11.2f} {1000 * max(duck):9.2f}")
    print(f"  {'Loep Query.pivot, eerste keer (koud)':44s} {ms(cold):11.2f} {1000 * max(cold):9.2f}")
    print(f"  {'Loep Query.pivot, opnieuw (warm)':44s} {ms(warm):11.3f} {1000 * max(warm):9.3f}")
    print(f"  koud t.o.v. DuckDB: {ratio:.2f}x (doel ≤ {TARGET_COLD_RATIO}x); resultaten gelijk aan DuckDB: "
          f"{args.pivots - wrong}/{args.pivots}")
    print()
    print("Enkelvoudige tellingen met drie filters op willekeurige dimensies, argumenten zoals getypt:")
    print(f"  {'Loep Query.count, eerste keer':44s} {cold_rate:14,.0f}/s")
    print(f"  {'Loep Query.count, warme mix':44s} {rate:14,.0f}/s   (doel ≥ {TARGET_COUNTS:,}/s)")
    print(f"  {'basislijn: kale dict-lookup':44s} {dict_rate:14,.0f}/s   (Loep kost {dict_rate / rate:.1f}x)")
    print()
    print(f"Piekgeheugen van het proces (opslag + engine + DuckDB): {peak_mb:,.0f} MB (doel < {TARGET_MB} MB)")
    ok = (ratio <= TARGET_COLD_RATIO and ms(cold) < TARGET_COLD_MS and ms(warm) < TARGET_WARM_MS
          and rate >= TARGET_COUNTS and not wrong and peak_mb < TARGET_MB)
    print("ALLE DOELEN GEHAALD" if ok else "NIET ALLE DOELEN GEHAALD")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
