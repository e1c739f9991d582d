"""The registry of dimensions and the query engine over every dimension, against the raw demo rows.

Expected values are computed here with plain pandas from the raw demo CSV files (as the generator
wrote them, in the layout of the official files), with this file's own derivations of the derived
dimensions — never through the cleaner, the query engine or their lookups.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from addin.core.dimensions import DIMENSIONS, IGNORED_COLUMNS, find, kept_raw_columns
from addin.core.errors import LoepFout
from addin.core.query import Query
from addin.core.schema import OFFICIAL_COLUMNS

DOCS = Path(__file__).resolve().parents[1] / "docs"
CENTRUMSTEDEN_HIER = {"Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk", "Leuven", "Mechelen",
                      "Oostende", "Roeselare", "Sint-Niklaas", "Turnhout"}


# --- the raw rows and this test's own derivations ----------------------------------------------


def _map(fn, *cols: pd.Series) -> np.ndarray:
    """``fn`` applied to each distinct combination of values of the columns (fast on a million rows)."""
    key = np.zeros(len(cols[0]), dtype=np.int64)
    uniques = []
    for col in cols:
        codes, u = pd.factorize(col)
        key = key * len(u) + codes
        uniques.append(u)
    keys, inverse = np.unique(key, return_inverse=True)
    values = []
    for k in keys:
        parts = []
        for u in reversed(uniques):
            k, i = divmod(int(k), len(u))
            parts.append(str(u[i]))
        values.append(fn(*reversed(parts)))
    return np.array(values, dtype=object)[inverse.ravel()]


def _vorm(h: str, g: str, v: str) -> str:
    if h in ("Buitengewoon secundair onderwijs", "Deeltijds beroepssecundair onderwijs", "Syntra"):
        return {"Buitengewoon secundair onderwijs": "buso", "Syntra": "Syntra"}.get(h, "dbso")
    if g in ("n.v.t. (okan)", "n.v.t. (hbo)"):
        return "okan" if "okan" in g else "hbo5"
    return "n.v.t." if v.startswith("n.v.t.") or not v else v


def _graad(g: str) -> str:
    mapping = {"n.v.t. (okan)": "OKAN", "n.v.t. (hbo)": "HBO5", "n.v.t. (modulair)": "modulair"}
    return mapping.get(g, "n.v.t." if (g == "" or g.startswith("n.v.t.")) else g)


def _code(code: str, hs: str) -> str:
    """The code as written; without a valid one it follows from the label (Syntra belongs to 311)."""
    if code in ("311", "312", "321"):
        return code
    return {"Deeltijds beroepssecundair onderwijs": "312", "Buitengewoon secundair onderwijs": "321"}.get(hs, "311")


def _duaal(group: str, name: str) -> str:
    g = group.strip().upper()
    hit = g.endswith("DBSO") or g.endswith("SYN") or "duaal" in name.lower() or name.endswith(" DL")
    return "ja" if hit else "nee"


@pytest.fixture(scope="module")
def raw(demo_sources) -> pd.DataFrame:
    """Every raw demo row with this test's canonical columns (named like the dimensions)."""
    frames = []
    for path in demo_sources[1]:
        with open(path, encoding="utf-8") as fh:
            names = [n.strip().strip("\"") for n in fh.readline().strip().split(",")]
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types={n: pa.dictionary(pa.int32(), pa.string()) for n in names}, strings_can_be_null=False))
        f = table.to_pandas()
        f["schooljaar"] = re.search(r"(\d{4}-\d{4})", path.name).group(1)
        frames.append(f)
    f = pd.concat(frames, ignore_index=True)
    for col in f.columns:
        if col != "schooljaar":
            f[col] = f[col].astype(str) if col == "aantal_inschrijvingen" else f[col].astype("category")
    out = pd.DataFrame({
        "schooljaar": f["schooljaar"],
        "provincie": f["vestiging_provincie_naam"],
        "gemeente": f["vestiging_fusiegemeente_naam"],
        "school": f["instellingsnummer"],
        "vestigingsplaats": _map(lambda i, n: f"{i}-{n}", f["instellingsnummer"], f["intern_volgnr_vpl"]),
        "hoofdstructuur": f["hoofdstructuur"],
        "hoofdstructuurcode": _map(_code, f["hoofdstructuur_inschrijving_code"], f["hoofdstructuur"]),
        "onderwijsvorm": _map(_vorm, f["hoofdstructuur"], f["graad_so"], f["onderwijsvorm"]),
        "graad": _map(_graad, f["graad_so"]),
        "leerjaar": f["leerjaar"],
        "finaliteit": _map(lambda v: "n.v.t." if v.startswith("n.v.t.") or not v else v, f["finaliteit"]),
        "studierichting": f["studierichting"],
        "administratieve_groep": f["administratieve_groep"],
        "opleidingsvorm": f["opleidingsvorm"],
        "type": f["type_buitengewoon_onderwijs"],
        "net": f["onderwijsnet"],
        "inrichtende_macht": f["soort_inrichtende_macht"],
        "schoolbestuur": f["schoolbestuur"],
        "scholengemeenschap": f["scholengemeenschap"],
        "geslacht": f["geslacht"],
        "nationaliteit": f["belg_nietbelg"],
        "gok": f["school_krijgt_omkadering_gok"],
        "aantal": f["aantal_inschrijvingen"].astype(np.int64),
        "duaal": _map(_duaal, f["administratieve_groep"], f["studierichting"]),
    })
    out["regiotype"] = np.where(out["provincie"] == "Brussels Hoofdstedelijk Gewest", "Brussel",
                                np.where(out["gemeente"].isin(CENTRUMSTEDEN_HIER), "Centrumsteden",
                                         "Rest van Vlaanderen"))
    for col in out.columns:  # categories: plain pandas group-bys in milliseconds
        if col != "aantal":
            out[col] = out[col].astype("category")
    return out


