"""LOEP.AANTAL, LOEP.DRAAITABEL and LOEP.WAARDEN over every dimension, against plain pandas on the rows of the
demo store's Parquet file (read here with pandas, not through the query engine)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin.core import store
from addin.core.dimensions import BY_NAAM, DIMENSIONS
from addin.core.errors import LoepFout
from addin.core.query import Query
from addin.excel import functions as f
from addin.excel import udfs

YEAR = "2024-2025"
#: what a hidden cell shows under the default policy: a small count, a cell hidden to protect one
SIGNS = (__import__("addin.core.disclosure", fromlist=["x"]).Policy().primair_teken,
         __import__("addin.core.disclosure", fromlist=["x"]).Policy().secundair_teken)
#: dimension -> column of the canonical Parquet table (the province under the default basis)
PLAIN = {d.naam: d.kolom for d in DIMENSIONS if d.kolom and d.soort not in ("schooljaar", "janee")}


@pytest.fixture(scope="module")
def rows(demo_store):
    """The raw canonical rows, as pandas reads the Parquet file."""
    frame = pd.read_parquet(demo_store / store.STORE_NAME)
    f.use_query(Query(store.load(demo_store)))
    yield frame
    f.use_query(None)


def pandas_count(rows, schooljaar=YEAR, **eq) -> int:
    """Sum of 'aantal' over the rows where each column equals (or is in) the given value(s)."""
    if schooljaar is not None:
        rows = by_year(rows, schooljaar)
    mask = pd.Series(True, index=rows.index)
    for col, value in eq.items():
        values = value if isinstance(value, (list, tuple, set)) else [value]
        mask &= rows[col].isin(values)
    return int(rows.loc[mask, "aantal"].sum())


_YEARS: dict = {}


def by_year(rows, schooljaar):
    """The rows of one school year (kept per frame and year: the tests ask for the same years often)."""
    key = (id(rows), schooljaar)
    if key not in _YEARS:
        _YEARS[key] = rows[rows["schooljaar"] == schooljaar]
    return _YEARS[key]


def common_values(rows, col, n=2, schooljaar=YEAR) -> list:
    sub = by_year(rows, schooljaar)
    return list(sub.groupby(col, observed=True)["aantal"].sum().sort_values(ascending=False).index[:n])


# --- LOEP.AANTAL ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("naam", sorted(PLAIN))
def test_aantal_filters_on_every_dimension(rows, naam):
    col = PLAIN[naam]
    for value in common_values(rows, col):
        assert f.aantal(YEAR, f"{naam}={value}") == pandas_count(rows, **{col: value}), (naam, value)


def test_aantal_by_alias_and_official_column_name(rows):
    gemeente = common_values(rows, "gemeente", 1)[0]
    expected = pandas_count(rows, gemeente=gemeente)
    assert f.aantal(YEAR, f"gemeente={gemeente}") == expected
    assert f.aantal(YEAR, f"vestiging_fusiegemeente_naam={gemeente}") == expected
    assert f.aantal(YEAR, f"Fusiegemeente={gemeente.upper()}") == expected
    assert f.aantal(2024, "net=GO") == pandas_count(rows, onderwijsnet="Gemeenschapsonderwijs")
    assert f.aantal("2024-25", "type=9") == pandas_count(rows, type_buitengewoon_onderwijs="Type 9")


def test_aantal_several_values_and_several_filters(rows):
    both = f.aantal(YEAR, "onderwijsvorm=bso;tso")
    assert both == pandas_count(rows, onderwijsvorm=["bso", "tso"]) == (
        f.aantal(YEAR, "onderwijsvorm=bso") + f.aantal(YEAR, "onderwijsvorm=tso"))
    prov = "Limburg"
    assert f.aantal(YEAR, "onderwijsvorm=bso;tso", f"provincie={prov}", "geslacht=V") == pandas_count(
        rows, onderwijsvorm=["bso", "tso"], provincie_vestigingsplaats=prov, geslacht="Vrouwelijk")
    # the same dimension twice with other values: an error, never a silent intersection or union
    with pytest.raises(LoepFout, match="staat meer dan eens in de filters"):
        f.aantal(YEAR, "onderwijsvorm=bso;tso", "onderwijsvorm=tso")


def test_aantal_with_a_two_column_range(rows):
    net = "Vrij gesubsidieerd onderwijs"
    expected = pandas_count(rows, onderwijsnet=net, provincie_vestigingsplaats="Antwerpen", onderwijsvorm="aso")
    rng = [["dimensie", "waarde"], ["net", net], [None, None], ["provincie", "Antwerpen"], ["onderwijsvorm", "aso"]]
    assert f.aantal(YEAR, rng) == expected
    # the same filters split over a range and a text, and as Office.js sends a one-row range (flattened)
    assert f.aantal(YEAR, [["net", net], ["provincie", "Antwerpen"]], "onderwijsvorm=aso") == expected
    assert f.aantal(YEAR, ["net", net], [["provincie=Antwerpen"], ["onderwijsvorm=aso"]]) == expected
    assert f.aantal(YEAR, [["net=" + net, "provincie=Antwerpen", "onderwijsvorm=aso"]]) == expected


def test_aantal_empty_filters_count_everything(rows):
    assert f.aantal(YEAR) == f.aantal(YEAR, None, "", [[None, None]], [[]]) == pandas_count(rows)


def test_aantal_basis_as_a_filter(rows):
    assert f.aantal(YEAR, "provincie=Limburg", "basis=woonplaats") == pandas_count(
        rows, provincie_woonplaats="Limburg")


def test_aantal_numbers_from_cells(rows):
    """Excel hands a typed 1 or 311 as 1.0 / 311.0."""
    assert f.aantal(2024.0, [["hoofdstructuur", 311.0]]) == pandas_count(rows, hoofdstructuur_code="311")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_counts_with_up_to_three_filters(rows, data):
    year = data.draw(st.sampled_from(sorted(rows["schooljaar"].unique())))
    names = data.draw(st.lists(st.sampled_from(sorted(PLAIN)), min_size=1, max_size=3, unique=True))
    sub = by_year(rows, year)
    filters, eq = [], {}
    for naam in names:
        col = PLAIN[naam]
        values = sorted(sub[col].dropna().unique(), key=str)
        chosen = data.draw(st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True))
        filters.append(f"{naam}={';'.join(map(str, chosen))}")
        eq[col] = chosen
    assert f.aantal(year, *filters) == pandas_count(rows, year, **eq)


# --- LOEP.DRAAITABEL ------------------------------------------------------------------------------------


def as_dict(spill, n_labels):
    header, body = spill[0], spill[1:]
    out = {}
    for row in body:
        key = tuple(row[:n_labels])
        for h, v in zip(header[n_labels:], row[n_labels:]):
            out[key, h] = v
    return header, out


def test_draaitabel_rows_by_columns_with_totals(rows):
    spill = f.draaitabel("provincie", "onderwijsvorm", YEAR, "geslacht=vrouwelijk", "geheimhouding=uit")
    header, cells = as_dict(spill, 1)
    assert header[0] == "Provincie" and header[-1] == "Totaal"
    sub = by_year(rows, YEAR)
    sub = sub[sub["geslacht"] == "Vrouwelijk"]
    expected = sub.pivot_table(index="provincie_vestigingsplaats", columns="onderwijsvorm", values="aantal",
                               aggfunc="sum", fill_value=0, observed=True)
    expected = expected.loc[expected.sum(axis=1) > 0, expected.sum(axis=0) > 0]
    for prov in expected.index:
        for vorm in expected.columns:
            assert cells[(prov,), vorm] == expected.loc[prov, vorm], (prov, vorm)
        assert cells[(prov,), "Totaal"] == expected.loc[prov].sum()
    for vorm in expected.columns:
        assert cells[("Totaal",), vorm] == expected[vorm].sum()
    assert cells[("Totaal",), "Totaal"] == int(sub["aantal"].sum())
    assert spill[-1][0] == "Totaal"
    # a column with no pupils at all is no column; a cell without pupils is 0, never empty
    assert all(isinstance(v, int) for v in cells.values())


def test_draaitabel_two_row_dimensions_and_years_as_columns(rows):
    years = ["2022-2023", "2023-2024", "2024-2025"]
    spill = f.draaitabel("regiotype,net", "schooljaar", [[y] for y in years], "onderwijsvorm=buso",
                         [["geheimhouding", "uit"]])
    header, cells = as_dict(spill, 2)
    assert header[:2] == [BY_NAAM["regiotype"].label, BY_NAAM["net"].label] and header[2:] == years + ["Totaal"]
    sub = rows[rows["schooljaar"].isin(years) & (rows["onderwijsvorm"] == "buso")]
    grouped = sub.groupby(["regiotype", "onderwijsnet", "schooljaar"], observed=True)["aantal"].sum()
    for (regio, net, jaar), n in grouped.items():
        assert cells[(regio, net), jaar] == n
    assert sum(v for (k, h), v in cells.items() if k[0] != "Totaal" and h != "Totaal") == int(sub["aantal"].sum())
    assert cells[("Totaal", ""), "Totaal"] == int(sub["aantal"].sum())


def test_draaitabel_without_columns_has_one_count_column(rows):
    spill = f.draaitabel([["type"]], None, 2024, [["hoofdstructuur", "buso"], ["geheimhouding", "uit"]])
    header, cells = as_dict(spill, 1)
    assert header == [BY_NAAM["type"].label, "Aantal"]
    sub = by_year(rows, YEAR)
    sub = sub[sub["hoofdstructuur_code"] == "321"]
    for t, n in sub.groupby("type_buitengewoon_onderwijs", observed=True)["aantal"].sum().items():
        if n:
            assert cells[(t,), "Aantal"] == n
    assert cells[("Totaal",), "Aantal"] == int(sub["aantal"].sum())


def test_draaitabel_every_year_when_the_year_is_a_dimension(rows):
    spill = f.draaitabel("schooljaar", None, None, "duaal=ja", "geheimhouding=uit")
    _, cells = as_dict(spill, 1)
    for jaar, n in rows[rows["duaal"]].groupby("schooljaar", observed=True)["aantal"].sum().items():
        assert cells[(jaar,), "Aantal"] == n


def test_desktop_and_office_js_draaitabel_are_the_same_function(rows):
    assert udfs.LOEP_DRAAITABEL("gemeente", "geslacht", YEAR, "onderwijsvorm=okan") == f.draaitabel(
        "gemeente", "geslacht", YEAR, "onderwijsvorm=okan")
    assert udfs.LOEP_AANTAL(YEAR, "graad=2") == f.aantal(YEAR, "graad=2") == pandas_count(rows, graad="2e graad")


# --- small counts: hidden by default -------------------------------------------------------------------------


def test_draaitabel_hides_small_counts_and_what_would_reveal_them(rows, monkeypatch):
    monkeypatch.delenv("LOEP_GEHEIMHOUDING", raising=False)
    monkeypatch.delenv("LOEP_GEHEIMHOUDING_DREMPEL", raising=False)
    spill = f.draaitabel("gemeente", "geslacht", YEAR, "onderwijsvorm=okan")
    header, cells = as_dict(spill, 1)
    sub = by_year(rows, YEAR)
    sub = sub[sub["onderwijsvorm"] == "okan"]
    exact = sub.groupby(["gemeente", "geslacht"], observed=True)["aantal"].sum()
    shown = hidden = 0
    for (gemeente, geslacht), n in exact.items():
        value = cells[(gemeente,), geslacht]
        if isinstance(value, int):
            assert value == n and not 0 < value < 5  # what is shown is exact, and never a small count
            shown += 1
        else:
            assert value in SIGNS and (value == SIGNS[0]) == (0 < n < 5)
            hidden += 1
    assert shown and hidden
    assert all(v in SIGNS or isinstance(v, int) and not 0 < v < 5 for v in cells.values())
    # no row and no column (totals included) with exactly one hidden cell: it would follow from its total
    body = [r[1:] for r in spill[1:]]
    for line in body + [list(col) for col in zip(*body)]:
        assert sum(isinstance(v, str) for v in line) != 1, line
    # the same pivot with the protection off (not for publication): every count exact
    _, open_cells = as_dict(f.draaitabel("gemeente", "geslacht", YEAR, "onderwijsvorm=okan", "geheimhouding=uit"), 1)
    for (gemeente, geslacht), n in exact.items():
        assert open_cells[(gemeente,), geslacht] == n
    # a higher threshold hides more; the environment's setting is the default
    ten = as_dict(f.draaitabel("gemeente", "geslacht", YEAR, "onderwijsvorm=okan", "drempel=10"), 1)[1]
    assert not any(isinstance(v, int) and 0 < v < 10 for v in ten.values())
    monkeypatch.setenv("LOEP_GEHEIMHOUDING", "uit")
    assert as_dict(f.draaitabel("gemeente", "geslacht", YEAR, "onderwijsvorm=okan"), 1)[1] == open_cells


def test_a_pivot_of_a_handful_of_pupils_cannot_be_protected(rows):
    from addin.core.disclosure import Policy
    from addin.core.query import Pivot
    from addin.report.pivot_table import protect

    pivot = Pivot(("geslacht",), ("graad",), (("Mannelijk",), ("Vrouwelijk",)), (("1e graad",), ("2e graad",)),
                  np.array([[1, 1], [1, 1]], dtype=np.int64), {}, (YEAR,), "vestigingsplaats")
    with pytest.raises(LoepFout) as info:
        protect(pivot, Policy())
    assert info.value.boodschap.startswith("Deze draaitabel telt in totaal minder dan 10 leerlingen")
    assert protect(pivot, Policy(aan=False)) is None


@pytest.mark.parametrize("value,message", [
    ("geheimhouding=soms", "Ongeldige waarde 'soms' voor 'geheimhouding': verwacht 'aan' of 'uit'"),
    ("drempel=2", "Ongeldige waarde '2' voor 'drempel': verwacht een geheel getal van 3 tot 100"),
    ("drempel=vijf", "Ongeldige waarde 'vijf' voor 'drempel'"),
])
def test_wrong_protection_settings(rows, value, message):
    with pytest.raises(LoepFout) as info:
        f.draaitabel("provincie", None, YEAR, value)
    assert message in info.value.boodschap


# --- LOEP.WAARDEN ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dim", DIMENSIONS, ids=[d.naam for d in DIMENSIONS])
def test_waarden_of_every_dimension_holds_every_value_in_the_data(rows, dim):
    values = [v[0] for v in f.waarden(dim.naam)]
    assert values and len(values) == len(set(values))
    col = {"schooljaar": "schooljaar", "provincie": "provincie_vestigingsplaats"}.get(dim.naam, dim.kolom)
    present = {("ja" if v else "nee") if isinstance(v, (bool, np.bool_)) else str(v) for v in rows[col].dropna().unique()}
    assert present <= set(values), present - set(values)


def test_waarden_without_argument_lists_the_dimensions(rows):
    assert [v[0] for v in f.waarden()] == [d.naam for d in DIMENSIONS]
    assert f.waarden([[None]]) == f.waarden("")


# --- wrong arguments: Dutch messages ---------------------------------------------------------------------

WRONG = [
    (lambda: f.aantal(YEAR, "bso"), "Argument 'filter1' ('bso') is geen filter: schrijf 'dimensie=waarde'"),
    (lambda: f.aantal(YEAR, None, "net="), "Argument 'filter2' ('net='): de waarde na '=' ontbreekt"),
    (lambda: f.aantal(YEAR, 12), "Argument 'filter1' ('12') is geen filter"),
    (lambda: f.aantal(YEAR, [["net", "GO", "x"]]), "Argument 'filter1' heeft 3 kolommen"),
    (lambda: f.aantal(YEAR, [["net", "GO"], ["provincie", None]]),
     "Argument 'filter1', rij 2 van het bereik: bij dimensie 'provincie' ontbreekt de waarde"),
    (lambda: f.aantal(YEAR, [["net", "GO"], [None, "Limburg"]]),
     "Argument 'filter1', rij 2 van het bereik: bij waarde 'Limburg' ontbreekt de dimensie"),
    (lambda: f.aantal(YEAR, "onderwijsvrom=bso"), "Onbekende dimensie 'onderwijsvrom'"),
    (lambda: f.aantal(YEAR, "onderwijsvrom=bso"), "bedoelde u 'onderwijsvorm'?"),
    (lambda: f.aantal(YEAR, "net=GOO"), "net 'GOO'"),
    (lambda: f.aantal(None, "net=GO"), "Argument 'schooljaar' ontbreekt"),
    (lambda: f.draaitabel(None), "Argument 'rijen' ontbreekt"),
    (lambda: f.draaitabel("provincie", "provincie", YEAR), "staat zowel in de rijen als in de kolommen"),
    (lambda: f.draaitabel("provincie"), "LOEP.DRAAITABEL telt leerlingen per schooljaar, maar deze vraag omvat 10 "
                                        "schooljaren (2016-2017 tot 2025-2026)"),
    (lambda: f.draaitabel("provincie", None, [[2023], [2024]]), "zet 'schooljaar' bij de rijen of de kolommen"),
    (lambda: f.draaitabel("provinsie", None, YEAR), "Onbekende dimensie 'provinsie' (argument 'rijen')"),
    (lambda: f.draaitabel("provinsie", None, YEAR), "bedoelde u 'provincie'?"),
    (lambda: f.waarden("natonaliteit"), "Onbekende dimensie 'natonaliteit'"),
    (lambda: f.waarden("natonaliteit"), "bedoelde u 'nationaliteit'?"),
]


@pytest.mark.parametrize("call,message", WRONG, ids=[m[:40] for _, m in WRONG])
def test_wrong_argument_gives_dutch_message(rows, call, message):
    with pytest.raises(LoepFout) as info:
        call()
    assert message in info.value.boodschap


def test_desktop_returns_the_message_as_text(rows):
    assert udfs.LOEP_AANTAL(YEAR, "bso").startswith("#WAARDE! Argument 'filter1' ('bso') is geen filter")
    spill = udfs.LOEP_DRAAITABEL("provinsie", None, YEAR)
    assert spill == [["#WAARDE! " + pytest.raises(LoepFout, f.draaitabel, "provinsie", None, YEAR).value.boodschap]]


# --- help texts: one definition for both hosts, within Excel's limits ------------------------------------


def test_help_of_the_new_functions_fits_and_names_the_registry():
    for name in ("aantal", "draaitabel", "waarden"):
        assert len(f.desktop_help(name)) <= 255
        assert "LOEP." not in f.desktop_help(name)
    for key in ("filter", "rijen", "kolommen", "schooljaar_draaitabel", "dimensie"):
        assert len(f.ARGS[key]) <= 255 and "LOEP." not in f.DESKTOP_ARGS[key]
    # LOEP.WAARDEN's argument lists the dimensions of the registry (as many as fit in 255 characters)
    named = [d.naam for d in DIMENSIONS if d.naam in f.ARGS["dimensie"]]
    assert len(named) >= 10 and "basis" in f.ARGS["dimensie"]
    params = dict(f.PARAMS["draaitabel"])
    assert list(params)[:3] == ["rijen", "kolommen", "schooljaar"]
    assert [k for k in params if k.startswith("filter")] == [f"filter{i}" for i in range(1, f.DRAAITABEL_FILTERS + 1)]
