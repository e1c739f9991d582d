"""The draft answer: Dutch sentences whose figures match independent pandas results."""

from __future__ import annotations

from dataclasses import replace

import pytest

import re

from addin.core.answer_text import OPEN_VRAAG, decimaal, draft_answer, getal, procent
from addin.core.sentences import rangwoord
from addin.core.catalogue import catalogue
from addin.core.labels import PROVINCIES
from addin.core.query import Query
from addin.core.questions import build_tables, regio_naam
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


def _by_question(paragraphs):
    return {int(p.split(".")[0].split()[1]): p for p in paragraphs if p.startswith("Vraag ")}


def test_figures_match_pandas(answer, ds):
    _, paragraphs = answer
    text = _by_question(paragraphs)
    f = ds.frame
    years = sorted(f["schooljaar"].unique())
    last, first, prev = years[-1], years[0], years[-2]
    dual = f[f["duaal"]]
    antw = dual[dual["provincie_vestigingsplaats"] == "Antwerpen"]
    n_last = int(antw.loc[antw["schooljaar"] == last, "aantal"].sum())
    n_prev = int(antw.loc[antw["schooljaar"] == prev, "aantal"].sum())
    n_first = int(antw.loc[antw["schooljaar"] == first, "aantal"].sum())
    alle = int(f.loc[(f["provincie_vestigingsplaats"] == "Antwerpen") & (f["schooljaar"] == last), "aantal"].sum())
    assert n_last >= 1000  # the test exercises thousands separators
    richting = "meer" if n_last >= n_prev else "minder"
    assert (f"In het schooljaar {last} telde de provincie Antwerpen {getal(n_last)} leerlingen in een duale "
            f"opleiding, {getal(abs(n_last - n_prev))} {richting} dan het jaar voordien") in text[1]
    assert f"{procent(n_last / alle)} van alle {getal(alle)} leerlingen secundair onderwijs" in text[1]
    assert f"In het schooljaar {first} waren het er nog {getal(n_first)}" in text[1]

    per_region = dual[dual["schooljaar"] == last].groupby("provincie_vestigingsplaats", observed=True)["aantal"].sum()
    total = int(per_region.sum())
    rank = int((per_region > per_region["Antwerpen"]).sum()) + 1
    assert f"samen {getal(total)} leerlingen" in text[2]
    assert procent(per_region["Antwerpen"] / total) in text[2]
    assert f"Naar aantal leerlingen in een duale opleiding staat de provincie Antwerpen in het schooljaar {last} op " \
           f"de {rangwoord(rank)} plaats van de vijf provincies en Brussel" in text[2]
    assert set(per_region.index) == set(PROVINCIES)

    last_rows = antw[antw["schooljaar"] == last]
    by_graad = last_rows.groupby("graad", observed=True)["aantal"].sum()
    part = "(?:leerlingen in een duale opleiding )?"  # the first part of a split names its subject
    assert re.search(rf"\b{re.escape(getal(by_graad['2e graad']))} {part}in de tweede graad", text[3])
    assert re.search(rf"\b{re.escape(getal(by_graad['3e graad']))} {part}in de derde graad", text[3])
    by_vorm = last_rows.groupby("onderwijsvorm", observed=True)["aantal"].sum()
    assert re.search(rf"\b{re.escape(getal(by_vorm['bso']))} {part}in het bso", text[3])
    assert re.search(rf"\b{re.escape(getal(by_vorm['Syntra']))} {part}bij Syntra", text[3])

    by_sector = last_rows.groupby("sector", observed=True)["aantal"].sum().sort_values(ascending=False)
    top3 = list(by_sector.head(3).items())
    assert (f"{top3[0][0]} ({getal(top3[0][1])} leerlingen of {procent(top3[0][1] / n_last)} van het totaal), "
            f"{top3[1][0]} ({getal(top3[1][1])}) en {top3[2][0]} ({getal(top3[2][1])})") in text[4]

    v5 = text[5]
    assert f"Van de {len(catalogue())} duale opleidingen in de catalogus 2026 hadden er" in v5


def _rates(ds, year):
    """Dual pupils per 1.000 pupils per region, and the dual counts, computed from the rows."""
    f = ds.frame[ds.frame["schooljaar"] == year]
    col = "provincie_vestigingsplaats"
    dual = f[f["duaal"]].groupby(col, observed=True)["aantal"].sum()
    alle = f.groupby(col, observed=True)["aantal"].sum()
    return (1000 * dual / alle).reindex(list(PROVINCIES)), dual.reindex(list(PROVINCIES))


