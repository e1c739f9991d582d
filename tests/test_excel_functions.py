"""The LOEP cell functions as plain Python, against sums over the raw rows written here in pandas."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from addin.core.catalogue import catalogue, name_key
from addin.core.errors import LoepFout
from addin.core.labels import GRADEN, PROVINCIES
from addin.core.query import Query
from addin.excel import functions as f
from addin.excel import udfs


@pytest.fixture(scope="module")
def frame(small_dataset):
    f.use_query(Query(small_dataset))
    yield small_dataset.frame
    f.use_query(None)


def pandas_sum(frame, schooljaar=None, provincie=None, basis="vestigingsplaats", duaal=None, **eq) -> int:
    """Independent count: a boolean mask per filter over the canonical rows."""
    mask = pd.Series(True, index=frame.index)
    if schooljaar is not None:
        mask &= frame["schooljaar"].astype(str) == schooljaar
    if provincie is not None:
        mask &= frame[f"provincie_{basis}"].astype(object) == provincie
    if duaal is not None:
        mask &= frame["duaal"] == duaal
    for col, value in eq.items():
        mask &= frame[col].astype(object) == value
    return int(frame.loc[mask, "aantal"].sum())


# --- single counts -------------------------------------------------------------------------------


def test_duaal_matches_pandas_for_each_filter(frame):
    assert f.duaal("2024-2025") == pandas_sum(frame, "2024-2025", duaal=True)
    assert f.duaal("2024-2025", "Antwerpen") == pandas_sum(frame, "2024-2025", "Antwerpen", duaal=True)
    assert f.duaal(2020, "limburg", "bso") == pandas_sum(frame, "2020-2021", "Limburg", duaal=True,
                                                         onderwijsvorm="bso")
    assert f.duaal("2019-20", "West-Vlaanderen", None, 2) == pandas_sum(
        frame, "2019-2020", "West-Vlaanderen", duaal=True, graad="2e graad")
    assert f.duaal(2023, None, None, None, "STEM", "woonplaats") == pandas_sum(
        frame, "2023-2024", basis="woonplaats", duaal=True, sector="STEM")
    assert f.duaal(2022, "Brussel", basis="hoofdzetel") == pandas_sum(
        frame, "2022-2023", "Brussels Hoofdstedelijk Gewest", "hoofdzetel", duaal=True)
    assert f.duaal("2024-2025", "Antwerpen") > 0


def test_leerlingen_with_and_without_duaal(frame):
    alle = f.leerlingen("2024-2025", "Oost-Vlaanderen")
    assert alle == pandas_sum(frame, "2024-2025", "Oost-Vlaanderen")
    ja = f.leerlingen("2024-2025", "Oost-Vlaanderen", duaal="ja")
    nee = f.leerlingen("2024-2025", "Oost-Vlaanderen", duaal="nee")
    assert ja == pandas_sum(frame, "2024-2025", "Oost-Vlaanderen", duaal=True)
    assert nee == pandas_sum(frame, "2024-2025", "Oost-Vlaanderen", duaal=False)
    assert ja + nee == alle and ja > 0 and nee > 0
    assert f.leerlingen(2018, None, "tso", "3e graad") == pandas_sum(frame, "2018-2019", onderwijsvorm="tso",
                                                                    graad="3e graad")


@pytest.mark.parametrize("empty", [None, "", "  ", [[]], [[None]], [[""]], [], float("nan")])
def test_empty_optional_argument_means_no_filter(frame, empty):
    expected = pandas_sum(frame, "2021-2022", duaal=True)
    assert f.duaal("2021-2022", empty, empty, empty, empty, empty) == expected
    assert f.leerlingen("2021-2022", empty, empty, empty, empty, empty, empty) == pandas_sum(frame, "2021-2022")


@pytest.mark.parametrize("jaar", ["2024-2025", "2024-25", 2024, 2024.0, "2024", [[2024]], [[2024.0]], "2024/2025"])
def test_school_year_spellings(frame, jaar):
    assert f.duaal(jaar, "Antwerpen") == pandas_sum(frame, "2024-2025", "Antwerpen", duaal=True)


def test_office_js_shaped_arguments(frame):
    # every argument as a 2-D array, as Office.js sends them
    assert f.duaal([["2017-2018"]], [["Vlaams-Brabant"]], [["buso"]], [[None]], [[]], [[""]]) == pandas_sum(
        frame, "2017-2018", "Vlaams-Brabant", duaal=True, onderwijsvorm="buso")


# --- spilled results ------------------------------------------------------------------------------


def test_reeks_every_year_of_the_range(frame):
    rows = f.reeks("Antwerpen", "2018-2019", 2022)
    assert rows[0] == ["Schooljaar", "Leerlingen in duaal"]
    years = [f"{y}-{y + 1}" for y in range(2018, 2023)]
    assert [r[0] for r in rows[1:]] == years
    for jaar, n in rows[1:]:
        assert n == pandas_sum(frame, jaar, "Antwerpen", duaal=True)


def test_reeks_defaults_to_all_years_and_whole_region(frame):
    rows = f.reeks("Vlaanderen en Brussel", None, "", [[]])
    years = sorted(frame["schooljaar"].astype(str).unique())
    assert [r[0] for r in rows[1:]] == years
    assert sum(r[1] for r in rows[1:]) == pandas_sum(frame, duaal=True)


def test_tabel_question_1_and_2_against_pandas(frame):
    rows = f.tabel(1, "Limburg", None, 2019, 2021)
    assert "Limburg" in rows[0][0] and set(rows[0][1:]) == {""} and len(rows[0]) == len(rows[1])
    rows = rows[1:]  # the title row; header and body follow
    header, body = rows[0], rows[1:]
    assert header[0] == "Schooljaar"
    col = header.index("Leerlingen in duale opleidingen (aantal)")
    assert [r[0] for r in body] == ["2019-2020", "2020-2021", "2021-2022"]
    for r in body:
        assert r[col] == pandas_sum(frame, r[0], "Limburg", duaal=True)
    # the first year of the data has no previous year: NaN is written as an empty cell
    first = f.tabel(1, "Limburg", None, 2016, 2017)[1:]
    assert first[1][header.index("Verschil met vorig schooljaar (aantal)")] == ""
    assert first[2][header.index("Verschil met vorig schooljaar (aantal)")] == (
        pandas_sum(frame, "2017-2018", "Limburg", duaal=True) - pandas_sum(frame, "2016-2017", "Limburg", duaal=True))
    v2 = f.tabel("2", None, "woonplaats", "2024-2025", "2024-2025")[1:]
    for prov in PROVINCIES:
        assert v2[1][v2[0].index(f"{prov} (aantal)")] == pandas_sum(frame, "2024-2025", prov, "woonplaats",
                                                                    duaal=True)


def test_tabel_other_tables_by_key(frame):
    rows = f.tabel("3b", "Antwerpen", None, 2024, 2024)[1:]
    header = rows[0]
    assert rows[1][header.index("bso (aantal)")] == pandas_sum(frame, "2024-2025", "Antwerpen", duaal=True,
                                                               onderwijsvorm="bso")
    assert f.tabel("V5b", "Antwerpen")[1][0] == "Code"


def test_top_sectors_and_programmes(frame):
    rows = f.top("Antwerpen", "2024-2025", 3)
    sub = frame[(frame["schooljaar"] == "2024-2025") & (frame["provincie_vestigingsplaats"] == "Antwerpen")
                & frame["duaal"]]
    by_sector = sub.groupby("sector", observed=True)["aantal"].sum().sort_values(ascending=False)
    assert rows[0][:3] == ["Rang", "Sector", "Leerlingen (aantal)"]
    assert rows[1][1] == by_sector.index[0] and rows[1][2] == by_sector.iloc[0]
    assert [r[2] for r in rows[1:4]] == list(by_sector.iloc[:3])
    assert rows[0][3] == "Aandeel (%)"  # a percentage, as the header says: 25.0 means 25 %
    assert [r[3] for r in rows[1:4]] == pytest.approx(list(by_sector.iloc[:3] / sub["aantal"].sum() * 100))
    prog = f.top("Antwerpen", 2024, 1, "studierichting")
    by_prog = sub.groupby("studierichting", observed=True)["aantal"].sum()
    assert prog[1][2] == by_prog.max() and by_prog[prog[1][1]] == by_prog.max()


def test_nul_lists_catalogue_programmes_without_pupils(frame):
    rows = f.nul("West-Vlaanderen", "2023-2024")
    header = rows[0]
    codes = {r[header.index("Code")] for r in rows[1:]}
    sub = frame[(frame["schooljaar"] == "2023-2024") & (frame["provincie_vestigingsplaats"] == "West-Vlaanderen")
                & frame["duaal"]]
    with_pupils = {name_key(n) for n, a in sub.groupby("studierichting", observed=True)["aantal"].sum().items()
                   if a > 0}
    cat = catalogue()
    single = cat[~cat["naam"].map(name_key).duplicated(keep=False)]
    for code, naam in zip(single["code"], single["naam"]):
        assert (code in codes) == (name_key(naam) not in with_pupils), naam
    assert codes  # the small fixture leaves many programmes empty


def test_waarden_spill_vertically(frame):
    assert f.waarden("provincie") == [[p] for p in PROVINCIES]
    assert f.waarden("graad") == [[g] for g in GRADEN]
    assert f.waarden([["schooljaar"]]) == [[j] for j in sorted(frame["schooljaar"].astype(str).unique())]
    assert f.waarden("duaal") == [["ja"], ["nee"]]


def test_bron_names_source_date_version_and_synthetic(frame, small_dataset):
    rows = dict(f.bron())
    assert rows["Teldatum"] == "1 februari"
    assert rows["Dataversie"] == small_dataset.info.dataversie
    assert rows["Synthetisch"].startswith("ja")
    assert rows["Schooljaren"] == "2016-2017 tot 2025-2026"


# --- wrong arguments: Dutch messages ---------------------------------------------------------------

WRONG = [
    (lambda: f.duaal("2024-2025", "Antwerp"), "Onbekende provincie 'Antwerp'; bedoelde u 'Antwerpen'?"),
    (lambda: f.duaal("2024-2025", None, "bsoo"), "Onbekende onderwijsvorm 'bsoo'; bedoelde u 'bso'?"),
    (lambda: f.duaal("2024-2025", None, None, "7e graad"), "Onbekende graad '7e graad'"),
    (lambda: f.duaal("2024-2025", basis="wonplaats"), "Onbekende basis 'wonplaats'; bedoelde u 'woonplaats'?"),
    (lambda: f.duaal("2024-2026"), "Ongeldig schooljaar '2024-2026' (argument 'schooljaar')"),
    (lambda: f.duaal(2031), "Schooljaar '2031-2032' (argument 'schooljaar') zit niet in de gegevens"),
    (lambda: f.duaal(""), "Argument 'schooljaar' ontbreekt"),
    (lambda: f.duaal([[None]]), "Argument 'schooljaar' ontbreekt"),
    (lambda: f.duaal([[2023, 2024]]), "Argument 'schooljaar' verwacht één waarde"),
    (lambda: f.leerlingen(2024, duaal="misschien"), "Ongeldige waarde 'misschien' voor argument 'duaal'"),
    (lambda: f.reeks("", 2020), "Argument 'provincie' ontbreekt"),
    (lambda: f.reeks("Limburg", 2023, 2020), "Het schooljaar 'van' (2023-2024) ligt na 'tot' (2020-2021)"),
    (lambda: f.reeks("Limburg", "2010"), "Schooljaar '2010-2011' (argument 'van') zit niet in de gegevens"),
    (lambda: f.tabel(9), "Onbekende vraag of tabel '9' (argument 'vraag')"),
    (lambda: f.tabel(None), "Argument 'vraag' ontbreekt"),
    (lambda: f.top("Antwerpen", 2024, 0), "Ongeldige waarde '0' voor argument 'n'"),
    (lambda: f.top("Antwerpen", 2024, 5, "sectr"), "Ongeldige waarde 'sectr' voor argument 'niveau'"),
    (lambda: f.top("Antwerpen", None), "Argument 'schooljaar' ontbreekt"),
    (lambda: f.nul("Gent", 2024), "Onbekende provincie 'Gent'"),
    (lambda: f.waarden("provinsie"), "Onbekende dimensie 'provinsie'; bedoelde u 'provincie'?"),
]


@pytest.mark.parametrize("call,message", WRONG, ids=[m[:40] for _, m in WRONG])
def test_wrong_argument_gives_dutch_message(frame, call, message):
    with pytest.raises(LoepFout) as info:
        call()
    assert message in info.value.boodschap


def test_sector_suggestion(frame):
    with pytest.raises(LoepFout) as info:
        f.duaal(2024, sector="Sprot")
    assert "Onbekende sector 'Sprot'; bedoelde u 'Sport'?" in info.value.boodschap


# --- the desktop layer --------------------------------------------------------------------------------


def test_desktop_udfs_return_the_message_as_text(frame):
    """Classic xlwings cannot return an Excel error value: the Dutch message is text, and the help says so."""
    assert udfs.LOEP_DUAAL(2024, "Antwerpen") == pandas_sum(frame, "2024-2025", "Antwerpen", duaal=True)
    assert udfs.LOEP_DUAAL(2024, "Antwerp") == "#WAARDE! Onbekende provincie 'Antwerp'; bedoelde u 'Antwerpen'?"
    assert udfs.LOEP_REEKS("Antwerp") == [["#WAARDE! Onbekende provincie 'Antwerp'; bedoelde u 'Antwerpen'?"]]
    assert udfs.LOEP_WAARDEN("basis") == [["vestigingsplaats"], ["hoofdzetel"], ["woonplaats"]]
    assert udfs.LOEP_BRON()[0][0] == "Bron"


def test_help_texts_are_dutch_short_and_point_to_the_bulk_functions():
    for name, excel in f.FUNCTIONS.items():
        doc = getattr(udfs, f"LOEP_{excel}").__doc__
        assert len(doc) <= 255  # Excel's MacroOptions limit
        # desktop: the names as VBA spells them, and the warning that an error is text SOM skips
        assert doc.endswith("Fout? Dan staat '#WAARDE! uitleg' als tekst in de cel en telt SOM die cel niet mee.")
        assert "LOEP." not in doc
    for name in ("duaal", "leerlingen"):
        assert "LOEP.TABEL" in f.HELP[name] and "LOEP.REEKS" in f.HELP[name]
        assert "LOEP_TABEL" in f.desktop_help(name) and "LOEP_REEKS" in f.desktop_help(name)
    assert all(len(text) <= 255 for text in f.ARGS.values())
    assert f.DESKTOP_ARGS["sector"].count("LOEP_WAARDEN") == 1 and "LOEP." not in "".join(f.DESKTOP_ARGS.values())


def test_argument_texts_say_what_empty_means(frame):
    """TABEL's empty provincie is Antwerpen (not 'Vlaanderen en Brussel' as for the counts): each says its own."""
    assert "leeg = Vlaanderen en Brussel samen" in f.ARGS["provincie"]
    assert "leeg = Antwerpen" in f.ARGS["provincie_tabel"] and f.TABEL_PROVINCIE == "Antwerpen"
    # what the text promises is what the function does
    assert f.duaal(2024) == pandas_sum(frame, "2024-2025", duaal=True)
    empty, antwerpen = f.tabel(1, None, None, 2023, 2024), f.tabel(1, "Antwerpen", None, 2023, 2024)
    assert empty == antwerpen
    col = empty[1].index("Leerlingen in duale opleidingen (aantal)")
    assert [r[col] for r in empty[2:]] == [pandas_sum(frame, j, "Antwerpen", duaal=True)
                                           for j in ("2023-2024", "2024-2025")]


