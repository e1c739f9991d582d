"""Bad input: each kind of mistake gives its own Dutch message (whole file: LoepFout; one row: a reported reason)."""

from __future__ import annotations

import pytest

from addin.core.cleaning import ImportRegels, clean
from addin.core.errors import LoepFout
from addin.core.reader import read_raw
from addin.core.schema import OFFICIAL_COLUMNS, REQUIRED_COLUMNS
from official_rows import row, varied_rows, write_csv, write_xlsx

NAME = "inschrijvingen-leerplicht-instellingen-dataset-2023-2024-1feb.csv"


def _fout(path) -> str:
    with pytest.raises(LoepFout) as exc:
        clean([read_raw(path)])
    return exc.value.boodschap


def _reasons(tmp_path, rows, name=NAME):
    """{reason: [row numbers]} of the rejected rows; the other rows keep the file below the 50 % limit
    (and --toch-importeren lets a file with more than 1 % rejected through, as these small files have)."""
    frame, report = clean([read_raw(write_csv(tmp_path / name, rows))], regels=ImportRegels(toch_importeren=True))
    f = report.bestanden[0]
    assert f.rijen_afgewezen == sum(g.aantal for g in f.afgewezen)
    assert f.rijen_behouden + f.rijen_afgewezen + f.rijen_overgeslagen + f.rijen_leeg == len(rows)
    return {g.reden: g.rijen for g in f.afgewezen}, frame, report


# --- whole-file problems ------------------------------------------------------------------

def test_empty_file(tmp_path):
    path = tmp_path / NAME
    path.write_bytes(b"")
    assert _fout(path) == f"Het bestand '{NAME}' is leeg."
    path.write_bytes(b"\xef\xbb\xbf\r\n  \r\n")
    assert _fout(path) == f"Het bestand '{NAME}' is leeg."


def test_header_only(tmp_path):
    path = write_csv(tmp_path / NAME, [], columns=list(OFFICIAL_COLUMNS))
    assert _fout(path) == f"'{NAME}' bevat een kopregel maar geen gegevensrijen."


@pytest.mark.parametrize("delimiter,label", [("|", "verticale streep (|)")])
def test_wrong_delimiter(tmp_path, delimiter, label):
    path = write_csv(tmp_path / NAME, varied_rows(5), delimiter=delimiter)
    msg = _fout(path)
    assert msg.startswith(f"Het scheidingsteken van '{NAME}' is een {label} (regel 1)")
    assert "Loep leest CSV met komma (,), puntkomma (;) en tab als scheidingsteken" in msg


def test_missing_required_columns(tmp_path):
    columns = [c for c in OFFICIAL_COLUMNS if c not in ("geslacht", "aantal_inschrijvingen")]
    path = write_csv(tmp_path / NAME, [row()], columns=columns)
    assert _fout(path) == (f"In '{NAME}' ontbreken verplichte kolommen: geslacht, aantal_inschrijvingen "
                           f"(kopregel 1). Is dit wel een bestand 'inschrijvingen leerplicht per instelling'?")


def test_no_header_at_all(tmp_path):
    path = tmp_path / NAME
    path.write_text("Dit is een brief\nen geen gegevensbestand\n", encoding="utf-8")
    msg = _fout(path)
    assert msg.startswith(f"Geen kopregel gevonden in '{NAME}': de eerste 15 regels bevatten geen regel met de "
                          f"verplichte kolommen ({', '.join(REQUIRED_COLUMNS)})")
    assert "Geprobeerde scheidingstekens: komma (,), puntkomma (;) en tab." in msg


def test_header_too_far_down(tmp_path):
    path = write_csv(tmp_path / NAME, [row()], titles=[f"titel {i}" for i in range(20)])
    assert _fout(path).startswith(f"Geen kopregel gevonden in '{NAME}'")


def test_school_year_undeterminable(tmp_path):
    path = write_csv(tmp_path / "leerlingen.csv", [row()])
    assert _fout(path).startswith("Het schooljaar van 'leerlingen.csv' is niet te bepalen: het bestand heeft geen "
                                  "kolom 'schooljaar' en de bestandsnaam noemt geen schooljaar")


