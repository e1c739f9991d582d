"""From a checked :class:`~addin.core.tablespec.TableSpec` to a :class:`~addin.core.tables.QuestionTable`.

Every number comes from :class:`addin.core.query.Query` (the same engine as the cell functions):
one grouped count of the table's population per table, one of its denominator population, and
everything else (shares, rates, differences, ranks, totals) derived from those counts here, so a
total is always the sum of its parts. The renderers draw the result and compute nothing.

Rules (documented in ``docs/vragen.md``):
- *Region*: a table counts the question's province (under its basis) unless provincie is one of its
  rows or columns, or its filter names a provincie ("alle" = Vlaanderen en Brussel).
- *School years*: ``schooljaren`` (default: the period van … tot when schooljaar is a row or column
  dimension, else the last year of the period, which the title then names).
- *Values*: rows and columns are the values with pupils in the table's school years, plus the
  ``ook_zonder_leerlingen`` values; a missing value is the bucket 'onbekend'; ``waarden`` keeps and
  orders the listed values (the rest goes to ``overige`` when it is given, else out of the table).
- *Shares* divide by the total of the same school year over the population (all values, also
  'onbekend'); ranks compare the cells of the same school year (1 = most).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import numpy as np
import pandas as pd

from addin.core.catalogue import catalogue, name_key
from addin.core.dimensions import find
from addin.core.errors import LoepFout
from addin.core.labels import PROVINCIES, TOTAAL_GEBIED, fold, schooljaar_from_start, start_of, suggest
from addin.core.table_cells import declare as declare_cells
from addin.core.tables import ChartSpec, ColumnInfo, QuestionTable
from addin.core.tablespec import MEASURES, NOEMER_MEASURES, TableSpec, fill

ONBEKEND = "onbekend"
#: The registry's label of a missing value ('Onbekend'): shown last, like the other buckets.
UNKNOWN = "Onbekend"
_WORDS = {
    "aantal": "leerlingen", "noemer": "leerlingen in de noemer", "aandeel_noemer": "aandeel",
    "per_1000": "leerlingen per 1.000", "aandeel_rij": "aandeel in de rij", "aandeel_kolom": "aandeel in de kolom",
    "aandeel_totaal": "aandeel in het totaal", "verschil": "verschil met het vorige schooljaar",
    "verschil_pct": "verschil met het vorige schooljaar in %", "rang": "rang", "catalogus": "opleidingen in de catalogus",
}
_SUFFIX = {
    "aantal": "(aantal)", "noemer": "noemer (aantal)", "aandeel_noemer": "aandeel (%)", "per_1000": "per 1.000 (‰)",
    "aandeel_rij": "aandeel (%)", "aandeel_kolom": "aandeel (%)", "aandeel_totaal": "aandeel (%)",
    "verschil": "verschil (aantal)", "verschil_pct": "verschil (%)", "rang": "rang", "catalogus": "catalogus (aantal)",
}
_SINGLE = {
    "aantal": "Leerlingen (aantal)", "noemer": "Noemer (aantal)", "aandeel_noemer": "Aandeel (%)",
    "per_1000": "Per 1.000 (‰)", "aandeel_rij": "Aandeel in de rij (%)", "aandeel_kolom": "Aandeel (%)",
    "aandeel_totaal": "Aandeel in het totaal (%)", "verschil": "Verschil met vorig schooljaar (aantal)",
    "verschil_pct": "Verschil met vorig schooljaar (%)", "rang": "Rang",
    "catalogus": "Duale opleidingen in de catalogus 2026 (aantal)",
}
_PLURAL = {"sector": "sectoren", "studierichting": "studierichtingen", "school": "scholen", "gemeente": "gemeenten",
           "provincie": "regio's", "onderwijsvorm": "onderwijsvormen", "graad": "graden", "nationaliteit": "groepen"}


class TableError(LoepFout):
    """A declaration the data cannot answer: names file, table and key."""


def _fout(spec: TableSpec, key: str, tekst: str, hint: str | None = None) -> LoepFout:
    tip = f" Bedoelde u '{hint}'?" if hint else ""
    return TableError(f"{spec.bestand}, tabel '{spec.naam}', sleutel '{key}': {tekst}{tip}", suggestie=hint)


# --- the query engine, one place ------------------------------------------------------------


def _dimension_label(naam: str) -> str:
    return find(naam).label


def _is_fixed(naam: str) -> bool:
    """A closed vocabulary: 'alle' values are the vocabulary's, not those found in the data."""
    return find(naam).soort in ("schooljaar", "provincie", "vast", "janee")


def normalise_values(query, dim: str, values) -> tuple:
    """Canonical values of ``dim`` as the query engine reads them, in the order given (LoepFout when unknown)."""
    out: list = []
    for v in values:
        norm, _ = query.parse_filters({dim: v})
        out.extend(x for x in norm.get(dim, ()) if x not in out)
    return tuple(out)


def _counts(query, dims: list[str], filters: dict[str, tuple], basis: str, provincie, jaren) -> pd.DataFrame:
    """Pupils per combination of ``dims`` (+ schooljaar) in the population (``Query.pivot``, long form)."""
    group = list(dict.fromkeys(["schooljaar", *dims]))
    p = query.pivot(group, schooljaar=list(jaren), filters={d: list(v) for d, v in filters.items()}, basis=basis,
                    provincie=provincie)
    frame = p.cellen
    if not len(frame):
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in group} | {"aantal": pd.Series(dtype="int64")})
    return frame[group + ["aantal"]]


def is_dual(filters: dict) -> bool:
    """The population is the dual pupils (filter duaal = ja)."""
    return tuple(filters.get("duaal", ())) in (("ja",), (True,))