@pytest.fixture(scope="module")
def q(demo_dataset) -> Query:
    return Query(demo_dataset)


#: Dimensions checked value by value against the raw rows (sector follows the catalogue: tested elsewhere).
CHECKED = [d.naam for d in DIMENSIONS if d.naam != "sector"]


# --- the registry ----------------------------------------------------------------------------------


def test_every_official_column_is_kept_or_listed_as_ignored():
    kept = kept_raw_columns()
    for col in OFFICIAL_COLUMNS:
        assert col in kept or col in IGNORED_COLUMNS or col == "aantal_inschrijvingen", col


def test_the_import_report_lists_kept_and_ignored_columns(demo_store):
    text = next((demo_store / "rapporten").glob("import-*.txt")).read_text(encoding="utf-8")
    assert "vestiging_fusiegemeente_naam → regiotype, gemeente" in text
    assert "type_buitengewoon_onderwijs → type" in text
    assert "belg_nietbelg → nationaliteit" in text
    for col, why in IGNORED_COLUMNS.items():
        if col != "synthetisch":
            assert f"kolom genegeerd: {col} ({why})" in text


@pytest.mark.parametrize("typed, naam", [
    ("vestiging_fusiegemeente_naam", "gemeente"), ("gemeente", "gemeente"), ("Gemeente", "gemeente"),
    ("type_buitengewoon_onderwijs", "type"), ("type", "type"), ("instellingsnummer", "school"),
    ("school", "school"), ("belg_nietbelg", "nationaliteit"), ("nationaliteit", "nationaliteit"),
    ("onderwijsnet", "net"), ("net", "net"), ("soort_inrichtende_macht", "inrichtende_macht"),
    ("school_krijgt_omkadering_gok", "gok"), ("graad_so", "graad"), ("hoofdstructuur_inschrijving_code",
                                                                      "hoofdstructuurcode"),
])
def test_dimensions_by_official_and_short_names(typed, naam):
    assert find(typed).naam == naam


def test_unknown_dimension_is_a_dutch_error_with_the_nearest_name():
    with pytest.raises(LoepFout, match="Onbekende dimensie 'gemeenten'; bedoelde u 'gemeente'"):
        find("gemeenten")
    with pytest.raises(LoepFout, match="loep dimensies"):
        find("xyzzy")


def test_every_dimension_is_documented():
    dictionary = (DOCS / "data-dictionary.md").read_text(encoding="utf-8")
    for d in DIMENSIONS:
        assert f"| `{d.naam}` |" in dictionary, f"{d.naam} ontbreekt in docs/data-dictionary.md"
        assert d.uitleg and d.label and d.voorbeeld, d.naam
        for alias in d.aliassen:
            assert f"`{alias}`" in dictionary, alias


# --- values as a user types them ------------------------------------------------------------------


