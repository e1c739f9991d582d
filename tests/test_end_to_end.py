"""From the raw official-layout files to the answer tables, checked with nothing but pandas.

The expected values read the generated CSV rows as text and apply the rules of the schema note
themselves (the duaal rule, provinces, school year from the file name), independent of Loep's
reader, cleaner, store, query and question code.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from addin.report.answer import make_answer

YEAR = re.compile(r"(\d{4}-\d{4})-1feb")


@pytest.fixture(scope="module")
def raw(demo_sources):
    frames = []
    for path in demo_sources[1]:
        f = pd.read_csv(path, dtype=str, keep_default_na=False,
                        usecols=["administratieve_groep", "studierichting", "vestiging_provincie_naam",
                                 "hoofdstructuur", "aantal_inschrijvingen"])
        f["schooljaar"] = YEAR.search(path.name).group(1)
        frames.append(f)
    f = pd.concat(frames, ignore_index=True)
    groep = f["administratieve_groep"].str.strip().str.upper()
    naam = f["studierichting"].str.strip()
    f["duaal"] = (groep.str.endswith("DBSO") | groep.str.endswith("SYN")
                  | naam.str.lower().str.contains("duaal") | naam.str.endswith(" DL"))
    f["aantal"] = f["aantal_inschrijvingen"].astype(int)
    return f


@pytest.fixture(scope="module")
def answer(demo_store, tmp_path_factory):
    return make_answer(uit=tmp_path_factory.mktemp("e2e"), data_dir=demo_store)


def test_v1_from_raw_rows(raw, answer):
    v1 = next(t for t in answer.tables if t.sleutel == "V1").frame
    antw = raw[raw["vestiging_provincie_naam"] == "Antwerpen"]
    dual = antw[antw["duaal"]].groupby("schooljaar")["aantal"].sum()
    alle = antw.groupby("schooljaar")["aantal"].sum()
    got = v1.set_index("Schooljaar")
    assert got.iloc[:, 0].to_dict() == dual.to_dict()  # dual pupils per school year
    assert got.iloc[:, 1].to_dict() == alle.to_dict()  # all secondary pupils of the province


def test_v2_from_raw_rows(raw, answer):
    v2 = next(t for t in answer.tables if t.sleutel == "V2").frame.set_index("Schooljaar")
    dual = raw[raw["duaal"]]
    per_region = dual.pivot_table(index="schooljaar", columns="vestiging_provincie_naam", values="aantal",
                                  aggfunc="sum", fill_value=0)
    for region in per_region.columns:
        column = next(c for c in v2.columns if c.startswith(region))
        for jaar, true in per_region[region].to_dict().items():
            shown = v2.at[jaar, column]
            if isinstance(shown, str):  # disclosure control: '<5' for 1-4, '[c]' for a cell that would give it back
                assert shown == ("<5" if 0 < true < 5 else "[c]") and true > 0, (region, jaar)
            else:
                assert shown == true, (region, jaar)
    total = next(c for c in v2.columns if c.startswith("Vlaanderen en Brussel"))
    assert v2[total].to_dict() == dual.groupby("schooljaar")["aantal"].sum().to_dict()
