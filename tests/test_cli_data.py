"""CLI data commands through ``addin.cli.main.main``: exit codes, Dutch output, no tracebacks."""

from __future__ import annotations

import pytest

from addin.cli.main import main
from official_rows import row, varied_rows, write_csv


@pytest.fixture()
def files(tmp_path):
    r1, r2 = varied_rows(60, seed=21), varied_rows(50, seed=22)
    p1 = write_csv(tmp_path / "in" / "inschrijvingen-dataset-2023-2024-1feb.csv", r1)
    p2 = write_csv(tmp_path / "in" / "inschrijvingen-dataset-2024-2025-1feb.csv", r2, delimiter=";")
    return (p1, r1), (p2, r2)


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_importeer_prints_report_and_saves(tmp_path, capsys, files):
    (p1, r1), (p2, r2) = files
    data = tmp_path / "data"
    code, out, err = _run(capsys, "importeer", str(p1), str(p2), "--data", str(data))
    assert code == 0
    assert "Opschoningsrapport" in out
    assert f"Bestand: {p1.name}" in out and f"Bestand: {p2.name}" in out
    pupils = f'{sum(int(r["aantal_inschrijvingen"]) for r in r1 + r2):,}'.replace(",", ".")
    assert (f"Totaal: 110 rijen gelezen ({pupils} leerlingen), 110 behouden ({pupils} leerlingen), 0 overgeslagen, "
            f"0 rijen afgewezen (0 leerlingen).") in out
    assert f"Bewaard in {data.resolve() / 'leerlingen.parquet'}: 110 rijen, schooljaren 2023-2024 tot 2024-2025 (2)" \
        in out
    assert "Rapport bewaard: " in out
    assert (data / "leerlingen.parquet").exists()
    code, out, _ = _run(capsys, "importeer", str(p1), str(p2), "--data", str(data))
    assert code == 0 and "Niets gewijzigd in" in out


def test_importeer_bad_file_is_dutch_error(tmp_path, capsys):
    empty = tmp_path / "leeg-2023-2024.csv"
    empty.write_text("")
    code, out, err = _run(capsys, "importeer", str(empty), "--data", str(tmp_path / "data"))
    assert code == 2
    assert err.strip() == "Fout: Het bestand 'leeg-2023-2024.csv' is leeg."
    code, out, err = _run(capsys, "importeer", str(tmp_path / "weg.csv"), "--data", str(tmp_path / "data"))
    assert code == 2 and "Fout: Bestand niet gevonden:" in err
    assert not (tmp_path / "data" / "leerlingen.parquet").exists()


def test_importeer_without_files_is_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["importeer"])
    assert exc.value.code == 2
    assert "Fout: deze argumenten ontbreken: BESTAND" in capsys.readouterr().err


def test_info(tmp_path, capsys, files):
    (p1, _), (p2, _) = files
    data = tmp_path / "data"
    main(["importeer", str(p1), str(p2), "--data", str(data)])
    capsys.readouterr()
    code, out, _ = _run(capsys, "info", "--data", str(data))
    assert code == 0
    assert "Soort: echte gegevens (geïmporteerde open-databestanden)" in out
    assert "Schooljaren: schooljaren 2023-2024 tot 2024-2025 (2)" in out
    assert "Rijen: 110" in out
    assert "Provincie beschikbaar volgens: vestigingsplaats (in alle schooljaren)" in out
    assert f"  - {p1.name} (2023-2024; 60 rijen gelezen, 60 behouden)" in out
    version = out.split("Dataversie: ")[1].split()[0]
    assert len(version) == 12


def test_info_synthetic_and_env(tmp_path, capsys, files, monkeypatch):
    from addin.core import store

    (p1, _), _ = files
    store.import_files([p1], tmp_path / "env", synthetic=True)
    monkeypatch.setenv("LOEP_DATA", str(tmp_path / "env"))
    code, out, _ = _run(capsys, "info")
    assert code == 0
    assert "Soort: synthetische demonstratiedata — geen officiële cijfers" in out


def test_info_without_data(tmp_path, capsys):
    code, out, err = _run(capsys, "info", "--data", str(tmp_path / "leeg"))
    assert code == 2
    assert err.startswith(f"Fout: Geen gegevens gevonden in {(tmp_path / 'leeg').resolve()}")