def test_unreadable_xlsx(tmp_path):
    path = tmp_path / "leerlingen-2023-2024.xlsx"
    path.write_bytes(b"dit is geen zip maar tekst")
    assert _fout(path) == ("'leerlingen-2023-2024.xlsx' is geen leesbaar Excel-bestand (.xlsx): het bestand is "
                           "beschadigd of heeft de verkeerde extensie.")


def test_xlsx_without_header(tmp_path):
    path = write_xlsx(tmp_path / "leerlingen-2023-2024.xlsx", [{"a": "1", "b": "2"}])
    assert _fout(path).startswith("Geen kopregel gevonden in 'leerlingen-2023-2024.xlsx': geen blad heeft")


def test_wrong_extension(tmp_path):
    path = tmp_path / "leerlingen-2023-2024.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert _fout(path) == ("'leerlingen-2023-2024.pdf' is geen CSV- of XLSX-bestand (extensie '.pdf'): Loep leest "
                           "de open-databestanden als .csv of .xlsx.")


def test_old_xls(tmp_path):
    path = tmp_path / "leerlingen-2023-2024.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert "oud Excel-bestand (.xls)" in _fout(path)


def test_excel_file_named_csv(tmp_path):
    real = write_xlsx(tmp_path / "a.xlsx", [row()])
    path = tmp_path / NAME
    path.write_bytes(real.read_bytes())
    assert _fout(path) == f"'{NAME}' is een Excel-bestand met de extensie .csv: hernoem het naar .xlsx."


def test_file_not_found(tmp_path):
    assert _fout(tmp_path / "bestaat-niet-2023-2024.csv") == (
        f"Bestand niet gevonden: '{tmp_path / 'bestaat-niet-2023-2024.csv'}'.")


def test_ragged_row(tmp_path):
    path = write_csv(tmp_path / NAME, [row()])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("a,b,c\n")
    msg = _fout(path)
    # header on line 1, the good row on line 2, the ragged row on line 3
    assert msg.startswith(f"'{NAME}' is geen geldige CSV: regel 3 heeft 3 velden in plaats van 26: 'a,b,c'.")


def test_more_than_half_rejected(tmp_path):
    rows = [row(geslacht="X") for _ in range(6)] + varied_rows(4)
    msg = _fout(write_csv(tmp_path / NAME, rows))
    assert msg.startswith(f"Te veel afgewezen rijen in '{NAME}': 6 van 10 (60 %). Dit is waarschijnlijk niet het "
                          f"juiste bestand")
    assert "kolom geslacht: Onbekend geslacht 'X'" in msg
    assert "6 rijen: rijen 1, 2, 3" in msg
    assert msg.endswith("Er is niets geïmporteerd.")


def test_exactly_half_rejected_is_accepted(tmp_path):
    rows = [row(geslacht="X") for _ in range(5)] + varied_rows(5)
    reasons, frame, _ = _reasons(tmp_path, rows)
    assert len(frame) == 5


# --- row problems: rejected with reason and row number, never dropped silently -------------

def test_non_numeric_count(tmp_path):
    rows = varied_rows(5) + [row(aantal_inschrijvingen="twaalf"), row(aantal_inschrijvingen="1.234"),
                             row(aantal_inschrijvingen="2,5")]
    reasons, frame, report = _reasons(tmp_path, rows)
    assert reasons == {
        "kolom aantal_inschrijvingen: 'twaalf' is geen geheel getal ≥ 0": [6],
        "kolom aantal_inschrijvingen: '1.234' heeft een scheidingsteken voor duizendtallen (of is een kommagetal); "
        "schrijf een aantal zonder punt of komma, bv. '1234'": [7],
        "kolom aantal_inschrijvingen: '2,5' is een kommagetal; een aantal leerlingen is een geheel getal": [8],
    }
    assert frame["bronrij"].tolist() == [1, 2, 3, 4, 5]
    assert report.bestanden[0].rijen_aantal_onleesbaar == 3
    assert "  rijen afgewezen: 3 (0 leerlingen; van 3 rijen is het aantal onleesbaar)" in report.to_text()


