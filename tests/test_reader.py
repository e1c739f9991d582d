"""Reader: every way an official file arrives (delimiters, encodings, xlsx, column order, titles, years)."""

from __future__ import annotations

import csv
import random

import pytest

from addin.core.reader import normalise_column_name, read_raw
from addin.core.schema import OFFICIAL_COLUMNS
from official_rows import row, varied_rows, write_csv, write_xlsx

NAME = "inschrijvingen-leerplicht-instellingen-dataset-2023-2024-1feb.csv"


def _plain(path, delimiter=",", encoding="utf-8-sig", skip=0):
    """The file read back with the csv module: list of dicts with the header as written."""
    with open(path, encoding=encoding, newline="") as fh:
        lines = fh.read().splitlines()[skip:]
    return list(csv.DictReader(lines, delimiter=delimiter))


@pytest.mark.parametrize("delimiter,label", [(",", ","), (";", ";")])
def test_delimiters_are_sniffed(tmp_path, delimiter, label):
    rows = varied_rows(30)
    path = write_csv(tmp_path / NAME, rows, delimiter=delimiter)
    raw = read_raw(path)
    assert raw.scheidingsteken == label
    assert raw.formaat == "csv"
    assert raw.rijen == 30
    expected = _plain(path, delimiter)
    assert raw.frame["aantal_inschrijvingen"].tolist() == [r["aantal_inschrijvingen"] for r in expected]
    assert raw.frame["vestiging_provincie_naam"].tolist() == [r["vestiging_provincie_naam"] for r in expected]
    assert raw.kopregel == 1 and raw.titelregels == []


def test_utf8_with_bom(tmp_path):
    rows = [row(studierichting="Créatie & ëntertainment", vestiging_fusiegemeente_naam="Kortrijk")]
    path = write_csv(tmp_path / NAME, rows, encoding="utf-8-sig")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    raw = read_raw(path)
    assert raw.codering == "utf-8 met BOM"
    assert list(raw.frame.columns)[0] == "hoofdstructuur"  # no BOM glued to the first name
    assert raw.frame["studierichting"].iloc[0] == "Créatie & ëntertainment"


def test_utf8_without_bom(tmp_path):
    path = write_csv(tmp_path / NAME, [row(studierichting="Crèche-medewerker")], encoding="utf-8")
    raw = read_raw(path)
    assert raw.codering == "utf-8"
    assert raw.frame["studierichting"].iloc[0] == "Crèche-medewerker"