def cached_counts(ctx, query, dims, filters, prov, jaren) -> pd.DataFrame:
    """:func:`_counts`, remembered on the answer's context (tables of one answer share populations)."""
    key = (tuple(dims), tuple(sorted(filters.items())), prov, tuple(sorted(jaren)))
    cache = ctx.__dict__.setdefault("_counts_cache", {})
    frame = cache.get(key)
    if frame is None:
        frame = cache[key] = _counts(query, list(dims), filters, ctx.basis, prov, sorted(jaren))
    return frame


# --- context of one table --------------------------------------------------------------------


class _Keys:
    """Display values of one dimension: normalised waarden, overige bucket, labels, order."""

    def __init__(self, spec: TableSpec, query, dim: str):
        self.dim = dim
        self.labels = {}
        self.keep = None
        self.overige = spec.overige.get(dim)
        if dim in spec.waarden:
            try:
                self.keep = list(normalise_values(query, dim, spec.waarden[dim]))
            except LoepFout as exc:
                raise _fout(spec, f"waarden.{dim}", exc.boodschap, exc.suggestie) from None
        for raw, label in spec.labels.get(dim, {}).items():
            try:
                (canon,) = normalise_values(query, dim, [raw])
            except LoepFout as exc:
                raise _fout(spec, f"labels.{dim}", exc.boodschap, exc.suggestie) from None
            self.labels[canon] = label

    def show(self, value) -> str | None:
        """The display value of a data value (None = not in the table)."""
        if self.dim == "provincie" and (value is None or value not in PROVINCIES):
            return None  # outside Flanders and Brussels: in no region
        if self.keep is not None and value not in self.keep:
            return self.overige
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.overige or ONBEKEND
        if isinstance(value, (bool, np.bool_)):
            value = "ja" if value else "nee"
        return self.labels.get(value, str(value))

    def order(self, query, seen) -> list[str]:
        """Display values in order: waarden, else the vocabulary / school-year / folded order; buckets last."""
        seen = set(seen)
        if self.keep is not None:
            base = [self.labels.get(v, v) for v in self.keep]
        elif self.dim == "schooljaar":
            base = sorted(seen)
        elif self.dim == "provincie":
            base = list(PROVINCIES)
        elif _is_fixed(self.dim):
            try:
                base = [self.labels.get(v, v) for v in query.values(self.dim)]
            except LoepFout:
                base = []
        else:
            base = []
        rest = sorted((v for v in seen if v not in base and v not in (ONBEKEND, UNKNOWN, self.overige)), key=fold)
        tail = [v for v in dict.fromkeys((self.overige, ONBEKEND, UNKNOWN)) if v and v in seen and v not in base]
        return [v for v in base if v in seen] + rest + tail


class _Table:
    def __init__(self, spec: TableSpec, ctx, query):
        self.s, self.c, self.q = spec, ctx, query
        self.jaren = self._years()
        self.laatste = self.jaren[-1]
        self.vorige = _previous(self.laatste) if _previous(self.laatste) in ctx.alle_jaren else None
        self.keys = {d: _Keys(spec, query, d) for d in spec.dims if d != "schooljaar"}
        self.filters, self.prov = self._population(spec.filter, "filter")
        self.places = self._placeholders()

    # -- parameters
    def _years(self) -> list[str]:
        s, c = self.s, self.c
        v = s.schooljaren
        if v is None:
            v = "periode" if s.has_year_dim else "laatste"
        if v == "periode":
            jaren = list(c.jaren)
        elif v == "laatste":
            jaren = [c.laatste]
        elif v == "vorige":
            if not c.vorige:
                raise _fout(s, "schooljaren", f"de gegevens hebben geen schooljaar vóór {c.laatste}.")
            jaren = [c.vorige]
        elif v == "laatste3":
            jaren = list(c.recent)
        else:
            for j in v:
                if j not in c.alle_jaren:
                    raise _fout(s, "schooljaren", f"schooljaar '{j}' zit niet in de gegevens (beschikbaar: "
                                                  f"{c.alle_jaren[0]} tot {c.alle_jaren[-1]}).",
                                min(c.alle_jaren, key=lambda x: abs(start_of(x) - start_of(j))))
            jaren = list(v)
        if len(jaren) > 1 and not s.has_year_dim:
            raise _fout(s, "schooljaren", f"{len(jaren)} schooljaren, maar schooljaar staat niet in rijen of kolommen; "
                                          "zet schooljaar in rijen of kolommen, of kies één schooljaar.")
        return jaren

    def _population(self, filt: dict, key: str):
        """(normalised filters without provincie, province filter) of a population."""
        out = {}
        prov = self.c.prov if self.s.per_province else None
        for d, values in filt.items():
            if d == "provincie":
                if any(fold(v) in ("alle", fold(TOTAAL_GEBIED)) for v in values):
                    prov = None
                    continue
                try:
                    vals = normalise_values(self.q, d, values)
                except LoepFout as exc:
                    raise _fout(self.s, f"{key}.{d}", exc.boodschap, exc.suggestie) from None
                if len(vals) == 1:
                    prov = vals[0]
                else:
                    prov = None
                    out[d] = vals
                continue
            if d == "schooljaar":
                raise _fout(self.s, f"{key}.{d}", "kies de schooljaren met de sleutel 'schooljaren', niet in "
                                                  "de filter.")
            try:
                out[d] = normalise_values(self.q, d, values)
            except LoepFout as exc:
                raise _fout(self.s, f"{key}.{d}", exc.boodschap, exc.suggestie) from None
        return out, prov

    def _placeholders(self) -> dict[str, str]:
        return self.c.placeholders(self.laatste, self.vorige)

    def fill(self, text: str, **extra) -> str:
        return fill(text, {**self.places, **extra})

    # -- counting
    def measure_year(self, m) -> str | None:
        if m.schooljaar is None:
            return None
        if m.schooljaar == "laatste":
            return self.laatste
        if m.schooljaar == "vorige":
            return self.vorige  # None: no previous year -> empty column
        if m.schooljaar.startswith("laatste-"):
            jaar = schooljaar_from_start(start_of(self.laatste) - int(m.schooljaar[-1]))
            return jaar if jaar in self.c.alle_jaren else None
        if m.schooljaar not in self.c.alle_jaren:
            raise _fout(self.s, "maten", f"schooljaar '{m.schooljaar}' zit niet in de gegevens.")
        return m.schooljaar

    def count_frame(self, filters, prov, jaren) -> dict:
        """{(display key over non-year dims, year): pupils} of a population."""
        dims = [d for d in self.s.dims if d != "schooljaar"]
        frame = cached_counts(self.c, self.q, dims, filters, prov, jaren)
        cols = [frame[d].tolist() for d in dims]
        shown = [[self.keys[d].show(v) for v in col] for d, col in zip(dims, cols)]
        out: dict = defaultdict(int)
        for i, (jaar, n) in enumerate(zip(frame["schooljaar"].tolist(), frame["aantal"].tolist())):
            key = tuple(col[i] for col in shown)
            if any(k is None for k in key):
                continue
            out[(key, jaar)] += int(n)
        return dict(out)


