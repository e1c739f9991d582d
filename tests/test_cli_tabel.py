"""``loep aantal --filter``, ``loep tabel`` and ``loep dimensies`` against plain pandas on the demo store's rows."""

from __future__ import annotations

import json
import re

import openpyxl
import pandas as pd
import pytest

from addin.cli.main import main as cli
from addin.core import store
from addin.core.dimensions import BY_NAAM, DIMENSIONS

YEAR = "2024-2025"


@pytest.fixture(scope="module")
def rows(demo_store):
    frame = pd.read_parquet(demo_store / store.STORE_NAME)
    return frame


def run(capsys, *argv):
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_aantal_with_repeated_filters(rows, demo_store, capsys):
    code, out, err = run(capsys, "aantal", "--schooljaar", "2024-25", "--provincie", "Antwerpen",
                         "--filter", "net=VGO", "--filter", "onderwijsvorm=bso;tso", "--data", str(demo_store))
    assert code == 0, err
    sub = rows[(rows["schooljaar"] == YEAR) & (rows["provincie_vestigingsplaats"] == "Antwerpen")
               & (rows["onderwijsnet"] == "Vrij gesubsidieerd onderwijs") & rows["onderwijsvorm"].isin(["bso", "tso"])]
    assert out.strip() == str(int(sub["aantal"].sum()))
    assert "synthetische demonstratiedata" in err  # provenance beside the bare number


def test_aantal_filter_errors_are_dutch(demo_store, capsys):
    code, _, err = run(capsys, "aantal", "--schooljaar", "2024", "--filter", "nett=GO", "--data", str(demo_store))
    assert code == 2 and "Onbekende dimensie 'nett'" in err and "bedoelde u 'net'?" in err
    code, _, err = run(capsys, "aantal", "--schooljaar", "2024", "--filter", "GO", "--data", str(demo_store))
    assert code == 2 and "heeft geen '='" in err and "Traceback" not in err


def parse_terminal(out: str) -> tuple[list[str], dict[tuple[str, str], int]]:
    """The aligned table printed by 'loep tabel' (one row dimension): header and {(row, column): count}."""
    lines = [line for line in out.splitlines() if line.strip() and not set(line.strip()) <= {"-", " "}]
    start = next(i for i, line in enumerate(lines) if line.startswith("Provincie"))
    header = re.split(r"\s{2,}", lines[start].strip())
    cells = {}
    for line in lines[start + 1:]:
        parts = re.split(r"\s{2,}", line.strip())
        for h, v in zip(header[1:], parts[1:]):
            assert re.fullmatch(r"\d{1,3}(\.\d{3})*", v), v  # Dutch thousands separator
            cells[parts[0], h] = int(v.replace(".", ""))
    return header, cells


def test_tabel_in_the_terminal(rows, demo_store, capsys):
    code, out, err = run(capsys, "tabel", "--rijen", "provincie", "--kolommen", "geslacht", "--schooljaar", YEAR,
                         "--filter", "hoofdstructuur=311", "--data", str(demo_store), "--zonder-geheimhouding")
    assert code == 0, err
    assert out.startswith("LET OP: synthetische demonstratiedata")  # synthetic output says so first
    assert "Leerlingen per provincie × geslacht, schooljaar 2024-2025" in out
    header, cells = parse_terminal(out)
    assert header[0] == "Provincie" and header[-1] == "Totaal"
    sub = rows[(rows["schooljaar"] == YEAR) & (rows["hoofdstructuur_code"] == "311")]
    expected = sub.groupby(["provincie_vestigingsplaats", "geslacht"], observed=True)["aantal"].sum()
    for (prov, geslacht), n in expected.items():
        assert cells[prov, geslacht] == n
    for prov, n in sub.groupby("provincie_vestigingsplaats", observed=True)["aantal"].sum().items():
        assert cells[prov, "Totaal"] == n
    assert cells["Totaal", "Totaal"] == int(sub["aantal"].sum())
    assert dutch(int(sub["aantal"].sum())) in out


def test_tabel_defaults_to_the_last_year_and_says_so(rows, demo_store, capsys):
    code, out, _ = run(capsys, "tabel", "--rijen", "provincie", "--data", str(demo_store), "--zonder-geheimhouding")
    last = sorted(rows["schooljaar"].unique())[-1]
    assert code == 0 and f"schooljaar {last}" in out
    _, cells = parse_terminal(out)
    assert cells["Totaal", "Aantal"] == int(rows.loc[rows["schooljaar"] == last, "aantal"].sum())


