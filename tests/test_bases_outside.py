"""Pupils living (or a school board seated) outside Flanders and Brussels: kept in every count.

Files with the optional woonplaats/hoofdzetel columns are imported into a store; expectations are
plain pandas sums over the raw rows written to the files.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from addin.core import store
from addin.core.errors import LoepFout
from addin.core.labels import BRUSSEL, PROVINCIES, TOTAAL_GEBIED
from addin.core.query import Query
from addin.core.questions import QuestionParams, build_tables
from official_rows import varied_rows, write_csv

FLEMISH = {"Antwerpen": "Antwerpen", "Limburg": "Limburg", "Oost-Vlaanderen": "Oost-Vlaanderen",
           "Vlaams-Brabant": "Vlaams-Brabant", "West-Vlaanderen": "West-Vlaanderen", "Brussel": BRUSSEL}
OUTSIDE = ["Namen", "Hainaut", "Luik", "Waals-Brabant", "Luxembourg", "Buitenland", "onbekend"]


def _rows(n: int, seed: int, woon_choices: list[str]) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    rows = varied_rows(n, seed=seed)
    for r in rows:
        r["woonplaats_provincie_naam"] = rnd.choice(woon_choices)
        r["hoofdzetel_provincie_naam"] = rnd.choice(list(FLEMISH) + ["Henegouwen"])
    return rows


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("buiten")
    r1 = _rows(400, 1, list(FLEMISH) + OUTSIDE)
    r2 = _rows(300, 2, list(FLEMISH) + OUTSIDE)
    r3 = _rows(50, 3, OUTSIDE)  # a year in which nobody lives in Flanders or Brussels
    files = [write_csv(root / "in" / f"inschrijvingen-dataset-{j}-1feb.csv", r)
             for j, r in (("2021-2022", r1), ("2022-2023", r2), ("2023-2024", r3))]
    result = store.import_files(files, root / "data")
    raw = pd.concat([pd.DataFrame(r).assign(schooljaar=j)
                     for j, r in (("2021-2022", r1), ("2022-2023", r2), ("2023-2024", r3))], ignore_index=True)
    raw["aantal"] = raw["aantal_inschrijvingen"].astype(int)
    raw["woon"] = raw["woonplaats_provincie_naam"].map(FLEMISH)  # NaN outside Flanders/Brussels
    raw["vpl"] = raw["vestiging_provincie_naam"].map(FLEMISH)
    raw["duaal"] = (raw["administratieve_groep"].str.upper().str.strip().str.endswith(("DBSO", "SYN"))
                    | raw["studierichting"].str.casefold().str.contains("duaal"))
    return root / "data", result, raw


def test_no_row_is_rejected_and_the_mapping_is_reported(imported):
    data, result, raw = imported
    assert sum(f.rijen_afgewezen for f in result.report.bestanden) == 0
    assert result.info.rijen == len(raw)
    maps = [m for f in result.report.bestanden for m in f.mappings
            if m.kolom == "woonplaats_provincie_naam" and m.naar == "(leeg: buiten Vlaanderen en Brussel)"]
    assert sum(m.aantal for m in maps) == int(raw["woon"].isna().sum())
    text = result.report.to_text()
    assert "buiten Vlaanderen en Brussel" in text and "'Namen'" in text


def test_vestigingsplaats_totals_keep_the_pupils_living_outside(imported):
    data, _, raw = imported
    q = Query(store.load(data))
    for jaar, part in raw.groupby("schooljaar"):
        assert q.count(schooljaar=jaar) == int(part["aantal"].sum())
        for prov, sub in part.groupby("vpl"):
            assert q.count(schooljaar=jaar, provincie=prov) == int(sub["aantal"].sum())


def test_woonplaats_is_available_in_every_year_with_the_column(imported):
    data, _, raw = imported
    assert store.bases_per_schooljaar(data)["2023-2024"] == ("vestigingsplaats", "hoofdzetel", "woonplaats")
    q = Query(store.load(data))
    assert q.basis_jaren["woonplaats"] == ("2021-2022", "2022-2023", "2023-2024")
    assert "woonplaats" in q.bases
    # the year in which nobody lives in Flanders/Brussels answers 0 per province, not an error
    assert all(q.count(schooljaar="2023-2024", basis="woonplaats", provincie=p) == 0 for p in PROVINCIES)
    for (jaar, prov), sub in raw.dropna(subset=["woon"]).groupby(["schooljaar", "woon"]):
        assert q.count(schooljaar=jaar, basis="woonplaats", provincie=prov) == int(sub["aantal"].sum())
    t = q.table(["provincie"], basis="woonplaats", schooljaar="2021-2022")
    got = {p: int(a) for p, a in zip(t["provincie"], t["aantal"]) if p is not None}
    want = raw[raw["schooljaar"] == "2021-2022"].dropna(subset=["woon"]).groupby("woon")["aantal"].sum()
    assert got == {p: int(a) for p, a in want.items()}


def test_v2_under_woonplaats_total_equals_regions_and_notes_the_rest(imported):
    data, _, raw = imported
    q = Query(store.load(data))
    v2 = build_tables(q, QuestionParams(basis="woonplaats", van="2021-2022"), ["V2"])[0]
    f = v2.frame
    region_cols = [f"{p} (aantal)" for p in PROVINCIES]
    total_col = f"{TOTAAL_GEBIED} (aantal)"
    assert (f[region_cols].sum(axis=1) == f[total_col]).all()
    dual = raw[raw["duaal"]]
    inside = dual.dropna(subset=["woon"]).groupby("schooljaar")["aantal"].sum()
    assert f[total_col].tolist() == [int(inside.get(j, 0)) for j in f["Schooljaar"]]
    outside = int(dual[dual["woon"].isna()]["aantal"].sum())
    assert outside > 0
    assert any(f"{outside} duale leerlingen zonder provincie in Vlaanderen of Brussel" in line for line in v2.toelichting)


def test_hoofdzetel_in_wallonia_is_kept(imported):
    data, _, raw = imported
    frame = store.load(data).frame
    henegouwen = raw["hoofdzetel_provincie_naam"] == "Henegouwen"
    assert int(frame["provincie_hoofdzetel"].isna().sum()) == int(henegouwen.sum())
    assert int(frame["aantal"].sum()) == int(raw["aantal"].sum())


def test_unknown_label_still_rejected_with_reason(tmp_path):
    rows = _rows(400, 4, ["Antwerpen"])
    rows[0]["woonplaats_provincie_naam"] = "Gallifrey"
    path = write_csv(tmp_path / "in" / "inschrijvingen-dataset-2021-2022-1feb.csv", rows)
    try:
        result = store.import_files([path], tmp_path / "data")
    except LoepFout as exc:  # a file-level refusal (too many pupils rejected) names the same reason
        assert "kolom woonplaats_provincie_naam: Onbekende provincie 'Gallifrey'" in exc.boodschap
        return
    f = result.report.bestanden[0]
    assert f.rijen_afgewezen == 1
    assert f.afgewezen[0].reden.startswith("kolom woonplaats_provincie_naam: Onbekende provincie 'Gallifrey'")