@pytest.mark.parametrize("dim, typed, canonical", [
    ("graad", "okan", "OKAN"), ("onderwijsvorm", "OKAN", "okan"), ("onderwijsvorm", "HBO5", "hbo5"),
    ("type", "Type 9", "Type 9"), ("type", "9", "Type 9"), ("type", 9.0, "Type 9"), ("type", "type9", "Type 9"),
    ("geslacht", "vrouwelijk", "Vrouwelijk"), ("geslacht", "V", "Vrouwelijk"), ("geslacht", "meisjes", "Vrouwelijk"),
    ("nationaliteit", "niet belg", "niet-Belg"), ("net", "GO!", "Gemeenschapsonderwijs"),
    ("opleidingsvorm", "OV3", "Beroepsonderwijs"), ("opleidingsvorm", 3, "Beroepsonderwijs"),
    ("inrichtende_macht", "vgc", "VGC"), ("regiotype", "centrumsteden", "Centrumsteden"),
])
def test_values_as_typed(q, raw, dim, typed, canonical):
    col = "nationaliteit" if dim == "nationaliteit" else dim
    expected = int(raw.loc[raw[col] == canonical, "aantal"].sum())
    assert q.count(filters={dim: typed}) == expected


def test_hoofdstructuur_by_code_or_label(q, raw):
    code_311 = int(raw.loc[raw["hoofdstructuurcode"] == "311", "aantal"].sum())
    assert q.count(filters=["hoofdstructuur=311"]) == code_311
    assert q.count(filters={"hoofdstructuurcode": 311.0}) == code_311
    buso = int(raw.loc[raw["hoofdstructuur"] == "Buitengewoon secundair onderwijs", "aantal"].sum())
    assert q.count(filters=["hoofdstructuur=buso"]) == buso == q.count(filters=["hoofdstructuur=321"])
    # Syntra sits inside code 311 (as in the official files)
    syntra = int(raw.loc[raw["hoofdstructuur"] == "Syntra", "aantal"].sum())
    assert syntra > 0 and syntra == q.count(filters=[["hoofdstructuur", "Syntra"], ["hoofdstructuurcode", "311"]])


def test_school_number_without_leading_zeros(q, raw):
    school = raw["school"].iloc[0]
    expected = int(raw.loc[raw["school"] == school, "aantal"].sum())
    assert q.count(filters={"school": school}) == expected
    assert q.count(filters={"instellingsnummer": int(school)}) == expected


@pytest.mark.parametrize("filters, message", [
    (["gemeente=Gnt"], "Onbekende gemeente 'Gnt'; bedoelde u 'Gent'?"),
    (["type=Type 12"], "Onbekend type 'Type 12'"),
    (["nationalitiet=Belg"], "Onbekende dimensie 'nationalitiet' (argument 'filter'); bedoelde u 'nationaliteit'?"),
    (["onderwijsvorm bso"], "heeft geen '='"),
    ([["onderwijsvorm", "bso", "tso"]], "heeft 3 cellen"),
    (["basis=woonplaatz"], "Onbekende basis 'woonplaatz'"),
    (["=bso"], "noemt geen dimensie vóór '='"),
    (123, "zijn geen tekst 'dimensie=waarde'"),
    (["onderwijsvorm=bso", "onderwijsvorm=tso"], "staat meer dan eens in de filters"),
    (["hoofdstructuur=311;buso"], "codes (311, 312, 321) óf namen"),
])
def test_filter_errors_are_dutch(q, filters, message):
    with pytest.raises(LoepFout) as exc:
        q.count("2024-2025", filters=filters)
    assert message in exc.value.boodschap


def test_an_empty_filter_is_no_filter_never_zero(q, raw):
    total = int(raw.loc[raw["schooljaar"] == "2024-2025", "aantal"].sum())
    for empty in ({"onderwijsvorm": []}, {"onderwijsvorm": ""}, ["onderwijsvorm="], [["", ""]], [[None, None]],
                  {"provincie": "Vlaanderen en Brussel"}, {"graad": "alle"}):
        assert q.count("2024-2025", filters=empty) == total, empty
    # the same value twice is one filter
    bso = int(raw.loc[(raw["schooljaar"] == "2024-2025") & (raw["onderwijsvorm"] == "bso"), "aantal"].sum())
    assert q.count("2024-2025", filters=["onderwijsvorm=bso", "onderwijsvorm=BSO"]) == bso


def test_a_long_value_is_cut_in_the_message(q):
    with pytest.raises(LoepFout) as exc:
        q.count("2024-2025", filters={"net": "x" * 10_000})
    assert len(exc.value.boodschap) < 600


# --- no lookup loses rows ---------------------------------------------------------------------------


def test_every_programme_spelling_counts_its_own_rows_in_every_year(q, raw):
    expected = raw.groupby(["schooljaar", "studierichting"], observed=True)["aantal"].sum()
    for (jaar, naam), n in expected.items():
        assert q.count(schooljaar=jaar, studierichting=naam) == n, (jaar, naam)