def test_negative_count(tmp_path):
    reasons, _, _ = _reasons(tmp_path, varied_rows(3) + [row(aantal_inschrijvingen="-3")])
    assert reasons == {"kolom aantal_inschrijvingen: negatief aantal '-3'": [4]}


def test_empty_count(tmp_path):
    reasons, _, _ = _reasons(tmp_path, varied_rows(3) + [row(aantal_inschrijvingen=""), row(aantal_inschrijvingen=" ")])
    assert reasons == {"kolom aantal_inschrijvingen: leeg": [4, 5]}


def test_unknown_province_with_suggestion(tmp_path):
    reasons, _, report = _reasons(tmp_path, varied_rows(3) + [row(vestiging_provincie_naam="Antwrepen")])
    assert reasons == {"kolom vestiging_provincie_naam: Onbekende provincie 'Antwrepen'; bedoelde u 'Antwerpen'?": [4]}
    assert "Onbekende provincie 'Antwrepen'; bedoelde u 'Antwerpen'? — 1 rij: rij 4" in report.to_text()


def test_unknown_province_without_suggestion(tmp_path):
    reasons, _, _ = _reasons(tmp_path, varied_rows(3) + [row(vestiging_provincie_naam="Henegouwen")])
    (reason,) = reasons
    assert reason.startswith("kolom vestiging_provincie_naam: Onbekende provincie 'Henegouwen'. Geldige waarden: "
                             "'Antwerpen', 'Limburg'")


def test_province_label_starting_with_equals_sign(tmp_path):
    reasons, frame, _ = _reasons(tmp_path, varied_rows(3) + [row(vestiging_provincie_naam="=HYPERLINK(\"x\")"),
                                                          row(vestiging_provincie_naam="=Antwerpen")])
    assert reasons == {
        "kolom vestiging_provincie_naam: Onbekende provincie '=HYPERLINK(\"x\")'. Geldige waarden: 'Antwerpen', "
        "'Limburg', 'Oost-Vlaanderen', 'Vlaams-Brabant', 'West-Vlaanderen', 'Brussels Hoofdstedelijk Gewest'.": [4],
        "kolom vestiging_provincie_naam: Onbekende provincie '=Antwerpen'; bedoelde u 'Antwerpen'?": [5],
    }
    assert not frame["provincie_vestigingsplaats"].astype(str).str.startswith("=").any()


def test_empty_province(tmp_path):
    reasons, _, _ = _reasons(tmp_path, varied_rows(3) + [row(vestiging_provincie_naam="")])
    assert reasons == {"kolom vestiging_provincie_naam: leeg": [4]}


def test_unknown_optional_basis_province(tmp_path):
    rows = [row(woonplaats_provincie_naam="Antwerpen") for _ in range(3)] + [row(woonplaats_provincie_naam="Parijs")]
    reasons, _, _ = _reasons(tmp_path, rows)
    (reason,) = reasons
    assert reason.startswith("kolom woonplaats_provincie_naam: Onbekende provincie 'Parijs'")


def test_unknown_geslacht(tmp_path):
    reasons, _, _ = _reasons(tmp_path, varied_rows(3) + [row(geslacht="X"), row(geslacht="")])
    assert reasons == {"kolom geslacht: Onbekend geslacht 'X'. Geldige waarden: 'Mannelijk', 'Vrouwelijk'.": [4],
                       "kolom geslacht: leeg": [5]}


def test_unknown_graad(tmp_path):
    reasons, _, _ = _reasons(tmp_path, varied_rows(3) + [row(graad_so="4e graad"), row(graad_so="")])
    assert reasons == {
        # '1e', '2e' and '3e graad' are equally near: no guess, the four valid values instead
        "kolom graad_so: Onbekende graad '4e graad'. Geldige waarden: '1e graad', '2e graad', '3e graad', 'OKAN', 'HBO5', 'modulair', 'n.v.t.'.": [4],
        "kolom graad_so: leeg (verplicht voor 'Voltijds gewoon secundair onderwijs')": [5],
    }


