"""Small-count protection: primary and secondary cell suppression, and the audit that proves it.

The model is a *linear table*: cells with whole, non-negative counts, tied by additive relations
(a total = the sum of its parts). A 2-D table with row, column and grand totals is one; so is a
stack of such slices (one per school year), or several tables of one publication that share cells
(the same count under the same key is one cell).

- **Primary suppression**: every count from 1 to ``threshold − 1`` is hidden; 0 is shown.
- **Secondary suppression**: further cells, chosen by HiGHS (highspy, :mod:`addin.core.lp`) so that no
  relation leaves a hidden cell alone, with the fewest cells, then the fewest distinct positions (a
  position is the same cell in another school year, so the pattern stays the same over the years),
  then the smallest total hidden. Each candidate pattern is audited; where the audit finds a cell it
  can still compute, a cut ("hide at least one more cell of that part of the table") is added and the
  optimisation runs again. Only cells ≥ ``threshold`` are chosen as secondary cells (a hidden 0 would
  protect nothing: 0 is shown everywhere else).
- **Audit** (:func:`audit`): the attack a statistician would run. For each hidden cell, HiGHS finds
  the smallest and the largest *whole* value it can take, given every published cell and relation,
  cells ≥ 0, hidden primary cells in [1, threshold − 1] (that is what '<5' says) and hidden secondary
  cells ≥ threshold (what the selection rule tells a reader who knows it).

What is guaranteed: for every hidden cell, at least two different whole numbers are consistent with
everything the table publishes (integer minimum and maximum differ by ≥ ``min_width``, default 1).
The attack is solved over whole numbers, not only as a linear relaxation: an LP interval such as
[2.5, 3.4] has width < 1, but even [2.5, 3.5] (width 1) holds only the whole number 3, so an LP-only
width test would pass a cell that is in fact disclosed. Integer bounds are never wider than LP bounds,
so this is the stricter test.

Not covered here (the caller's job): values derived from cells (shares, ranks, differences) are
published only when all their inputs are (``addin.core.publication``); cells of different tables
are one cell only when their builders give them the same key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Hashable, Iterable, Sequence

import numpy as np
from addin.core.errors import LoepFout
from addin.core.lp import Model

Key = Hashable

PRIMARY = "primair"  #: hidden because the count is small (1 … threshold − 1)
SECONDARY = "secundair"  #: hidden so that a small count cannot be computed back from the totals

#: Most rounds of "optimise, audit, cut" before every candidate of a failing part is hidden.
MAX_ROUNDS = 60


@dataclass(frozen=True)
class Relation:
    """``total`` = the sum of ``parts`` (keys of cells of the same :class:`LinearTable`)."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Ordering:
    """What a published row order tells: ``sum(coefficient × cell) >= lower`` over ``terms``.

    A table sorted on a count says x_a >= x_b for two rows next to each other (``lower`` 1 when a tie
    would have put b first: then x_a > x_b); sorted on a share n/d with denominators d, it says
    d_b·n_a − d_a·n_b >= 0. Coefficients and ``lower`` are whole numbers, so a strict order is ``>= 1``.
    """

    terms: tuple[tuple[Key, int], ...]
    lower: int = 0

    @property
    def cells(self) -> tuple[Key, ...]:
        return tuple(k for k, _ in self.terms)


