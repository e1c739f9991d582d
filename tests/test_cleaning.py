"""Cleaning: every normalisation, the onderwijsvorm/graad/sector rules, the duaal rule and the bases."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from addin.core.cleaning import ImportRegels, clean, is_duaal_groep, is_duaal_naam
from addin.core.reader import read_raw
from addin.core.schema import CANONICAL
from official_rows import BRUSSEL, BUSO, DBSO, GEWOON, row, varied_rows, write_csv, write_xlsx

NAME = "inschrijvingen-leerplicht-instellingen-dataset-2023-2024-1feb.csv"
REFERENCE = Path(__file__).resolve().parents[1] / "addin" / "reference"


def _clean_rows(tmp_path, rows, name=NAME, **kw):
    """Clean rows as with --toch-importeren: these small files often reject more than 1 % on purpose."""
    return clean([read_raw(write_csv(tmp_path / name, rows, **kw))], regels=ImportRegels(toch_importeren=True))


def test_canonical_columns_and_dtypes(tmp_path):
    frame, _ = _clean_rows(tmp_path, varied_rows(50))
    assert list(frame.columns) == [c.naam for c in CANONICAL]
    for c in CANONICAL:
        assert str(frame[c.naam].dtype) == c.dtype, c.naam


def test_totals_match_plain_pandas(tmp_path):
    rows = varied_rows(300, seed=5)
    frame, report = _clean_rows(tmp_path, rows)
    raw = pd.DataFrame(rows)
    raw["aantal"] = raw["aantal_inschrijvingen"].astype(int)
    assert frame["aantal"].sum() == raw["aantal"].sum()
    expected = raw.groupby("vestiging_provincie_naam")["aantal"].sum()
    got = frame.groupby("provincie_vestigingsplaats", observed=True)["aantal"].sum()
    assert got.to_dict() == expected.to_dict()
    assert report.rijen_gelezen == 300 and report.rijen_behouden == 300 and report.rijen_afgewezen == 0
    assert frame["bronrij"].tolist() == list(range(1, 301))
    assert set(frame["schooljaar"]) == {"2023-2024"}
    assert set(frame["bronbestand"]) == {NAME}


@pytest.mark.parametrize("raw_value,expected", [
    ("Antwerpen", "Antwerpen"), ("antwerpen", "Antwerpen"), ("  ANTWERPEN ", "Antwerpen"),
    ("Oost Vlaanderen", "Oost-Vlaanderen"), ("oost-vlaanderen", "Oost-Vlaanderen"),
    ("Vlaams - Brabant", "Vlaams-Brabant"), ("west_vlaanderen", "West-Vlaanderen"),
    ("Brussel", BRUSSEL), ("Brussels Hoofdstedelijk Gewest", BRUSSEL), ("BRUSSELS HOOFDSTEDELIJK GEWEST", BRUSSEL),
    ("Limburg", "Limburg"),
])
def test_province_variants(tmp_path, raw_value, expected):
    frame, report = _clean_rows(tmp_path, [row(vestiging_provincie_naam=raw_value, aantal_inschrijvingen=4)])
    assert frame["provincie_vestigingsplaats"].tolist() == [expected]
    mapped = [(m.van, m.naar, m.aantal) for f in report.bestanden for m in f.mappings
              if m.kolom == "vestiging_provincie_naam"]
    assert mapped == ([] if raw_value == expected else [(raw_value, expected, 1)])


@pytest.mark.parametrize("raw_value,expected", [
    ("Mannelijk", "Mannelijk"), ("mannelijk", "Mannelijk"), ("M", "Mannelijk"), (" Vrouwelijk ", "Vrouwelijk"),
    ("V", "Vrouwelijk"), ("VROUWELIJK", "Vrouwelijk"),
])
def test_geslacht_variants(tmp_path, raw_value, expected):
    frame, _ = _clean_rows(tmp_path, [row(geslacht=raw_value)])
    assert frame["geslacht"].tolist() == [expected]


@pytest.mark.parametrize("raw_value,expected", [
    ("2024-2025", "2024-2025"), ("2021-22", "2021-2022"), ("2021/2022", "2021-2022"), (" 2019 - 2020 ", "2019-2020"),
    ("2018", "2018-2019"),
])
def test_schooljaar_column_variants(tmp_path, raw_value, expected):
    frame, report = _clean_rows(tmp_path, [row(schooljaar=raw_value)], name="leerlingen.csv")
    assert frame["schooljaar"].tolist() == [expected]
    assert report.bestanden[0].schooljaar_bron == "kolom"


def test_several_years_in_one_file(tmp_path):
    rows = [row(schooljaar="2021-2022", aantal_inschrijvingen=2), row(schooljaar="2022-23", aantal_inschrijvingen=5),
            row(schooljaar="2022-2023", aantal_inschrijvingen=7)]
    frame, report = _clean_rows(tmp_path, rows, name="leerlingen.csv")
    assert frame.groupby("schooljaar", observed=True)["aantal"].sum().to_dict() == {"2021-2022": 2, "2022-2023": 12}
    assert report.bestanden[0].schooljaren == ["2021-2022", "2022-2023"]


@pytest.mark.parametrize("raw_value,expected", [
    ("1e graad", "1e graad"), ("2e graad", "2e graad"), ("3E GRAAD", "3e graad"), ("tweede graad", "2e graad"),
    ("3de graad", "3e graad"), ("n.v.t. (okan)", "OKAN"), ("n.v.t. (hbo)", "HBO5"),
    ("n.v.t. (modulair)", "modulair"), ("nvt", "n.v.t."), ("n.v.t. (buso)", "n.v.t."),
])
def test_graad_variants(tmp_path, raw_value, expected):
    frame, _ = _clean_rows(tmp_path, [row(graad_so=raw_value, onderwijsvorm="tso")])
    assert frame["graad"].tolist() == [expected]


def test_leerjaar_finaliteit_studierichting_are_tidied(tmp_path):
    r = row(leerjaar="  5e   leerjaar ", finaliteit="n.v.t. (7e leerjaar)", studierichting=" Haarverzorging   duaal ")
    frame, _ = _clean_rows(tmp_path, [r])
    assert frame["leerjaar"].tolist() == ["5e leerjaar"]
    assert frame["finaliteit"].tolist() == ["n.v.t."]
    assert frame["studierichting"].tolist() == ["Haarverzorging duaal"]


# --- onderwijsvorm -------------------------------------------------------------------------

@pytest.mark.parametrize("kw,expected", [
    (dict(onderwijsvorm="aso"), "aso"), (dict(onderwijsvorm="BSO"), "bso"), (dict(onderwijsvorm=" tso "), "tso"),
    (dict(onderwijsvorm="kso"), "kso"),
    (dict(graad_so="1e graad", onderwijsvorm="n.v.t. (1e graad)", finaliteit="n.v.t. (1e graad)"), "n.v.t."),
    # OKAN and HBO5 are onderwijsvormen of their own (not 'n.v.t.'), whichever column names them
    (dict(graad_so="n.v.t. (okan)", onderwijsvorm="n.v.t. (okan)", finaliteit="n.v.t. (okan)"), "okan"),
    (dict(graad_so="n.v.t. (hbo)", onderwijsvorm="n.v.t. (hbo)", finaliteit="n.v.t. (hbo)"), "hbo5"),
    (dict(graad_so="n.v.t.", onderwijsvorm="n.v.t. (1e graad)", finaliteit="n.v.t. (okan)"), "okan"),
    (dict(graad_so="n.v.t. (okan)", onderwijsvorm="", finaliteit=""), "okan"),
    (dict(hoofdstructuur=DBSO, hoofdstructuur_inschrijving_code="312", onderwijsvorm="bso"), "dbso"),
    (dict(hoofdstructuur=BUSO, hoofdstructuur_inschrijving_code="321", onderwijsvorm="", graad_so=""), "buso"),
    (dict(hoofdstructuur="Syntra", hoofdstructuur_inschrijving_code="", onderwijsvorm="", graad_so=""), "Syntra"),
    (dict(hoofdstructuur="SYNTRA", hoofdstructuur_inschrijving_code="999", onderwijsvorm="bso"), "Syntra"),
    # 2nd/3rd graad without onderwijsvorm: taken from the finaliteit
    (dict(graad_so="2e graad", onderwijsvorm="", finaliteit="Arbeidsmarktfinaliteit"), "bso"),
    (dict(graad_so="3e graad", onderwijsvorm="n.v.t.", finaliteit="Dubbele finaliteit"), "tso"),
    (dict(graad_so="3e graad", onderwijsvorm="", finaliteit="Doorstroomfinaliteit"), "aso"),
    # the label wins; the code is the fallback when the label is empty
    (dict(hoofdstructuur="", hoofdstructuur_inschrijving_code="321", graad_so=""), "buso"),
    (dict(hoofdstructuur="", hoofdstructuur_inschrijving_code="312"), "dbso"),
])
def test_onderwijsvorm_rules(tmp_path, kw, expected):
    frame, report = _clean_rows(tmp_path, [row(**kw)])
    assert report.rijen_afgewezen == 0, report.to_text()
    assert frame["onderwijsvorm"].tolist() == [expected]


def test_onderwijsvorm_from_finaliteit_is_reported(tmp_path):
    rows = [row(graad_so="2e graad", onderwijsvorm="", finaliteit="Arbeidsmarktfinaliteit") for _ in range(3)]
    _, report = _clean_rows(tmp_path, rows)
    m = [m for m in report.bestanden[0].mappings if m.kolom == "onderwijsvorm"]
    assert len(m) == 1 and (m[0].van, m[0].naar, m[0].aantal) == ("", "bso", 3)
    assert "onderwijsvorm: (leeg) → 'bso' (afgeleid uit finaliteit 'Arbeidsmarktfinaliteit'; 3 rijen)" in \
        report.to_text()


def test_hoofdstructuur_labels_and_graad_for_buso_syntra(tmp_path):
    rows = [row(hoofdstructuur=BUSO, hoofdstructuur_inschrijving_code="321", graad_so=""),
            row(hoofdstructuur="syntra", hoofdstructuur_inschrijving_code="", graad_so=""),
            row(hoofdstructuur="voltijds gewoon secundair onderwijs")]
    frame, _ = _clean_rows(tmp_path, rows)
    assert frame["hoofdstructuur"].tolist() == [BUSO, "Syntra", GEWOON]
    assert frame["graad"].tolist() == ["n.v.t.", "n.v.t.", "3e graad"]


def test_non_secondary_rows_are_skipped_and_counted(tmp_path):
    rows = [row(hoofdstructuur="Gewoon kleuteronderwijs", hoofdstructuur_inschrijving_code="111", graad_so=""),
            row(hoofdstructuur="Gewoon lager onderwijs", hoofdstructuur_inschrijving_code="211", graad_so=""),
            row(hoofdstructuur="Gewoon lager onderwijs", hoofdstructuur_inschrijving_code="211", graad_so=""),
            row(hoofdstructuur="Buitengewoon lager onderwijs", hoofdstructuur_inschrijving_code="221"),
            row()]
    frame, report = _clean_rows(tmp_path, rows)
    f = report.bestanden[0]
    assert len(frame) == 1 and f.rijen_behouden == 1
    assert f.rijen_overgeslagen == 4 and f.rijen_afgewezen == 0
    assert f.overgeslagen == {"Gewoon kleuteronderwijs": 1, "Gewoon lager onderwijs": 2,
                              "Buitengewoon lager onderwijs": 1}
    assert "overgeslagen (geen secundair onderwijs): 4" in report.to_text()


# --- sector --------------------------------------------------------------------------------

def _catalogue_rows():
    with open(REFERENCE / "duale-opleidingen-catalogus-2026.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


DOMEIN_NAMEN = {"1": "Taal en cultuur", "2": "STEM", "3": "Kunst en creatie", "4": "Land- en tuinbouw",
                "5": "Economie en organisatie", "6": "Maatschappij en welzijn", "7": "Sport",
                "8": "Voeding en horeca"}


def test_sector_from_the_real_catalogue(tmp_path):
    cat = {r["naam"].strip(): DOMEIN_NAMEN[r["domeinCode"]] for r in _catalogue_rows()}
    naam = "Lassen-constructie duaal"
    assert cat[naam] == "STEM"
    # the catalogue wins over a (wrong) domein in the file
    frame, _ = _clean_rows(tmp_path, [row(studierichting=naam, domein="Sport")])
    assert frame[["sector", "sectortype"]].values.tolist() == [["STEM", "domein"]]


def test_sector_from_the_old_catalogue_is_a_studiegebied(tmp_path):
    with open(REFERENCE / "duale-opleidingen-voor-modernisering.csv", encoding="utf-8") as fh:
        old = {r["structuuronderdeel"].strip(): r["Hoofdstructuur"].strip() for r in csv.DictReader(fh)}
    modern = {r["naam"].strip() for r in _catalogue_rows()}
    naam = next(n for n in sorted(old) if n not in modern)
    frame, _ = _clean_rows(tmp_path, [row(studierichting=naam, domein="")])
    assert frame[["sector", "sectortype"]].values.tolist() == [[old[naam], "studiegebied"]]


def test_sector_from_domein_column_when_catalogue_does_not_know(tmp_path):
    rows = [row(studierichting="Moderne talen", domein="taal en cultuur"),
            row(studierichting="Bouw", domein=" Bouw "),
            row(studierichting="Latijn", domein="")]
    frame, report = _clean_rows(tmp_path, rows)
    assert frame[["sector", "sectortype"]].values.tolist() == [
        ["Taal en cultuur", "domein"], ["Bouw", "studiegebied"], ["Onbekend", "onbekend"]]
    assert "1 behouden rijen zonder sector" in report.to_text()


# --- duaal ---------------------------------------------------------------------------------

@pytest.mark.parametrize("groep,naam,expected", [
    ("LAS DBSO", "Lassen", True),
    ("las dbso ", "Lassen", True),
    ("KAP SYN", "Kapper", True),
    ("KAPSYN", "Kapper", True),
    ("5 HV", "Haarverzorging duaal", True),
    ("5 HV", "Haarverzorging DUAAL", True),
    ("5 HV", "Onthaal en recreatie DL", True),
    ("5 HV", "Haarverzorging", False),
    ("DBSO 5", "Lassen", False),           # DBSO not at the end
    ("SYNTRA GROEP", "Kapper", False),     # SYN not at the end
    ("5 HV", "Duale leerweg info", False),  # 'duale' is not 'duaal'
    ("5 HV", "Handel DLX", False),          # 'DL' must be the last word
])
def test_duaal_rule(tmp_path, groep, naam, expected):
    frame, _ = _clean_rows(tmp_path, [row(administratieve_groep=groep, studierichting=naam)])
    assert frame["duaal"].tolist() == [expected]
    assert (is_duaal_groep(groep) or is_duaal_naam(naam)) is expected


def test_duaal_total_matches_plain_rule(tmp_path):
    rows = varied_rows(200, seed=9)
    frame, _ = _clean_rows(tmp_path, rows)
    raw = pd.DataFrame(rows)
    rule = (raw["administratieve_groep"].str.strip().str.upper().str.endswith(("DBSO", "SYN"))
            | raw["studierichting"].str.lower().str.contains("duaal"))
    assert frame.loc[frame["duaal"], "aantal"].sum() == raw.loc[rule, "aantal_inschrijvingen"].astype(int).sum()


# --- bases ---------------------------------------------------------------------------------

def test_three_bases_when_present(tmp_path):
    rows = [row(vestiging_provincie_naam="Vlaams-Brabant", hoofdzetel_provincie_naam="Brussel",
                woonplaats_provincie_naam="oost-vlaanderen")]
    frame, report = _clean_rows(tmp_path, rows)
    assert frame[["provincie_vestigingsplaats", "provincie_hoofdzetel", "provincie_woonplaats"]].values.tolist() == [
        ["Vlaams-Brabant", BRUSSEL, "Oost-Vlaanderen"]]
    assert report.bestanden[0].bases == ["vestigingsplaats", "hoofdzetel", "woonplaats"]


def test_absent_bases_are_na(tmp_path):
    rows = [row(woonplaats_provincie_naam="Limburg")]
    frame, report = _clean_rows(tmp_path, rows)
    assert report.bestanden[0].bases == ["vestigingsplaats", "woonplaats"]
    assert frame["provincie_hoofdzetel"].isna().all()
    assert frame["provincie_woonplaats"].tolist() == ["Limburg"]


def test_bases_per_file_in_one_clean(tmp_path):
    a = read_raw(write_csv(tmp_path / "a-2021-2022.csv", [row(hoofdzetel_provincie_naam="Limburg")]))
    b = read_raw(write_csv(tmp_path / "b-2022-2023.csv", [row()]))
    frame, report = clean([a, b])
    assert [f.bases for f in report.bestanden] == [["vestigingsplaats", "hoofdzetel"], ["vestigingsplaats"]]
    assert frame["provincie_hoofdzetel"].isna().tolist() == [False, True]
    assert frame["schooljaar"].tolist() == ["2021-2022", "2022-2023"]


def test_empty_optional_basis_is_na_and_noted(tmp_path):
    rows = [row(woonplaats_provincie_naam=""), row(woonplaats_provincie_naam="Antwerpen")]
    frame, report = _clean_rows(tmp_path, rows)
    assert frame["provincie_woonplaats"].isna().tolist() == [True, False]
    assert report.rijen_afgewezen == 0
    assert "lege woonplaats_provincie_naam" in report.to_text()


# --- several files, xlsx + csv ------------------------------------------------------------

def test_several_files_and_formats(tmp_path):
    r1, r2 = varied_rows(40, seed=1), varied_rows(25, seed=2)
    r1[0]["schoolbestuur"] = "Scholengroep Zuiderkempen é"  # makes the cp1252 file invalid UTF-8
    f1 = write_csv(tmp_path / "x-2020-2021.csv", r1, delimiter=";", encoding="cp1252")
    f2 = write_xlsx(tmp_path / "x-2021-2022.xlsx", r2)
    frame, report = clean([read_raw(f1), read_raw(f2)])
    expected = {"2020-2021": sum(int(r["aantal_inschrijvingen"]) for r in r1),
                "2021-2022": sum(int(r["aantal_inschrijvingen"]) for r in r2)}
    assert frame.groupby("schooljaar", observed=True)["aantal"].sum().to_dict() == expected
    assert [f.naam for f in report.bestanden] == ["x-2020-2021.csv", "x-2021-2022.xlsx"]
    d = report.to_dict()
    assert d["totaal"]["rijen_gelezen"] == 65 and d["totaal"]["rijen_behouden"] == 65
    assert d["bestanden"][0]["codering"] == "windows-1252" and d["bestanden"][0]["scheidingsteken"] == ";"


def test_report_lists_extra_columns_titles_encoding(tmp_path):
    rows = [dict(row(), opmerking="x")]
    path = write_csv(tmp_path / NAME, rows, delimiter=";", titles=["Leerlingen 2023-2024"], encoding="utf-8-sig")
    _, report = clean([read_raw(path)])
    text = report.to_text()
    assert "kolommen genegeerd (geen kolom van de open data, niet gebruikt door Loep): opmerking" in text
    assert "titelregel(s) boven de kopregel overgeslagen: 'Leerlingen 2023-2024'" in text
    assert "tekencodering utf-8 met BOM, scheidingsteken puntkomma, kopregel op regel 2" in text
    assert "schooljaar: 2023-2024 (uit de bestandsnaam)" in text


def test_data_dictionary_is_up_to_date():
    from addin.core.data_dictionary import data_dictionary

    doc = (Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert doc == data_dictionary(), "regenerate docs/data-dictionary.md (see its first lines)"
    for col in CANONICAL:
        assert f"| `{col.naam}` | {col.dtype} |" in doc


# --- optional bases: provinces outside Flanders and Brussels (issue 2 follow-up) ---------------

OUTSIDE_LABELS = ["Henegouwen", "Luik", "Luxemburg", "Namen", "Waals-Brabant", "Hainaut", "Liège", "Luxembourg",
                  "Namur", "Brabant wallon", "Buitenland", "buiten België", "onbekend"]


@pytest.mark.parametrize("label", OUTSIDE_LABELS)
def test_outside_province_in_optional_basis_keeps_the_row(tmp_path, label):
    rows = [row(woonplaats_provincie_naam=label, hoofdzetel_provincie_naam=label, aantal_inschrijvingen="7"),
            row(woonplaats_provincie_naam="Limburg", hoofdzetel_provincie_naam="Limburg", aantal_inschrijvingen="5")]
    frame, report = _clean_rows(tmp_path, rows)
    assert report.rijen_afgewezen == 0
    assert frame["aantal"].sum() == 12  # both pupils counted under the vestigingsplaats
    assert frame["provincie_vestigingsplaats"].tolist() == ["Antwerpen", "Antwerpen"]
    assert frame["provincie_woonplaats"].isna().tolist() == [True, False]
    assert frame["provincie_hoofdzetel"].isna().tolist() == [True, False]
    maps = {(m.kolom, m.van): (m.naar, m.aantal) for m in report.bestanden[0].mappings}
    assert maps[("woonplaats_provincie_naam", label)] == ("(leeg: buiten Vlaanderen en Brussel)", 1)
    assert maps[("hoofdzetel_provincie_naam", label)] == ("(leeg: buiten Vlaanderen en Brussel)", 1)
    assert "woonplaats_provincie_naam buiten Vlaanderen en Brussel" in report.to_text()


def test_outside_provinces_mixed_file_against_plain_pandas(tmp_path):
    import random

    rnd = random.Random(5)
    values = ["Antwerpen", "Limburg", "Brussel", "Namen", "Hainaut", "Buitenland", "onbekend", "", "Luik"]
    rows = [row(woonplaats_provincie_naam=rnd.choice(values), aantal_inschrijvingen=str(rnd.randint(1, 30)),
                vestiging_provincie_naam=rnd.choice(["Antwerpen", "Limburg", "West-Vlaanderen"]))
            for _ in range(300)]
    frame, report = _clean_rows(tmp_path, rows)
    raw = pd.DataFrame(rows)
    raw["aantal"] = raw["aantal_inschrijvingen"].astype(int)
    assert report.rijen_afgewezen == 0 and len(frame) == 300
    assert frame["aantal"].sum() == raw["aantal"].sum()
    flemish = {"Antwerpen": "Antwerpen", "Limburg": "Limburg", "Brussel": "Brussels Hoofdstedelijk Gewest"}
    expected = raw[raw["woonplaats_provincie_naam"].isin(list(flemish))].assign(
        p=lambda d: d["woonplaats_provincie_naam"].map(flemish)).groupby("p")["aantal"].sum()
    got = frame.groupby("provincie_woonplaats", observed=True)["aantal"].sum()
    assert got.to_dict() == expected.to_dict()
    outside = raw[raw["woonplaats_provincie_naam"].isin(["Namen", "Hainaut", "Buitenland", "onbekend", "Luik"])]
    maps = [m for m in report.bestanden[0].mappings if m.naar == "(leeg: buiten Vlaanderen en Brussel)"]
    assert sum(m.aantal for m in maps) == len(outside)
    assert {m.van: m.waarom for m in maps} == {"Namen": "Waalse provincie", "Hainaut": "Waalse provincie",
                                                "Luik": "Waalse provincie", "Buitenland": "buitenland",
                                                "onbekend": "onbekend"}


def test_truly_unknown_optional_province_is_still_rejected(tmp_path):
    rows = [row(woonplaats_provincie_naam="Atlantis"), row(woonplaats_provincie_naam="Limburg"),
            row(woonplaats_provincie_naam="Limburg")]
    frame, report = _clean_rows(tmp_path, rows)
    assert report.rijen_afgewezen == 1 and len(frame) == 2
    assert "kolom woonplaats_provincie_naam" in report.bestanden[0].afgewezen[0].reden


def test_walloon_vestigingsplaats_is_still_rejected(tmp_path):
    rows = [row(vestiging_provincie_naam="Namen"), row(), row()]
    frame, report = _clean_rows(tmp_path, rows)
    assert report.rijen_afgewezen == 1 and len(frame) == 2
    assert "kolom vestiging_provincie_naam" in report.bestanden[0].afgewezen[0].reden