def test_function_wizard_shows_tabels_own_provincie_text(monkeypatch):
    """The metadata Excel (Office.js) reads: TABEL's provincie says 'leeg = Antwerpen', DUAAL's says all."""
    import importlib

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings.server

    meta = xlwings.server.custom_functions_meta(importlib.import_module("addin.server.custom_functions.loep"))
    params = {m["name"].upper(): {p["name"]: p["description"] for p in m["parameters"]} for m in meta["functions"]}
    assert params["TABEL"]["provincie"] == f.ARGS["provincie_tabel"]
    assert params["DUAAL"]["provincie"] == f.ARGS["provincie"]
    assert params["TOP"]["provincie"] == f.ARGS["provincie_verplicht"]



# --- what the spill shows: the region, and percentages under '(%)' ---------------------------------------


def test_tabel_title_row_names_region_basis_and_years(frame):
    rows = f.tabel(1, "oost-vlaanderen", "woonplaats", 2020, 2022)
    title = rows[0][0]
    assert title.startswith("V1.") and "Oost-Vlaanderen" in title and "woonplaats" in title
    assert "2020-2021 tot 2022-2023" in title
    assert rows[0][1:] == [""] * (len(rows[1]) - 1) and rows[1][0] == "Schooljaar"
    assert "Antwerpen" in f.tabel(1)[0][0]  # empty provincie: the title says which region it is
    assert f.tabel("5b", "Brussel", None, None, 2024)[0][0].startswith("V5b.")