def _previous(jaar: str) -> str:
    return schooljaar_from_start(start_of(jaar) - 1)


def _ratio(a, b) -> float:
    return a / b if b else math.nan


# --- building -------------------------------------------------------------------------------


def build_table(spec: TableSpec, ctx, query, vraag: int = 0) -> QuestionTable:
    """The checked table of a declaration, for the (resolved) question context ``ctx``.

    Args:
        spec: the declaration.
        ctx: :class:`addin.core.questions._Ctx` (query, resolved parameters, years).
        query: the Query.
        vraag: number of the question the table answers.

    Raises:
        LoepFout: a value, year or combination the data cannot answer (naming file, table, key).
    """
    t = _Table(spec, ctx, query)
    s = spec
    nonyear = [d for d in s.dims if d != "schooljaar"]
    year_in_rows = "schooljaar" in s.rijen
    year_in_cols = "schooljaar" in s.kolommen
    for m in s.maten:
        if m.schooljaar and year_in_rows:
            raise _fout(s, "maten", f"maat '{m.maat}' heeft een eigen schooljaar, maar schooljaar staat in de rijen.")
        if m.maat == "catalogus" and not ({"sector", "studierichting"} & set(s.rijen)):
            raise _fout(s, "maten", "de maat 'catalogus' vraagt sector of studierichting in de rijen.")

    # years needed: the table's, the measures' own, and the year before each for differences
    years = set(t.jaren)
    for m in s.maten:
        y = t.measure_year(m)
        if y:
            years.add(y)
    if any(m.maat in ("verschil", "verschil_pct") for m in s.maten):
        years |= {_previous(j) for j in list(years) if _previous(j) in ctx.alle_jaren}
    years = sorted(years)

    main = t.count_frame(t.filters, t.prov, years)
    areas = {None: main}
    if any(m.gebied == "alle" for m in s.maten):
        areas["alle"] = t.count_frame(t.filters, None, years)
    noemer = {}
    if s.noemer is not None and any(m.maat in NOEMER_MEASURES for m in s.maten) or s.rang_op != "aantal":
        nf, np_ = t._population(s.noemer or {}, "noemer")
        noemer[None] = t.count_frame(nf, np_, years)
        if "alle" in areas:
            noemer["alle"] = t.count_frame(nf, None, years)

    # -- row and column keys
    def dim_values(d: str, frames) -> list[str]:
        if d == "schooljaar":
            return list(t.jaren)
        i = nonyear.index(d)
        seen = {k[i] for (k, j), n in frames.items() if n and j in t.jaren}
        extra = s.ook_zonder.get(d, ())
        for word in extra:
            if word == "alle":
                if _is_fixed(d):
                    seen |= {t.keys[d].show(v) for v in query.values(d)} - {None}
                else:  # every value with pupils in the population, in Vlaanderen en Brussel
                    every = t.count_frame(t.filters, None, t.jaren)
                    seen |= {k[i] for (k, j), n in every.items() if n}
            elif word == "catalogus":
                col = "sector" if d == "sector" else "naam"
                seen |= {t.keys[d].show(v) for v in catalogue()[col]} - {None}
            else:
                try:
                    (canon,) = normalise_values(query, d, [word])
                except LoepFout as exc:
                    raise _fout(s, f"ook_zonder_leerlingen.{d}", exc.boodschap, exc.suggestie) from None
                shown = t.keys[d].show(canon)
                if shown is not None:
                    seen.add(shown)
        return t.keys[d].order(query, seen)

    def key_combos(dims: tuple[str, ...]) -> list[tuple]:
        if not dims:
            return [()]
        if len(dims) == 1:
            return [(v,) for v in dim_values(dims[0], main)]
        if all(d in s.ook_zonder or d == "schooljaar" for d in dims):
            return list(itertools.product(*(dim_values(d, main) for d in dims)))
        # observed combinations, in the order of each dimension's values
        orders = {d: {v: i for i, v in enumerate(dim_values(d, main))} for d in dims}
        combos = set()
        for (k, j), n in main.items():
            if n and j in t.jaren:
                full = dict(zip(nonyear, k), schooljaar=j)
                combos.add(tuple(full[d] for d in dims))
        return sorted((c for c in combos if all(v in orders[d] for v, d in zip(c, dims))),
                      key=lambda c: tuple(orders[d][v] for v, d in zip(c, dims)))

    row_keys = key_combos(s.rijen)
    col_keys = key_combos(s.kolommen)

    # -- denominators (same school year)
    def sums(frame, over: list[str]):
        """Sum of a count frame keeping the dims not in ``over``: {(kept key, year): n}."""
        keep = [i for i, d in enumerate(nonyear) if d not in over]
        out: dict = defaultdict(int)
        for (k, j), n in frame.items():
            out[(tuple(k[i] for i in keep), j)] += n
        return out, keep

    row_tot = sums(main, [d for d in s.kolommen if d != "schooljaar"])
    col_tot = sums(main, [d for d in s.rijen if d != "schooljaar"])
    all_tot = sums(main, nonyear)

    def cell(frame, assign: dict, year):
        key = tuple(assign[d] for d in nonyear)
        return frame.get((key, year), 0)

    def value(m, assign: dict, year) -> float:
        if year is None:
            return math.nan
        frame = areas["alle" if m.gebied == "alle" else None]
        n = cell(frame, assign, year)
        kind = m.maat
        if kind == "aantal":
            return n
        if kind in NOEMER_MEASURES:
            d = cell(noemer["alle" if m.gebied == "alle" else None], assign, year)
            if kind == "noemer":
                return d
            return _ratio(n, d) * (1000 if kind == "per_1000" else 1)
        if kind in ("aandeel_rij", "aandeel_kolom", "aandeel_totaal"):
            tot, keep = {"aandeel_rij": row_tot, "aandeel_kolom": col_tot, "aandeel_totaal": all_tot}[kind]
            key = tuple(assign[nonyear[i]] for i in keep)
            return _ratio(n, tot.get((key, year), 0))
        if kind in ("verschil", "verschil_pct"):
            prev = _previous(year)
            if prev not in ctx.alle_jaren:
                return math.nan
            p = cell(frame, assign, prev)
            return (n - p) if kind == "verschil" else _ratio(n - p, p)
        if kind == "catalogus":
            cat = catalogue()
            if "sector" in assign:
                return int((cat["sector"] == assign["sector"]).sum())
            key = name_key(str(assign["studierichting"]))
            return int((cat["naam"].map(name_key) == key).sum())
        raise AssertionError(kind)  # rang is computed below

    def rank_basis(assign, year) -> float:
        if s.rang_op == "aantal":
            return cell(main, assign, year) if year else math.nan
        d = cell(noemer[None], assign, year)
        n = cell(main, assign, year)
        return _ratio(n, d) * (1000 if s.rang_op == "per_1000" else 1)

    # -- columns
    data: dict[str, list] = {}
    info: dict[str, ColumnInfo] = {}
    formaten: dict[str, str] = {}
    for d in s.rijen:
        label = _dimension_label(d)
        i = s.rijen.index(d)
        data[label] = [r[i] for r in row_keys]
        info[label] = ColumnInfo(None, dimensie=d)
        formaten[label] = "tekst"
    sort_cols: dict[str, str] = {}
    owner: dict[str, int] = {}  # column -> index of its measure in s.maten
    totals: dict[str, tuple[list[str], tuple[str, ...]]] = {}  # total column -> (its parts, dimensions summed)
    for mi, m in enumerate(s.maten):
        fixed = t.measure_year(m) if m.schooljaar else None
        if m.schooljaar and fixed is None:
            continue  # its year ('vorige', 'laatste-2') is not in the data: no column rather than an empty one
        # a measure with its own school year is not spread over the school years of the columns
        kolommen = tuple(d for d in s.kolommen if not ((m.schooljaar or m.maat == "catalogus") and d == "schooljaar"))
        keys = key_combos(kolommen) if kolommen else [()]
        assigns = [dict(zip(kolommen, k)) for k in keys]
        if m.maat == "rang":
            matrix = [[rank_basis({**dict(zip(s.rijen, r)), **a},
                                  dict(zip(s.rijen, r)).get("schooljaar") or a.get("schooljaar")
                                  or (fixed if m.schooljaar else t.laatste)) for a in assigns] for r in row_keys]
            ranks = _ranks(matrix, s, row_keys, assigns)
        cols_of_m = []
        for ci, a in enumerate(assigns):
            waarde = " · ".join(str(v) for d, v in a.items() if d != "schooljaar")
            if m.schooljaar:
                jaar = fixed or ("vorig schooljaar" if m.schooljaar == "vorige" else
                                 f"{m.schooljaar[-1]} schooljaren vóór {t.laatste}")
            else:
                jaar = a.get("schooljaar")
            header = _header(t, m, waarde, jaar, year_column="schooljaar" in a)
            if header in data:
                raise _fout(s, "maten", f"twee kolommen heten '{header}'; geef de maat '{m.maat}' een eigen 'kop'.")
            if m.maat == "rang":
                values = [row[ci] for row in ranks]
            else:
                values = []
                for r in row_keys:
                    assign = {**dict(zip(s.rijen, r)), **a}
                    year = assign.get("schooljaar") or (fixed if m.schooljaar else t.laatste)
                    values.append(value(m, assign, year))
            data[header] = values
            formaten[header] = m.formaat or MEASURES[m.maat].formaat
            info[header] = ColumnInfo(m.maat, waarden=tuple((d, str(v)) for d, v in a.items() if d != "schooljaar"),
                                      schooljaar=fixed if m.schooljaar else a.get("schooljaar"), gebied=m.gebied)
            cols_of_m.append(header)
            owner[header] = mi
        # a total column: additive measures spread over non-year column dimensions (sum of the parts)
        spread = [d for d in kolommen if d != "schooljaar"]
        if spread and MEASURES[m.maat].optelbaar and (s.totaal is None or s.totaal):
            groups: dict = defaultdict(list)
            for a, col in zip(assigns, cols_of_m):
                groups[a.get("schooljaar")].append(col)
            naam = TOTAAL_GEBIED if spread == ["provincie"] else "Totaal"
            for jaar, cols in groups.items():
                header = _header(t, m, naam, jaar, year_column=jaar is not None)
                data[header] = [int(sum(data[c][i] for c in cols)) for i in range(len(row_keys))]
                totals[header] = (list(cols), tuple(spread))
                formaten[header] = formaten[cols[0]]
                info[header] = ColumnInfo(m.maat, totaal=True, schooljaar=jaar, gebied=m.gebied)
                cols_of_m.append(header)
                owner[header] = mi
        # the column that stands for this measure when sorting or cutting: the last year's (total) value
        pick = [c for c in cols_of_m if info[c].totaal] or cols_of_m
        last = [c for c in pick if info[c].schooljaar == t.laatste] or pick
        if last:  # no column at all when the population has no pupils with a value of the column dimension
            sort_cols.setdefault(m.maat, last[0])

    frame = pd.DataFrame(data)
    for col in frame.columns:  # integral measures stay integers when nothing is empty
        if formaten[col] in ("aantal", "verschil", "rang") and frame[col].dtype != "int64" and len(frame) \
                and frame[col].notna().all():  # (an int64 column is one already: no copy, no NA test)
            frame[col] = frame[col].astype("int64")
    if not len(frame):
        for col in frame.columns:
            if formaten[col] in ("aantal", "rang"):
                frame[col] = frame[col].astype("int64")

    frame, cut_note, rangorde = _order_and_cut(t, s, frame, sort_cols)
    from addin.core.questions import regio_naam

    notes = _notes(t, s, frame, main, cut_note)
    regel = _rule(t, s, cut_note) if cut_note else ""
    desc = any(d for _, d in s.sorteer) or (s.sorteer and s.sorteer[0][0] == "rang")
    selectie = "bottom" if s.onderste is not None else ("top" if s.top is not None or desc else "")
    col_dims = [d for d in s.kolommen if d != "schooljaar"]
    facts = _Facts(t, frame, info, rangorde, totals, areas, noemer, {"rij": row_tot, "kolom": col_tot, "alle": all_tot},
                   nonyear)
    return QuestionTable(
        sleutel=s.naam, vraag=vraag, titel=_title(t, s), toelichting=notes,
        frame=frame, formaten=formaten, grafiek=_chart(t, s, frame, info, owner), tabelnaam=f"Tabel_{s.naam.replace('-', '_')}",
        kolominfo=info, populatie={**t.filters, **({"provincie": (t.prov,)} if t.prov else {})},
        # what the sentence templates read (addin.core.answer_text)
        rijen=s.rijen[0], kolommen=col_dims[0] if col_dims else "",
        maten={c: ("label" if i.maat is None else i.maat) for c, i in info.items()},
        categorie={c: " · ".join(v for _, v in i.waarden) for c, i in info.items() if i.waarden and not i.totaal},
        onderwerp=s.onderwerp or ("leerlingen in een duale opleiding" if is_dual(t.filters) else "leerlingen"),
        noemer=s.noemer_naam or ("leerlingen secundair onderwijs" if s.noemer is not None else ""),
        gebied=_area(t),
        schooljaar="" if s.has_year_dim else t.laatste, selectie=selectie, regel=regel, rang_op=s.rang_op,
        rangorde=rangorde, tellingen=declare_cells(facts),
    )


