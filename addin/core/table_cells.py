"""How the numbers of a declared table (``[[tabellen]]``) hang together, for disclosure control.

:func:`declare` turns what :mod:`addin.core.tablebuild` knows about each cell into the
:class:`~addin.core.publication.Tellingen` of the table, so the table is protected by what it *is*,
not by what its columns look like:

- every count (measure ``aantal`` or ``noemer``) is a cell with a key; the same count in another table
  of the answer (same population, same basis, same values of the same dimensions, same school year)
  has the same key, so the tables are suppressed together;
- a total column is a relation (total = sum of its parts);
- every computed cell (share, rate per 1.000, difference, rank) names the counts it is computed from;
  those counts are protected as if shown (a rate of a small count with a known denominator gives the
  count away), and the cell is shown only when all of them are;
- the order of the rows (a table sorted on a measure, perhaps cut to its top or bottom rows) is what a
  reader learns besides the cells: each pair of rows next to each other becomes an
  :class:`~addin.core.suppression.Ordering` on the counts behind the sorted measure (a ratio n/d is
  compared as d_b·n_a ≥ d_a·n_b, with the true denominators: an attacker who knows them knows at most
  this), and a row the cut left out lies beyond the row kept next to it.

Keys: ``("telling", population, ((dimension, value, universe), …), schooljaar)``, with the data value behind
a label (a label or a list of values changes how a count is shown, not the count: T1 with the label
'STEM-opleidingen' and T2 with 'STEM' show one count); the universe is None for a value of the data and
``("overige", listed values)`` for the bucket of the other values (:meth:`tablebuild._Facts.value_key`);
a total over some dimensions adds ``("som", dimensions)``. A region is a value of the dimension
provincie, not part of the population, so a region's count in one table is the cell of that province
in another (and :func:`marginal_relations` ties them: the counts of every value of a dimension add up
to the count without it).
"""

from __future__ import annotations

import math
from addin.core.suppression import Ordering, Relation
from addin.core.tablespec import NOEMER_MEASURES

#: Measures whose cells are pupil counts.
COUNTS = ("aantal", "noemer")
#: Measures that are a count divided by another count of the same row.
SHARES = ("aandeel_noemer", "per_1000", "aandeel_rij", "aandeel_kolom", "aandeel_totaal")
#: Which dimensions the total behind an 'aandeel_*' measure sums over (see tablebuild's row/col/all totals).
SHARE_TOTALS = {"aandeel_rij": "rij", "aandeel_kolom": "kolom", "aandeel_totaal": "alle"}


class _Declaration:
    """Collects the :class:`Tellingen` of one table (see the module docstring)."""

    def __init__(self, b):
        self.b = b
        self.cellen: dict = {}
        self.shown: set = set()  # the keys of cellen, for lookups (cellen.values() is a list scan)
        self.relaties: list[Relation] = []
        self.afgeleid: dict = {}
        self.invoer: dict = {}
        self.delen: dict = {}
        self.posities: dict = {}
        self.orders: list[Ordering] = []

    # -- keys and values
    def key(self, population: str, assign: dict, year: str, over: tuple[str, ...] = ()) -> tuple:
        b = self.b
        filters, prov = b.population(population)
        values = {d: v for d, v in assign.items() if d != "schooljaar" and d not in over}
        if prov is not None and "provincie" not in values:  # a region's count is the count of that provincie
            values["provincie"] = prov
        dims = tuple(sorted((d, *b.value_key(d, v)) for d, v in values.items()))
        return ("telling", filters, dims, year, *((("som", tuple(sorted(over))),) if over else ()))

    def known(self, key, value: int) -> tuple:
        """A count a computed cell or an order uses: protected like a shown count."""
        if key not in self.shown:
            self.invoer.setdefault(key, int(value))
        return key

    def done(self):
        from addin.core.publication import Tellingen

        return Tellingen(self.cellen, tuple(dict.fromkeys(self.relaties)), self.delen, self.afgeleid, self.invoer,
                         self.posities, tuple(dict.fromkeys(self.orders)))


