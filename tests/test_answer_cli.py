"""The main job: ``make_answer`` and ``loep antwoord`` end to end, on a store in a temporary folder."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from addin.cli.main import main
from addin.core import store
from addin.core.errors import LoepFout
from addin.report import answer as answer_module
from addin.report.answer import default_file_name, make_answer

SEED_NAME = "antwoord-duaal-leren-antwerpen-vestigingsplaats-2016-2017-2025-2026.xlsx"
SEED_KEYS = ["V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b", "V5a", "V5b"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, small_dataset) -> Path:
    """A store holding the 4 000-row canonical fixture (all three bases, 2016-2017 … 2025-2026)."""
    folder = tmp_path_factory.mktemp("data")
    ds = small_dataset
    store._write_store(folder / store.STORE_NAME, ds.frame, ds.info, {y: ds.info.bases for y in ds.info.schooljaren})
    return folder


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["antwoord", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def duale_per_jaar(frame: pd.DataFrame, provincie: str, basis: str, van: str, tot: str) -> dict[str, int]:
    """Independent count: dual pupils per school year in a province (plain pandas over the rows)."""
    col = f"provincie_{basis}"
    rows = frame[(frame["duaal"]) & (frame[col].astype(str) == provincie)]
    per = rows.groupby(rows["schooljaar"].astype(str), observed=True)["aantal"].sum()
    years = sorted(y for y in frame["schooljaar"].astype(str).unique() if van <= y <= tot)
    return {y: int(per.get(y, 0)) for y in years}


def table_rows(path: Path, sheet: str) -> list[list]:
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[sheet]
    (name, ref), = ws.tables.items()
    return [[c.value for c in row] for row in ws[ref]]


def test_default_run_answers_the_seed_question(capsys, tmp_path, data_dir, small_dataset):
    code, out, err = run(capsys, "--data", data_dir, "--uit", tmp_path)
    assert code == 0, err
    path = tmp_path / SEED_NAME
    assert f"Werkboek: {path}" in out
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Voorblad", "Inhoud", "Toelichting", *SEED_KEYS, "Antwoord", "Vraag"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [SEED_NAME, SEED_NAME[:-5] + ".docx", SEED_NAME[:-5] + "-metadata.json"]
        + [SEED_NAME[:-5] + f"_{k}.csv" for k in SEED_KEYS] + [SEED_NAME[:-5] + f"_{k}_excel.csv" for k in SEED_KEYS])
    assert "LET OP: synthetische demonstratiedata" in err
    # V1 against plain pandas over the stored rows
    want = duale_per_jaar(small_dataset.frame, "Antwerpen", "vestigingsplaats", "2016-2017", "2025-2026")
    rows = table_rows(path, "V1")
    assert {r[0]: r[1] for r in rows[1:]} == want
    # the CSV of V1 holds the same numbers
    csv = pd.read_csv(tmp_path / (SEED_NAME[:-5] + "_V1.csv"), encoding="utf-8-sig")
    assert dict(zip(csv["Schooljaar"], csv.iloc[:, 1])) == want
    # the question's texts and the draft answer are in the workbook
    antwoord = [c.value for c in wb["Antwoord"]["A"] if c.value]
    assert any(str(v).startswith("1. Graag een overzicht per schooljaar") for v in antwoord)
    vraag6 = antwoord.index(next(v for v in antwoord if str(v).startswith("6. Om duaal leren te promoten")))
    assert antwoord[vraag6 + 1].startswith("[")  # room for the answer, said so
    assert wb["Voorblad"]["A1"].value.startswith("Antwoordbundel schriftelijke vraag nr. 723/816")


def test_refuses_to_overwrite_and_overschrijven_replaces(capsys, tmp_path, data_dir):
    target = tmp_path / "mijn antwoord.xlsx"
    assert run(capsys, "--data", data_dir, "--uit", target)[0] == 0
    before = target.read_bytes()
    target_csv = tmp_path / "mijn antwoord_V1.csv"
    target_csv.write_text("door de gebruiker aangepast", encoding="utf-8")
    code, out, err = run(capsys, "--data", data_dir, "--uit", target)
    assert code == 2
    assert "bestaat al; kies een andere naam met --uit of gebruik --overschrijven" in err
    assert "Traceback" not in err
    assert target.read_bytes() == before
    assert target_csv.read_text(encoding="utf-8") == "door de gebruiker aangepast"
    code, out, err = run(capsys, "--data", data_dir, "--uit", target, "--overschrijven")
    assert code == 0, err
    assert target_csv.read_text(encoding="utf-8-sig").startswith("Schooljaar,")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]  # no temporary files left


@pytest.mark.parametrize("args, message", [
    (("--uit", "antwoord.csv"), "--uit 'antwoord.csv' heeft de extensie '.csv'; geef een bestandsnaam die eindigt "
                                "op '.xlsx' of een map."),
    (("--provincie", "Antwerpn"), "Onbekende provincie 'Antwerpn'; bedoelde u 'Antwerpen'?"),
    (("--basis", "school adres"), "Onbekende basis 'school adres'"),
    (("--van", "2030-2031"), "Schooljaar '2030-2031' (argument 'van') zit niet in de gegevens"),
    (("--van", "2020", "--tot", "2018"), "ligt na het laatste"),
    (("--vraag", "bestaat-niet.toml"), "Vraagbestand 'bestaat-niet.toml' niet gevonden"),
    (("--uit", "geen-map/x.xlsx"), "bestaat niet"),
])
def test_user_mistakes_give_a_dutch_message(capsys, tmp_path, data_dir, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--data", data_dir, *args)
    assert code == 2
    assert message in err, err
    assert err.startswith("Fout: ") and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_second_question_other_province_and_basis(capsys, tmp_path, data_dir, small_dataset):
    """The example question that ships with Loep: West-Vlaanderen, woonplaats, from 2019-2020, V1 … V4b."""
    code, out, err = run(capsys, "--data", data_dir, "--vraag", "voorbeeld-west-vlaanderen-woonplaats",
                         "--uit", tmp_path)
    assert code == 0, err
    path = tmp_path / "antwoord-duaal-leren-west-vlaanderen-woonplaats-2019-2020-2025-2026.xlsx"
    wb = openpyxl.load_workbook(path)
    keys = ["V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b"]
    assert wb.sheetnames == ["Voorblad", "Inhoud", "Toelichting", *keys, "Antwoord", "Vraag"]
    cover = {r[0].value: r[1].value for r in wb["Voorblad"].iter_rows(max_col=2) if r[1].value}
    assert cover["Provincie"] == "West-Vlaanderen"
    assert cover["Basis van de provincie"] == "woonplaats: provincie van de woonplaats van de leerling"
    assert cover["Schooljaren in de tabellen"] == "2019-2020 tot en met 2025-2026"
    want = duale_per_jaar(small_dataset.frame, "West-Vlaanderen", "woonplaats", "2019-2020", "2025-2026")
    assert {r[0]: r[1] for r in table_rows(path, "V1")[1:]} == want
    # the vestigingsplaats count differs on this data, so the basis really was used
    assert want != duale_per_jaar(small_dataset.frame, "West-Vlaanderen", "vestigingsplaats", "2019-2020",
                                  "2025-2026")


def test_spec_written_by_a_user(tmp_path, data_dir, small_dataset):
    spec = tmp_path / "limburg.toml"
    spec.write_text("""