def test_tabel_van_tot_needs_the_year_as_a_dimension(rows, demo_store, capsys):
    code, _, err = run(capsys, "tabel", "--rijen", "provincie", "--van", "2020", "--tot", "2022",
                       "--data", str(demo_store))
    assert code == 2 and "omvat 3 schooljaren" in err and "Geef één schooljaar met --schooljaar" in err
    code, out, err = run(capsys, "tabel", "--rijen", "provincie", "--kolommen", "schooljaar", "--van", "2020",
                         "--tot", "2022", "--data", str(demo_store), "--zonder-geheimhouding")
    assert code == 0, err
    header, cells = parse_terminal(out)
    assert header[1:] == ["2020-2021", "2021-2022", "2022-2023", "Totaal"]
    sub = rows[rows["schooljaar"].isin(header[1:4])]
    assert cells["Totaal", "Totaal"] == int(sub["aantal"].sum())


def test_tabel_to_csv_with_metadata_and_no_silent_overwrite(rows, demo_store, tmp_path, capsys):
    target = tmp_path / "per-net.csv"
    argv = ["tabel", "--rijen", "net,provincie", "--kolommen", "onderwijsvorm", "--schooljaar", YEAR,
            "--filter", "geslacht=M", "--uit", str(target), "--data", str(demo_store), "--zonder-geheimhouding"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    net, provincie = BY_NAAM["net"].label, BY_NAAM["provincie"].label
    table = pd.read_csv(target, encoding="utf-8-sig", dtype={net: str, provincie: str})
    assert list(table.columns[:2]) == [net, provincie] and table.columns[-1] == "Totaal"
    sub = rows[(rows["schooljaar"] == YEAR) & (rows["geslacht"] == "Mannelijk")]
    body = table[table[net] != "Totaal"]
    expected = sub.groupby(["onderwijsnet", "provincie_vestigingsplaats", "onderwijsvorm"], observed=True)["aantal"].sum()
    got = body.set_index([net, provincie])
    for (net_value, prov, vorm), n in expected.items():
        assert got.loc[(net_value, prov), vorm] == n
    assert (got["Totaal"] == got.drop(columns="Totaal").sum(axis=1)).all()
    total = table[table[net] == "Totaal"].iloc[0]
    assert total["Totaal"] == int(sub["aantal"].sum())
    meta = json.loads((tmp_path / "per-net-metadata.json").read_text(encoding="utf-8"))
    assert meta["url"] == "per-net.csv" and "synthetische demonstratiedata" in meta["dc:description"]
    assert any("NIET VOOR PUBLICATIE" in n for n in meta["notes"])
    before = target.read_bytes()
    code, _, err = run(capsys, *argv)
    assert code == 2 and "bestaat al" in err and "--overschrijven" in err and target.read_bytes() == before
    assert run(capsys, *argv, "--overschrijven")[0] == 0
    assert not list(tmp_path.glob(".~*"))


def test_tabel_to_xlsx_says_where_the_numbers_come_from(rows, demo_store, tmp_path, capsys):
    target = tmp_path / "gok.xlsx"
    code, _, err = run(capsys, "tabel", "--rijen", "gok", "--kolommen", "nationaliteit", "--schooljaar", YEAR,
                       "--uit", str(target), "--data", str(demo_store), "--zonder-geheimhouding")
    assert code == 0, err
    ws = openpyxl.load_workbook(target).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0].startswith("LET OP: synthetische demonstratiedata")
    assert any(r[0] and r[0].startswith("NIET VOOR PUBLICATIE") for r in values[:6])
    start = next(i for i, r in enumerate(values) if r[0] == "Omkadering GOK" or (r[0] and r[-1] == "Totaal"))
    header = values[start]
    sub = rows[rows["schooljaar"] == YEAR]
    expected = sub.groupby(["school_krijgt_omkadering_gok", "belg_nietbelg"], observed=True)["aantal"].sum()
    got = {(r[0], h): v for r in values[start + 1:] for h, v in zip(header[1:], r[1:])}
    for (gok, nat), n in expected.items():
        assert got[gok, nat] == n
    assert got["Totaal", "Totaal"] == int(sub["aantal"].sum())


