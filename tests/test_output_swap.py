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