def test_tabel_refuses_the_whole_region(frame):
    with pytest.raises(LoepFout) as info:
        f.tabel(1, "Vlaanderen en Brussel")
    assert info.value.boodschap.startswith("LOEP.TABEL werkt per provincie: geef bij 'provincie' één provincie "
                                           "of 'Brussel' (leeg = Antwerpen), niet 'Vlaanderen en Brussel'.")


def test_tabel_percentages_against_pandas(frame):
    rows = f.tabel(1, "Limburg", None, 2019, 2021)[1:]
    header = rows[0]
    share = header.index("Aandeel duale leerlingen (%)")
    growth = header.index("Verschil met vorig schooljaar (%)")
    for row in rows[1:]:
        jaar = row[0]
        vorig = f"{int(jaar[:4]) - 1}-{jaar[:4]}"
        dual, alle = pandas_sum(frame, jaar, "Limburg", duaal=True), pandas_sum(frame, jaar, "Limburg")
        before = pandas_sum(frame, vorig, "Limburg", duaal=True)
        assert row[share] == pytest.approx(100 * dual / alle)  # 1.2 means 1.2 %, as the header says
        assert row[growth] == pytest.approx(100 * (dual - before) / before)
    # per-1 000 columns are not percentages and stay as they are
    v2b = f.tabel("2b", None, None, 2024, 2024)[1:]
    col = v2b[0].index("Limburg per 1.000 (‰)")
    dual, alle = pandas_sum(frame, "2024-2025", "Limburg", duaal=True), pandas_sum(frame, "2024-2025", "Limburg")
    assert v2b[1][col] == pytest.approx(1000 * dual / alle)


