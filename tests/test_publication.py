"""Disclosure control on every publication output of ``loep antwoord``.

The hidden cells and their true values come from the unprotected tables (``PublishedTable.bron``);
expected values are recomputed from the canonical rows with plain pandas. Every output is read back
as a user gets it: the workbook with openpyxl (cells and the XML of its charts), the CSVs with the
csv module, the draft answer as text.
"""

from __future__ import annotations

import csv
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from addin.core.disclosure import CSV_STATUS, Policy
from addin.core.errors import LoepFout
from addin.core.publication import infer_tellingen, publish, publish_frame
from addin.core.query import get_query
from addin.core.questions import build_tables
from addin.core.questionspec import load_spec
from addin.core.suppression import Suppression, audit, combine, primary_cells
from addin.core.tables import QuestionTable
from addin.report import answer as answer_module
from addin.report.answer import make_answer
from addin.report.csv_export import ENCODING, status_column

RULE = ("Aantallen kleiner dan 5 worden om privacyredenen niet vermeld (<5); om te vermijden dat ze uit de totalen "
        "af te leiden zijn, zijn ook enkele andere cellen verborgen")


@pytest.fixture(scope="module")
def seed(demo_store):
    query = get_query(demo_store)
    spec = load_spec()
    params = spec.params.resolve(query)
    tables = build_tables(query, params, keys=list(spec.table_keys))
    return query, params, tables, publish(tables, Policy())