[vraag]
titel = "Duaal leren in Limburg"
nummer = "999"
datum = "1 maart 2026"
vraagsteller = "Een lid"

[[vraag.ministers]]
naam = "Minister van Onderwijs"
nummer = "999"

[parameters]
provincie = "limburg"
basis = "hoofdzetel"
van = "2020-21"
tot = "2023"

[[vragen]]
nummer = 1
tekst = "Hoeveel duale leerlingen per schooljaar?"
tabellen = ["V1"]

[[vragen]]
nummer = 2
tekst = "Per graad?"
tabellen = ["V3a"]

[[vragen]]
nummer = 3
tekst = "Welke campagnes lopen er?"
tabellen = []
""", encoding="utf-8")
    out = tmp_path / "uit"
    result = make_answer(spec, uit=out, data_dir=data_dir)
    assert result.workbook_path == out / "antwoord-duaal-leren-limburg-hoofdzetel-2020-2021-2023-2024.xlsx"
    assert [p.name for p in result.csv_paths] == [result.workbook_path.stem + "_V1.csv",
                                                  result.workbook_path.stem + "_V3a.csv"]
    want = duale_per_jaar(small_dataset.frame, "Limburg", "hoofdzetel", "2020-2021", "2023-2024")
    assert {r[0]: r[1] for r in table_rows(result.workbook_path, "V1")[1:]} == want
    v3a = table_rows(result.workbook_path, "V3a")
    assert {r[0]: r[-1] for r in v3a[1:]} == want  # the graad totals add up to V1
    wb = openpyxl.load_workbook(result.workbook_path)
    antwoord = [c.value for c in wb["Antwoord"]["A"] if c.value]
    i = antwoord.index("3. Welke campagnes lopen er?")
    assert antwoord[i + 1].startswith("[")


def test_command_line_overrides_the_file(tmp_path, data_dir):
    result = make_answer(provincie="Brussel", basis="woonplaats", van="2018", tot="2019-20", uit=tmp_path,
                         data_dir=data_dir)
    assert result.workbook_path.name == \
        "antwoord-duaal-leren-brussels-hoofdstedelijk-gewest-woonplaats-2018-2019-2019-2020.xlsx"
    assert result.spec.params.provincie == "Brussels Hoofdstedelijk Gewest"
    assert [r[0] for r in table_rows(result.workbook_path, "V1")[1:]] == ["2018-2019", "2019-2020"]


def test_uit_with_a_file_name_puts_csvs_beside_it(tmp_path, data_dir):
    result = make_answer(uit=tmp_path / "vraag723.xlsx", data_dir=data_dir)
    assert result.workbook_path == tmp_path / "vraag723.xlsx"
    assert all(p.parent == tmp_path and p.name.startswith("vraag723_") for p in result.csv_paths)
    assert default_file_name(result.spec) == SEED_NAME


def test_failure_mid_write_leaves_nothing(tmp_path, data_dir, monkeypatch):
    calls = []

    def broken(table, stream, status=None):
        calls.append(table.sleutel)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        stream.write("x")

    monkeypatch.setattr(answer_module, "write_csv", broken)
    with pytest.raises(LoepFout, match=r"niet schrijven in '.*': de schijf is vol\. Er is niets gewijzigd\.$"):
        make_answer(uit=tmp_path, data_dir=data_dir)
    assert len(calls) == 4
    assert list(tmp_path.iterdir()) == []


def test_disk_full_in_the_workbook_is_a_dutch_message(tmp_path, data_dir, monkeypatch, capsys):
    import xlsxwriter.workbook

    def full(self):  # the disk fills up while XlsxWriter writes the zip (close() wraps it in FileCreateError)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook", full)
    code, out, err = run(capsys, "--data", data_dir, "--uit", tmp_path)
    assert code == 2
    assert err.startswith(f"Fout: Kan '{SEED_NAME}' niet schrijven in '{tmp_path.resolve()}': de schijf is vol. Er is "
                          f"niets gewijzigd.")
    assert "Traceback" not in err and "Error" not in err and "No space" not in err
    assert list(tmp_path.iterdir()) == []


def test_progress_is_reported(tmp_path, data_dir):
    seen = []
    make_answer(uit=tmp_path, data_dir=data_dir, progress=lambda wat, f: seen.append((wat, f)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert "werkboek schrijven" in [w for w, _ in seen]


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["antwoord", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "--overschrijven" in out and "vervang bestaande bestanden" in out


def test_bad_uit_is_refused_before_loading_data(tmp_path, monkeypatch):
    def no_load(*a, **k):
        raise AssertionError("data loaded before --uit was checked")

    monkeypatch.setattr(answer_module.store, "load", no_load)
    with pytest.raises(LoepFout, match="extensie '.docx'"):
        make_answer(uit=tmp_path / "antwoord.docx", data_dir=tmp_path)


def test_no_options_answers_the_seed_question_on_the_demo_data(capsys, tmp_path, monkeypatch, demo_store,
                                                               demo_dataset):
    """``loep antwoord`` with no options at all: LOEP_DATA's store, the current folder, the seed question."""
    monkeypatch.setenv("LOEP_DATA", str(demo_store))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys)
    assert code == 0, err
    path = tmp_path / SEED_NAME
    assert f"Werkboek: {path}" in out
    latest = max(demo_dataset.info.schooljaren)
    want = duale_per_jaar(demo_dataset.frame, "Antwerpen", "vestigingsplaats", "2016-2017", latest)
    assert {r[0]: r[1] for r in table_rows(path, "V1")[1:]} == want
    # V2: the regions add up to 'Vlaanderen en Brussel', each region against plain pandas
    v2 = table_rows(path, "V2")
    header = v2[0]
    frame = demo_dataset.frame
    for row in v2[1:]:
        jaar = row[0]
        duaal = frame[frame["duaal"] & (frame["schooljaar"].astype(str) == jaar)]
        per = duaal.groupby(duaal["provincie_vestigingsplaats"].astype(str), observed=True)["aantal"].sum()
        for col, value in zip(header[1:-1], row[1:-1]):
            true = int(per.get(col.removesuffix(" (aantal)"), 0))
            if isinstance(value, str):  # disclosure control: a small count, or one that would give it back
                assert value == ("<5" if 0 < true < 5 else "[c]") and true != 0, (jaar, col)
            else:
                assert value == true, (jaar, col)
        assert row[-1] == int(duaal["aantal"].sum())
        if not any(isinstance(v, str) for v in row[1:-1]):
            assert row[-1] == sum(row[1:-1])