def test_tabel_share_of_sectors_in_percent(frame):
    rows = f.tabel("4a", "West-Vlaanderen", None, 2022, 2024)[1:]
    header = rows[0]
    col = header.index("Aandeel 2024-2025 (%)")
    sub = frame[(frame["schooljaar"] == "2024-2025") & (frame["provincie_vestigingsplaats"] == "West-Vlaanderen")
                & frame["duaal"]]
    by_sector = sub.groupby("sector", observed=True)["aantal"].sum()
    sector = header.index("Sector")
    checked = 0
    for row in rows[1:]:
        if row[sector] in by_sector.index and row[col] != "":
            assert row[col] == pytest.approx(100 * by_sector[row[sector]] / by_sector.sum())
            checked += 1
    assert checked >= 3


def test_tabel_of_any_question_file(frame):
    """LOEP.TABEL(vraag; tabel; …) spills a table of a built-in question file, for its own parameters."""
    rows = f.tabel("voorbeeld-west-vlaanderen-woonplaats", "V1")
    assert "West-Vlaanderen" in rows[0][0] and "woonplaats" in rows[0][0]
    header, body = rows[1], rows[2:]
    col = header.index("Leerlingen in duale opleidingen (aantal)")
    years = sorted(y for y in frame["schooljaar"].astype(str).unique() if y >= "2019-2020")  # the file's van
    assert [r[0] for r in body] == years
    for r in body:
        assert r[col] == pandas_sum(frame, r[0], "West-Vlaanderen", "woonplaats", duaal=True)
    limburg = f.tabel("duaal-leren-antwerpen", "V3b", "Limburg", None, 2024, 2024)[1:]
    assert limburg[1][limburg[0].index("bso (aantal)")] == pandas_sum(frame, "2024-2025", "Limburg", duaal=True,
                                                                      onderwijsvorm="bso")
    assert f.tabel("duaal-leren-antwerpen")[0][0].startswith("V1.")  # empty tabel: the first one
    # the old form keeps working and is the same table as the new form with the same parameters
    assert f.tabel(1, "Limburg", None, 2019, 2021) == f.tabel("duaal-leren-antwerpen", "V1", "Limburg", None, 2019,
                                                             2021)