def test_windows_1252_with_accents(tmp_path):
    rows = [row(studierichting="Creatie en ëntertainment é", schoolbestuur="Scholengroep Zuiderkempen é")]
    path = write_csv(tmp_path / NAME, rows, delimiter=";", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    raw = read_raw(path)
    assert raw.codering == "windows-1252"
    assert raw.frame["studierichting"].iloc[0] == "Creatie en ëntertainment é"
    assert raw.frame["schoolbestuur"].iloc[0] == "Scholengroep Zuiderkempen é"


def test_xlsx_numbers_read_as_text(tmp_path):
    rows = varied_rows(12)
    path = write_xlsx(tmp_path / NAME.replace(".csv", ".xlsx"), rows)
    raw = read_raw(path)
    assert raw.formaat == "xlsx" and raw.blad == "Sheet"
    assert raw.rijen == 12
    assert raw.frame["aantal_inschrijvingen"].tolist() == [r["aantal_inschrijvingen"] for r in rows]
    assert raw.frame["hoofdstructuur_inschrijving_code"].tolist() == [
        r["hoofdstructuur_inschrijving_code"] for r in rows]
    # empty Excel cells read as empty strings
    assert raw.frame["opleidingsvorm"].tolist() == [""] * 12


def test_xlsx_header_on_second_sheet_below_titles(tmp_path):
    rows = varied_rows(5)
    path = write_xlsx(tmp_path / "leerlingen-2022-2023.xlsx", rows, titles=["Leerlingen per instelling", ""],
                      first_sheet=[["Dit blad is uitleg"], ["geen gegevens"]])
    raw = read_raw(path)
    assert raw.blad == "Gegevens"
    assert raw.kopregel == 3
    assert raw.titelregels == ["Leerlingen per instelling"]
    assert raw.rijen == 5
    assert raw.schooljaar_bestandsnaam == "2022-2023"


def test_columns_in_any_order(tmp_path):
    rows = varied_rows(20)
    columns = list(OFFICIAL_COLUMNS)
    random.Random(3).shuffle(columns)
    path = write_csv(tmp_path / NAME, rows, columns=columns)
    raw = read_raw(path)
    assert list(raw.frame.columns) == columns
    for col in ("geslacht", "aantal_inschrijvingen", "studierichting"):
        assert raw.frame[col].tolist() == [r[col] for r in rows]


def test_extra_columns_are_reported_and_kept_apart(tmp_path):
    rows = [dict(row(), opmerking="x", **{"Extra Kolom": "y"}) for _ in range(3)]
    path = write_csv(tmp_path / NAME, rows)
    raw = read_raw(path)
    assert raw.extra_kolommen == ["opmerking", "extra_kolom"]
    assert raw.frame["extra_kolom"].tolist() == ["y"] * 3


def test_header_names_are_normalised(tmp_path):
    rows = [row()]
    header = [" " + c.replace("_", " ").upper() + " " for c in OFFICIAL_COLUMNS]
    path = write_csv(tmp_path / NAME, rows, columns=list(OFFICIAL_COLUMNS), header=header)
    raw = read_raw(path)
    assert list(raw.frame.columns) == list(OFFICIAL_COLUMNS)
    assert normalise_column_name("\ufeffVestiging Provincie-Naam ") == "vestiging_provincie_naam"


def test_title_rows_above_header_are_skipped_and_reported(tmp_path):
    rows = varied_rows(4)
    path = write_csv(tmp_path / NAME, rows, delimiter=";",
                     titles=["Inschrijvingen leerplicht per instelling;;", "Bron: Departement Onderwijs", ""])
    raw = read_raw(path)
    assert raw.kopregel == 4
    assert raw.titelregels == ["Inschrijvingen leerplicht per instelling;;", "Bron: Departement Onderwijs"]
    assert raw.rijen == 4
    assert raw.regel(1) == 5
    assert raw.frame["aantal_inschrijvingen"].tolist() == [r["aantal_inschrijvingen"] for r in rows]


def test_school_year_from_file_name(tmp_path):
    raw = read_raw(write_csv(tmp_path / "inschrijvingen-leerplicht-instellingen-dataset-2019-2020-1feb.csv",
                             [row()]))
    assert not raw.schooljaar_kolom
    assert raw.schooljaar_bestandsnaam == "2019-2020"
    raw = read_raw(write_csv(tmp_path / "leerlingen_2021-22.csv", [row()]))
    assert raw.schooljaar_bestandsnaam == "2021-2022"


def test_school_year_from_column(tmp_path):
    rows = [row(schooljaar="2020-21"), row(schooljaar="2021-2022")]
    raw = read_raw(write_csv(tmp_path / "leerlingen.csv", rows))
    assert raw.schooljaar_kolom
    assert raw.schooljaar_bestandsnaam is None
    assert raw.frame["schooljaar"].tolist() == ["2020-21", "2021-2022"]
    assert raw.extra_kolommen == []  # schooljaar is a documented optional column


def test_values_are_strings_and_empty_cells_empty(tmp_path):
    rows = [row(aantal_inschrijvingen="007", instellingsnummer="012345", opleidingsvorm="")]
    raw = read_raw(write_csv(tmp_path / NAME, rows))
    assert raw.frame["aantal_inschrijvingen"].iloc[0] == "007"
    assert raw.frame["instellingsnummer"].iloc[0] == "012345"  # leading zero kept
    assert raw.frame["opleidingsvorm"].iloc[0] == ""
    assert all(str(t) == "str" for t in raw.frame.dtypes)


def test_quoted_values_with_delimiter_inside(tmp_path):
    rows = [row(opleidingsvorm="Algemeen,technisch,kunst- en beroepsond.", vestigingsplaats_adres='Straat "1"; bus 2')]
    raw = read_raw(write_csv(tmp_path / NAME, rows, delimiter=","))
    assert raw.frame["opleidingsvorm"].iloc[0] == "Algemeen,technisch,kunst- en beroepsond."
    assert raw.frame["vestigingsplaats_adres"].iloc[0] == 'Straat "1"; bus 2'


def test_sha256_of_file_bytes(tmp_path):
    import hashlib

    path = write_csv(tmp_path / NAME, [row()])
    assert read_raw(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_windows_1252_noticed_in_a_column_loep_does_not_use(tmp_path):
    rows = [row(vestigingsplaats_adres="Kerkstraat 1, Sint-Jozef-Rodé") for _ in range(2)]
    path = write_csv(tmp_path / NAME, rows, encoding="cp1252")
    raw = read_raw(path)
    assert raw.codering == "windows-1252"
    assert raw.frame["vestigingsplaats_adres"].tolist() == ["Kerkstraat 1, Sint-Jozef-Rodé"] * 2


def test_invalid_utf8_after_a_bom(tmp_path):
    path = tmp_path / NAME
    write_csv(path, [row(vestigingsplaats_adres="Rodé")], encoding="cp1252")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    from addin.core.errors import LoepFout

    with pytest.raises(LoepFout, match="begint als UTF-8 \\(met BOM\\) maar bevat ongeldige tekens"):
        read_raw(path)


def test_quoted_value_over_two_lines(tmp_path):
    rows = [row(vestigingsplaats_adres="Schoolstraat 1\nbus 2"), row()]
    raw = read_raw(write_csv(tmp_path / NAME, rows))
    assert raw.rijen == 2
    assert raw.frame["vestigingsplaats_adres"].tolist() == ["Schoolstraat 1\nbus 2", "Schoolstraat 1"]


def test_trailing_delimiter_gives_no_extra_column(tmp_path):
    path = write_csv(tmp_path / NAME, [row(), row()], delimiter=";")
    text = path.read_text(encoding="utf-8").replace("\r\n", ";\r\n")
    path.write_text(text, encoding="utf-8", newline="")
    raw = read_raw(path)
    assert raw.columns == list(OFFICIAL_COLUMNS)
    assert raw.extra_kolommen == []
    assert raw.frame["aantal_inschrijvingen"].tolist() == ["3", "3"]


# --- the fast xlsx path gives what openpyxl gives ------------------------------------------


def _both_xlsx_readers(path):
    from addin.core import reader as r

    data = path.read_bytes()
    return r._read_xlsx_fast(path, data, ""), r._read_xlsx_openpyxl(path, data, "")


def _same(fast, slow):
    assert (fast.blad, fast.kopregel, fast.titelregels) == (slow.blad, slow.kopregel, slow.titelregels)
    assert list(fast.table.column_names) == list(slow.table.column_names)
    assert fast.frame.to_dict("list") == slow.frame.to_dict("list")


def test_fast_xlsx_equals_openpyxl_inline_strings(tmp_path):
    rows = varied_rows(40, seed=4)
    rows[3]["opleidingsvorm"] = "Algemeen, technisch & <kunst>"
    rows[5]["vestigingsplaats_adres"] = "Rue de l'Été 5"
    path = write_xlsx(tmp_path / "x-2023-2024.xlsx", rows, titles=["Titel & uitleg", ""],
                      first_sheet=[["Uitleg"], ["geen gegevens"]])
    fast, slow = _both_xlsx_readers(path)
    _same(fast, slow)
    assert fast.frame["opleidingsvorm"][3] == "Algemeen, technisch & <kunst>"


def test_fast_xlsx_equals_openpyxl_shared_strings(tmp_path):
    import xlsxwriter

    path = tmp_path / "y-2023-2024.xlsx"
    book = xlsxwriter.Workbook(str(path))  # Excel's own layout: shared strings, styles, empty rows
    sheet = book.add_worksheet("Data")
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, "Leerlingen per instelling", bold)
    columns = list(row())
    for j, c in enumerate(columns):
        sheet.write_string(2, j, c)
    rows = varied_rows(25, seed=6)
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            v = r[c]
            if c == "aantal_inschrijvingen":
                sheet.write_number(3 + i + (i >= 10), j, int(v))  # an empty row after the 10th
            elif v:
                sheet.write_string(3 + i + (i >= 10), j, v)
    sheet.write_rich_string(3, columns.index("schoolbestuur"), "Scholen", bold, "groep ", "Zuid & <Noord>")
    sheet.write_boolean(4, len(columns), True)  # a cell outside the named columns
    book.close()
    fast, slow = _both_xlsx_readers(path)
    _same(fast, slow)
    assert fast.rijen == 25 and fast.kopregel == 3
    assert fast.frame["schoolbestuur"][0] == "Scholengroep Zuid & <Noord>"
    assert fast.frame["aantal_inschrijvingen"].tolist() == [r["aantal_inschrijvingen"] for r in rows]


def test_unusual_xlsx_falls_back_to_openpyxl(tmp_path, monkeypatch):
    from addin.core import xlsx_cells

    rows = varied_rows(5)
    path = write_xlsx(tmp_path / "z-2023-2024.xlsx", rows)

    def unsupported(data):
        raise xlsx_cells.Unsupported("test")
        yield  # pragma: no cover

    monkeypatch.setattr(xlsx_cells, "sheets", unsupported)
    raw = read_raw(path)
    assert raw.rijen == 5 and raw.frame["aantal_inschrijvingen"].tolist() == [r["aantal_inschrijvingen"] for r in rows]


# --- issue 2 follow-up: Excel "Unicode-tekst", tabs, cut downloads, file-name years ----------


def test_utf16_unicode_text_with_tabs(tmp_path):
    # Excel "Opslaan als Unicode-tekst": UTF-16 LE with BOM, tab-separated, CRLF
    rows = varied_rows(25) + [row(vestiging_provincie_naam="Liège", studierichting="Économie")]
    path = write_csv(tmp_path / NAME, rows, delimiter="\t", encoding="utf-16")
    assert path.read_bytes()[:2] == b"\xff\xfe"
    raw = read_raw(path)
    assert raw.codering == "utf-16 LE met BOM" and raw.scheidingsteken == "\t"
    assert raw.frame.to_dict("records") == _plain(path, delimiter="\t", encoding="utf-16")
    assert raw.waarschuwingen == []


def test_utf16_big_endian(tmp_path):
    rows = varied_rows(5)
    path = write_csv(tmp_path / NAME, rows, delimiter="\t", encoding="utf-16-be")
    path.write_bytes(b"\xfe\xff" + path.read_bytes())
    raw = read_raw(path)
    assert raw.codering == "utf-16 BE met BOM"
    assert raw.frame["aantal_inschrijvingen"].tolist() == [r["aantal_inschrijvingen"] for r in rows]


def test_tab_separated_utf8(tmp_path):
    rows = varied_rows(12)
    path = write_csv(tmp_path / NAME, rows, delimiter="\t")
    raw = read_raw(path)
    assert raw.scheidingsteken == "\t" and raw.codering == "utf-8"
    assert raw.frame.to_dict("records") == _plain(path, delimiter="\t")


def test_missing_final_line_break_is_a_warning(tmp_path):
    path = write_csv(tmp_path / NAME, varied_rows(4))
    assert read_raw(path).waarschuwingen == []
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    raw = read_raw(path)
    assert raw.rijen == 4
    assert raw.waarschuwingen == [
        "het bestand eindigt niet met een regeleinde: misschien is de download onderbroken en ontbreken er rijen. "
        "Controleer of het bestand volledig is (vergelijk de grootte met de download op de website)."]


@pytest.mark.parametrize("name", ["cp1252-2024-2025.csv", "late1252-2024-2025.csv",
                                  "inschrijvingen_1feb2025_2024-2025.csv", "lln 2024–2025.csv",
                                  "lln 2024—2025.csv", "lln_2024_25.csv", "dataset-2024-2025-1feb.csv"])
def test_school_year_in_awkward_file_names(tmp_path, name):
    raw = read_raw(write_csv(tmp_path / name, varied_rows(3)))
    assert raw.schooljaar_bestandsnaam == "2024-2025"


def test_two_school_years_in_a_file_name(tmp_path):
    from addin.core.errors import LoepFout

    name = "inschrijvingen 2023-2024 en 2024-2025.csv"
    with pytest.raises(LoepFout) as exc:
        read_raw(write_csv(tmp_path / name, varied_rows(3)))
    assert exc.value.boodschap == (
        f"De bestandsnaam '{name}' noemt meer dan één schooljaar (2023-2024 en 2024-2025): Loep weet niet welk "
        f"schooljaar het bestand bevat. Voeg een kolom schooljaar toe of hernoem het bestand.")
    # with a schooljaar column the file is read: the column says which year
    raw = read_raw(write_csv(tmp_path / "kolom" / name, varied_rows(3, schooljaar="2024-2025")))
    assert raw.schooljaar_kolom and raw.schooljaar_bestandsnaam is None


def test_utf8_file_with_a_windows_1252_row_is_read_correctly(tmp_path):
    # the whole file used to be decoded as Windows-1252: 'Industriële' became 'IndustriÃ«le' in the store
    rows = varied_rows(6)
    for r in rows:
        r["studierichting"] = "Industriële wetenschappen"
    path = write_csv(tmp_path / NAME, rows)
    lines = path.read_bytes().split(b"\r\n")
    lines[4] = lines[4].decode("utf-8").encode("cp1252")  # data row 4 saved as Windows-1252
    lines[6] = lines[6].replace(b"Schoolstraat", "Schoolstraat é".encode("cp1252"))  # one byte, in a UTF-8 row
    path.write_bytes(b"\r\n".join(lines))
    raw = read_raw(path)
    assert raw.frame["studierichting"].tolist() == ["Industriële wetenschappen"] * 6
    assert raw.frame["vestigingsplaats_adres"].tolist()[5] == "Schoolstraat é 1"
    assert not any("Ã" in v for col in raw.frame.columns for v in raw.frame[col])
    assert raw.codering == "utf-8 met regels in windows-1252"
    assert raw.waarschuwingen == [
        "het bestand is UTF-8, maar regels 5, 7 zijn in Windows-1252 bewaard (gemengde tekencodering); elk teken is "
        "gelezen in de codering waarin het staat. Controleer de namen op die regels."]


def test_mixed_file_through_the_store_keeps_the_label(tmp_path):
    from addin.core import store

    rows = varied_rows(40, seed=4)
    for r in rows:
        r["studierichting"] = "Industriële wetenschappen"
    path = write_csv(tmp_path / NAME, rows)
    lines = path.read_bytes().split(b"\r\n")
    lines[10] = lines[10].decode("utf-8").encode("cp1252")
    path.write_bytes(b"\r\n".join(lines))
    result = store.import_files([path], tmp_path / "data")
    assert set(store.load(tmp_path / "data").frame["studierichting"]) == {"Industriële wetenschappen"}
    assert "regel 11 is in Windows-1252 bewaard" in result.report.to_text()


def test_byte_that_is_neither_encoding_names_its_line(tmp_path):
    from addin.core.errors import LoepFout

    path = write_csv(tmp_path / NAME, varied_rows(3))
    lines = path.read_bytes().split(b"\r\n")
    lines[2] = lines[2].replace(b"Schoolstraat", b"School\x81straat")  # 0x81: not UTF-8, not Windows-1252
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(LoepFout, match=r"niet herkend \(geen UTF-8 en geen Windows-1252: byte \d+ op regel 3\)"):
        read_raw(path)


def test_invalid_utf8_after_a_bom_names_the_lines(tmp_path):
    from addin.core.errors import LoepFout

    path = tmp_path / NAME
    write_csv(path, [row(vestigingsplaats_adres="Rodé"), row(), row(vestigingsplaats_adres="Rodé")], encoding="cp1252")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(LoepFout, match=r"bevat ongeldige tekens \(regels 2, 4\); bewaar"):
        read_raw(path)


def test_two_gigabytes_of_nul_bytes_is_refused_at_once(tmp_path, monkeypatch):
    from addin.core import reader
    from addin.core.errors import LoepFout

    path = tmp_path / "inschrijvingen-2023-2024.csv"
    with open(path, "wb") as fh:  # sparse: no disk used; reading it whole would need 2 GB of memory
        fh.truncate(2 * 1024**3)
    monkeypatch.setattr(reader, "_read_all", lambda p: pytest.fail("the whole file was read"))
    with pytest.raises(LoepFout) as exc:
        read_raw(path)
    assert exc.value.boodschap == (f"'{path.name}' is geen tekstbestand: het begint met 256 kB nulbytes (misschien is "
                                   f"de download mislukt). Download het bestand opnieuw.")


def test_blank_head_is_scanned_in_blocks(tmp_path, monkeypatch):
    from addin.core import reader
    from addin.core.errors import LoepFout

    path = tmp_path / "leeg-2023-2024.csv"
    path.write_bytes(b" \r\n" * 200_000)  # 600 kB of blank lines
    monkeypatch.setattr(reader, "_read_all", lambda p: pytest.fail("the whole file was read"))
    with pytest.raises(LoepFout, match="is leeg"):
        read_raw(path)


def test_control_and_bidi_characters_are_removed_and_reported(tmp_path):
    from addin.core import store

    rows = varied_rows(200, seed=9)
    rows[3]["vestiging_provincie_naam"] = "Antwerpen\x00"
    rows[7]["studierichting"] = "Haar\x1b[31mverzorging"
    rows[9]["studierichting"] = "\u202eHaarverzorging"  # right-to-left override: looks reversed in Excel
    expected = {i: dict(r) for i, r in enumerate(rows)}
    path = write_csv(tmp_path / NAME, rows)
    raw = read_raw(path)
    frame = raw.frame
    assert frame.loc[3, "vestiging_provincie_naam"] == "Antwerpen"
    assert frame.loc[7, "studierichting"] == "Haar[31mverzorging"
    assert frame.loc[9, "studierichting"] == "Haarverzorging"
    assert not any(any(ch in v for ch in "\x00\x1b\u202e") for c in frame.columns for v in frame[c])
    assert ("kolom vestiging_provincie_naam: onzichtbare stuurtekens (NUL) verwijderd uit 1 rij (eerste: rij 4, "
            "'Antwerpen<NUL>' → 'Antwerpen')") in raw.waarschuwingen
    assert any(w.startswith("kolom studierichting: onzichtbare stuurtekens (ESC, U+202E) verwijderd uit 2 rijen "
                            "(eerste: rij 8") for w in raw.waarschuwingen)
    # through an import: the province row is kept and counted, the report says what was removed
    result = store.import_files([path], tmp_path / "data")
    text = result.report.to_text()
    assert "onzichtbare stuurtekens (NUL) verwijderd uit 1 rij" in text
    stored = store.load(tmp_path / "data").frame
    assert int(stored["aantal"].sum()) == sum(int(r["aantal_inschrijvingen"]) for r in expected.values())


def test_doubly_encoded_labels_are_repaired_never_stored(tmp_path):
    rows = varied_rows(8)
    for r in rows[:3]:
        r["studierichting"] = "Industriële wetenschappen".encode("utf-8").decode("cp1252")  # 'IndustriÃ«le …'
    for r in rows[3:5]:
        r["studierichting"] = "Industriële wetenschappen"
    raw = read_raw(write_csv(tmp_path / NAME, rows))
    assert raw.frame["studierichting"].tolist()[:5] == ["Industriële wetenschappen"] * 5
    assert not any("Ã" in v for v in raw.frame["studierichting"])
    assert ("kolom studierichting: 3 rijen met dubbel gecodeerde tekens hersteld (eerste: rij 1, "
            "'IndustriÃ«le wetenschappen' → 'Industriële wetenschappen')") in raw.waarschuwingen[0]
