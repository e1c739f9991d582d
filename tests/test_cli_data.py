"""CLI data commands through ``addin.cli.main.main``: exit codes, Dutch output, no tracebacks."""

from __future__ import annotations

from pathlib import Path

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
    assert "\nSchooljaren: 2023-2024 tot 2024-2025 (2)\n" in out  # the years of the two files, said once
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
    assert err.startswith(f"Fout: Nog geen gegevens in {(tmp_path / 'leeg').resolve()}. 'loep info' kijkt alleen "
                          "en bouwt niets; 'loep antwoord' en 'loep aantal' en de formules en knoppen in Excel bouwen")
    assert not (tmp_path / "leeg").exists()


def _fake_build(small_dataset, calls):
    """A stand-in for the demo generator: records the call and writes the small fixture store."""
    from addin.core import store

    def build(folder, progress=None, **kw):
        calls.append(folder)
        ds = small_dataset
        store._write_store(Path(folder) / store.STORE_NAME, ds.frame, ds.info,
                           {y: ds.info.bases for y in ds.info.schooljaren})
    return build


def test_first_use_says_once_where_the_demo_data_went(tmp_path, capsys, monkeypatch, small_dataset):
    from addin.demo import generator

    calls: list = []
    monkeypatch.setattr(generator, "build_demo", _fake_build(small_dataset, calls))
    data = tmp_path / "eerste"
    code, out, err = _run(capsys, "aantal", "--schooljaar", "2024", "--data", str(data))
    assert code == 0 and len(calls) == 1
    size = (data / "leerlingen.parquet").stat().st_size
    assert out.strip() == str(int(small_dataset.frame.loc[small_dataset.frame["schooljaar"] == "2024-2025",
                                                          "aantal"].sum()))
    notice = [line for line in err.splitlines() if line.startswith("Eerste gebruik:")]
    assert len(notice) == 1, err
    assert f"demonstratiedata (geen officiële cijfers) in {data.resolve()} (" in notice[0]
    assert ("minder dan 1 MB" if size < 1e6 else f"{size / 1e6:.0f} MB") in notice[0]
    assert "Verwijderen: wis die map" in notice[0]
    code, out, err = _run(capsys, "aantal", "--schooljaar", "2024", "--data", str(data))
    assert code == 0 and len(calls) == 1 and "Eerste gebruik" not in err  # once


@pytest.mark.parametrize("argv", [["aantal", "--schooljaar", "2024"], ["antwoord"], ["info"]])
def test_readme_names_the_commands_that_build_demo_data(tmp_path, capsys, monkeypatch, small_dataset, argv):
    """README: 'Vinden `loep antwoord` en `loep aantal` … geen gegevens, dan bouwen ze eerst …; `loep info`
    kijkt alleen'. Each command is run on an empty folder: it builds exactly when the README says so."""
    import re

    from addin.cli.data_commands import FIRST_USE_COMMANDS
    from addin.demo import generator

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    sentence = " ".join(re.search(r"Vinden (.+?) geen gegevens, dan bouwen ze eerst", readme, re.S).group(1).split())
    named = re.findall(r"`loep (\w+)`", sentence)
    assert sorted(named) == sorted(FIRST_USE_COMMANDS)
    assert "`loep info`\nkijkt alleen en bouwt niets" in readme or "`loep info` kijkt alleen en bouwt niets" in \
        " ".join(readme.split())

    calls: list = []
    monkeypatch.setattr(generator, "build_demo", _fake_build(small_dataset, calls))
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, *argv, "--data", str(tmp_path / "leeg"))
    builds = argv[0] in named
    assert len(calls) == (1 if builds else 0), (argv, err)
    assert code == (0 if builds else 2), err


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
    pytest.importorskip("addin.demo.generator")
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


# --- realistic mistakes with official-looking files (issue 2 follow-up) --------------------------
# Built from the session's demonstration file of 2024-2025 (20 000 rows drawn at random, to stay fast);
# expected figures are computed with plain pandas over the raw rows.

import os  # noqa: E402

import pandas as pd  # noqa: E402

DEMO_NAME = "inschrijvingen-leerplicht-instellingen-dataset-2024-2025-1feb.csv"


def _nl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",")


@pytest.fixture(scope="module")
def demo_year(demo_sources):
    """The raw rows (all text) of a slice of the demonstration file of 2024-2025."""
    path = next(p for p in demo_sources[1] if "2024-2025" in p.name)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame.drop(columns=[c for c in frame.columns if c == "synthetisch"])  # as a real file: no demo marker
    return frame.sample(n=20_000, random_state=1).sort_index().reset_index(drop=True)


