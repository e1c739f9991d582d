"""All-or-nothing replacement of a set of answer files: a failure anywhere leaves the old set whole."""

from __future__ import annotations

import os

import pytest

from addin.core.errors import LoepFout
from addin.report import output
from addin.report.answer import make_answer


def writers_for(folder, names, text):
    return [(folder / n, lambda p, t=text: p.write_text(t, encoding="utf-8")) for n in names]


def old_set(folder, names):
    for n in names:
        (folder / n).write_text("oud", encoding="utf-8")


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_replaces_every_file(tmp_path):
    names = ["a.xlsx", "a_V1.csv", "a_V2.csv"]
    old_set(tmp_path, names)
    output.write_all_or_nothing(writers_for(tmp_path, names, "nieuw"), overwrite=True)
    assert {n: (tmp_path / n).read_text(encoding="utf-8") for n in names} == dict.fromkeys(names, "nieuw")
    assert listing(tmp_path) == sorted(names)


def test_a_file_that_cannot_be_moved_aside_changes_nothing(tmp_path, monkeypatch):
    """Like a CSV open in Excel on Windows: renaming it fails."""
    names = ["a.xlsx", "a_V1.csv", "a_V2.csv"]
    old_set(tmp_path, names)
    real = os.replace

    def replace(src, dst):
        if str(src).endswith("a_V2.csv"):
            raise PermissionError(13, "in gebruik")
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(LoepFout, match=r"a_V2.csv' niet vervangen: het bestand is misschien open in Excel"):
        output.write_all_or_nothing(writers_for(tmp_path, names, "nieuw"), overwrite=True)
    assert {n: (tmp_path / n).read_text(encoding="utf-8") for n in names} == dict.fromkeys(names, "oud")
    assert listing(tmp_path) == sorted(names)  # no temporary or backup files left


def test_a_failure_while_moving_in_puts_the_old_files_back(tmp_path, monkeypatch):
    names = ["a.xlsx", "a_V1.csv", "a_V2.csv"]
    old_set(tmp_path, names)
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("a_V1.csv") and ".~a_V1" in str(src) and "vorige" not in str(src):
            raise OSError(28, "vol")  # the disk filled up while the new files went in
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(LoepFout, match="de schijf is vol"):
        output.write_all_or_nothing(writers_for(tmp_path, names, "nieuw"), overwrite=True)
    assert {n: (tmp_path / n).read_text(encoding="utf-8") for n in names} == dict.fromkeys(names, "oud")
    assert listing(tmp_path) == sorted(names)


def test_target_that_is_a_folder_is_a_dutch_error(tmp_path):
    (tmp_path / "a_V1.csv").mkdir()
    with pytest.raises(LoepFout, match="is een map, geen bestand"):
        output.write_all_or_nothing(writers_for(tmp_path, ["a.xlsx", "a_V1.csv"], "x"), overwrite=True)
    assert listing(tmp_path) == ["a_V1.csv"]


def test_overwrite_removes_csvs_of_tables_the_answer_no_longer_has(tmp_path, demo_store):
    first = make_answer(uit=tmp_path, data_dir=demo_store)
    stale = first.workbook_path.with_name(first.workbook_path.stem + "_V9.csv")  # from an earlier, longer answer
    stale.write_text("oud", encoding="utf-8")
    other = tmp_path / "mijn-notities_V1.csv"  # not ours: another stem
    other.write_text("van de gebruiker", encoding="utf-8")
    again = make_answer(uit=tmp_path, data_dir=demo_store, overwrite=True)
    assert not stale.exists()
    assert other.read_text(encoding="utf-8") == "van de gebruiker"
    assert all(p.exists() for p in again.csv_paths)


# --- a kill between the renames: the next run completes the swap (issue 9.5) ----------------------

_KILLED_WRITER = """
import os, sys
from pathlib import Path
from addin.report import output

folder, moves = Path(sys.argv[1]), int(sys.argv[2])
names = sys.argv[3:]
real, done = os.replace, [0]

def replace(src, dst):
    if Path(dst).name != output.JOURNAL:
        done[0] += 1
        if done[0] > moves:
            os._exit(9)  # killed: no except, no finally
    return real(src, dst)

def write(path, name):
    if moves < 0 and name == names[-1]:
        os._exit(9)  # killed while writing the temporary files
    path.write_text("nieuw " + name, encoding="utf-8")

os.replace = replace
output.write_all_or_nothing([(folder / n, lambda p, n=n: write(p, n)) for n in names], overwrite=True)
"""