@pytest.mark.parametrize("provincie", list(PROVINCIES))
def test_rank_says_its_measure_and_gives_both_when_they_differ(ds, provincie):
    """Issue 8, defect 2: 'op de eerste plaats … 11,8 per 1 000' while two regions had a higher rate."""
    spec = load_spec().with_params(provincie=provincie)
    q = Query(ds)
    tables = build_tables(q, spec.params, ["V2b"])
    text = _by_question(draft_answer(spec, tables, ds.info))[2]
    last = sorted(ds.frame["schooljaar"].unique())[-1]
    rates, counts = _rates(ds, last)
    rank_count = int((counts > counts[provincie]).sum()) + 1
    higher = rates[rates > rates[provincie]].sort_values(ascending=False)
    rank_rate = len(higher) + 1
    regio = regio_naam(provincie)
    assert f"Naar aantal leerlingen in een duale opleiding staat {regio} in het schooljaar {last} op de " \
           f"{rangwoord(rank_count)} plaats" in text
    if rank_rate == rank_count:
        assert f"Ook per 1.000 leerlingen secundair onderwijs staat {regio} in {last} op de " \
               f"{rangwoord(rank_rate)} plaats, met {decimaal(rates[provincie])}" in text
    else:
        assert f"Per 1.000 leerlingen secundair onderwijs telde {regio} in {last} {decimaal(rates[provincie])} " \
               f"leerlingen in een duale opleiding" in text
        assert f"op de {rangwoord(rank_rate)} plaats" in text
        if len(higher):
            na = ", ".join(f"{regio_naam(r)} ({decimaal(v)})" for r, v in higher.items())
            assert na.rsplit(", ", 1)[0] in text and decimaal(higher.iloc[-1]) in text


def test_rank_defect_on_the_demo_figures():
    """The numbers the issue quotes (demo data): Antwerpen first by count, third per 1.000."""
    from addin.core import sentences as s
    out = s.zin_rang("leerlingen in een duale opleiding", "de provincie Antwerpen", "2025-2026", 1, 0.306,
                     "Vlaanderen en Brussel", 11.8, 3, [("Vlaams-Brabant", 13.2), ("Limburg", 12.0)],
                     "leerlingen secundair onderwijs", "de vijf provincies en Brussel")
    assert out == [
        "Naar aantal leerlingen in een duale opleiding staat de provincie Antwerpen in het schooljaar 2025-2026 op de "
        "eerste plaats van de vijf provincies en Brussel, met 30,6 % van alle leerlingen in een duale opleiding in "
        "Vlaanderen en Brussel.",
        "Per 1.000 leerlingen secundair onderwijs telde de provincie Antwerpen in 2025-2026 11,8 leerlingen in een "
        "duale opleiding; daarmee staat ze op de derde plaats, na de provincie Vlaams-Brabant (13,2) en de "
        "provincie Limburg (12,0).",
    ]


#: Finite verbs the templates use; every sentence has one.
_VERBS = {"telde", "telden", "waren", "was", "zaten", "zat", "staat", "hadden", "worden", "zijn", "is", "hoort",
          "tonen", "telt", "wordt", "levert", "hebben", "zie"}


def _all_sentences(paragraphs):
    from addin.core.answer_text import sentences_of
    out = []
    for p in paragraphs:
        body = re.sub(r"^Vraag \d+\. ", "", p)
        if body.startswith("["):
            continue  # a placeholder for the administration
        out.extend(sentences_of(body))
    return out


@pytest.mark.parametrize("spec_name,params", [
    (None, {}), (None, {"provincie": "Limburg", "basis": "woonplaats"}), (None, {"provincie": "Brussel"}),
    ("voorbeeld-west-vlaanderen-woonplaats", {}),
])
def test_sentence_rules(ds, spec_name, params):
    spec = load_spec(spec_name).with_params(**params)
    q = Query(ds)
    tables = build_tables(q, spec.params, spec.table_keys)
    sentences = _all_sentences(draft_answer(spec, tables, ds.info))
    assert len(sentences) > 10
    years = set(ds.frame["schooljaar"].unique())
    for z in sentences:
        assert not z[0].isdigit(), f"begint met een cijfer: {z}"
        assert z[0].isupper() or z[0] == "(", z
        assert z.endswith((".", ".)")), z
        words = set(re.findall(r"\w+", z.casefold()))
        assert words & _VERBS, f"geen werkwoord: {z}"
        assert "  " not in z and " ," not in z and " ." not in z, z
        counts = re.findall(r"(?<![\w,.-])\d{1,3}(?:\.\d{3})*(?![\d,%-])", z)
        if counts and not z.startswith(("Alle cijfers", "(Zie")):
            assert "leerling" in z, f"een aantal zonder 'leerlingen': {z}"
            if "adres" not in z and "catalogus" not in z and "opleidingen telden" not in z:
                assert any(y in z for y in years), f"een aantal zonder schooljaar: {z}"
        for pct in re.findall(r"(\d+(?:,\d+)?) %", z):
            assert re.fullmatch(r"\d+,\d", pct), f"percentage niet op één decimaal: {z}"
        assert "1 000" not in z and not re.search(r"\d \d{3}\b", z), f"ander getalformaat: {z}"


