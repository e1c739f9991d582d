"""The three buttons on an xlwings Book of the remote (Office.js) engine, asserting on the queued actions.

The same ``addin.excel.buttons`` functions run on the desktop; here the remote engine records what
Excel would be asked to do, and every figure is checked against plain pandas over the rows.
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from addin.core import store
from addin.core.dataset import Dataset
from addin.core.errors import LoepFout
from addin.core.labels import PROVINCIES
from addin.core.query import Query
from addin.core.schema import CANONICAL_COLUMNS
from addin.excel import buttons, desktop
from addin.excel import functions as f
from canonical_fixture import make_dataset

DANGEROUS = ("=HYPERLINK(\"http://example.org\")", "+32 kantoor", "-min", "@risico")


def with_dangerous_labels() -> Dataset:
    """The canonical fixture with programme names that Excel would read as formulas."""
    ds = make_dataset()
    frame = ds.frame.copy()
    col = frame["studierichting"].astype(object)
    rows = frame.index[(frame["schooljaar"] == "2024-2025") & (frame["provincie_vestigingsplaats"] == "Antwerpen")]
    for i, label in zip(rows[:4], DANGEROUS):
        col.loc[i] = label
    frame["studierichting"] = col.astype("category")
    return Dataset(frame, ds.info)


@pytest.fixture(scope="module")
def dataset():
    ds = with_dangerous_labels()
    f.use_query(Query(ds))
    yield ds
    f.use_query(None)


@pytest.fixture(scope="module")
def remote():
    """xw.Book(json=...) as xlwings Server builds it (remote engine, noncommercial licence)."""
    old = os.environ.get("XLWINGS_LICENSE_KEY")
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
    import xlwings as xw
    from xlwings.pro import _xlremote

    if "remote" not in [e.name for e in xw.engines]:
        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))
    yield xw
    if old is None:
        os.environ.pop("XLWINGS_LICENSE_KEY", None)
    else:
        os.environ["XLWINGS_LICENSE_KEY"] = old


PARAMS = [["Parameters", None], [None, None], ["Parameter", "Waarde"], ["provincie", "antwerpen"],
          ["basis", "vestigingsplaats"], ["van", 2022], ["tot", "2024-25"], [None, None], ["Resultaat", None]]


def book(xw, sheets, loep_sheets=(), names=()):
    """A remote Book as Office.js sends it; ``loep_sheets`` carry Loep's marker name (workbook scope).

    Args:
        sheets: (name, values) per sheet.
        loep_sheets: names of sheets that Loep made earlier (a ``Loep_blad_<name>`` name refers to them).
        names: further payload entries of workbook-level names (name, refers_to).
    """
    order = [n for n, _ in sheets]
    payload = [marker(s, order.index(s)) for s in loep_sheets]
    payload += [{"name": n, "refers_to": r, "type": "Error", "sheet_index": None, "address": None,
                 "scope_sheet_name": None, "scope_sheet_index": None, "book_scope": True} for n, r in names]
    return xw.Book(json={
        "client": "Office.js", "version": "0.37.8",
        "book": {"name": "Vraag.xlsx", "active_sheet_index": 0, "selection": "A1"}, "names": payload,
        "sheets": [{"name": n, "values": v, "pictures": [], "tables": []} for n, v in sheets],
    })


def marker(sheet: str, index: int) -> dict:
    """The payload entry of the workbook-level name Excel holds for Loep's sheet ``sheet`` (as Office.js reads it)."""
    quoted = "'" + sheet.replace("'", "''") + "'" if not sheet.isalnum() else sheet
    return {"name": f"Loep_blad_{sheet}", "refers_to": f"={quoted}!$A$1", "type": "Range", "sheet_index": index,
            "address": "A1", "scope_sheet_name": None, "scope_sheet_index": None, "book_scope": True}


def actions(b):
    return b.json()["actions"]


def param_sheet(**changes):
    rows = [list(r) for r in PARAMS]
    for r in rows:
        if r[0] in changes:
            r[1] = changes[r[0]]
    return rows


# --- parameters -----------------------------------------------------------------------------------


