"""Benchmark: the cost of checking the store's content when it is loaded, beside the plain load.

Run: ``python benchmarks/bench_load.py [--data DIR] [--herhaal 7]``

On the 10-year demo store (built in a temporary folder when ``--data`` is not given) it measures,
each the best of ``--herhaal`` runs, cache cleared:

* baseline: the plain load as before the check, ``pyarrow.parquet.read_table`` + ``to_pandas`` +
  canonical dtypes, no verification;
* the same read with Parquet's page checksums verified (CRC32 of every data page);
* the content hash (:func:`addin.core.store.content_hash`, sha256 over the canonical frame);
* ``store.load`` as Loep runs it (one read with page checksums, then the hash compared with the
  one recorded at write).

Target: the check adds at most 20 % to the plain load.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402

from addin import demo  # noqa: E402
from addin.core import store  # noqa: E402

TARGET = 0.20


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        store._cache.clear()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", help="data folder with a store (default: the demo data in a temporary folder)")
    parser.add_argument("--herhaal", type=int, default=7)
    args = parser.parse_args(argv)
    folder = Path(args.data) if args.data else Path(tempfile.mkdtemp(prefix="loep-bench-load-"))
    if not args.data:
        demo.ensure(folder)
    path = folder / store.STORE_NAME
    rows = store.read_info(folder).rijen
    size = path.stat().st_size

    plain, frame = best(lambda: store._restore(pq.read_table(path).to_pandas()), args.herhaal)
    checked_pages, _ = best(lambda: store._restore(
        pq.ParquetFile(path, page_checksum_verification=True).read().to_pandas()), args.herhaal)
    hashing, digest = best(lambda: store.content_hash(frame), args.herhaal)
    full, dataset = best(lambda: store.load(folder), args.herhaal)
    assert digest[:12] == dataset.info.dataversie

    extra = full - plain
    print(f"store: {rows:_} rijen, {size / 1e6:.1f} MB ({path})".replace("_", " "))
    print(f"baseline  plain load (read_table + to_pandas + dtypes, no check): {plain * 1000:7.1f} ms")
    print(f"          same read, page checksums verified:                     {checked_pages * 1000:7.1f} ms "
          f"({(checked_pages - plain) * 1000:+.1f} ms)")
    print(f"          content hash (sha256 over the canonical frame):         {hashing * 1000:7.1f} ms "
          f"({hashing / plain:.0%} of the plain load)")
    print(f"Loep      store.load (page checksums + content hash compared):   {full * 1000:7.1f} ms "
          f"({extra * 1000:+.1f} ms, {full / plain:.2f}x the plain load; target <= {1 + TARGET:.2f}x)")


if __name__ == "__main__":
    main()