def declare(b) -> object:
    """The :class:`~addin.core.publication.Tellingen` of a table that :mod:`addin.core.tablebuild` built.

    Args:
        b: the builder's facts (``tablebuild._Facts``): frame, column infos, totals, count lookups, order.
    """
    d = _Declaration(b)
    frame = b.frame
    columns = [str(c) for c in frame.columns]
    rows = [b.row_assign(i) for i in range(len(frame))]
    basis_of: dict[tuple[int, str], tuple] = {}  # (row, column) -> (terms, denominator) of a sorted measure
    for col in columns:
        info = b.info.get(col)
        if info is None or info.maat is None or info.maat == "catalogus":
            continue
        values = frame[col].tolist()
        for i, assign in enumerate(rows):
            full, year, gebied = b.cell_of(assign, info)
            if year is None:
                continue
            maat = info.maat
            if maat in COUNTS:
                population = ("noemer-" if maat == "noemer" else "") + gebied
                if info.totaal:
                    key = d.key(population, full, year, b.totals[col][1])
                else:
                    key = d.key(population, full, year)
                v = values[i]
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue
                d.cellen[(i, col)] = key
                d.shown.add(key)
                d.invoer.pop(key, None)
                d.posities[key] = b.position_of(assign, info)  # the same cell in another school year: same place
                basis_of[(i, col)] = (((key, 1),), 1)
            elif maat in SHARES or maat in ("verschil", "verschil_pct"):
                terms, denominator, inputs = _computed(d, b, maat, gebied, full, year)
                if inputs:
                    d.afgeleid[(i, col)] = inputs
                if terms is not None:
                    basis_of[(i, col)] = (terms, denominator)
    # totals: the total column of a row is the sum of its part columns
    for col, (parts, _) in b.totals.items():
        for i in range(len(frame)):
            if (i, col) in d.cellen and all((i, p) in d.cellen for p in parts):
                d.relaties.append(Relation(d.cellen[(i, col)], tuple(d.cellen[(i, p)] for p in parts)))
    # ranks: computed from the ranked values of every row of the column
    for col in columns:
        info = b.info.get(col)
        if info is None or info.maat != "rang":
            continue
        bases = []
        for i, assign in enumerate(rows):
            full, year, gebied = b.cell_of(assign, info)
            if year is None:
                continue
            terms, denominator, inputs = _ranked(d, b, gebied, full, year)
            basis_of[(i, col)] = (terms, denominator)
            bases.extend(inputs)
        every = tuple(dict.fromkeys(bases))
        for i in range(len(frame)):
            d.afgeleid[(i, col)] = every
    _orders(d, b, rows, basis_of)
    return d.done()


def _computed(d: _Declaration, b, maat: str, gebied: str, full: dict, year: str):
    """(terms, denominator, inputs) of a share, rate or difference cell."""
    n = b.count(gebied, full, year)
    n_key = d.known(d.key(gebied, full, year), n)
    if maat in NOEMER_MEASURES:
        den = b.count("noemer-" + gebied, full, year)
        den_key = d.known(d.key("noemer-" + gebied, full, year), den)
        return (((n_key, 1),), den, (n_key, den_key)) if den else (None, 0, (n_key, den_key))
    if maat in SHARE_TOTALS:  # the builder divides by a total of the region's counts (tablebuild.value)
        over, total = b.share_total(SHARE_TOTALS[maat], full, year)
        t_key = d.known(d.key("regio", full, year, over), total) if over else d.known(d.key("regio", full, year), total)
        return (((n_key, 1),), total, (n_key, t_key)) if total else (None, 0, (n_key, t_key))
    previous = b.previous(year)
    if previous is None:
        return None, 0, ()
    p = b.count(gebied, full, previous)
    p_key = d.known(d.key(gebied, full, previous), p)
    if maat == "verschil":
        return ((n_key, 1), (p_key, -1)), 1, (n_key, p_key)
    return (((n_key, 1), (p_key, -1)), p, (n_key, p_key)) if p else (None, 0, (n_key, p_key))


def _ranked(d: _Declaration, b, gebied: str, full: dict, year: str):
    """(terms, denominator, inputs) of the value a rank ranks (``rang_op``)."""
    n = b.count(gebied, full, year)
    n_key = d.known(d.key(gebied, full, year), n)
    if b.rang_op == "aantal":
        return ((n_key, 1),), 1, (n_key,)
    den = b.count("noemer-" + gebied, full, year)
    den_key = d.known(d.key("noemer-" + gebied, full, year), den)
    return (((n_key, 1),), den, (n_key, den_key)) if den else (None, 0, (n_key, den_key))