@pytest.mark.parametrize("call,message", [
    (lambda: f.tabel("voorbeeld-west-vlaanderen-woonplaat", "V1"), "Onbekende vraag 'voorbeeld-west-vlaanderen-woonplaat'"),
    (lambda: f.tabel("duaal-leren-antwerpen", "V9"), "onbekende tabel 'V9'"),
    (lambda: f.tabel("/etc/vraag.toml", "T1"), "Onbekende vraag '/etc/vraag.toml'"),  # no paths in a cell (server)
])
def test_tabel_question_mistakes(frame, call, message):
    with pytest.raises(LoepFout, match=message.replace("(", r"\(")):
        call()


def test_desktop_tabel_reads_an_own_question_file(frame, tmp_path):
    import shutil

    from addin.core.questionspec import load_spec

    own = tmp_path / "mijn-vraag.toml"
    shutil.copy(load_spec("voorbeeld-west-vlaanderen-woonplaats").pad, own)
    rows = udfs.LOEP_TABEL(str(own), "V1")  # the desktop may name its own file
    assert rows[0][0].startswith("V1.") and "West-Vlaanderen" in rows[0][0]
    with pytest.raises(LoepFout, match="Onbekende vraag"):  # the shared (server) function never reads a path
        f.tabel(str(own), "V1")