def _write(frame: pd.DataFrame, folder, name=DEMO_NAME) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    frame.to_csv(path, index=False)
    return str(path)


def _pupils(frame: pd.DataFrame) -> int:
    return int(frame["aantal_inschrijvingen"].astype(int).sum())


def _snapshot(data):
    p = data / "leerlingen.parquet"
    return p.read_bytes(), p.stat().st_mtime_ns


def _stored_then_cut(tmp_path, capsys, demo_year, fraction: float, keep_line_break: bool):
    """The whole demo year imported into a new store, and a copy of its file cut at the last line end before
    ``fraction`` of its bytes (with or without that line break). Returns (data folder, store snapshot, cut file)."""
    data = tmp_path / "data"
    full = _write(demo_year, tmp_path / "vol")
    assert _run(capsys, "importeer", full, "--data", str(data))[0] == 0
    raw = open(full, "rb").read()
    cut = raw.rfind(b"\n", 0, int(len(raw) * fraction)) + (1 if keep_line_break else 0)
    part = tmp_path / "cut" / DEMO_NAME
    part.parent.mkdir()
    part.write_bytes(raw[:cut])
    return data, _snapshot(data), part


def test_misspelt_province_is_refused_and_store_untouched(tmp_path, capsys, demo_year):
    data = tmp_path / "data"
    assert _run(capsys, "importeer", _write(demo_year, tmp_path / "goed"), "--data", str(data))[0] == 0
    before = _snapshot(data)
    bad = demo_year.copy()
    antwerpen = bad["vestiging_provincie_naam"] == "Antwerpen"
    bad.loc[antwerpen, "vestiging_provincie_naam"] = "Antwepren"
    path = _write(bad, tmp_path / "fout")
    code, out, err = _run(capsys, "importeer", path, "--data", str(data))
    assert code == 2 and out == ""
    rows, total_rows = int(antwerpen.sum()), len(bad)
    pupils, total = _pupils(bad[antwerpen]), _pupils(bad)
    assert err.startswith(
        f"Fout: Import geweigerd: in '{DEMO_NAME}' zijn {_nl(rows)} van de {_nl(total_rows)} rijen "
        f"({_pct(rows, total_rows)}) afgewezen, met {_nl(pupils)} van de {_nl(total)} leerlingen "
        f"({_pct(pupils, total)}). Loep weigert een bestand waarin meer dan 1 % van de rijen of van de leerlingen "
        f"afgewezen wordt")
    assert (f"1) kolom vestiging_provincie_naam: Onbekende provincie 'Antwepren'; bedoelde u 'Antwerpen'? — "
            f"{_nl(rows)} rijen: rijen ") in err
    assert f"({_nl(pupils)} leerlingen)" in err
    assert "'loep importeer --toch-importeren'" in err and err.rstrip().endswith("Er is niets geïmporteerd.")
    assert _snapshot(data) == before

    # insisting imports it, with a prominent warning (and the 99 % rule is overridden as well)
    code, out, err = _run(capsys, "importeer", path, "--toch-importeren", "--data", str(data))
    assert code == 0
    assert out.startswith("Opschoningsrapport\n==================\n!! LET OP: deze import is ondanks een "
                          "veiligheidsregel toch uitgevoerd (--toch-importeren)")
    assert f"!! LET OP: toch geïmporteerd (--toch-importeren) hoewel {_nl(rows)} van de" in out
    assert f"rijen afgewezen: {_nl(rows)} ({_nl(pupils)} leerlingen)" in out
    assert "LET OP: geïmporteerd met --toch-importeren" in err
    code, out, _ = _run(capsys, "aantal", "--schooljaar", "2024-2025", "--data", str(data))
    assert int(out) == total - pupils