def test_aantal_against_plain_sums(tmp_path, capsys, files):
    (p1, r1), (p2, r2) = files
    data = tmp_path / "data"
    main(["importeer", str(p1), str(p2), "--data", str(data)])
    capsys.readouterr()
    expected = sum(int(r["aantal_inschrijvingen"]) for r in r2 if r["vestiging_provincie_naam"] == "Antwerpen")
    code, out, _ = _run(capsys, "aantal", "--schooljaar", "2024-25", "--provincie", "antwerpen", "--data", str(data))
    assert code == 0 and out.strip() == str(expected)
    dual = sum(int(r["aantal_inschrijvingen"]) for r in r1
               if r["administratieve_groep"].endswith(("DBSO", "SYN")) or "duaal" in r["studierichting"].lower())
    code, out, _ = _run(capsys, "aantal", "--schooljaar", "2023-2024", "--duaal", "ja", "--data", str(data))
    assert code == 0 and out.strip() == str(dual)


def test_aantal_mistakes(tmp_path, capsys, files):
    (p1, _), _ = files
    data = tmp_path / "data"
    main(["importeer", str(p1), "--data", str(data)])
    capsys.readouterr()
    code, _, err = _run(capsys, "aantal", "--schooljaar", "2023-2024", "--provincie", "Antwrpen", "--data", str(data))
    assert code == 2 and "Fout: Onbekende provincie 'Antwrpen'" in err and "Antwerpen" in err
    code, _, err = _run(capsys, "aantal", "--schooljaar", "2023-2024", "--duaal", "misschien", "--data", str(data))
    assert code == 2 and err.startswith("Fout: ") and "misschien" in err
    with pytest.raises(SystemExit) as exc:
        main(["aantal", "--data", str(data)])
    assert exc.value.code == 2
    assert "--schooljaar" in capsys.readouterr().err


def test_demodata_refuses_to_replace_real_data(tmp_path, capsys, files):
    pytest.importorskip("addin.core.demodata")
    (p1, _), _ = files
    data = tmp_path / "data"
    main(["importeer", str(p1), "--data", str(data)])
    capsys.readouterr()
    code, _, err = _run(capsys, "demodata", "--data", str(data), "--schaal", "0.01")
    assert code == 2 and "bevat echte gegevens" in err and "--overschrijven" in err


def test_demodata_bad_scale(tmp_path, capsys):
    code, _, err = _run(capsys, "demodata", "--data", str(tmp_path), "--schaal", "0")
    assert code == 2
    assert err.strip() == "Fout: Ongeldige waarde 0 voor --schaal: verwacht een getal groter dan 0 (bv. 1)."


def test_importeer_rejections_listed(tmp_path, capsys):
    rows = varied_rows(8) + [row(vestiging_provincie_naam="Antwrepen")]
    p = write_csv(tmp_path / "x-2023-2024.csv", rows)
    code, out, _ = _run(capsys, "importeer", str(p), "--toch-importeren", "--data", str(tmp_path / "data"))
    assert code == 0
    bad = int(rows[-1]["aantal_inschrijvingen"])
    assert f"rijen afgewezen: 1 ({'1 leerling' if bad == 1 else f'{bad} leerlingen'})" in out
    assert ("kolom vestiging_provincie_naam: Onbekende provincie 'Antwrepen'; bedoelde u 'Antwerpen'? — 1 rij: rij 9"
            in out)


def test_importeer_expands_patterns(tmp_path, capsys, files):
    (p1, _), (p2, _) = files
    data = tmp_path / "data"
    code, out, _ = _run(capsys, "importeer", str(p1.parent / "inschrijvingen-*.csv"), "--data", str(data))
    assert code == 0 and f"Bestand: {p1.name}" in out and f"Bestand: {p2.name}" in out
    code, _, err = _run(capsys, "importeer", str(tmp_path / "niets-*.csv"), "--data", str(data))
    assert code == 2 and err.strip() == f"Fout: Geen bestanden gevonden die passen bij '{tmp_path / 'niets-*.csv'}'."