#: Dimensions that, filtered on one value, are the area a table's sentences speak of ('in de gemeente Pelt').
_LOCAL = {"gemeente": "de gemeente {}", "school": "de school met instellingsnummer {}",
          "vestigingsplaats": "de vestigingsplaats {}"}


def _area(t: _Table) -> str:
    """The area the table's counts are about, as a sentence names it: the smallest place its filter names."""
    from addin.core.questions import regio_naam

    for dim, pattern in _LOCAL.items():
        values = t.filters.get(dim, ())
        if len(values) == 1:
            return pattern.format(values[0])
    return regio_naam(t.prov) if t.prov else TOTAAL_GEBIED


class _Facts:
    """What :mod:`addin.core.table_cells` needs to know of a built table to declare its counts."""

    def __init__(self, t: _Table, frame, info, rangorde, totals, areas, noemer, share_totals, nonyear):
        self.t, self.frame, self.info, self.rangorde, self.totals = t, frame, info, rangorde, totals
        self.nonyear, self.rang_op = nonyear, t.s.rang_op
        self._frames = {"regio": areas[None], "alle": areas.get("alle"), "noemer-regio": noemer.get(None),
                        "noemer-alle": noemer.get("alle")}
        nf, np_ = t._population(t.s.noemer or {}, "noemer") if noemer else ({}, None)
        basis = t.c.basis
        self._populations = {"regio": ((tuple(sorted(t.filters.items())), basis), t.prov),
                             "alle": ((tuple(sorted(t.filters.items())), basis), None),
                             "noemer-regio": ((tuple(sorted(nf.items())), basis), np_),
                             "noemer-alle": ((tuple(sorted(nf.items())), basis), None)}
        self._share_totals = share_totals
        self._labels = {d: _dimension_label(d) for d in t.s.rijen}
        self._columns = {d: frame[label].tolist() for d, label in self._labels.items()}
        self._unlabel: dict = {}

    def population(self, name: str) -> tuple:
        """(filters and basis, the province the population is limited to or None)."""
        return self._populations[name]

    def shown_as(self, dim: str) -> tuple:
        keys = self.t.keys.get(dim)
        if keys is None:  # not a dimension of this table: its values as the data has them
            return (None, None, ())
        return (tuple(keys.keep) if keys.keep is not None else None, keys.overige,
                tuple(sorted((str(k), v) for k, v in keys.labels.items())))

    def value_key(self, dim: str, shown) -> tuple[str, object]:
        """(value, universe) of a displayed value in a count's key: the data value behind a label, so the same
        count has the same key whatever table shows it; universe None for a value of the data, ('overige', the
        listed values) for the bucket of the other values, and the table's way of showing the dimension when a
        label is ambiguous (two values shown alike: their sum, a count of its own)."""
        keys = self.t.keys.get(dim)
        text = str(shown)
        if keys is None or (keys.keep is None and not keys.overige and not keys.labels):
            return text, None
        if keys.overige and text == keys.overige:
            if keys.keep is not None:
                return keys.overige, ("overige", tuple(sorted(map(str, keys.keep))))
            return ONBEKEND, None  # without a list of values the bucket holds only the unknown values
        canon = self._unlabel.get(dim)
        if canon is None:
            canon = self._unlabel[dim] = self._labelled(keys)
        if text in canon:
            value = canon[text]
            return (value, None) if value is not None else (text, self.shown_as(dim))
        return text, None

    def _labelled(self, keys) -> dict:
        """Label → the data value it shows (None: ambiguous, the label is also another value's name)."""
        out: dict = {}
        for value, label in keys.labels.items():
            out[label] = None if label in out else str(value)
        try:
            names = {str(v) for v in self.t.q.values(keys.dim)} if out else set()
        except LoepFout:  # a dimension without a list of values: a label could be any value's name
            return {label: None for label in out}
        for label, value in list(out.items()):
            if value is not None and label != value and label in names:
                out[label] = None
        return out

    def row_assign(self, i: int) -> dict:
        return {d: col[i] for d, col in self._columns.items()}

    def assign_of_labels(self, labels: tuple) -> dict:
        return dict(zip(self.t.s.rijen, labels))

    def cell_of(self, assign: dict, info: ColumnInfo):
        """(the values of every non-year dimension, school year, 'regio'/'alle') of a cell."""
        full = {d: v for d, v in assign.items() if d != "schooljaar"}
        full.update(dict(info.waarden))
        year = assign.get("schooljaar") or info.schooljaar or self.t.laatste
        return full, year, "alle" if info.gebied == "alle" else "regio"

    def position_of(self, assign: dict, info: ColumnInfo) -> tuple:
        return (info.maat, info.waarden, info.totaal, info.gebied,
                tuple(sorted((d, str(v)) for d, v in assign.items() if d != "schooljaar")))

    def count(self, population: str, full: dict, year: str) -> int:
        frame = self._frames[population]
        return int(frame.get((tuple(full.get(d) for d in self.nonyear), year), 0)) if frame is not None else 0

    def share_total(self, kind: str, full: dict, year: str) -> tuple[tuple[str, ...], int]:
        tot, keep = self._share_totals[kind]
        over = tuple(d for i, d in enumerate(self.nonyear) if i not in keep)
        return over, int(tot.get((tuple(full.get(self.nonyear[i]) for i in keep), year), 0))

    def previous(self, year: str) -> str | None:
        p = _previous(year)
        return p if p in self.t.c.alle_jaren else None