def test_one_percent_boundary(tmp_path, capsys):
    # 100 rows of 5 pupils: 1 rejected row is exactly 1 % of rows and pupils (accepted), 2 are too many
    ok = varied_rows(99, seed=5, aantal_inschrijvingen=5) + [row(geslacht="X", aantal_inschrijvingen=5)]
    code, out, _ = _run(capsys, "importeer", str(write_csv(tmp_path / "a" / "x-2023-2024.csv", ok)),
                        "--data", str(tmp_path / "d1"))
    assert code == 0 and "rijen afgewezen: 1 (5 leerlingen)" in out and "!!" not in out
    bad = varied_rows(98, seed=5, aantal_inschrijvingen=5) + [row(geslacht="X", aantal_inschrijvingen=5)] * 2
    bad[-1] = row(geslacht="Y", aantal_inschrijvingen=5)
    code, _, err = _run(capsys, "importeer", str(write_csv(tmp_path / "b" / "x-2023-2024.csv", bad)),
                        "--data", str(tmp_path / "d2"))
    assert code == 2 and "zijn 2 van de 100 rijen (2,0 %) afgewezen, met 10 van de 500 leerlingen (2,0 %)" in err
    assert not (tmp_path / "d2" / "leerlingen.parquet").exists()


def test_few_rows_with_many_pupils_are_refused(tmp_path, capsys):
    # 1 row in 200 (0,5 %) but it holds 1 000 of 1 995 pupils: the pupil share decides
    rows = varied_rows(199, seed=3, aantal_inschrijvingen=5) + [row(vestiging_provincie_naam="Lumburg",
                                                                    aantal_inschrijvingen=1000)]
    code, _, err = _run(capsys, "importeer", str(write_csv(tmp_path / "x-2023-2024.csv", rows)),
                        "--data", str(tmp_path / "d"))
    assert code == 2
    assert "zijn 1 van de 200 rijen (0,5 %) afgewezen, met 1.000 van de 1.995 leerlingen (50,1 %)" in err
    assert "bedoelde u 'Limburg'?" in err


def test_two_files_for_one_year_are_refused(tmp_path, capsys, demo_year):
    data = tmp_path / "data"
    first = _write(demo_year, tmp_path / "in")
    corrected = demo_year.copy()
    corrected.loc[0, "aantal_inschrijvingen"] = str(int(corrected.loc[0, "aantal_inschrijvingen"]) + 1)
    second_name = DEMO_NAME.replace(".csv", " (1).csv")
    second = _write(corrected, tmp_path / "in", second_name)
    code, out, err = _run(capsys, "importeer", first, second, "--data", str(data))
    assert code == 2
    assert err.strip() == (
        f"Fout: Import geweigerd: schooljaar 2024-2025 komt voor in twee bestanden, '{DEMO_NAME}' en "
        f"'{second_name}'; samen geïmporteerd zouden hun leerlingen opgeteld worden (dubbel geteld). Importeer één "
        f"bestand per schooljaar; een verbeterd bestand vervangt later het vorige. Er is niets geïmporteerd.")
    assert not data.exists() or not (data / "leerlingen.parquet").exists()
    # one at a time: the corrected file replaces the first
    assert _run(capsys, "importeer", first, "--data", str(data))[0] == 0
    assert _run(capsys, "importeer", second, "--data", str(data))[0] == 0
    code, out, _ = _run(capsys, "aantal", "--schooljaar", "2024-2025", "--data", str(data))
    assert int(out) == _pupils(corrected)


def test_truncated_download_is_refused(tmp_path, capsys, demo_year):
    data, before, half = _stored_then_cut(tmp_path, capsys, demo_year, 0.5, keep_line_break=False)
    kept = pd.read_csv(half, dtype=str, keep_default_na=False)
    new, old = _pupils(kept), _pupils(demo_year)
    assert new < 0.9 * old
    code, out, err = _run(capsys, "importeer", str(half), "--data", str(data))
    assert code == 2
    assert err.startswith(
        f"Fout: Import geweigerd: schooljaar 2024-2025 zou vervangen worden door '{DEMO_NAME}' met {_nl(new)} "
        f"leerlingen, maar de bewaarde gegevens van dat jaar tellen {_nl(old)} leerlingen (nieuw: {_pct(new, old)} "
        f"daarvan). Een nieuw bestand voor een bewaard schooljaar moet minstens 99 % van de bewaarde leerlingen "
        f"bevatten")
    assert f"'{DEMO_NAME}' eindigt bovendien niet met een regeleinde: waarschijnlijk is de download onderbroken." in err
    assert _snapshot(data) == before
    code, out, err = _run(capsys, "importeer", str(half), "--data", str(data), "--toch-importeren")
    assert code == 0
    assert (f"!!   - schooljaar 2024-2025 is vervangen door '{DEMO_NAME}' met {_nl(new)} leerlingen, terwijl de "
            f"vorige gegevens van dat jaar {_nl(old)} leerlingen telden") in out
    assert "let op: het bestand eindigt niet met een regeleinde" in out