def test_growth_in_words():
    from addin.core.sentences import groei
    assert groei(47, 1716) == "ruim 36 keer zo groot geworden"
    assert groei(100, 300) == "ongeveer drie keer zo groot geworden"
    assert groei(282, 658) == "meer dan verdubbeld"
    assert groei(100, 200) == "verdubbeld"
    assert groei(100, 112.3) == "met 12,3 % gestegen"
    assert groei(100, 80) == "met 20,0 % gedaald"
    assert groei(100, 40) == "meer dan gehalveerd"
    assert groei(5, 5) == "gelijk gebleven"


def test_hidden_counts_are_said_in_words():
    """A count that disclosure control hid ('<5') is never written as a number."""
    from addin.core import sentences as s
    assert s.getal("<5") == "minder dan 5"
    z = s.zin_aantal("leerlingen in het OKAN", "de provincie Limburg", "2024-2025", "<5")
    assert z == "In het schooljaar 2024-2025 telde de provincie Limburg minder dan 5 leerlingen in het OKAN."
    z = s.zin_verdeling("leerlingen", "de provincie Limburg", "2024-2025", 40, "graad",
                        [("2e graad", "<5"), ("3e graad", 37)])
    assert "minder dan 5 leerlingen in de tweede graad en 37 in de derde graad" in z
    assert s.procent(0.0004) == "minder dan 0,1 %"


def test_templates_are_chosen_by_measure_kind_not_by_table_name():
    """A table with a name Loep never saw gets the sentences of its shape."""
    import pandas as pd
    from addin.core.answer_text import table_sentences
    from addin.core.tables import QuestionTable
    frame = pd.DataFrame({"Schooljaar": ["2023-2024", "2024-2025"], "OKAN-leerlingen (aantal)": [400, 1000],
                          "Verschil (aantal)": [float("nan"), 600]})
    t = QuestionTable(sleutel="T1", vraag=1, titel="T1. OKAN", toelichting=(), frame=frame,
                      formaten={"Schooljaar": "tekst", "Verschil (aantal)": "verschil"},
                      onderwerp="leerlingen in het OKAN")
    assert table_sentences(t, "Limburg") == [
        "In het schooljaar 2024-2025 telde de provincie Limburg 1.000 leerlingen in het OKAN, 600 meer dan het "
        "jaar voordien.",
        "In het schooljaar 2023-2024 waren het er nog 400; het aantal leerlingen in het OKAN is tot 2024-2025 meer "
        "dan verdubbeld.",
    ]
    frame = pd.DataFrame({"Nationaliteit": ["Nederlandse", "Marokkaanse", "Poolse"],
                          "Leerlingen 2024-2025 (aantal)": [900, 0, 120]})
    t = QuestionTable(sleutel="N", vraag=1, titel="N", toelichting=(), frame=frame, rijen="nationaliteit",
                      maten={"Leerlingen 2024-2025 (aantal)": "aantal"}, onderwerp="leerlingen",
                      gebied="Vlaanderen en Brussel", selectie="top")
    out = table_sentences(t, "Antwerpen")[0]
    assert out.startswith("In het schooljaar 2024-2025 waren Nederlandse (900 leerlingen) en Poolse (120)")


def test_example_spec_answer(ds):
    spec = load_spec("voorbeeld-west-vlaanderen-woonplaats")
    q = Query(ds)
    tables = build_tables(q, spec.params, spec.table_keys)
    paras = draft_answer(spec, tables, ds.info)
    f = ds.frame
    last = sorted(f["schooljaar"].unique())[-1]
    sel = f[f["duaal"] & (f["provincie_woonplaats"] == "West-Vlaanderen") & (f["schooljaar"] == last)]
    assert any(f"telde de provincie West-Vlaanderen {getal(int(sel['aantal'].sum()))} leerlingen in een duale "
               "opleiding" in p for p in paras)
    assert any("Een leerling telt mee in een provincie volgens de woonplaats van de leerling." in p for p in paras)
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
    assert "waren er in de provincie Limburg geen leerlingen in een duale opleiding, dus ook geen sector" in text
    assert "eerste plaats" not in text and "niet te berekenen van" not in text
    assert f"hadden er {len(catalogue())} geen enkele leerling" in text
    assert "niet te berekenen" not in text