def _header(t: _Table, m, waarde: str, jaar: str | None, year_column: bool) -> str:
    """Column header: the measure's ``kop`` ({waarde}, {schooljaar}), else a default with its unit."""
    if m.kop:
        return t.fill(m.kop, waarde=waarde, schooljaar=jaar or "")
    if waarde or year_column:
        parts = " · ".join(p for p in ((jaar if year_column else ""), waarde) if p)
        return f"{parts} {_SUFFIX[m.maat]}"
    text = _SINGLE[m.maat]
    if m.maat == "noemer" and t.s.noemer_naam:
        text = f"{t.s.noemer_naam[:1].upper()}{t.s.noemer_naam[1:]} (aantal)"
    head, sep, unit = text.partition(" (")
    if m.schooljaar and jaar:
        head = f"{head} {jaar}"
    if m.gebied == "alle":
        head = f"{head} in {TOTAAL_GEBIED}"
    return head + sep + unit


def _ranks(matrix: list[list[float]], s: TableSpec, row_keys, assigns) -> list[list[float]]:
    """Ranks (1 = most, ties share the best rank) of a rows × column-keys matrix of the ranked values.

    Cells compete within the same school year: when the rows are only school years, a row's cells
    (the column values) are ranked against each other; otherwise each column's rows are ranked,
    per school year when schooljaar is a row dimension.
    """
    m = pd.DataFrame(matrix, dtype="float64")
    if m.empty:
        return matrix
    if set(s.rijen) <= {"schooljaar"} and any(a for a in assigns):
        return m.rank(axis=1, method="min", ascending=False).values.tolist()
    if "schooljaar" in s.rijen:
        years = [dict(zip(s.rijen, r))["schooljaar"] for r in row_keys]
        return m.groupby(years).rank(method="min", ascending=False).values.tolist()
    return m.rank(axis=0, method="min", ascending=False).values.tolist()