@dataclass(frozen=True)
class LinearTable:
    """Cells with whole counts and the additive relations between them.

    Args:
        values: count of every cell, by key (published cells and cells only relations mention).
        relations: total = sum of parts; each must hold for ``values``.
        positions: cell → position; cells with the same position (one per school year) get the same
            pattern where the optimisation has the choice. Cells not named: a position of their own.
        unpublished: cells no table shows (for example a remainder a total includes); an attacker knows
            only that they are ≥ 0. They are never chosen, and a small one must not become computable.
        naam: what a message calls the table ('V2', 'Tabel V3a').
        orders: what the order of the rows tells (:class:`Ordering`); each must hold for ``values``.

    Raises:
        LoepFout: a count that is not a whole number ≥ 0, a relation or order naming an unknown cell, a
            total that is not the sum of its parts or an order the counts do not have (a builder error:
            never publish such a table).
    """

    values: dict[Key, int]
    relations: tuple[Relation, ...] = ()
    positions: dict[Key, Hashable] = field(default_factory=dict)
    unpublished: frozenset = frozenset()
    naam: str = "tabel"
    orders: tuple[Ordering, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "orders", tuple(self.orders))
        clean = {}
        for key, value in self.values.items():
            number = float(value)
            if not number.is_integer() or number < 0:
                raise LoepFout(f"Tabel {self.naam}: cel {label(key)} heeft geen geheel aantal ≥ 0 ({value!r}); "
                               "geheimhouding kan alleen op tellingen.")
            clean[key] = int(number)
        object.__setattr__(self, "values", clean)
        object.__setattr__(self, "relations", tuple(self.relations))
        object.__setattr__(self, "unpublished", frozenset(self.unpublished))
        for r in self.relations:
            for key in r.cells:
                if key not in clean:
                    raise LoepFout(f"Tabel {self.naam}: een totaal verwijst naar een onbekende cel {label(key)}.")
            som = sum(clean[p] for p in r.parts)
            if som != clean[r.total]:
                raise LoepFout(f"Tabel {self.naam}: het totaal {label(r.total)} ({clean[r.total]}) is niet de som "
                               f"van zijn delen ({som}); zo'n tabel wordt niet gepubliceerd.")
        for o in self.orders:
            for key in o.cells:
                if key not in clean:
                    raise LoepFout(f"Tabel {self.naam}: de volgorde van de rijen verwijst naar een onbekende cel "
                                   f"{label(key)}.")
            if sum(c * clean[k] for k, c in o.terms) < o.lower:
                raise LoepFout(f"Tabel {self.naam}: de rijen staan niet in de volgorde van hun aantallen "
                               f"({', '.join(label(k) for k in o.cells)}); zo'n tabel wordt niet gepubliceerd.")

    def part(self, keys, relations, orders, *, values=None, positions=None, unpublished=None) -> "LinearTable":
        """The sub-table of ``keys`` with these relations and orders (already checked: not checked again)."""
        values = {k: self.values[k] for k in keys} if values is None else values
        positions = {k: self.positions[k] for k in keys if k in self.positions} if positions is None else positions
        unpublished = frozenset(k for k in keys if k in self.unpublished) if unpublished is None else unpublished
        sub = object.__new__(LinearTable)
        for name, value in (("values", values), ("relations", tuple(relations)), ("positions", positions),
                            ("unpublished", frozenset(unpublished)), ("naam", self.naam), ("orders", tuple(orders))):
            object.__setattr__(sub, name, value)
        return sub

    def position(self, key: Key) -> Hashable:
        return self.positions.get(key, ("__cel__", key))

    def components(self) -> dict[Key, int]:
        """Cell → number of its part of the table (cells tied by relations or orders, directly or not)."""
        _, keys, row_cells = _positions_of(self)
        parent = _union(len(keys), row_cells)
        roots: dict[int, int] = {}
        return {k: roots.setdefault(_root(parent, i), len(roots)) for i, k in enumerate(keys)}


def label(key: Key) -> str:
    """A cell key as a reader would name it: ('2016-2017', 'Brussel') → '(2016-2017, Brussel)'."""
    if isinstance(key, tuple):
        return "(" + ", ".join(str(k) for k in key) + ")"
    return str(key)


def combine(tables: Iterable[LinearTable], naam: str = "publicatie") -> LinearTable:
    """One linear table of several that share cells (same key = same cell, so also the same value).

    Raises:
        LoepFout: a key with two different values (two tables disagree about one count).
    """
    values: dict[Key, int] = {}
    relations: list[Relation] = []
    orders: list[Ordering] = []
    positions: dict[Key, Hashable] = {}
    shown: set = set()
    hidden_only: set = set()
    for t in tables:
        for k, v in t.values.items():
            if values.setdefault(k, v) != v:
                raise LoepFout(f"Tabellen {naam}: de cel {label(k)} heeft twee verschillende waarden ({values[k]} "
                               f"en {v}, tabel {t.naam}); zo'n publicatie wordt niet geschreven.")
            (hidden_only if k in t.unpublished else shown).add(k)
        relations.extend(t.relations)
        orders.extend(t.orders)
        positions.update(t.positions)
    whole = LinearTable({}, naam=naam)  # each table was checked when it was made, the shared cells above
    return whole.part(values, dict.fromkeys(relations), dict.fromkeys(orders), values=values, positions=positions,
                      unpublished=hidden_only - shown)


