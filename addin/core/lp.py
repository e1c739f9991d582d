"""HiGHS (highspy) for the suppression model: one small wrapper, no solver of our own.

A :class:`Model` is built once from rows of coefficients; its objective and sense are changed between
solves, so the simplex warm-starts (about 0.1 ms for a small table instead of building a new model).
HiGHS prints a version banner the first time a solver is made in a process; that first construction
happens with standard output pointed elsewhere, so no English line reaches a user's terminal.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

import highspy
import numpy as np

INF = highspy.kHighsInf
_lock = threading.Lock()
_first = True


@contextlib.contextmanager
def _quiet_stdout():
    """Point file descriptor 1 at the null device for the duration (when there is one to point)."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, AttributeError, ValueError):
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance (deterministic: one thread, no time-dependent choices)."""
    global _first
    with _lock:
        if _first:
            with _quiet_stdout():
                h = highspy.Highs()
            _first = False
        else:
            h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


def _bounded(values) -> np.ndarray:
    """Bounds as HiGHS takes them: numpy's infinities as HiGHS's (``kHighsInf``)."""
    out = np.array(values, dtype=float)
    out[out == np.inf] = INF
    out[out == -np.inf] = -INF
    return out


_DECIDED = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible, highspy.HighsModelStatus.kInfeasible)


class Model:
    """min/max c·x subject to ``lower_row <= A x <= upper_row`` and column bounds.

    Args:
        lower, upper: column bounds (``INF`` / ``-INF`` or ``np.inf`` for none).
        rows: each row a ``{column: coefficient}`` dict.
        row_lower, row_upper: row bounds.
        integer: all columns are whole numbers.
    """

    def __init__(self, lower, upper, rows, row_lower, row_upper, *, integer: bool = False):
        self.n = len(lower)
        self.h = new_highs()
        lo = _bounded(lower)
        hi = _bounded(upper)
        self.h.addVars(self.n, lo, hi)
        if rows:
            starts, index, values = [], [], []
            for row in rows:
                starts.append(len(index))
                for c, v in sorted(row.items()):
                    index.append(c)
                    values.append(v)
            rl = _bounded(row_lower)
            ru = _bounded(row_upper)
            self.h.addRows(len(rows), rl, ru, len(index), np.array(starts, dtype=np.int32),
                           np.array(index, dtype=np.int32), np.array(values, dtype=float))
        self._all = np.arange(self.n, dtype=np.int32)
        self.integer = False
        if integer:
            self.set_integer(True)

    def set_integer(self, on: bool) -> None:
        kind = highspy.HighsVarType.kInteger if on else highspy.HighsVarType.kContinuous
        self.h.changeColsIntegrality(self.n, self._all, np.array([kind] * self.n))
        if on:
            self.h.setOptionValue("mip_rel_gap", 0.0)
        self.integer = on

    def solve(self, cost, *, maximise: bool = False) -> tuple[str, np.ndarray | None]:
        """('optimal', x), ('unbounded', None) or ('fout: …', None)."""
        self.h.changeColsCost(self.n, self._all, np.asarray(cost, dtype=float))
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
        self.h.run()
        status = self.h.getModelStatus()
        if status not in _DECIDED:
            # a warm start can leave HiGHS undecided ('Unknown') on a badly scaled row (an order of shares
            # multiplies counts by denominators in the thousands): solve again from scratch, then without presolve
            for presolve in ("on", "off"):
                self.h.setOptionValue("presolve", presolve)
                self.h.clearSolver()
                self.h.run()
                status = self.h.getModelStatus()
                if status in _DECIDED:
                    break
            self.h.setOptionValue("presolve", "choose")
        if status == highspy.HighsModelStatus.kOptimal:
            return "optimal", np.array(self.h.getSolution().col_value)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return "unbounded", None
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible", None
        return f"fout: {self.h.modelStatusToString(status)}", None

    def row_duals(self) -> np.ndarray:
        """Dual values of the rows after an optimal LP solve (the multipliers of the optimality proof)."""
        return np.array(self.h.getSolution().row_dual)