# --- LOEP.TABEL and the small-count protection (issue 10) -----------------------------------------------

SMALL = range(1, 5)  # counts 1 … 4: hidden under the default policy (drempel 5)


def dual_counts(frame, provincie: str, by: str) -> dict[tuple[str, str], int]:
    """(schooljaar, value of ``by``) -> dual pupils in ``provincie`` (vestigingsplaats), in plain pandas."""
    sub = frame[frame["duaal"] & (frame["provincie_vestigingsplaats"].astype(object) == provincie)]
    sums = sub.groupby([sub["schooljaar"].astype(str), sub[by].astype(str)])["aantal"].sum()
    return {k: int(v) for k, v in sums.items() if v > 0}


def cells_by_year_and_value(rows, header_of) -> dict[tuple[str, str], object]:
    """{(schooljaar, value): cell} of a spilled table whose cells are found with ``header_of(row, column)``."""
    header, body = rows[1], rows[2:]
    out = {}
    for r in body:
        for j, h in enumerate(header):
            key = header_of(r, h)
            if key is not None:
                out[key] = r[j]
    return out


def v3a_cells(rows):
    """V3a: a row per school year, a column '<graad> (aantal)' per graad."""
    label = {"n.v.t. (buso/Syntra)": "n.v.t."}  # the question file's label of graad 'n.v.t.'
    return cells_by_year_and_value(rows, lambda r, h: (r[0], label.get(h[:-9], h[:-9]))
                                   if h.endswith(" (aantal)") and not h.startswith("Totaal") else None)


def v4a_cells(rows):
    """V4a: a row per sector, a column '<schooljaar> (aantal)' per year."""
    return cells_by_year_and_value(rows, lambda r, h: (h[:9], r[0]) if h[:4].isdigit() and h.endswith(" (aantal)")
                                   else None)


@pytest.mark.parametrize("key,by,cells", [("3a", "graad", v3a_cells), ("4a", "sector", v4a_cells)])
def test_tabel_hides_every_small_count(frame, key, by, cells):
    """Each count pandas finds between 1 and 4 shows '<5' in the protected spill; 'uit' shows it exactly."""
    counts = dual_counts(frame, "Limburg", by)
    shown = cells(f.tabel(key, "Limburg", None, 2016, 2025))
    exact = cells(f.tabel(key, "Limburg", None, 2016, 2025, "uit"))
    small = {k: v for k, v in counts.items() if k in shown and v in SMALL}
    assert small, "the fixture should give this table small counts"
    for k, v in small.items():
        assert shown[k] == "<5", (k, v, shown[k])
        assert exact[k] == v
    for k, cell in exact.items():  # 'uit': every count exactly as pandas sums it (0 where there are none)
        assert cell == counts.get(k, 0), k
    for k, cell in shown.items():  # protected: a number shown is the true one, and never a small one
        assert cell in ("<5", "[c]") or (cell == counts.get(k, 0) and cell not in SMALL), (k, cell)
    assert any(cell == "[c]" for cell in shown.values())  # secondary suppression: a total cannot give them away


def test_tabel_shows_what_the_answer_workbook_shows(frame):
    """All tables of the question are protected together (as `loep antwoord` does): the spill is that table."""
    from addin.core.disclosure import Policy
    from addin.core.publication import publish
    from addin.core.questions import QuestionParams, build_tables

    params = QuestionParams(provincie="Limburg", van="2016-2017", tot="2025-2026", van_expliciet=True)
    published = {p.table.sleutel: p for p in publish(build_tables(Query(frame_dataset(frame)), params), Policy())}
    for key in ("V3a", "V4a", "V5a", "V5b"):
        rows = f.tabel(key, "Limburg", None, 2016, 2025)
        table = published[key].table
        assert rows[0][0] == f"{table.titel} — {Policy().tabel_melding}"  # the title says cells are hidden
        expected = f.frame_rows(table.frame)  # the header and the published cells (numbers: '(%)' differs)
        assert rows[1] == expected[0] and len(rows) == len(expected) + 1
        for i, (got, want) in enumerate(zip(rows[2:], expected[1:])):
            assert [g for g, w in zip(got, want) if isinstance(w, str)] == [w for w in want if isinstance(w, str)], i
        hidden = {(i + 2, list(map(str, table.frame.columns)).index(c)) for (i, c) in published[key].verborgen}
        assert {(i, j) for i, r in enumerate(rows) for j, v in enumerate(r) if v in ("<5", "[c]")} == hidden