def test_empty_data_folder_builds_the_demo_data(tmp_path, monkeypatch, demo_store):
    """With no store, make_answer has addin.demo.ensure build the demonstration data (progress passed on)."""
    import shutil

    from addin.demo import generator as demodata

    built = []

    def fake_build(data_dir=None, progress=None, **kw):  # the real build runs once per session (demo_store)
        built.append(data_dir)
        if progress:
            progress("demodata maken", 0.5)
        shutil.copy2(Path(demo_store) / store.STORE_NAME, Path(data_dir) / store.STORE_NAME)

    monkeypatch.setattr(demodata, "build_demo", fake_build)
    empty = tmp_path / "leeg"
    empty.mkdir()
    seen = []
    result = make_answer(uit=tmp_path, data_dir=empty, progress=lambda w, f: seen.append(w))
    assert built and Path(built[0]) == empty
    assert "demodata maken" in seen
    assert result.info.synthetisch and result.workbook_path.exists()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))


def test_second_default_run_takes_a_free_name_for_the_whole_set(capsys, tmp_path, data_dir, monkeypatch):
    """The README's first command run twice: no --uit, so the second answer set is 'naam (2)…', and says so."""
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "--data", data_dir)[0] == 0
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    stem = SEED_NAME[:-5]
    assert sorted(first) == sorted([SEED_NAME, f"{stem}.docx", f"{stem}-metadata.json",
                                    *[f"{stem}_{k}.csv" for k in SEED_KEYS], *[f"{stem}_{k}_excel.csv" for k in SEED_KEYS]])

    code, out, err = run(capsys, "--data", data_dir)
    assert code == 0, err
    second = f"{stem} (2)"
    assert f"'{SEED_NAME}' bestaat al" in out and f"'{second}.xlsx'" in out
    assert f"Werkboek: {tmp_path / (second + '.xlsx')}" in out
    new = sorted(p.name for p in tmp_path.iterdir() if p.name not in first)
    assert new == sorted([f"{second}.xlsx", f"{second}.docx", f"{second}-metadata.json",
                          *[f"{second}_{k}.csv" for k in SEED_KEYS], *[f"{second}_{k}_excel.csv" for k in SEED_KEYS]])
    assert {n: (tmp_path / n).read_bytes() for n in first} == first  # the first set untouched
    meta = (tmp_path / f"{second}-metadata.json").read_text(encoding="utf-8")
    assert f"{second}_V1.csv" in meta and f"{stem}_V1.csv" not in meta  # the metadata names its own CSVs

    assert run(capsys, "--data", data_dir, "--uit", tmp_path)[0] == 0  # a folder: Loep's name, so free too
    assert (tmp_path / f"{stem} (3).xlsx").exists()


