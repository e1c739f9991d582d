"""The synthetic demonstration data: layout, determinism and every calibration target.

Every figure is recomputed here by plain pandas over the raw CSV rows (with the dual rule
applied by the test itself), and again over the imported store, never taken from the
generator's own bookkeeping.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from addin.demo import generator as demodata
from addin.demo.allocation import allocate_2d, largest_remainder
from addin.demo.calibration import targets
from addin.core.catalogue import DOMEINEN, catalogue, old_programmes
from addin.demo.names import GEMEENTEN
from addin.core.errors import LoepFout
from addin.core.schema import OFFICIAL_COLUMNS

T = targets()
YEARS = T.schooljaren
PROVINCES = ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen",
             "Brussels Hoofdstedelijk Gewest")
BXL, WV, VB, LIM, ANT = PROVINCES[5], "West-Vlaanderen", "Vlaams-Brabant", "Limburg", "Antwerpen"
_DL = re.compile(r"\sDL$")
_READ_COLS = ["hoofdstructuur", "hoofdstructuur_inschrijving_code", "graad_so", "leerjaar", "onderwijsvorm",
              "finaliteit", "domein", "studierichting", "administratieve_groep", "opleidingsvorm",
              "type_buitengewoon_onderwijs", "onderwijsnet", "soort_inrichtende_macht", "schoolbestuur",
              "scholengemeenschap", "school_krijgt_omkadering_gok", "geslacht", "belg_nietbelg", "vestiging_provincie_naam",
              "vestiging_fusiegemeente_naam", "instellingsnummer", "intern_volgnr_vpl", "aantal_inschrijvingen",
              "hoofdzetel_provincie_naam", "woonplaats_provincie_naam"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(path: Path, columns=None) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, usecols=columns, engine="pyarrow")


@pytest.fixture(scope="module")
def files(demo_sources) -> dict[str, Path]:
    data_dir, paths = demo_sources
    return {re.search(r"(\d{4}-\d{4})", p.name).group(1): p for p in paths}


def _on_categories(col: pd.Series, fn) -> np.ndarray:
    """Apply a vectorised string test to the categories of ``col`` and map it back to the rows."""
    values = np.asarray(fn(pd.Series(col.cat.categories.astype(str))), dtype=bool)
    return values[col.cat.codes.to_numpy()]


@pytest.fixture(scope="module")
def raw(files) -> pd.DataFrame:
    """All raw rows of the ten files (the columns the tests need), with the dual rule applied here."""
    frames = []
    for jaar, path in sorted(files.items()):
        f = _read(path, _READ_COLS)
        f["schooljaar"] = jaar
        frames.append(f)
    df = pd.concat(frames, ignore_index=True)
    df["aantal"] = df.pop("aantal_inschrijvingen").astype("int64")
    for c in df.columns:
        if c != "aantal":
            df[c] = df[c].astype("category")
    groep_dual = _on_categories(df["administratieve_groep"],
                                lambda s: s.str.strip().str.upper().str.endswith(("DBSO", "SYN")))
    naam_dual = _on_categories(df["studierichting"],
                               lambda s: s.str.lower().str.contains("duaal") | s.str.strip().str.contains(_DL))
    df["dual"] = groep_dual | naam_dual
    df["code"] = df["hoofdstructuur_inschrijving_code"]
    df["is_syntra"] = df["hoofdstructuur"].eq("Syntra").to_numpy()
    df["zevende"] = _on_categories(df["leerjaar"], lambda s: s.str.contains("7e lj", regex=False))
    return df


def _sum(df: pd.DataFrame, by) -> pd.Series:
    return df.groupby(by, observed=True)["aantal"].sum()


# --- layout ------------------------------------------------------------------------------


def test_one_file_per_school_year_named_like_the_official_files(files):
    assert sorted(files) == list(YEARS)
    for jaar, path in files.items():
        assert path.name == f"inschrijvingen-leerplicht-instellingen-dataset-{jaar}-1feb.csv"


def test_columns_in_the_official_order_plus_two_optional(files):
    expected = list(OFFICIAL_COLUMNS) + ["hoofdzetel_provincie_naam", "woonplaats_provincie_naam",
                                            "synthetisch"]
    for path in files.values():
        with path.open(encoding="utf-8") as fh:
            header = fh.readline().strip()
        assert [h.strip('"') for h in header.split(",")] == expected
        assert not path.read_bytes()[:3] == b"\xef\xbb\xbf"  # plain UTF-8, no BOM


def test_about_100_000_rows_per_year(raw):
    rows = raw.groupby("schooljaar", observed=True).size()
    assert ((rows > 70_000) & (rows < 160_000)).all(), rows.to_dict()


def test_labels_are_those_of_the_official_files(raw):
    hs = raw.groupby(["hoofdstructuur", "code"], observed=True).size().index.tolist()
    # Syntra sits inside code 311 (label 'Syntra', groups ending in SYN), as in the real files
    assert set(hs) == {("Voltijds gewoon secundair onderwijs", "311"), ("Deeltijds beroepssecundair onderwijs", "312"),
                       ("Buitengewoon secundair onderwijs", "321"), ("Syntra", "311")}
    syntra = raw[raw["is_syntra"]]
    assert syntra["administratieve_groep"].astype(str).str.endswith(" SYN").all()
    assert set(syntra["graad_so"].unique()) == {"3e graad"} and set(syntra["onderwijsvorm"].unique()) == {"bso"}
    assert set(raw["graad_so"].unique()) == {"1e graad", "2e graad", "3e graad", "n.v.t. (okan)", "n.v.t. (hbo)",
                                             "n.v.t."}
    assert set(raw.loc[raw["graad_so"].eq("n.v.t."), "hoofdstructuur"].unique()) == {"Buitengewoon secundair onderwijs"}
    # OKAN and HBO5: graad, onderwijsvorm and finaliteit say so; the leerjaar of OKAN is 'OKAN'
    for label in ("n.v.t. (okan)", "n.v.t. (hbo)"):
        rows = raw[raw["graad_so"].eq(label)]
        assert set(rows["onderwijsvorm"].unique()) == set(rows["finaliteit"].unique()) == {label}
    assert set(raw.loc[raw["graad_so"].eq("n.v.t. (okan)"), "leerjaar"].unique()) == {"OKAN"}
    # the 7th year: '… (7e lj)' in the 3rd graad, bso and tso, finaliteit 'n.v.t. (7e leerjaar)' once modernised
    zevende = raw[raw["zevende"]]
    assert set(zevende["leerjaar"].unique()) == {"3e leerjaar (7e lj)", "Se-n-Se (7e lj)"}
    assert set(zevende["graad_so"].unique()) == {"3e graad"} and set(zevende["onderwijsvorm"].unique()) == {"bso", "tso"}
    assert set(zevende["finaliteit"].unique()) == {"n.v.t.", "n.v.t. (7e leerjaar)"}
    assert set(raw.loc[raw["code"].eq("311") & ~raw["is_syntra"], "onderwijsvorm"].unique()) == {
        "aso", "bso", "tso", "kso", "n.v.t. (1e graad)", "n.v.t. (okan)", "n.v.t. (hbo)"}
    assert set(raw["finaliteit"].unique()) <= {"Doorstroomfinaliteit", "Dubbele finaliteit", "Arbeidsmarktfinaliteit",
                                               "n.v.t. (1e graad)", "n.v.t. (7e leerjaar)", "n.v.t. (hbo)",
                                               "n.v.t. (okan)", "n.v.t."}
    assert set(raw["geslacht"].unique()) == {"Mannelijk", "Vrouwelijk"}
    assert set(raw["belg_nietbelg"].unique()) == {"Belg", "niet-Belg"}
    for col in ("vestiging_provincie_naam", "hoofdzetel_provincie_naam", "woonplaats_provincie_naam"):
        assert set(raw[col].unique()) == set(PROVINCES)
    buso = raw[raw["code"].eq("321")]
    assert set(buso["opleidingsvorm"].unique()) == {"Sociale aanpassing", "Soc.aanpassing en arbeidsgeschiktmaking",
                                                    "Beroepsonderwijs", "Algemeen,technisch,kunst- en beroepsond."}
    assert set(buso["type_buitengewoon_onderwijs"].unique()) == {f"Type {i}" for i in (1, 2, 3, 4, 6, 7, 9)} | {"Type BA"}
    assert set(raw.loc[~raw["code"].eq("321"), "type_buitengewoon_onderwijs"].unique()) == {"n.v.t."}
    assert set(raw.loc[~raw["code"].eq("321"), "opleidingsvorm"].unique()) == {"n.v.t."}
    assert (raw["aantal"] >= 1).all()
    assert raw["instellingsnummer"].str.fullmatch(r"\d{6}").all()


def test_rows_are_unique_within_each_file(files):
    df = _read(files["2022-2023"])
    assert not df.drop(columns="aantal_inschrijvingen").duplicated().any()


def test_municipalities_belong_to_their_province(raw):
    pairs = raw.groupby(["vestiging_provincie_naam", "vestiging_fusiegemeente_naam"], observed=True).size().index
    for prov, gemeente in pairs:
        assert gemeente in GEMEENTEN[prov]
    assert raw.groupby("instellingsnummer", observed=True)["hoofdzetel_provincie_naam"].nunique().max() == 1


# --- real totals (exact) ---------------------------------------------------------------------


def test_311_pupils_per_province_of_the_vestigingsplaats(raw):
    got = _sum(raw[raw["code"].eq("311")], ["schooljaar", "vestiging_provincie_naam"])
    for jaar in YEARS:
        for prov in PROVINCES:
            assert got[(jaar, prov)] == T.secundair_provincie[jaar][prov], (jaar, prov)


def test_buso_and_dbso_totals_and_opleidingsvorm(raw):
    buso = _sum(raw[raw["code"].eq("321")], "schooljaar")
    dbso = _sum(raw[raw["code"].eq("312")], "schooljaar")
    ov = _sum(raw[raw["code"].eq("321")], ["schooljaar", "opleidingsvorm"])
    for jaar in YEARS:
        assert buso[jaar] == T.buso[jaar]
        assert dbso.get(jaar, 0) == T.dbso[jaar]
        for label, n in T.buso_opleidingsvorm[jaar].items():
            assert ov[(jaar, label)] == n
    assert "2025-2026" not in dbso.index  # no dbso pupils left in 2025-2026


def test_onderwijsvorm_2016_and_finaliteit_2025(raw):
    vorm = _sum(raw[raw["code"].eq("311") & raw["schooljaar"].eq("2016-2017")], "onderwijsvorm")
    assert vorm.to_dict() == dict(T.onderwijsvorm_2016)
    fin = _sum(raw[raw["code"].eq("311") & raw["schooljaar"].eq("2025-2026")], "finaliteit")
    assert fin.to_dict() == dict(T.finaliteit_2025)


# --- the other characteristics (leerlingen-aggregaten-kenmerken-2016-2025.csv), exact ------------------

#: The 13 centrumsteden as published (Vlaams Stedenfonds), with their province; checked against the
#: one definition the cleaner and the generator use (addin.core.regiotype).
CENTRUMSTEDEN_GEPUBLICEERD = {
    "Aalst": "Oost-Vlaanderen", "Antwerpen": ANT, "Brugge": WV, "Genk": LIM, "Gent": "Oost-Vlaanderen",
    "Hasselt": LIM, "Kortrijk": WV, "Leuven": VB, "Mechelen": ANT, "Oostende": WV, "Roeselare": WV,
    "Sint-Niklaas": "Oost-Vlaanderen", "Turnhout": ANT,
}
BRUSSELSE_GEMEENTEN = {
    "Anderlecht", "Brussel", "Elsene", "Etterbeek", "Evere", "Ganshoren", "Jette", "Koekelberg", "Oudergem",
    "Schaarbeek", "Sint-Agatha-Berchem", "Sint-Gillis", "Sint-Jans-Molenbeek", "Sint-Joost-ten-Node",
    "Sint-Lambrechts-Woluwe", "Sint-Pieters-Woluwe", "Ukkel", "Vorst", "Watermaal-Bosvoorde",
}


def _regiotype(df: pd.DataFrame) -> pd.Series:
    prov = df["vestiging_provincie_naam"].astype(str)
    gemeente = df["vestiging_fusiegemeente_naam"].astype(str)
    centrum = gemeente.map(CENTRUMSTEDEN_GEPUBLICEERD).eq(prov)
    return pd.Series(np.where(prov.eq(BXL), "Brussel", np.where(centrum, "Centrumsteden", "Rest van Vlaanderen")),
                     index=df.index)


def test_centrumsteden_are_defined_once_as_published():
    from addin.core.regiotype import CENTRUMSTEDEN

    assert dict(CENTRUMSTEDEN) == CENTRUMSTEDEN_GEPUBLICEERD


def test_secundair_per_soort_inrichtende_macht(raw):
    s = raw[raw["code"].eq("311")]  # Syntra included, as in the real files
    groep = s["soort_inrichtende_macht"].astype(str).replace({"Provincie": "Provincie/VGC", "VGC": "Provincie/VGC"})
    got = s.groupby([s["schooljaar"].astype(str), groep], observed=True)["aantal"].sum()
    for jaar in YEARS:
        assert got.loc[jaar].to_dict() == dict(T.secundair_im[jaar]), jaar
    assert got.loc["2025-2026"].to_dict() == {"Gemeenschapsonderwijs": 101295, "Gemeente": 21739,
                                              "Provincie/VGC": 15770, "Vrij": 341683}


def test_okan_seventh_year_and_first_year_a_and_b(raw):
    s = raw[raw["code"].eq("311")]
    okan = _sum(s[s["graad_so"].eq("n.v.t. (okan)")], "schooljaar")
    zevende = _sum(s[s["zevende"]], "schooljaar")
    lj = _sum(s, ["schooljaar", "leerjaar"])
    for jaar in YEARS:
        assert okan[jaar] == T.okan[jaar], jaar
        assert zevende[jaar] == T.zevende[jaar], jaar
        assert lj[(jaar, "1e leerjaar A")] == T.eerste_a[jaar], jaar
        assert lj[(jaar, "1e leerjaar B")] == T.eerste_b[jaar], jaar
    assert okan["2022-2023"] == 8364 and zevende["2016-2017"] == 15749


def test_buso_per_type(raw):
    b = _sum(raw[raw["code"].eq("321")], ["schooljaar", "type_buitengewoon_onderwijs"])
    for jaar in YEARS:
        assert b.loc[jaar].to_dict() == {k: v for k, v in T.buso_type[jaar].items() if v}, jaar
    assert b[("2016-2017", "Type 1")] == 4939 and ("2025-2026", "Type 1") not in b.index


def test_secundair_and_buso_per_regiotype(raw):
    for code, expected in (("311", T.secundair_regiotype), ("321", T.buso_regiotype)):
        d = raw[raw["code"].eq(code)]
        got = d.groupby([d["schooljaar"].astype(str), _regiotype(d)], observed=True)["aantal"].sum()
        for jaar in YEARS:
            assert got.loc[jaar].to_dict() == dict(expected[jaar]), (code, jaar)


def test_number_of_instellingen_and_vestigingsplaatsen(raw):
    s = raw[raw["code"].eq("311")]
    inst = s.groupby("schooljaar", observed=True)["instellingsnummer"].nunique()
    vpl = s.groupby("schooljaar", observed=True)[["instellingsnummer", "intern_volgnr_vpl"]].apply(
        lambda g: len(g.drop_duplicates()))
    for jaar in YEARS:
        assert inst[jaar] == T.instellingen[jaar], jaar
        assert vpl[jaar] == T.vestigingsplaatsen[jaar], jaar
    # schools open and close: not the same set every year
    sets = s.groupby("schooljaar", observed=True)["instellingsnummer"].agg(lambda x: set(x.astype(str)))
    assert sets["2016-2017"] - sets["2025-2026"] and sets["2025-2026"] - sets["2016-2017"]


def test_shares_of_non_belgian_pupils_and_of_boys(raw):
    for code, niveau in (("311", "secundair"), ("321", "buso")):
        d = raw[raw["code"].eq(code)]
        total = _sum(d, "schooljaar")
        nb = _sum(d[d["belg_nietbelg"].eq("niet-Belg")], "schooljaar") / total * 100
        for jaar in YEARS:
            assert abs(nb[jaar] - T.niet_belg[niveau][jaar]) <= 0.1, (niveau, jaar, nb[jaar])
        latest = d[d["schooljaar"].eq("2025-2026")]
        boys = latest.loc[latest["geslacht"].eq("Mannelijk"), "aantal"].sum() / latest["aantal"].sum() * 100
        assert abs(boys - T.jongens_2025[niveau]) <= 0.1, (niveau, boys)
    assert T.jongens_2025 == {"secundair": 50.5, "buso": 66.9}


def test_school_characteristics_are_realistic_and_consistent(raw):
    net = {"Gemeenschapsonderwijs": "Gemeenschapsonderwijs", "Gemeente": "Officieel gesubsidieerd onderwijs",
           "Provincie": "Officieel gesubsidieerd onderwijs", "VGC": "Officieel gesubsidieerd onderwijs",
           "Vrij": "Vrij gesubsidieerd onderwijs"}
    pairs = raw.groupby(["soort_inrichtende_macht", "onderwijsnet"], observed=True).size().index
    assert {im: n for im, n in pairs} == net
    im_prov = raw.groupby(["soort_inrichtende_macht", "hoofdzetel_provincie_naam"], observed=True).size()
    assert set(im_prov.loc["VGC"].index) == {BXL}  # the VGC only in Brussels, the provinces only in Flanders
    assert BXL not in set(im_prov.loc["Provincie"].index)
    per_school = raw.groupby("instellingsnummer", observed=True)[
        ["soort_inrichtende_macht", "onderwijsnet", "schoolbestuur", "scholengemeenschap",
         "school_krijgt_omkadering_gok"]].nunique()
    assert (per_school == 1).all().all()  # one board, network, … per instelling
    assert set(raw["school_krijgt_omkadering_gok"].unique()) == {"Ja", "Nee"}
    # a scholengemeenschap for every school but the dbso centres and the Syntra campuses
    nvt = raw[raw["scholengemeenschap"].eq("n.v.t.")]
    assert set(nvt["code"].unique()) <= {"312", "311"} and nvt.loc[nvt["code"].eq("311"), "is_syntra"].all()
    # one code per hoofdstructuur label and back
    hs = raw.groupby(["hoofdstructuur", "code"], observed=True).size().reset_index()
    assert hs["hoofdstructuur"].is_unique and not hs.loc[hs["hoofdstructuur"] != "Syntra", "code"].duplicated().any()


#: Names of real boards and schools that the invented ones must never be.
ECHTE_NAMEN = {"Katholiek Onderwijs Vlaanderen", "GO! onderwijs van de Vlaamse Gemeenschap", "Stad Antwerpen",
               "Stad Gent", "Stedelijk Onderwijs Antwerpen", "Vlaamse Gemeenschapscommissie", "Syntra AB",
               "Syntra West", "Syntra Limburg", "Syntra Midden-Vlaanderen", "Syntra Vlaanderen",
               "Provincie Antwerpen", "Provincie West-Vlaanderen", "Sint-Barbaracollege", "Koninklijk Atheneum"}


def test_board_and_school_group_names_are_invented_and_plausible(raw):
    places = {g for names in GEMEENTEN.values() for g in names} | set(PROVINCES) | {"Brussel"}
    for col in ("schoolbestuur", "scholengemeenschap"):
        names = set(raw[col].astype(str).unique()) - {"n.v.t."}
        assert not names & ECHTE_NAMEN
        assert not any(re.fullmatch(r"(SG )?Scholengroep \d+", n) for n in names)  # no real GO! group numbers
        assert all(any(p in n for p in places) for n in names), col  # named after a real place
    assert raw["schoolbestuur"].nunique() >= 300


def test_real_municipalities_include_the_centrumsteden_and_brussels(raw):
    s = raw[raw["code"].eq("311")]
    pairs = set(s.groupby(["vestiging_fusiegemeente_naam", "vestiging_provincie_naam"], observed=True).size().index)
    assert set(CENTRUMSTEDEN_GEPUBLICEERD.items()) <= pairs
    assert set(s.loc[s["vestiging_provincie_naam"].eq(BXL), "vestiging_fusiegemeente_naam"].unique()) == (
        BRUSSELSE_GEMEENTEN)
    assert set(GEMEENTEN[BXL]) == BRUSSELSE_GEMEENTEN


def test_generator_version_raised_for_these_figures():
    """The figures changed (Syntra inside 311, every kenmerken target): a store of 2026.11-2 must rebuild."""
    assert demodata.GENERATOR_VERSIE not in ("2026.11-2", "2026.11-1", "")


# --- dual pupils -------------------------------------------------------------------------------


def test_dual_totals(raw):
    got = _sum(raw[raw["dual"]], "schooljaar")
    for jaar in YEARS:
        if jaar in T.duaal_exact:
            assert got[jaar] == T.duaal[jaar], jaar
        else:
            assert abs(got[jaar] - T.duaal[jaar]) <= T.duaal_tolerantie * T.duaal[jaar], jaar
    assert got["2016-2017"] == 126 and got["2019-2020"] == 1765 and got["2020-2021"] == 1719
    assert got["2021-2022"] == 2338 and got["2022-2023"] == 2814
    for jaar, about in {"2017-2018": 450, "2018-2019": 1050, "2023-2024": 4000, "2024-2025": 5100,
                        "2025-2026": 5600}.items():
        assert abs(got[jaar] - about) <= 0.05 * about


def test_dual_pupils_only_in_bso_tso_buso_and_syntra(raw):
    dual = raw[raw["dual"]]
    forms = set(map(tuple, dual[["code", "onderwijsvorm"]].drop_duplicates().astype(str).to_numpy()))
    assert forms <= {("311", "bso"), ("311", "tso"), ("321", "n.v.t."), ("", "n.v.t.")}
    assert not raw[raw["code"].eq("312")]["dual"].any()  # dbso pupils are not dual
    assert set(dual.loc[dual["code"].eq("321"), "opleidingsvorm"].unique()) == {"Beroepsonderwijs"}
    assert raw.loc[raw["is_syntra"], "dual"].all()
    assert set(dual.loc[dual["code"].eq("311"), "graad_so"].unique()) == {"2e graad", "3e graad"}


def test_dual_rows_are_marked_by_group_and_name(raw):
    dual = raw[raw["dual"]]
    groep = dual["administratieve_groep"].astype(str)
    assert groep[dual["is_syntra"]].str.endswith(" SYN").all()
    assert groep[~dual["is_syntra"]].str.endswith(" DBSO").all()
    names = dual["studierichting"].astype(str).unique()
    # every dual programme is a real catalogue name (modern or pre-modernisation)
    known = set(catalogue()["naam"]) | set(old_programmes()["naam"])
    assert set(names) <= known
    other = raw[~raw["dual"]]
    assert not other["studierichting"].astype(str).str.lower().str.contains("duaal").any()
    assert not other["administratieve_groep"].astype(str).str.upper().str.endswith(("DBSO", "SYN")).any()


def test_syntra_and_buso_dual_pupils(raw):
    dual = raw[raw["dual"]]
    syntra = _sum(dual[dual["is_syntra"]], "schooljaar")
    buso = _sum(dual[dual["code"].eq("321")], "schooljaar")
    total = _sum(dual, "schooljaar")
    assert syntra["2024-2025"] == 1480
    for jaar in YEARS:
        assert syntra.get(jaar, 0) == T.duaal_syntra[jaar]
        assert buso.get(jaar, 0) == T.duaal_buso[jaar]
        if jaar >= "2018-2019":
            assert 0.08 <= buso[jaar] / total[jaar] <= 0.12
    assert syntra.get("2016-2017", 0) == syntra.get("2017-2018", 0) == 0


def test_west_vlaanderen_and_province_constraints(raw):
    prov = _sum(raw[raw["dual"]], ["schooljaar", "vestiging_provincie_naam"]).unstack(fill_value=0)
    assert prov.loc["2021-2022", WV] == 357
    assert prov.loc["2022-2023", WV] == 375
    y = prov.loc["2022-2023"]
    assert y[LIM] < y[WV]
    assert y[ANT] > 2 * y[WV]
    # West-Vlaanderen second lowest of the five provinces in 2022-2023 (after Limburg)
    assert sorted(y.drop(BXL).items(), key=lambda kv: kv[1])[1][0] == WV
    for jaar in YEARS:
        if jaar >= "2021-2022":
            assert prov.loc[jaar].idxmax() == ANT, jaar
    # Brussels small, roughly in proportion to its secondary population
    for jaar in YEARS[2:]:
        share_dual = prov.loc[jaar, BXL] / prov.loc[jaar].sum()
        share_311 = T.secundair_provincie[jaar][BXL] / T.secundair[jaar]
        assert 0.5 * share_311 <= share_dual <= 1.5 * share_311, jaar


def test_west_vlaanderen_grows_16_percent_in_2024_2025(raw):
    prov = _sum(raw[raw["dual"]], ["schooljaar", "vestiging_provincie_naam"]).unstack(fill_value=0)
    assert T.duaal_provincie_groei[("2024-2025", WV)] == 1.16
    assert abs(prov.loc["2024-2025", WV] - 1.16 * prov.loc["2023-2024", WV]) <= 0.5


def test_provinces_follow_their_own_paths(raw):
    """Not one curve scaled per province: shares, growth and ranks of the regions move."""
    prov = _sum(raw[raw["dual"]], ["schooljaar", "vestiging_provincie_naam"]).unstack(fill_value=0)
    prov = prov.loc[list(YEARS), list(PROVINCES)].astype(float)
    share = prov.div(prov.sum(axis=1), axis=0)
    # the regions' shares of the dual total differ between each two of the last three years
    for a, b in zip(YEARS[-3:], YEARS[-2:]):
        assert (share.loc[b] - share.loc[a]).abs().max() >= 0.005, (a, b)
    # the five provinces grow at different rates every year (spread of the growth factors)
    growth = (prov / prov.shift(1)).drop(columns=BXL).iloc[1:]
    assert ((growth.max(axis=1) - growth.min(axis=1)) >= 0.05).all(), growth
    # the rank order of the regions other than Antwerpen changes at least once in ten years
    orders = {tuple(prov.loc[j].drop(ANT).sort_values(ascending=False).index) for j in YEARS}
    assert len(orders) >= 2
    # dual pupils per 1 000 pupils of 311 differ between the provinces and not by a fixed ratio
    per_1000 = prov.div(pd.DataFrame({j: dict(T.secundair_provincie[j]) for j in YEARS}).T.astype(float)) * 1000
    ratio = per_1000.div(per_1000[ANT], axis=0).iloc[2:]
    assert (ratio.max() - ratio.min()).drop(ANT).min() >= 0.05


def test_regional_splits_are_not_copies_of_the_flemish_split(raw):
    # 311 onderwijsvorm: no two regions have the same split in any year
    r311 = _sum(raw[raw["code"].eq("311")], ["schooljaar", "vestiging_provincie_naam", "onderwijsvorm"])
    share = (r311 / r311.groupby(level=[0, 1], observed=True).transform("sum")).unstack(fill_value=0)
    for jaar in YEARS:
        y = share.loc[jaar]
        for i, a in enumerate(PROVINCES):
            for b in PROVINCES[i + 1:]:
                assert (y.loc[a] - y.loc[b]).abs().max() >= 0.003, (jaar, a, b)
    # BuSO opleidingsvorm: the split differs between the regions every year
    buso = _sum(raw[raw["code"].eq("321")], ["schooljaar", "vestiging_provincie_naam", "opleidingsvorm"])
    share = (buso / buso.groupby(level=[0, 1], observed=True).transform("sum")).unstack(1)
    spread = (share.max(axis=1) - share.min(axis=1)).groupby(level=0, observed=True).max()
    assert (spread >= 0.01).all(), spread


def test_second_and_third_graad_shares(raw):
    d = raw[raw["dual"] & raw["code"].eq("311") & ~raw["is_syntra"] & ~raw["zevende"]]  # bso/tso of 311
    g = _sum(d, ["schooljaar", "graad_so"]).unstack(fill_value=0)
    for jaar in YEARS:
        tweede = g.loc[jaar].get("2e graad", 0)
        share = tweede / (tweede + g.loc[jaar]["3e graad"])
        assert share == pytest.approx(T.graad2_aandeel[jaar], abs=0.002), jaar
    assert g.loc[["2016-2017", "2017-2018", "2018-2019"]].get("2e graad", pd.Series(0)).sum() == 0


def test_most_popular_programmes_2018_2019(raw):
    y = raw[raw["dual"] & raw["schooljaar"].eq("2018-2019")]
    top = _sum(y[y["code"].eq("311")], "studierichting").sort_values(ascending=False)
    assert top.head(5).to_dict() == dict(T.populair_2018)
    buso = _sum(y[y["code"].eq("321")], "studierichting").sort_values(ascending=False)
    assert buso.head(2).to_dict() == dict(T.buso_populair_2018)


def test_number_of_schools_with_dual_pupils(raw):
    d = raw[raw["dual"] & raw["code"].eq("311") & ~raw["is_syntra"]]  # secondary schools, not Syntra campuses
    scholen = d.groupby("schooljaar", observed=True)["instellingsnummer"].nunique()
    for jaar, n in T.duaal_scholen.items():
        assert abs(scholen[jaar] - n) <= T.scholen_tolerantie * n, (jaar, scholen[jaar])
    assert scholen.is_monotonic_increasing or scholen["2025-2026"] > scholen["2019-2020"]
    # schools that offer dual learning offer several programmes
    latest = d[d["schooljaar"].eq("2025-2026")]
    per_school = latest.groupby("instellingsnummer", observed=True)["studierichting"].nunique()
    assert per_school[per_school > 0].mean() >= 2


def test_programmes_offered_nowhere_have_no_pupils_in_the_latest_year(raw):
    names = raw["studierichting"].astype(str)
    latest = raw["schooljaar"].eq("2025-2026")
    assert raw.loc[latest & names.isin(T.nul_adressen), "aantal"].sum() == 0
    # … but several of them had pupils in earlier years (the rule is not vacuous)
    earlier = raw.loc[~latest & names.isin(T.nul_adressen) & raw["dual"]]
    assert earlier["studierichting"].nunique() >= 5


def test_more_addresses_more_pupils_and_small_offers(raw):
    y = raw[raw["dual"] & raw["schooljaar"].eq("2025-2026") & raw["code"].eq("311") & ~raw["is_syntra"]]
    per_prog = _sum(y, "studierichting")
    cat = catalogue().groupby("naam")["aantal_adressen"].max()
    both = pd.DataFrame({"lln": per_prog, "adressen": cat}).dropna()
    assert len(both) >= 60
    # Spearman's rank correlation as the Pearson correlation of ranks (pandas' method="spearman" needs scipy)
    assert both["lln"].rank().corr(both["adressen"].rank()) > 0.6
    derde = y[y["graad_so"].eq("3e graad") & ~y["zevende"]]
    offers = _sum(derde, ["instellingsnummer", "intern_volgnr_vpl", "studierichting"])
    assert 0.6 <= (offers < 10).mean() <= 0.85  # kalibratie.md: about 74 % under 10 pupils


def test_modernisation_reaches_each_graad_in_its_year(raw):
    r311 = raw[raw["code"].eq("311")]
    domeinen = set(DOMEINEN.values())
    for graad, first in (("1e graad", "2019-2020"), ("2e graad", "2021-2022"), ("3e graad", "2023-2024")):
        g = r311[r311["graad_so"].eq(graad)]
        before, after = g[g["schooljaar"].astype(str) < first], g[g["schooljaar"].astype(str) >= first]
        assert set(before["finaliteit"].unique()) <= {"n.v.t."}
        assert not set(after["finaliteit"].unique()) & {"n.v.t."}
        if graad != "1e graad":
            assert set(after["domein"].unique()) <= domeinen
            # before: studiegebieden ('Land- en tuinbouw' and 'Sport' are both a studiegebied and a domein)
            assert not set(before["domein"].unique()) & (domeinen - {"Land- en tuinbouw", "Sport"})
            assert {"Mechanica-elektriciteit", "Handel", "Bouw"} <= set(before["domein"].unique())
    modern2 = set(catalogue().query("graad == '2e graad' and not opleidingsvorm3")["naam"])
    old = set(old_programmes()["naam"]) - set(catalogue()["naam"])
    d = raw[raw["dual"] & raw["code"].eq("311") & ~raw["is_syntra"]]
    names_by_year = d.groupby("schooljaar", observed=True)["studierichting"].agg(lambda s: set(s.astype(str)))
    assert names_by_year["2022-2023"] & modern2
    assert not names_by_year["2025-2026"] & old
    assert names_by_year["2018-2019"] & old
    # the pilot of 2016-2017 ran in a handful of programmes
    assert 4 <= len(names_by_year["2016-2017"]) <= 10


# --- province bases ------------------------------------------------------------------------------


def test_bases_differ_by_realistic_shares(raw):
    total = raw["aantal"].sum()
    hz = raw.loc[raw["hoofdzetel_provincie_naam"].astype(str) != raw["vestiging_provincie_naam"].astype(str),
                 "aantal"].sum() / total
    wp = raw.loc[raw["woonplaats_provincie_naam"].astype(str) != raw["vestiging_provincie_naam"].astype(str)]
    assert 0.01 <= hz <= 0.08
    assert 0.08 <= wp["aantal"].sum() / total <= 0.12
    flows = _sum(wp, ["vestiging_provincie_naam", "woonplaats_provincie_naam"])
    pair = {frozenset(k): 0 for k in flows.index}
    for k, v in flows.items():
        pair[frozenset(k)] += v
    assert max(pair, key=pair.get) == frozenset({VB, BXL})


# --- determinism, scale, arguments -------------------------------------------------------------------


def test_same_seed_same_bytes_in_another_process(files, tmp_path):
    code = ("import sys; from addin.demo.generator import write_demo_files; "
            "write_demo_files(sys.argv[1], years=['2016-2017'])")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, cwd=Path(__file__).resolve().parents[1])
    again = tmp_path / files["2016-2017"].name
    assert _sha(again) == _sha(files["2016-2017"])


def test_another_seed_gives_other_rows_with_the_same_calibration(files, tmp_path):
    (path,) = demodata.write_demo_files(tmp_path, seed=7, years=["2021-2022"])
    assert _sha(path) != _sha(files["2021-2022"])
    df = _read(path)
    df["aantal"] = df["aantal_inschrijvingen"].astype(int)
    dual = df["administratieve_groep"].str.endswith(("DBSO", "SYN")) | df["studierichting"].str.contains("duaal")
    assert df.loc[dual, "aantal"].sum() == 2338
    assert df.loc[dual & df["vestiging_provincie_naam"].eq(WV), "aantal"].sum() == 357
    got = df[df["hoofdstructuur_inschrijving_code"].eq("311")].groupby("vestiging_provincie_naam")["aantal"].sum()
    assert got.to_dict() == dict(T.secundair_provincie["2021-2022"])


def test_scale_adds_rows_not_pupils(files, tmp_path):
    base = _read(files["2019-2020"])
    big = demodata.year_table("2019-2020", scale=3).to_pandas()
    assert len(big) > 1.5 * len(base)
    base["aantal"] = base["aantal_inschrijvingen"].astype(int)
    big["aantal"] = big["aantal_inschrijvingen"].astype(int)
    # the pupils of every school x programme are the same; only their split over rows differs
    school = ["hoofdstructuur", "vestiging_provincie_naam", "studierichting", "instellingsnummer"]
    assert base.groupby(school)["aantal"].sum().equals(big.groupby(school)["aantal"].sum())
    assert not big.drop(columns=["aantal_inschrijvingen", "aantal"]).duplicated().any()


def test_bad_arguments_give_dutch_messages(tmp_path):
    with pytest.raises(LoepFout, match="Ongeldige schaal '0'"):
        demodata.write_demo_files(tmp_path, scale=0)
    with pytest.raises(LoepFout, match="Ongeldige schaal 'veel'"):
        demodata.write_demo_files(tmp_path, scale="veel")
    with pytest.raises(LoepFout, match="Onbekend schooljaar '2015-2016'"):
        demodata.write_demo_files(tmp_path, years=["2015-2016"])
    assert not list(tmp_path.iterdir())


def test_failed_write_leaves_the_previous_file(tmp_path, monkeypatch):
    (path,) = demodata.write_demo_files(tmp_path, years=["2016-2017"])
    before = _sha(path)

    def broken(table, where, write_options=None):
        Path(where).write_text("half")
        raise OSError("schijf vol")

    with pytest.raises(LoepFout, match="bestaat al"):
        demodata.write_demo_files(tmp_path, years=["2016-2017"], seed=9)
    assert _sha(path) == before
    monkeypatch.setattr(demodata.pacsv, "write_csv", broken)
    with pytest.raises(OSError):
        demodata.write_demo_files(tmp_path, years=["2016-2017"], seed=9, overwrite=True)
    assert _sha(path) == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


# --- integer allocation ----------------------------------------------------------------------------


def test_largest_remainder_is_exact():
    out = largest_remainder(10, [1, 1, 1])
    assert out.sum() == 10 and sorted(out.tolist()) == [3, 3, 4]
    assert largest_remainder(0, [1, 2]).tolist() == [0, 0]
    assert largest_remainder(7, [0, 1, 0]).tolist() == [0, 7, 0]


def test_allocate_2d_meets_both_margins():
    rng = np.random.default_rng(3)
    for _ in range(20):
        rows = rng.integers(0, 50, 6)
        cols = largest_remainder(int(rows.sum()), rng.random(9) + 0.01)
        prior = rng.random((6, 9)) * (rng.random((6, 9)) < 0.6)
        out = allocate_2d(rows, cols, prior)
        assert (out.sum(1) == rows).all() and (out.sum(0) == cols).all() and (out >= 0).all()
    with pytest.raises(ValueError):
        allocate_2d([1, 2], [4], np.ones((2, 1)))


# --- the imported store ----------------------------------------------------------------------------------


def test_store_is_marked_synthetic_with_three_bases(demo_dataset):
    info = demo_dataset.info
    assert info.synthetisch
    assert "synthetische demonstratiedata" in info.samenvatting
    assert set(info.bases) == {"vestigingsplaats", "hoofdzetel", "woonplaats"}
    assert list(info.schooljaren) == list(YEARS)


def test_store_reproduces_the_targets(demo_dataset, raw):
    f = demo_dataset.frame
    assert int(f["aantal"].sum()) == int(raw["aantal"].sum())
    s311 = f[f["hoofdstructuur"].isin(["Voltijds gewoon secundair onderwijs", "Syntra"])].groupby(  # code 311
        ["schooljaar", "provincie_vestigingsplaats"], observed=True)["aantal"].sum()
    for jaar in YEARS:
        for prov in PROVINCES:
            assert s311[(jaar, prov)] == T.secundair_provincie[jaar][prov]
    dual = f[f["duaal"]]
    per_year = dual.groupby("schooljaar", observed=True)["aantal"].sum()
    assert per_year.to_dict() == dict(T.duaal)
    vorm = dual.groupby(["schooljaar", "onderwijsvorm"], observed=True)["aantal"].sum()
    assert vorm[("2024-2025", "Syntra")] == 1480
    assert {v for (_, v) in vorm.index} == {"bso", "tso", "buso", "Syntra"}
    wv = dual.groupby(["schooljaar", "provincie_vestigingsplaats"], observed=True)["aantal"].sum()
    assert wv[("2021-2022", WV)] == 357 and wv[("2022-2023", WV)] == 375
    lvl = f.groupby(["schooljaar", "onderwijsvorm"], observed=True)["aantal"].sum()
    for jaar in YEARS:
        assert lvl[(jaar, "buso")] == T.buso[jaar]
        assert lvl.get((jaar, "dbso"), 0) == T.dbso[jaar]
    # the cleaner's dual flag agrees with the rule applied to the raw rows
    assert per_year.to_dict() == _sum(raw[raw["dual"]], "schooljaar").to_dict()


def test_store_reproduces_the_breakdowns(demo_dataset):
    f = demo_dataset.frame
    r311 = f[f["hoofdstructuur"].isin(["Voltijds gewoon secundair onderwijs", "Syntra"])]  # code 311
    # onderwijsvorm 2016-2017 and finaliteit 2025-2026 (the cleaner folds the 'n.v.t. (…)' variants)
    vorm = r311[r311["schooljaar"] == "2016-2017"].groupby("onderwijsvorm", observed=True)["aantal"].sum()
    for v in ("aso", "bso", "tso", "kso"):
        assert vorm[v] == T.onderwijsvorm_2016[v]
    # OKAN and HBO5 are forms of their own; the other 'n.v.t. (…)' labels are n.v.t. (1e graad)
    assert vorm["okan"] == T.onderwijsvorm_2016["n.v.t. (okan)"]
    assert vorm["hbo5"] == T.onderwijsvorm_2016["n.v.t. (hbo)"]
    assert vorm["n.v.t."] == sum(n for k, n in T.onderwijsvorm_2016.items()
                                 if k.startswith("n.v.t.") and k not in ("n.v.t. (okan)", "n.v.t. (hbo)"))
    fin = r311[r311["schooljaar"] == "2025-2026"].groupby("finaliteit", observed=True)["aantal"].sum()
    for v in ("Doorstroomfinaliteit", "Dubbele finaliteit", "Arbeidsmarktfinaliteit"):
        assert fin[v] == T.finaliteit_2025[v]
    dual = f[f["duaal"]]
    d311 = dual[dual["hoofdstructuur"] == "Voltijds gewoon secundair onderwijs"]
    # popular programmes 2018-2019
    y = d311[d311["schooljaar"] == "2018-2019"].groupby("studierichting", observed=True)["aantal"].sum()
    assert y.sort_values(ascending=False).head(5).to_dict() == dict(T.populair_2018)
    # 2nd-graad share (7th year excluded)
    reg = d311[~d311["leerjaar"].astype(str).str.contains("7e lj", regex=False)]
    g = reg.groupby(["schooljaar", "graad"], observed=True)["aantal"].sum().unstack(fill_value=0)
    share = g["2e graad"] / (g["2e graad"] + g["3e graad"])
    for jaar in YEARS:
        assert share[jaar] == pytest.approx(T.graad2_aandeel[jaar], abs=0.002)
    # province constraints
    p = dual.groupby(["schooljaar", "provincie_vestigingsplaats"], observed=True)["aantal"].sum().unstack()
    assert p.loc["2022-2023", LIM] < p.loc["2022-2023", WV] and p.loc["2022-2023", ANT] > 2 * p.loc["2022-2023", WV]
    assert all(p.loc[j].idxmax() == ANT for j in YEARS[5:])
    # programmes offered nowhere
    latest = f[(f["schooljaar"] == "2025-2026") & f["studierichting"].astype(str).isin(T.nul_adressen)]
    assert latest["aantal"].sum() == 0
    # the other two province bases
    total = f["aantal"].sum()
    hz = f.loc[f["provincie_hoofdzetel"].astype(str) != f["provincie_vestigingsplaats"].astype(str), "aantal"].sum()
    wp = f.loc[f["provincie_woonplaats"].astype(str) != f["provincie_vestigingsplaats"].astype(str), "aantal"].sum()
    assert 0.01 <= hz / total <= 0.08 and 0.08 <= wp / total <= 0.12


def test_store_reproduces_the_kenmerken_targets(demo_dataset):
    """The imported store (cleaner included) keeps every kenmerken figure of the raw rows."""
    f = demo_dataset.frame
    s = f[f["hoofdstructuur_code"].astype(str).eq("311")]
    b = f[f["hoofdstructuur_code"].astype(str).eq("321")]
    assert set(s["hoofdstructuur"].unique()) == {"Voltijds gewoon secundair onderwijs", "Syntra"}
    groep = s["soort_inrichtende_macht"].astype(str).replace({"Provincie": "Provincie/VGC", "VGC": "Provincie/VGC"})
    im = s.groupby([s["schooljaar"].astype(str), groep], observed=True)["aantal"].sum()
    rt = s.groupby(["schooljaar", "regiotype"], observed=True)["aantal"].sum()
    rt_b = b.groupby(["schooljaar", "regiotype"], observed=True)["aantal"].sum()
    ty = b.groupby(["schooljaar", "type_buitengewoon_onderwijs"], observed=True)["aantal"].sum()
    lj = s.groupby(["schooljaar", "leerjaar"], observed=True)["aantal"].sum()
    inst = s.groupby("schooljaar", observed=True)["instellingsnummer"].nunique()
    for jaar in YEARS:
        assert im.loc[jaar].to_dict() == dict(T.secundair_im[jaar])
        assert {k: v for k, v in rt.loc[jaar].items() if v} == dict(T.secundair_regiotype[jaar])
        assert {k: v for k, v in rt_b.loc[jaar].items() if v} == dict(T.buso_regiotype[jaar])
        assert {k: v for k, v in ty.loc[jaar].items() if v} == {k: v for k, v in T.buso_type[jaar].items() if v}
        assert lj[(jaar, "OKAN")] == T.okan[jaar]
        assert lj[(jaar, "1e leerjaar A")] == T.eerste_a[jaar] and lj[(jaar, "1e leerjaar B")] == T.eerste_b[jaar]
        assert inst[jaar] == T.instellingen[jaar]
