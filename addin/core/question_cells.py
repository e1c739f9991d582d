"""How the numbers of the question tables V1 … V5b hang together, for disclosure control.

One function per table declares its :class:`~addin.core.publication.Tellingen`: the key of every
pupil count (the same count in two tables has one key, so V1's 2016-2017 figure is the cell of
V2's Antwerpen column and of V3a's total), the totals, the cells computed from counts, and the
hidden parts a reader could combine: the graad × onderwijsvorm cross-table behind V3a and V3b, and
the programmes behind the sectors of V4a (V4b shows some of them). A reader knows the zeros that
hold by definition (buso and Syntra have no graad); other hidden parts are only known to be >= 0.

Counts that are not pupils (programmes in the catalogue, addresses) are not declared: they are
published as they are.

Keys: ``("duaal", gebied, schooljaar, (dimensie, waarde), …)`` and ``("alle", gebied, schooljaar)``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable

import pandas as pd

from addin.core.labels import DUALE_ONDERWIJSVORMEN, GRADEN, PROVINCIES
from addin.core.publication import Tellingen, count_orders
from addin.core.suppression import Relation
from addin.core.tables import QuestionTable

REGIO_SOM = "som van de regio's"
REST = "rest"


def _key(gebied, jaar, *dims) -> tuple:
    return ("duaal", gebied, jaar, *dims)


class _Decl:
    """Collects the declaration of one table."""

    def __init__(self, table: QuestionTable):
        self.t = table
        self.cellen: dict = {}
        self.relaties: list[Relation] = []
        self.delen: dict = {}
        self.afgeleid: dict = {}
        self.invoer: dict = {}
        self.posities: dict = {}
        self.volgorde: tuple = ()
        self.cols = [str(c) for c in table.frame.columns]

    def cell(self, i: int, col: str, key, position=None):
        self.cellen[(i, col)] = key
        if position is not None:
            self.posities[key] = position
        return key

    def derived(self, i: int, col: str, *keys):
        self.afgeleid[(i, col)] = tuple(keys)

    def hidden_part(self, key, value: int, structural_zero: bool = False):
        """A count a relation needs that no table shows; ``structural_zero``: 0 by definition, known to all."""
        if structural_zero and not value:
            self.invoer[key] = 0
        elif structural_zero:  # data that breaks the rule: a reader relying on it would be wrong anyway
            self.delen[key] = int(value)
        else:
            self.delen[key] = int(value)

    def done(self) -> QuestionTable:
        seen = set()
        rel = tuple(r for r in self.relaties if not (r in seen or seen.add(r)))
        return replace(self.t, tellingen=Tellingen(self.cellen, rel, self.delen, self.afgeleid, self.invoer,
                                                   self.posities, self.volgorde))

    def ordered_on(self, kolom: str, *, rank: bool = False, weg_key=None, weg_value=None) -> None:
        """What the order of the rows tells about the counts of ``kolom`` (publication.count_orders); a row the
        cut left out is the count ``weg_key(labels)``, a hidden part of value ``weg_value(labels)`` if no
        table shows it."""
        if self.t.rangorde is None:
            return
        if weg_key is not None and weg_value is not None:
            for _, labels, _, _ in self.t.rangorde.weg:
                key = weg_key(labels)
                if key not in self.cellen.values() and key not in self.invoer:
                    self.delen.setdefault(key, int(weg_value(labels)))
        known = set(self.delen) | set(self.invoer)
        self.volgorde = count_orders(self.t, self.cellen, known, weg_key, kolom=kolom, rank=rank)

    def value(self, i: int, col: str):
        return self.t.frame.iat[i, self.cols.index(col)]


def _year_rows(t: QuestionTable) -> list[str]:
    return [str(j) for j in t.frame[t.frame.columns[0]]]


def _v1(c, t: QuestionTable) -> QuestionTable:
    from addin.core.questions import AANDEEL, ALLE, DUAAL, VERSCHIL, VERSCHIL_PCT, _previous
    d = _Decl(t)
    for i, j in enumerate(_year_rows(t)):
        k = d.cell(i, DUAAL, _key(c.prov, j), "duaal")
        a = d.cell(i, ALLE, ("alle", c.prov, j), "alle")
        d.derived(i, AANDEEL, k, a)
        verschil = d.value(i, VERSCHIL)
        if not (isinstance(verschil, float) and math.isnan(verschil)):
            vorig = _key(c.prov, _previous(j))
            if vorig not in d.cellen.values():
                d.invoer[vorig] = int(d.value(i, DUAAL) - verschil)
            d.derived(i, VERSCHIL, k, vorig)
            d.derived(i, VERSCHIL_PCT, k, vorig)
    return d.done()


def _v2(c, t: QuestionTable) -> QuestionTable:
    d = _Decl(t)
    total_col = d.cols[-1]
    for i, j in enumerate(_year_rows(t)):
        parts = [d.cell(i, col, _key(p, j), p) for col, p in t.categorie.items()]
        tot = d.cell(i, total_col, _key(REGIO_SOM, j), REGIO_SOM)
        d.relaties.append(Relation(tot, tuple(parts)))
    return d.done()


def _v2b(c, t: QuestionTable) -> QuestionTable:
    from addin.core.questions import v2b_columns
    d = _Decl(t)
    for i, j in enumerate(_year_rows(t)):
        regions = [_key(p, j) for p in PROVINCIES]
        for p, k in zip(PROVINCIES, regions):
            d.invoer[k] = c.duaal(p, schooljaar=j)
            d.invoer[("alle", p, j)] = c.alle(p, schooljaar=j)
            per1000, share, rang = v2b_columns(p)
            d.derived(i, per1000, k, ("alle", p, j))
            d.derived(i, share, k, *regions)
            d.derived(i, rang, *regions)
    return d.done()


def _cross(c, j: str) -> dict[tuple[str, str], int]:
    """Dual pupils of the region in year ``j`` per (graad or 'rest', onderwijsvorm or 'rest')."""
    cells = {(g, v): c.duaal(schooljaar=j, graad=g, onderwijsvorm=v) for g in GRADEN for v in DUALE_ONDERWIJSVORMEN}
    for g in GRADEN:
        cells[(g, REST)] = c.duaal(schooljaar=j, graad=g) - sum(cells[(g, v)] for v in DUALE_ONDERWIJSVORMEN)
    for v in DUALE_ONDERWIJSVORMEN:
        cells[(REST, v)] = c.duaal(schooljaar=j, onderwijsvorm=v) - sum(cells[(g, v)] for g in GRADEN)
    cells[(REST, REST)] = c.duaal(schooljaar=j) - sum(cells.values())
    return cells


def _structural_zero(graad: str, vorm: str) -> bool:
    """Zero by definition, as the notes of V3a say: buso (opleidingsvorm 3) and Syntra have no graad."""
    if REST in (graad, vorm):
        return False
    return (graad == "n.v.t.") != (vorm in ("buso", "Syntra"))


def _split(c, t: QuestionTable, dim: str, values: tuple[str, ...]) -> QuestionTable:
    """V3a (graad) or V3b (onderwijsvorm): parts, rest and total per year, tied to the cross-table."""
    from addin.core.questions import NVT_GRAAD, TOTAAL
    d = _Decl(t)
    own = (*values, REST)
    other = (*DUALE_ONDERWIJSVORMEN, REST) if dim == "graad" else (*GRADEN, REST)

    def value_of(col: str) -> str:
        v = t.categorie.get(col, col.removesuffix(" (aantal)"))
        return "n.v.t." if v == NVT_GRAAD else v if v in values else REST

    def cross_key(j, mine, o):
        g, v = (mine, o) if dim == "graad" else (o, mine)
        return _key(c.prov, j, ("graad", g), ("onderwijsvorm", v))

    for i, j in enumerate(_year_rows(t)):
        tot = d.cell(i, TOTAAL, _key(c.prov, j), "totaal")
        parts = {}
        for col in d.cols[1:-1]:
            mine = value_of(col)
            parts[mine] = d.cell(i, col, _key(c.prov, j, (dim, mine)), col)
        d.relaties.append(Relation(tot, tuple(parts.values())))
        for (g, v), n in _cross(c, j).items():
            d.hidden_part(_key(c.prov, j, ("graad", g), ("onderwijsvorm", v)), n, _structural_zero(g, v))
        for mine in own:  # each part (a column not shown is 0) is the sum of its cross cells
            key = parts.get(mine) or _key(c.prov, j, (dim, mine))
            if mine not in parts:
                d.invoer[key] = 0
            d.relaties.append(Relation(key, tuple(cross_key(j, mine, o) for o in other)))
    return d.done()


def _v3a(c, t):
    return _split(c, t, "graad", GRADEN)


def _v3b(c, t):
    return _split(c, t, "onderwijsvorm", DUALE_ONDERWIJSVORMEN)


def _sector_relations(c, d: _Decl, jaren, sectors, with_programmes: set[str]) -> None:
    """Per year: the region's total = its sectors + the pupils without a known sector; for the years in
    ``with_programmes``, each sector = its programmes (the programmes no table shows are hidden parts)."""
    for j in jaren:
        keys = [_key(c.prov, j, ("sector", s)) for s in sectors]
        total = _key(c.prov, j)
        d.invoer.setdefault(total, c.duaal(schooljaar=j))
        gap = c.duaal(schooljaar=j) - sum(c.duaal(schooljaar=j, sector=s) for s in sectors)
        gap_key = _key(c.prov, j, ("sector", None))
        if j == c.laatste:
            d.invoer[gap_key] = gap  # the notes of V4a say it
        else:
            d.hidden_part(gap_key, gap)
        d.relaties.append(Relation(total, (*keys, gap_key)))
        if j not in with_programmes:
            continue
        by_sector = _programmes_by_sector(c, j)
        shown = set(d.cellen.values())  # the cells of this table (not changed below)
        for s, sk in zip(sectors, keys):
            members = []
            for r in by_sector.get(s, ()):
                pk = _programme_key(c, j, r.studierichting, r.sector, r.graad, r.onderwijsvorm)
                members.append(pk)
                if pk not in shown:
                    d.hidden_part(pk, int(r.aantal))
            d.invoer.setdefault(sk, c.duaal(schooljaar=j, sector=s))
            d.relaties.append(Relation(sk, tuple(members)))


def _programmes_by_sector(c, j: str) -> dict:
    """The programmes with dual pupils in year ``j``, as rows (``itertuples``) per sector value, in the order of
    :func:`addin.core.questions._programmes` (one pass over the frame, once per answer, instead of a filter and
    an ``itertuples`` per sector and table)."""
    from addin.core.questions import _programmes

    def make():
        progs = _programmes(c, j)
        out: dict = {}
        for r in progs[progs["aantal"] > 0].itertuples(index=False):
            out.setdefault(r.sector, []).append(r)
        return out
    return c.cached(("programmes per sector", j), make)


def _programme_key(c, j, studierichting, sector, graad, onderwijsvorm) -> tuple:
    return _key(c.prov, j, ("studierichting", studierichting, sector, graad, onderwijsvorm))


def _v4a(c, t: QuestionTable) -> QuestionTable:
    from addin.core.questions import SECTOR, jaar_kolom
    d = _Decl(t)
    latest_col = next(col for col in d.cols if col.startswith("Leerlingen ") and col.endswith("(aantal)"))
    share_col = next(col for col in d.cols if col.startswith("Aandeel "))
    rank_col = next(col for col in d.cols if col.startswith("Rang "))
    sectors = [str(s) for s in t.frame[SECTOR]]
    latest = [_key(c.prov, c.laatste, ("sector", s)) for s in sectors]
    for i, s in enumerate(sectors):
        d.cell(i, latest_col, latest[i], s)
        d.derived(i, share_col, latest[i], _key(c.prov, c.laatste))
        d.derived(i, rank_col, *latest)
        for j in c.jaren:
            if jaar_kolom(j) in d.cols:
                d.cell(i, jaar_kolom(j), _key(c.prov, j, ("sector", s)), s)
    jaren = [j for j in c.jaren if jaar_kolom(j) in d.cols]
    if sectors:
        _sector_relations(c, d, jaren, sectors, {c.laatste, *([c.vorige] if c.vorige in jaren else [])})
    d.ordered_on(latest_col, rank=True)  # sorted on the rank of the latest counts
    return d.done()


def _v4b(c, t: QuestionTable) -> QuestionTable:
    from addin.core.questions import GRAAD, ONDERWIJSVORM, RANG, SECTOR, STUDIERICHTING
    d = _Decl(t)
    cur = f"Leerlingen {c.laatste} (aantal)"
    prev = next((col for col in d.cols if col.startswith("Leerlingen ") and col != cur), None)
    rows = list(t.frame[[STUDIERICHTING, SECTOR, GRAAD, ONDERWIJSVORM]].itertuples(index=False))
    keys_cur = []
    for i, r in enumerate(rows):
        keys_cur.append(d.cell(i, cur, _programme_key(c, c.laatste, *r), ("programma", *r)))
        if c.vorige and prev is not None:
            d.cell(i, prev, _programme_key(c, c.vorige, *r), ("programma", *r))
    for i in range(len(rows)):
        d.derived(i, RANG, *keys_cur)
    # the programmes shown are parts of their sectors (V4a): declare those relations here too
    if rows:
        from addin.core.labels import fold
        from addin.core.questions import _programmes
        jaren = [c.laatste, *([c.vorige] if c.vorige else [])]
        found = set()
        for j in jaren:
            progs = _programmes(c, j)
            found |= {str(s) for s in progs.loc[progs["aantal"] > 0, "sector"].dropna()}
        _sector_relations(c, d, jaren, sorted(found, key=fold), set(jaren))
    # sorted on the latest count, the top 10 kept: a programme left out has at most the tenth's pupils (it is a
    # hidden part of its sector above)
    d.ordered_on(cur, weg_key=lambda labels: _programme_key(c, c.laatste, *labels))
    return d.done()


def _v5a(c, t: QuestionTable) -> QuestionTable:
    from addin.core.labels import TOTAAL_GEBIED
    from addin.core.questions import SECTOR
    d = _Decl(t)
    sectors = [str(s) for s in t.frame[SECTOR]]
    share_col = next((col for col in d.cols if col.startswith("Aandeel ")), None)
    for col in d.cols:
        if not (col.startswith("Leerlingen ") and col.endswith("(aantal)")):
            continue
        jaar = col.split()[1]
        gebied = None if f" in {TOTAAL_GEBIED} " in col else c.prov
        for i, s in enumerate(sectors):
            d.cell(i, col, _key(gebied, jaar, ("sector", s)) if gebied else ("duaal", "alle gebieden", jaar,
                                                                             ("sector", s)), s)
    if share_col:
        for i, s in enumerate(sectors):
            d.derived(i, share_col, _key(c.prov, c.laatste, ("sector", s)), _key(c.prov, c.laatste))
            d.invoer.setdefault(_key(c.prov, c.laatste), c.duaal(schooljaar=c.laatste))
    rank_col = next((col for col in d.cols if col.startswith("Rang ")), None)
    if rank_col:  # the rank compares the region's sectors in the last year
        latest = [_key(c.prov, c.laatste, ("sector", s)) for s in sectors]
        for i in range(len(sectors)):
            d.derived(i, rank_col, *latest)
    # sorted on the region's latest counts, the smallest half kept: a sector left out has at least as many
    if t.rangorde is not None:
        d.ordered_on(t.rangorde.kolom, weg_key=lambda labels: _key(c.prov, c.laatste, ("sector", labels[0])),
                     weg_value=lambda labels: c.duaal(schooljaar=c.laatste, sector=labels[0]))
    return d.done()


def _v5b(c, t: QuestionTable) -> QuestionTable:
    from addin.core.questions import CODE
    d = _Decl(t)
    codes = [str(x) for x in t.frame[CODE]]
    for col in d.cols:
        if not (col.startswith("Leerlingen ") and col.endswith("(aantal)")):
            continue
        jaar = col.split()[1]
        for i, code in enumerate(codes):
            d.cell(i, col, _key(c.prov, jaar, ("catalogus", code)), code)
    return d.done()


_DECLARATIONS: dict[str, Callable] = {"V1": _v1, "V2": _v2, "V2b": _v2b, "V3a": _v3a, "V3b": _v3b, "V4a": _v4a,
                                      "V4b": _v4b, "V5a": _v5a, "V5b": _v5b}


def declare(c, table: QuestionTable) -> QuestionTable:
    """``table`` with its :class:`Tellingen` (unchanged when the table has no declaration here)."""
    fn = _DECLARATIONS.get(table.sleutel)
    return fn(c, table) if fn else table
