"""A damaged store is refused with one Dutch message (in every command), and re-importing repairs it."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from addin.cli.main import main
from addin.core import store
from addin.core.errors import LoepFout
from official_rows import varied_rows, write_csv


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Error" not in err
    return code, out, err


@pytest.fixture()
def stored(tmp_path, capsys):
    """A data folder with two real school years, and their files and pupils."""
    data = tmp_path / "data"
    files, totals = [], {}
    for i, jaar in enumerate(("2022-2023", "2023-2024")):
        rows = varied_rows(300, seed=60 + i)
        files.append(write_csv(tmp_path / "in" / f"inschrijvingen-dataset-{jaar}-1feb.csv", rows))
        totals[jaar] = sum(int(r["aantal_inschrijvingen"]) for r in rows)
    assert _run(capsys, "importeer", *map(str, files), "--data", str(data))[0] == 0
    store._cache.clear()
    return data, files, totals


def _flip_byte_in_column(path, column: str) -> None:
    meta = pq.ParquetFile(path).metadata
    index = meta.schema.to_arrow_schema().names.index(column)
    chunk = meta.row_group(0).column(index)
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    at = start + chunk.total_compressed_size * 2 // 3  # inside the page data, past its header
    raw = bytearray(path.read_bytes())
    raw[at] ^= 0x10
    path.write_bytes(bytes(raw))


def _rewrite_with_other_counts(path) -> None:
    """Damage that decodes cleanly: one count changed, the recorded metadata kept (no page checksums)."""
    table = pq.read_table(path)
    counts = table.column("aantal").to_pylist()
    counts[5] += 26
    table = table.set_column(table.schema.get_field_index("aantal"), "aantal", pa.array(counts, pa.int32()))
    pq.write_table(table, path, compression="lz4")


def _expected_message(data, files) -> str:
    names = ", ".join(f"'{f.name}'" for f in files)
    return (f"Fout: Het gegevensbestand {data.resolve() / store.STORE_NAME} is beschadigd: de inhoud klopt niet met de "
            f"controlesom die bij het bewaren is vastgelegd, dus Loep rekent er niet mee (de cijfers zouden fout "
            f"kunnen zijn). Herstel: importeer de bronbestanden opnieuw met 'loep importeer' ({names}). Loep zet het "
            f"beschadigde bestand dan opzij (leerlingen.parquet.beschadigd-<datum>) en bewaart de gegevens opnieuw.")


@pytest.mark.parametrize("damage", [_flip_byte_in_column, _rewrite_with_other_counts])
def test_damaged_store_is_refused_everywhere_and_reimport_repairs_it(stored, capsys, damage):
    data, files, totals = stored
    path = data / store.STORE_NAME
    if damage is _flip_byte_in_column:
        damage(path, "aantal")
    else:
        damage(path)
    expected = _expected_message(data, files)
    for argv in (("aantal", "--schooljaar", "2023-2024"), ("info",), ("antwoord", "--uit", str(data.parent / "uit"))):
        code, out, err = _run(capsys, *argv, "--data", str(data))
        assert (code, err.strip()) == (2, expected), argv
    with pytest.raises(LoepFout) as exc:
        store.load(data)
    assert exc.value.boodschap == expected.removeprefix("Fout: ")
    # re-importing the same files rewrites it (it used to say 'Niets gewijzigd')
    code, out, err = _run(capsys, "importeer", *map(str, files), "--data", str(data))
    assert code == 0 and "Niets gewijzigd" not in out
    kept = [p.name for p in data.iterdir() if p.name.startswith(f"{store.STORE_NAME}.beschadigd-")]
    assert len(kept) == 1
    assert f"Het vorige gegevensbestand was onleesbaar of beschadigd; het is opzij gezet als {kept[0]}" in out
    for jaar, total in totals.items():
        code, out, _ = _run(capsys, "aantal", "--schooljaar", jaar, "--data", str(data))
        assert (code, int(out)) == (0, total)


def test_damaged_store_lost_years_are_named(stored, capsys):
    data, files, totals = stored
    _rewrite_with_other_counts(data / store.STORE_NAME)
    code, out, _ = _run(capsys, "importeer", str(files[1]), "--data", str(data))
    assert code == 0
    assert (f"Het bevatte ook schooljaar 2022-2023, die niet in deze import zitten: importeer die opnieuw "
            f"({files[0].name}).") in out
    assert store.load(data).info.schooljaren == ("2023-2024",)


def test_store_without_recorded_hash_is_checked_against_its_data_version(stored, capsys):
    # stores written before the hash key: the data version (12 hex digits of the same hash) is the check
    data, _, totals = stored
    path = data / store.STORE_NAME
    table = pq.read_table(path)
    meta = {k: v for k, v in table.schema.metadata.items() if k != store.META_CHECK_KEY}
    pq.write_table(table.replace_schema_metadata(meta), path, compression="lz4")
    store._cache.clear()
    assert store.load(data).frame.groupby("schooljaar", observed=True)["aantal"].sum().to_dict() == totals
    _rewrite_with_other_counts(path)
    store._cache.clear()
    with pytest.raises(LoepFout, match="is beschadigd"):
        store.load(data)