def test_tabel_files_hide_small_counts_by_default(rows, demo_store, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LOEP_GEHEIMHOUDING", raising=False)
    monkeypatch.delenv("LOEP_GEHEIMHOUDING_DREMPEL", raising=False)
    target = tmp_path / "okan.csv"
    code, out, err = run(capsys, "tabel", "--rijen", "gemeente", "--kolommen", "geslacht", "--schooljaar", YEAR,
                         "--filter", "onderwijsvorm=okan", "--uit", str(target), "--data", str(demo_store))
    assert code == 0, err
    assert "In deze tabel zijn cellen verborgen" in out
    table = pd.read_csv(target, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert "Mannelijk status" in table.columns and "Vrouwelijk status" in table.columns
    sub = rows[(rows["schooljaar"] == YEAR) & (rows["onderwijsvorm"] == "okan")]
    exact = sub.groupby(["gemeente", "geslacht"], observed=True)["aantal"].sum()
    got = table.set_index(BY_NAAM["gemeente"].label)
    for (gemeente, geslacht), n in exact.items():
        value, status = got.loc[gemeente, geslacht], got.loc[gemeente, f"{geslacht} status"]
        if status == "c":
            assert value == ""  # hidden: empty in the CSV, never the number
        else:
            assert status == "" and int(value) == n and not 0 < n < 5
    assert (got[["Mannelijk status", "Vrouwelijk status"]] == "c").to_numpy().sum() >= 2
    meta = json.loads((tmp_path / "okan-metadata.json").read_text(encoding="utf-8"))
    assert any("worden om privacyredenen niet vermeld" in n for n in meta["notes"])
    xlsx = tmp_path / "okan.xlsx"
    assert run(capsys, "tabel", "--rijen", "gemeente", "--kolommen", "geslacht", "--schooljaar", YEAR,
               "--filter", "onderwijsvorm=okan", "--uit", str(xlsx), "--data", str(demo_store))[0] == 0
    values = [c.value for row in openpyxl.load_workbook(xlsx).active.iter_rows() for c in row]
    assert "<5" in values and not any(isinstance(v, (int, float)) and 0 < v < 5 for v in values)


def test_labels_never_become_formulas(tmp_path):
    import numpy as np

    from addin.core.dataset import DataInfo
    from addin.core.query import Pivot
    from addin.report import pivot_table

    pivot = Pivot(("gemeente",), (), (("=HYPERLINK(\"x\")",), ("+1",), ("Gent",)), ((),),
                  np.array([[3], [4], [5]], dtype=np.int64), {}, (YEAR,), "vestigingsplaats")
    info = DataInfo(bronnen=(), schooljaren=(YEAR,), bases=("vestigingsplaats",), dataversie="t", synthetisch=False,
                    rijen=3, aangemaakt="2026-01-01T00:00:00")
    pivot_table.write_xlsx(pivot, info, tmp_path / "f.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    label = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert label.data_type == "s"
    pivot_table.write_csv(pivot, tmp_path / "f.csv")
    text = (tmp_path / "f.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "\n'+1," in text


def test_tabel_refuses_other_extensions_before_counting(demo_store, tmp_path, capsys):
    code, _, err = run(capsys, "tabel", "--rijen", "provincie", "--uit", str(tmp_path / "x.txt"),
                       "--data", str(demo_store))
    assert code == 2 and "'.csv' of '.xlsx'" in err and not list(tmp_path.iterdir())


def test_dimensies_lists_every_dimension_with_aliases_and_values(demo_store, capsys):
    code, out, _ = run(capsys, "dimensies", "--data", str(demo_store))
    assert code == 0
    for d in DIMENSIONS:
        block = re.search(rf"^{re.escape(d.naam)} — (.*?)(?=^\S|\Z)", out, re.S | re.M)
        assert block, d.naam
        for alias in d.aliassen:
            assert alias in block.group(1), (d.naam, alias)
        assert "waarden:" in block.group(1)
    assert "basis —" in out and "woonplaats" in out


def test_help_lists_the_dimensions_from_the_registry(capsys):
    for command in ("tabel", "aantal", "dimensies"):
        with pytest.raises(SystemExit):
            cli([command, "--help"])
        out = capsys.readouterr().out
        for d in DIMENSIONS:
            assert re.search(rf"^  {re.escape(d.naam)}\s+{re.escape(d.uitleg[:30])}", out, re.M), (command, d.naam)