def test_parameters_are_read_and_normalised(dataset, remote):
    p = buttons.read_parameters(book(remote, [("Start", [[None]]), ("Parameters", PARAMS)]))
    assert (p.provincie, p.basis, p.van, p.tot) == ("Antwerpen", "vestigingsplaats", "2022-2023", "2024-2025")
    assert p.jaren == ("2022-2023", "2023-2024", "2024-2025")
    empty = buttons.read_parameters(book(remote, [("Parameters", param_sheet(van=None, tot="", basis=None))]))
    assert (empty.van, empty.tot, empty.basis) == ("2016-2017", "2025-2026", "vestigingsplaats")


@pytest.mark.parametrize("sheets,message", [
    ([("Start", [[None]])], "Het blad 'Parameters' ontbreekt; maak een blad 'Parameters'"),
    ([("Parameters", [["provincie", "Antwerpen"], ["van", 2020], ["tot", 2021]])],
     "Op het blad 'Parameters' ontbreekt de regel 'basis'"),
    ([("Parameters", param_sheet(provincie="Antwrpen"))],
     "Blad 'Parameters': Onbekende provincie 'Antwrpen'; bedoelde u 'Antwerpen'?"),
    ([("Parameters", param_sheet(provincie=None))], "Blad 'Parameters': Argument 'provincie' ontbreekt"),
    ([("Parameters", param_sheet(provincie="Vlaanderen en Brussel"))], "kies bij 'provincie' één provincie"),
    ([("Parameters", param_sheet(basis="zetel2"))], "Blad 'Parameters': Onbekende basis 'zetel2'"),
    ([("Parameters", param_sheet(van=2024, tot=2020))], "ligt na 'tot'"),
    ([("Parameters", param_sheet(tot=2040))], "Schooljaar '2040-2041' (argument 'tot') zit niet in de gegevens"),
])
def test_parameter_mistakes_are_explained_in_dutch(dataset, remote, sheets, message):
    with pytest.raises(LoepFout) as info:
        buttons.read_parameters(book(remote, sheets))
    assert message in info.value.boodschap


# --- Blad Parameters maken -----------------------------------------------------------------------------


def test_parameters_aanmaken_builds_the_sheet_with_drop_downs(dataset, remote):
    b = book(remote, [("Blad1", [[None]])])
    message = buttons.parameters_aanmaken(b)
    acts = actions(b)
    assert acts[0]["func"] == "addSheet" and acts[0]["args"] == [0, "Parameters"]
    rows = {a["start_row"]: a["values"][0] for a in acts if a["func"] == "setValues" and a["start_column"] == 0}
    years = sorted(dataset.frame["schooljaar"].astype(str).unique())
    assert [rows[r][:2] for r in (3, 4, 5, 6, 7)] == [["vraag", "duaal-leren-antwerpen"], ["provincie", "Antwerpen"],
                                                      ["basis", "vestigingsplaats"], ["van", years[0]],
                                                      ["tot", years[-1]]]
    assert rows[8][:2] == ["Resultaat", message]
    lists = {a["start_row"]: a["args"][0]["values"] for a in acts if a["func"] == "setDataValidationList"}
    from addin.core.questionspec import builtin_specs

    assert lists == {3: builtin_specs(), 4: list(PROVINCIES), 5: ["vestigingsplaats", "hoofdzetel", "woonplaats"],
                     6: years, 7: years}
    assert all(a["start_column"] == 1 for a in acts if a["func"] == "setDataValidationList")


