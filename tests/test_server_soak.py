"""Soak (issue 9, "Must reach"): 8 concurrent clients mix LOEP.* calls for a few seconds on loopback while an
import replaces a school year of the store underneath the running server.

0 errors, 0 wrong answers (each checked against plain-pandas sums over the store file's rows, before and
after the import), no client going back to the old data, every answer new once the refresh interval has
passed, server memory flat. The long version (60 s at 100 calls/s) is ``benchmarks/bench_soak.py``.
"""

from __future__ import annotations

import shutil

import pytest

from addin.core import store
from official_rows import varied_rows, write_csv
from server_process import running_server
from soak import call_plan, check, expected_from_store, percentile, run_soak

YEARS = ("2022-2023", "2023-2024")
REFRESH = 0.5  # seconds between the server's checks for a new import (LOEP_VERVERSEN_SECONDEN)
SECONDS = 8.0
CLIENTS = 8
RSS_GROWTH_LIMIT_KB = 25 * 1024


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/status"), reason="needs Linux /proc for RSS")
def test_soak_while_an_import_replaces_the_store(tmp_path):
    data = tmp_path / "data"
    files = [write_csv(tmp_path / "bron" / f"{y}.csv", varied_rows(3000, seed=i + 1, schooljaar=y))
             for i, y in enumerate(YEARS)]
    store.import_files(files, data)
    shutil.copy(data / store.STORE_NAME, tmp_path / "oud.parquet")
    old = expected_from_store(tmp_path / "oud.parquet", store.load(data).info.dataversie)

    # the corrected file of the last year: every count one higher (the year grows, so no safety rule objects)
    corrected = varied_rows(3000, seed=len(YEARS), schooljaar=YEARS[-1])
    for row in corrected:
        row["aantal_inschrijvingen"] = str(int(row["aantal_inschrijvingen"]) + 1)
    corrected_file = write_csv(tmp_path / "verbeterd" / f"{YEARS[-1]}.csv", corrected)

    with running_server(data, tmp_path / "server.log", {"LOEP_VERVERSEN_SECONDEN": str(REFRESH)}) as (
            client, config, process):
        plan = call_plan(old)
        result = run_soak(str(client.base_url), process.pid, plan, clients=CLIENTS, seconds=SECONDS,
                          imports=[(SECONDS / 4, lambda: store.import_files([corrected_file], data))])
    new = expected_from_store(data / store.STORE_NAME, store.load(data).info.dataversie)
    assert new.dataversie != old.dataversie
    changed = [k for k in old.duaal if old.duaal[k] != new.duaal[k]]
    assert changed and all(k[0] == YEARS[-1] for k in changed)  # the import did change answers

    problems = check(result, [old, new], settle_after=REFRESH + 3.0)
    calls = len(result.records)
    latencies = result.latencies_ms()
    growth = result.rss_after_kb - result.rss_before_kb
    took = result.import_end - result.import_start
    print(f"\nsoak: {calls} calls by {CLIENTS} clients in {SECONDS:.0f} s, import {took:.2f} s; "
          f"p50 {percentile(latencies, 50):.1f} ms, p95 {percentile(latencies, 95):.1f} ms, "
          f"p99 {percentile(latencies, 99):.1f} ms; RSS {result.rss_before_kb // 1024} -> "
          f"{result.rss_after_kb // 1024} MB")
    assert calls > 500  # the clients really worked
    assert {r.kind for r in result.records} == {"duaal", "niet_duaal", "reeks", "bron", "fout"}
    after = [r for r in result.records if r.start > result.import_end + REFRESH + 3.0 and r.kind == "bron"]
    assert after, "no calls after the refresh interval: the soak is too short to see the new data"
    assert problems == {"fouten": [], "foute_antwoorden": [], "terug_naar_oud": [], "niet_vernieuwd": []}
    assert growth < RSS_GROWTH_LIMIT_KB, f"server RSS grew {growth} kB"


def test_the_soak_check_catches_wrong_stale_and_backward_answers():
    """The checker itself can fail: a wrong count, an old answer after the refresh, a client going back."""
    import json

    from soak import Expected, Record, SoakResult

    old = Expected("oud", {("2023-2024", "Limburg"): 5}, {("2023-2024", "Limburg"): 50},
                   {"Limburg": [["2023-2024", 5]]})
    new = Expected("nieuw", {("2023-2024", "Limburg"): 6}, {("2023-2024", "Limburg"): 51},
                   {"Limburg": [["2023-2024", 6]]})

    def rec(client, start, kind, key, value, status=200):
        return Record(client, start, start + 0.01, kind, key, status, json.dumps({"result": value}).encode())

    key = ("2023-2024", "Limburg")
    result = SoakResult(records=[
        rec(0, 0.0, "duaal", key, [[5]]), rec(0, 1.0, "duaal", key, [[6]]), rec(0, 2.0, "duaal", key, [[5]]),
        rec(1, 0.5, "duaal", key, [[7]]), rec(1, 9.0, "niet_duaal", key, [[50]]),
        rec(2, 0.5, "reeks", ("Limburg",), [["Schooljaar", "Leerlingen in duaal"], ["2023-2024", 6]]),
        rec(2, 0.6, "bron", (), [["Dataversie", "ander"]]), rec(3, 0.7, "duaal", key, None, status=500),
    ], imports=[(1.0, 1.5)])
    problems = check(result, [old, new], settle_after=2.0)
    assert problems["terug_naar_oud"] == [(0, "duaal", key)]
    assert ("duaal", key, [[7]]) in problems["foute_antwoorden"] and len(problems["foute_antwoorden"]) == 2
    assert problems["niet_vernieuwd"] == [("niet_duaal", key, 7.5)]
    assert len(problems["fouten"]) == 1


def test_the_refresher_swaps_in_a_new_import_and_keeps_the_old_data_on_a_bad_store(tmp_path, small_dataset):
    """The server reloads the store in a thread (addin.excel.refresher), so no call waits for the load."""
    import os
    import time

    from addin.excel import functions as f
    from addin.excel.refresher import QueryRefresher

    ds = small_dataset
    path = tmp_path / store.STORE_NAME
    bases = {y: ds.info.bases for y in ds.info.schooljaren}
    store._write_store(path, ds.frame, ds.info, bases)
    jaar = ds.info.schooljaren[-1]
    frame = ds.frame
    duaal = int(frame.loc[(frame["schooljaar"] == jaar) & frame["duaal"], "aantal"].sum())
    refresher = QueryRefresher(60, data_dir=tmp_path)
    try:
        assert refresher.refresh() is True and f.duaal(jaar) == duaal
        assert refresher.refresh() is False  # nothing changed: the same Query
        more = frame.assign(aantal=frame["aantal"] + 1)
        store._write_store(path, more, ds.info, bases)
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
        assert refresher.refresh() is True
        plus = int(((frame["schooljaar"] == jaar) & frame["duaal"]).sum())
        assert f.duaal(jaar) == duaal + plus
        path.write_bytes(b"geen parquet")
        assert refresher.refresh() is False and f.duaal(jaar) == duaal + plus  # the old data stay
        refresher.interval = 0.05
        refresher.start()
        time.sleep(0.2)
        refresher.stop()
        assert not refresher._thread.is_alive()
    finally:
        f.use_query(None)