def _orders(d: _Declaration, b, rows: list[dict], basis_of: dict) -> None:
    """The orders the sorted rows tell (see the module docstring)."""
    r = b.rangorde
    if r is None:
        return
    info = b.info.get(r.kolom)
    if info is None or info.maat in (None, "catalogus"):
        return
    rank = info.maat == "rang"  # rank 1 = the largest value: the order of the ranked values is the reverse

    def add(upper, lower, gap):
        if upper is None or lower is None or upper[0] is None or lower[0] is None:
            return
        (tu, du), (tl, dl) = upper, lower
        terms: dict = {}
        for k, c in tu:
            terms[k] = terms.get(k, 0) + c * dl
        for k, c in tl:
            terms[k] = terms.get(k, 0) - c * du
        terms = {k: c for k, c in terms.items() if c}
        if terms:
            d.orders.append(Ordering(tuple(sorted(terms.items(), key=repr)), gap))

    for i, j, gap in r.paren:
        hi, lo = (j, i) if rank else (i, j)
        add(basis_of.get((hi, r.kolom)), basis_of.get((lo, r.kolom)), gap)
    for i, labels, gap, hoger in r.weg:
        assign = b.assign_of_labels(labels)
        full, year, gebied = b.cell_of(assign, info)
        if year is None:
            continue
        out = _left_out(d, b, info, gebied, full, year, rank)
        kept = basis_of.get((i, r.kolom))
        if rank:
            hoger = not hoger
        add(kept, out, gap) if hoger else add(out, kept, gap)


def _left_out(d: _Declaration, b, info, gebied: str, full: dict, year: str, rank: bool):
    """The sorted value of a row the cut left out, as (terms, denominator); its counts are hidden parts."""
    before = set(d.invoer)
    if rank:
        terms, den, _ = _ranked(d, b, gebied, full, year)
    elif info.maat in COUNTS:
        population = ("noemer-" if info.maat == "noemer" else "") + gebied
        key = d.key(population, full, year)
        n = b.count(population, full, year)
        if key not in d.shown:
            d.delen.setdefault(key, n)
        return ((key, 1),), 1
    else:
        terms, den, _ = _computed(d, b, info.maat, gebied, full, year)
    # what only this left-out row uses is not shown anywhere: a hidden part (>= 0), not a protected count
    for key in set(d.invoer) - before:
        d.delen[key] = d.invoer.pop(key)
    return (terms, den) if terms is not None else None



def marginal_relations(values) -> tuple[list[Relation], dict]:
    """What a reader can add up across the tables of one answer: a count = the sum of its counts per value of a
    dimension (pupils per graad = the sum over the schools of pupils per school and graad).

    Only keys made here (``"telling"``) are tied. When the parts shown somewhere sum to less than the count
    (rows a cut held back, values no table shows), the difference is a hidden part (>= 0) of the relation, so
    a reader who subtracts the shown parts learns only that remainder.

    Returns:
        (relations, hidden parts as key → value).
    """
    groups: dict = {}
    buckets: dict = {}  # (population, year, parent dims, dimension) -> the buckets' universes
    for k in values:
        if not (isinstance(k, tuple) and len(k) == 4 and k[0] == "telling"):
            continue
        _, population, dims, year = k
        for i, (d, _, how) in enumerate(dims):
            groups.setdefault((population, year, dims[:i] + dims[i + 1:], d, how), []).append(k)
            if isinstance(how, tuple) and how[:1] == ("overige",):
                buckets.setdefault((population, year, dims[:i] + dims[i + 1:], d), set()).add(how)
    # a bucket of 'the other values' adds up with the values listed beside it (shown elsewhere as themselves)
    for (population, year, parent_dims, d), hows in buckets.items():
        plain = groups.get((population, year, parent_dims, d, None), [])
        for how in hows:
            listed = set(how[1])
            groups[(population, year, parent_dims, d, how)] = list(dict.fromkeys(
                [c for c in plain if _value_of(c, d) in listed] + groups[(population, year, parent_dims, d, how)]))
    relations, rest = [], {}
    for (population, year, parent_dims, d, how), children in groups.items():
        parent = ("telling", population, parent_dims, year)
        if parent not in values:
            continue
        total, parts = int(values[parent]), sum(int(values[c]) for c in children)
        if parts > total:  # not the same universe (a builder shows values differently): tie nothing
            continue
        members = tuple(children)
        if parts < total:
            remainder = ("rest", parent, d, how)
            rest[remainder] = total - parts
            members += (remainder,)
        relations.append(Relation(parent, members))
    return relations, rest


def _value_of(key: tuple, dim: str) -> str | None:
    return next((v for d, v, _ in key[2] if d == dim), None)