def test_unknown_hoofdstructuur(tmp_path):
    reasons, _, _ = _reasons(tmp_path, varied_rows(3) + [
        row(hoofdstructuur="Hoger onderwijs", hoofdstructuur_inschrijving_code="411"),
        row(hoofdstructuur="", hoofdstructuur_inschrijving_code="")])
    assert set(reasons) == {
        "kolom hoofdstructuur: Onbekende hoofdstructuur 'Hoger onderwijs'. Geldige waarden: 'Voltijds gewoon "
        "secundair onderwijs', 'Deeltijds beroepssecundair onderwijs', 'Buitengewoon secundair onderwijs', "
        "'Syntra'. (code '411')",
        "kolom hoofdstructuur: leeg (en geen hoofdstructuur_inschrijving_code)",
    }


def test_unknown_onderwijsvorm(tmp_path):
    reasons, _, _ = _reasons(tmp_path, varied_rows(3) + [row(onderwijsvorm="xyz")])
    (reason,) = reasons
    assert reason.startswith("kolom onderwijsvorm: Onbekende onderwijsvorm 'xyz'")


def test_invalid_school_year_in_column(tmp_path):
    rows = [row(schooljaar="2023-2024") for _ in range(3)] + [row(schooljaar="2023-2025"), row(schooljaar="")]
    reasons, frame, _ = _reasons(tmp_path, rows, name="leerlingen.csv")
    assert reasons == {
        "kolom schooljaar: ongeldig schooljaar '2023-2025' (verwacht '2024-2025' of '2024-25')": [4],
        "kolom schooljaar: leeg en de bestandsnaam noemt geen schooljaar": [5],
    }


def test_empty_school_year_cell_falls_back_to_file_name(tmp_path):
    rows = [row(schooljaar="2023-2024"), row(schooljaar="")]
    frame, _ = clean([read_raw(write_csv(tmp_path / "leerlingen-2023-2024.csv", rows))])
    assert frame["schooljaar"].tolist() == ["2023-2024", "2023-2024"]


def test_duplicate_rows(tmp_path):
    a, b = row(aantal_inschrijvingen="4"), row(aantal_inschrijvingen="4")
    rows = [a, b, dict(a), row(), dict(b), dict(a)]
    reasons, frame, report = _reasons(tmp_path, rows)
    assert reasons == {"dubbele rij (gelijk aan rij 1)": [3, 6], "dubbele rij (gelijk aan rij 2)": [5]}
    assert frame["bronrij"].tolist() == [1, 2, 4]
    assert "dubbele rij (gelijk aan rij 1) — 2 rijen: rijen 3, 6" in report.to_text()


def test_rows_differing_in_one_column_are_not_duplicates(tmp_path):
    a = row()
    b = dict(a, belg_nietbelg="niet-Belg")
    reasons, frame, _ = _reasons(tmp_path, [a, b])
    assert reasons == {} and len(frame) == 2


def test_title_row_above_header_is_accepted_and_reported(tmp_path):
    path = write_csv(tmp_path / NAME, varied_rows(3), titles=["Inschrijvingen leerplicht per instelling 2023-2024"])
    frame, report = clean([read_raw(path)])
    assert len(frame) == 3
    assert report.bestanden[0].titelregels == ["Inschrijvingen leerplicht per instelling 2023-2024"]
    assert "titelregel(s) boven de kopregel overgeslagen" in report.to_text()


def test_rejection_row_numbers_are_grouped_and_capped(tmp_path):
    rows = varied_rows(30) + [row(geslacht="?") for _ in range(12)]
    reasons, _, report = _reasons(tmp_path, rows)
    (only,) = reasons.values()
    assert only == list(range(31, 41))  # first ten row numbers
    assert "12 rijen: rijen 31, 32, 33, 34, 35, 36, 37, 38, 39, 40 … (+2)" in report.to_text()