def frame_dataset(frame):
    """The module's dataset (its frame is the fixture's) for a Query of the test's own."""
    import canonical_fixture

    ds = canonical_fixture.make_dataset()
    assert ds.frame.equals(frame)
    return ds


def test_tabel_old_and_new_form_take_geheimhouding(frame):
    """Old form: the sixth argument (everything after 'vraag' shifts one place), or the seventh; not both."""
    new = f.tabel("duaal-leren-antwerpen", "V3a", "Limburg", None, 2016, 2025, "uit")
    assert f.tabel("3a", "Limburg", None, 2016, 2025, "uit") == new
    assert f.tabel("3a", "Limburg", None, 2016, 2025, None, "uit") == new
    assert f.tabel("3a", "Limburg", None, 2016, 2025) == f.tabel("duaal-leren-antwerpen", "V3a", "Limburg", None,
                                                                   2016, 2025)
    assert new[0][0].startswith(f.TABEL_NIET_VOOR_PUBLICATIE) and "NIET VOOR PUBLICATIE" in new[0][0]
    assert "V3a." in new[0][0]
    with pytest.raises(LoepFout, match="in deze vorm is 'geheimhouding' het zesde argument"):
        f.tabel("3a", "Limburg", None, 2016, 2025, "uit", "aan")


@pytest.mark.parametrize("setting", ["uit", "nee", "onwaar", "UIT", False, 0, 0.0, [["uit"]], "geheimhouding=uit"])
def test_tabel_off_spellings(frame, setting):
    rows = f.tabel("3a", "Limburg", None, 2016, 2025, setting)
    assert rows[0][0].startswith("NIET VOOR PUBLICATIE")
    assert not any(v in ("<5", "[c]") for r in rows for v in r)


@pytest.mark.parametrize("setting", [None, "", "aan", "ja", "waar", True, 1, 1.0, "drempel=5", 5, "5"])
def test_tabel_on_spellings(frame, setting):
    assert f.tabel("3a", "Limburg", None, 2016, 2025, setting) == f.tabel("3a", "Limburg", None, 2016, 2025)


@pytest.mark.parametrize("setting", ["drempel=10", 10, "10", 10.0])
def test_tabel_threshold(frame, setting):
    counts = dual_counts(frame, "Limburg", "graad")
    shown = v3a_cells(f.tabel("3a", "Limburg", None, 2016, 2025, setting))
    small = {k: v for k, v in counts.items() if k in shown and 1 <= v <= 9}
    assert any(v >= 5 for v in small.values())  # more is hidden than with drempel 5
    assert all(shown[k] == "<10" for k in small)


def test_tabel_follows_the_configured_policy(frame, monkeypatch):
    monkeypatch.setenv("LOEP_GEHEIMHOUDING", "uit")
    assert f.tabel("3a", "Limburg", None, 2016, 2025)[0][0].startswith("NIET VOOR PUBLICATIE")
    assert "<5" in [v for r in f.tabel("3a", "Limburg", None, 2016, 2025, "aan") for v in r]  # the cell wins
    monkeypatch.setenv("LOEP_GEHEIMHOUDING", "aan")
    monkeypatch.setenv("LOEP_GEHEIMHOUDING_DREMPEL", "10")
    assert "<10" in [v for r in f.tabel("3a", "Limburg", None, 2016, 2025) for v in r]


@pytest.mark.parametrize("setting,message", [
    ("misschien", "Ongeldige waarde 'misschien' voor argument 'geheimhouding': verwacht 'aan' of 'uit'"),
    ("drempel=2", "Ongeldige waarde '2' voor de drempel in argument 'geheimhouding': verwacht een geheel getal van 3 "
                  "tot 100"),
    ("drempel=abc", "Ongeldige waarde 'abc' voor de drempel in argument 'geheimhouding'"),
    (2, "Ongeldige waarde '2' voor de drempel in argument 'geheimhouding'"),
    (4.5, "Ongeldige waarde '4.5' voor de drempel in argument 'geheimhouding'"),
    (500, "Ongeldige waarde '500' voor de drempel in argument 'geheimhouding'"),
    ([["aan", "uit"]], "Argument 'geheimhouding' verwacht één waarde"),
])
def test_tabel_bad_geheimhouding(frame, setting, message):
    for call in (lambda: f.tabel("3a", "Limburg", None, 2016, 2025, setting),
                 lambda: f.tabel("duaal-leren-antwerpen", "V3a", "Limburg", None, None, None, setting)):
        with pytest.raises(LoepFout) as info:
            call()
        assert message in info.value.boodschap
    assert udfs.LOEP_TABEL("3a", "Limburg", None, 2016, 2025, setting)[0][0].startswith("#WAARDE! " + message)


