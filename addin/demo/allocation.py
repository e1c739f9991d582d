"""Integer allocation: split exact totals into integers that add up exactly.

Used by the demonstration-data generator (:mod:`addin.demo.generator`) so that every calibrated
total survives the spread over provinces, programmes, schools and rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def largest_remainder(total: int, weights: Iterable[float]) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest-remainder method).

    Args:
        total: the integer to split (>= 0).
        weights: non-negative weights; a zero weight gets nothing.

    Returns:
        int64 array summing exactly to ``total``.
    """
    w = np.asarray(list(weights) if not isinstance(weights, np.ndarray) else weights, dtype=float)
    out = np.zeros(len(w), dtype=np.int64)
    if total <= 0 or len(w) == 0:
        return out
    if w.sum() <= 0:
        raise ValueError("largest_remainder: all weights are zero")
    q = w / w.sum() * total
    out = np.floor(q).astype(np.int64)
    rest = int(total - out.sum())
    if rest:
        order = np.argsort(-(q - out), kind="stable")
        out[order[:rest]] += 1
    return out


def allocate_2d(row_totals, col_totals, prior) -> np.ndarray:
    """Integer table with exact row and column totals, shaped like ``prior``.

    Iterative proportional fitting of ``prior`` to both margins, then rounding down and handing
    out the remaining units by largest fractional part (cells with prior 0 stay 0 when
    possible, if need be by moving a unit along a cycle of cells with prior; when a margin
    cannot be met otherwise, a zero cell receives units).

    Args:
        row_totals, col_totals: non-negative integers with equal sums.
        prior: non-negative float matrix (len(row_totals) x len(col_totals)).

    Returns:
        int64 matrix whose row sums equal ``row_totals`` and column sums ``col_totals``.
    """
    r = np.asarray(row_totals, dtype=np.int64)
    c = np.asarray(col_totals, dtype=np.int64)
    if r.sum() != c.sum():
        raise ValueError(f"allocate_2d: margins differ ({r.sum()} vs {c.sum()})")
    x = np.asarray(prior, dtype=float).copy()
    x[r == 0, :] = 0
    x[:, c == 0] = 0
    # rows/cols with a total but no prior mass: spread uniformly over the allowed other margin
    for i in np.flatnonzero((r > 0) & (x.sum(1) == 0)):
        x[i, c > 0] = 1e-6
    for j in np.flatnonzero((c > 0) & (x.sum(0) == 0)):
        x[r > 0, j] = 1e-6
    for _ in range(500):
        rs = x.sum(1)
        x *= np.divide(r, rs, out=np.zeros_like(rs), where=rs > 0)[:, None]
        cs = x.sum(0)
        x *= np.divide(c, cs, out=np.zeros_like(cs), where=cs > 0)[None, :]
        if np.abs(x.sum(1) - r).max() < 1e-6:
            break
    out = np.floor(x).astype(np.int64)
    rd = r - out.sum(1)
    cd = c - out.sum(0)
    # when the fit did not converge (structural zeros), a margin can be overshot: take units back
    for margin, axis in ((rd, 1), (cd, 0)):
        for i in np.flatnonzero(margin < 0):
            while margin[i] < 0:
                line = out[i, :] if axis == 1 else out[:, i]
                j = int(np.argmax(line))
                if axis == 1:
                    out[i, j] -= 1
                    cd[j] += 1
                else:
                    out[j, i] -= 1
                    rd[j] += 1
                margin[i] += 1
    frac = (x - out).ravel()
    order = np.argsort(-frac, kind="stable")
    ncol = x.shape[1]
    for flat in order:
        if frac[flat] <= 0:
            break
        i, j = divmod(int(flat), ncol)
        if rd[i] > 0 and cd[j] > 0:
            out[i, j] += 1
            rd[i] -= 1
            cd[j] -= 1
    while rd.any():
        i = int(np.flatnonzero(rd > 0)[0])
        cands = np.flatnonzero(cd > 0)
        j = int(cands[np.argmax(x[i, cands])])
        if x[i, j] <= 0 and not _swap(out, x, i, j):
            out[i, j] += 1  # no way round it: a cell with prior 0 receives the unit
        elif x[i, j] > 0:
            out[i, j] += 1
        rd[i] -= 1
        cd[j] -= 1
    assert (out.sum(1) == r).all() and (out.sum(0) == c).all() and (out >= 0).all()
    return out


def _swap(out: np.ndarray, x: np.ndarray, i: int, j: int) -> bool:
    """Give row i and column j one unit each without using the prior-0 cell (i, j).

    Finds a column l with prior in row i and a row k holding a unit in column l with prior in
    column j, and moves that unit: (i, l) +1, (k, l) -1, (k, j) +1. Returns False when none exists.
    """
    for col in np.flatnonzero(x[i] > 0):
        rows = np.flatnonzero((out[:, col] > 0) & (x[:, j] > 0))
        if len(rows):
            k = int(rows[0])
            out[i, col] += 1
            out[k, col] -= 1
            out[k, j] += 1
            return True
    return False


def split_min_one(rng: np.random.Generator, total: int, parts: int, skew: float = 0.9) -> np.ndarray:
    """Split ``total`` into ``parts`` positive integers with a skewed (lognormal) spread."""
    parts = max(1, min(parts, total))
    w = rng.lognormal(0.0, skew, parts)
    return 1 + rng.multinomial(total - parts, w / w.sum())


def capped_allocation(total: int, weights: np.ndarray, fixed: dict[int, int], cap: int | None) -> np.ndarray:
    """Largest remainder with some entries fixed and the others kept at or below ``cap``."""
    w = weights.astype(float).copy()
    out = np.zeros(len(w), dtype=np.int64)
    for i, v in fixed.items():
        out[i] = v
        w[i] = 0
    rest = total - int(out.sum())
    if rest < 0:
        raise ValueError("fixed programme totals exceed the group total")
    free = largest_remainder(rest, w) if rest else np.zeros(len(w), dtype=np.int64)
    if cap is not None:
        for _ in range(50):
            over = np.flatnonzero(free > cap)
            if not len(over):
                break
            excess = int((free[over] - cap).sum())
            free[over] = cap
            room = np.where((w > 0) & (free < cap), w, 0.0)
            if room.sum() <= 0:
                raise ValueError("cap too low for the group total")
            free += largest_remainder(excess, room)
    return out + free
