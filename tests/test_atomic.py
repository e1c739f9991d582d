"""addin.core.atomic: all-or-nothing writes with ordinary file permissions."""

from __future__ import annotations

import os

import pytest

from addin.core import atomic


def test_replaces_target_with_umask_permissions(tmp_path):
    target = tmp_path / "sub" / "a.txt"
    old = os.umask(0o022)
    try:
        atomic.new_file_mode.cache_clear()
        atomic.write_bytes(target, b"nieuw")
    finally:
        os.umask(old)
        atomic.new_file_mode.cache_clear()
    assert target.read_bytes() == b"nieuw"
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_failure_keeps_previous_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"oud")
    with pytest.raises(RuntimeError):
        with atomic.replacing(target) as temp:
            temp.write_bytes(b"half")
            raise RuntimeError("crash midden in het schrijven")
    assert target.read_bytes() == b"oud"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_temporary_name_never_ends_like_a_workbook(tmp_path):
    # a leftover of a killed process must not look like a real workbook in Windows Explorer
    with atomic.replacing(tmp_path / "w.xlsm", suffix=".xlsm") as temp:
        assert temp.name.endswith(".xlsm.tmp") and temp.name.startswith(".w.xlsm.") and temp.parent == tmp_path
        temp.write_bytes(b"x")
    assert (tmp_path / "w.xlsm").read_bytes() == b"x"


def test_leftovers_of_a_killed_write_are_found(tmp_path):
    target = tmp_path / "leerlingen.parquet"
    left = tmp_path / ".leerlingen.parquet.k3j2h1.tmp"
    left.write_bytes(b"half")
    (tmp_path / ".andere.parquet.x.tmp").write_bytes(b"niet van dit doel")
    assert atomic.leftovers(target) == [left]