def _order_and_cut(t, s, frame: pd.DataFrame, sort_cols: dict[str, str]):
    """Sort by ``sorteer`` (then the default row order) and apply top / onderste.

    Returns:
        (frame, rule, rangorde): the rule of the cut (None: no cut) and what the order tells a reader
        (:class:`~addin.core.tables.Rangorde`; None when the rows are in label order).
    """
    sorteer = list(s.sorteer)
    if not sorteer and s.top is not None:
        sorteer = [("aantal", True)] if "aantal" in sort_cols else []
    if not sorteer and s.onderste is not None:
        sorteer = [("aantal", False)] if "aantal" in sort_cols else []
    if not sorteer or frame.empty:
        return frame.reset_index(drop=True), None, None
    frame = frame.copy()
    frame["_order"] = range(len(frame))
    by, asc = [], []
    for i, (name, desc) in enumerate(sorteer):
        col = sort_cols.get(name) or _dimension_label(name)
        if name in s.dims:
            frame[f"_s{i}"] = frame[col].map(fold)
            by.append(f"_s{i}")
        else:
            by.append(col)
        asc.append(not desc)
    frame = frame.sort_values(by + ["_order"], ascending=asc + [True], kind="stable", na_position="last")
    order = _told_by_order(frame, sorteer, by, asc, s.dims)
    key_col, key_desc = by[0], not asc[0]
    rule = None
    n_rows = len(frame)
    kept = np.ones(n_rows, dtype=bool)
    if s.top is not None or s.onderste is not None:
        if s.onderste == "helft":
            n = max(1, n_rows // 2)
        else:
            n = s.top if s.top is not None else s.onderste
        bottom = s.onderste is not None
        values = frame[key_col].to_numpy()
        walk = np.arange(n_rows)[::-1] if bottom and key_desc else np.arange(n_rows)  # the order rows are taken in
        if n < n_rows:
            keep = np.zeros(n_rows, dtype=bool)
            keep[walk[:n]] = True
            if s.gelijken:
                cut = values[walk[n - 1]]
                ascending_now = (not key_desc) or bottom
                keep |= (values <= cut) if ascending_now else (values >= cut)
            kept = keep
        rule = (n, n_rows, bottom, sorteer[0][0])
    rangorde = None
    if order is not None:
        column, pairs, descending = order
        positions = np.cumsum(kept) - 1  # row of the sorted frame -> row of the kept frame
        paren, weg = [], []
        dims = [c for c in frame.columns if c in {_dimension_label(d) for d in s.rijen}]
        for i, j, gap in pairs:
            if kept[i] and kept[j]:
                paren.append((int(positions[i]), int(positions[j]), gap))
        # a row left out lies beyond the kept row next to it in the order: one pair per row left out
        kept_rows = np.flatnonzero(kept)
        for r in np.flatnonzero(~kept):
            if not len(kept_rows):
                break
            nearest = kept_rows[np.argmin(np.abs(kept_rows - r))]
            labels = tuple(frame[c].iloc[r] for c in dims)
            if s.gelijken:  # ties at the cut are kept: a row left out is beyond the cut value, strictly
                gap = 1
            elif abs(nearest - r) == 1:
                gap = next((g for a, b, g in pairs if {a, b} == {nearest, r}), 0)
            else:  # not next to each other: the order holds, the tie rule says nothing between them
                gap = 0
            weg.append((int(positions[nearest]), labels, gap, bool((nearest < r) == descending)))
        from addin.core.tables import Rangorde

        rangorde = Rangorde(column, tuple(paren), tuple(weg))
    frame = frame[kept]
    frame = frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")])
    return frame.reset_index(drop=True), rule, rangorde


def _told_by_order(frame: pd.DataFrame, sorteer, by: list[str], asc: list[bool], dims) -> tuple | None:
    """What the sorted rows say about the first measure they are sorted on: (column, [(i, j, gap)], descending).

    Rows next to each other that agree on every dimension sorted on before that measure: the upper one has
    a value at least as large (descending) or as small (ascending); larger by at least 1 (gap 1) when the
    keys after it would have put the lower row first, which a reader sees in the labels. None: the first
    measure comes after nothing that orders, or no measure is sorted on (the order is the labels').
    """
    first = next((i for i, (name, _) in enumerate(sorteer) if name not in dims), None)
    if first is None:
        return None
    column, descending = by[first], not asc[first]
    values = frame[column].to_numpy()
    groups = [frame[c].to_numpy() for c in by[:first]]
    rest = [(frame[c].to_numpy(), a) for c, a in zip(by[first + 1:] + ["_order"], asc[first + 1:] + [True])]
    pairs = []
    for i in range(len(frame) - 1):
        j = i + 1
        if any(g[i] != g[j] for g in groups) or _missing(values[i]) or _missing(values[j]):
            continue
        gap = 0
        for col, a in rest:  # the tie rule: would the lower row have come first on equal values?
            x, y = col[i], col[j]
            if _missing(x) or _missing(y) or x == y:
                continue
            gap = int((x > y) if a else (x < y))
            break
        hi, lo = (i, j) if descending else (j, i)
        pairs.append((hi, lo, gap))
    return column, pairs, descending


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _title(t: _Table, s: TableSpec) -> str:
    titel = t.fill(s.titel)
    if not s.has_year_dim and t.laatste not in titel:  # the last-year rule, said in the title
        titel += f", {t.laatste}"
    named = any(p in s.titel for p in ("{provincie}", "{regio}")) or t.c.prov in titel
    if t.prov is not None and not named:
        from addin.core.questions import regio_naam

        titel += f" ({regio_naam(t.prov)})"
    return titel


def _population_text(t: _Table) -> str:
    parts = []
    for d, vals in t.filters.items():
        shown = ", ".join(("ja" if v else "nee") if isinstance(v, bool) else str(v) for v in vals)
        parts.append(f"{_dimension_label(d).lower()} = {shown}")
    return "; ".join(parts)


def _notes(t: _Table, s: TableSpec, frame: pd.DataFrame, main: dict, cut) -> tuple[str, ...]:
    from addin.core.questions import EMPTY_CELL_NOTE, basis_zin, regio_naam

    c = t.c
    lines = c.source_notes(dual=is_dual(t.filters))
    pop = _population_text(t)
    regio = regio_naam(t.prov) if t.prov else TOTAAL_GEBIED
    lines.append(f"Populatie: {pop + '; ' if pop else 'alle leerlingen secundair onderwijs; '}regio: {regio}.")
    if not s.has_year_dim and not s.schooljaren:
        lines.append(f"Schooljaar {t.laatste}: het laatste schooljaar van de periode {c.p.van} tot {c.p.tot}.")
    noemer = _noemer_text(t, s)
    seen = set()
    for m in s.maten:
        if m.maat in seen:
            continue
        seen.add(m.maat)
        rang_op = {"aantal": "leerlingen", "per_1000": "leerlingen per 1.000 van de noemer",
                   "aandeel_noemer": "leerlingen als aandeel van de noemer"}[s.rang_op]
        lines.append(MEASURES[m.maat].uitleg.format(noemer=noemer, rang_op=rang_op))
    for d in s.dims:
        if d == "schooljaar":
            continue
        k = t.keys[d]
        label = _dimension_label(d).lower()
        if k.keep is not None and k.overige:
            lines.append(f"'{k.overige}': alle andere waarden van {label} (alleen getoond als er leerlingen zijn).")
        elif k.keep is not None:
            lines.append(f"Alleen {label}: {', '.join(str(v) for v in k.keep)}.")
        if d == "provincie":
            if any(TOTAAL_GEBIED in str(col) for col in frame.columns):
                lines.append(f"'{TOTAAL_GEBIED}' is de som van de vijf provincies en het Brussels Hoofdstedelijk "
                             "Gewest (Nederlandstalig onderwijs).")
            outside = _outside(t)
            if outside:
                noun = "duale leerlingen" if is_dual(t.filters) else "leerlingen"
                lines.append(f"{outside} {noun} zonder provincie in Vlaanderen of Brussel ({basis_zin(c.basis)}: "
                             "buiten Vlaanderen en Brussel of onbekend) tellen niet mee in de regio's.")
        if d in s.ook_zonder:
            what = []
            for w in s.ook_zonder[d]:
                what.append({"alle": f"elke waarde van {label} (met leerlingen ergens in {TOTAAL_GEBIED})"
                             if not _is_fixed(d) else f"elke waarde van {label}",
                             "catalogus": f"elke {label} van de catalogus 2026"}.get(w, str(w)))
            lines.append(f"Ook zonder leerlingen getoond (met 0): {'; '.join(what)}.")
        for unknown in {ONBEKEND, UNKNOWN} - {k.overige}:
            if unknown in set(frame.get(_dimension_label(d), [])) or \
                    any(str(col).startswith(unknown + " ") for col in frame.columns if d in s.kolommen):
                lines.append(f"'{unknown}': leerlingen zonder gekende {label}.")
    if cut is not None:
        lines.append("Regel: " + _rule(t, s, cut))
    lines.extend(t.fill(n) for n in s.noten)
    if frame.isna().to_numpy().any():
        reasons = []
        if any(m.maat in ("verschil", "verschil_pct") for m in s.maten):
            reasons.append("geen vorig schooljaar in de gegevens, of 0 leerlingen in het vorige schooljaar voor het "
                           "verschil in %")
        if any(m.maat not in ("aantal", "verschil", "verschil_pct") for m in s.maten):
            reasons.append("geen leerlingen om door te delen")
        lines.append(f"{EMPTY_CELL_NOTE} ({'; '.join(reasons) or 'geen waarde'}).")
    return tuple(lines)


def _rule(t: _Table, s: TableSpec, cut) -> str:
    """The selection rule of a cut table, as a sentence (notes and draft answer)."""
    n, total, bottom, key = cut
    naar = {"aantal": "het aantal leerlingen", "rang": "de rang"}.get(key, f"de maat '{_WORDS.get(key, key)}'")
    rows = _PLURAL.get(s.rijen[0], "rijen") if len(s.rijen) == 1 else "rijen"
    ties = "; bij gelijke waarden op de grens staan alle gelijke erbij" if s.gelijken else ""
    if bottom:
        deel = "de onderste helft" if s.onderste == "helft" else f"de onderste {n}"
        return (f"De {rows} in de tabel zijn {deel} van de rangschikking naar {naar} in {t.laatste}: {n} van de "
                f"{total}, van klein naar groot{ties}.")
    return (f"De {rows} in de tabel zijn de {n} bovenaan de rangschikking naar {naar} in {t.laatste} (van de "
            f"{total}){ties}.")


def _noemer_text(t: _Table, s: TableSpec) -> str:
    if s.noemer is None:
        return ""
    if s.noemer_naam:
        return s.noemer_naam[:1].lower() + s.noemer_naam[1:]
    nf, _ = t._population(s.noemer, "noemer")
    parts = [f"{_dimension_label(d).lower()} {', '.join(map(str, v))}" for d, v in nf.items()]
    return "alle leerlingen secundair onderwijs" + (f" met {'; '.join(parts)}" if parts else "") + " van dezelfde regio"


def _outside(t: _Table) -> int:
    """Pupils of the population with no province in Flanders or Brussels (under the basis), table years."""
    q = t.q
    dims = []
    frame = cached_counts(t.c, q, dims + ["provincie"], t.filters, None, t.jaren)
    return int(frame.loc[~frame["provincie"].isin(PROVINCIES), "aantal"].sum())


def _chart(t: _Table, s: TableSpec, frame: pd.DataFrame, info: dict[str, ColumnInfo],
           owner: dict[str, int]) -> ChartSpec | None:
    """The chart of a table: its first row dimension as categories, the declared measures as series
    (their last-year column when the school years are columns and the rows are not)."""
    g = s.grafiek
    if g.soort is None or frame.empty:
        return None
    cols: list[str] = []
    for index in g.maten:
        m = s.maten[index]
        mine = [c for c, i in info.items() if owner.get(c) == index and not i.totaal]
        if m.schooljaar is None and "schooljaar" in s.kolommen and "schooljaar" not in s.rijen:
            mine = [c for c in mine if info[c].schooljaar == t.laatste] or mine
        cols.extend(c for c in mine if c not in cols)
    m = s.maten[g.maten[0]]
    categorie = next(c for c, i in info.items() if i.dimensie == s.rijen[0])
    unit = MEASURES[m.maat].eenheid
    y = t.fill(g.y_titel) if g.y_titel else {"(aantal)": "Leerlingen (aantal)", "(%)": "Aandeel (%)",
                                             "(‰)": "Per 1.000 leerlingen (‰)"}.get(unit, _SINGLE[m.maat])
    titel = t.fill(g.titel) if g.titel else _title(t, s).split(". ", 1)[-1]
    rijen = None
    if g.zonder_nul and cols:
        zero = np.flatnonzero(frame[cols[0]].fillna(0).to_numpy() == 0)
        rijen = int(zero[0]) if len(zero) else None
    kind = {"column": "Staafdiagram", "bar": "Liggend staafdiagram", "line": "Lijndiagram"}[g.soort]
    alt = f"{kind}{' (gestapeld)' if g.gestapeld else ''} van {_WORDS[m.maat]} per {categorie.lower()}: {titel}."
    return ChartSpec(g.soort, categorie, tuple(cols), titel=titel, x_titel=categorie, y_titel=y, alt_tekst=alt,
                     gestapeld=g.gestapeld, rijen=rijen)