def test_parameters_aanmaken_keeps_valid_user_values(dataset, remote):
    b = book(remote, [("Blad1", [[None]]), ("Parameters", param_sheet(provincie="Limburg", basis="woonplaats"))],
             loep_sheets=["Parameters"])
    buttons.parameters_aanmaken(b)
    acts = actions(b)
    assert [a["func"] for a in acts[:4]] == ["nameDelete", "sheetDelete", "addSheet", "namesAdd"]
    assert acts[2]["args"] == [1, "Parameters"]
    rows = {a["start_row"]: a["values"][0] for a in acts if a["func"] == "setValues" and a["start_column"] == 0}
    assert [rows[r][1] for r in (3, 4, 5, 6, 7)] == ["duaal-leren-antwerpen", "Limburg", "woonplaats", "2022-2023",
                                                     "2024-2025"]
    # the sheet it writes is read back by the other buttons
    written = [[None, None]] * 2 + [rows[r][:2] if r in rows else [None, None] for r in range(2, 9)]
    again = buttons.read_parameters(book(remote, [("Parameters", written)]))
    assert (again.provincie, again.basis, again.van, again.tot) == ("Limburg", "woonplaats", "2022-2023",
                                                                    "2024-2025")


def test_parameters_aanmaken_when_its_sheet_is_the_only_one(dataset, remote):
    """Issue 9: 'Parameters maken' on a book whose only sheet is Loep's Parameters sheet gave IndexError (500).

    A workbook keeps at least one sheet, so the new sheet is added before the old one is deleted and then
    takes its name; the user's valid choices are kept.
    """
    b = book(remote, [("Parameters", param_sheet(provincie="Limburg"))], loep_sheets=["Parameters"])
    message = buttons.parameters_aanmaken(b)
    acts = actions(b)
    funcs = [a["func"] for a in acts]
    add, delete = funcs.index("addSheet"), funcs.index("sheetDelete")
    assert add < delete  # never zero sheets
    temporary = acts[add]["args"][1]
    assert temporary != "Parameters"
    rename = next(a for a in acts if a["func"] == "setSheetName")
    assert rename["args"] == ["Parameters"] and funcs.index("setSheetName") > delete
    assert [s.name for s in b.sheets] == ["Parameters"]
    added = [a for a in acts if a["func"] == "namesAdd"]
    assert added[-1]["args"][:2] == ["Loep_blad_Parameters", "='Parameters'!$A$1"]
    rows = {a["start_row"]: a["values"][0] for a in acts if a["func"] == "setValues" and a["start_column"] == 0}
    assert rows[4][:2] == ["provincie", "Limburg"] and rows[8][:2] == ["Resultaat", message]


def test_parameters_aanmaken_leaves_a_users_only_sheet_alone(dataset, remote):
    b = book(remote, [("parameters", [["mijn eigen blad"]])])
    with pytest.raises(LoepFout, match="Het blad 'parameters' is niet door Loep gemaakt"):
        buttons.parameters_aanmaken(b)
    assert actions(b) == []


# --- Gegevens ophalen ---------------------------------------------------------------------------------


def expected_rows(frame: pd.DataFrame) -> pd.DataFrame:
    years = {"2022-2023", "2023-2024", "2024-2025"}
    return frame[frame["schooljaar"].astype(str).isin(years)
                 & (frame["provincie_vestigingsplaats"].astype(str) == "Antwerpen")]


def test_gegevens_ophalen_writes_the_rows_as_a_table(dataset, remote):
    b = book(remote, [("Start", [[None]]), ("Parameters", PARAMS)])
    message = buttons.gegevens_ophalen(b)
    acts = actions(b)
    assert acts[0]["func"] == "addSheet" and acts[0]["args"] == [2, "Gegevens"]
    top = buttons.DATA_TOP_ROW - 1  # 0-based row of the table header
    cells = {a["start_row"]: a["values"] for a in acts if a["func"] == "setValues" and a["sheet_position"] == 2}
    assert cells[0][0][0].startswith("Opgeschoonde rijen: Antwerpen")
    assert cells[1] == [[dataset.info.samenvatting]]  # provenance above the table
    values = cells[top]
    expected = expected_rows(dataset.frame)
    assert values[0] == list(CANONICAL_COLUMNS)
    assert len(values) - 1 == len(expected)
    aantal = values[0].index("aantal")
    assert sum(r[aantal] for r in values[1:]) == int(expected["aantal"].sum())
    table = next(a for a in acts if a["func"] == "addTable")
    assert table["args"] == [f"$A${top + 1}:${get_column_letter(len(CANONICAL_COLUMNS))}${top + len(values)}", True,
                             "TableStyleMedium2", "Gegevens"]
    text_cols = {a["start_column"] for a in acts if a["func"] == "setNumberFormat" and a["args"] == ["@"]}
    assert values[0].index("studierichting") in text_cols and aantal not in text_cols
    # the result message next to 'Resultaat' (row 9, column B) of the Parameters sheet
    report = [a for a in acts if a["func"] == "setValues" and a["sheet_position"] == 1]
    assert report[-1]["start_row"] == 8 and report[-1]["start_column"] == 1
    assert report[-1]["values"] == [[message]]
    assert message.startswith("Gegevens opgehaald") and f"{len(expected)} rijen voor Antwerpen" in message
    assert f"Dataversie {dataset.info.dataversie}." in message


