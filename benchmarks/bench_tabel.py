"""LOEP.TABEL with and without the small-count protection, cold and warm (demo data).

    LOEP_DATA=/tmp/loep-bench python benchmarks/bench_tabel.py

Cold = the first call for a question (with protection: every table of the question built and published
together; the query engine already warm: a first pass runs everything once, unprinted); warm = a
recalculation of the same cell (kept per question, parameters and policy). Warm figures are medians of 50.
"""

from __future__ import annotations

import statistics
import time

from addin.excel import functions as f

CALLS = [("=LOEP.TABEL(2)", (2,)), ("=LOEP.TABEL(\"4a\"; \"Limburg\")", ("4a", "Limburg")),
         ("=LOEP.TABEL(\"voorbeeld-okan-per-provincie\"; \"T1\")", ("voorbeeld-okan-per-provincie", "T1"))]


def ms(call, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    f.current_query()  # the store loaded (and the demo data built) outside the measurement
    for shown in (False, True):
        if shown:
            print(f"{'formula':58} {'setting':10} {'cold ms':>9} {'warm ms':>9}")
        for label, args in CALLS:
            for setting in ("", "uit"):
                full = args + (None,) * (6 - len(args)) + (setting,)
                f._TABLES.clear()
                cold = ms(lambda: f.tabel(*full), 1)
                warm = ms(lambda: f.tabel(*full), 50)
                if shown:
                    print(f"{label:58} {setting or '(aan)':10} {cold:9.1f} {warm:9.3f}")


if __name__ == "__main__":
    main()
