"""Table declarations ([[tabellen]]): every declared table of every shipped question file against plain
pandas on the canonical rows, the region and last-year rules, and the errors of a wrong declaration."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from addin.core.errors import LoepFout
from addin.core.labels import PROVINCIES
from addin.core.query import Query
from addin.core.questions import QuestionParams, build_question_tables
from addin.core.questionspec import builtin_specs, load_spec
from addin.core.tablespec import parse_table
from canonical_fixture import PROVINCE_COLUMN, make_dataset


@pytest.fixture(scope="module")
def ds():
    return make_dataset(n=8000, seed=23)


def _column(dim, basis):
    """The canonical column of a dimension (the data dictionary of the registry)."""
    from addin.core.dimensions import find

    return PROVINCE_COLUMN[basis] if dim == "provincie" else find(dim).kolom


def _select(frame, table, basis):
    """The table's population, selected with plain pandas from its declared filter and region."""
    sel = frame
    for dim, values in table.populatie.items():
        sel = sel[sel[_column(dim, basis)].isin([_raw(v) for v in values])]
    return sel


def _raw(v):
    return {"ja": True, "nee": False}.get(v, v)


def _usable(spec_name, frame):
    """Question files whose dimensions the test data has."""
    spec = load_spec(spec_name)
    dims = {d for k in spec.table_keys for d in (spec.table(k).dims + tuple(spec.table(k).filter))} - {"provincie"}
    return all(_column(d, "vestigingsplaats") in frame.columns for d in dims)


SPECS = [n for n in builtin_specs()]


@pytest.mark.parametrize("name", SPECS)
@pytest.mark.parametrize("provincie,basis", [(None, None), ("Limburg", "woonplaats")])
def test_every_declared_table_against_pandas(ds, q, name, provincie, basis):
    if not _usable(name, ds.frame):
        pytest.skip("dimensies die de testgegevens (nog) niet hebben")
    spec = load_spec(name).with_params(provincie=provincie, basis=basis)
    tables = build_question_tables(q, spec)
    assert [t.sleutel for t in tables] == list(spec.table_keys)
    jaren = sorted(ds.frame["schooljaar"].unique())
    b = spec.params.basis
    for t in tables:
        if not t.kolominfo:  # the named builder (V5b) has its own test
            continue
        f = t.frame
        sel = _select(ds.frame, t, b)
        labels = {i.dimensie: c for c, i in t.kolominfo.items() if i.maat is None}
        checked = 0
        for col, info in t.kolominfo.items():
            if info.maat != "aantal" or info.totaal or info.gebied:
                continue
            for _, row in f.iterrows():
                m = np.ones(len(sel), dtype=bool)
                keys = {d: row[c] for d, c in labels.items()}
                keys.update(dict(info.waarden))
                jaar = keys.pop("schooljaar", None) or info.schooljaar or t.schooljaar
                if jaar not in jaren:
                    assert math.isnan(row[col]) if isinstance(row[col], float) else False
                    continue
                if any(str(v) in ("onbekend", "Onbekend", "andere") or " (" in str(v) for v in keys.values()):
                    continue  # a bucket or relabelled value: covered by the totals below
                m &= (sel["schooljaar"] == jaar).to_numpy()
                for d, v in keys.items():
                    m &= (sel[_column(d, b)] == _raw(v)).to_numpy()
                assert row[col] == int(sel.loc[m, "aantal"].sum()), (t.sleutel, col, keys)
                checked += 1
        # a total column is the sum of its parts, and equals the whole population of its row
        for col, info in t.kolominfo.items():
            if info.totaal:
                parts = [c for c, i in t.kolominfo.items() if i.maat == info.maat and not i.totaal
                         and i.schooljaar == info.schooljaar and i.waarden]
                assert (f[parts].sum(axis=1) == f[col]).all(), (t.sleutel, col)
        assert checked or f.empty or not any(i.maat == "aantal" for i in t.kolominfo.values()), t.sleutel


def test_region_rule(q):
    spec = load_spec(None)
    ctx_tables = {t.sleutel: t for t in build_question_tables(q, spec.with_params(provincie="Limburg"))}
    assert ctx_tables["V1"].populatie["provincie"] == ("Limburg",)  # limited to the question's province
    assert "provincie" not in ctx_tables["V2"].populatie  # provincie is a column: every region
    assert "Limburg" in ctx_tables["V1"].titel