def test_large_selections_are_written_in_blocks_and_capped(dataset, remote, monkeypatch):
    expected = expected_rows(dataset.frame)
    monkeypatch.setattr(buttons, "CHUNK_ROWS", 50)
    b = book(remote, [("Parameters", PARAMS)])
    buttons.gegevens_ophalen(b)
    top = buttons.DATA_TOP_ROW - 1
    blocks = [a for a in actions(b) if a["func"] == "setValues" and a["sheet_position"] == 1
              and a["start_row"] >= top]
    assert [a["start_row"] for a in blocks] == list(range(top, top + len(expected) + 1, 50))
    assert sum(len(a["values"]) for a in blocks) == len(expected) + 1
    monkeypatch.setattr(buttons, "MAX_ROWS", len(expected) - 1)
    with pytest.raises(LoepFout) as info:
        buttons.gegevens_ophalen(book(remote, [("Parameters", PARAMS)]))
    assert f"De selectie telt {len(expected)} rijen, meer dan de {len(expected) - 1}" in info.value.boodschap


def test_labels_from_data_never_become_formulas(dataset, remote):
    b = book(remote, [("Parameters", PARAMS)])
    buttons.gegevens_ophalen(b)
    values = next(a for a in actions(b) if a["func"] == "setValues" and a["sheet_position"] == 1
                  and a["start_row"] == buttons.DATA_TOP_ROW - 1)["values"]
    col = values[0].index("studierichting")
    written = {r[col] for r in values[1:]}
    for label in DANGEROUS:
        assert "'" + label in written and label not in written
    assert all(not (isinstance(v, str) and v[:1] in "=+-@") for r in values for v in r)


def test_existing_gegevens_sheet_is_replaced_in_place(dataset, remote):
    b = book(remote, [("Start", [[None]]), ("Gegevens", [["oud"]]), ("Parameters", PARAMS)], loep_sheets=["Gegevens"])
    buttons.gegevens_ophalen(b)
    acts = actions(b)
    assert acts[0]["func"] == "nameDelete" and acts[0]["args"][2] == "Loep_blad_Gegevens"
    assert acts[1]["func"] == "sheetDelete" and acts[1]["sheet_position"] == 1
    assert acts[2]["func"] == "addSheet" and acts[2]["args"] == [1, "Gegevens"]
    assert acts[3]["func"] == "namesAdd" and acts[3]["args"] == ["Loep_blad_Gegevens", "='Gegevens'!$A$1"]


# --- only Loep's own sheets are replaced -------------------------------------------------------------


def sheet_changes(b) -> list:
    return [a for a in actions(b) if a["func"] in ("sheetDelete", "addSheet", "nameDelete", "namesAdd")]


@pytest.mark.parametrize("button,own", [
    (buttons.vraagtabellen_vullen, "v1"),        # any case: Excel treats 'v1' and 'V1' as the same sheet
    (buttons.vraagtabellen_vullen, "V5b"),       # the last table: nothing is written before the check
    (buttons.gegevens_ophalen, "Gegevens"),
    (buttons.parameters_aanmaken, "Parameters"),
])
def test_a_users_own_sheet_is_never_deleted(dataset, remote, button, own):
    sheets = list(dict([("Start", [[None]]), ("Parameters", PARAMS), (own, [["mijn eigen werk"]])]).items())
    b = book(remote, sheets, loep_sheets=[n for n, _ in sheets if n not in (own, "Start")])
    with pytest.raises(LoepFout) as info:
        button(b)
    assert info.value.boodschap.startswith(f"Het blad '{own}' is niet door Loep gemaakt; hernoem of verwijder "
                                           f"het eerst.")
    assert sheet_changes(b) == []  # nothing deleted, nothing added
    assert not [a for a in actions(b) if a["func"] == "setValues"]


