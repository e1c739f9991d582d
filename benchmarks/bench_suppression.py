"""Benchmark of small-count protection on the seed answer, beside the unsuppressed build.

Target (issue 10): suppression of the whole seed answer (tables V1 … V5b of ``loep antwoord``) in
<= 100 ms warm: primary and secondary suppression of all tables together plus the audit that
refuses a failing publication (``addin.core.publication.publish``). Printed beside, measured in
the same run and rounds: building the same tables without protection (``build_tables``, the
baseline), and the audit alone over every hidden cell with full integer ranges (``quick=False``).

The functions are called in turn in each round (order rotating, one warm-up round not counted,
garbage collected between rounds); every figure is a median over the rounds.

Usage: python benchmarks/bench_suppression.py [--data DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_answer import interleaved  # noqa: E402

from addin import demo  # noqa: E402
from addin.core import store  # noqa: E402
from addin.core.disclosure import Policy  # noqa: E402
from addin.core.publication import _linear, publish, structure  # noqa: E402
from addin.core.query import get_query  # noqa: E402
from addin.core.questions import build_tables  # noqa: E402
from addin.core.questionspec import load_spec  # noqa: E402
from addin.core.suppression import audit, combine, suppress  # noqa: E402

TARGET_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: LOEP_DATA / per-user folder)")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    dataset = store.load(demo.ensure(args.data))
    query = get_query(args.data)
    spec = load_spec()
    params = spec.params.resolve(query)
    keys = list(spec.table_keys)
    tables = build_tables(query, params, keys=keys)
    policy = Policy()
    whole = combine([_linear(t, structure(t)) for t in tables])
    supp = suppress(whole, policy.drempel)
    published = publish(tables, policy)
    n_hidden = sum(len(p.verborgen) for p in published)
    print(f"data: {dataset.info.rijen:,} rows; tables {', '.join(keys)} ({sum(len(t.frame) for t in tables)} rows)")
    print(f"cells in the model: {len(whole.values)} ({len(whole.unpublished)} hidden parts no table shows), "
          f"{len(whole.relations)} relations, {len(whole.orders)} orders of rows; {len(supp.primary)} primary + {len(supp.secondary)} secondary "
          f"counts hidden, {n_hidden} table cells hidden in all")
    print(f"median of {args.runs} runs, warm:\n")

    (t_publish, t_build, t_audit), _ = interleaved([
        lambda: publish(tables, policy),
        lambda: build_tables(query, params, keys=keys),
        lambda: audit(whole, supp, quick=False),
    ], args.runs)

    def line(label, t, note=""):
        print(f"{label:58s} {t[0] * 1000:8.1f} ms {t[1] * 1000:8.1f} ms  {note}")

    print(f"{'':58s} {'wall':>11s} {'cpu':>11s}")
    line(f"suppression + audit of the seed answer (target <= {TARGET_MS:.0f} ms)", t_publish,
         "OK" if t_publish[0] * 1000 <= TARGET_MS else "TOO SLOW")
    line("baseline: the same tables built without protection", t_build)
    line("reference: audit alone, full integer range of every cell", t_audit)
    print(f"{'suppression / unsuppressed build':58s} {t_publish[0] / t_build[0]:8.2f} x")
    return 0 if t_publish[0] * 1000 <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
