"""The CSVs beside the answer workbook carry their provenance in a CSVW metadata file."""

from __future__ import annotations

import csv
import json

import pytest

from addin.report.answer import make_answer


@pytest.fixture(scope="module")
def answer(demo_store, tmp_path_factory):
    return make_answer(uit=tmp_path_factory.mktemp("uit"), data_dir=demo_store)


def test_metadata_names_source_version_and_synthetic(answer):
    meta_file = answer.workbook_path.with_name(answer.workbook_path.stem + "-metadata.json")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    assert meta["schema:version"] == answer.info.dataversie
    assert "synthetische demonstratiedata" in meta["dc:description"]
    assert "1 februari" in meta["dc:temporal"]
    assert [t["url"] for t in meta["tables"]] == [p.name for p in answer.csv_paths]
    assert oct(meta_file.stat().st_mode & 0o777) == oct(answer.workbook_path.stat().st_mode & 0o777)


def test_metadata_columns_match_each_csv_header(answer):
    meta_file = answer.workbook_path.with_name(answer.workbook_path.stem + "-metadata.json")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    for entry, path in zip(meta["tables"], answer.csv_paths):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
            first = next(csv.reader(fh))
        assert [c["titles"] for c in entry["tableSchema"]["columns"]] == header
        for col, value in zip(entry["tableSchema"]["columns"], first):
            nulls = col["null"] if isinstance(col.get("null"), list) else [col.get("null")]
            if col["datatype"] == "integer" and value not in nulls:  # '' = hidden (status 'c')
                int(value)  # an integer column holds integers


def test_existing_metadata_file_is_not_overwritten(answer, demo_store):
    meta_file = answer.workbook_path.with_name(answer.workbook_path.stem + "-metadata.json")
    answer.workbook_path.unlink()
    answer.docx_path.unlink()
    for p in (*answer.csv_paths, *answer.excel_csv_paths):
        p.unlink()
    from addin.core.errors import LoepFout

    with pytest.raises(LoepFout, match="metadata.json' bestaat al"):
        make_answer(uit=answer.workbook_path, data_dir=demo_store)
    assert not answer.workbook_path.exists()
    assert meta_file.exists()