def test_the_renamed_programme_of_the_issue(q, raw):
    naam = "Assistentie in wonen, zorg en welzijn DL"
    sel = raw[(raw["schooljaar"] == "2025-2026") & (raw["provincie"] == "Antwerpen") & (raw["duaal"] == "ja")
              & (raw["studierichting"] == naam)]
    assert int(sel["aantal"].sum()) > 0
    assert q.count(schooljaar="2025-2026", provincie="Antwerpen", duaal="ja", studierichting=naam) == \
        int(sel["aantal"].sum())


def test_pivot_totals_are_the_sums_of_their_parts_and_of_the_data(q, raw):
    p = q.pivot("provincie", "onderwijsvorm", schooljaar="2024-2025")
    wide = p.wide()
    body = wide.iloc[:-1]
    value_cols = [c for c in wide.columns if c not in ("Provincie", "Totaal")]
    assert (body[value_cols].sum(axis=1) == body["Totaal"]).all()
    assert (body[value_cols].sum(axis=0) == wide.iloc[-1][value_cols]).all()
    assert wide.iloc[-1]["Totaal"] == int(raw.loc[raw["schooljaar"] == "2024-2025", "aantal"].sum())


# --- random pivots and counts against plain pandas ------------------------------------------------------


def _typed_variant(value: str, how: int) -> str:
    return (value, value.upper(), value.lower(), f"  {value} ")[how % 4]


@st.composite
def pivots(draw, raw):
    dims = draw(st.lists(st.sampled_from(CHECKED), min_size=1, max_size=3, unique=True))
    rows, cols = dims[:1 + draw(st.integers(0, len(dims) - 1))], []
    cols = [d for d in dims if d not in rows]
    others = [d for d in CHECKED if d not in dims and d != "schooljaar"]
    fdims = draw(st.lists(st.sampled_from(others), min_size=0, max_size=2, unique=True))
    filters = {}
    for d in fdims:
        values = sorted(raw[d].unique())
        picked = draw(st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True))
        filters[d] = picked
    year = None if "schooljaar" in dims or draw(st.booleans()) else draw(st.sampled_from(sorted(raw["schooljaar"]
                                                                                                .unique())))
    return rows, cols, filters, year, draw(st.integers(0, 3))


def test_random_pivots_against_pandas(q, raw):
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(pivots(raw))
    def check(case):
        rows, cols, filters, year, how = case
        sel = raw if year is None else raw[raw["schooljaar"] == year]
        for d, values in filters.items():
            sel = sel[sel[d].isin(values)]
        expected = sel.groupby(rows + cols, observed=True)["aantal"].sum()
        expected = expected[expected > 0]
        typed = {d: ";".join(_typed_variant(v, how) if d not in ("school", "vestigingsplaats", "schooljaar") else v
                             for v in vs) for d, vs in filters.items()}
        p = q.pivot(rows, cols, schooljaar=year, filters=typed)
        got = p.cellen.set_index(rows + cols)["aantal"] if len(p.cellen) else pd.Series(dtype=np.int64)
        assert len(got) == len(expected)
        assert got.sum() == expected.sum() == p.totaal
        got_d = {k if isinstance(k, tuple) else (k,): v for k, v in got.items()}
        exp_d = {k if isinstance(k, tuple) else (k,): v for k, v in expected.items()}
        assert got_d == exp_d
        assert (p.matrix.sum(axis=1) == p.rij_totalen).all()

    check()


def test_random_counts_with_three_filters_against_pandas(q, raw):
    rng = np.random.default_rng(3)
    for _ in range(60):
        dims = rng.choice([d for d in CHECKED if d != "schooljaar"], 3, replace=False)
        row = raw.iloc[int(rng.integers(len(raw)))]
        year = row["schooljaar"]
        sel = raw[raw["schooljaar"] == year]
        filters = []
        for d in dims:
            sel = sel[sel[d] == row[d]]
            value = row[d] if d in ("school", "vestigingsplaats") else _typed_variant(row[d], int(rng.integers(4)))
            filters.append(f"{d}={value}")
        assert q.count(year, filters=filters) == int(sel["aantal"].sum()), filters


def test_pivot_benchmark_smoke(demo_store, capsys):
    """The benchmark runs and its pivots equal DuckDB's (the speed targets are for the full run, not for CI)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import bench_pivot

    bench_pivot.main(["--data", str(demo_store), "--pivots", "6", "--tellingen", "2000"])
    out = capsys.readouterr().out
    assert "resultaten gelijk aan DuckDB: 6/6" in out
