"""The calibration targets: read correctly from the reference files and the published figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from addin.demo.calibration import targets

REFERENCE = Path(__file__).resolve().parents[1] / "addin" / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


AGG = _rows("leerlingen-aggregaten-2016-2025.csv")


def _agg(reeks: str, **where: str) -> list[dict[str, str]]:
    return [r for r in AGG if r["reeks"] == reeks and all(r[k] == v for k, v in where.items())]


def test_school_years():
    assert targets().schooljaren == tuple(f"{y}-{y + 1}" for y in range(2016, 2026))


def test_secondary_per_province_from_the_reference_file():
    t = targets()
    rows = _agg("secundair_per_provincie_vestigingsplaats")
    assert len(rows) == 60
    for r in rows:
        assert t.secundair_provincie[r["schooljaar"]][r["provincie"]] == int(r["aantal"])
    # the province series adds up to the level total of the 'niveau' series
    for r in _agg("niveau", hoofdstructuur_code="311"):
        assert t.secundair[r["schooljaar"]] == int(r["aantal"])
    assert t.secundair_provincie["2024-2025"]["Antwerpen"] == 138554
    assert t.secundair_provincie["2016-2017"]["Brussels Hoofdstedelijk Gewest"] == 13783


def test_buso_dbso_and_opleidingsvorm():
    t = targets()
    for r in _agg("niveau", hoofdstructuur_code="321"):
        assert t.buso[r["schooljaar"]] == int(r["aantal"])
    for r in _agg("niveau", hoofdstructuur_code="312"):
        assert t.dbso[r["schooljaar"]] == int(r["aantal"])
    assert t.dbso["2025-2026"] == 0 and t.buso["2016-2017"] == 20130
    for r in _agg("buso_opleidingsvorm"):
        assert t.buso_opleidingsvorm[r["schooljaar"]][r["categorie"]] == int(r["aantal"])
    for j in t.schooljaren:  # the opleidingsvorm split adds up to the BuSO total
        assert sum(t.buso_opleidingsvorm[j].values()) == t.buso[j]


def test_onderwijsvorm_2016_and_finaliteit_2025_add_up():
    t = targets()
    assert t.onderwijsvorm_2016["aso"] == 114846 and t.onderwijsvorm_2016["tso"] == 86853
    assert t.finaliteit_2025["Dubbele finaliteit"] == 79045
    assert sum(t.onderwijsvorm_2016.values()) == t.secundair["2016-2017"]
    assert sum(t.finaliteit_2025.values()) == t.secundair["2025-2026"]


def test_published_dual_figures():
    t = targets()
    expected = {"2016-2017": 126, "2019-2020": 1765, "2020-2021": 1719, "2021-2022": 2338, "2022-2023": 2814}
    assert {j: t.duaal[j] for j in expected} == expected
    assert t.duaal_exact == frozenset(expected)
    about = {"2017-2018": 450, "2018-2019": 1050, "2023-2024": 4000, "2024-2025": 5100, "2025-2026": 5600}
    for j, v in about.items():
        assert abs(t.duaal[j] - v) <= 0.05 * v
    assert t.duaal_tolerantie == 0.05
    assert t.duaal["2018-2019"] > 1000  # "more than 1 000"
    assert t.duaal["2024-2025"] > 5000  # "more than 5 000"
    assert t.duaal_syntra["2024-2025"] == 1480
    assert t.duaal_provincie[("2021-2022", "West-Vlaanderen")] == 357
    assert t.duaal_provincie[("2022-2023", "West-Vlaanderen")] == 375
    # West-Vlaanderen "koploper": growth on the year before, as in gepubliceerde-cijfers-duaal.csv
    (row,) = [r for r in _rows("gepubliceerde-cijfers-duaal.csv")
              if r["scope"] == "West-Vlaanderen" and r["indicator"].startswith("groei")]
    pct = int(row["waarde"].split("%")[0].lstrip("+"))
    assert dict(t.duaal_provincie_groei) == {(row["schooljaar"], "West-Vlaanderen"): 1 + pct / 100}
    assert dict(t.populair_2018) == {"Haarverzorging duaal": 113, "Elektrische installaties duaal": 105,
                                     "Verzorgende/Zorgkundige duaal": 93, "Kinderbegeleider duaal": 72,
                                     "Onderhoudsmechanica auto duaal": 61}
    assert dict(t.buso_populair_2018) == {"Medewerker groen- en tuinbeheer duaal": 32, "Medewerker fastfood duaal": 27}
    assert dict(t.duaal_scholen) == {"2017-2018": 83, "2019-2020": 186}


def test_dual_breakdown_is_consistent():
    t = targets()
    for j in t.schooljaren:
        assert t.duaal_311(j) == t.duaal[j] - t.duaal_buso[j] - t.duaal_syntra[j]
        assert t.duaal_311(j) > 0
        if j >= "2018-2019":  # BuSO about one tenth of the dual pupils
            assert 0.08 <= t.duaal_buso[j] / t.duaal[j] <= 0.12
    assert t.duaal_syntra["2016-2017"] == t.duaal_syntra["2017-2018"] == 0
    # Syntra +22 % in 2024-2025 (published growth)
    assert t.duaal_syntra["2024-2025"] / t.duaal_syntra["2023-2024"] == pytest.approx(1.22, abs=0.01)
    # the popular programmes fit inside the 311 dual pupils of 2018-2019
    assert sum(t.populair_2018.values()) < t.duaal_311("2018-2019")
    assert sum(t.buso_populair_2018.values()) < t.duaal_buso["2018-2019"]


def test_second_graad_share_from_the_derived_series():
    t = targets()
    for j in t.schooljaren:
        g = {r["graad"]: int(r["aantal"]) for r in _agg("duaal_per_graad_afgeleid", schooljaar=j)}
        assert t.graad2_aandeel[j] == pytest.approx(g["2e graad"] / (g["2e graad"] + g["3e graad"]))
    assert t.graad2_aandeel["2018-2019"] == 0
    assert t.graad2_aandeel["2023-2024"] == pytest.approx(3636 / (3636 + 2889))


def test_programmes_offered_nowhere():
    t = targets()
    cat = _rows("duale-opleidingen-catalogus-2026.csv")
    zero = {r["naam"] for r in cat if r["aantalAdressen"] == "0"}
    offered = {r["naam"] for r in cat if r["aantalAdressen"] != "0"}
    assert t.nul_adressen == zero - offered
    assert "Aanloop bouw duaal (STEM)" in t.nul_adressen
    assert "Slager-charcutier duaal" in t.nul_adressen
    # the BuSO entry has 0 addresses, the 2nd-graad programme of the same name 10: offered
    assert "Medewerker groen- en tuinbeheer duaal" not in t.nul_adressen
    assert "Elektrische installaties duaal" not in t.nul_adressen


def test_targets_are_read_only():
    t = targets()
    with pytest.raises(TypeError):
        t.duaal["2016-2017"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        t.secundair_provincie["2016-2017"]["Antwerpen"] = 1  # type: ignore[index]


KENMERKEN = _rows("leerlingen-aggregaten-kenmerken-2016-2025.csv")


def _km(reeks: str, niveau: str) -> list[dict[str, str]]:
    return [r for r in KENMERKEN if r["reeks"] == reeks and r["niveau"] == niveau]


def test_kenmerken_counts_from_the_reference_file():
    t = targets()
    pairs = (("per_soort_inrichtende_macht", "secundair", t.secundair_im),
             ("buso_per_type", "buso", t.buso_type),
             ("per_regiotype_vestigingsplaats", "secundair", t.secundair_regiotype),
             ("per_regiotype_vestigingsplaats", "buso", t.buso_regiotype))
    for reeks, niveau, got in pairs:
        rows = _km(reeks, niveau)
        assert rows and len(rows) == sum(len(v) for v in got.values())
        for r in rows:
            assert got[r["schooljaar"]][r["categorie"]] == int(r["waarde"])
    singles = (("okan", t.okan), ("zevende_leerjaar", t.zevende), ("aantal_instellingen", t.instellingen),
               ("aantal_vestigingsplaatsen", t.vestigingsplaatsen))
    for reeks, got in singles:
        rows = _km(reeks, "secundair")
        assert len(rows) == 10 and {r["schooljaar"]: int(r["waarde"]) for r in rows} == dict(got)
    for r in _km("eerste_leerjaar", "secundair"):
        got = t.eerste_a if r["categorie"] == "1e leerjaar A" else t.eerste_b
        assert got[r["schooljaar"]] == int(r["waarde"])
    assert set(t.secundair_im["2025-2026"]) == {"Gemeenschapsonderwijs", "Gemeente", "Provincie/VGC", "Vrij"}
    assert t.okan["2022-2023"] == 8364 and t.zevende["2025-2026"] == 8122 and t.instellingen["2024-2025"] == 1002


def test_kenmerken_shares_from_the_reference_file():
    t = targets()
    for niveau in ("secundair", "buso"):
        rows = _km("aandeel_niet_belg", niveau)
        assert {r["schooljaar"]: float(r["waarde"]) for r in rows} == dict(t.niet_belg[niveau])
        (boys,) = _km("aandeel_jongens", niveau)
        assert boys["schooljaar"] == "2025-2026" and t.jongens_2025[niveau] == float(boys["waarde"])
    assert t.aandeel_tolerantie == 0.1


def test_kenmerken_series_add_up_to_the_level_totals_syntra_included():
    """Every 311 series of both files adds up to the 'niveau' total of code 311, so the Syntra pupils
    (inside code 311 in the real files) are part of each; likewise the BuSO series and code 321."""
    t = targets()
    niveau = {r["schooljaar"]: int(r["aantal"]) for r in _agg("niveau", hoofdstructuur_code="311")}
    buso = {r["schooljaar"]: int(r["aantal"]) for r in _agg("niveau", hoofdstructuur_code="321")}
    for j in t.schooljaren:
        assert sum(t.secundair_im[j].values()) == niveau[j] == t.secundair[j]
        assert sum(t.secundair_regiotype[j].values()) == niveau[j]
        assert t.secundair_regiotype[j]["Brussel"] == t.secundair_provincie[j]["Brussels Hoofdstedelijk Gewest"]
        assert sum(t.buso_type[j].values()) == sum(t.buso_regiotype[j].values()) == buso[j] == t.buso[j]
        # OKAN, the 1st year and the 7th year fit the 2016-2017 and 2025-2026 splits
    assert t.okan["2016-2017"] == t.onderwijsvorm_2016["n.v.t. (okan)"]
    assert t.okan["2025-2026"] == t.finaliteit_2025["n.v.t. (okan)"]
    assert t.zevende["2025-2026"] == t.finaliteit_2025["n.v.t. (7e leerjaar)"]
    assert t.eerste_a["2025-2026"] + t.eerste_b["2025-2026"] < t.finaliteit_2025["n.v.t. (1e graad)"]
    assert t.eerste_a["2016-2017"] + t.eerste_b["2016-2017"] < t.onderwijsvorm_2016["n.v.t. (1e graad)"]