@pytest.fixture(scope="module")
def answer(demo_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("antwoord")
    return make_answer(uit=out, data_dir=demo_store)


def test_seed_answer_hides_small_counts_from_the_raw_rows(seed, demo_dataset):
    query, params, tables, published = seed
    frame = demo_dataset.frame
    duaal = frame[frame["duaal"] & frame["schooljaar"].isin(params.jaren(query))]
    # V2 independently: dual pupils per school year and province of the school, from the rows
    counts = duaal.groupby([duaal["schooljaar"].astype(str), duaal["provincie_vestigingsplaats"].astype(str)],
                           observed=True)["aantal"].sum()
    v2 = next(p for p in published if p.table.sleutel == "V2")
    small = {(j, p) for (j, p), n in counts.items() if 0 < n < 5}
    assert small, "the demonstration data has small counts in V2 (Brussel in 2016-2017)"
    shown = v2.table.frame
    for j, p in small:
        i = list(shown["Schooljaar"]).index(j)
        assert shown.at[i, f"{p} (aantal)"] == "<5"
        assert v2.status.at[i, f"{p} (aantal)"] == CSV_STATUS
    # a row with one small province hides one more cell, never a zero
    for (i, c), why in v2.verborgen.items():
        if why == "secundair":
            assert v2.bron.frame.at[i, c] >= 5


def test_every_published_table_passes_the_audit_and_zeros_stay(seed):
    from addin.core.publication import _linear, structure
    _, _, tables, published = seed
    whole = combine([_linear(t, structure(t)) for t in tables])
    hidden_keys = set()
    for t, p in zip(tables, published):
        s = structure(t)
        hidden_keys |= {s.cellen[c] for c in p.verborgen if c in s.cellen}
        for (i, c) in s.cellen:
            if t.frame.at[i, c] == 0:
                assert (i, c) not in p.verborgen  # a zero is shown
    primary = primary_cells(whole, 5)
    assert primary <= hidden_keys
    result = audit(whole, Suppression(5, primary, frozenset(hidden_keys - primary)), quick=False)
    assert result.ok and all(iv.breedte >= 1 for iv in result.intervals)


def test_totals_equal_the_sum_of_their_shown_parts(seed):
    _, _, _, published = seed
    for p in published:
        t = p.table
        parts = [c for c in t.categorie if t.measure_of(c) == "aantal"]
        totals = [c for c in t.frame.columns if c not in t.categorie and t.measure_of(c) == "aantal"
                  and str(c).startswith(("Totaal", "Vlaanderen en Brussel"))]
        for total in totals:
            for i in range(len(t.frame)):
                row = [t.frame.at[i, c] for c in [*parts, total]]
                if not any(isinstance(v, str) for v in row):
                    assert sum(row[:-1]) == row[-1], (t.sleutel, i)


def _sheet_values(ws) -> dict[tuple[int, str], object]:
    """(row in the table, header) -> cell value, over every Excel table (part) on a sheet."""
    out = {}
    for tab in ws.tables.values():
        c1, r1, c2, r2 = openpyxl.utils.cell.range_boundaries(tab.ref)
        headers = [ws.cell(r1, c).value for c in range(c1, c2 + 1)]
        for r in range(r1 + 1, r2 + 1):
            for j, h in enumerate(headers):
                out[(r - r1 - 1, h)] = ws.cell(r, c1 + j).value
    return out


def test_no_hidden_value_in_workbook_csv_charts_or_draft(answer, seed, demo_store):
    _, _, _, published = seed
    assert sum(len(p.verborgen) for p in published) == answer.verborgen > 0
    wb = openpyxl.load_workbook(answer.workbook_path)
    for p in published:
        values = _sheet_values(wb[p.table.sleutel])
        shown = 0
        for (i, c), why in p.verborgen.items():
            if (i, c) in values:  # (a column the sheet does not repeat, e.g. the latest year twice, is skipped)
                assert values[(i, c)] == ("<5" if why == "primair" else "[c]"), (p.table.sleutel, i, c)
                shown += 1
        assert shown or not p.verborgen
        lines = [wb[p.table.sleutel].cell(r, 1).value for r in range(2, 12)]
        if p.verborgen:
            assert any(str(v).startswith("In deze tabel zijn cellen verborgen") for v in lines if v)
        # the CSV: an empty value and status 'c' after it
        path = next(x for x in answer.csv_paths if x.stem.endswith("_" + p.table.sleutel))
        with open(path, encoding=ENCODING, newline="") as fh:
            rows = list(csv.DictReader(fh))
        for (i, c), _ in p.verborgen.items():
            assert rows[i][c] == "" and rows[i][status_column(c)] == CSV_STATUS
    # charts: every cached point of a series is a shown number (a hidden cell is text: no number cached)
    with zipfile.ZipFile(answer.workbook_path) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    hidden_by_sheet = {}
    for p in published:
        for (i, c), _ in p.verborgen.items():
            hidden_by_sheet.setdefault(p.table.sleutel, []).append((i, c, p.bron.frame.at[i, c]))
    by_key = {p.table.sleutel: p for p in published}
    checked = 0
    for xml in charts:
        for ser in re.findall(r"<c:ser>.*?</c:ser>", xml, re.S):
            name = re.search(r"<c:tx><c:strRef><c:f>'?([^'!]+)'?!\$([A-Z]+)\$(\d+)</c:f>", ser)
            ref = re.search(r"<c:val><c:numRef><c:f>'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)</c:f>", ser)
            sheet = ref.group(1)
            header = wb[sheet][f"{name.group(2)}{name.group(3)}"].value
            p = by_key[sheet]
            cached = dict(re.findall(r'<c:pt idx="(\d+)"><c:v>([^<]*)</c:v>', ser.split("<c:val>")[1]))
            for i in range(int(ref.group(4)) - int(ref.group(3)) + 1):
                if (i, header) in p.verborgen:
                    assert str(i) not in cached, (sheet, header, i)  # not drawn, not even as 0
                    checked += 1
                elif str(i) in cached:
                    assert float(cached[str(i)]) == pytest.approx(float(p.bron.frame.at[i, header]))
    assert checked > 0
    # the draft answer: hidden counts as words, never the number next to what it counts
    text = " ".join(answer.tables[0].toelichting)  # (tables are the published ones)
    wb_answer = wb["Antwoord"]
    draft = " ".join(str(c.value) for row in wb_answer.iter_rows() for c in row if c.value)
    for sheet, cells in hidden_by_sheet.items():
        p = next(x for x in published if x.table.sleutel == sheet)
        label_col = p.table.frame.columns[0] if p.table.sleutel != "V4b" else "Studierichting"
        for i, c, value in cells:
            name = str(p.table.frame.at[i, label_col])
            for m in re.finditer(re.escape(name) + r" \(([^)]*)\)", draft):
                assert not re.match(rf"{int(value)}\b", m.group(1)), (name, m.group(0))
    assert "minder dan 5" in draft
    assert text


def test_toelichting_states_the_rule_and_the_cover_the_policy(answer):
    wb = openpyxl.load_workbook(answer.workbook_path)
    toelichting = " ".join(str(c.value) for row in wb["Toelichting"].iter_rows() for c in row if c.value)
    assert RULE in toelichting
    voorblad = " ".join(str(c.value) for row in wb["Voorblad"].iter_rows() for c in row if c.value)
    assert "NIET VOOR PUBLICATIE" not in voorblad


def test_without_protection_the_true_values_and_not_for_publication(demo_store, tmp_path, seed):
    _, _, _, published = seed
    result = make_answer(uit=tmp_path, data_dir=demo_store, geheimhouding=False)
    wb = openpyxl.load_workbook(result.workbook_path)
    assert wb["Voorblad"]["A2"].value.startswith("NIET VOOR PUBLICATIE")
    for p in published:
        values = _sheet_values(wb[p.table.sleutel])
        for (i, c), _ in p.verborgen.items():
            assert values[(i, c)] == pytest.approx(p.bron.frame.at[i, c])


def test_a_publication_that_fails_the_audit_is_not_written(demo_store, tmp_path, monkeypatch):
    import addin.core.publication as publication

    def primary_only(table, threshold, **_):  # what a naive tool does: hide the small cells, nothing else
        return Suppression(threshold, primary_cells(table, threshold), frozenset())

    monkeypatch.setattr(publication, "suppress", primary_only)
    with pytest.raises(LoepFout, match=r"Geheimhouding: in tabel V\w+ is een verborgen cel .* af te leiden"):
        make_answer(uit=tmp_path, data_dir=demo_store)
    assert list(tmp_path.iterdir()) == []


def test_question_file_threshold_and_switch(demo_store, tmp_path):
    seed_file = answer_module.load_spec().pad.read_text(encoding="utf-8")
    strict = tmp_path / "streng.toml"
    strict.write_text(seed_file + "\n[geheimhouding]\ndrempel = 10\n", encoding="utf-8")
    five = make_answer(uit=tmp_path / "a.xlsx", data_dir=demo_store)
    ten = make_answer(strict, uit=tmp_path / "b.xlsx", data_dir=demo_store)
    assert ten.verborgen > five.verborgen and ten.geheimhouding.drempel == 10
    # the command line goes before the file
    off = make_answer(strict, uit=tmp_path / "c.xlsx", data_dir=demo_store, geheimhouding=False)
    assert off.verborgen == 0 and not off.geheimhouding.aan
    bad = tmp_path / "fout.toml"
    bad.write_text(seed_file + "\n[geheimhouding]\ndrempel = 1\n", encoding="utf-8")
    with pytest.raises(LoepFout, match=r"fout.toml, sleutel 'geheimhouding'"):
        make_answer(bad, uit=tmp_path / "d.xlsx", data_dir=demo_store)


def test_a_table_without_declaration_is_read_conservatively():
    frame = pd.DataFrame({"Schooljaar": ["2023-2024", "2024-2025"], "A (aantal)": [3, 40], "B (aantal)": [12, 30],
                          "C (aantal)": [20, 2], "Totaal (aantal)": [35, 72],
                          "Aandeel A (%)": [3 / 35, 40 / 72]})
    table = QuestionTable("T1", 1, "T1. Proef", ("Bron: proef.",), frame,
                          formaten={"Aandeel A (%)": "procent"}, kolommen="x",
                          categorie={"A (aantal)": "A", "B (aantal)": "B", "C (aantal)": "C"})
    inferred = infer_tellingen(table)
    assert len(inferred.relaties) == 2
    (p,) = publish(table, Policy())
    shown = p.table.frame
    assert shown.at[0, "A (aantal)"] == "<5" and shown.at[1, "C (aantal)"] == "<5"
    assert shown.at[0, "Aandeel A (%)"] == "[c]"  # a share of a hidden count would give it back
    # each row with a small cell hides a second one (the total alone would give it back)
    for i in (0, 1):
        row = [shown.at[i, c] for c in ("A (aantal)", "B (aantal)", "C (aantal)", "Totaal (aantal)")]
        assert sum(isinstance(v, str) for v in row) >= 2
    assert p.table.toelichting[1].startswith("In deze tabel zijn cellen verborgen")


def test_random_canonical_data_answers_and_passes(tmp_path, small_dataset):
    """A 4 000-row random dataset: many small cells in every table; the answer is written and audited."""
    from addin.core import store

    data = tmp_path / "data"
    ds = small_dataset
    store._write_store(data / store.STORE_NAME, ds.frame, ds.info, {y: ds.info.bases for y in ds.info.schooljaren})
    out = tmp_path / "uit"
    out.mkdir()
    result = make_answer(uit=out, data_dir=data)
    assert result.verborgen > 0


def test_seed_answer_suppression_is_deterministic(seed):
    _, _, tables, published = seed
    again = publish(tables, Policy())
    assert [dict(p.verborgen) for p in again] == [dict(p.verborgen) for p in published]
    assert np.all([a.status.equals(b.status) for a, b in zip(again, published)])


def test_publish_frame_for_cell_functions_protects_a_pivot_with_margins():
    """A pivot as LOEP.DRAAITABEL would give it: rows × columns with a total column and a total row."""
    frame = pd.DataFrame({"Graad": ["2e graad", "3e graad", "n.v.t.", "Totaal"],
                          "bso (aantal)": [2, 30, 0, 32], "tso (aantal)": [9, 12, 0, 21],
                          "buso (aantal)": [0, 0, 14, 14], "Totaal (aantal)": [11, 42, 14, 67]})
    shown, status = publish_frame(frame, Policy(), naam="DRAAITABEL")
    assert shown.at[0, "bso (aantal)"] == "<5" and status.at[0, "bso (aantal)"] == CSV_STATUS
    hidden = {(i, c) for c in status.columns for i in range(len(status)) if status.at[i, c]}
    # independently: every row and column line with a hidden cell hides at least two (else a total gives it back)
    for i in range(4):
        n = sum((i, c) in hidden for c in frame.columns[1:])
        assert n != 1, (i, hidden)
    for c in frame.columns[1:]:
        n = sum((i, c) in hidden for i in range(4))
        assert n != 1, (c, hidden)
    assert all(frame.at[i, c] >= 5 for i, c in hidden if (i, c) != (0, "bso (aantal)"))
    assert shown.equals(frame) is False and publish_frame(frame, Policy(aan=False))[0].equals(frame)