def test_any_file_of_a_set_makes_its_name_taken(tmp_path, data_dir):
    """A lone CSV or metadata file under the default name is part of an earlier set: never mixed with a new one."""
    stem = SEED_NAME[:-5]
    (tmp_path / f"{stem}_V9.csv").write_text("van een oudere vraag", encoding="utf-8")
    (tmp_path / f"{stem} (2)-metadata.json").write_text("{}", encoding="utf-8")
    result = make_answer(uit=tmp_path, data_dir=data_dir)
    assert result.workbook_path == tmp_path / f"{stem} (3).xlsx"
    assert result.bezette_naam == tmp_path / SEED_NAME
    assert (tmp_path / f"{stem}_V9.csv").read_text(encoding="utf-8") == "van een oudere vraag"
    assert (tmp_path / f"{stem} (2)-metadata.json").read_text(encoding="utf-8") == "{}"


def test_overschrijven_without_uit_replaces_the_default_name(capsys, tmp_path, data_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "--data", data_dir)[0] == 0
    code, out, err = run(capsys, "--data", data_dir, "--overschrijven")
    assert code == 0, err
    assert "bestaat al" not in out and not list(tmp_path.glob("* (2)*"))


def test_answer_files_made_in_the_repository_are_git_ignored(tmp_path, data_dir):
    """Run in a checkout, every file of an answer set (also 'naam (2)…') is ignored by git."""
    import shutil
    import subprocess

    root = Path(__file__).resolve().parents[1]
    if shutil.which("git") is None or not (root / ".gitignore").exists():
        pytest.skip("geen git of geen .gitignore (geen checkout)")
    make_answer(uit=tmp_path, data_dir=data_dir)
    make_answer(uit=tmp_path, data_dir=data_dir)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2 * (2 * len(SEED_KEYS) + 3)  # workbook, Word, metadata, two CSVs per table
    done = subprocess.run(["git", "-C", str(root), "check-ignore", "--no-index", "--verbose", "--non-matching",
                           *names], capture_output=True, text=True)
    not_ignored = [line.split("\t")[-1] for line in done.stdout.splitlines() if line.startswith("::")]
    assert not_ignored == []


def test_text_cut_at_the_excel_cell_limit_says_so(tmp_path, data_dir):
    # XlsxWriter silently cuts a string at 32 767 characters; the cell now says it was cut
    from importlib import resources

    builtin = resources.files("addin") / "vragen" / "duaal-leren-antwerpen.toml"
    long = "Lange inleiding. " * 2500  # 42 500 characters
    text = builtin.read_text(encoding="utf-8").replace("inleiding = [", f'inleiding = [\n  "{long}",', 1)
    spec = tmp_path / "lang.toml"
    spec.write_text(text, encoding="utf-8")
    result = make_answer(spec, uit=tmp_path / "uit", data_dir=data_dir)
    wb = openpyxl.load_workbook(result.workbook_path)
    cells = [c.value for row in wb["Vraag"].iter_rows() for c in row if isinstance(c.value, str)]
    cut = [v for v in cells if v.startswith("Lange inleiding.")]
    assert len(cut) == 1 and len(cut[0]) == 32_767
    assert cut[0].endswith("[ingekort: een cel in Excel bevat ten hoogste 32.767 tekens; de volledige tekst staat "
                          "in het vraagbestand]")
    assert long.startswith(cut[0][:32_000])
