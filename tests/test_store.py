"""Store: Parquet with metadata, year replacement, idempotent imports, synthetic vs real, atomic writes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from addin import demo
from addin.core import store
from addin.core.errors import LoepFout
from addin.core.labels import PROVINCIES
from addin.core.schema import CANONICAL
from official_rows import row, varied_rows, write_csv


def _file(tmp_path, year, n=40, seed=1, name=None, **kw):
    rows = varied_rows(n, seed=seed, **kw)
    path = write_csv(tmp_path / "in" / (name or f"inschrijvingen-dataset-{year}-1feb.csv"), rows)
    return path, rows


def _total(rows):
    return sum(int(r["aantal_inschrijvingen"]) for r in rows)


def _by_year(data):
    frame = store.load(data).frame
    return frame.groupby("schooljaar", observed=True)["aantal"].sum().to_dict()


def test_import_writes_store_with_metadata(tmp_path):
    data = tmp_path / "data"
    (p1, r1), (p2, r2) = _file(tmp_path, "2021-2022"), _file(tmp_path, "2022-2023", seed=2)
    result = store.import_files([p1, p2], data)
    assert result.gewijzigd
    assert (data / "leerlingen.parquet").exists()
    info = store.read_info(data)
    assert info == result.info
    assert info.schooljaren == ("2021-2022", "2022-2023")
    assert info.rijen == 80 and not info.synthetisch
    assert info.bases == ("vestigingsplaats",)
    assert [s.naam for s in info.bronnen] == [p1.name, p2.name]
    assert len(info.dataversie) == 12 and int(info.dataversie, 16) >= 0
    assert _by_year(data) == {"2021-2022": _total(r1), "2022-2023": _total(r2)}
    ds = store.load(data)
    assert list(ds.frame.columns) == [c.naam for c in CANONICAL]
    for c in CANONICAL:
        assert str(ds.frame[c.naam].dtype) == c.dtype
    assert list(ds.frame["provincie_vestigingsplaats"].cat.categories) == list(PROVINCIES)
    mode = (data / "leerlingen.parquet").stat().st_mode & 0o777
    assert mode & 0o044, oct(mode)  # not private like a bare mkstemp file


def test_reports_are_saved(tmp_path):
    data = tmp_path / "data"
    p, _ = _file(tmp_path, "2021-2022", n=10)
    result = store.import_files([p], data)
    txt, js = result.report_paths
    assert txt.parent == data / "rapporten" and txt.name.startswith("import-") and txt.suffix == ".txt"
    assert "Opschoningsrapport" in txt.read_text(encoding="utf-8")
    payload = json.loads(js.read_text(encoding="utf-8"))
    assert payload["rapport"]["bestanden"][0]["naam"] == p.name
    assert payload["rapport"]["totaal"]["rijen_behouden"] == 10
    assert payload["gegevens"]["dataversie"] == result.info.dataversie


def test_same_file_twice_changes_nothing(tmp_path):
    data = tmp_path / "data"
    p, _ = _file(tmp_path, "2021-2022")
    first = store.import_files([p], data)
    before = (data / "leerlingen.parquet").stat().st_mtime_ns
    second = store.import_files([p], data)
    assert not second.gewijzigd
    assert second.info.dataversie == first.info.dataversie
    assert (data / "leerlingen.parquet").stat().st_mtime_ns == before
    assert "Niets gewijzigd" in second.report.to_text()


def test_data_version_is_stable_and_order_independent(tmp_path):
    (p1, _), (p2, _) = _file(tmp_path, "2021-2022"), _file(tmp_path, "2022-2023", seed=2)
    a = store.import_files([p1, p2], tmp_path / "a").info.dataversie
    b = store.import_files([p2, p1], tmp_path / "b").info.dataversie
    store.import_files([p2], tmp_path / "c")
    c = store.import_files([p1], tmp_path / "c").info.dataversie
    assert a == b == c


def test_new_year_is_added(tmp_path):
    data = tmp_path / "data"
    (p1, r1), (p2, r2) = _file(tmp_path, "2021-2022"), _file(tmp_path, "2022-2023", seed=2)
    v1 = store.import_files([p1], data).info.dataversie
    result = store.import_files([p2], data)
    assert result.info.schooljaren == ("2021-2022", "2022-2023")
    assert result.info.dataversie != v1
    assert _by_year(data) == {"2021-2022": _total(r1), "2022-2023": _total(r2)}
    assert "Schooljaar 2022-2023 toegevoegd." in result.report.to_text()


def test_corrected_year_replaces_that_year(tmp_path):
    data = tmp_path / "data"
    (p1, r1), (p2, r2) = _file(tmp_path, "2021-2022"), _file(tmp_path, "2022-2023", seed=2)
    store.import_files([p1, p2], data)
    corrected_rows = [dict(r) for r in r2]  # a corrected file: the same rows, two counts fixed
    corrected_rows[3]["aantal_inschrijvingen"] = str(int(r2[3]["aantal_inschrijvingen"]) + 2)
    corrected_rows[9]["aantal_inschrijvingen"] = str(int(r2[9]["aantal_inschrijvingen"]) + 1)
    corrected = write_csv(tmp_path / "in2" / "inschrijvingen-dataset-2022-2023-1feb-gecorrigeerd.csv", corrected_rows)
    result = store.import_files([corrected], data)
    assert _by_year(data) == {"2021-2022": _total(r1), "2022-2023": _total(corrected_rows)}
    assert [(c.schooljaar, c.voor, c.na) for c in result.vervangen] == [
        ("2022-2023", _total(r2), _total(r2) + 3)]
    assert [s.naam for s in result.info.bronnen] == [p1.name, corrected.name]
    frame = store.load(data).frame
    assert set(frame.loc[frame["schooljaar"] == "2022-2023", "bronbestand"]) == {corrected.name}
    assert "Schooljaar 2022-2023 vervangen" in result.report.to_text()


def test_synthetic_replaced_by_real(tmp_path):
    data = tmp_path / "data"
    (p1, _), (p2, _) = _file(tmp_path, "2016-2017"), _file(tmp_path, "2017-2018", seed=2)
    store.import_files([p1, p2], data, synthetic=True)
    assert store.read_info(data).synthetisch
    real, real_rows = _file(tmp_path, "2023-2024", seed=3)
    result = store.import_files([real], data)
    assert not result.info.synthetisch
    assert result.info.schooljaren == ("2023-2024",)
    assert _by_year(data) == {"2023-2024": _total(real_rows)}
    assert "De synthetische demonstratiedata (schooljaren 2016-2017 tot 2017-2018) is verwijderd" in \
        result.report.to_text()


def test_synthetic_never_replaces_real_without_overwrite(tmp_path):
    data = tmp_path / "data"
    real, real_rows = _file(tmp_path, "2023-2024")
    store.import_files([real], data)
    before = (data / "leerlingen.parquet").read_bytes()
    demo, demo_rows = _file(tmp_path, "2016-2017", seed=4)
    with pytest.raises(LoepFout) as exc:
        store.import_files([demo], data, synthetic=True)
    assert exc.value.boodschap == (f"De gegevensmap {data.resolve()} bevat echte gegevens (schooljaar 2023-2024); "
                                   f"demonstratiedata zou die vervangen. Gebruik een andere map (--data) of "
                                   f"bevestig met --overschrijven.")
    assert (data / "leerlingen.parquet").read_bytes() == before
    result = store.import_files([demo], data, synthetic=True, overwrite=True)
    assert result.info.synthetisch and result.info.schooljaren == ("2016-2017",)
    assert _by_year(data) == {"2016-2017": _total(demo_rows)}


def test_bases_per_year(tmp_path):
    data = tmp_path / "data"
    p1, _ = _file(tmp_path, "2021-2022", woonplaats_provincie_naam="Limburg", hoofdzetel_provincie_naam="Limburg")
    p2, _ = _file(tmp_path, "2022-2023", seed=2, hoofdzetel_provincie_naam="Antwerpen")
    result = store.import_files([p1, p2], data)
    assert result.info.bases == ("vestigingsplaats", "hoofdzetel")
    assert store.bases_per_schooljaar(data) == {
        "2021-2022": ("vestigingsplaats", "hoofdzetel", "woonplaats"),
        "2022-2023": ("vestigingsplaats", "hoofdzetel")}
    assert "De provincie volgens woonplaats is niet beschikbaar voor 2022-2023" in result.report.to_text()
    frame = store.load(data).frame
    assert frame.loc[frame["schooljaar"] == "2022-2023", "provincie_woonplaats"].isna().all()
    assert (frame.loc[frame["schooljaar"] == "2021-2022", "provincie_woonplaats"] == "Limburg").all()


def test_whole_file_error_writes_nothing(tmp_path):
    data = tmp_path / "data"
    good, _ = _file(tmp_path, "2021-2022")
    bad = tmp_path / "in" / "leeg-2022-2023.csv"
    bad.write_text("", encoding="utf-8")
    with pytest.raises(LoepFout, match="is leeg"):
        store.import_files([good, bad], data)
    assert not (data / "leerlingen.parquet").exists()
    store.import_files([good], data)
    before = (data / "leerlingen.parquet").read_bytes()
    wrong = write_csv(tmp_path / "in" / "fout-2022-2023.csv", [row(geslacht="?")] * 3 + varied_rows(2))
    with pytest.raises(LoepFout, match="Te veel afgewezen rijen"):
        store.import_files([wrong], data)
    assert (data / "leerlingen.parquet").read_bytes() == before


def test_crash_mid_write_leaves_previous_store(tmp_path, monkeypatch):
    data = tmp_path / "data"
    p1, r1 = _file(tmp_path, "2021-2022")
    store.import_files([p1], data)
    before = (data / "leerlingen.parquet").read_bytes()
    info_before = store.read_info(data)

    def broken_writer(table, where, **kw):
        with open(where, "wb") as fh:  # half a file, then the machine "crashes"
            fh.write(b"PAR1" + b"\0" * 1000)
        raise OSError(28, "schijf vol")

    monkeypatch.setattr(store.pq, "write_table", broken_writer)
    p2, _ = _file(tmp_path, "2022-2023", seed=2)
    with pytest.raises(LoepFout) as exc:
        store.import_files([p2], data)
    assert exc.value.boodschap == (f"De gegevens konden niet bewaard worden in {data.resolve()}: de schijf is "
                                   f"vol. De vorige gegevens zijn ongewijzigd.")
    assert (data / "leerlingen.parquet").read_bytes() == before
    assert store.read_info(data) == info_before
    assert sorted(p.name for p in data.iterdir()) == [store.LOCK_NAME, "leerlingen.parquet", "rapporten"]
    assert not [p for p in data.rglob("*.tmp")]
    monkeypatch.undo()
    assert _by_year(data) == {"2021-2022": _total(r1)}


def test_load_is_memoised_per_file_version(tmp_path):
    data = tmp_path / "data"
    p1, _ = _file(tmp_path, "2021-2022")
    store.import_files([p1], data)
    a = store.load(data)
    assert store.load(data) is a
    p2, _ = _file(tmp_path, "2022-2023", seed=2)
    store.import_files([p2], data)
    b = store.load(data)
    assert b is not a and b.info.schooljaren == ("2021-2022", "2022-2023")


def test_load_without_store(tmp_path):
    with pytest.raises(LoepFout) as exc:
        store.load(tmp_path / "leeg")
    assert exc.value.boodschap == (
        f"Geen gegevens gevonden in {(tmp_path / 'leeg').resolve()}; importeer bestanden met 'loep importeer' of "
        f"bouw de demonstratiedata met 'loep demodata'.")
    assert store.read_info(tmp_path / "leeg") is None
    assert not (tmp_path / "leeg").exists()  # the store never builds demonstration data by itself


def test_data_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LOEP_DATA", str(tmp_path / "env"))
    p, _ = _file(tmp_path, "2021-2022", n=5)
    store.import_files([p])
    assert (tmp_path / "env" / "leerlingen.parquet").exists()
    assert store.read_info().rijen == 5


def _store_of_rubbish(tmp_path):
    """A data folder whose store file is not Parquet (a damaged disk, a half-copied folder)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "leerlingen.parquet").write_bytes(b"rommel")
    return data


