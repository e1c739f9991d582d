"""Question tables V1 … V5b against independent pandas computations on the canonical rows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from addin.core.catalogue import catalogue, name_key
from addin.core.errors import LoepFout
from addin.core.labels import PROVINCIES, TOTAAL_GEBIED
from addin.core.query import Query
from addin.core.questions import (
    AANDEEL,
    ALLE,
    DUAAL,
    SCHOOLJAAR,
    STATUS_BUSO,
    STATUS_NERGENS,
    TABLE_KEYS,
    TOTAAL,
    VERSCHIL,
    VERSCHIL_PCT,
    QuestionParams,
    build_tables,
    nul,
    question_table,
    top,
    v2b_columns,
)
from canonical_fixture import PROVINCE_COLUMN, make_dataset


@pytest.fixture(scope="module")
def ds():
    return make_dataset(n=6000, seed=11)


@pytest.fixture(scope="module", params=[("Antwerpen", "vestigingsplaats", "2016-2017"),
                                        ("West-Vlaanderen", "woonplaats", "2019-2020"),
                                        ("Brussel", "hoofdzetel", "2018-2019")])
def case(request, q):
    prov, basis, van = request.param
    params = QuestionParams(provincie=prov, basis=basis, van=van)
    tables = {t.sleutel: t for t in build_tables(q, params)}
    return params, tables


def rows(frame, params, duaal=True):
    """Independent selection: the rows of the region under the basis, optionally only dual ones."""
    sel = frame[frame[PROVINCE_COLUMN[params.basis]] == params.provincie]
    return sel[sel["duaal"]] if duaal else sel


def years(ds, van):
    return [j for j in sorted(ds.frame["schooljaar"].unique()) if j >= van]


def test_all_tables_built_in_order(case):
    _, tables = case
    assert list(tables) == list(TABLE_KEYS)
    for t in tables.values():
        assert t.titel.startswith(t.sleutel + ". ")
        assert t.tabelnaam.startswith("Tabel_") and t.tabelnaam.replace("_", "").isalnum()
        assert t.grafiek is not None and t.grafiek.alt_tekst and t.grafiek.x_titel and t.grafiek.y_titel
        assert t.grafiek.categorieen in t.frame.columns
        assert all(s in t.frame.columns for s in t.grafiek.reeksen)
        assert any("synthetische" in line for line in t.toelichting)
        for col in t.frame.columns:
            assert t.format_of(col) in ("aantal", "procent", "procent2", "promille", "verschil", "tekst", "rang")


def test_v1(ds, case):
    params, tables = case
    f = tables["V1"].frame
    jaren = years(ds, params.van)
    dual = rows(ds.frame, params).groupby("schooljaar", observed=True)["aantal"].sum()
    alle = rows(ds.frame, params, duaal=False).groupby("schooljaar", observed=True)["aantal"].sum()
    assert f[SCHOOLJAAR].tolist() == jaren
    assert f[DUAAL].tolist() == [int(dual.get(j, 0)) for j in jaren]
    assert f[ALLE].tolist() == [int(alle.get(j, 0)) for j in jaren]
    np.testing.assert_allclose(f[AANDEEL], [dual.get(j, 0) / alle[j] for j in jaren])
    for i, j in enumerate(jaren):
        prev = f"{int(j[:4]) - 1}-{j[:4]}"
        if prev in dual.index or prev in alle.index:
            d = int(dual.get(j, 0)) - int(dual.get(prev, 0))
            assert f[VERSCHIL].iloc[i] == d
            if dual.get(prev, 0):
                assert f[VERSCHIL_PCT].iloc[i] == pytest.approx(d / dual[prev])
        else:
            assert math.isnan(f[VERSCHIL].iloc[i]) and math.isnan(f[VERSCHIL_PCT].iloc[i])
    if params.van == "2016-2017":
        assert math.isnan(f[VERSCHIL].iloc[0])
    else:  # the year before 'van' is in the data: the first change is known
        assert not math.isnan(f[VERSCHIL].iloc[0])
    if f.isna().to_numpy().any():  # an empty cell is explained
        assert any(line.startswith("[z]") and "vorig schooljaar" in line for line in tables["V1"].toelichting)


def test_v2_regions_sum_to_total(ds, case):
    params, tables = case
    f = tables["V2"].frame
    jaren = years(ds, params.van)
    dual = ds.frame[ds.frame["duaal"]]
    pivot = dual.pivot_table(index="schooljaar", columns=PROVINCE_COLUMN[params.basis], values="aantal",
                             aggfunc="sum", observed=True).reindex(index=jaren, columns=list(PROVINCIES)).fillna(0)
    region_cols = [f"{p} (aantal)" for p in PROVINCIES]
    assert list(f.columns) == [SCHOOLJAAR, *region_cols, f"{TOTAAL_GEBIED} (aantal)"]
    np.testing.assert_array_equal(f[region_cols].to_numpy(), pivot.to_numpy())
    assert (f[region_cols].sum(axis=1) == f[f"{TOTAAL_GEBIED} (aantal)"]).all()
    by_year = dual.groupby("schooljaar", observed=True)["aantal"].sum()
    assert f[f"{TOTAAL_GEBIED} (aantal)"].tolist() == [int(by_year[j]) for j in jaren]
    # V1 is the region's own column
    assert tables["V1"].frame[DUAAL].tolist() == f[f"{params.provincie} (aantal)"].tolist()


def test_v2b(ds, case):
    params, tables = case
    f = tables["V2b"].frame
    jaren = years(ds, params.van)
    col = PROVINCE_COLUMN[params.basis]
    dual = ds.frame[ds.frame["duaal"]].pivot_table(index="schooljaar", columns=col, values="aantal", aggfunc="sum",
                                                   observed=True).reindex(index=jaren, columns=list(PROVINCIES)).fillna(0)
    alle = ds.frame.pivot_table(index="schooljaar", columns=col, values="aantal", aggfunc="sum",
                                observed=True).reindex(index=jaren, columns=list(PROVINCIES))
    ranks = dual.rank(axis=1, method="min", ascending=False)
    for p in PROVINCIES:
        per1000, share, rang = v2b_columns(p)
        np.testing.assert_allclose(f[per1000], 1000 * dual[p] / alle[p])
        np.testing.assert_allclose(f[share], dual[p] / dual.sum(axis=1))
        assert f[rang].tolist() == ranks[p].astype(int).tolist()
    shares = f[[v2b_columns(p)[1] for p in PROVINCIES]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)


def test_v3_rows_sum_to_v1(ds, case):
    params, tables = case
    v1 = tables["V1"].frame[DUAAL].tolist()
    sel = rows(ds.frame, params)
    jaren = years(ds, params.van)
    for key, dim in (("V3a", "graad"), ("V3b", "onderwijsvorm")):
        f = tables[key].frame
        parts = [c for c in f.columns if c not in (SCHOOLJAAR, TOTAAL)]
        assert f[TOTAAL].tolist() == v1
        assert f[parts].sum(axis=1).tolist() == v1
        pivot = sel.pivot_table(index="schooljaar", columns=dim, values="aantal", aggfunc="sum",
                                observed=True).reindex(index=jaren).fillna(0)
        for c in parts:
            label = c[: -len(" (aantal)")]
            if key == "V3a":
                src = "n.v.t." if label.startswith("n.v.t.") else label
                assert f[c].tolist() == pivot.get(src, pd.Series(0, index=jaren)).astype(int).tolist()
            elif label == "andere":
                other = [v for v in pivot.columns if v not in ("bso", "tso", "buso", "Syntra")]
                assert f[c].tolist() == pivot[other].sum(axis=1).astype(int).tolist()
            else:
                assert f[c].tolist() == pivot.get(label, pd.Series(0, index=jaren)).astype(int).tolist()
    v3a_cols = tables["V3a"].frame.columns
    assert {"2e graad (aantal)", "3e graad (aantal)", "n.v.t. (buso/Syntra) (aantal)"} <= set(v3a_cols)
    assert {"bso (aantal)", "tso (aantal)", "buso (aantal)", "Syntra (aantal)"} <= set(tables["V3b"].frame.columns)


def test_v4a_sectors(ds, case):
    params, tables = case
    f = tables["V4a"].frame
    jaren = years(ds, params.van)
    laatste = jaren[-1]
    sel = rows(ds.frame, params)
    sel = sel[sel["schooljaar"].isin(jaren)]
    pivot = sel.pivot_table(index="sector", columns="schooljaar", values="aantal", aggfunc="sum",
                            observed=True).fillna(0)
    pivot = pivot[pivot.sum(axis=1) > 0]
    assert set(f["Sector"]) == set(pivot.index)
    cur = f"Leerlingen {laatste} (aantal)"
    expected = pivot[laatste].sort_values(ascending=False)
    assert f[cur].tolist() == expected.astype(int).tolist()  # most popular first
    for _, r in f.iterrows():
        for j in jaren:
            assert r[f"{j} (aantal)"] == pivot.at[r["Sector"], j]
    total = sel[sel["schooljaar"] == laatste]["aantal"].sum()
    np.testing.assert_allclose(f[f"Aandeel {laatste} (%)"], f[cur] / total)
    assert f[f"Rang {laatste}"].tolist() == f[cur].rank(method="min", ascending=False).astype(int).tolist()


def test_v4b_programmes(ds, case):
    params, tables = case
    f = tables["V4b"].frame
    jaren = years(ds, params.van)
    laatste, vorige = jaren[-1], jaren[-2]
    sel = rows(ds.frame, params)
    keys = ["studierichting", "sector", "graad", "onderwijsvorm"]
    g = sel[sel["schooljaar"] == laatste].groupby(keys, observed=True)["aantal"].sum()
    g = g[g > 0].sort_values(ascending=False)
    assert len(f) == min(10, len(g))
    assert f[f"Leerlingen {laatste} (aantal)"].tolist() == g.head(10).astype(int).tolist()
    gp = sel[sel["schooljaar"] == vorige].groupby(keys, observed=True)["aantal"].sum()
    for _, r in f.iterrows():
        k = (r["Studierichting"], r["Sector"], r["Graad"], r["Onderwijsvorm"])
        assert r[f"Leerlingen {laatste} (aantal)"] == g[k]
        assert r[f"Leerlingen {vorige} (aantal)"] == int(gp.get(k, 0))


def test_v5a_least_chosen(ds, case):
    """V5a is the bottom half of the ranking of sectors by pupils in the last year, by a rule it states."""
    params, tables = case
    t = tables["V5a"]
    f = t.frame
    jaren = years(ds, params.van)
    laatste = jaren[-1]
    recent = sorted(ds.frame["schooljaar"].unique())[-3:]
    cur = f"Leerlingen {laatste} in {params.provincie} (aantal)"
    sel = rows(ds.frame, params)
    anywhere = ds.frame[ds.frame["duaal"] & (ds.frame["schooljaar"] == laatste) & (ds.frame["aantal"] > 0)]
    candidates = set(anywhere["sector"]) | set(catalogue()["sector"])
    counts = sel[sel["schooljaar"] == laatste].groupby("sector", observed=True)["aantal"].sum()
    ranking = sorted(int(counts.get(s, 0)) for s in candidates)
    n = len(candidates) // 2
    cut = ranking[n - 1]
    assert f[cur].tolist() == [v for v in ranking if v <= cut]  # ties at the cut kept
    assert len(f) >= n and max(f[cur]) < max(ranking) or ranking.count(max(ranking)) > len(ranking) - n
    cat = catalogue()
    for _, r in f.iterrows():
        assert r[cur] == int(counts.get(r["Sector"], 0))
        assert r["Duale opleidingen in de catalogus 2026 (aantal)"] == int((cat["sector"] == r["Sector"]).sum())
        for j in recent:
            assert r[f"Leerlingen {j} in {params.provincie} (aantal)"] == int(
                sel[(sel["schooljaar"] == j) & (sel["sector"] == r["Sector"])]["aantal"].sum())
    ranks = pd.Series(ranking[::-1]).rank(method="min", ascending=False)
    expected_rank = {v: int(ranks[ranking[::-1].index(v)]) for v in ranking}
    assert f[f"Rang {laatste}"].tolist() == [expected_rank[v] for v in f[cur]]
    rule = [line for line in t.toelichting if line.startswith("Regel: De sectoren in de tabel zijn de onderste helft")]
    assert rule and f": {n} van de {len(candidates)}," in rule[0] and t.regel in rule[0]


def _catalogue_reference(ds, params, jaar):
    """Per catalogue row: dual pupils of that programme in the region and year, matched by name key."""
    sel = rows(ds.frame, params)
    sel = sel[sel["schooljaar"] == jaar]
    by_key = sel.assign(k=sel["studierichting"].astype(str).map(name_key))
    cat = catalogue()
    keys = cat["naam"].map(name_key)
    twins = set(keys[keys.duplicated(keep=False)])
    out = []
    for naam, vorm, k in zip(cat["naam"], cat["onderwijsvorm"], keys):
        m = by_key["k"] == k
        if k in twins:
            m &= (by_key["onderwijsvorm"] == "buso") if vorm == "buso" else (by_key["onderwijsvorm"] != "buso")
        out.append(int(by_key.loc[m, "aantal"].sum()))
    return pd.Series(out, index=cat.index)


def test_v5b_catalogue_without_pupils(ds, case):
    params, tables = case
    f = tables["V5b"].frame
    jaren = sorted(ds.frame["schooljaar"].unique())
    recent = jaren[-3:]
    cat = catalogue()
    ref = {j: _catalogue_reference(ds, params, j) for j in recent}
    zero = cat[ref[recent[-1]] == 0]
    assert sorted(f["Code"]) == sorted(zero["code"])
    assert set(f["Code"]) <= set(cat["code"])
    by_code = cat.set_index("code")
    for _, r in f.iterrows():
        row = by_code.loc[r["Code"]]
        assert r["Opleiding"] == row["volledige_naam"] and r["Sector"] == row["sector"]
        if row["onderwijsvorm"] == "buso":  # the catalogue counts no buso addresses: unknown, not 0
            assert math.isnan(r["Aangeboden op adressen in 2026 (aantal)"])
            assert r["Status"] == STATUS_BUSO
        else:
            assert r["Aangeboden op adressen in 2026 (aantal)"] == row["aantal_adressen"]
            expected = STATUS_NERGENS if row["aantal_adressen"] == 0 else \
                f"aangeboden, maar geen leerlingen in {params.provincie}"
            assert r["Status"] == expected
        idx = cat.index[cat["code"] == r["Code"]][0]
        for j in recent:
            assert r[f"Leerlingen {j} in {params.provincie} (aantal)"] == ref[j][idx]
    # 'nergens aangeboden' first, then buso, then offered
    order = {STATUS_NERGENS: 0, STATUS_BUSO: 1}
    status = f["Status"].tolist()
    assert status == sorted(status, key=lambda s: order.get(s, 2))


def test_question_table_aliases(q):
    params = QuestionParams(van="2020-21")
    assert question_table(q, 3, params).sleutel == "V3a"
    assert question_table(q, "3b", params).sleutel == "V3b"
    assert question_table(q, "V2B", params).sleutel == "V2b"
    assert question_table(q, 1.0, params).sleutel == "V1"
    assert question_table(q, "5", params).sleutel == "V5a"
    with pytest.raises(LoepFout, match="Onbekende vraag of tabel '8'.*Geldige waarden: 1, 2, 2b"):
        question_table(q, 8, params)
    with pytest.raises(LoepFout, match="Onbekende vraag of tabel '6'"):
        question_table(q, 6, params)
    assert [t.sleutel for t in build_tables(q, params, ["4b", "V1"])] == ["V4b", "V1"]


def test_params_validation(q):
    p = QuestionParams(provincie=" antwerpen", basis="school", van=2018, tot="2020-21")
    assert (p.provincie, p.basis, p.van, p.tot) == ("Antwerpen", "vestigingsplaats", "2018-2019", "2020-2021")
    assert QuestionParams().resolve(q).tot == q.schooljaren[-1]
    assert QuestionParams(provincie="", basis=None, van="").van == "2016-2017"
    assert QuestionParams(tot="laatste").tot is None
    with pytest.raises(LoepFout, match="Onbekende provincie 'Antwrpen'; bedoelde u 'Antwerpen'"):
        QuestionParams(provincie="Antwrpen")
    with pytest.raises(LoepFout, match="ligt na het laatste"):
        QuestionParams(van="2022-2023", tot="2019-2020")
    with pytest.raises(LoepFout, match="Ongeldig schooljaar 'twintig'"):
        QuestionParams(van="twintig")
    with pytest.raises(LoepFout, match="Schooljaar '2010-2011' \\(argument 'van'\\) zit niet in de gegevens"):
        build_tables(q, QuestionParams(van="2010-2011", van_expliciet=True))  # the user's own --van
    with pytest.raises(LoepFout, match="Schooljaar '2030-2031' \\(argument 'van'\\) zit niet in de gegevens"):
        build_tables(q, QuestionParams(van="2030-2031"))  # after the data: no first year to move to
    with pytest.raises(LoepFout, match="Onbekende basis"):
        QuestionParams(basis="adres")


def test_missing_basis_for_tables():
    q = Query(make_dataset(bases=("vestigingsplaats",)))
    with pytest.raises(LoepFout, match="basis 'woonplaats' is niet beschikbaar.*woonplaats_provincie_naam"):
        build_tables(q, QuestionParams(basis="woonplaats"))
    assert build_tables(q, QuestionParams(), ["V1"])[0].frame[DUAAL].sum() > 0


def test_basis_for_some_years_only():
    ds = make_dataset(n=3000, seed=5)
    frame = ds.frame.copy()
    early = frame["schooljaar"].isin(["2016-2017", "2017-2018", "2018-2019"])
    frame["provincie_woonplaats"] = frame["provincie_woonplaats"].where(~early)
    from dataclasses import replace

    q = Query(type(ds)(frame, replace(ds.info, bases=("vestigingsplaats", "hoofdzetel"))))
    assert "woonplaats" not in q.bases
    with pytest.raises(LoepFout, match="niet voor alle schooljaren beschikbaar"):
        q.count(basis="woonplaats")
    with pytest.raises(LoepFout, match="niet beschikbaar voor schooljaar 2017-2018"):
        q.count(basis="woonplaats", schooljaar=2017)
    sel = frame[(frame["schooljaar"] == "2020-2021") & (frame["provincie_woonplaats"] == "Limburg")]
    assert q.count(basis="woonplaats", schooljaar=2020, provincie="Limburg") == int(sel["aantal"].sum())
    # validating the basis on its own passes; with an empty year (= all years) it does not
    assert q.normalise_filters(basis="woonplaats")["basis"] == "woonplaats"
    with pytest.raises(LoepFout, match="niet voor alle schooljaren beschikbaar"):
        q.normalise_filters(basis="woonplaats", schooljaar="")
    with pytest.raises(LoepFout, match="niet voor alle schooljaren beschikbaar"):
        q.table(["provincie"], basis="woonplaats")
    t = q.table(["provincie"], basis="woonplaats", schooljaar=2020)
    assert int(t.loc[t["provincie"] == "Limburg", "aantal"].iloc[0]) == int(sel["aantal"].sum())
    with pytest.raises(LoepFout, match="niet beschikbaar voor schooljaar 2016-2017"):
        build_tables(q, QuestionParams(basis="woonplaats"), ["V1"])
    t = build_tables(q, QuestionParams(basis="woonplaats", van="2019-2020"), ["V1", "V4b", "V5b"])
    assert math.isnan(t[0].frame[VERSCHIL].iloc[0])  # 2018-2019 has no woonplaats: no change shown


def test_top_and_nul(ds, q):
    f = ds.frame
    sel = f[f["duaal"] & (f["provincie_vestigingsplaats"] == "Limburg") & (f["schooljaar"] == "2023-2024")]
    by_sector = sel.groupby("sector", observed=True)["aantal"].sum().sort_values(ascending=False)
    got = top(q, "limburg", "2023-24", n=3)
    assert got["Leerlingen (aantal)"].tolist()[:3] == by_sector.head(3).astype(int).tolist()
    assert got["Sector"].iloc[0] == by_sector.index[0]
    np.testing.assert_allclose(got["Aandeel (%)"], got["Leerlingen (aantal)"] / sel["aantal"].sum())
    by_prog = sel.groupby("studierichting", observed=True)["aantal"].sum().sort_values(ascending=False)
    got = top(q, "Limburg", 2023, n=4, niveau="studierichting")
    assert got["Leerlingen (aantal)"].tolist()[:4] == by_prog.head(4).astype(int).tolist()
    assert len(got) >= 4
    with pytest.raises(LoepFout, match="Onbekend niveau 'school'"):
        top(q, "Limburg", 2023, niveau="school")
    with pytest.raises(LoepFout, match="argument 'n'"):
        top(q, "Limburg", 2023, n=0)
    with pytest.raises(LoepFout, match="Argument 'schooljaar' ontbreekt"):
        top(q, "Limburg", "")

    z = nul(q, "Limburg", "2023-2024")
    ref = _catalogue_reference(ds, QuestionParams(provincie="Limburg"), "2023-2024")
    assert sorted(z["Code"]) == sorted(catalogue().loc[ref == 0, "code"])
    assert set(z["Status"]) <= {STATUS_NERGENS, STATUS_BUSO, "aangeboden, maar geen leerlingen in Limburg"}


# --- on the demo store (when the shared fixture exists) ------------------------------------------


@pytest.fixture(scope="module")
def demo(request):
    """The demonstration dataset of the shared conftest fixture; skipped when the fixture is absent."""
    from addin.core.dataset import Dataset

    for name in ("demo_dataset", "demo_store"):
        try:
            value = request.getfixturevalue(name)
        except pytest.FixtureLookupError:
            continue
        if isinstance(value, Dataset):
            return value
        from addin.core import store

        return store.load(value)
    pytest.skip("geen demo_dataset/demo_store-fixture in conftest.py")


def test_demo_tables_against_pandas(demo):
    q = Query(demo)
    f = demo.frame
    params = QuestionParams()
    tables = {t.sleutel: t for t in build_tables(q, params)}
    jaren = list(demo.info.schooljaren)
    dual = f[f["duaal"]]
    per = dual.groupby(["schooljaar", "provincie_vestigingsplaats"], observed=True)["aantal"].sum()
    v2 = tables["V2"].frame
    for i, j in enumerate(jaren):
        for p in PROVINCIES:
            assert v2[f"{p} (aantal)"].iloc[i] == int(per.get((j, p), 0))
        assert v2[f"{TOTAAL_GEBIED} (aantal)"].iloc[i] == int(dual.loc[dual["schooljaar"] == j, "aantal"].sum())
    v1 = tables["V1"].frame[DUAAL].tolist()
    for key in ("V3a", "V3b"):
        t = tables[key].frame
        assert t[[c for c in t.columns if c not in (SCHOOLJAAR, TOTAAL)]].sum(axis=1).tolist() == v1
    # a (non-buso) programme offered nowhere has no pupils in the latest year (calibration rule): all in V5b
    v5b = tables["V5b"].frame
    cat = catalogue()
    nergens = set(cat.loc[(cat["aantal_adressen"] == 0) & (cat["onderwijsvorm"] != "buso"), "code"])
    assert nergens and nergens <= set(v5b["Code"])
    assert set(v5b.loc[v5b["Status"] == STATUS_NERGENS, "Code"]) == nergens
    assert set(v5b.loc[v5b["Status"] == STATUS_BUSO, "Code"]) <= set(cat.loc[cat["onderwijsvorm"] == "buso", "code"])


def test_demo_random_counts(demo):
    q = Query(demo)
    f = demo.frame
    rng = np.random.default_rng(4)
    jaren = list(demo.info.schooljaren)
    for _ in range(60):
        basis = ["vestigingsplaats", "hoofdzetel", "woonplaats"][rng.integers(3)]
        if basis not in demo.info.bases:
            continue
        want = {"schooljaar": jaren[rng.integers(len(jaren))], "provincie": PROVINCIES[rng.integers(6)]}
        if rng.random() < 0.5:
            want["onderwijsvorm"] = ["bso", "tso", "buso", "Syntra"][rng.integers(4)]
        if rng.random() < 0.5:
            want["duaal"] = bool(rng.random() < 0.7)
        mask = np.ones(len(f), dtype=bool)
        for k, v in want.items():
            mask &= (f[PROVINCE_COLUMN[basis] if k == "provincie" else k] == v).to_numpy()
        args = {k: ("ja" if v else "nee") if k == "duaal" else v for k, v in want.items()}
        assert q.count(basis=basis, **args) == int(f.loc[mask, "aantal"].sum())


def test_unknown_province_rows_are_reported_not_lost():
    ds = make_dataset(n=3000, seed=9)
    frame = ds.frame.copy()
    hit = (frame["schooljaar"] == "2024-2025") & frame["duaal"]
    idx = frame.index[hit][:5]
    frame.loc[idx, "provincie_woonplaats"] = None
    missing = int(frame.loc[idx, "aantal"].sum())
    q = Query(type(ds)(frame, ds.info))
    assert "woonplaats" in q.bases  # a few rows without a province do not remove the basis
    assert q.count(basis="woonplaats", duaal="ja") == int(frame.loc[frame["duaal"], "aantal"].sum())
    v2 = build_tables(q, QuestionParams(basis="woonplaats"), ["V2"])[0]
    f = v2.frame
    row = f[f[SCHOOLJAAR] == "2024-2025"].iloc[0]
    regions = sum(int(row[f"{p} (aantal)"]) for p in PROVINCIES)
    assert regions == row[f"{TOTAAL_GEBIED} (aantal)"]
    all_dual = int(frame.loc[hit, "aantal"].sum())
    assert regions == all_dual - missing
    assert any(f"{missing} duale leerlingen zonder provincie in Vlaanderen of Brussel" in line for line in v2.toelichting)
    t = q.table(["provincie"], basis="woonplaats", schooljaar="2024-2025", duaal="ja")
    assert t["provincie"].isna().sum() == 1 and int(t.loc[t["provincie"].isna(), "aantal"].iloc[0]) == missing


def test_v4a_chart_plots_the_sectors_with_pupils_in_the_latest_year(small_dataset):
    q = Query(small_dataset)
    params = QuestionParams(provincie="Antwerpen").resolve(q)
    v4a = next(t for t in build_tables(q, params, keys=["V4a"]))
    f = small_dataset.frame
    last = params.tot
    sel = f[f["duaal"] & (f["schooljaar"].astype(str) == last)
            & (f["provincie_vestigingsplaats"].astype(str) == "Antwerpen")]
    with_pupils = sel.groupby(sel["sector"].astype(str))["aantal"].sum()
    assert v4a.grafiek.rijen == int((with_pupils > 0).sum())
    # the table is sorted large to small, so those are exactly the first rows
    first = v4a.frame.iloc[: v4a.grafiek.rijen]
    assert set(first["Sector"]) == set(with_pupils[with_pupils > 0].index)