def test_unreadable_file(tmp_path, monkeypatch):
    from pathlib import Path

    import addin.core.reader as reader_module

    path = write_csv(tmp_path / NAME, [row()])
    xlsx = write_xlsx(tmp_path / "leerlingen-2023-2024.xlsx", [row()])

    def locked(*args, **kwargs):  # as when Excel holds the file open on Windows, or without read permission
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader_module, "open", locked, raising=False)
    monkeypatch.setattr(Path, "read_bytes", locked)
    for p in (path, xlsx):
        assert _fout(p) == (f"'{p}' kan niet gelezen worden: geen toegangsrechten. Is het bestand nog open in een "
                            f"ander programma of hebt u er geen leesrechten op?")


def test_directory_instead_of_file(tmp_path):
    assert _fout(tmp_path) == f"'{tmp_path}' is een map, geen bestand: geef CSV- of XLSX-bestanden op."


def test_rejection_row_numbers_lead_to_the_line_in_the_file(tmp_path):
    rows = varied_rows(6) + [row(geslacht="X")]
    path = write_csv(tmp_path / NAME, rows, titles=["Titel", "Bron"])
    _, report = clean([read_raw(path)], regels=ImportRegels(toch_importeren=True))
    text = report.to_text()
    assert "(rijnummer 1 = eerste gegevensrij onder de kopregel; regel in het bestand = rijnummer + 3)" in text
    assert "— 1 rij: rij 7" in text
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[7 + 3 - 1].split(",")[16] == "X"  # geslacht column of physical line 10


# --- issue 2 follow-up ------------------------------------------------------------------------


def test_whole_number_decimals_in_count_are_accepted(tmp_path):
    rows = varied_rows(4) + [row(aantal_inschrijvingen="3,0"), row(aantal_inschrijvingen="12.0", geslacht="Vrouwelijk"),
                             row(aantal_inschrijvingen="1.0", studierichting="Kapper"),
                             row(aantal_inschrijvingen=" 7,00 ", studierichting="Bakker")]
    frame, report = clean([read_raw(write_csv(tmp_path / NAME, rows))])
    assert report.rijen_afgewezen == 0
    assert frame["aantal"].tolist() == [int(r["aantal_inschrijvingen"]) for r in rows[:4]] + [3, 12, 1, 7]


def test_thousands_separator_and_fraction_in_count_are_rejected(tmp_path):
    rows = varied_rows(5) + [row(aantal_inschrijvingen="1.000"), row(aantal_inschrijvingen="0,5")]
    reasons, frame, _ = _reasons(tmp_path, rows)
    assert reasons == {
        "kolom aantal_inschrijvingen: '1.000' heeft een scheidingsteken voor duizendtallen (of is een kommagetal); "
        "schrijf een aantal zonder punt of komma, bv. '1000'": [6],
        "kolom aantal_inschrijvingen: '0,5' is een kommagetal; een aantal leerlingen is een geheel getal": [7],
    }


def test_empty_rows_are_skipped_not_rejected(tmp_path):
    rows = varied_rows(6)
    path = write_csv(tmp_path / NAME, rows, delimiter=";")
    lines = path.read_text(encoding="utf-8").splitlines()
    empty = ";" * (len(rows[0]) - 1)
    lines[3:3] = [empty, " ;" * (len(rows[0]) - 1) + " "]  # after data row 2: two rows of blank cells
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    frame, report = clean([read_raw(path)])
    f = report.bestanden[0]
    assert (f.rijen_gelezen, f.rijen_leeg, f.rijen_afgewezen, f.rijen_behouden) == (8, 2, 0, 6)
    assert frame["bronrij"].tolist() == [1, 2, 5, 6, 7, 8]  # row numbers still lead to the line in the file
    text = report.to_text()
    assert "  lege rijen overgeslagen (alle cellen leeg): 2" in text
    assert ", 0 overgeslagen, 2 leeg, 0 rijen afgewezen (0 leerlingen)." in text