def test_desktop_button_shows_the_refusal(dataset, remote):
    b = book(remote, [("Parameters", PARAMS), ("V1", [["eigen"]])], loep_sheets=["Parameters"])
    assert desktop.vraagtabellen_vullen(b) is None
    alert = next(a for a in actions(b) if a["func"] == "alert")
    assert "Het blad 'V1' is niet door Loep gemaakt; hernoem of verwijder het eerst." in alert["args"][0]
    assert not [a for a in actions(b) if a["func"] == "sheetDelete"]


def test_renamed_or_deleted_loep_sheet_does_not_make_a_new_namesake_loeps(dataset, remote):
    # Loep's V1 was renamed to 'Oud V1' (its marker followed it); the user made a new 'V1'.
    b = book(remote, [("Parameters", PARAMS), ("Oud V1", [["oud"]]), ("V1", [["eigen"]])],
             loep_sheets=["Parameters", "Oud V1"])
    b.api["names"][1]["name"] = "Loep_blad_V1"  # the name keeps the sheet's old name
    with pytest.raises(LoepFout, match="Het blad 'V1' is niet door Loep gemaakt"):
        buttons.vraagtabellen_vullen(b)
    assert sheet_changes(b) == []
    # Loep's V1 was deleted (its marker now refers to #REF!); the user made a new 'V1'.
    b = book(remote, [("Parameters", PARAMS), ("V1", [["eigen"]])], loep_sheets=["Parameters"],
             names=[("Loep_blad_V1", "=#REF!$A$1")])
    with pytest.raises(LoepFout, match="Het blad 'V1' is niet door Loep gemaakt"):
        buttons.vraagtabellen_vullen(b)
    assert sheet_changes(b) == []


def test_sheets_loep_made_are_marked_and_replaced_on_the_next_click(dataset, remote):
    first = book(remote, [("Start", [[None]]), ("Parameters", PARAMS)], loep_sheets=["Parameters"])
    buttons.vraagtabellen_vullen(first)
    keys = ["V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b", "V5a", "V5b"]
    marks = [a["args"] for a in actions(first) if a["func"] == "namesAdd"]
    assert marks == [[f"Loep_blad_{k}", f"='{k}'!$A$1"] for k in keys]
    # the next click: the same workbook, now with those sheets and their names (as Excel sends them back)
    sheets = [("Start", [[None]]), ("Parameters", PARAMS)] + [(k, [["oud"]]) for k in keys]
    second = book(remote, sheets, loep_sheets=["Parameters"] + keys)
    buttons.vraagtabellen_vullen(second)
    changes = sheet_changes(second)
    assert [a["args"][2] for a in changes if a["func"] == "nameDelete"] == [f"Loep_blad_{k}" for k in keys]
    assert len([a for a in changes if a["func"] == "sheetDelete"]) == len(keys)
    assert [a["args"][1] for a in changes if a["func"] == "addSheet"] == keys
    assert [a["args"][0] for a in changes if a["func"] == "namesAdd"] == [f"Loep_blad_{k}" for k in keys]


def test_a_stale_marker_is_replaced_not_duplicated(dataset, remote):
    b = book(remote, [("Parameters", PARAMS)], loep_sheets=["Parameters"],
             names=[("Loep_blad_Gegevens", "=#REF!$A$1")])
    buttons.gegevens_ophalen(b)
    changes = [(a["func"], a["args"][2] if a["func"] == "nameDelete" else a["args"][:2]) for a in sheet_changes(b)]
    assert changes == [("addSheet", [1, "Gegevens"]), ("nameDelete", "Loep_blad_Gegevens"),
                       ("namesAdd", ["Loep_blad_Gegevens", "='Gegevens'!$A$1"])]