@dataclass(frozen=True)
class Suppression:
    """Which cells are hidden and why; ``threshold`` is the one used."""

    threshold: int
    primary: frozenset
    secondary: frozenset

    @cached_property
    def hidden(self) -> frozenset:
        return self.primary | self.secondary

    def status(self, key: Key) -> str:
        """'primair', 'secundair' or '' (shown)."""
        return PRIMARY if key in self.primary else SECONDARY if key in self.secondary else ""


def primary_cells(table: LinearTable, threshold: int) -> frozenset:
    """Published cells whose count is 1 … threshold − 1."""
    return frozenset(k for k, v in table.values.items() if 0 < v < threshold and k not in table.unpublished)


# --- the audit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """What an attacker can learn about one hidden cell: the whole values from ``laag`` to ``hoog``."""

    key: Key
    status: str
    laag: float
    hoog: float  # may be inf
    #: published cells of the relations the attacker's proof of [laag, hoog] uses (LP duals); None: unknown
    steun: frozenset | None = field(default=None, compare=False, repr=False)

    @property
    def breedte(self) -> float:
        return self.hoog - self.laag


@dataclass(frozen=True)
class Audit:
    """The result of :func:`audit`: every hidden cell's interval, and those narrower than ``min_width``."""

    intervals: tuple[Interval, ...]
    failures: tuple[Interval, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def _bounds(table: LinearTable, supp: Suppression, key: Key) -> tuple[float, float]:
    if key in table.unpublished:
        return 0.0, np.inf
    if key in supp.primary:
        return 1.0, float(supp.threshold - 1)
    # secondary: chosen only among cells >= threshold (a pattern made by hand may hide others: then >= 0)
    return (float(supp.threshold) if table.values[key] >= supp.threshold else 0.0), np.inf


def audit(table: LinearTable, supp: Suppression, *, min_width: int = 1, quick: bool = True,
          cache: dict | None = None) -> Audit:
    """The integer attack on a published table: the range of whole values of every hidden cell.

    Args:
        table: the cells, relations and orders.
        supp: the hidden cells (primary and secondary).
        min_width: the least width (integer maximum − minimum) each hidden cell must keep.
        cache: attacks solved before for this table and threshold, by their hidden cells (read and filled);
            :func:`suppress` fills one while it searches, so the audit of its result reuses that work.
        quick: skip an optimisation of a cell when two feasible points known already (the true table is
            one, each optimum found is another) differ by ``min_width`` in it: its range is then at least
            that wide. The interval reported for such a cell is the one those points span, not the full
            range; the verdict is the same. ``quick=False`` computes every full range.

    Returns:
        :class:`Audit`. Unpublished cells are checked too when their count is small.
    """
    hidden = set(supp.hidden) | set(table.unpublished)
    wanted = {k for k in table.values if k in supp.hidden
              or (k in table.unpublished and 0 < table.values[k] < supp.threshold)}
    if not wanted:
        return Audit((), ())
    groups = _hidden_components(table, hidden)
    intervals: list[Interval] = []
    for cells, relations in groups:
        if not wanted.intersection(cells):
            continue
        sig = (frozenset(cells), min_width, quick, supp.threshold)
        if cache is not None and sig in cache:
            intervals.extend(cache[sig])
            continue
        found = _attack(table, supp, cells, relations, wanted, min_width, quick)
        if cache is not None:
            cache[sig] = found
        intervals.extend(found)
    order = {k: i for i, k in enumerate(table.values)}
    intervals.sort(key=lambda iv: order[iv.key])
    failures = tuple(iv for iv in intervals if iv.breedte < min_width)
    return Audit(tuple(intervals), failures)


@dataclass(frozen=True)
class _Row:
    """One linear fact an attacker has: ``lo <= sum(coefficient × cell) <= hi`` (a total or an order)."""

    terms: tuple[tuple[Key, int], ...]
    lo: float
    hi: float

    @property
    def cells(self) -> tuple[Key, ...]:
        return tuple(k for k, _ in self.terms)


def _rows_of(table: LinearTable) -> list[_Row]:
    """Every relation (total − parts = 0) and every order of the table as a :class:`_Row` (made once per table)."""
    rows = table.__dict__.get("_rows")
    if rows is None:
        rows = [_Row(((r.total, -1), *((p, 1) for p in r.parts)), 0.0, 0.0) for r in table.relations]
        rows.extend(_Row(o.terms, float(o.lower), np.inf) for o in table.orders)
        table.__dict__["_rows"] = rows
    return rows


def _root(parent: list[int], i: int) -> int:
    """The representative of ``i`` in a union-find forest (halving the path on the way)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(n: int, groups) -> list[int]:
    """A union-find forest over 0 … n−1 in which the positions of each group are joined."""
    parent = list(range(n))
    for cells in groups:
        a = _root(parent, cells[0])
        for i in cells[1:]:
            b = _root(parent, i)
            if a != b:
                parent[b] = a
    return parent


def _positions_of(table: LinearTable) -> tuple[dict, list, list[tuple[int, ...]]]:
    """(key → position, keys in table order, the positions of each row's cells), made once per table."""
    found = table.__dict__.get("_positions")
    if found is None:
        keys = list(table.values)
        pos = {k: i for i, k in enumerate(keys)}
        found = (pos, keys, [tuple(pos[k] for k, _ in r.terms) for r in _rows_of(table)])
        table.__dict__["_positions"] = found
    return found


def _hidden_components(table: LinearTable, hidden: set) -> list[tuple[list, list[_Row]]]:
    """Hidden cells grouped by the relations and orders that tie them (published cells are constants there)."""
    pos, keys, row_cells = _positions_of(table)
    rows = _rows_of(table)
    is_hidden = bytearray(len(keys))
    for k in hidden:
        i = pos.get(k)
        if i is not None:
            is_hidden[i] = 1
    touching, tied = [], []
    for r, cells in zip(rows, row_cells):
        hid = [i for i in cells if is_hidden[i]]
        if hid:
            touching.append((r, hid[0]))
            tied.append(hid)
    parent = _union(len(keys), tied)
    find = partial(_root, parent)
    groups: dict[int, list] = {}
    for i, k in enumerate(keys):
        if is_hidden[i]:
            groups.setdefault(find(i), []).append(k)
    rels: dict[int, list[_Row]] = defaultdict(list)
    for r, i in touching:
        rels[find(i)].append(r)
    return [(c, rels.get(root, [])) for root, c in groups.items()]


def _attack(table, supp, cells, relations: list[_Row], wanted, min_width, quick) -> list[Interval]:
    index = {k: i for i, k in enumerate(cells)}
    n = len(cells)
    lo = np.empty(n)
    hi = np.empty(n)
    for k, i in index.items():
        lo[i], hi[i] = _bounds(table, supp, k)
    rows, row_lo, row_hi = [], [], []
    for r in relations:
        row: dict[int, float] = {}
        const = 0
        for k, coef in r.terms:
            if k in index:
                row[index[k]] = row.get(index[k], 0.0) + coef
            else:
                const += coef * table.values[k]
        rows.append(row)
        row_lo.append(r.lo - const)
        row_hi.append(r.hi - const)
    built: list[Model] = []  # the LP, made when a cell needs it
    exact: list[Model] = []  # the same attack over whole numbers, built when an LP optimum is fractional
    # the published table itself is a feasible point of the attack
    points: list[np.ndarray] = [np.array([float(table.values[k]) for k in cells])]

    support: list[set | None] = []

    def solve(i: int, maximise: bool) -> float:
        c = np.zeros(n)
        c[i] = 1.0
        if not built:
            built.append(Model(lo, hi, rows, row_lo, row_hi))
        model = built[0]
        status, x = model.solve(c, maximise=maximise)
        if status == "optimal" and float(np.abs(x - np.round(x)).max(initial=0.0)) <= 1e-7:
            duals = model.row_duals()
            support.append({k for j in np.flatnonzero(np.abs(duals) > 1e-9) for k in relations[j].cells
                            if k not in index})
        elif status == "optimal":
            if not exact:
                exact.append(Model(lo, hi, rows, row_lo, row_hi, integer=True))
            status, x = exact[0].solve(c, maximise=maximise)
            support.append(None)
        if status == "optimal":
            points.append(np.round(x))
            return float(round(x[i]))
        if status == "unbounded":  # LP unbounded and a whole point exists (the table): unbounded too
            return np.inf if maximise else -np.inf
        raise LoepFout(f"Tabel {table.naam}: de controle op geheimhouding kon de cel {label(cells[i])} niet "
                       f"doorrekenen ({status}); de publicatie wordt niet geschreven.")

    # two hidden cells in exactly the same relations and orders with the same coefficients: moving one
    # pupil from one to the other changes no row's sum, so both take at least two values (an explicit point)
    signature: dict[int, frozenset] = {i: frozenset() for i in range(n)}
    for j, row in enumerate(rows):
        for col, coef in row.items():
            signature[col] = signature[col] | {(j, coef)}
    twins: dict[frozenset, list[int]] = defaultdict(list)
    for i, sig in signature.items():
        twins[sig].append(i)
    truth = points[0]
    for group in twins.values():
        if len(group) < 2 or min_width > 1:
            continue
        for i in group:
            for other in group:
                if other == i:
                    continue
                for step in (1.0, -1.0):
                    if lo[i] <= truth[i] + step <= hi[i] and lo[other] <= truth[other] - step <= hi[other]:
                        moved = truth.copy()
                        moved[i] += step
                        moved[other] -= step
                        points.append(moved)
                        break
                else:
                    continue
                break

    def spread(i: int) -> tuple[float, float]:
        vals = [p[i] for p in points]
        return float(min(vals)), float(max(vals))

    out = []
    if not relations:  # nothing ties these cells: an attacker has their bounds only
        return [Interval(k, supp.status(k) or "niet gepubliceerd", lo[index[k]], hi[index[k]])
                for k in cells if k in wanted]
    for k in cells:
        if k not in wanted:
            continue
        i = index[k]
        status = supp.status(k) or "niet gepubliceerd"
        low, high = spread(i)
        steun = None
        if not (quick and high - low >= min_width):
            support.clear()
            low = solve(i, False)
            high = spread(i)[1]
            if not (quick and high - low >= min_width):
                high = solve(i, True)
            if high - low < min_width and len(support) == 2 and None not in support:
                steun = frozenset(support[0] | support[1])
        out.append(Interval(k, status, low, high, steun))
    return out


# --- secondary suppression ---------------------------------------------------------------------


def suppress(table: LinearTable, threshold: int = 5, *, min_width: int = 1, cache: dict | None = None) -> Suppression:
    """Primary and secondary suppression of a linear table, audited.

    Args:
        table: cells, relations and orders (all years of a table, or all tables of a publication, in one).
        threshold: counts 1 … threshold − 1 are hidden (0 is shown).
        min_width: what :func:`audit` must find for each hidden cell.
        cache: attacks already solved, by their hidden cells (give the same dict to :func:`audit` of the
            result, for the same table and threshold, and it solves only what it has not seen).

    Returns:
        The :class:`Suppression`; its audit passes (when no pattern at all can protect a part of the
        table, every candidate of that part is hidden and the caller's audit refuses it).
    """
    primary = primary_cells(table, threshold)
    small_unpublished = {k for k in table.unpublished if 0 < table.values[k] < threshold}
    if not primary and not small_unpublished:
        return Suppression(threshold, frozenset(), frozenset())
    comp = table.components()
    parts: dict[int, list[Key]] = defaultdict(list)
    for k in table.values:
        parts[comp[k]].append(k)
    relations_of: dict[int, list[Relation]] = defaultdict(list)
    for r in table.relations:
        relations_of[comp[r.total]].append(r)
    orders_of: dict[int, list[Ordering]] = defaultdict(list)
    for o in table.orders:
        orders_of[comp[o.terms[0][0]]].append(o)
    used = {table.position(k) for k in primary}  # positions hidden anyway: reusing them costs nothing
    chosen: set = set()
    cache = {} if cache is None else cache
    # parts of the table apart (e.g. one school year each), in table order; positions used by an earlier
    # part are free for the later ones, which keeps the pattern the same over the years
    for c in sorted({comp[k] for k in primary | small_unpublished}):
        keys = parts[c]
        part = table.part(keys, relations_of[c], orders_of[c])
        extra = _suppress_part(part, primary.intersection(keys), threshold, min_width, used, cache)
        chosen |= extra
        used |= {table.position(k) for k in extra}
    return Suppression(threshold, primary, frozenset(chosen))


def _suppress_part(table: LinearTable, primary: frozenset, threshold: int, min_width: int, used: set,
                   cache: dict) -> set:
    """Secondary cells for one connected part of a table (optimise, audit, cut, again)."""
    candidates = [k for k, v in table.values.items() if v >= threshold and k not in table.unpublished]
    if not candidates:
        return set()
    fixed = set(primary) | set(table.unpublished)
    var = {k: i for i, k in enumerate(candidates)}
    # positions: one binary each, for positions not hidden anyway
    positions = sorted({table.position(k) for k in candidates} - used, key=repr)
    pvar = {p: len(candidates) + i for i, p in enumerate(positions)}
    nvar = len(candidates) + len(positions)
    total_value = sum(table.values[k] for k in candidates) + 1
    n_pos = len(positions) + 1
    # lexicographic: fewest cells, then fewest new positions, then the smallest total hidden
    cost = np.zeros(nvar)
    for k, i in var.items():
        cost[i] = 1.0 + table.values[k] / (2.0 * total_value * n_pos)
    for p, i in pvar.items():
        cost[i] = 1.0 / (2.0 * n_pos)

    rows: list[dict[int, float]] = []
    lower: list[float] = []
    for r in table.relations:
        cells = r.cells
        n_fixed = sum(1 for k in cells if k in fixed)
        for k in cells:
            if k not in fixed and k not in var:
                continue
            # k hidden  =>  another cell of this relation hidden too
            if n_fixed - (1 if k in fixed else 0) >= 1:
                continue
            row = {var[j]: 1.0 for j in cells if j in var and j != k}
            if k in fixed:
                if row:  # else nothing can help: the audit will tell
                    rows.append(row)
                    lower.append(1.0)
            else:
                row[var[k]] = row.get(var[k], 0.0) - 1.0
                rows.append(row)
                lower.append(0.0)
    for k, i in var.items():  # cell hidden => its position counts
        p = table.position(k)
        if p in pvar:
            rows.append({pvar[p]: 1.0, i: -1.0})
            lower.append(0.0)
    chosen: set = set()
    for _ in range(MAX_ROUNDS):
        chosen = _solve_pattern(cost, rows, lower, nvar, var)
        supp = Suppression(threshold, primary, frozenset(chosen))
        result = audit(table, supp, min_width=min_width, cache=cache)
        if result.ok:
            return chosen
        cuts = [cut for cut in _cuts(table, supp, result, var) if cut]
        if not cuts:
            return chosen  # nothing left to hide where it fails: the caller's audit refuses it
        for cut in cuts:
            rows.append(cut)
            lower.append(1.0)
    # no pattern in MAX_ROUNDS: hide every candidate (always allowed; the caller's audit has the last word)
    return set(candidates)


def _cuts(table: LinearTable, supp: Suppression, result: Audit, var: dict) -> list[dict[int, float]]:
    """Cuts that every protecting pattern satisfies, one per failing cell.

    Where the LP attack found the interval at a whole-number vertex, its dual values name the relations
    the proof of that interval uses; a pattern that hides no further cell of those relations leaves the
    proof intact (the published constants and bounds it uses are unchanged), so it fails too: one of
    those cells must be hidden. Otherwise the weaker cut below.

    Weak cut, one per failing part: "hide at least one more candidate next to it".

    The hidden cells around a failing cell form a part C, tied by relations to published cells N. Any
    pattern that hides none of N (and may hide more elsewhere) leaves C's attack unchanged, so it fails
    too: every protecting pattern hides a cell of N. (Hiding more never helps an attacker: a hidden cell
    known to be >= threshold replaces one whose exact value was published.)
    """
    hidden = set(supp.hidden) | set(table.unpublished)
    cuts = []
    weak = set()
    for iv in result.failures:
        if iv.steun is None:
            weak.add(iv.key)
        else:
            # the attacker's proof rests on these published cells: one of them must be hidden
            cuts.append({var[k]: 1.0 for k in iv.steun if k in var})
    failing = weak
    for cells, relations in _hidden_components(table, hidden):
        if not failing.intersection(cells):
            continue
        around = {var[k]: 1.0 for r in relations for k in r.cells if k in var and k not in hidden}
        cuts.append(around)
    return cuts


def _solve_pattern(cost, rows, lower, nvar, var) -> set:
    if all(lo <= 0 for lo in lower):  # hiding nothing more satisfies every constraint: the optimum
        return set()
    model = Model(np.zeros(nvar), np.ones(nvar), rows, lower, [np.inf] * len(rows))
    status, x = model.solve(cost)  # the LP relaxation first: a whole-number optimum is the MILP's optimum
    if status != "optimal" or float(np.abs(x - np.round(x)).max(initial=0.0)) > 1e-9:
        model.set_integer(True)
        status, x = model.solve(cost)
    if status != "optimal":
        raise LoepFout(f"Geheimhouding: geen patroon van verborgen cellen gevonden ({status}).")
    keys = list(var)
    return {keys[i] for i in range(len(keys)) if x[i] > 0.5}


# --- tables with row, column and grand totals ----------------------------------------------------

TOTAAL = "Totaal"


def grid(values, *, rows: Sequence | None = None, cols: Sequence | None = None, slices: Sequence | None = None,
         row_totals: bool = True, col_totals: bool = True, naam: str = "tabel") -> LinearTable:
    """A table of counts (rows × columns, optionally one such slice per school year) with its totals.

    Args:
        values: 2-D (rows × columns) or 3-D (slices × rows × columns) whole counts, without totals.
        rows, cols, slices: labels (default 0, 1, …); a label may not be 'Totaal'.
        row_totals: each row has a total (key column 'Totaal').
        col_totals: each column has a total (key row 'Totaal'); with both, the grand total too.
        naam: the table's name in messages.

    Returns:
        A :class:`LinearTable` with keys ``(row, col)`` or ``(slice, row, col)``, totals under 'Totaal';
        a cell's position is ``(row, col)``, the same in every slice.
    """
    arr = np.asarray(values)
    flat = arr.ndim == 2
    if flat:
        arr = arr[None]
    if arr.ndim != 3:
        raise ValueError("grid: verwacht een 2-D of 3-D tabel")
    n_s, n_r, n_c = arr.shape
    rows = list(range(n_r)) if rows is None else list(rows)
    cols = list(range(n_c)) if cols is None else list(cols)
    slices = list(range(n_s)) if slices is None else list(slices)
    vals: dict[Key, int] = {}
    rels: list[Relation] = []
    pos: dict[Key, Hashable] = {}

    def key(s, r, c):
        return (r, c) if flat else (s, r, c)

    for si, s in enumerate(slices):
        for ri, r in enumerate(rows):
            for ci, c in enumerate(cols):
                vals[key(s, r, c)] = int(arr[si, ri, ci])
        if row_totals:
            for ri, r in enumerate(rows):
                vals[key(s, r, TOTAAL)] = int(arr[si, ri].sum())
                rels.append(Relation(key(s, r, TOTAAL), tuple(key(s, r, c) for c in cols)))
        if col_totals:
            for ci, c in enumerate(cols):
                vals[key(s, TOTAAL, c)] = int(arr[si, :, ci].sum())
                rels.append(Relation(key(s, TOTAAL, c), tuple(key(s, r, c) for r in rows)))
        if row_totals and col_totals:
            vals[key(s, TOTAAL, TOTAAL)] = int(arr[si].sum())
            rels.append(Relation(key(s, TOTAAL, TOTAAL), tuple(key(s, r, TOTAAL) for r in rows)))
            rels.append(Relation(key(s, TOTAAL, TOTAAL), tuple(key(s, TOTAAL, c) for c in cols)))
        for k in list(vals):
            if not flat and k[0] == s:
                pos[k] = k[1:]
    return LinearTable(vals, tuple(rels), pos, frozenset(), naam)


def require_protected(published: Iterable[tuple[str, LinearTable, Suppression]], *, min_width: int = 1) -> None:
    """Run the audit on every published table; refuse the publication when one fails.

    Args:
        published: (name, table, suppression) of each table to publish.

    Raises:
        LoepFout: in Dutch, naming the table and the cell that can be computed from what it publishes
            (never the hidden value itself).
    """
    for naam, table, supp in published:
        result = audit(table, supp, min_width=min_width)
        if not result.ok:
            cellen = ", ".join(label(iv.key) for iv in result.failures[:5])
            meer = f" (en nog {len(result.failures) - 5})" if len(result.failures) > 5 else ""
            raise LoepFout(
                f"Geheimhouding: in tabel {naam} is een verborgen cel uit de gepubliceerde cellen en totalen af te "
                f"leiden: {cellen}{meer}. De publicatie wordt niet geschreven; meld dit aan de beheerder van Loep "
                "(voor intern gebruik kan het met --zonder-geheimhouding: niet voor publicatie)."
            )
