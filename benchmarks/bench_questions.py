"""Benchmark (issue 8): every built-in question's whole answer, warm, beside plain XlsxWriter sheets.

Target: any built-in question's whole answer (tables, workbook, CSVs, and whatever else ``make_answer``
writes) warm <= 1 s. Per question, in the same run: the tables alone (``build_question_tables``), the
whole job (``make_answer``) and, as baseline, the same tables written as plain XlsxWriter sheets.
Medians over ``--runs`` runs after one warm-up.

Usage: python benchmarks/bench_questions.py [--data DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_answer import median_time, plain_workbook  # noqa: E402

from addin import demo  # noqa: E402
from addin.core import store  # noqa: E402
from addin.core.query import get_query  # noqa: E402
from addin.core.questions import build_question_tables  # noqa: E402
from addin.core.questionspec import builtin_specs, load_spec  # noqa: E402
from addin.report.answer import make_answer  # noqa: E402


def median(fn, runs: int) -> float:
    """Median wall-clock seconds of ``runs`` calls after one warm-up call that is not counted."""
    fn()
    return median_time(fn, runs)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: LOEP_DATA / per-user folder)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = demo.ensure(args.data)
    dataset = store.load(data)
    query = get_query(data)
    print(f"data: {dataset.info.rijen:,} rows; {dataset.info.bron}")
    print(f"median of {args.runs} warm runs (ms)\n")
    print(f"{'vraag':42s} {'tabellen':>9s} {'hele antwoord':>14s} {'baseline plain':>15s}  doel <= 1000 ms")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in builtin_specs():
            spec = load_spec(name)
            spec = replace(spec, params=spec.params.resolve(query))
            t_tables = median(lambda: build_question_tables(query, spec), args.runs)
            tables = build_question_tables(query, spec)
            t_plain = median(lambda: plain_workbook(tables, tmp / f"plain-{name}.xlsx"), args.runs)
            out = tmp / name
            out.mkdir()
            t_job = median(lambda: make_answer(name, uit=out, overwrite=True, data_dir=data), args.runs)
            worst = max(worst, t_job)
            print(f"{name:42s} {t_tables * 1000:9.1f} {t_job * 1000:14.1f} {t_plain * 1000:15.1f}  "
                  f"{'OK' if t_job <= 1.0 else 'TE TRAAG'}")
    print(f"\nslechtste hele antwoord: {worst * 1000:.1f} ms ({'OK' if worst <= 1.0 else 'TE TRAAG'})")
    return 0 if worst <= 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
