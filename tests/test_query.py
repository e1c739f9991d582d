"""Query counts and tables against plain pandas sums over the canonical rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from addin.core.errors import LoepFout
from addin.core.labels import GRADEN, ONDERWIJSVORMEN, PROVINCIES
from addin.core.query import Query
from canonical_fixture import PROVINCE_COLUMN, make_dataset


def pandas_count(frame: pd.DataFrame, basis="vestigingsplaats", **want) -> int:
    """Independent reference: a boolean mask over the raw canonical rows."""
    mask = np.ones(len(frame), dtype=bool)
    for dim, value in want.items():
        col = PROVINCE_COLUMN[basis] if dim == "provincie" else dim
        mask &= (frame[col] == value).to_numpy()
    return int(frame.loc[mask, "aantal"].sum())


def test_total_and_single_filters(q, ds):
    f = ds.frame
    assert q.count() == int(f["aantal"].sum())
    for jaar in ds.info.schooljaren:
        assert q.count(schooljaar=jaar) == pandas_count(f, schooljaar=jaar)
    for prov in PROVINCIES:
        assert q.count(provincie=prov) == pandas_count(f, provincie=prov)
    for ov in ONDERWIJSVORMEN:
        assert q.count(onderwijsvorm=ov) == pandas_count(f, onderwijsvorm=ov)
    for gr in GRADEN:
        assert q.count(graad=gr) == pandas_count(f, graad=gr)
    assert q.count(duaal="ja") == pandas_count(f, duaal=True)
    assert q.count(duaal="nee") == pandas_count(f, duaal=False)
    assert q.count(duaal="ja") + q.count(duaal="nee") == q.count()


def test_user_typed_arguments(q, ds):
    f = ds.frame
    expected = pandas_count(f, schooljaar="2024-2025", provincie="Antwerpen", onderwijsvorm="bso",
                            graad="2e graad", duaal=True)
    variants = [
        ("2024-2025", "Antwerpen", "bso", "2e graad", "ja"),
        ("2024-25", "antwerpen", "BSO", 2, "JA"),
        (2024, " ANTWERPEN ", "beroepssecundair onderwijs", "2e", "waar"),
        (2024.0, "provincie Antwerpen", "Bso", 2.0, True),
        ("2024/2025", "Antw", "bso", "tweede graad", "j"),
    ]
    for sj, prov, ov, gr, du in variants:
        assert q.count(schooljaar=sj, provincie=prov, onderwijsvorm=ov, graad=gr, duaal=du) == expected
    brussel = pandas_count(f, provincie="Brussels Hoofdstedelijk Gewest")
    assert q.count(provincie="Brussel") == brussel == q.count(provincie="bhg")


def test_empty_arguments_mean_no_filter(q, ds):
    total = int(ds.frame["aantal"].sum())
    assert q.count(schooljaar="", provincie="", basis="", onderwijsvorm=" ", graad=None, sector="",
                   studierichting="", duaal="") == total
    assert q.count(provincie="Vlaanderen en Brussel") == total
    assert q.count(schooljaar=float("nan")) == total


@pytest.mark.parametrize("basis", ["vestigingsplaats", "hoofdzetel", "woonplaats"])
def test_random_filter_combinations(q, ds, basis):
    f = ds.frame
    rng = np.random.default_rng(hash(basis) % 1000)
    sectors = sorted(f["sector"].astype(str).unique())
    programmes = sorted(f["studierichting"].astype(str).unique())
    choices = {
        "schooljaar": list(ds.info.schooljaren),
        "provincie": list(PROVINCIES),
        "onderwijsvorm": list(ONDERWIJSVORMEN),
        "graad": list(GRADEN),
        "sector": sectors,
        "studierichting": programmes,
        "duaal": [True, False],
    }
    for _ in range(150):
        want = {}
        for dim, values in choices.items():
            p = 0.25 if dim == "studierichting" else 0.5
            if rng.random() < p:
                want[dim] = values[rng.integers(len(values))]
        args = {k: ("ja" if v else "nee") if k == "duaal" else v for k, v in want.items()}
        assert q.count(basis=basis, **args) == pandas_count(f, basis=basis, **want), (basis, want)


def test_bases_differ_and_sum_to_the_same_total(q, ds):
    f = ds.frame
    for basis in ("vestigingsplaats", "hoofdzetel", "woonplaats"):
        per_prov = [q.count(provincie=p, basis=basis, duaal="ja") for p in PROVINCIES]
        assert sum(per_prov) == q.count(duaal="ja", basis=basis) == pandas_count(f, duaal=True)
        assert per_prov == [pandas_count(f, basis=basis, provincie=p, duaal=True) for p in PROVINCIES]
    assert q.count(provincie="Antwerpen", basis="woonplaats") != q.count(provincie="Antwerpen")


def test_studierichting_and_sector(q, ds):
    f = ds.frame
    naam = str(f.loc[f["duaal"], "studierichting"].iloc[0])
    for jaar in ds.info.schooljaren[-3:]:
        assert q.count(studierichting=naam, schooljaar=jaar) == pandas_count(f, studierichting=naam,
                                                                               schooljaar=jaar)
        # folded spelling finds the same programme
        assert q.count(studierichting=naam.upper(), schooljaar=jaar) == q.count(studierichting=naam,
                                                                                 schooljaar=jaar)
    assert q.count(sector="stem") == pandas_count(f, sector="STEM")


def test_valid_but_absent_combination_is_zero(q, ds):
    # a catalogue sector/programme with no rows is valid and counts 0
    from addin.core.catalogue import name_key, old_programmes

    present = {name_key(n) for n in ds.frame["studierichting"].astype(str)}
    absent = [n for n in old_programmes()["naam"] if name_key(n) not in present]
    assert absent, "fixture should miss some catalogue programmes"
    assert q.count(studierichting=absent[0]) == 0


def test_table_matches_groupby(q, ds):
    f = ds.frame
    got = q.table(["schooljaar", "provincie"], duaal="ja", onderwijsvorm="bso")
    sub = f[f["duaal"] & (f["onderwijsvorm"] == "bso")]
    ref = sub.groupby(["schooljaar", "provincie_vestigingsplaats"], observed=True)["aantal"].sum()
    assert len(got) == int((ref > 0).sum())
    for row in got.itertuples(index=False):
        assert row.aantal == ref.loc[(row.schooljaar, row.provincie)]
    assert list(got.columns) == ["schooljaar", "provincie", "aantal"]
    # provinces in vocabulary order within a year
    first = got[got["schooljaar"] == got["schooljaar"].iloc[0]]["provincie"].tolist()
    assert first == [p for p in PROVINCIES if p in first]

    by_basis = q.table(["provincie"], basis="woonplaats")
    ref_w = f.groupby("provincie_woonplaats", observed=True)["aantal"].sum()
    assert dict(zip(by_basis["provincie"], by_basis["aantal"])) == {k: int(v) for k, v in ref_w.items()}
    assert q.table([], schooljaar=2020)["aantal"].iloc[0] == pandas_count(f, schooljaar="2020-2021")



def test_table_keeps_the_first_apis_filter_rules(q, ds):
    """table() takes count()'s eight keywords, one value each, typed as a user types them; it is not
    parse_filters (no other dimensions, no 'a;b' lists)."""
    f = ds.frame
    got = q.table([], schooljaar="2024-25", provincie=" limburg ", graad=2, duaal="nee", basis="hoofdzetel")
    assert got["aantal"].iloc[0] == pandas_count(f, basis="hoofdzetel", schooljaar="2024-2025", provincie="Limburg",
                                                  graad="2e graad", duaal=False)
    with pytest.raises(LoepFout, match="Onbekend argument 'provincia'; .*provincie"):
        q.table(["graad"], provincia="Limburg")
    with pytest.raises(LoepFout, match="Onbekend argument 'hoofdstructuur'"):
        q.table(["graad"], hoofdstructuur="311")
    with pytest.raises(LoepFout, match="Onbekende provincie 'Antwerpen;Limburg'"):
        q.table(["graad"], provincie="Antwerpen;Limburg")

def test_values(q, ds):
    assert q.values("schooljaar") == list(ds.info.schooljaren)
    assert q.values("provincie") == list(PROVINCIES)
    assert q.values("basis") == ["vestigingsplaats", "hoofdzetel", "woonplaats"]
    assert q.values("duaal") == ["ja", "nee"]
    assert "STEM" in q.values("sector")
    assert set(ds.frame["studierichting"].astype(str)) <= set(q.values("studierichting"))
    with pytest.raises(LoepFout, match="Onbekende dimensie 'provinsie'; bedoelde u 'provincie'"):
        q.values("provinsie")


@pytest.mark.parametrize(
    "kwargs, message, suggestie",
    [
        ({"provincie": "Antwerp"}, "Onbekende provincie 'Antwerp'; bedoelde u 'Antwerpen'?", "Antwerpen"),
        ({"provincie": "Namen"}, "Onbekende provincie 'Namen'", None),
        ({"schooljaar": "2024-2026"}, "Ongeldig schooljaar '2024-2026' (argument 'schooljaar')", None),
        ({"schooljaar": "2030"}, "Schooljaar '2030-2031' (argument 'schooljaar') zit niet in de gegevens",
         "2025-2026"),
        ({"onderwijsvorm": "bsoo"}, "Onbekende onderwijsvorm 'bsoo'; bedoelde u 'bso'?", "bso"),
        ({"graad": 5}, "Onbekende graad '5'", None),
        ({"duaal": "misschien"}, "Ongeldige waarde 'misschien' voor argument 'duaal'", None),
        ({"sector": "Stem2"}, "Onbekende sector 'Stem2'; bedoelde u 'STEM'?", "STEM"),
        ({"studierichting": "Zzzzzz"}, "Onbekende studierichting 'Zzzzzz'", None),
        ({"basis": "woonst2"}, "Onbekende basis 'woonst2'", None),
    ],
)
def test_wrong_arguments(q, kwargs, message, suggestie):
    with pytest.raises(LoepFout) as exc:
        q.count(**kwargs)
    assert message in exc.value.boodschap
    assert exc.value.suggestie == suggestie
    # the same error a second time (errors are not cached as values)
    with pytest.raises(LoepFout):
        q.count(**kwargs)


def test_missing_basis_is_an_error_not_a_fallback():
    q = Query(make_dataset(bases=("vestigingsplaats",)))
    assert q.values("basis") == ["vestigingsplaats"]
    for basis, col in (("hoofdzetel", "hoofdzetel_provincie_naam"), ("woonplaats", "woonplaats_provincie_naam")):
        with pytest.raises(LoepFout) as exc:
            q.count(provincie="Antwerpen", basis=basis)
        assert f"basis '{basis}' is niet beschikbaar" in exc.value.boodschap
        assert col in exc.value.boodschap
        with pytest.raises(LoepFout):
            q.table(["schooljaar"], basis=basis)
        with pytest.raises(LoepFout):
            q.pivot("provincie", basis=basis)
    assert q.count(provincie="Antwerpen") > 0


def test_normalise_filters(q):
    got = q.normalise_filters(schooljaar="2019-20", provincie="limburg", graad=3, duaal="nee")
    assert got == {"schooljaar": "2019-2020", "provincie": "Limburg", "basis": "vestigingsplaats",
                   "onderwijsvorm": None, "graad": "3e graad", "sector": None, "studierichting": None,
                   "duaal": False}
    with pytest.raises(LoepFout, match="Onbekend argument 'provincia'; .*provincie"):
        q.normalise_filters(provincia="Limburg")
    with pytest.raises(LoepFout, match="Onbekende dimensie 'jaartal'"):
        q.table(["jaartal"])


def test_a_list_is_several_values(q, ds):
    f = ds.frame
    # an (unhashable) list from a spreadsheet range: each value counts, like 'Antwerpen;Limburg'
    assert q.count(provincie=["Antwerpen"]) == pandas_count(f, provincie="Antwerpen")
    both = pandas_count(f, provincie="Antwerpen") + pandas_count(f, provincie="Limburg")
    assert q.count(provincie=["antwerpen", "LIMBURG"]) == both
    assert q.count(provincie="Antwerpen; Limburg") == both


def test_counts_without_some_filters(q, ds):
    f = ds.frame
    assert q.count() == int(f["aantal"].sum())
    assert q.count(schooljaar="2020-2021", duaal=True) == pandas_count(f, schooljaar="2020-2021", duaal=True)
    assert q.count(provincie="Limburg", graad="3e graad") == pandas_count(f, provincie="Limburg", graad="3e graad")


def test_get_query_on_the_demo_store(demo_store):
    from addin.core.query import get_query

    q1 = get_query(demo_store)
    assert get_query(demo_store) is q1  # reused while the store is unchanged
    # published figures the demo data reproduces exactly (kalibratie.md), counted through user-typed arguments
    assert q1.count(schooljaar="2016-17", duaal="ja") == 126
    assert q1.count(schooljaar=2021, duaal="JA") == 2338
    assert q1.count(schooljaar="2021-2022", provincie="west-vlaanderen", duaal="ja") == 357
    assert q1.count(schooljaar=2024, onderwijsvorm="syntra", duaal="ja") == 1480


def test_benchmark_script_smoke(demo_store):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import bench_query

    assert bench_query.main(["--data", str(demo_store), "--aantal", "20000", "--verschillend", "500",
                             "--mask-aantal", "20"]) == 0


def test_basis_available_when_the_files_have_the_column_even_without_a_flemish_province():
    """A year whose files carry woonplaats but whose pupils all live outside Flanders/Brussels keeps the basis."""
    from dataclasses import replace

    from addin.core.query import BASES_PER_YEAR_KEY
    from canonical_fixture import make_dataset

    ds = make_dataset(n=3000, seed=9)
    frame = ds.frame.copy()
    outside = frame["schooljaar"] == "2019-2020"
    frame["provincie_woonplaats"] = frame["provincie_woonplaats"].where(~outside)
    without_meta = Query(type(ds)(frame, replace(ds.info)))
    assert "woonplaats" not in without_meta.bases  # the rows alone cannot tell
    with_meta = type(ds)(frame, replace(ds.info))
    with_meta._cache[BASES_PER_YEAR_KEY] = {j: ("vestigingsplaats", "hoofdzetel", "woonplaats")
                                            for j in with_meta.info.schooljaren}
    q = Query(with_meta)
    assert "woonplaats" in q.bases
    assert q.count(schooljaar="2019-2020", basis="woonplaats", provincie="Limburg") == 0
    assert q.count(schooljaar="2019-2020", basis="woonplaats") == int(frame.loc[outside, "aantal"].sum())
    sel = frame[(frame["schooljaar"] == "2020-2021") & (frame["provincie_woonplaats"] == "Limburg")]
    assert q.count(schooljaar="2020-2021", basis="woonplaats", provincie="Limburg") == int(sel["aantal"].sum())
    # a year whose files lack the column stays unavailable
    partial = type(ds)(frame, replace(ds.info, bases=("vestigingsplaats", "hoofdzetel")))
    partial._cache[BASES_PER_YEAR_KEY] = {j: ("vestigingsplaats", "hoofdzetel") + (() if j == "2019-2020" else
                                                                                  ("woonplaats",))
                                          for j in partial.info.schooljaren}
    q2 = Query(partial)
    assert "woonplaats" not in q2.bases and "2019-2020" not in q2.basis_jaren["woonplaats"]
    with pytest.raises(LoepFout, match="niet beschikbaar voor schooljaar 2019-2020"):
        q2.count(schooljaar="2019-2020", basis="woonplaats")
