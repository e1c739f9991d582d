"""Attacks on the disclosure control of declared tables: tables of one answer that together give a small count away.

Each test writes a question file as a civil servant could, publishes its tables and then attacks the
published cells with plain differencing (a total minus the shown parts), with the true values recomputed
from the raw rows with pandas, never with Loep's own audit.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from addin.core.disclosure import Policy
from addin.core.publication import publish
from addin.core.query import get_query
from addin.core.questions import build_question_tables
from question_files import load_question

T = 5


def _spec(tmp_path, body: str, tabellen=("T1", "T2"), provincie="Limburg"):
    return load_question(tmp_path, body, tabellen=tabellen, provincie=provincie)


def _publish(demo_store, spec):
    query = get_query(demo_store)
    spec = replace(spec, params=spec.params.resolve(query))
    tables = build_question_tables(query, spec)
    return tables, publish(tables, Policy())


GEMEENTE = "Pelt"  # dual pupils per sector in the last year: one sector with 1-4 pupils (checked below)

# The same counts shown twice: per school year and sector (with a label, a list of values and a bucket for the
# rest, or plain), and per sector in the last year. A label or a bucket changes how a sector is shown, not its count.
SHOWN_AS = {
    "label": 'labels = { sector = { "STEM" = "STEM-opleidingen" } }',
    "waarden en overige": 'waarden = { sector = ["Economie en organisatie", "Land- en tuinbouw", '
                          '"Maatschappij en welzijn", "STEM"] }\noverige = { sector = "Andere sectoren" }',
    "zoals de gegevens": "",
}


@pytest.mark.parametrize("shown_as", list(SHOWN_AS), ids=list(SHOWN_AS))
def test_a_sector_shown_differently_is_the_same_count(demo_store, demo_dataset, tmp_path, shown_as):
    spec = _spec(tmp_path, f"""\
        [[tabellen]]
        naam = "T1"
        titel = "T1. Duale leerlingen per sector, {GEMEENTE}"
        filter = {{ duaal = "ja", gemeente = "{GEMEENTE}" }}
        rijen = "schooljaar"
        kolommen = "sector"
        schooljaren = "laatste3"
        {SHOWN_AS[shown_as]}
        [[tabellen]]
        naam = "T2"
        titel = "T2. Duale leerlingen per sector, {GEMEENTE}"
        filter = {{ duaal = "ja", gemeente = "{GEMEENTE}" }}
        rijen = "sector"
        """)
    (t1, _), (p1, p2) = _publish(demo_store, spec)
    year = t1.frame["Schooljaar"].iloc[-1]
    f = demo_dataset.frame
    rows = f[(f["schooljaar"] == year) & (f["duaal"] == True) & (f["gemeente"] == GEMEENTE)]  # noqa: E712
    per_sector = rows.groupby("sector", observed=True)["aantal"].sum()
    per_sector = per_sector[per_sector > 0]
    small = {s for s, n in per_sector.items() if n < T}
    assert len(small) == 1, per_sector  # the premise: one small sector

    # the attacker: the last year's row of T1, with T2's shown counts put in for the same sectors
    last = p1.table.frame.iloc[-1]
    t2 = dict(zip(p2.table.frame["Sector"], p2.table.frame["Leerlingen (aantal)"]))
    sector_of = {f"{s} (aantal)": s for s in per_sector.index} | {"STEM-opleidingen (aantal)": "STEM"}
    total = last["Totaal (aantal)"]
    assert not isinstance(total, str) and int(total) == int(per_sector.sum())
    unknown, known = [], 0
    for col, v in last.items():
        if col in ("Schooljaar", "Totaal (aantal)"):
            continue
        if not isinstance(v, str):
            known += int(v)
        elif not isinstance(t2.get(sector_of.get(col)), str) and sector_of.get(col) in t2:
            known += int(t2[sector_of[col]])  # hidden in T1, shown in T2: the same pupils
        else:
            unknown.append(col)
    if len(unknown) == 1:
        recovered = int(total) - known
        pytest.fail(f"{unknown[0]} = {recovered} follows from T1's total minus T1's and T2's shown cells "
                    f"(true: {dict(per_sector)})")