def _kill_during_swap(folder, names, moves):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(folder), str(moves), *names])
    assert proc.returncode == 9


def _contents(folder, names):
    return {n: (folder / n).read_text(encoding="utf-8") if (folder / n).exists() else None for n in names}


def test_kill_between_renames_is_completed_by_the_next_loep_command(tmp_path, monkeypatch, capsys):
    from addin.cli.main import main

    names = ["a.xlsx", "a_V1.csv", "a_V2.csv"]
    old_set(tmp_path, names)
    _kill_during_swap(tmp_path, names, moves=4)  # 3 old files moved aside, 1 new file moved in, then killed
    left = listing(tmp_path)
    assert output.JOURNAL in left and not any(n.endswith(".xlsx") for n in left if n.startswith("."))
    # any loep command started in that folder completes it and says so
    monkeypatch.chdir(tmp_path)
    main(["info", "--data", str(tmp_path / "geen-gegevens")])
    err = capsys.readouterr().err
    assert (f"Een onderbroken 'loep antwoord' in '{tmp_path}' is afgerond: de nieuwe bestanden ('a.xlsx' en 2 andere) "
            f"staan nu volledig op hun plaats.") in err
    assert _contents(tmp_path, names) == {n: f"nieuw {n}" for n in names}
    assert listing(tmp_path) == sorted(names)


def test_kill_right_after_the_journal_is_completed_by_the_next_run(tmp_path):
    names = ["a.xlsx", "a_V1.csv"]
    old_set(tmp_path, names)
    _kill_during_swap(tmp_path, names, moves=0)  # journal written, nothing moved yet
    notice = output.recover_folder(tmp_path)
    assert notice and "is afgerond" in notice
    assert _contents(tmp_path, names) == {n: f"nieuw {n}" for n in names}
    assert listing(tmp_path) == sorted(names)


def test_a_swap_that_cannot_be_completed_puts_the_old_set_back(tmp_path):
    names = ["a.xlsx", "a_V1.csv", "a_V2.csv"]
    old_set(tmp_path, names)
    _kill_during_swap(tmp_path, names, moves=4)
    temps = [p for p in tmp_path.iterdir() if p.name.startswith(".~a_V2.csv.") and p.name.endswith(".tmp")]
    assert len(temps) == 1
    temps[0].unlink()  # one new file is gone (e.g. removed by a cleaner): the new set cannot be completed
    notice = output.recover_folder(tmp_path)
    assert notice and "de vorige bestanden ('a.xlsx' en 2 andere) zijn teruggezet" in notice
    assert _contents(tmp_path, names) == dict.fromkeys(names, "oud")
    assert listing(tmp_path) == sorted(names)


def test_kill_while_writing_leaves_the_old_set_and_the_next_run_cleans_up(tmp_path):
    names = ["a.xlsx", "a_V1.csv"]
    old_set(tmp_path, names)
    _kill_during_swap(tmp_path, names, moves=-1)
    left = [n for n in listing(tmp_path) if n not in names]
    assert left and all(n.startswith(".~") and n.endswith(".tmp") for n in left)  # no '.xlsx' look-alike
    assert output.JOURNAL not in left
    assert _contents(tmp_path, names) == dict.fromkeys(names, "oud")
    output.write_all_or_nothing(writers_for(tmp_path, names, "nieuw"), overwrite=True)
    assert listing(tmp_path) == sorted(names)
    assert (tmp_path / ".~lock.a.xlsx#").exists() is False  # (LibreOffice's own lock files are never touched)


def test_libreoffice_lock_files_and_user_files_are_left_alone(tmp_path):
    (tmp_path / ".~lock.a.xlsx#").write_text("lock")
    (tmp_path / ".~mijn-notities.txt").write_text("van de gebruiker")
    output.write_all_or_nothing(writers_for(tmp_path, ["a.xlsx"], "nieuw"), overwrite=True)
    assert listing(tmp_path) == [".~lock.a.xlsx#", ".~mijn-notities.txt", "a.xlsx"]
