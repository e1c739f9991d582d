"""The draft answer of every shipped question file, read as the minister would sign it.

Each test builds the answer on the demonstration data with disclosure control on (as ``loep antwoord``
does) and checks its sentences against figures computed here from the raw rows with plain pandas.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from addin.core import sentences as s
from addin.core.answer_text import draft_answer, sentences_of, table_sentences
from addin.core.disclosure import Policy
from addin.core.labels import PROVINCIES
from addin.core.publication import hidden_values, publish
from addin.core.query import Query
from addin.core.questions import build_question_tables, regio_naam
from addin.core.questionspec import builtin_specs, load_spec
from addin.core.tables import QuestionTable
from question_files import load_question

PROV = "provincie_vestigingsplaats"


@pytest.fixture(scope="module")
def q(demo_dataset):
    return Query(demo_dataset)


@pytest.fixture(scope="module")
def answers(q, demo_dataset):
    out = {}
    for name in builtin_specs():
        spec = load_spec(name)
        published = publish(build_question_tables(q, spec), Policy())
        paragraphs = draft_answer(spec.filled(), [p.table for p in published], demo_dataset.info)
        out[name] = (published, {int(p.split(".")[0].split()[1]): p for p in paragraphs if p.startswith("Vraag ")})
    return out


def _years(ds):
    return sorted(ds.frame["schooljaar"].unique())


def _per_region(frame, mask=None):
    sel = frame if mask is None else frame[mask]
    return sel.groupby(PROV, observed=True)["aantal"].sum().reindex(list(PROVINCIES)).fillna(0)


# --- 1. a ranking by the measure the table ranks by -----------------------------------------------------


def test_okan_t2_ranks_per_1000_as_its_table_and_names_the_measure(answers, demo_dataset):
    """The question asks 'in verhouding tot alle leerlingen': the table ranks per 1.000 (rang_op) and so does
    the sentence, naming the measure; the count ranking and the change follow, each by its own measure."""
    published, text = answers["voorbeeld-okan-per-provincie"]
    f = demo_dataset.frame
    last = _years(demo_dataset)[-1]
    prev = _years(demo_dataset)[-2]
    now = f[f["schooljaar"] == last]
    okan = _per_region(now, now["onderwijsvorm"] == "okan")
    alle = _per_region(now)
    rate = (1000 * okan / alle).sort_values(ascending=False, kind="stable")
    top = ", ".join(f"{regio_naam(r)} ({s.decimaal(v)})" for r, v in rate.head(3).items())
    top = top.rsplit(", ", 1)[0] + " en " + top.rsplit(", ", 1)[1]
    assert (f"Het aantal leerlingen in het OKAN per 1.000 leerlingen secundair onderwijs was in het schooljaar "
            f"{last} het hoogst in {top}.") in text[2]
    # the table ranks by the same measure: its first row is the highest rate
    t2 = next(p.table for p in published if p.table.sleutel == "T2")
    assert t2.frame.iloc[0]["Provincie"] == regio_naam(rate.index[0]).removeprefix("de provincie ").removeprefix(
        "het ")
    # by count: the largest three, the first with its share of all OKAN pupils
    by_count = okan.sort_values(ascending=False, kind="stable")
    first = by_count.index[0]
    assert (f"waren {regio_naam(first)} ({s.getal(by_count.iloc[0])} leerlingen of "
            f"{s.procent(by_count.iloc[0] / okan.sum())} van het totaal)") in text[2]
    # the change since the year before, the largest fall first
    before = f[f["schooljaar"] == prev]
    diff = okan - _per_region(before, before["onderwijsvorm"] == "okan")
    falls = diff[diff < 0].sort_values(kind="stable")
    worst = falls.index[0]
    pct = diff[worst] / (okan[worst] - diff[worst])
    assert f"{regio_naam(worst)} ({s.getal(-diff[worst])} minder, -{s.procent(-pct)})" in text[2]
    assert f"Tegenover het schooljaar {prev} " in text[2]
    assert "nan" not in text[2]


def test_niet_belgen_t2_ranks_by_share_of_all_pupils(answers, demo_dataset):
    """rang_op = 'aandeel_noemer': the sentence ranks by the share of all pupils, says so, and does not call
    that share 'van het totaal'; the count sentence ranks by count."""
    _, text = answers["voorbeeld-niet-belgen-per-provincie"]
    f = demo_dataset.frame
    last = _years(demo_dataset)[-1]
    now = f[f["schooljaar"] == last]
    nb = _per_region(now, now["belg_nietbelg"] == "niet-Belg")
    share = (nb / _per_region(now)).sort_values(ascending=False, kind="stable")
    bits = [f"{regio_naam(r)} ({s.procent(v)})" for r, v in share.head(3).items()]
    assert (f"Het aandeel leerlingen met een niet-Belgische nationaliteit in alle leerlingen secundair onderwijs "
            f"was in het schooljaar {last} het hoogst in {bits[0]}, {bits[1]} en {bits[2]}.") in text[1]
    by_count = nb.sort_values(ascending=False, kind="stable")
    bits = [f"{regio_naam(r)} ({s.getal(v)}{' leerlingen' if i == 0 else ''})"
            for i, (r, v) in enumerate(by_count.head(3).items())]
    assert (f"In het schooljaar {last} waren {bits[0]}, {bits[1]} en {bits[2]} de regio's met de meeste "
            "leerlingen met een niet-Belgische nationaliteit") in text[1]
    assert "van het totaal" not in text[1]  # a share of all pupils is not a share of the total shown
    assert len(re.findall("de regio's met de meeste", text[1])) == 1  # T1 and T2 say it once


# --- 2. a share per school year ----------------------------------------------------------------------------


def _verloop(wat, v0, j0, v1, j1):
    if s.procent(v0) == s.procent(v1):
        return f"{wat} was in {j1} met {s.procent(v1)} even groot als in {j0}."
    return f"{wat} {'steeg' if v1 > v0 else 'daalde'} van {s.procent(v0)} in {j0} tot {s.procent(v1)} in {j1}."


def test_share_only_table_gets_a_sentence_per_column(answers, demo_dataset):
    """inrichtende macht T2 shows only shares per school year: each soort gets its first and last year."""
    _, text = answers["voorbeeld-inrichtende-macht-limburg"]
    f = demo_dataset.frame
    years = _years(demo_dataset)
    lim = f[f[PROV] == "Limburg"]
    per = lim.groupby(["schooljaar", "soort_inrichtende_macht"], observed=True)["aantal"].sum().unstack(fill_value=0)
    share = per.div(per.sum(axis=1), axis=0)
    woord = {"Vrij": "het vrij onderwijs", "Gemeenschapsonderwijs": "het gemeenschapsonderwijs",
             "Gemeente": "het gemeentelijk onderwijs", "Provincie": "het provinciaal onderwijs"}
    for im, naam in woord.items():
        wat = f"Het aandeel van {naam} bij de leerlingen in de provincie Limburg"
        assert _verloop(wat, share.loc[years[0], im], years[0], share.loc[years[-1], im], years[-1]) in text[1], im


def test_share_of_girls_and_of_a_region_over_the_years(answers, demo_dataset):
    f = demo_dataset.frame
    years = _years(demo_dataset)
    _, text = answers["voorbeeld-stem-meisjes-jongens"]
    stem = f[(f["sector"] == "STEM") & (f[PROV] == "Antwerpen") & f["schooljaar"].isin(years[-3:])]
    g = stem.groupby(["schooljaar", "geslacht"], observed=True)["aantal"].sum().unstack(fill_value=0)
    meisjes = g["Vrouwelijk"] / g.sum(axis=1)
    wat = "Het aandeel van de meisjes bij de leerlingen in een STEM-opleiding in de provincie Antwerpen"
    assert _verloop(wat, meisjes[years[-3]], years[-3], meisjes[years[-1]], years[-1]) in text[2]
    # T1 splits per region: the question's region by geslacht
    now = f[(f["sector"] == "STEM") & (f[PROV] == "Antwerpen") & (f["schooljaar"] == years[-1])]
    n = now.groupby("geslacht", observed=True)["aantal"].sum()
    assert (f"in de provincie Antwerpen {s.getal(n['Mannelijk'])} leerlingen in een STEM-opleiding bij de jongens "
            f"en {s.getal(n['Vrouwelijk'])} bij de meisjes") in text[1]

    _, text = answers["voorbeeld-niet-belgen-per-provincie"]
    nb = f[f["belg_nietbelg"] == "niet-Belg"]
    share = {j: nb.loc[(nb["schooljaar"] == j) & (nb[PROV] == "Antwerpen"), "aantal"].sum()
             / f.loc[(f["schooljaar"] == j) & (f[PROV] == "Antwerpen"), "aantal"].sum() for j in (years[0], years[-1])}
    wat = ("Het aandeel leerlingen met een niet-Belgische nationaliteit in alle leerlingen secundair onderwijs in de "
           "provincie Antwerpen")
    assert _verloop(wat, share[years[0]], years[0], share[years[-1]], years[-1]) in text[2]


def test_a_share_series_without_counts_is_said():
    """A table of one share per school year (no counts, no column dimension) gets its sentence."""
    frame = pd.DataFrame({"Schooljaar": ["2016-2017", "2020-2021", "2025-2026"],
                          "Aandeel (%)": [0.012, 0.02, 0.031]})
    t = QuestionTable(sleutel="A", vraag=1, titel="A", toelichting=(), frame=frame, rijen="schooljaar",
                      maten={"Schooljaar": "label", "Aandeel (%)": "aandeel_noemer"},
                      onderwerp="leerlingen in het OKAN", noemer="leerlingen secundair onderwijs",
                      gebied="de provincie Limburg")
    assert table_sentences(t, "Limburg") == [
        "Het aandeel leerlingen in het OKAN in alle leerlingen secundair onderwijs in de provincie Limburg steeg "
        "van 1,2 % in 2016-2017 tot 3,1 % in 2025-2026."]


# --- 3. every shipped question, read aloud ----------------------------------------------------------------

_VERBS = {"telde", "telden", "waren", "was", "zaten", "zat", "staat", "hadden", "had", "worden", "wordt", "zijn",
          "is", "hoort", "steeg", "daalde", "zie"}
_ENGLISH = {"the", "and", "rank", "share", "count", "total", "none", "null", "true", "false"}


@pytest.mark.parametrize("name", builtin_specs())
def test_every_question_file_reads_as_a_signed_answer(answers, demo_dataset, name):
    published, text = answers[name]
    spec = load_spec(name)
    years = set(demo_dataset.frame["schooljaar"].unique())
    hidden = hidden_values(published)
    for vraag in spec.vragen:
        para = text[vraag.nummer]
        if not vraag.tabellen:
            continue
        assert "[Geen tabel" not in para, para
        for z in sentences_of(re.sub(r"^Vraag \d+\. ", "", para)):
            words = set(re.findall(r"\w+", z.casefold()))
            assert "nan" not in words and "none" not in words, z
            assert not words & _ENGLISH, f"Engels: {z}"
            assert words & _VERBS, f"geen werkwoord: {z}"
            assert not re.search(r"(?<![\d.,])1 leerlingen", z), f"enkelvoud: {z}"
            assert not re.search(r"\b(?:1|één) (?:hadden|telden|worden|hebben|zijn)\b", z), z
            assert not re.search(r"\bvan (\d+(?:,\d)? %) in \S+ tot \1 in", z), f"geen verandering: {z}"
            counts = re.findall(r"(?<![\w,.-])\d{1,3}(?:\.\d{3})*(?![\d,%-])", z)
            if counts and not z.startswith("(Zie"):
                assert any(y in z for y in years) or "adres" in z or "catalogus" in z or "3 van de" in z, \
                    f"een aantal zonder schooljaar: {z}"
            # a small count is hidden: never a count of 1 to 4 pupils in figures
            assert not re.search(r"(?<![\d.,])[1-4] (?:leerling|meer\b|minder\b)", z), f"klein aantal: {z}"
            assert not re.search(r"\((?:[1-4])(?: leerlingen?)?\)", z), f"klein aantal: {z}"
        for (sleutel, _, _), v in hidden.items():
            if sleutel in vraag.tabellen and isinstance(v, (int, float)) and v == v and 0 < v < 5:
                assert not re.search(rf"(?<![\d.,]){int(v)} leerling", para), (sleutel, v)


# --- grammar of the templates -----------------------------------------------------------------------------


def test_one_pupil_is_singular_and_its_verb_too():
    z = s.zin_verdeling("leerlingen in een duale opleiding", "de provincie Limburg", "2025-2026", 6, "graad",
                        [("2e graad", 1), ("3e graad", 5)])
    assert "1 leerling in een duale opleiding in de tweede graad en 5 in de derde graad" in z
    assert s.zin_nul("opleidingen", "163 duale opleidingen in de catalogus 2026", 1, "de provincie Limburg",
                     "2025-2026", "leerlingen").startswith("Van de 163 duale opleidingen in de catalogus 2026 had er 1 ")


def test_a_total_is_not_the_sum_of_shown_parts_when_one_is_hidden():
    """Without a total column, the shown parts of a split with a hidden one do not add up to the total."""
    frame = pd.DataFrame({"Schooljaar": ["2025-2026"], "Antwerpen (aantal)": [120], "Limburg (aantal)": ["<5"]})
    t = QuestionTable(sleutel="X", vraag=1, titel="X", toelichting=(), frame=frame, rijen="schooljaar",
                      kolommen="provincie", maten={"Schooljaar": "label", "Antwerpen (aantal)": "aantal",
                                                  "Limburg (aantal)": "aantal"},
                      categorie={"Antwerpen (aantal)": "Antwerpen", "Limburg (aantal)": "Limburg"},
                      gebied="Vlaanderen en Brussel")
    text = " ".join(table_sentences(t, "Antwerpen"))
    assert "samen" not in text and "120" in text


def test_dimension_words_are_defined_once():
    """Every phrase of a dimension comes from its one definition: names, places and the (singular, plural)."""
    assert s.plaats("graad", "2e graad") == "in de tweede graad"
    assert s.naam("graad", "2e graad") == "de tweede graad"
    assert s.plaats("onderwijsvorm", "Syntra") == "bij Syntra" and s.plaats("onderwijsvorm", "bso") == "in het bso"
    assert s.plaats("sector", "STEM") == "in de sector STEM" and s.naam("sector", "STEM") == "STEM"
    assert s.plaats("geslacht", "Vrouwelijk") == "bij de meisjes" and s.plaats("geslacht", "X") == "van geslacht X"
    assert s.plaats("inrichtende_macht", "Vrij") == "in het vrij onderwijs"
    assert s.plaats("provincie", "Brussels Hoofdstedelijk Gewest") == "in het Brussels Hoofdstedelijk Gewest"
    assert s.plaats("type", "Type 9") == "in type 9"
    assert s.plaats("opleidingsvorm", "Beroepsonderwijs") == "in opleidingsvorm 3 (beroepsonderwijs)"
    assert s.woorden("inrichtende_macht") == ("soort inrichtende macht", "soorten inrichtende macht")
    assert s.woorden("iets") == ("iets", "iets") and s.plaats("iets", "x") == "in x"


def test_a_ranking_a_hidden_cell_could_upset_is_not_written():
    """'X, Y en Z de sectoren met de meeste …' over the shown cells is neither true nor safe when a hidden cell
    could rank among them: a '[c]' can be any size from the threshold up, a '<5' beats a named 3."""
    from addin.core.answer_text import _top_is_known

    assert _top_is_known([("a", 925), ("b", 268), ("c", 210), ("d", "<5")])
    assert not _top_is_known([("a", 925), ("b", "[c]"), ("c", 210), ("d", 6)])
    assert not _top_is_known([("a", 9), ("b", 7), ("c", 3), ("d", "<5")])  # the '<5' may be a 4: above the 3
    assert not _top_is_known([("a", 9), ("b", "<5")])  # fewer than three named: the hidden one may be second


def test_a_table_of_one_municipality_speaks_of_that_municipality(q, tmp_path):
    """A table filtered on one gemeente says 'in de gemeente …', not the province of the question."""
    spec = load_question(tmp_path, """
        [[tabellen]]
        naam = "T1"
        titel = "T1. Duale leerlingen in Pelt"
        filter = { duaal = "ja", gemeente = "Pelt" }
        rijen = "schooljaar"
        """, tekst="Hoeveel duale leerlingen telde Pelt per schooljaar?")
    from dataclasses import replace

    spec = replace(spec, params=spec.params.resolve(q))
    tables = [p.table for p in publish(build_question_tables(q, spec), Policy())]
    assert tables[0].gebied == "de gemeente Pelt"
    text = " ".join(table_sentences(tables[0], "Limburg"))
    assert "de gemeente Pelt" in text and "provincie Limburg" not in text