def test_corrupt_store_is_a_clear_error(tmp_path):
    data = _store_of_rubbish(tmp_path)
    with pytest.raises(LoepFout, match="is beschadigd"):
        store.read_info(data)


def test_store_content_equals_cleaned_rows(tmp_path):
    data = tmp_path / "data"
    p, rows = _file(tmp_path, "2021-2022", n=60, seed=11)
    store.import_files([p], data)
    frame = store.load(data).frame
    raw = pd.DataFrame(rows)
    assert frame["bronrij"].tolist() == list(range(1, 61))
    assert frame["aantal"].tolist() == raw["aantal_inschrijvingen"].astype(int).tolist()
    assert frame["geslacht"].astype(str).tolist() == raw["geslacht"].tolist()
    assert frame["instellingsnummer"].astype(str).tolist() == raw["instellingsnummer"].tolist()


def test_crash_of_another_kind_also_cleans_up(tmp_path, monkeypatch):
    data = tmp_path / "data"
    p1, _ = _file(tmp_path, "2021-2022")
    store.import_files([p1], data)
    before = (data / "leerlingen.parquet").read_bytes()

    def broken_writer(table, where, **kw):
        with open(where, "wb") as fh:
            fh.write(b"PAR1")
        raise KeyboardInterrupt

    monkeypatch.setattr(store.pq, "write_table", broken_writer)
    p2, _ = _file(tmp_path, "2022-2023", seed=2)
    with pytest.raises(KeyboardInterrupt):
        store.import_files([p2], data)
    assert (data / "leerlingen.parquet").read_bytes() == before
    assert not [p for p in data.rglob("*.tmp")]


