"""Counts and pivots over the canonical table, on any dimension of the registry.

:class:`Query` keeps, per dimension column, the integer codes of the stored rows (the categorical
codes of the store, no copy) and the rows' counts. A filter is a set of codes per dimension; a
count is the sum of the counts where every filter holds; a pivot groups the matching rows on a
combined integer key (``np.bincount``). The store keeps the rows ordered by school year, so a
school-year filter is a slice, not a mask.

Every argument is accepted as a user types it ('2024-25', 2024, 'antwerpen', 'BSO', 2, 'ja', 'V',
'Type 9' or 9, '' or None for "no filter"; several values as a list or as 'bso;tso') and normalised
with the vocabularies of the registry (:mod:`addin.core.dimensions`). Unknown dimensions and values
raise :class:`LoepFout` naming the argument and the nearest valid name or value. Results are
memoised per normalised filter set (and per raw argument tuple, so a repeated cell formula costs
one dict lookup); a new data version yields a new Query.

No lookup loses rows: a typed programme name counts exactly the rows with that name; a spelling
found only in other years ('… duaal' / '… DL') counts the rows of every spelling of that programme;
an empty value of a dimension is the value 'Onbekend' (or 'n.v.t.'), counted like any other.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from addin.core.catalogue import catalogue, name_key, old_programmes
from addin.core.dataset import Dataset
from addin.core.dimensions import BASIS_NAMES, BY_NAAM, DIMENSIONS, Dimension, find
from addin.core.errors import LoepFout
from addin.core.labels import (
    BASIS,
    PROVINCIE,
    PROVINCIES,
    TOTAAL_SPELLINGEN,
    fold,
    is_empty,
    normalise_duaal,
    normalise_schooljaar,
    provincie_filter,
    suggest,
    unknown_value,
)
from addin.core.schema import BASES, DEFAULT_BASIS, province_column

#: The keyword filters of :meth:`Query.count`, in order (the seven of the first version, and basis).
FILTERS: tuple[str, ...] = (
    "schooljaar", "provincie", "basis", "onderwijsvorm", "graad", "sector", "studierichting", "duaal",
)
#: Every dimension name (LOEP.WAARDEN, ``loep dimensies``), plus 'basis'.
DIMENSIES: tuple[str, ...] = tuple(d.naam for d in DIMENSIONS) + ("basis",)
#: Dimensions :meth:`Query.table` can group by (every dimension).
GROUP_COLUMNS: tuple[str, ...] = tuple(d.naam for d in DIMENSIONS)

#: Key in ``Dataset._cache`` under which ``store.load`` puts the bases per school year of the files.
BASES_PER_YEAR_KEY = "bases_per_schooljaar"
#: Label of a province outside Flanders and Brussels (or unknown) under an optional basis.
BUITEN = "Buiten Vlaanderen en Brussel of onbekend"
#: Spellings of "the whole area" or "every value" that mean: no filter on that dimension.
_ALL = set(TOTAAL_SPELLINGEN) | {fold("alle"), fold("alles"), fold("(alle)"), fold("*")}
_SPLIT = re.compile(r"\s*;\s*")
#: Filters are cached up to this many distinct argument sets (then the cache starts afresh).
_MEMO_MAX = 200_000
#: Direct bincount when the key space is at most this large, else np.unique.
_DENSE_MAX = 4_000_000


def _text_or_none(value: object) -> object:
    """Excel hands numbers as floats: 2.0 -> 2; empty -> None."""
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _display(value: object, limit: int = 60) -> str:
    """A typed value as shown in a message (a very long one is cut)."""
    text = str(_text_or_none(value))
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Pivot:
    """Counts of the rows × columns of a pivot (combinations with pupils), with totals.

    Attributes:
        rijen: the row dimensions (names); kolommen: the column dimensions (may be empty).
        rij_waarden: the row keys in display order (tuples of labels, one per row dimension).
        kol_waarden: the column keys in display order (one empty tuple when there are no column dimensions).
        matrix: counts, shape (rows, columns), int64; zero where a combination has no pupils.
        filters: the normalised filters applied ({dimension: values}), the school years and the basis.
    """

    rijen: tuple[str, ...]
    kolommen: tuple[str, ...]
    rij_waarden: tuple[tuple, ...]
    kol_waarden: tuple[tuple, ...]
    matrix: np.ndarray
    filters: Mapping[str, tuple] = field(default_factory=dict)
    schooljaren: tuple[str, ...] = ()
    basis: str = DEFAULT_BASIS

    @property
    def totaal(self) -> int:
        return int(self.matrix.sum())

    @property
    def rij_totalen(self) -> np.ndarray:
        return self.matrix.sum(axis=1)

    @property
    def kol_totalen(self) -> np.ndarray:
        return self.matrix.sum(axis=0)

    @cached_property
    def cellen(self) -> pd.DataFrame:
        """Long form: one column per row and column dimension, and 'aantal' (non-zero cells only)."""
        r, c = np.nonzero(self.matrix)
        data = {}
        for i, d in enumerate(self.rijen):
            data[d] = [self.rij_waarden[k][i] for k in r]
        for i, d in enumerate(self.kolommen):
            data[d] = [self.kol_waarden[k][i] for k in c]
        data["aantal"] = self.matrix[r, c].astype(np.int64)
        return pd.DataFrame(data)

    def column_labels(self) -> list[str]:
        """One header per column key: the labels joined with ' · ' ('Aantal' without column dimensions)."""
        if not self.kolommen:
            return ["Aantal"]
        return [" · ".join(str(v) for v in key) for key in self.kol_waarden]

    def wide(self, totalen: bool = True) -> pd.DataFrame:
        """The pivot as a table: the row dimensions, one column per column key, a 'Totaal' column and row.

        The totals are the sums of their parts (the last row sums every column, the last column every row).
        """
        labels = self.column_labels()
        data: dict[str, list] = {BY_NAAM[d].label: [k[i] for k in self.rij_waarden] for i, d in enumerate(self.rijen)}
        for j, lab in enumerate(labels):
            data[lab] = self.matrix[:, j].tolist()
        frame = pd.DataFrame(data)
        if not totalen:
            return frame
        if self.kolommen:
            frame["Totaal"] = self.rij_totalen.tolist()
        total_row: dict[str, object] = {BY_NAAM[d].label: "" for d in self.rijen}
        if self.rijen:
            total_row[BY_NAAM[self.rijen[0]].label] = "Totaal"
        for j, lab in enumerate(labels):
            total_row[lab] = int(self.kol_totalen[j])
        if self.kolommen:
            total_row["Totaal"] = self.totaal
        return pd.concat([frame, pd.DataFrame([total_row])], ignore_index=True)


class _Values:
    """The valid values of one dimension in the loaded data, matched as a user types them."""

    def __init__(self, dim: Dimension, labels: Sequence[str], extra: Iterable[str] = ()):
        self.dim = dim
        vocab = dim.vocabulaire
        present = [str(v) for v in labels]
        if dim.soort == "vast" and vocab is not None:
            odd = sorted((v for v in present if v not in vocab.waarden), key=fold)
            self.waarden: tuple[str, ...] = tuple(vocab.waarden) + tuple(odd)
        else:
            known = set(present)
            more = sorted({str(v) for v in extra if str(v) and str(v) not in known}, key=fold)
            self.waarden = tuple(sorted(known, key=fold)) + tuple(more)
        self.in_data = frozenset(present)
        self._exact: dict[str, str] = {}
        for v in self.waarden:
            self._exact.setdefault(dim.sleutel(v), v)
        #: programme names: name key ('… DL' = '… duaal') -> every spelling in the data, and one valid spelling
        self._variants: dict[str, list[str]] = {}
        self._spelling: dict[str, str] = {}
        if dim.naam == "studierichting":
            for v in present:
                self._variants.setdefault(name_key(v), []).append(v)
            for v in self.waarden:
                self._spelling.setdefault(name_key(v), v)

    def normalise(self, value: object, argument: str) -> tuple[str, ...]:
        """The stored values a typed value stands for (one, or every spelling of a programme)."""
        vocab = self.dim.vocabulaire
        if vocab is not None:
            found = vocab.lookup(value)
            if found is not None:
                return (found,)
        found = self._exact.get(self.dim.sleutel(value))
        if found is not None:
            return (found,)
        if self._spelling:
            key = name_key(str(value))
            if key in self._variants:
                return tuple(self._variants[key])
            if key in self._spelling:  # a valid programme (catalogue) without pupils in the data
                return (self._spelling[key],)
        raise unknown_value(self.dim.naam, _display(value), self.waarden, argument)


class Query:
    """Counts and pivots over one :class:`Dataset`.

    Args:
        dataset: the loaded dataset (``addin.core.store.load()``).
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.info = dataset.info
        frame = dataset.frame
        self.schooljaren: tuple[str, ...] = tuple(sorted(str(v) for v in frame["schooljaar"].dropna().unique()))
        #: basis -> school years whose source files carry that basis (some row has a province under it, or
        #: the store's per-year metadata says the files have the column)
        self.basis_jaren: dict[str, tuple[str, ...]] = {}
        declared: dict[str, tuple[str, ...]] = dataset._cache.get(BASES_PER_YEAR_KEY) or {}
        for b, (_, col) in BASES.items():
            from_files = {j for j, bs in declared.items() if b in bs and j in self.schooljaren}
            if col not in frame.columns or (not from_files and not frame[col].notna().any()):
                continue
            present = frame[col].notna().groupby(frame["schooljaar"], observed=True).any()
            jaren = tuple(sorted({str(j) for j, ok in present.items() if ok} | from_files))
            if jaren == self.schooljaren and b not in dataset.info.bases:
                continue  # the store does not declare it: not offered
            if jaren:
                self.basis_jaren[b] = jaren
        #: the bases available in every school year (and declared by the store)
        self.bases: tuple[str, ...] = tuple(
            b for b in BASES if b in dataset.info.bases and self.basis_jaren.get(b) == self.schooljaren
        )
        self._jaren = frozenset(self.schooljaren)
        self._frame = frame
        self._weights = frame["aantal"].to_numpy().astype(np.int64)
        self._codes: dict[str, np.ndarray] = {}
        self._labels: dict[str, np.ndarray] = {}
        self._rank: dict[str, np.ndarray] = {}
        self._index: dict[str, dict[str, int]] = {}
        self._values: dict[str, _Values] = {}
        self._year_slices = self._slices(frame)
        self._memo: dict[tuple, int] = {}
        self._raw: dict[tuple, int] = {}
        self._pivots: dict[tuple, Pivot] = {}
        self._lock = threading.Lock()

    # --- columns ------------------------------------------------------------------------

    def _slices(self, frame: pd.DataFrame) -> dict[str, slice] | None:
        """Row range of each school year, when the rows are ordered by school year (as the store keeps them)."""
        if not len(frame):
            return {}
        codes = frame["schooljaar"].cat.codes.to_numpy()
        if (np.diff(codes.astype(np.int64)) < 0).any() or (codes < 0).any():
            return None
        cats = [str(c) for c in frame["schooljaar"].cat.categories]
        bounds = np.searchsorted(codes, np.arange(len(cats) + 1), side="left")
        return {cats[i]: slice(int(bounds[i]), int(bounds[i + 1])) for i in range(len(cats))}

    def _column(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        """(codes per row with NA as the last code, labels) of a stored column (built once)."""
        codes = self._codes.get(col)
        if codes is None:
            series = self._frame[col]
            if col == "duaal":
                codes = series.fillna(False).to_numpy(dtype=bool).astype(np.int8)
                labels = np.array(["nee", "ja"], dtype=object)
            else:
                cats = [str(c) for c in series.cat.categories]
                raw = series.cat.codes.to_numpy()
                na = BUITEN if col.startswith("provincie_") else "Onbekend"
                labels = np.array(cats + [na], dtype=object)
                # a column that holds the label itself (sector 'Onbekend'): its missing values join that value,
                # and the label selects it (not the last code, which filters never select)
                na_code = cats.index(na) if na in cats else len(cats)
                codes = np.where(raw < 0, na_code, raw).astype(raw.dtype if len(cats) < 127 else np.int32)
            with self._lock:
                self._labels[col] = labels
                self._codes[col] = codes
        return codes, self._labels[col]

    def _ranks(self, dim: Dimension, col: str) -> np.ndarray:
        """Display rank of each code of a column (vocabulary order, years ascending, else alphabetical)."""
        rank = self._rank.get(col)
        if rank is None:
            _, labels = self._column(col)
            if dim.soort == "janee":
                rank = np.array([1, 0])  # ja before nee
            else:
                order = self.values_of(dim)
                pos = {v: i for i, v in enumerate(order)}
                keys = [(pos.get(str(v), len(pos)), fold(str(v))) for v in labels[:-1]]
                sorted_idx = sorted(range(len(keys)), key=lambda i: keys[i])
                rank = np.empty(len(labels), dtype=np.int64)
                rank[sorted_idx] = np.arange(len(sorted_idx))
                rank[-1] = len(labels)  # the missing value last
            self._rank[col] = rank
        return rank

    def _code_index(self, col: str) -> dict[str, int]:
        index = self._index.get(col)
        if index is None:
            _, labels = self._column(col)
            index: dict[str, int] = {}
            for i, v in enumerate(labels.tolist()):
                index.setdefault(str(v), i)  # a stored value before the last code's label for missing values
            self._index[col] = index
        return index

    def kolom(self, dim: Dimension, basis: str = DEFAULT_BASIS) -> str:
        """Stored column of a dimension (the province column of ``basis`` for 'provincie')."""
        return province_column(basis) if dim.soort == "provincie" else dim.kolom  # type: ignore[return-value]

    # --- values -------------------------------------------------------------------------

    def _vocab(self, dim: Dimension) -> _Values:
        found = self._values.get(dim.naam)
        if found is None:
            col = self.kolom(dim)
            present = self._frame[col].cat.categories if col in self._frame.columns and dim.soort != "janee" else []
            present = [str(v) for v in present]
            extra: list[str] = []
            if dim.naam == "sector":
                extra = list(catalogue()["sector"]) + list(old_programmes()["sector"])
            elif dim.naam == "studierichting":
                extra = list(catalogue()["naam"]) + list(old_programmes()["naam"])
            found = _Values(dim, present, extra)
            self._values[dim.naam] = found
        return found

    def values_of(self, dim: Dimension) -> list[str]:
        """The valid values of a dimension in display order."""
        if dim.soort == "schooljaar":
            return list(self.schooljaren)
        if dim.soort == "provincie":
            return list(PROVINCIES)
        if dim.soort == "janee":
            return ["ja", "nee"]
        return list(self._vocab(dim).waarden)

    def values(self, dimensie: object) -> list[str]:
        """Valid values of a dimension, for data-validation lists (``LOEP.WAARDEN``).

        Args:
            dimensie: any dimension name or alias (``loep dimensies``), or 'basis'.

        Returns:
            The canonical values in display order (basis: only those the data has).
        """
        name = _text_or_none(dimensie)
        if isinstance(name, str) and fold(name) in BASIS_NAMES:
            return list(self.bases) + [b for b in self.basis_jaren if b not in self.bases]
        return self.values_of(find(name if name is not None else "", "dimensie"))

    # --- arguments ----------------------------------------------------------------------

    def require_basis(self, basis: str, schooljaren: Iterable[str] | None = None) -> None:
        """Raise LoepFout unless the data has a province under ``basis`` (in each of ``schooljaren``).

        Args:
            basis: canonical basis name.
            schooljaren: the school years asked for; None = all years (a count without a year filter).
        """
        if basis in self.bases:
            return
        raw_col = BASES[basis][0]
        jaren = self.basis_jaren.get(basis, ())
        if jaren and schooljaren is not None:
            missing = [j for j in schooljaren if j not in jaren]
            if not missing:
                return
            raise LoepFout(
                f"De basis '{basis}' is niet beschikbaar voor schooljaar {', '.join(missing)}: alleen de "
                f"bronbestanden van {', '.join(jaren)} hebben een kolom '{raw_col}'. Kies een van die schooljaren "
                f"of een andere basis.",
                suggestie=jaren[-1],
            )
        beschikbaar = ", ".join(f"'{b}'" for b in self.bases) or "geen"
        if jaren:
            raise LoepFout(
                f"De basis '{basis}' is niet voor alle schooljaren beschikbaar: alleen de bronbestanden van "
                f"{', '.join(jaren)} hebben een kolom '{raw_col}'. Geef een van die schooljaren op, of kies een "
                f"basis die alle schooljaren hebben: {beschikbaar}.",
                suggestie=self.bases[0] if self.bases else None,
            )
        raise LoepFout(
            f"De basis '{basis}' is niet beschikbaar in deze gegevens: de bronbestanden hebben geen kolom "
            f"'{raw_col}'. Beschikbare bases: {beschikbaar}. Importeer bestanden met die kolom of kies een "
            f"beschikbare basis.",
            suggestie=self.bases[0] if self.bases else None,
        )

    def _schooljaar(self, value: object, argument: str = "schooljaar") -> str | None:
        value = _text_or_none(value)
        if value is None:
            return None
        jaar = normalise_schooljaar(value, argument)
        if jaar not in self._jaren:
            bereik = f"{self.schooljaren[0]} tot {self.schooljaren[-1]}" if self.schooljaren else "geen"
            start = int(jaar[:4])
            hint = min(self.schooljaren, key=lambda j: abs(int(j[:4]) - start)) if self.schooljaren else None
            raise LoepFout(
                f"Schooljaar '{jaar}' (argument '{argument}') zit niet in de gegevens; beschikbare schooljaren: "
                f"{bereik}." + (f" Bedoelde u '{hint}'?" if hint else ""),
                suggestie=hint,
            )
        return jaar

    def _basis(self, value: object) -> str:
        value = _text_or_none(value)
        return DEFAULT_BASIS if value is None else BASIS.normalise(value, "basis")

    def _one_value(self, dim: Dimension, value: object, argument: str) -> tuple[str, ...] | None:
        """Canonical values of one typed value (None: no filter)."""
        value = _text_or_none(value)
        if value is None:
            return None
        if isinstance(value, str) and fold(value) in _ALL:
            return None
        if dim.soort == "schooljaar":
            return (self._schooljaar(value, argument),)  # type: ignore[return-value]
        if dim.soort == "provincie":
            found = provincie_filter(value, argument)
            return None if found is None else (found,)
        if dim.soort == "janee":
            flag = normalise_duaal(value, argument)
            return None if flag is None else ("ja" if flag else "nee",)
        try:
            return self._vocab(dim).normalise(value, argument)
        except LoepFout as exc:
            raise self._elsewhere(dim, value, exc) from None

    def _elsewhere(self, dim: Dimension, value: object, exc: LoepFout) -> LoepFout:
        """``exc``, or when ``value`` is a valid value of other dimensions ('OKAN' typed as studierichting is a
        graad), an error that says which, instead of the nearest names of the wrong dimension."""
        others: list[tuple[str, str]] = []
        for d in DIMENSIONS:
            if d is dim or d.soort in ("schooljaar", "janee"):
                continue
            if d.soort == "provincie":
                found = PROVINCIE.lookup(value)
            else:
                values = self._vocab(d)
                found = (d.vocabulaire.lookup(value) if d.vocabulaire is not None else None) \
                    or values._exact.get(d.sleutel(value))
                if found is not None and found not in values.in_data and d.soort == "data":
                    found = None
            if found is not None:
                others.append((d.naam, found))
        if not others:
            return exc
        return unknown_value(dim.naam, value, (), elders=others)

    def _split(self, value: object) -> list[object]:
        if isinstance(value, (list, tuple)):
            out: list[object] = []
            for v in value:
                out.extend(self._split(v))
            return out
        if isinstance(value, str) and ";" in value:
            return [v for v in _SPLIT.split(value.strip()) if v != ""]
        return [value]

    def _add(self, out: dict[str, set], name: object, value: object, argument: str | None = None) -> None:
        """Add one filter (dimension name as typed, value(s) as typed) to ``out``."""
        dim = find(name, "filter")
        arg = argument or dim.naam
        parts = [p for p in self._split(value) if _text_or_none(p) is not None]
        if not parts:  # an empty value (or an empty list): no filter on this dimension
            return
        if dim.naam == "hoofdstructuur":  # a code (311) filters the code column
            codes = [bool(re.fullmatch(r"\s*\d{3}(\.0)?\s*", str(_text_or_none(p)))) for p in parts]
            if all(codes):
                dim = BY_NAAM["hoofdstructuurcode"]
            elif any(codes):
                raise LoepFout(f"Geef voor '{arg}' codes (311, 312, 321) óf namen ('buso', 'Syntra' …), niet beide "
                               f"door elkaar: '{_display(value)}'.")
        wanted: set[str] = set()
        for part in parts:
            vals = self._one_value(dim, part, arg)
            if vals is None:  # 'alle' / 'Vlaanderen en Brussel': no filter
                return
            wanted.update(vals)
        if dim.naam in out and out[dim.naam] != wanted:
            raise LoepFout(f"De dimensie '{dim.naam}' staat meer dan eens in de filters, met verschillende waarden. "
                           f"Geef de waarden samen in één filter: '{dim.naam}=waarde1;waarde2'.")
        out[dim.naam] = wanted

    def parse_filters(self, filters: object = None, **keywords) -> tuple[dict[str, tuple[str, ...]], str]:
        """Normalise filters as a user gives them.

        Args:
            filters: None; a mapping {dimension: value(s)}; a sequence of 'dimensie=waarde' strings
                (several values 'onderwijsvorm=bso;tso'); or rows of two cells [dimensie, waarde] (an Excel
                range). 'basis=woonplaats' chooses the province basis.
            **keywords: more filters as keyword arguments (dimension names), e.g. provincie='Antwerpen'.

        Returns:
            ({dimension name: canonical values, sorted}, basis).

        Raises:
            LoepFout: an unknown dimension or value, a malformed filter, a basis the data lacks.
        """
        out: dict[str, set] = {}
        basis_raw: object = keywords.pop("basis", None)
        pairs: list[tuple[object, object, str | None]] = [(k, v, k) for k, v in keywords.items()]
        for name, value in _filter_pairs(filters):
            if isinstance(name, str) and fold(name) in BASIS_NAMES:
                if not is_empty(value):
                    basis_raw = value
                continue
            pairs.append((name, value, None))
        for name, value, arg in pairs:
            if isinstance(name, str) and fold(name) in BASIS_NAMES:
                basis_raw = value
                continue
            self._add(out, name, value, arg)
        basis = self._basis(basis_raw)
        norm = {d.naam: tuple(sorted(out[d.naam])) for d in DIMENSIONS if d.naam in out}
        if basis not in self.bases:
            years = norm.get("schooljaar")
            self.require_basis(basis, years if years else None)
        return norm, basis

    def normalise_filters(self, **raw) -> dict:
        """Validate and normalise the eight keyword filters of :meth:`count` (first version of the API).

        Returns:
            dict with all eight keys; canonical values or None (no filter); 'basis' always set;
            'duaal' True/False/None; 'studierichting' one name. A basis that only some school years
            have passes when 'schooljaar' is not among the arguments.
        """
        unknown = [k for k in raw if k not in FILTERS]
        if unknown:
            hint = suggest(unknown[0], FILTERS)
            tip = f"; bedoelde u '{hint}'?" if hint else "."
            raise LoepFout(
                f"Onbekend argument '{unknown[0]}'{tip} Geldige argumenten: {', '.join(FILTERS)}.",
                suggestie=hint,
            )
        basis = self._basis(raw.get("basis"))
        jaar = self._schooljaar(raw.get("schooljaar"))
        if basis not in self.bases:
            if "schooljaar" in raw:
                self.require_basis(basis, None if jaar is None else (jaar,))
            elif basis not in self.basis_jaren:
                self.require_basis(basis)
        out: dict[str, object] = {"schooljaar": jaar, "basis": basis}
        for name in ("provincie", "onderwijsvorm", "graad", "sector", "studierichting"):
            vals = self._one_value(BY_NAAM[name], raw.get(name), name)
            out[name] = None if vals is None else vals[0]
        out["duaal"] = normalise_duaal(raw.get("duaal"), "duaal")
        return {k: out[k] for k in FILTERS}

    # --- the engine -----------------------------------------------------------------------

    def _rows(self, norm: Mapping[str, tuple[str, ...]], basis: str) -> tuple[slice | np.ndarray | None, np.ndarray | None]:
        """(row selection of the school years, mask of the other filters within it) — None: everything."""
        years = norm.get("schooljaar")
        sel: slice | np.ndarray | None = None
        if years:
            if self._year_slices is not None:
                parts = [self._year_slices[j] for j in years if j in self._year_slices]
                if len(parts) == 1:
                    sel = parts[0]
                else:
                    sel = np.concatenate([np.arange(p.start, p.stop) for p in parts]) if parts else np.arange(0)
            else:
                sel = np.flatnonzero(self._filter_mask("schooljaar", years, slice(None), basis))
        mask = None
        for name, vals in norm.items():
            if name == "schooljaar":
                continue
            m = self._filter_mask(name, vals, sel if sel is not None else slice(None), basis)
            mask = m if mask is None else (mask & m)
        return sel, mask

    def _filter_mask(self, name: str, vals: tuple[str, ...], sel, basis: str) -> np.ndarray:
        dim = BY_NAAM[name]
        col = self.kolom(dim, basis)
        codes, labels = self._column(col)
        index = self._code_index(col)
        lut = np.zeros(len(labels), dtype=bool)
        for v in vals:
            i = index.get(v)
            if i is not None and i < len(labels) - (0 if dim.soort == "janee" else 1):
                lut[i] = True
        return lut[codes[sel]]

    def _total(self, norm: Mapping[str, tuple[str, ...]], basis: str) -> int:
        sel, mask = self._rows(norm, basis)
        w = self._weights if sel is None else self._weights[sel]
        return int(w.sum() if mask is None else w[mask].sum())

    def _count_norm(self, norm: dict[str, tuple[str, ...]], basis: str) -> int:
        key = (basis, tuple(norm.items()))
        found = self._memo.get(key)
        if found is None:
            found = self._total(norm, basis)
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()
            self._memo[key] = found
        return found

    def count(self, schooljaar=None, provincie=None, basis=None, onderwijsvorm=None, graad=None, sector=None,
              studierichting=None, duaal=None, *, filters=None) -> int:
        """Number of pupils matching the filters.

        Args:
            schooljaar: '2024-2025', '2024-25', 2024 … (empty = all years; several: '2023-24;2024-25').
            provincie: a province or 'Brussel' (empty or 'Vlaanderen en Brussel' = all).
            basis: 'vestigingsplaats' (default), 'hoofdzetel' or 'woonplaats'.
            onderwijsvorm, graad, sector, studierichting, duaal: the filters of the first version.
            filters: any further filters on any dimension: a mapping {dimensie: waarde(n)}, a sequence of
                'dimensie=waarde' strings, or rows [dimensie, waarde] (see :meth:`parse_filters`).

        Returns:
            The sum of ``aantal`` (0 when the valid combination has no pupils).

        Raises:
            LoepFout: an unknown dimension or value, a school year outside the data, or a basis the
                data lacks.
        """
        raw_key = (schooljaar, provincie, basis, onderwijsvorm, graad, sector, studierichting, duaal, filters)
        try:
            found = self._raw.get(raw_key)
        except TypeError:  # unhashable argument (a list from a spreadsheet range): no caching of the raw form
            raw_key = None
            found = None
        if found is not None:
            return found
        keywords = {k: v for k, v in (("schooljaar", schooljaar), ("provincie", provincie),
                                      ("onderwijsvorm", onderwijsvorm), ("graad", graad), ("sector", sector),
                                      ("studierichting", studierichting), ("duaal", duaal)) if not is_empty(v)}
        norm, basis_n = self.parse_filters(filters, basis=basis, **keywords)
        if basis_n not in self.bases and "schooljaar" not in norm:
            self.require_basis(basis_n)
        result = self._count_norm(norm, basis_n)
        if raw_key is not None:
            if len(self._raw) > _MEMO_MAX:
                self._raw.clear()
            self._raw[raw_key] = result
        return result

    def pivot(self, rijen: object, kolommen: object = (), *, schooljaar: object = None, filters: object = None,
              basis: object = None, provincie: object = None) -> Pivot:
        """Counts of ``rijen`` × ``kolommen`` (each one or more dimensions) for the rows matching the filters.

        Args:
            rijen: a dimension name or a list of names (aliases accepted; 'a,b' too).
            kolommen: the same, optional.
            schooljaar: one school year, several ('2023-24;2024-25' or a list), or None (every year).
            filters: as in :meth:`parse_filters`.
            basis: the province basis (default vestigingsplaats).
            provincie: a province filter (as a keyword, for convenience).

        Returns:
            A :class:`Pivot` whose totals are the sums of their parts.

        Raises:
            LoepFout: unknown dimension or value; a dimension both in rows and columns; a basis the data lacks.
        """
        rows = _dimension_list(rijen, "rijen")
        cols = _dimension_list(kolommen, "kolommen")
        both = set(rows) & set(cols)
        if both:
            raise LoepFout(f"De dimensie '{sorted(both)[0]}' staat zowel in de rijen als in de kolommen; kies er één.")
        if not rows and not cols:
            raise LoepFout("Geef ten minste één dimensie voor de rijen (argument 'rijen'), bv. 'provincie'.")
        keywords = {}
        if not is_empty(schooljaar):
            keywords["schooljaar"] = schooljaar
        if not is_empty(provincie):
            keywords["provincie"] = provincie
        norm, basis_n = self.parse_filters(filters, basis=basis, **keywords)
        if basis_n not in self.bases and (any(BY_NAAM[d].soort == "provincie" for d in rows + cols)
                                          or "provincie" in norm):
            years = norm.get("schooljaar")
            self.require_basis(basis_n, years if years else None)
        key = (tuple(rows), tuple(cols), basis_n, tuple(norm.items()))
        found = self._pivots.get(key)
        if found is None:
            found = self._pivot(rows, cols, norm, basis_n)
            if len(self._pivots) > 4096:
                self._pivots.clear()
            self._pivots[key] = found
        return found

    def _group(self, dims: Sequence[str], norm: Mapping[str, tuple[str, ...]], basis: str
               ) -> tuple[list[np.ndarray], np.ndarray]:
        """(codes per dimension, sum) of every combination of ``dims`` with pupils among the matching rows."""
        sel, mask = self._rows(norm, basis)
        w = self._weights if sel is None else self._weights[sel]
        if mask is not None:
            w = w[mask]
        cols = [self.kolom(BY_NAAM[d], basis) for d in dims]
        codes, sizes = [], []
        for col in cols:
            c, labels = self._column(col)
            c = c if sel is None else c[sel]
            if mask is not None:
                c = c[mask]
            codes.append(c.astype(np.int64))
            sizes.append(len(labels))
        space = 1
        for s in sizes:
            space *= s
        key = np.zeros(len(w), dtype=np.int64)
        for c, s in zip(codes, sizes):
            key = key * s + c
        if space <= _DENSE_MAX:
            sums = np.bincount(key, weights=w, minlength=space)
            uniq = np.flatnonzero(sums)
            sums = sums[uniq]
        else:
            uniq, inverse = np.unique(key, return_inverse=True)
            sums = np.bincount(inverse, weights=w, minlength=len(uniq))
            keep = sums > 0
            uniq, sums = uniq[keep], sums[keep]
        parts = []
        rest = uniq
        for s in reversed(sizes):
            rest, part = np.divmod(rest, s)
            parts.append(part)
        return parts[::-1], np.rint(sums).astype(np.int64)

    def _pivot(self, rows: list[str], cols: list[str], norm: Mapping[str, tuple[str, ...]], basis: str) -> Pivot:
        dims = rows + cols
        parts, sums = self._group(dims, norm, basis)
        ranks = [self._ranks(BY_NAAM[d], self.kolom(BY_NAAM[d], basis))[p] for d, p in zip(dims, parts)]
        labels = [self._column(self.kolom(BY_NAAM[d], basis))[1] for d in dims]

        def keys(idx: range) -> tuple[list[tuple], np.ndarray]:
            if not idx:
                return [()], np.zeros(len(sums), dtype=np.int64)
            rk = np.stack([ranks[i] for i in idx], axis=1) if len(sums) else np.zeros((0, len(idx)), np.int64)
            uniq, inverse = np.unique(rk, axis=0, return_inverse=True) if len(sums) else (rk, np.zeros(0, np.int64))
            # representative codes of each unique rank tuple
            first = np.zeros(len(uniq), dtype=np.int64)
            if len(sums):
                first[inverse.ravel()[::-1]] = np.arange(len(inverse))[::-1]
            out = [tuple(str(labels[i][parts[i][f]]) for i in idx) for f in first]
            return out, inverse.ravel()

        row_keys, r_inv = keys(range(len(rows)))
        col_keys, c_inv = keys(range(len(rows), len(dims)))
        if not rows:
            row_keys = [()]
        matrix = np.zeros((len(row_keys), len(col_keys)), dtype=np.int64)
        if len(sums):
            np.add.at(matrix, (r_inv, c_inv), sums)
        years = norm.get("schooljaar") or self.schooljaren
        matrix.flags.writeable = False
        return Pivot(tuple(rows), tuple(cols), tuple(row_keys), tuple(col_keys), matrix,
                     dict(norm), tuple(years), basis)

    def table(self, by: Sequence[str] | str, **filters) -> pd.DataFrame:
        """Grouped sums: one row per combination of ``by`` that has pupils (the first version's API).

        Args:
            by: dimension names to group by.
            **filters: the keyword filters of :meth:`count`, same semantics.

        Returns:
            DataFrame with the ``by`` columns and 'aantal' (int), sorted by the ``by`` columns in display
            order. 'duaal' is boolean; a province outside Flanders and Brussels (optional bases) is None.
        """
        by = [by] if isinstance(by, str) else list(by)
        dims = [find(b, "by").naam for b in by]
        # The first API's rules (eight keywords, one value each, no 'alle' for schooljaar or duaal) are
        # normalise_filters'; its canonical values are the engine's filters as they stand. (parse_filters
        # would accept more: other dimensions, 'a;b', lists, 'alle' everywhere, and word errors otherwise.)
        f = self.normalise_filters(**filters)
        basis = f["basis"]
        if f["schooljaar"] is None and basis not in self.bases:
            self.require_basis(basis)
        norm = {d.naam: (("ja" if f[d.naam] else "nee") if d.naam == "duaal" else f[d.naam],)
                for d in DIMENSIONS if d.naam != "basis" and f.get(d.naam) is not None}
        if not dims:
            return pd.DataFrame({"aantal": [self._total(norm, basis)]})
        parts, sums = self._group(dims, norm, basis)
        data: dict[str, object] = {}
        rank_cols = []
        for d, p in zip(dims, parts):
            dim = BY_NAAM[d]
            col = self.kolom(dim, basis)
            _, labels = self._column(col)
            values = labels[p]
            if dim.soort == "janee":
                data[d] = pd.Series(values == "ja", dtype=bool)
            else:
                missing = p == len(labels) - 1
                vals = values.astype(object)
                if dim.soort == "provincie":
                    vals = np.where(missing, None, vals)
                data[d] = pd.Series(vals, dtype=object)
            rank_cols.append(p if dim.soort == "janee" else self._ranks(dim, col)[p])  # nee before ja, as before
        data["aantal"] = pd.Series(sums, dtype="int64")
        out = pd.DataFrame(data)
        if len(out):
            order = np.lexsort(tuple(reversed(rank_cols)))
            out = out.iloc[order]
        return out.reset_index(drop=True)


def _filter_pairs(filters: object) -> list[tuple[object, object]]:
    """(dimension, value) pairs of the accepted filter shapes; LoepFout for anything else."""
    if filters is None:
        return []
    if isinstance(filters, Mapping):
        return list(filters.items())
    if isinstance(filters, str):
        filters = [filters]
    if not isinstance(filters, (list, tuple)):
        raise LoepFout(f"De filters ('{_display(filters)}') zijn geen tekst 'dimensie=waarde', geen lijst daarvan en "
                       f"geen bereik van twee kolommen (dimensie | waarde).")
    out: list[tuple[object, object]] = []
    for i, item in enumerate(filters, start=1):  # type: ignore[union-attr]
        if is_empty(item):
            continue
        if isinstance(item, str):
            if "=" not in item:
                raise LoepFout(f"Filter {i} '{_display(item)}' heeft geen '=': schrijf 'dimensie=waarde', bv. "
                               f"'onderwijsvorm=bso' of 'onderwijsvorm=bso;tso'.")
            name, _, value = item.partition("=")
            if not name.strip():
                raise LoepFout(f"Filter {i} '{_display(item)}' noemt geen dimensie vóór '=': schrijf 'dimensie=waarde', "
                               f"bv. 'onderwijsvorm=bso'.")
            out.append((name.strip(), value.strip()))
        elif isinstance(item, (list, tuple)):
            cells = [c for c in item]
            while cells and is_empty(cells[-1]) and len(cells) > 2:
                cells.pop()
            if all(is_empty(c) for c in cells):
                continue
            if len(cells) == 1 and isinstance(cells[0], str) and "=" in cells[0]:
                name, _, value = cells[0].partition("=")
                out.append((name.strip(), value.strip()))
                continue
            if len(cells) != 2:
                raise LoepFout(f"Filter {i} heeft {len(cells)} cellen: een filterbereik heeft twee kolommen, "
                               f"dimensie | waarde.")
            out.append((cells[0], cells[1]))
        else:
            raise LoepFout(f"Filter {i} ('{item}') is geen tekst 'dimensie=waarde' en geen rij dimensie | waarde.")
    return out


def _dimension_list(value: object, argument: str) -> list[str]:
    """Dimension names of a rijen/kolommen argument ('a', 'a,b', ['a', 'b'], an Excel row/column)."""
    if is_empty(value):
        return []
    items: list[object]
    if isinstance(value, str):
        items = [v for v in re.split(r"\s*[,;+]\s*", value.strip()) if v]
    elif isinstance(value, (list, tuple)):
        items = []
        for v in value:
            items.extend(_dimension_list(v, argument))
        return list(dict.fromkeys(items))  # type: ignore[arg-type]
    else:
        items = [value]
    names = [find(v, argument).naam for v in items]
    return list(dict.fromkeys(names))


# --- the shared instance of the front ends ---------------------------------------------------

_CACHE: dict[str, tuple[Dataset, Query]] = {}
_CACHE_LOCK = threading.Lock()


def get_query(data_dir: str | Path | None = None) -> Query:
    """The :class:`Query` of the store in ``data_dir``, reused while the stored data is unchanged.

    ``store.load`` memoises the dataset per file and modification time, so a new import (a new
    data version) yields a new dataset and hence a new Query; otherwise this is a dict lookup.

    Args:
        data_dir: the data folder (None: ``--data`` / ``LOEP_DATA`` / per-user default).

    Returns:
        A ready Query. Raises LoepFout when there is no store: front ends call ``addin.demo.ensure``
        first to build the demonstration data on first use.
    """
    from addin.core import store
    from addin.core.settings import data_dir as resolve

    folder = str(resolve(data_dir))
    dataset = store.load(folder)
    cached = _CACHE.get(folder)
    if cached is not None and cached[0] is dataset:
        return cached[1]
    with _CACHE_LOCK:
        cached = _CACHE.get(folder)
        if cached is not None and cached[0] is dataset:
            return cached[1]
        query = Query(dataset)
        _CACHE[folder] = (dataset, query)
        return query
