"""The published form of finished tables: small counts protected, every table audited.

A thin layer between whichever builder made a :class:`~addin.core.tables.QuestionTable` and the
renderers (workbook, CSV, draft answer, cell functions, ``loep tabel --uit``):
:func:`publish` takes finished tables and returns them with each hidden cell replaced by what a
reader sees (``<5`` or ``[c]``), a status per cell (``c`` for hidden, Eurostat style) and a line above
each table that has hidden cells. The renderers then draw what they get and never see a hidden number.

How a table's numbers hang together is declared by its builder in ``QuestionTable.tellingen``
(:class:`Tellingen`): which cells count pupils (and under which key: the same key in two tables is
the same count, so both tables hide it or neither does), which are totals of which, and which cells
are computed from counts (a share, a rate, a rank, a difference: shown only when every count it
is computed from is shown). A table without that declaration is read conservatively
(:func:`infer_tellingen`): every count column is protected, a total column found as the sum of its
parts is a relation, and every other number in a row is computed from all counts of that row (a
rank: from all counts of the table).

All tables of one publication are suppressed together and audited together
(:func:`addin.core.suppression.require_protected`); a publication that fails is not written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from addin.core.disclosure import CSV_STATUS, Policy, resolve
from addin.core.errors import LoepFout
from addin.core.suppression import (
    PRIMARY,
    Key,
    LinearTable,
    Ordering,
    Relation,
    Suppression,
    audit,
    combine,
    label,
    suppress,
)
from addin.core.tables import QuestionTable

Cell = tuple[int, str]  # (row position in the frame, column header)
#: Measure kinds (``QuestionTable.maten``) that count pupils.
COUNT_MEASURES = ("aantal", "noemer")


@dataclass(frozen=True)
class Tellingen:
    """Which cells of a table count pupils and how they hang together (declared by the builder).

    Args:
        cellen: (row, column) → key of the count it shows. Same key in another table = the same count.
        relaties: total = sum of parts, over keys (a key may belong to ``delen`` instead of a cell).
        delen: counts a relation needs that no table shows (e.g. the part of a total with an unknown
            sector), key → value; an attacker knows only that they are ≥ 0, and a small one may not
            become computable.
        afgeleid: (row, column) → the keys of the counts the cell is computed from (share, rate, rank,
            difference); shown only when all of them are.
        invoer: counts that only computed cells use (e.g. all pupils of a province behind a rate), key →
            value; the computed cell reveals them, so they are protected like shown counts.
        posities: key → position (the same cell in another school year), for a pattern that stays
            the same over the years; default: the column of the cell.
        volgorde: what the order of the rows tells about the counts (:class:`Ordering`, over keys).
    """

    cellen: Mapping[Cell, Key]
    relaties: tuple[Relation, ...] = ()
    delen: Mapping[Key, int] = field(default_factory=dict)
    afgeleid: Mapping[Cell, tuple[Key, ...]] = field(default_factory=dict)
    invoer: Mapping[Key, int] = field(default_factory=dict)
    posities: Mapping[Key, Hashable] = field(default_factory=dict)
    volgorde: tuple[Ordering, ...] = ()


def count_orders(table: QuestionTable, cellen: Mapping[Cell, Key], known=(), weg_key=None, *,
                 kolom: str | None = None, rank: bool = False) -> tuple[Ordering, ...]:
    """The orders a table sorted on a count column tells (:attr:`QuestionTable.rangorde`), over the keys of
    ``cellen``; a row the cut left out counts when ``weg_key(labels)`` names a key in ``known`` (the
    table's other counts: hidden parts, inputs).

    Args:
        kolom: the count column the order is about (default: the column sorted on).
        rank: the rows were sorted on a rank of ``kolom``'s counts (rank 1 = the most): the reverse order.

    For a table sorted on anything else than a count column: no orders (its builder declares them, or the
    sorted values are computed cells, hidden whenever a count they use is).
    """
    r = table.rangorde
    if r is None:
        return ()
    kolom = kolom or r.kolom
    out = []
    for i, j, gap in r.paren:
        if rank:
            i, j = j, i
        a, b = cellen.get((i, kolom)), cellen.get((j, kolom))
        if a is not None and b is not None and a != b:
            out.append(Ordering(((a, 1), (b, -1)), gap))
    for i, labels, gap, hoger in r.weg:
        hoger = hoger != rank
        kept = cellen.get((i, kolom))
        out_key = weg_key(labels) if weg_key else None
        if kept is None or out_key is None or out_key not in known:
            continue
        out.append(Ordering(((kept, 1), (out_key, -1)) if hoger else ((out_key, 1), (kept, -1)), gap))
    return tuple(out)


@dataclass(frozen=True)
class PublishedTable:
    """A table as it is published.

    Args:
        table: the table to draw: hidden cells hold the text a reader sees ('<5', '[c]'), the line about
            hidden cells is in its toelichting.
        verborgen: (row, column) → 'primair' or 'secundair' for every hidden cell.
        bron: the unprotected table (for internal checks only; never drawn).
    """

    table: QuestionTable
    verborgen: Mapping[Cell, str]
    bron: QuestionTable

    @property
    def has_hidden(self) -> bool:
        return bool(self.verborgen)

    @property
    def status(self) -> pd.DataFrame:
        """Same shape as the frame: '' or 'c' (hidden) per cell (the CSV's status columns)."""
        frame = self.table.frame
        cells = np.full(frame.shape, "", dtype=object)
        index = {str(c): j for j, c in enumerate(frame.columns)}
        for (i, c) in self.verborgen:
            cells[i, index[c]] = CSV_STATUS
        return pd.DataFrame({c: cells[:, j] for j, c in enumerate(frame.columns)}, index=frame.index)


def _whole(value) -> int | None:
    if value is None or isinstance(value, str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or not number.is_integer():
        return None
    return int(number)


#: How a total row or column starts (lower case).
_TOTAL_LABELS = ("totaal", "vlaanderen en brussel")


def infer_tellingen(table: QuestionTable) -> Tellingen:
    """A conservative reading of a table that declares nothing (see the module docstring)."""
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    counts = [c for c in columns if table.measure_of(c) in COUNT_MEASURES
              and pd.api.types.is_numeric_dtype(frame[c])]
    cellen: dict[Cell, Key] = {}
    for c in counts:
        for i, v in enumerate(frame[c].tolist()):
            if _whole(v) is not None:
                cellen[(i, c)] = (table.sleutel, i, c)
    relaties = []
    parts = [c for c in counts if c in table.categorie]
    if not parts:  # no declared categories: the count columns before a 'Totaal …' column are its parts
        parts = [c for c in counts if not c.casefold().startswith(_TOTAL_LABELS)]
    for total in (c for c in counts if c not in table.categorie):
        if len(parts) < 2:
            break
        sums = frame[parts].sum(axis=1)
        if bool((sums == frame[total]).all()):
            for i in range(len(frame)):
                if (i, total) in cellen and all((i, p) in cellen for p in parts):
                    relaties.append(Relation(cellen[(i, total)], tuple(cellen[(i, p)] for p in parts)))
    # a total row (first cell 'Totaal' or 'Vlaanderen en Brussel') that is the sum of the other rows
    if len(frame) > 2 and columns:
        labels = [str(v).casefold() for v in frame[columns[0]].tolist()]
        total_rows = [i for i, v in enumerate(labels) if v.startswith(_TOTAL_LABELS)]
        if len(total_rows) == 1:
            t_row = total_rows[0]
            others = [i for i in range(len(frame)) if i != t_row]
            for c in counts:
                if (t_row, c) in cellen and all((i, c) in cellen for i in others) and \
                        int(frame[c].iloc[others].sum()) == _whole(frame[c].iloc[t_row]):
                    relaties.append(Relation(cellen[(t_row, c)], tuple(cellen[(i, c)] for i in others)))
    afgeleid: dict[Cell, tuple[Key, ...]] = {}
    every = tuple(cellen.values())
    for c in columns:
        if c in counts or not pd.api.types.is_numeric_dtype(frame[c]):
            continue
        for i in range(len(frame)):
            if table.measure_of(c) == "rang":
                afgeleid[(i, c)] = every
            else:
                afgeleid[(i, c)] = tuple(cellen[(i, k)] for k in counts if (i, k) in cellen)
    return Tellingen(cellen, tuple(relaties), afgeleid=afgeleid,
                     posities={key: key[2] for key in cellen.values()}, volgorde=count_orders(table, cellen))


def _linear(table: QuestionTable, t: Tellingen) -> LinearTable:
    values: dict[Key, int] = {}
    frame = table.frame
    col_index = {str(c): j for j, c in enumerate(frame.columns)}
    arrays: dict[str, np.ndarray] = {}
    for (i, c), key in t.cellen.items():
        if c not in arrays:
            arrays[c] = frame.iloc[:, col_index[c]].to_numpy(dtype=object)
        raw = arrays[c][i]
        v = _whole(raw)
        if v is None or v < 0:
            raise LoepFout(f"Tabel {table.sleutel}: de cel in rij {i + 1}, kolom '{c}' is geen telling "
                           f"({raw!r}); geheimhouding kan alleen op tellingen.")
        if values.setdefault(key, v) != v:
            raise LoepFout(f"Tabel {table.sleutel}: de telling {label(key)} staat er twee keer met een andere "
                           "waarde in.")
    for key, v in {**t.invoer, **t.delen}.items():
        values.setdefault(key, int(v))
    positions = {key: t.posities.get(key, c) for (i, c), key in t.cellen.items()}
    return LinearTable(values, tuple(t.relaties), positions, frozenset(t.delen) - set(t.cellen.values()), table.sleutel,
                       tuple(t.volgorde))


def structure(table: QuestionTable) -> Tellingen:
    """The table's declared structure, or the conservative reading of it."""
    declared = getattr(table, "tellingen", None)
    return declared if declared is not None else infer_tellingen(table)


def publish(tables: Sequence[QuestionTable] | QuestionTable, policy: Policy | None = None) -> list[PublishedTable]:
    """The published form of the tables of one publication.

    Args:
        tables: the finished tables (one table or all tables of an answer: suppressed together, so a
            count two tables share is hidden in both).
        policy: the disclosure policy (None: :func:`addin.core.disclosure.resolve` from the environment).

    Returns:
        One :class:`PublishedTable` per table, in order. With the policy switched off the tables are
        unchanged except for the "niet voor publicatie" line at the top of their statements.

    Raises:
        LoepFout: the audit finds a hidden cell that can be computed from what is published (naming
            the table), or a table whose declared counts are not whole numbers.
    """
    if isinstance(tables, QuestionTable):
        tables = [tables]
    policy = policy or resolve()
    if not policy.aan:
        return [PublishedTable(replace(t, toelichting=(policy.regel, *t.toelichting)), {}, t) for t in tables]
    structures = [structure(t) for t in tables]
    linears = [_linear(t, s) for t, s in zip(tables, structures)]
    whole = _with_margins(combine(linears, naam=", ".join(t.sleutel for t in tables)))
    solved: dict = {}  # the attacks the search solved: the audit below solves only the rest
    supp = suppress(whole, policy.drempel, cache=solved)
    _require(whole, supp, tables, structures, solved)
    return [_apply(t, s, supp, policy) for t, s in zip(tables, structures)]


def _with_margins(whole: LinearTable) -> LinearTable:
    """The publication with what a reader can add up across its tables (table_cells.marginal_relations)."""
    from addin.core.table_cells import marginal_relations

    relations, rest = marginal_relations(whole.values)
    if not relations:
        return whole
    # the tables were checked when made and each margin holds by construction: not checked again
    return whole.part((), (*whole.relations, *relations), whole.orders, values={**whole.values, **rest},
                      positions=whole.positions, unpublished=whole.unpublished | set(rest))


def _require(whole: LinearTable, supp: Suppression, tables, structures, solved: dict) -> None:
    result = audit(whole, supp, cache=solved)
    if result.ok:
        return
    failing = {iv.key for iv in result.failures}
    for t, s in zip(tables, structures):
        cells = _cells_of(t, s, failing)
        if cells:
            break
    else:
        t, s, cells = tables[0], structures[0], [label(k) for k in sorted(failing, key=repr)]
    waar = ", ".join(cells[:3]) + (f" en nog {len(cells) - 3}" if len(cells) > 3 else "")
    by_order = bool(whole.orders) and audit(replace(whole, orders=()), supp).ok
    if by_order:
        raise LoepFout(f"Geheimhouding: in tabel {t.sleutel} verraadt de volgorde van de rijen kleine aantallen ({waar}): "
                       "wie de rangschikking ziet, kan ze uit de buren afleiden, ook als elke cel verborgen is. "
                       "De publicatie wordt niet geschreven. Sorteer die tabel op een aantal of op de labels in plaats "
                       "van op een verhouding, of kies grotere groepen (voor intern gebruik kan het met "
                       "--zonder-geheimhouding: niet voor publicatie).")
    raise LoepFout(f"Geheimhouding: in tabel {t.sleutel} is een verborgen cel uit de gepubliceerde cellen en totalen "
                   f"af te leiden ({waar}). De publicatie wordt niet geschreven; kies grotere groepen of minder "
                   "filters, of meld dit aan de beheerder van Loep (voor intern gebruik kan het met "
                   "--zonder-geheimhouding: niet voor publicatie).")


def _cells_of(table: QuestionTable, t: Tellingen, keys: set) -> list[str]:
    """The cells of ``table`` that show (or are computed from) one of ``keys``, as a reader names them."""
    frame = table.frame
    first = str(frame.columns[0]) if len(frame.columns) else ""
    out = []
    for (i, c), key in [*t.cellen.items(), *((cell, k) for cell, ks in t.afgeleid.items() for k in ks)]:
        if key in keys:
            name = f"rij '{frame[first].iloc[i]}', kolom '{c}'"
            if name not in out:
                out.append(name)
    return out


def _apply(table: QuestionTable, t: Tellingen, supp: Suppression, policy: Policy) -> PublishedTable:
    frame = table.frame
    hidden: dict[Cell, str] = {}
    for cell, key in t.cellen.items():
        if key in supp.hidden:
            hidden[cell] = supp.status(key)
    for cell, inputs in t.afgeleid.items():
        if cell not in hidden and any(k in supp.hidden for k in inputs):
            hidden[cell] = "secundair"
    if not hidden:
        return PublishedTable(table, {}, table)
    by_column: dict[str, list[tuple[int, str]]] = {}
    for (i, c), why in hidden.items():
        by_column.setdefault(c, []).append((i, why))
    columns = {}
    for c in frame.columns:  # one new frame: the columns with hidden cells as text, the others as they are
        cells = by_column.get(str(c))
        if cells is None:
            columns[c] = frame[c]
            continue
        values = frame[c].to_numpy(dtype=object).copy()
        for i, why in cells:
            values[i] = policy.teken(why)
        columns[c] = values
    shown = pd.DataFrame(columns, index=frame.index, copy=False)
    lines = list(table.toelichting)
    lines.insert(_after_source(lines), policy.tabel_melding)
    published = replace(table, frame=shown, toelichting=tuple(lines))
    return PublishedTable(published, hidden, table)


def _after_source(lines: list[str]) -> int:
    """Where the hidden-cells line goes: right after the source (and the synthetic-data warning)."""
    i = 0
    while i < len(lines) and (lines[i].startswith("Bron:") or lines[i].startswith("LET OP")):
        i += 1
    return i


def hidden_values(published: Iterable[PublishedTable]) -> dict[tuple[str, int, str], float]:
    """Every hidden cell's true value, by (table, row, column): for tests that look for them in outputs."""
    out = {}
    for p in published:
        frame = p.bron.frame
        for (i, c), _ in p.verborgen.items():
            out[(p.table.sleutel, i, c)] = frame.iat[i, list(map(str, frame.columns)).index(c)]
    return out


def publish_frame(frame: pd.DataFrame, policy: Policy | None = None, *, naam: str = "tabel") -> tuple[pd.DataFrame,
                                                                                                      pd.DataFrame]:
    """A plain table as published, for front ends that have no QuestionTable (cell functions, ``loep tabel``).

    Args:
        frame: label column(s), then count columns (whole numbers); a column named 'Totaal …' that is the
            sum of the count columns and a row whose first cell is 'Totaal' that is the sum of the other rows
            are taken as totals. Every other number column counts as computed from the counts of its row.
        policy: the disclosure policy (None: from the environment / default).
        naam: the table's name in a refusal message.

    Returns:
        (frame with hidden cells as '<5' / '[c]', status frame with '' / 'c'); the frame unchanged and an
        empty status when the policy is off.

    Raises:
        LoepFout: the audit finds a computable hidden cell (naming ``naam``).
    """
    formaten = {str(c): ("aantal" if pd.api.types.is_integer_dtype(frame[c]) else
                         "tekst" if not pd.api.types.is_numeric_dtype(frame[c]) else "procent") for c in frame.columns}
    table = QuestionTable(naam, 0, naam, (), frame.reset_index(drop=True), formaten=formaten)
    (p,) = publish(table, policy)
    return p.table.frame, p.status