def test_same_file_twice_in_one_import_is_refused(tmp_path):
    data = tmp_path / "data"
    p, rows = _file(tmp_path, "2021-2022", n=5)
    with pytest.raises(LoepFout) as exc:
        store.import_files([p, p], data)
    assert exc.value.boodschap == (f"Het bestand '{p.name}' is twee keer opgegeven; geef elk bestand maar één keer "
                                   f"op.")
    other = tmp_path / "elders"
    other.mkdir()
    (other / p.name).write_bytes(p.read_bytes())
    with pytest.raises(LoepFout, match=f"Twee bestanden heten '{p.name}'"):
        store.import_files([p, other / p.name], data)
    copy = tmp_path / "kopie-2021-2022.csv"
    copy.write_bytes(p.read_bytes())
    with pytest.raises(LoepFout) as exc:
        store.import_files([p, copy], data)
    assert exc.value.boodschap == (f"'kopie-2021-2022.csv' en '{p.name}' hebben dezelfde inhoud: geef elk bestand "
                                   f"maar één keer op (anders telt Loep de leerlingen dubbel).")
    assert not (data / "leerlingen.parquet").exists()


def test_replacing_every_stored_year(tmp_path):
    data = tmp_path / "data"
    p1, _ = _file(tmp_path, "2021-2022")
    store.import_files([p1], data, synthetic=True)
    p2, rows2 = _file(tmp_path, "2021-2022", seed=5, name="nieuw-2021-2022.csv")
    p3, rows3 = _file(tmp_path, "2022-2023", seed=6)
    result = store.import_files([p2, p3], data, synthetic=True)
    assert _by_year(data) == {"2021-2022": _total(rows2), "2022-2023": _total(rows3)}
    assert [s.naam for s in result.info.bronnen] == [p2.name, p3.name]
    text = result.report.to_text()
    assert "Schooljaar 2021-2022 vervangen" in text and "Schooljaar 2022-2023 toegevoegd." in text