def _spec_file(tmp_path, tabel: str, vragen='tabellen = ["T1"]') -> Path:
    text = f'''
[vraag]
titel = "Test"
nummer = "voorbeeld"
datum = ""
vraagsteller = ""
[[vraag.ministers]]
naam = "minister"
[[vragen]]
nummer = 1
tekst = "Hoeveel?"
{vragen}
[[tabellen]]
{tabel}
'''
    p = tmp_path / "vraag.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_last_year_rule_and_filter_on_all_regions(tmp_path, ds, q):
    p = _spec_file(tmp_path, 'naam = "T1"\ntitel = "Duale leerlingen per sector"\nfilter = { duaal = "ja", '
                             'provincie = "alle" }\nrijen = "sector"\nmaten = ["aantal", "aandeel_kolom"]\n'
                             'sorteer = "-aantal"\ntop = 3')
    spec = load_spec(p)
    (t,) = build_question_tables(q, spec)
    laatste = sorted(ds.frame["schooljaar"].unique())[-1]
    assert t.titel == f"Duale leerlingen per sector, {laatste}"  # the last year, said in the title
    assert "provincie" not in t.populatie  # 'alle' = Vlaanderen en Brussel
    sel = ds.frame[ds.frame["duaal"] & (ds.frame["schooljaar"] == laatste)]
    by = sel.groupby("sector", observed=True)["aantal"].sum().sort_values(ascending=False)
    cut = by.iloc[2]
    assert t.frame["Leerlingen (aantal)"].tolist() == by[by >= cut].astype(int).tolist()
    np.testing.assert_allclose(t.frame["Aandeel (%)"], t.frame["Leerlingen (aantal)"] / sel["aantal"].sum())
    assert any("bovenaan de rangschikking" in n for n in t.toelichting)


@pytest.mark.parametrize("tabel,match", [
    ('naam = "T1"\ntitel = "x"\nrijen = "provinsie"', r"tabel 'T1', sleutel 'rijen': Onbekende dimensie 'provinsie'.*provincie"),
    ('naam = "T1"\ntitel = "x"\nrijen = "schooljaar"\nkleur = "rood"', r"tabel 'T1': onbekende sleutel 'kleur'"),
    ('naam = "T1"\ntitel = "x"\nrijen = "schooljaar"\nmaten = ["aantall"]', r"sleutel 'maten\[1\].maat': onbekende maat 'aantall'.*aantal"),
    ('naam = "T1"\ntitel = "x"\nrijen = "schooljaar"\nmaten = [{ maat = ["x"] }]', r"sleutel 'maten\[1\].maat': onbekende maat"),
    ('naam = "T1"\ntitel = "x {provincei}"\nrijen = "schooljaar"', r"sleutel 'titel': onbekende plaatshouder '\{provincei\}'"),
    ('naam = "T1"\ntitel = "x"\nrijen = "schooljaar"\nmaten = ["per_1000"]', r"sleutel 'noemer': ontbreekt"),
    ('naam = "T1"\ntitel = "x"\nrijen = "sector"\ntop = 3\nonderste = 2', r"sleutel 'onderste': top en onderste"),
    ('naam = "T1"\ntitel = "x"\nrijen = "schooljaar"\nschooljaren = "recentst"', r"sleutel 'schooljaren'"),
    ('naam = "T1"\ntitel = "x"\nrijen = "schooljaar"\ngrafiek = "taart"', r"sleutel 'grafiek.soort': onbekende grafiek 'taart'"),
    ('naam = "T1"\ntitel = "x"\nrijen = "graad"\nmaten = ["catalogus"]', r"sleutel 'maten'.*catalogus"),
    ('naam = "1T"\ntitel = "x"\nrijen = "graad"', r"sleutel 'naam'"),
    ('naam = "T1"\ntitel = "x"\nrijen = "graad"\nwaarden = { sector = ["STEM"] }', r"sleutel 'waarden.sector'.*niet in rijen"),
])
def test_declaration_errors(tmp_path, q, tabel, match):
    p = _spec_file(tmp_path, tabel)
    with pytest.raises(LoepFout, match=match) as err:
        spec = load_spec(p)
        build_question_tables(q, spec)
    assert "vraag.toml" in err.value.boodschap


def test_value_errors_name_file_table_and_key(tmp_path, q):
    p = _spec_file(tmp_path, 'naam = "T1"\ntitel = "x"\nrijen = "schooljaar"\nfilter = { onderwijsvorm = "bsoo" }')
    with pytest.raises(LoepFout, match=r"vraag.toml, tabel 'T1', sleutel 'filter.onderwijsvorm': .*'bsoo'.*bso") as err:
        build_question_tables(q, load_spec(p))
    assert err.value.suggestie == "bso"
    p = _spec_file(tmp_path, 'naam = "T1"\ntitel = "x"\nrijen = "schooljaar"', vragen='tabellen = ["T2"]')
    with pytest.raises(LoepFout, match=r"sleutel 'vragen\[1\].tabellen': onbekende tabel 'T2'.*Tabellen van dit bestand: T1"):
        load_spec(p)