def test_replacing_demo_data_is_not_a_shrinking_year(tmp_path, capsys):
    # demonstration data is always replaced by real files, however small
    from addin.core import store

    data = tmp_path / "data"
    p = write_csv(tmp_path / "in" / "x-2023-2024.csv", varied_rows(30, seed=4))
    store.import_files([p], data, synthetic=True)
    small = write_csv(tmp_path / "in2" / "x-2023-2024.csv", varied_rows(3, seed=8))
    assert _run(capsys, "importeer", str(small), "--data", str(data))[0] == 0


def test_deleted_columns_make_duplicates_and_are_refused(tmp_path, capsys, demo_year):
    data = tmp_path / "data"
    dropped = ["intern_volgnr_vpl", "vestigingsplaats_adres", "belg_nietbelg", "vestiging_fusiegemeente_naam",
               "school_krijgt_omkadering_gok", "instellingsnummer", "woonplaats_provincie_naam",
               "hoofdzetel_provincie_naam"]
    slim = demo_year.drop(columns=dropped)
    dup = slim.duplicated(keep="first")
    rows, pupils = int(dup.sum()), _pupils(slim[dup])
    assert rows > 0.01 * len(slim)
    code, out, err = _run(capsys, "importeer", _write(slim, tmp_path / "in"), "--data", str(data))
    assert code == 2
    assert (f"1) dubbele rij (gelijk aan een eerdere rij) — {_nl(rows)} rijen: rijen ") in err
    assert (f"Identieke rijen ({_nl(rows)} rijen, {_nl(pupils)} leerlingen) betekenen meestal dat er kolommen "
            f"verwijderd zijn (bv. in Excel): rijen die alleen in die kolommen verschilden, zijn dan gelijk "
            f"geworden. Importeer het oorspronkelijke bestand met al zijn kolommen.") in err
    assert not (data / "leerlingen.parquet").exists()