def test_tabel_is_kept_per_question_parameters_and_policy(frame, monkeypatch):
    """A recalculation of the same cell does not run the suppression again; another policy is another table."""
    import addin.core.publication as publication

    calls = []
    real = publication.publish
    monkeypatch.setattr(publication, "publish", lambda *a, **k: calls.append(1) or real(*a, **k))
    f._TABLES.clear()
    first = f.tabel("4a", "Oost-Vlaanderen")
    assert f.tabel("4a", "Oost-Vlaanderen") == first and len(calls) == 1
    assert f.tabel("3a", "Oost-Vlaanderen") and len(calls) == 1  # the same question: published together, once
    assert f.tabel("4a", "Oost-Vlaanderen", None, None, None, "drempel=10") != first and len(calls) == 2
    exact = f.tabel("4a", "Oost-Vlaanderen", None, None, None, "uit")
    assert exact[0][0].startswith("NIET VOOR PUBLICATIE") and len(calls) == 2
    first[2][1] = "changed by the caller"
    assert f.tabel("4a", "Oost-Vlaanderen")[2][1] != "changed by the caller"


def test_tabel_refuses_a_table_it_cannot_protect(frame):
    """A handful of pupils: hiding every cell still gives them away. The cell says so in Dutch, with what to do."""
    from canonical_fixture import make_dataset

    saved = f._state["query"]
    tiny = make_dataset(n=60, seed=2)
    tiny.frame["aantal"] = 1
    f.use_query(Query(tiny))
    try:
        with pytest.raises(LoepFout) as info:
            f.tabel("voorbeeld-inrichtende-macht-limburg", None, "Limburg")
        text = info.value.boodschap
        assert text.startswith("Geheimhouding: in tabel T1 is een verborgen cel uit de gepubliceerde cellen")
        assert "LOEP.TABEL toont deze tabel daarom niet" in text and "geheimhouding 'uit'" in text
        assert "--zonder-geheimhouding" not in text
        assert udfs.LOEP_TABEL("voorbeeld-inrichtende-macht-limburg", None, "Limburg") == [[f"#WAARDE! {text}"]]
        rows = f.tabel("voorbeeld-inrichtende-macht-limburg", None, "Limburg", None, None, None, "uit")
        assert rows[0][0].startswith("NIET VOOR PUBLICATIE")
    finally:
        f.use_query(saved)


def test_count_functions_say_they_are_exact():
    """Single counts, LOEP.REEKS and LOEP.TOP give exact numbers (internal use): their help says so, both hosts."""
    for name in ("duaal", "leerlingen", "aantal", "reeks", "top"):
        assert "exacte aantallen, ook kleine (voor intern gebruik)" in f.HELP[name]
        assert "publiceer kleine aantallen niet" in f.HELP[name] and "LOEP.TABEL" in f.HELP[name]
        assert "Exact, ook klein (intern): niet publiceren." in f.desktop_help(name)
    for name in ("tabel", "draaitabel"):
        assert "beschermd ('<5')" in f.HELP[name] and "exact" not in f.HELP[name].split("beschermd")[0]
    assert "'uit' = exacte aantallen, niet voor publicatie" in f.ARGS["geheimhouding"]
    assert "zesde argument" in f.ARGS["geheimhouding"]


def test_every_host_takes_geheimhouding(monkeypatch):
    import importlib
    import inspect

    from addin.excel import vba_functions

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings.server

    loep = importlib.import_module("addin.server.custom_functions.loep")
    assert list(inspect.signature(loep.tabel).parameters)[-1] == "geheimhouding"
    meta = xlwings.server.custom_functions_meta(loep)
    tabel = next(m for m in meta["functions"] if m["name"].upper() == "TABEL")
    assert tabel["parameters"][-1]["name"] == "geheimhouding"
    assert tabel["parameters"][-1]["description"] == f.ARGS["geheimhouding"]
    assert "Function LOEP_TABEL(vraag, Optional tabel, Optional provincie, Optional basis, Optional van, " \
           "Optional tot, Optional geheimhouding)" in vba_functions.udf_module()
    assert vba_functions.help_texts()["LOEP_TABEL"][1][-1] == f.DESKTOP_ARGS["geheimhouding"]