def test_moved_first_year_is_said(q):
    from dataclasses import replace

    ds = make_dataset(n=3000, seed=4, years=("2023-2024", "2024-2025"))
    q2 = Query(ds)
    spec = load_spec(None)  # van = 2016-2017 in the file: before the data
    params = spec.params.resolve(q2)
    assert params.van == "2023-2024" and params.van_gevraagd == "2016-2017"
    spec = replace(spec, params=params)
    tables = build_question_tables(q2, spec)
    assert all(any("begint bij schooljaar 2016-2017" in n for n in t.toelichting) for t in tables)
    assert any("2016-2017" in a and "2023-2024" in a for a in spec.afwijkingen())
    with pytest.raises(LoepFout, match=r"Schooljaar '2016-2017' \(argument 'van'\) zit niet in de gegevens"):
        load_spec(None).with_params(van="2016-2017").params.resolve(q2)  # an explicit --van stays an error


def test_other_parameters_are_said_on_the_cover_and_texts_follow_placeholders(tmp_path):
    spec = load_spec(None).with_params(provincie="Limburg")
    (zin,) = spec.afwijkingen()
    assert "provincie Limburg (de vraag: Antwerpen)" in zin and "letterlijk" in zin
    assert "Antwerpen" in spec.filled().titel  # the real question's text stays literal
    p = _spec_file(tmp_path, 'naam = "T1"\ntitel = "x"\nrijen = "schooljaar"')
    p.write_text(p.read_text().replace('titel = "Test"', 'titel = "Leerlingen in {regio}"'), encoding="utf-8")
    own = load_spec(p).with_params(provincie="Limburg")
    assert own.filled().titel == "Leerlingen in de provincie Limburg"
    assert "letterlijk" not in " ".join(own.afwijkingen())


@pytest.mark.parametrize("name", [n for n in builtin_specs() if n.startswith("voorbeeld-")])
def test_each_example_question_is_answered_without_new_code(demo_store, tmp_path, name):
    """Every shipped example: a whole answer (workbook, CSVs) with a chart per table and a sentence per question."""
    from addin.core.answer_text import draft_answer
    from addin.report.answer import make_answer

    result = make_answer(name, uit=tmp_path, data_dir=demo_store)
    spec = result.spec
    assert spec.voorbeeld and result.workbook_path.exists()
    assert [t.sleutel for t in result.tables] == list(spec.table_keys)
    assert len(result.csv_paths) == len(result.tables)
    for t in result.tables:
        assert len(t.frame) and t.grafiek is not None, t.sleutel
        assert any("synthetische" in n for n in t.toelichting)
    answer = draft_answer(spec, list(result.tables), result.info)
    for vraag in spec.vragen:
        para = next(p for p in answer if p.startswith(f"Vraag {vraag.nummer}. "))
        if vraag.tabellen:
            assert "[Geen tabel" not in para and any(ch.isdigit() for ch in para), para


def test_loep_vragen_lists_every_built_in_question(capsys):
    from addin.cli.main import main

    assert main(["vragen"]) == 0
    out = capsys.readouterr().out
    for name in builtin_specs():
        spec = load_spec(name)
        assert name in out and spec.titel in out
    assert "voorbeeld, geen echte vraag" in out and "schriftelijke vraag nr. 723/816" in out


def _store_with_years(tmp_path, years):
    from addin.core import store

    ds = make_dataset(n=3000, seed=8, years=years)
    data = tmp_path / "data"
    store._write_store(data / store.STORE_NAME, ds.frame, ds.info, {y: ds.info.bases for y in ds.info.schooljaren})
    return data


def test_cli_cover_and_notes_say_the_answer_is_for_other_parameters(tmp_path, capsys):
    """Issue 8 defect: --provincie Limburg kept saying Antwerpen without a word; now the cover says it plainly."""
    import openpyxl

    from addin.cli.main import main

    data = _store_with_years(tmp_path, ("2023-2024", "2024-2025"))
    assert main(["antwoord", "--provincie", "Limburg", "--data", str(data), "--uit", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "andere parameters dan die van de vraag: provincie Limburg (de vraag: Antwerpen)" in out
    # the default van (2016-2017, from the file) lies before the data: answered from 2023-2024, and said
    assert "De vraag begint bij schooljaar 2016-2017, maar de gegevens beginnen pas bij 2023-2024" in out
    (book,) = tmp_path.glob("antwoord-*.xlsx")
    cover = [c for row in openpyxl.load_workbook(book)["Voorblad"].iter_rows(values_only=True) for c in row if c]
    assert any("provincie Limburg (de vraag: Antwerpen)" in str(c) for c in cover)
    assert any("de gegevens beginnen pas bij 2023-2024" in str(c) for c in cover)
    # an explicit --van outside the data stays an error, naming the argument
    assert main(["antwoord", "--van", "2016-2017", "--data", str(data), "--uit", str(tmp_path / "x")]) == 2
    assert "Schooljaar '2016-2017' (argument 'van') zit niet in de gegevens" in capsys.readouterr().err
