"""Fast counts and grouped tables over the canonical table.

:class:`Query` aggregates the cleaned rows once to the query dimensions. For each province
basis (built lazily, the first time that basis is asked for) it holds a *cube*: a dict with
the sum for every combination of (schooljaar, provincie, onderwijsvorm, graad, sector,
duaal), including the wildcard (``None``, "no filter") positions. The raw arguments of a
call are normalised once and remembered (an LRU cache from the argument tuple to the
cube key), so a repeated cell formula costs two dict lookups. Filters on studierichting
use a memoised fallback over the (small) aggregated frame.

Every argument is accepted as a user types it ('2024-25', 2024, 'antwerpen', 'BSO', 2,
'ja', '' or None for "no filter") and normalised with the vocabularies of
:mod:`addin.core.labels`; a value that cannot be mapped raises :class:`LoepFout` naming
the argument and suggesting the nearest valid value.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from addin.core.catalogue import catalogue, name_key, old_programmes
from addin.core.dataset import Dataset
from addin.core.errors import LoepFout
from addin.core.labels import (
    BASIS,
    GRAAD,
    GRADEN,
    ONDERWIJSVORM,
    ONDERWIJSVORMEN,
    PROVINCIES,
    fold,
    is_empty,
    normalise_duaal,
    normalise_schooljaar,
    provincie_filter,
    suggest,
    unknown_value,
)
from addin.core.schema import BASES, DEFAULT_BASIS, province_column

#: The filter arguments of :meth:`Query.count`, in order.
FILTERS: tuple[str, ...] = (
    "schooljaar", "provincie", "basis", "onderwijsvorm", "graad", "sector", "studierichting", "duaal",
)
#: The dimensions :meth:`Query.values` knows.
DIMENSIES: tuple[str, ...] = (
    "schooljaar", "provincie", "basis", "onderwijsvorm", "graad", "sector", "studierichting", "duaal",
)
#: Dimensions of the cube, in key order ('provincie' is the column of the basis).
CUBE_DIMS: tuple[str, ...] = ("schooljaar", "provincie", "onderwijsvorm", "graad", "sector", "duaal")
#: Columns :meth:`Query.table` can group by.
GROUP_COLUMNS: tuple[str, ...] = (
    "schooljaar", "provincie", "onderwijsvorm", "graad", "sector", "studierichting", "duaal",
)

#: Key in ``Dataset._cache`` under which ``store.load`` puts the bases per school year of the files.
BASES_PER_YEAR_KEY = "bases_per_schooljaar"
#: Stand-in for a missing label inside the aggregates (never reachable from a user argument).
_ONBEKEND = "\x00onbekend"


class _NameVocabulary:
    """Valid values of a data-driven dimension (sector, studierichting), matched by folded spelling.

    Args:
        dimensie: Dutch name of the dimension, for messages.
        waarden: the values found in the data (canonical spelling).
        extra: further valid values (e.g. from the catalogue) that may have no rows; skipped when
            an equivalent name (same :func:`name_key`) is already among ``waarden``.
    """

    def __init__(self, dimensie: str, waarden: Iterable[str], extra: Iterable[str] = ()):
        self.dimensie = dimensie
        self._fold: dict[str, str] = {}
        self._key: dict[str, str] = {}
        for v in list(waarden) + list(extra):
            v = str(v)
            if not v or v == _ONBEKEND:
                continue
            k = name_key(v)
            if k in self._key:
                continue
            self._key[k] = v
            self._fold.setdefault(fold(v), v)
        self.waarden: tuple[str, ...] = tuple(sorted(self._key.values(), key=fold))

    def normalise(self, value: object, argument: str | None = None) -> str:
        found = self._fold.get(fold(value)) or self._key.get(name_key(str(value)))
        if found is None:
            raise unknown_value(self.dimensie, value, self.waarden, argument)
        return found


def _text_or_none(value: object) -> object:
    """Excel hands numbers as floats: 2.0 -> 2; empty -> None."""
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class Query:
    """Counts and grouped sums over one :class:`Dataset`.

    Args:
        dataset: the loaded dataset (``addin.core.store.load()``).
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.info = dataset.info
        frame = dataset.frame
        self.schooljaren: tuple[str, ...] = tuple(sorted(str(v) for v in frame["schooljaar"].dropna().unique()))
        #: basis -> school years whose source files carry that basis (some row has a province under it;
        #: a single row without one counts as 'province unknown', it does not remove the basis)
        #: The store's per-year metadata (``store.bases_per_schooljaar``) also counts: a year whose files
        #: have the column is covered even when none of its rows has a province in Flanders/Brussels.
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
        self._agg = self._aggregate(frame)
        self._sector = _NameVocabulary(
            "sector",
            self._agg["sector"].unique(),
            list(catalogue()["sector"]) + list(old_programmes()["sector"]),
        )
        self._studierichting = _NameVocabulary(
            "studierichting",
            self._agg["studierichting"].unique(),
            list(catalogue()["naam"]) + list(old_programmes()["naam"]),
        )
        self._cubes: dict[str, dict[tuple, int]] = {}
        self._label_index: dict[str, dict] = {}
        self._by_studierichting: dict[str, np.ndarray] | None = None
        self._memo: dict[tuple, int] = {}
        self._lock = threading.Lock()
        self._key = lru_cache(maxsize=1 << 16)(self._make_key)

    # --- building -----------------------------------------------------------------------

    def _aggregate(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows summed to the query dimensions (all available bases side by side).

        Vectorised on integer codes: each dimension is factorised (categorical codes), the codes are
        combined into one int64 key per row, and ``np.unique`` + ``np.bincount`` sum the counts.
        Also keeps the codes and labels of the result (``self._codes``, ``self._labels``) for the cubes.
        """
        prov_cols = [province_column(b) for b in BASES if b in self.basis_jaren]
        dims = ["schooljaar", *prov_cols, "onderwijsvorm", "graad", "sector", "studierichting", "duaal"]
        codes, labels = [], []
        for col in dims:
            c, lab = _factorise(frame[col], col == "duaal")
            codes.append(c)
            labels.append(lab)
        key, radices = _combine(codes, [len(lab) for lab in labels])
        uniq, inverse = np.unique(key, return_inverse=True)
        sums = np.bincount(inverse, weights=frame["aantal"].to_numpy(dtype=np.float64), minlength=len(uniq))
        parts = _split_key(uniq, radices)
        self._codes = dict(zip(dims, parts))
        self._labels = dict(zip(dims, labels))
        out = {col: pd.Series(lab[part], dtype=bool if col == "duaal" else object)
               for col, lab, part in zip(dims, labels, parts)}
        out["aantal"] = pd.Series(np.rint(sums).astype(np.int64))
        return pd.DataFrame(out)

    def _build_cube(self, basis: str) -> dict[tuple, int]:
        """Sum per combination of CUBE_DIMS with every subset of positions as wildcard.

        For each of the 2^6 subsets of dimensions, the aggregated rows are grouped on the subset
        (combined integer key, ``np.unique`` + ``np.bincount``); the other positions hold None.
        """
        cols = ["schooljaar", province_column(basis), "onderwijsvorm", "graad", "sector", "duaal"]
        labels = [self._labels[c] for c in cols]
        # first reduce the aggregate to the six cube dimensions (a few thousand rows)
        key, radices = _combine([self._codes[c] for c in cols], [len(lab) for lab in labels])
        uniq, inverse = np.unique(key, return_inverse=True)
        weights = np.bincount(inverse, weights=self._agg["aantal"].to_numpy(dtype=np.float64), minlength=len(uniq))
        codes = _split_key(uniq, radices)
        n = len(cols)
        cube: dict[tuple, int] = {(None,) * n: int(weights.sum())}
        for r in range(1, n + 1):
            for subset in itertools.combinations(range(n), r):
                key, radices = _combine([codes[i] for i in subset], [len(labels[i]) for i in subset])
                uniq, inverse = np.unique(key, return_inverse=True)
                sums = np.rint(np.bincount(inverse, weights=weights, minlength=len(uniq))).astype(np.int64)
                parts = _split_key(uniq, radices)
                nones = [None] * len(uniq)
                columns = [nones] * n
                for i, part in zip(subset, parts):
                    columns[i] = labels[i][part].tolist()
                cube.update(zip(zip(*columns), sums.tolist()))
        return cube

    def cube(self, basis: str = DEFAULT_BASIS) -> dict[tuple, int]:
        """The (lazily built) cube of ``basis``: key (schooljaar, provincie, onderwijsvorm, graad, sector, duaal)."""
        cube = self._cubes.get(basis)
        if cube is None:
            with self._lock:
                cube = self._cubes.get(basis)
                if cube is None:
                    self._require_basis(basis)
                    cube = self._build_cube(basis)
                    self._cubes[basis] = cube
        return cube

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

    def _require_basis(self, basis: str) -> None:
        """The basis must exist in at least one year (the year check is made with the arguments)."""
        if basis not in self.bases and basis not in self.basis_jaren:
            self.require_basis(basis)

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

    def _make_key(self, schooljaar, provincie, basis, onderwijsvorm, graad, sector, studierichting, duaal):
        """Normalised (basis, cube key, studierichting) of the raw arguments (cached by ``_key``)."""
        f = self._normalise(schooljaar, provincie, basis, onderwijsvorm, graad, sector, studierichting, duaal)
        key = (f["schooljaar"], f["provincie"], f["onderwijsvorm"], f["graad"], f["sector"], f["duaal"])
        return f["basis"], key, f["studierichting"]

    def _normalise(self, schooljaar=None, provincie=None, basis=None, onderwijsvorm=None, graad=None,
                   sector=None, studierichting=None, duaal=None, *, year_given: bool = True) -> dict:
        basis_v = _text_or_none(basis)
        basis_n = DEFAULT_BASIS if basis_v is None else BASIS.normalise(basis_v, "basis")
        jaar = self._schooljaar(schooljaar)
        if basis_n not in self.bases:
            if year_given:  # an empty year means all years: the basis must cover each of them
                self.require_basis(basis_n, None if jaar is None else (jaar,))
            else:  # validating a basis on its own: it must exist in some year
                self._require_basis(basis_n)
        prov = _text_or_none(provincie)
        if prov is not None:
            prov = provincie_filter(prov, "provincie")
        ov = _text_or_none(onderwijsvorm)
        gr = _text_or_none(graad)
        sec = _text_or_none(sector)
        sr = _text_or_none(studierichting)
        return {
            "schooljaar": jaar,
            "provincie": prov,
            "basis": basis_n,
            "onderwijsvorm": None if ov is None else ONDERWIJSVORM.normalise(ov, "onderwijsvorm"),
            "graad": None if gr is None else GRAAD.normalise(gr, "graad"),
            "sector": None if sec is None else self._sector.normalise(sec, "sector"),
            "studierichting": None if sr is None else self._studierichting.normalise(sr, "studierichting"),
            "duaal": normalise_duaal(duaal, "duaal"),
        }

    def normalise_filters(self, **raw) -> dict:
        """Validate and normalise filter arguments exactly as :meth:`count` does.

        Args:
            **raw: any of schooljaar, provincie, basis, onderwijsvorm, graad, sector, studierichting,
                duaal, as a user types them ('' or None = no filter).

        Returns:
            dict with all eight keys; canonical values or None (no filter); 'basis' always set;
            'duaal' True/False/None. A basis that only some school years have passes when
            'schooljaar' is not among the arguments (checked later against the years asked for);
            with an empty 'schooljaar' (= all years) it must cover every year.

        Raises:
            LoepFout: unknown argument name or a value that cannot be mapped.
        """
        unknown = [k for k in raw if k not in FILTERS]
        if unknown:
            hint = suggest(unknown[0], FILTERS)
            tip = f"; bedoelde u '{hint}'?" if hint else "."
            raise LoepFout(
                f"Onbekend argument '{unknown[0]}'{tip} Geldige argumenten: {', '.join(FILTERS)}.",
                suggestie=hint,
            )
        return self._normalise(**raw, year_given="schooljaar" in raw)

    # --- queries ------------------------------------------------------------------------

    def count(self, schooljaar=None, provincie=None, basis=None, onderwijsvorm=None, graad=None, sector=None,
              studierichting=None, duaal=None) -> int:
        """Number of pupils matching the filters.

        Args:
            schooljaar: '2024-2025', '2024-25', 2024 … (empty = all years).
            provincie: a province or 'Brussel' (empty or 'Vlaanderen en Brussel' = all).
            basis: 'vestigingsplaats' (default), 'hoofdzetel' or 'woonplaats'.
            onderwijsvorm: bso, tso, buso, Syntra, aso, kso, dbso, n.v.t.
            graad: '2e graad', 2, '2e' …
            sector: a sector (domein or studiegebied) as in the data or the catalogue.
            studierichting: a programme name.
            duaal: 'ja', 'nee' or empty.

        Returns:
            The sum of ``aantal`` (0 when the valid combination has no pupils).

        Raises:
            LoepFout: a value that cannot be mapped, a school year outside the data, or a basis the
                data lacks.
        """
        try:
            basis_n, key, sr = self._key(schooljaar, provincie, basis, onderwijsvorm, graad, sector,
                                         studierichting, duaal)
        except TypeError:  # unhashable argument (a list from a spreadsheet range): no caching
            basis_n, key, sr = self._make_key(schooljaar, provincie, basis, onderwijsvorm, graad, sector,
                                              studierichting, duaal)
        if sr is None:
            cube = self._cubes.get(basis_n)
            if cube is None:
                cube = self.cube(basis_n)
            return cube.get(key, 0)
        return self._count_studierichting(basis_n, key, sr)

    def _rows_of_studierichting(self) -> dict[str, np.ndarray]:
        """Row numbers of the aggregate per studierichting (built once, on first use)."""
        if self._by_studierichting is None:
            codes = self._codes["studierichting"]
            order = np.argsort(codes, kind="stable")
            bounds = np.flatnonzero(np.diff(codes[order])) + 1
            groups = np.split(order, bounds)
            labels = self._labels["studierichting"]
            self._by_studierichting = {str(labels[codes[g[0]]]): g for g in groups if len(g)}
        return self._by_studierichting

    def _count_studierichting(self, basis: str, key: tuple, studierichting: str) -> int:
        memo_key = (basis, key, studierichting)
        found = self._memo.get(memo_key)
        if found is not None:
            return found
        rows = self._rows_of_studierichting().get(studierichting)
        total = 0
        if rows is not None:
            weights = self._agg["aantal"].to_numpy()[rows]
            mask = None
            cols = ("schooljaar", province_column(basis), "onderwijsvorm", "graad", "sector", "duaal")
            for col, want in zip(cols, key):
                if want is None:
                    continue
                m = self._codes[col][rows] == self._code_of(col, want)
                mask = m if mask is None else (mask & m)
            total = int(weights.sum() if mask is None else weights[mask].sum())
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[memo_key] = total
        return total

    def table(self, by: Sequence[str] | str, **filters) -> pd.DataFrame:
        """Grouped sums: one row per combination of ``by`` that has pupils.

        Args:
            by: columns to group by, from schooljaar, provincie (of the chosen basis), onderwijsvorm,
                graad, sector, studierichting, duaal.
            **filters: the filters of :meth:`count`, same semantics.

        Returns:
            DataFrame with the ``by`` columns and 'aantal' (int), sorted by the ``by`` columns
            (school years ascending, provinces and forms in vocabulary order).
        """
        by = [by] if isinstance(by, str) else list(by)
        for b in by:
            if b not in GROUP_COLUMNS:
                raise LoepFout(
                    f"Onbekende groepering '{b}' (argument 'by'). Geldig: {', '.join(GROUP_COLUMNS)}.",
                    suggestie=suggest(b, GROUP_COLUMNS),
                )
        f = self.normalise_filters(**filters)
        if f["schooljaar"] is None and f["basis"] not in self.bases:
            self.require_basis(f["basis"])
        prov_col = BASES[f["basis"]][1]
        weights = self._agg["aantal"].to_numpy()
        mask = None
        for dim, want in f.items():
            if dim == "basis" or want is None:
                continue
            col = prov_col if dim == "provincie" else dim
            m = self._codes[col] == self._code_of(col, want)
            mask = m if mask is None else (mask & m)
        if not by:
            return pd.DataFrame({"aantal": [int(weights.sum() if mask is None else weights[mask].sum())]})
        cols = [prov_col if b == "provincie" else b for b in by]
        codes = [self._codes[c] if mask is None else self._codes[c][mask] for c in cols]
        w = weights if mask is None else weights[mask]
        labels = [self._labels[c] for c in cols]
        key, radices = _combine(codes, [len(lab) for lab in labels])
        uniq, inverse = np.unique(key, return_inverse=True)
        sums = np.rint(np.bincount(inverse, weights=w.astype(np.float64), minlength=len(uniq))).astype(np.int64)
        keep = sums > 0
        parts = _split_key(uniq[keep], radices)
        data = {}
        for b, lab, part in zip(by, labels, parts):
            values = lab[part]
            if b != "duaal":  # a missing label comes back as an empty value, never as the internal stand-in
                values = np.where(values == _ONBEKEND, None, values)
            data[b] = pd.Series(values, dtype=bool if b == "duaal" else object)
        data["aantal"] = pd.Series(sums[keep], dtype="int64")
        out = pd.DataFrame(data)
        return _sort(out, by).reset_index(drop=True)

    def _code_of(self, col: str, label) -> int:
        """Code of a canonical label in the aggregate (-1 when absent: matches nothing)."""
        index = self._label_index.get(col)
        if index is None:
            index = {v: i for i, v in enumerate(self._labels[col].tolist())}
            self._label_index[col] = index
        return index.get(label, -1)

    def values(self, dimensie: str) -> list[str]:
        """Valid values of a dimension, for data-validation lists (``LOEP.WAARDEN``).

        Args:
            dimensie: schooljaar, provincie, basis, onderwijsvorm, graad, sector, studierichting or duaal.

        Returns:
            The canonical values in display order (basis: only those the data has).
        """
        d = fold(_text_or_none(dimensie) or "")
        if d == "schooljaar":
            return list(self.schooljaren)
        if d == "provincie":
            return list(PROVINCIES)
        if d == "basis":
            return list(self.bases) + [b for b in self.basis_jaren if b not in self.bases]
        if d == "onderwijsvorm":
            return list(ONDERWIJSVORMEN)
        if d == "graad":
            return list(GRADEN)
        if d == "sector":
            return list(self._sector.waarden)
        if d == "studierichting":
            return list(self._studierichting.waarden)
        if d == "duaal":
            return ["ja", "nee"]
        raise unknown_value("dimensie", dimensie, DIMENSIES, "dimensie")


def _factorise(series: pd.Series, boolean: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(int64 codes, object array of labels) of a column; a missing label becomes the stand-in."""
    if boolean:
        values = series.fillna(False).to_numpy(dtype=bool)
        return values.astype(np.int64), np.array([False, True], dtype=object)
    if isinstance(series.dtype, pd.CategoricalDtype):
        raw = series.cat.codes.to_numpy().astype(np.int64)
        cats = [str(c) for c in series.cat.categories]
    else:
        raw, uniques = pd.factorize(series, use_na_sentinel=True)
        raw = raw.astype(np.int64)
        cats = [str(c) for c in uniques]
    labels = np.array(cats + [_ONBEKEND], dtype=object)
    codes = np.where(raw < 0, len(cats), raw)
    return codes, labels


def _combine(codes: list[np.ndarray], sizes: list[int]) -> tuple[np.ndarray, list[int]]:
    """One int64 key per row from several code arrays (mixed radix)."""
    total = 1
    for size in sizes:
        total *= max(size, 1)
    if total >= 2**62:  # pragma: no cover - would need ~billions of label combinations
        raise OverflowError("te veel combinaties voor één sleutel")
    key = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    for c, size in zip(codes, sizes):
        key = key * max(size, 1) + c
    return key, [max(size, 1) for size in sizes]


def _split_key(key: np.ndarray, radices: list[int]) -> list[np.ndarray]:
    """Inverse of :func:`_combine`: the code arrays back from the keys."""
    parts = []
    rest = key
    for size in reversed(radices):
        rest, part = np.divmod(rest, size)
        parts.append(part)
    return parts[::-1]


_ORDERS = {
    "provincie": {p: i for i, p in enumerate(PROVINCIES)},
    "onderwijsvorm": {p: i for i, p in enumerate(ONDERWIJSVORMEN)},
    "graad": {p: i for i, p in enumerate(GRADEN)},
}


def _sort(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    keys = []
    for b in by:
        order = _ORDERS.get(b)
        if order is not None:
            keys.append(frame[b].map(lambda v, o=order: o.get(v, len(o))))
        elif b == "duaal":
            keys.append(frame[b].astype(int))
        else:
            keys.append(frame[b].map(lambda v: fold(v) if isinstance(v, str) else v))
    tmp = pd.DataFrame({f"_k{i}": k for i, k in enumerate(keys)})
    order = tmp.sort_values(list(tmp.columns), kind="stable").index
    return frame.loc[order]


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