def test_summary_lines_show_pupils(tmp_path):
    rows = varied_rows(8, seed=9) + [row(geslacht="X", aantal_inschrijvingen="1234")]
    _, report = clean([read_raw(write_csv(tmp_path / NAME, rows))], regels=ImportRegels(toch_importeren=True))
    kept = sum(int(r["aantal_inschrijvingen"]) for r in rows[:8])
    text = report.to_text()
    fmt = lambda n: f"{n:,}".replace(",", ".")  # noqa: E731
    assert f"  rijen gelezen: 9 ({fmt(kept + 1234)} leerlingen)" in text
    assert f"  rijen behouden: 8 ({fmt(kept)} leerlingen)" in text
    assert "  rijen afgewezen: 1 (1.234 leerlingen)" in text
    assert ("    - kolom geslacht: Onbekend geslacht 'X'. Geldige waarden: 'Mannelijk', 'Vrouwelijk'. — 1 rij: "
            "rij 9 (1.234 leerlingen)") in text
    assert text.endswith(f"9 rijen gelezen ({fmt(kept + 1234)} leerlingen), 8 behouden ({fmt(kept)} leerlingen), "
                         f"0 overgeslagen, 1 rijen afgewezen (1.234 leerlingen).")
    assert report.to_dict()["totaal"]["leerlingen_afgewezen"] == 1234


def test_school_year_column_disagreeing_with_file_name_is_noted(tmp_path):
    rows = varied_rows(4, schooljaar="2022-2023")
    frame, report = clean([read_raw(write_csv(tmp_path / NAME, rows))])  # NAME says 2023-2024
    assert set(frame["schooljaar"]) == {"2022-2023"}
    assert ("let op: de kolom schooljaar noemt 2022-2023, de bestandsnaam 2023-2024: Loep volgt de kolom. "
            "Controleer of dit het juiste bestand is (of hernoem het).") in report.to_text()


def test_ragged_long_row_gives_its_line_number(tmp_path):
    rows = varied_rows(30, seed=2)
    path = write_csv(tmp_path / NAME, rows, titles=["Inschrijvingen"])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[20] = lines[20].rsplit(",", 1)[0]  # one field short; physical line 21
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    msg = _fout(path)
    assert msg.startswith(f"'{NAME}' is geen geldige CSV: regel 21 heeft {len(rows[0]) - 1} velden in plaats van "
                          f"{len(rows[0])}: '{lines[20][:80]}")


def test_download_cut_inside_a_line(tmp_path):
    rows = varied_rows(12, seed=6)
    path = write_csv(tmp_path / NAME, rows)
    data = path.read_bytes()
    last_start = data.rstrip(b"\r\n").rfind(b"\n") + 1
    path.write_bytes(data[:last_start + 40])  # the last row cut after 40 bytes, as an interrupted download
    msg = _fout(path)
    assert msg.startswith(f"'{NAME}' is geen geldige CSV: regel 13 heeft ")  # header + 12 rows
    assert msg.endswith("Het is de laatste regel en het bestand eindigt niet met een regeleinde: waarschijnlijk is de "
                        "download onderbroken. Download het bestand opnieuw.")


def test_zip_that_is_no_workbook_names_no_python_error(tmp_path):
    import zipfile

    path = tmp_path / "leerlingen-2023-2024.xlsx"
    with zipfile.ZipFile(path, "w") as z:  # a zip, but not a workbook (e.g. a renamed .docx or a photo album)
        z.writestr("word/document.xml", "<w:document/>")
    message = _fout(path)
    assert message == ("'leerlingen-2023-2024.xlsx' is geen leesbaar Excel-bestand (.xlsx): het bestand is beschadigd "
                       "of geen werkboek van Excel. Open het in Excel en bewaar het opnieuw als .xlsx of .csv.")
    assert "Error" not in message and "Exception" not in message


def test_os_error_without_number_names_no_python_type():
    from addin.core.settings import os_fout_tekst

    assert os_fout_tekst(OSError("iets")) == "onbekende systeemfout"