def test_aantal_refuses_a_repeated_filter(tmp_path, capsys, files):
    (p1, _), _ = files
    data = tmp_path / "data"
    assert _run(capsys, "importeer", str(p1), "--data", str(data))[0] == 0
    with pytest.raises(SystemExit) as exc:
        main(["aantal", "--schooljaar", "2023-2024", "--provincie", "Antwerpen", "--provincie", "Limburg",
              "--data", str(data)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert ("Fout: argument --provincie: meer dan eens opgegeven ('Antwerpen' en 'Limburg'): 'loep aantal' telt "
            "één waarde per filter.") in err
    with pytest.raises(SystemExit):
        main(["aantal", "--schooljaar", "2023-2024", "--schooljaar", "2024-2025", "--data", str(data)])
    assert "argument --schooljaar: meer dan eens opgegeven" in capsys.readouterr().err


def test_download_cut_at_95_percent_on_a_line_boundary_is_refused(tmp_path, capsys, demo_year):
    # a cut on a line boundary leaves no missing line break: only the totals can tell (the 90 % bound let it pass)
    # the line break kept: the file looks complete
    data, before, part = _stored_then_cut(tmp_path, capsys, demo_year, 0.95, keep_line_break=True)
    new, old = _pupils(pd.read_csv(part, dtype=str, keep_default_na=False)), _pupils(demo_year)
    assert 0.9 * old < new < 0.99 * old
    code, out, err = _run(capsys, "importeer", str(part), "--data", str(data))
    assert code == 2
    assert err.startswith(f"Fout: Import geweigerd: schooljaar 2024-2025 zou vervangen worden door '{DEMO_NAME}' met "
                          f"{_nl(new)} leerlingen, maar de bewaarde gegevens van dat jaar tellen {_nl(old)} leerlingen")
    assert "moet minstens 99 % van de bewaarde leerlingen bevatten" in err
    assert _snapshot(data) == before


def _signed_pct(new: int, old: int) -> str:
    change = 100 * (new - old) / old
    return ("+" if change > 0 else "−") + f"{abs(change):.1f} %".replace(".", ",")


def test_replaced_year_shows_totals_before_and_after(tmp_path, capsys, demo_year):
    data = tmp_path / "data"
    assert _run(capsys, "importeer", _write(demo_year, tmp_path / "vol"), "--data", str(data))[0] == 0
    old = _pupils(demo_year)
    # a correction of a few pupils: shown, no warning
    fixed = demo_year.copy()
    fixed.loc[0, "aantal_inschrijvingen"] = str(int(fixed.loc[0, "aantal_inschrijvingen"]) + 7)
    code, out, err = _run(capsys, "importeer", _write(fixed, tmp_path / "fix"), "--data", str(data))
    assert code == 0
    line = f"2024-2025: {_nl(old)} → {_nl(old + 7)} leerlingen (+{f'{700 / old:.2g}'.replace('.', ',')} %)"
    assert f"Schooljaar {line}" in out.splitlines()
    assert f"leerlingen voor → na: {line}." in out  # in the report too
    assert "LET OP" not in out + err
    # a loss of about 0,5 %: passes the 99 % bound, but warned about in the report and on stderr
    counts = fixed["aantal_inschrijvingen"].astype(int)
    drop = counts.cumsum().searchsorted(0.005 * counts.sum())
    smaller = fixed.drop(index=range(drop + 1)).reset_index(drop=True)
    new, prev = _pupils(smaller), _pupils(fixed)
    assert 0.99 * prev < new < 0.998 * prev
    code, out, err = _run(capsys, "importeer", _write(smaller, tmp_path / "klein"), "--data", str(data))
    assert code == 0
    assert f"Schooljaar 2024-2025: {_nl(prev)} → {_nl(new)} leerlingen ({_signed_pct(new, prev)})" in out
    assert (f"LET OP: schooljaar 2024-2025 verandert met {_signed_pct(new, prev)} ({_nl(prev)} → {_nl(new)} "
            f"leerlingen)") in out
    assert f"LET OP: schooljaar 2024-2025 verandert met {_signed_pct(new, prev)}" in err


def test_implausible_counts_are_rejected_per_row(tmp_path, capsys):
    data = tmp_path / "data"
    rows = varied_rows(400, seed=12)
    for i in (10, 200, 399):
        rows[i]["aantal_inschrijvingen"] = "2000000000"
    rows[50]["aantal_inschrijvingen"] = "10000"  # the bound itself is still accepted
    path = write_csv(tmp_path / "in" / "x-2023-2024.csv", rows)
    code, out, err = _run(capsys, "importeer", str(path), "--data", str(data))
    assert code == 0
    assert ("kolom aantal_inschrijvingen: '2000000000' is onwaarschijnlijk groot: één rij telt ten hoogste 10.000 "
            "leerlingen (geen vestigingsplaats heeft er zoveel) — 3 rijen: rijen 11, 201, 400") in out
    expected = sum(int(r["aantal_inschrijvingen"]) for i, r in enumerate(rows) if i not in (10, 200, 399))
    code, out, _ = _run(capsys, "aantal", "--schooljaar", "2023-2024", "--data", str(data))
    assert int(out) == expected


def test_output_into_a_closed_pipe_ends_quietly():
    """'loep info | head -1': the reader closes the pipe early; no traceback, exit code 141 as for SIGPIPE."""
    import subprocess
    import sys

    code = ("import addin.cli.data_commands as d\n"
            "d.cmd_info = lambda args: [print('regel', i) for i in range(200000)] and 0\n"
            "from addin.cli.main import main\n"
            "raise SystemExit(main(['info']))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parents[1])
    assert proc.stdout.readline().startswith(b"regel 0")
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 141, err
    assert "Traceback" not in err and "Exception ignored" not in err and "Onverwachte fout" not in err


def test_data_folder_that_does_not_exist_is_announced_before_building(tmp_path, capsys, monkeypatch, small_dataset):
    import sys

    from addin.demo import generator

    calls: list = []
    fake = _fake_build(small_dataset, calls)

    def build(folder, progress=None, **kw):
        print("<bouwen>", file=sys.stderr)  # marks when the build starts
        return fake(folder, progress, **kw)

    monkeypatch.setattr(generator, "build_demo", build)
    data = tmp_path / "tikfout" / "data"
    code, out, err = _run(capsys, "aantal", "--schooljaar", "2024", "--data", str(data))
    assert code == 0 and len(calls) == 1
    notice = (f"De gegevensmap {data.resolve()} bestaat niet; Loep maakt ze nu aan en bouwt er de synthetische "
              f"demonstratiedata in (geen officiële cijfers).")
    assert notice in err and err.index(notice) < err.index("<bouwen>")
    code, out, err = _run(capsys, "aantal", "--schooljaar", "2024", "--data", str(data))
    assert "bestaat niet" not in err  # it exists now