@pytest.mark.parametrize("refers_to,sheet", [
    ("=V1!$A$1", "V1"), ("='Mijn ''blad'''!$A$1", "Mijn 'blad'"), ("='V 1'!A1", "V 1"), ("=#REF!$A$1", None),
    ("=#REF!", None), ("=1+1", None), ("", None), (None, None),
])
def test_referenced_sheet(refers_to, sheet):
    assert buttons.referenced_sheet(refers_to) == sheet


# --- Vraagtabellen vullen ------------------------------------------------------------------------------


def test_vraagtabellen_vullen_makes_one_sheet_per_table(dataset, remote):
    b = book(remote, [("Start", [[None]]), ("Parameters", PARAMS)])
    message = buttons.vraagtabellen_vullen(b)
    acts = actions(b)
    added = [a["args"][1] for a in acts if a["func"] == "addSheet"]
    assert added == ["V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b", "V5a", "V5b"]
    assert [a["args"][3] for a in acts if a["func"] == "addTable"] == [f"Tabel_{k}" for k in added]
    v1_pos = next(a["args"][0] for a in acts if a["func"] == "addSheet" and a["args"][1] == "V1")
    v1 = [a for a in acts if a["func"] == "setValues" and a["sheet_position"] == v1_pos]
    assert v1[0]["values"][0][0].startswith("V1.")  # the title in A1
    table = max(v1, key=lambda a: len(a["values"]))["values"]
    tabel = next(a for a in acts if a["func"] == "addTable" and a["args"][3] == "Tabel_V1")["args"][0]
    assert tabel == f"$A${table_row(v1)}:$F${table_row(v1) + len(table) - 1}"
    col = table[0].index("Leerlingen in duale opleidingen (aantal)")
    frame = dataset.frame
    for row in table[1:]:
        sub = frame[(frame["schooljaar"] == row[0]) & (frame["provincie_vestigingsplaats"] == "Antwerpen")
                    & frame["duaal"]]
        assert row[col] == int(sub["aantal"].sum())
    assert [r[0] for r in table[1:]] == ["2022-2023", "2023-2024", "2024-2025"]
    formats = {a["args"][0] for a in acts if a["func"] == "setNumberFormat" and a["sheet_position"] == v1_pos}
    assert "[$-813]#,##0" in formats and "[$-813]0.0 %" in formats
    assert message.startswith("Vraagtabellen gevuld") and "V1, V2" in message


def table_row(set_values) -> int:
    """1-based row of the header of the largest block written (the table)."""
    return max(set_values, key=lambda a: len(a["values"]))["start_row"] + 1


# --- Antwoordbundel maken ---------------------------------------------------------------------------------


def test_antwoordbundel_maken_writes_a_new_workbook(dataset, remote, tmp_path, monkeypatch):
    data = tmp_path / "data"
    store._write_store(data / store.STORE_NAME, dataset.frame, dataset.info,
                       {y: dataset.info.bases for y in dataset.info.schooljaren})
    monkeypatch.setenv("LOEP_DATA", str(data))
    b = book(remote, [("Parameters", PARAMS)])
    first = buttons.antwoordbundel_maken(b, tmp_path / "uit")
    second = buttons.antwoordbundel_maken(b, tmp_path / "uit")
    assert first.workbook_path != second.workbook_path  # never overwrites
    assert first.workbook_path.parent == tmp_path / "uit"
    wb = openpyxl.load_workbook(first.workbook_path)
    assert "V1" in wb.sheetnames


# --- desktop entry points (same buttons, errors shown to the user) -----------------------------------------


def test_desktop_button_reports_mistake_without_traceback(dataset, remote):
    b = book(remote, [("Parameters", param_sheet(provincie="Antwrpen"))])
    assert desktop.gegevens_ophalen(b) is None
    acts = actions(b)
    alert = next(a for a in acts if a["func"] == "alert")
    assert "Onbekende provincie 'Antwrpen'; bedoelde u 'Antwerpen'?" in alert["args"][0]
    report = next(a for a in acts if a["func"] == "setValues")
    assert report["values"][0][0].startswith("Fout: Blad 'Parameters': Onbekende provincie")


