"""Benchmark of the query core: single counts per second, beside two baselines measured in the same run.

    python benchmarks/bench_query.py [--data DIR] [--aantal 200000] [--seed 1]

On the demo store (built when missing) it measures
- the time to build the Query (aggregation) and the cube of each basis;
- single-count queries per second with arguments as a user types them ('2024-25', 'antwerpen', 'BSO',
  2, 'ja', ''), a realistic mix over years, regions, forms, graden and duaal;
- baseline (a): boolean-mask filtering of the cleaned DataFrame per query (arguments already normalised);
- baseline (b): a plain dict lookup with a prepared key (the floor of any Python lookup);
and prints the ratio against the mask baseline (target ≥ 100×) and the absolute rate (target ≥ 100 000/s).
Counts of the mask baseline are checked against the query results.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addin import demo  # noqa: E402
from addin.core import store  # noqa: E402
from addin.core.labels import PROVINCIES  # noqa: E402
from addin.core.query import Query  # noqa: E402

TARGET_RATE = 100_000
TARGET_RATIO = 100.0

_PROV_VARIANTS = {
    "Antwerpen": ["Antwerpen", "antwerpen", "ANTWERPEN ", "provincie Antwerpen"],
    "Limburg": ["Limburg", "limburg"],
    "Oost-Vlaanderen": ["Oost-Vlaanderen", "oost vlaanderen"],
    "Vlaams-Brabant": ["Vlaams-Brabant", "vlaams-brabant"],
    "West-Vlaanderen": ["West-Vlaanderen", "west-vlaanderen"],
    "Brussels Hoofdstedelijk Gewest": ["Brussel", "brussel", "BHG"],
}
_VORM_VARIANTS = {"bso": ["bso", "BSO"], "tso": ["tso", "TSO"], "buso": ["buso", "BuSO"], "Syntra": ["Syntra", "syntra"]}
_GRAAD_VARIANTS = {"2e graad": [2, "2e graad", "2e"], "3e graad": [3, "3e graad", "3"], "n.v.t.": ["n.v.t."]}


def _year_variants(jaar: str) -> list:
    start = int(jaar[:4])
    return [jaar, f"{start}-{str(start + 1)[2:]}", start, float(start)]


def workload(jaren, rng: random.Random, distinct: int):
    """``distinct`` argument tuples as typed by users, each with its canonical meaning.

    Returns:
        list of (typed_kwargs, canonical_dict) pairs.
    """
    out = []
    for _ in range(distinct):
        jaar = rng.choice(jaren)
        canon = {"schooljaar": jaar, "provincie": None, "onderwijsvorm": None, "graad": None, "duaal": None}
        typed = {"schooljaar": rng.choice(_year_variants(jaar))}
        if rng.random() < 0.85:
            p = rng.choice(PROVINCIES)
            canon["provincie"], typed["provincie"] = p, rng.choice(_PROV_VARIANTS[p])
        else:
            typed["provincie"] = ""
        if rng.random() < 0.5:
            v = rng.choice(list(_VORM_VARIANTS))
            canon["onderwijsvorm"], typed["onderwijsvorm"] = v, rng.choice(_VORM_VARIANTS[v])
        if rng.random() < 0.4:
            g = rng.choice(list(_GRAAD_VARIANTS))
            canon["graad"], typed["graad"] = g, rng.choice(_GRAAD_VARIANTS[g])
        r = rng.random()
        if r < 0.6:
            canon["duaal"], typed["duaal"] = True, rng.choice(["ja", "JA", "Ja"])
        elif r < 0.75:
            canon["duaal"], typed["duaal"] = False, "nee"
        else:
            typed["duaal"] = ""
        out.append((typed, canon))
    return out


def mask_count(frame, canon: dict) -> int:
    """Baseline (a): filter the cleaned DataFrame with a boolean mask per filter, then sum."""
    mask = None
    for dim, value in canon.items():
        if value is None:
            continue
        col = "provincie_vestigingsplaats" if dim == "provincie" else dim
        m = frame[col] if dim == "duaal" and value else (~frame[col] if dim == "duaal" else frame[col] == value)
        mask = m if mask is None else mask & m
    return int(frame["aantal"].sum() if mask is None else frame.loc[mask, "aantal"].sum())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="data folder (default: the usual Loep data folder; demo data is built if empty)")
    ap.add_argument("--aantal", type=int, default=200_000, help="number of single counts to time")
    ap.add_argument("--verschillend", type=int, default=5_000, help="distinct argument combinations in the mix")
    ap.add_argument("--mask-aantal", type=int, default=300, help="queries for the mask baseline")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    dataset = store.load(demo.ensure(args.data))
    t_load = time.perf_counter() - t0
    frame = dataset.frame
    print(f"Gegevens: {len(frame):,} rijen, schooljaren {dataset.info.schooljaren[0]} tot "
          f"{dataset.info.schooljaren[-1]}, bases {', '.join(dataset.info.bases)}"
          f"{' (synthetisch)' if dataset.info.synthetisch else ''}")
    print(f"  laden (Parquet)                         {t_load * 1000:9.1f} ms")

    t0 = time.perf_counter()
    q = Query(dataset)
    t_query = time.perf_counter() - t0
    print(f"  Query bouwen                            {t_query * 1000:9.1f} ms")

    rng = random.Random(args.seed)
    pool = workload(list(q.schooljaren), rng, args.verschillend)
    calls = [pool[rng.randrange(len(pool))][0] for _ in range(args.aantal)]

    # cold: every distinct combination normalised for the first time
    q._raw.clear()
    q._memo.clear()
    t0 = time.perf_counter()
    for typed, _ in pool:
        q.count(**typed)
    t_cold = time.perf_counter() - t0
    cold_rate = len(pool) / t_cold

    # warm: the realistic mix (a sheet recalculated, many cells sharing arguments)
    count = q.count
    t0 = time.perf_counter()
    for kw in calls:
        count(**kw)
    t_warm = time.perf_counter() - t0
    rate = len(calls) / t_warm

    # baseline (a): boolean masks over the cleaned frame, arguments pre-normalised
    sample = [pool[rng.randrange(len(pool))] for _ in range(args.mask_aantal)]
    t0 = time.perf_counter()
    mask_results = [mask_count(frame, canon) for _, canon in sample]
    t_mask = time.perf_counter() - t0
    mask_rate = len(sample) / t_mask
    wrong = sum(1 for (typed, _), m in zip(sample, mask_results) if q.count(**typed) != m)

    # baseline (b): a plain dict lookup with a prepared key (the answers of the pool, keyed by canonical values)
    prepared = {tuple(sorted(c.items(), key=lambda kv: kv[0])): q.count(**t) for t, c in pool}
    keys = [tuple(sorted(c.items(), key=lambda kv: kv[0]))
            for _, c in (pool[rng.randrange(len(pool))] for _ in range(args.aantal))]
    get = prepared.get
    t0 = time.perf_counter()
    for k in keys:
        get(k, 0)
    t_dict = time.perf_counter() - t0
    dict_rate = len(keys) / t_dict

    # studierichting filters (cold, then warm)
    programmes = [p for p in q.values("studierichting") if "duaal" in p.lower() or " dl" in p.lower()][:200]
    sr_calls = [{"schooljaar": rng.choice(q.schooljaren), "provincie": rng.choice(PROVINCIES).lower(),
                 "studierichting": rng.choice(programmes), "duaal": "ja"} for _ in range(2_000)]
    t0 = time.perf_counter()
    for kw in sr_calls:
        count(**kw)
    sr_cold = len(sr_calls) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(10):
        for kw in sr_calls:
            count(**kw)
    sr_warm = 10 * len(sr_calls) / (time.perf_counter() - t0)

    ratio = rate / mask_rate
    print()
    print(f"Enkelvoudige tellingen ({args.aantal:,} aanroepen over {len(pool):,} verschillende combinaties, "
          "argumenten zoals getypt):")
    print(f"  {'meting':46s} {'per seconde':>14s} {'µs per telling':>15s}")
    print(f"  {'Loep Query.count (warm, realistische mix)':46s} {rate:14,.0f} {1e6 / rate:15.2f}")
    print(f"  {'Loep Query.count (koud: elke combinatie nieuw)':46s} {cold_rate:14,.0f} {1e6 / cold_rate:15.2f}")
    print(f"  {'Loep met studierichting (eerste keer)':46s} {sr_cold:14,.0f} {1e6 / sr_cold:15.2f}")
    print(f"  {'Loep met studierichting (herhaald)':46s} {sr_warm:14,.0f} {1e6 / sr_warm:15.2f}")
    print(f"  {'basislijn (a): booleaans masker op DataFrame':46s} {mask_rate:14,.0f} {1e6 / mask_rate:15.2f}")
    print(f"  {'basislijn (b): kale dict-lookup':46s} {dict_rate:14,.0f} {1e6 / dict_rate:15.2f}")
    print()
    ok_rate = rate >= TARGET_RATE
    ok_ratio = ratio >= TARGET_RATIO
    print(f"  snelheid t.o.v. masker: {ratio:,.0f}x   (doel ≥ {TARGET_RATIO:.0f}x)  {'OK' if ok_ratio else 'NIET GEHAALD'}")
    print(f"  absolute snelheid: {rate:,.0f}/s   (doel ≥ {TARGET_RATE:,}/s)  {'OK' if ok_rate else 'NIET GEHAALD'}")
    print(f"  kost t.o.v. kale dict-lookup: {dict_rate / rate:,.1f}x")
    print(f"  controle: {len(sample) - wrong}/{len(sample)} maskertellingen gelijk aan Query.count")
    return 0 if (ok_rate and ok_ratio and not wrong) else 1


if __name__ == "__main__":
    raise SystemExit(main())
