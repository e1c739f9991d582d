"""Soak, long version (issue 9): 8 clients, 60 s at 100 LOEP.* calls/s, an import replacing a year at 30 s.

The server is ``loep server``'s process (same environment and command) on 127.0.0.1 and a free port,
over the demo data (about 1.07 million rows, built in a temporary folder, ~20 s) or a scaled-down demo
(``--schaal``). Half-way, the last school year is imported again from its own file with every count one
higher (a corrected download), replacing it in the store underneath the running server; the server checks
for a new import every ``--verversen`` seconds (``LOEP_VERVERSEN_SECONDEN``; the default of a real server
is 60).

Every answer is checked against plain-pandas sums over the store file's rows before and after the import
(``tests/soak.py``). Printed: calls, errors, wrong answers, latency p50/p95/p99 of the LOEP.* calls in the
quiet half beside the half with the import, and beside LOEP.BRON (a function that does no lookup: the
server's own floor) in the same run; server RSS after the warm-up and at the end.

Run: ``python benchmarks/bench_soak.py [--seconds 60] [--rate 100] [--clients 8] [--schaal 1.0]``
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from addin.core import store  # noqa: E402
from server_process import running_server  # noqa: E402
from soak import call_plan, check, expected_from_store, percentile, renewal_delays, run_soak  # noqa: E402


#: Seconds beyond the refresh interval within which every answer must be new (loading ~2 s, more on a busy machine).
SETTLE_MARGIN = 10.0


def corrected_copy(source: Path, target: Path, plus: int = 1) -> Path:
    """``source`` (an official-layout CSV) with every count ``plus`` higher."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(source, encoding="utf-8", newline="") as fin, open(target, "w", encoding="utf-8", newline="") as fout:
        sample = fin.read(4096)
        fin.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=",;")
        reader = csv.reader(fin, dialect)
        writer = csv.writer(fout, dialect)
        header = next(reader)
        writer.writerow(header)
        col = header.index("aantal_inschrijvingen")
        for row in reader:
            if row and row[col].strip().isdigit():
                row[col] = str(int(row[col]) + plus)
            writer.writerow(row)
    return target


def figures(values: list[float]) -> str:
    return (f"{len(values):>7} {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f} "
            f"{percentile(values, 99):>8.1f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=100.0, help="calls per second over all clients")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--schaal", type=float, default=1.0, help="demo rows multiplier (default 1.0)")
    parser.add_argument("--verversen", type=float, default=5.0, help="server's refresh interval in seconds")
    parser.add_argument("--imports", type=int, default=1,
                        help="imports during the run, evenly spaced (import i adds i to every count); default 1")
    args = parser.parse_args(argv)
    from addin.demo.generator import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data, bron = tmp / "data", tmp / "bron"
        t0 = time.perf_counter()
        build_demo(data, scale=args.schaal, bron_dir=bron)
        info = store.load(data).info
        print(f"demo data: {info.rijen:,} rows, {len(info.schooljaren)} school years, built in "
              f"{time.perf_counter() - t0:.1f} s")
        last = info.schooljaren[-1]
        source = next(p for p in sorted(bron.glob("*.csv")) if last in p.name or last[:4] in p.name)
        shutil.copy(data / store.STORE_NAME, tmp / "oud.parquet")
        versions = [expected_from_store(tmp / "oud.parquet", info.dataversie)]
        took, stored = [], []

        def importer(i: int):
            corrected = corrected_copy(source, tmp / f"verbeterd{i}" / source.name, plus=i)

            def do_import():
                t = time.perf_counter()
                store.import_files([corrected], data)
                took.append(time.perf_counter() - t)
                shutil.copy(data / store.STORE_NAME, tmp / f"versie{i}.parquet")
                stored.append((tmp / f"versie{i}.parquet", store.load(data).info.dataversie))

            return do_import

        env = {"LOEP_VERVERSEN_SECONDEN": str(args.verversen)}
        times = [args.seconds * (i + 1) / (args.imports + 1) for i in range(args.imports)]
        with running_server(data, tmp / "server.log", env) as (client, config, process):
            plan = call_plan(versions[0])
            result = run_soak(str(client.base_url), process.pid, plan, clients=args.clients,
                              seconds=args.seconds, imports=[(t, importer(i + 1)) for i, t in enumerate(times)],
                              rate=args.rate)
        versions += [expected_from_store(path, version) for path, version in stored]  # after the run: no extra load
    problems = check(result, versions, settle_after=args.verversen + SETTLE_MARGIN)
    delays = renewal_delays(result, versions)
    start = min(r.start for r in result.records)
    lookups = [r for r in result.records if r.kind not in ("bron", "fout")]
    quiet = sorted((r.end - r.start) * 1000 for r in lookups if r.start < result.import_start)
    busy = sorted((r.end - r.start) * 1000 for r in lookups if r.start >= result.import_start)
    bron_ms = sorted((r.end - r.start) * 1000 for r in result.records if r.kind == "bron")
    every = result.latencies_ms()
    calls = len(result.records)
    span = max(r.end for r in result.records) - start
    at = ", ".join(f"{b - start:.1f} s ({t:.1f} s)" for (b, _), t in zip(result.imports, took))
    print(f"soak: {args.clients} clients, {args.seconds:.0f} s at {args.rate:.0f} calls/s; {len(took)} import(s) of "
          f"{last} (import i adds i to every count) at {at}; server refresh every {args.verversen:.0f} s")
    print(f"calls: {calls} ({calls / span:.1f}/s); errors {len(problems['fouten'])}, wrong answers "
          f"{len(problems['foute_antwoorden'])}, back to old data {len(problems['terug_naar_oud'])}, old data after "
          f"refresh {len(problems['niet_vernieuwd'])}")
    print("new data everywhere after each import: " + ", ".join(f"{d:.1f} s" for d in delays)
          + f" (refresh interval {args.verversen:.0f} s + loading)")
    print(f"{'latency (ms)':<34}{'calls':>7} {'p50':>8} {'p95':>8} {'p99':>8}")
    print(f"{'all calls':<34}{figures(every)}")
    print(f"{'LOEP.* lookups, before any import':<34}{figures(quiet)}")
    print(f"{'LOEP.* lookups, from the 1st on':<34}{figures(busy)}")
    print(f"{'LOEP.BRON (baseline: no lookup)':<34}{figures(bron_ms)}")
    growth = (result.rss_after_kb - result.rss_before_kb) / 1024
    steps = " -> ".join(f"{kb / 1024:.0f}" for kb in result.rss_after_imports_kb)
    print(f"server RSS: {result.rss_before_kb / 1024:.0f} MB after warm-up, {result.rss_after_kb / 1024:.0f} MB "
          f"at the end ({growth:+.0f} MB); after each import (before the next / at the end): {steps} MB")
    bad = sum(len(v) for v in problems.values())
    if bad:
        for kind, items in problems.items():
            for item in items[:5]:
                print(f"  {kind}: {item}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
