"""The draft answer: Dutch sentences whose figures match independent pandas results."""

from __future__ import annotations

from dataclasses import replace

import pytest

from addin.core.answer_text import OPEN_VRAAG, decimaal, draft_answer, getal, procent
from addin.core.catalogue import catalogue
from addin.core.labels import PROVINCIES
from addin.core.query import Query
from addin.core.questions import build_tables
from addin.core.questionspec import load_spec
from canonical_fixture import make_dataset


@pytest.fixture(scope="module")
def ds():
    return make_dataset(n=20000, seed=3)


@pytest.fixture(scope="module")
def answer(ds):
    spec = load_spec()
    q = Query(ds)
    tables = build_tables(q, spec.params, spec.table_keys)
    return spec, draft_answer(spec, tables, ds.info)


def test_number_formatting():
    assert getal(1234) == "1.234"
    assert getal(1234567) == "1.234.567"
    assert getal(-56) == "-56"
    assert procent(0.125) == "12,5 %"
    assert procent(0.5) == "50,0 %"
    assert procent(float("nan")) == "niet te berekenen"
    assert decimaal(12.345) == "12,3"


def test_synthetic_warning_first_and_open_questions(answer, ds):
    spec, paragraphs = answer
    assert paragraphs[0].startswith("LET OP") and "synthetische demonstratiedata" in paragraphs[0]
    by_q = {int(p.split(".")[0].split()[1]): p for p in paragraphs if p.startswith("Vraag ")}
    assert set(by_q) == {1, 2, 3, 4, 5, 6, 7}
    for n in (6, 7):
        assert OPEN_VRAAG in by_q[n]
    real = replace(ds.info, synthetisch=False)
    q = Query(ds)
    tables = build_tables(q, spec.params, ["V1"])
    paras = draft_answer(spec, tables, real)
    assert not any("synthetische" in p for p in paras)


def test_figures_match_pandas(answer, ds):
    _, paragraphs = answer
    text = {int(p.split(".")[0].split()[1]): p for p in paragraphs if p.startswith("Vraag ")}
    f = ds.frame
    years = sorted(f["schooljaar"].unique())
    last, first = years[-1], years[0]
    dual = f[f["duaal"]]
    antw = dual[dual["provincie_vestigingsplaats"] == "Antwerpen"]
    n_last = int(antw.loc[antw["schooljaar"] == last, "aantal"].sum())
    n_first = int(antw.loc[antw["schooljaar"] == first, "aantal"].sum())
    alle = int(f.loc[(f["provincie_vestigingsplaats"] == "Antwerpen") & (f["schooljaar"] == last), "aantal"].sum())
    assert n_last >= 1000  # the test exercises thousands separators
    assert f"volgden {getal(n_last)} leerlingen in de provincie Antwerpen" in text[1]
    assert procent(n_last / alle) in text[1] and getal(alle) in text[1]
    assert f"In {first} waren dat er {getal(n_first)}" in text[1]
    assert f"{getal(abs(n_last - n_first))} leerlingen ({procent(abs(n_last - n_first) / n_first)})" in text[1]

    per_region = dual[dual["schooljaar"] == last].groupby("provincie_vestigingsplaats", observed=True)["aantal"].sum()
    total = int(per_region.sum())
    rank = int((per_region > per_region["Antwerpen"]).sum()) + 1
    assert f"samen {getal(total)} leerlingen" in text[2]
    assert procent(per_region["Antwerpen"] / total) in text[2]
    plaats = "de eerste plaats" if rank == 1 else f"plaats {rank}"
    assert f"op {plaats} van de vijf provincies en Brussel" in text[2]
    assert set(per_region.index) == set(PROVINCIES)

    last_rows = antw[antw["schooljaar"] == last]
    by_graad = last_rows.groupby("graad", observed=True)["aantal"].sum()
    assert f"{getal(by_graad['2e graad'])} in de 2e graad" in text[3]
    assert f"{getal(by_graad['3e graad'])} in de 3e graad" in text[3]
    by_vorm = last_rows.groupby("onderwijsvorm", observed=True)["aantal"].sum()
    assert f"{getal(by_vorm['bso'])} in het bso" in text[3]
    assert f"{getal(by_vorm['Syntra'])} bij Syntra" in text[3]

    by_sector = last_rows.groupby("sector", observed=True)["aantal"].sum().sort_values(ascending=False)
    top3 = [f"{s} ({getal(n)} leerlingen)" for s, n in by_sector.head(3).items()]
    assert f"{top3[0]}, {top3[1]} en {top3[2]}" in text[4]

    v5 = text[5]
    assert f"Van de {len(catalogue())} duale opleidingen in de catalogus 2026 hadden er" in v5


def test_example_spec_answer(ds):
    spec = load_spec("voorbeeld-west-vlaanderen-woonplaats")
    q = Query(ds)
    tables = build_tables(q, spec.params, spec.table_keys)
    paras = draft_answer(spec, tables, ds.info)
    f = ds.frame
    last = sorted(f["schooljaar"].unique())[-1]
    sel = f[f["duaal"] & (f["provincie_woonplaats"] == "West-Vlaanderen") & (f["schooljaar"] == last)]
    assert any(f"volgden {getal(int(sel['aantal'].sum()))} leerlingen in de provincie West-Vlaanderen (volgens de "
               f"woonplaats van de leerling)" in p for p in paras)
    assert any(p.startswith("Vraag 5.") and OPEN_VRAAG in p for p in paras)


def test_no_dual_pupils_gives_sensible_sentences():
    ds = make_dataset(n=600, seed=2)
    frame = ds.frame.copy()
    frame["duaal"] = False
    data = type(ds)(frame, ds.info)
    spec = load_spec().with_params(provincie="Limburg")
    tables = build_tables(Query(data), spec.params, spec.table_keys)
    paras = draft_answer(spec, tables, data.info)
    text = " ".join(paras)
    assert "samen geen leerlingen in een duale opleiding" in text
    assert "geen duale leerlingen in de regio" in text
    assert "eerste plaats" not in text and "niet te berekenen van" not in text
    assert f"hadden er {len(catalogue())} geen enkele leerling" in text