def test_safe_text():
    assert buttons.safe_text("=1+1") == "'=1+1"
    assert buttons.safe_text("-") == "'-"
    assert buttons.safe_text("Antwerpen") == "Antwerpen"
    assert buttons.safe_text(-3) == -3


# --- the task-pane button's download link (Office.js) ---------------------------------------------------


def test_task_pane_download_link_is_relative_to_the_page(dataset, remote, tmp_path, monkeypatch):
    """A colleague reaches a team server at its own address: the link must not name 'localhost'."""
    import asyncio
    import importlib

    data = tmp_path / "data"
    store._write_store(data / store.STORE_NAME, dataset.frame, dataset.info,
                       {y: dataset.info.bases for y in dataset.info.schooljaren})
    monkeypatch.setenv("LOEP_DATA", str(data))
    monkeypatch.setenv("LOEP_DOWNLOADS", str(tmp_path / "downloads"))
    monkeypatch.setenv("LOEP_SERVER_URL", "http://localhost:8000")  # what 'loep server --host 0.0.0.0' used to set
    scripts = importlib.import_module("addin.server.custom_scripts.loep")
    b = book(remote, [("Parameters", PARAMS)], loep_sheets=["Parameters"])
    asyncio.run(scripts.antwoordbundel_maken(None, b))  # xlwings passes the current user first
    acts = actions(b)
    link = next(a for a in acts if a["func"] == "addHyperlink")
    url = link["args"][0]
    assert url.startswith("/loep/download/") and "//" not in url and "localhost" not in url
    assert (link["start_row"], link["start_column"]) == (8, 2)  # column C next to 'Resultaat'
    token = url.rsplit("/", 1)[1]
    from addin.excel import downloads

    path = downloads.resolve(token)
    assert path is not None and path.parent == (tmp_path / "downloads" / token).resolve()
    assert "V1" in openpyxl.load_workbook(path).sheetnames
    alert = next(a for a in acts if a["func"] == "alert")
    assert "localhost" not in alert["args"][0] and "taakvenster" in alert["args"][0]


def test_the_vraag_cell_chooses_the_question(dataset, remote, tmp_path):
    """The Parameters sheet names a built-in question; the tables button builds that question's tables."""
    sheet = PARAMS[:3] + [["vraag", "voorbeeld-west-vlaanderen-woonplaats"]] + PARAMS[3:]
    b = book(remote, [("Start", [[None]]), ("Parameters", sheet)])
    assert buttons.read_parameters(b).vraag == "voorbeeld-west-vlaanderen-woonplaats"
    message = buttons.vraagtabellen_vullen(b)
    added = [a["args"][1] for a in actions(b) if a["func"] == "addSheet"]
    assert added == ["V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b"]  # that question's tables, no V5a/V5b
    assert "voorbeeld-west-vlaanderen-woonplaats" in message
    wrong = PARAMS[:3] + [["vraag", "okan"]] + PARAMS[3:]
    with pytest.raises(LoepFout, match="Blad 'Parameters', 'vraag': Onbekende vraag 'okan'"):
        buttons.read_parameters(book(remote, [("Parameters", wrong)]))
    own = tmp_path / "vraag.toml"
    own.write_text((Path(buttons.__file__).parents[1] / "vragen" / "duaal-leren-antwerpen.toml").read_text("utf-8"),
                   encoding="utf-8")
    path = PARAMS[:3] + [["vraag", str(own)]] + PARAMS[3:]
    with pytest.raises(LoepFout, match="Onbekende vraag"):  # the server never reads a path from a cell
        buttons.read_parameters(book(remote, [("Parameters", path)]))
    assert buttons.read_parameters(book(remote, [("Parameters", path)]), eigen_bestand=True).vraag == str(own)
    assert buttons.read_parameters(book(remote, [("Parameters", PARAMS)])).vraag == "duaal-leren-antwerpen"