def test_data_version_matches_the_stored_rows(tmp_path):
    data = tmp_path / "data"
    (p1, _), (p2, _) = _file(tmp_path, "2021-2022", n=80), _file(tmp_path, "2022-2023", n=70, seed=2,
                                                                woonplaats_provincie_naam="Limburg")
    info = store.import_files([p1, p2], data).info
    assert store.data_version(store.load(data).frame) == info.dataversie
    # any change of content changes the version
    frame = store.load(data).frame.copy()
    frame.loc[0, "aantal"] += 1
    assert store.data_version(frame) != info.dataversie


def test_import_repairs_an_unreadable_store(tmp_path):
    data = _store_of_rubbish(tmp_path)
    with pytest.raises(LoepFout, match="is beschadigd"):
        store.load(data)
    p, rows = _file(tmp_path, "2021-2022", n=10)
    result = store.import_files([p], data)
    assert _by_year(data) == {"2021-2022": _total(rows)}
    kept = [f.name for f in data.iterdir() if ".beschadigd-" in f.name]
    assert len(kept) == 1 and (data / kept[0]).read_bytes() == b"rommel"
    assert f"Het vorige gegevensbestand was onleesbaar of beschadigd; het is opzij gezet als {kept[0]}" in result.report.to_text()


def test_ensure_builds_demo_data_once_when_empty(tmp_path, monkeypatch):
    import threading

    demodata = pytest.importorskip("addin.demo.generator")
    src, rows = _file(tmp_path, "2016-2017", n=12)
    calls = []

    def fake_build(data_dir=None, progress=None, **kw):  # stands in for the (slow) generator
        calls.append(data_dir)
        return store.import_files([src], data_dir, synthetic=True, progress=progress)

    monkeypatch.setattr(demodata, "build_demo", fake_build)
    data = tmp_path / "leeg"
    results = []
    threads = [threading.Thread(target=lambda: results.append(store.load(demo.ensure(data)))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(results) == 4
    assert all(r.info.synthetisch and r.info.rijen == 12 for r in results)


def test_demo_store_equals_plain_pandas_over_the_raw_files(demo_sources):
    """The whole pipeline (read, clean, store) on the real demo files, against pandas over the raw CSVs."""
    data_dir, files = demo_sources
    frame = store.load(data_dir).frame
    info = store.read_info(data_dir)
    assert [s.naam for s in info.bronnen] == [f.name for f in files]
    secondary = {"Voltijds gewoon secundair onderwijs", "Deeltijds beroepssecundair onderwijs",
                 "Buitengewoon secundair onderwijs", "Syntra"}
    brussel = {"Brussel": "Brussels Hoofdstedelijk Gewest"}
    got = frame.groupby(["schooljaar", "provincie_woonplaats"], observed=True)["aantal"].sum()
    got_dual = frame[frame["duaal"]].groupby("schooljaar", observed=True)["aantal"].sum()
    for f in files:
        raw = pd.read_csv(f, dtype=str, keep_default_na=False,
                          usecols=["hoofdstructuur", "woonplaats_provincie_naam", "administratieve_groep",
                                   "studierichting", "aantal_inschrijvingen"])
        raw = raw[raw["hoofdstructuur"].isin(secondary)]
        year = f.name.split("dataset-")[1][:9]
        n = raw["aantal_inschrijvingen"].astype(int)
        per_prov = n.groupby(raw["woonplaats_provincie_naam"].replace(brussel)).sum()
        assert {p: int(v) for p, v in got[year].items()} == {p: int(v) for p, v in per_prov.items()}, year
        dual = (raw["administratieve_groep"].str.strip().str.upper().str.endswith(("DBSO", "SYN"))
                | raw["studierichting"].str.lower().str.contains("duaal")
                | raw["studierichting"].str.strip().str.contains(r"\sDL$", case=False, regex=True))
        assert int(got_dual[year]) == int(n[dual].sum()), year


# --- the data folder: checked in one place, Dutch messages, no traceback -----------------------------


def _run(capsys, *argv):
    from addin.cli.main import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _commands(data, src):
    return [["aantal", "--schooljaar", "2021-2022", "--data", data], ["info", "--data", data],
            ["demodata", "--data", data], ["importeer", str(src), "--data", data],
            ["antwoord", "--data", data, "--uit", str(src.parent / "uit")]]


def test_data_folder_that_is_a_file(tmp_path, capsys):
    src, _ = _file(tmp_path, "2021-2022", n=5)
    afile = tmp_path / "gewoon-een-bestand.txt"
    afile.write_text("x", encoding="utf-8")
    for argv in _commands(str(afile), src):
        code, out, err = _run(capsys, *argv)
        assert code == 2, (argv, err)
        assert f"Fout: '{afile}' is een bestand, geen map (--data of LOEP_DATA)" in err, (argv, err)
        assert "Traceback" not in err + out
    assert afile.read_text(encoding="utf-8") == "x"


def test_data_folder_under_a_file(tmp_path, capsys):
    src, _ = _file(tmp_path, "2021-2022", n=5)
    for data in ("/dev/null/x", str(src / "sub")):
        for argv in _commands(data, src):
            code, out, err = _run(capsys, *argv)
            assert code == 2, (argv, err)
            blocking = "/dev/null" if data.startswith("/dev") else str(src)
            assert f"Kan de gegevensmap '{data}' niet gebruiken: '{blocking}' is een bestand, geen map" in err, err
            assert "Traceback" not in err + out


def test_data_folder_that_cannot_be_created(tmp_path, capsys):
    src, _ = _file(tmp_path, "2021-2022", n=5)
    for argv in _commands("/proc/loep", src):
        code, out, err = _run(capsys, *argv)
        assert code == 2, (argv, err)
        assert "Traceback" not in err + out
        if argv[0] == "info":  # only reads: nothing there yet
            assert "Nog geen gegevens in /proc/loep" in err
        else:
            assert ("Fout: Kan de gegevensmap '/proc/loep' niet aanmaken: die plaats bestaat niet en kan niet "
                    "aangemaakt worden (--data of LOEP_DATA).") in err, (argv, err)


def test_data_folder_with_a_read_only_parent(tmp_path, capsys, monkeypatch):
    import errno
    from pathlib import Path

    src, _ = _file(tmp_path, "2021-2022", n=5)
    parent = tmp_path / "alleen-lezen"
    parent.mkdir()
    data = parent / "data"
    real_mkdir = Path.mkdir

    def mkdir(self, *a, **kw):  # tests run as root: simulate what chmod 555 does for a normal user
        if self == data or parent in self.parents:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *a, **kw)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    for argv in _commands(str(data), src):
        if argv[0] == "info":
            continue
        code, out, err = _run(capsys, *argv)
        assert code == 2, (argv, err)
        assert (f"Fout: Kan de gegevensmap '{data}' niet aanmaken: geen toegangsrechten (--data of LOEP_DATA)."
                in err), (argv, err)
        assert "Permission denied" not in err and "Traceback" not in err + out
    assert not data.exists()


def test_existing_read_only_data_folder(tmp_path, capsys, monkeypatch):
    import errno

    from addin.core import settings

    data = tmp_path / "data"
    src, rows = _file(tmp_path, "2021-2022", n=5)
    store.import_files([src], data)

    def probe(folder):
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(settings, "_write_probe", probe)
    src2, _ = _file(tmp_path, "2022-2023", n=5, seed=3)
    code, out, err = _run(capsys, "importeer", str(src2), "--data", str(data))
    assert code == 2
    assert (f"Fout: Kan niet schrijven in de gegevensmap '{data}': de schijf is alleen-lezen (--data of "
            f"LOEP_DATA); kies een andere map.") in err
    assert "Read-only" not in err and "Traceback" not in err
    # reading a read-only folder still works
    code, out, err = _run(capsys, "aantal", "--schooljaar", "2021-2022", "--data", str(data))
    assert code == 0 and out.strip() == str(_total(rows))


def test_os_errors_in_dutch_words():
    import errno

    from addin.core.settings import os_fout_tekst

    assert os_fout_tekst(PermissionError(errno.EACCES, "Permission denied")) == "geen toegangsrechten"
    assert os_fout_tekst(PermissionError(errno.EPERM, "Operation not permitted")) == "geen toegangsrechten"
    assert os_fout_tekst(OSError(errno.ENOSPC, "No space left")) == "de schijf is vol"
    assert os_fout_tekst(OSError(errno.EROFS, "Read-only file system")) == "de schijf is alleen-lezen"
    assert os_fout_tekst(FileExistsError(errno.EEXIST, "File exists")) == "er bestaat al een bestand met die naam"
    assert os_fout_tekst(NotADirectoryError(errno.ENOTDIR, "Not a directory")) == (
        "een deel van het pad is een bestand, geen map")
    assert os_fout_tekst(FileNotFoundError(errno.ENOENT, "No such file")) == (
        "die plaats bestaat niet en kan niet aangemaakt worden")
    assert os_fout_tekst(OSError(errno.EIO, "I/O error")) == f"systeemfout {errno.EIO}"


# --- synthetic data never passes as official ----------------------------------------------------------


def _marked_file(tmp_path, year, n=30, seed=1):
    rows = varied_rows(n, seed=seed, synthetisch="ja")
    return write_csv(tmp_path / "demo" / f"inschrijvingen-dataset-{year}-1feb.csv", rows), rows


def test_files_with_the_synthetisch_column_are_stored_as_synthetic(tmp_path):
    data = tmp_path / "data"
    src, rows = _marked_file(tmp_path, "2021-2022")
    result = store.import_files([src], data)  # a plain 'loep importeer', no synthetic=True
    assert result.info.synthetisch and store.read_info(data).synthetisch
    assert store.load(data).frame["aantal"].sum() == _total(rows)
    assert "draagt de kolom 'synthetisch' (ja): dit zijn synthetische demonstratiegegevens" in result.report.to_text()
    assert store.generator_version(data) == ""  # imported from files: not rebuilt by load
    assert demo.stale_notice(data) is None


def test_synthetisch_column_without_ja_is_real(tmp_path):
    rows = varied_rows(20, seed=2, synthetisch="")
    src = write_csv(tmp_path / "in" / "inschrijvingen-dataset-2021-2022-1feb.csv", rows)
    assert not store.import_files([src], tmp_path / "data").info.synthetisch


def test_marked_files_never_replace_real_data_without_overwrite(tmp_path, capsys):
    data = tmp_path / "data"
    real, real_rows = _file(tmp_path, "2021-2022")
    store.import_files([real], data)
    before = (data / "leerlingen.parquet").read_bytes()
    demo, demo_rows = _marked_file(tmp_path, "2022-2023", seed=4)
    code, out, err = _run(capsys, "importeer", str(demo), "--data", str(data))
    assert code == 2
    assert (f"bevat echte gegevens (schooljaar 2021-2022); '{demo.name}' is synthetische demonstratiedata (kolom "
            f"'synthetisch') en zou die vervangen; er is niets geïmporteerd. Gebruik een andere map (--data) of "
            f"bevestig met --overschrijven.") in err
    assert (data / "leerlingen.parquet").read_bytes() == before
    result = store.import_files([demo], data, overwrite=True)
    assert result.info.synthetisch and result.info.schooljaren == ("2022-2023",)
    assert _by_year(data) == {"2022-2023": _total(demo_rows)}


def test_mixing_real_and_marked_files_marks_the_whole_import(tmp_path):
    real, r1 = _file(tmp_path, "2021-2022")
    demo, r2 = _marked_file(tmp_path, "2022-2023", seed=5)
    info = store.import_files([real, demo], tmp_path / "data").info
    assert info.synthetisch
    assert _by_year(tmp_path / "data") == {"2021-2022": _total(r1), "2022-2023": _total(r2)}


def test_demo_files_carry_the_marker_and_the_store_the_generator_version(demo_sources):
    from addin.demo.generator import GENERATOR_VERSIE

    data_dir, files = demo_sources
    for f in files[:2]:
        raw = pd.read_csv(f, usecols=["synthetisch"], dtype=str)
        assert (raw["synthetisch"] == "ja").all()
    assert store.read_info(data_dir).synthetisch
    assert store.generator_version(data_dir) == GENERATOR_VERSIE
    assert demo.stale_notice(data_dir) is None


# --- a demo store of an older generator is rebuilt, real data never -----------------------------------


def _demo_named_file(tmp_path, year, n=15, seed=1):
    from addin.demo.generator import file_name

    rows = varied_rows(n, seed=seed)
    return write_csv(tmp_path / "gen" / file_name(year), rows), rows


def _fake_generator(monkeypatch, src):
    demodata = pytest.importorskip("addin.demo.generator")
    calls = []

    def fake_build(data_dir=None, progress=None, **kw):  # the real generator takes seconds
        calls.append(data_dir)
        if progress:
            progress("demonstratiedata", 0.5)
        return store.import_files([src], data_dir, synthetic=True, progress=progress,
                                  generator=demodata.GENERATOR_VERSIE)

    monkeypatch.setattr(demodata, "build_demo", fake_build)
    return calls


def _drop_generator_key(data):
    import pyarrow.parquet as pq

    path = data / store.STORE_NAME
    table = pq.read_table(path)
    meta = {k: v for k, v in table.schema.metadata.items() if k != store.META_GENERATOR_KEY}
    pq.write_table(table.replace_schema_metadata(meta), path)


def test_demo_store_of_another_generator_version_is_rebuilt(tmp_path, monkeypatch):
    data = tmp_path / "data"
    old, _ = _demo_named_file(tmp_path, "2020-2021")
    store.import_files([old], data, synthetic=True, generator="0.9")
    new, new_rows = _demo_named_file(tmp_path, "2021-2022", n=9, seed=7)
    calls = _fake_generator(monkeypatch, new)
    from addin.demo.generator import GENERATOR_VERSIE

    assert demo.stale_notice(data) == (
        f"De demonstratiedata in {data.resolve()} is gemaakt met versie 0.9 van de generator; ze wordt opnieuw "
        f"opgebouwd met versie {GENERATOR_VERSIE} (echte gegevens worden nooit aangeraakt).")
    seen = []
    demo.ensure(data, progress=lambda wat, f: seen.append((wat, f)))
    ds = store.load(data)
    assert len(calls) == 1
    assert seen[0][1] == 0.0 and "is gemaakt met versie 0.9 van de generator" in seen[0][0]
    assert ds.info.synthetisch and ds.info.schooljaren == ("2021-2022",)
    assert int(ds.frame["aantal"].sum()) == _total(new_rows)
    assert store.generator_version(data) == GENERATOR_VERSIE
    from addin.demo import first_use

    first_use._current.clear()
    demo.ensure(data)  # now current: no second rebuild
    assert len(calls) == 1


def test_legacy_demo_store_without_version_is_rebuilt_with_a_notice(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    old, _ = _demo_named_file(tmp_path, "2020-2021")
    store.import_files([old], data, synthetic=True)
    _drop_generator_key(data)
    new, _ = _demo_named_file(tmp_path, "2021-2022", n=9, seed=7)
    calls = _fake_generator(monkeypatch, new)
    demo.ensure(data)  # no progress callback: the one-line notice goes to stderr
    assert len(calls) == 1
    err = capsys.readouterr().err
    assert "is gemaakt met een oudere versie van de generator; ze wordt opnieuw opgebouwd" in err


def test_real_and_imported_synthetic_stores_are_never_rebuilt(tmp_path, monkeypatch):
    new, _ = _demo_named_file(tmp_path, "2021-2022", n=9, seed=7)
    calls = _fake_generator(monkeypatch, new)
    real = tmp_path / "echt"
    p, rows = _demo_named_file(tmp_path, "2020-2021")
    store.import_files([p], real)
    _drop_generator_key(real)
    assert demo.stale_notice(real) is None and store.load(demo.ensure(real)).info.rijen == 15
    imported = tmp_path / "geimporteerd"
    other, _ = _file(tmp_path, "2020-2021")  # a synthetic store not named like the generator's files
    store.import_files([other], imported, synthetic=True)
    _drop_generator_key(imported)
    assert demo.stale_notice(imported) is None
    demo.ensure(imported)
    assert calls == []


def test_same_figures_from_a_new_generator_still_record_its_version(tmp_path, monkeypatch):
    """Equal content must not keep the old version key (else the store would be rebuilt on every start)."""
    data = tmp_path / "data"
    src, _ = _demo_named_file(tmp_path, "2021-2022", n=9, seed=7)
    store.import_files([src], data, synthetic=True, generator="0.9")
    calls = _fake_generator(monkeypatch, src)  # the "new" generator writes the very same rows
    demo.ensure(data)
    assert len(calls) == 1
    from addin.demo.generator import GENERATOR_VERSIE

    assert store.generator_version(data) == GENERATOR_VERSIE and demo.stale_notice(data) is None
