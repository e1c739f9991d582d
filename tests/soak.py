"""A soak of the Office.js server: concurrent clients mixing ``LOEP.*`` calls while an import replaces the store.

Used by ``tests/test_server_soak.py`` (a few seconds, in the suite) and ``benchmarks/bench_soak.py``
(60 s at 100 calls/s). Every answer is checked against values computed with plain pandas from the
store file's rows (``pd.read_parquet``), before and after each import: a single count must be that of
one store version, a whole series (``LOEP.REEKS``) wholly that of one version, a client that has seen
a newer version never sees an older one again, and once the server's refresh interval has passed
after an import every answer is at least that new. A deliberate user mistake in the mix must stay a Dutch
400. Server memory is its ``VmRSS`` (Linux ``/proc``) after a warm-up and at the end.
"""

from __future__ import annotations

import itertools
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pandas as pd

from server_process import function_body

CALL = "/xlwings/custom-functions-call"
MISTAKE = "Antwerp"  # an unknown province: a user mistake in the mix, answered with a suggestion


@dataclass(frozen=True)
class Expected:
    """The answers one store file should give, computed from its rows with plain pandas."""

    dataversie: str
    duaal: dict  # (schooljaar, provincie) -> pupils in dual programmes
    niet_duaal: dict  # (schooljaar, provincie) -> pupils not in dual programmes
    reeks: dict  # provincie -> [[schooljaar, duaal], ...] (every school year of the store)


def expected_from_store(store_file: Path, dataversie: str) -> Expected:
    frame = pd.read_parquet(store_file, columns=["schooljaar", "provincie_vestigingsplaats", "duaal", "aantal"])
    frame = frame.astype({"schooljaar": str, "provincie_vestigingsplaats": str})
    years = sorted(frame["schooljaar"].unique())
    provinces = sorted(frame["provincie_vestigingsplaats"].unique())
    sums = frame.groupby(["schooljaar", "provincie_vestigingsplaats", "duaal"])["aantal"].sum()
    duaal = {(y, p): int(sums.get((y, p, True), 0)) for y in years for p in provinces}
    niet = {(y, p): int(sums.get((y, p, False), 0)) for y in years for p in provinces}
    reeks = {p: [[y, duaal[(y, p)]] for y in years] for p in provinces}
    return Expected(dataversie, duaal, niet, reeks)


def call_plan(expected: Expected) -> list[tuple[str, tuple, dict]]:
    """The calls the clients cycle through: (kind, key, body), mixed so that every kind recurs often."""
    plan = []
    for (jaar, provincie) in expected.duaal:
        arg_p = "Brussel" if provincie.startswith("Brussel") else provincie  # as a user types it
        plan.append(("duaal", (jaar, provincie), function_body("duaal", [[jaar]], [[arg_p]])))
        plan.append(("niet_duaal", (jaar, provincie),
                     function_body("leerlingen", [[jaar]], [[arg_p]], [[None]], [[None]], [[None]], [[None]],
                                   [["nee"]])))
    for provincie in expected.reeks:
        arg_p = "Brussel" if provincie.startswith("Brussel") else provincie
        plan.append(("reeks", (provincie,), function_body("reeks", [[arg_p]])))
    jaar = next(iter(expected.duaal))[0]
    plan.append(("bron", (), function_body("bron")))
    plan.append(("fout", (), function_body("duaal", [[jaar]], [[MISTAKE]])))
    order = list(range(len(plan)))
    # interleave kinds: stride through the plan so consecutive calls differ
    stride = 7 if len(plan) % 7 else 5
    return [plan[(i * stride) % len(plan)] for i in order]


@dataclass
class Record:
    client: int
    start: float
    end: float
    kind: str
    key: tuple
    status: int | None
    body: bytes
    error: str | None = None


@dataclass
class SoakResult:
    records: list[Record] = field(default_factory=list)
    imports: list[tuple[float, float]] = field(default_factory=list)  # (start, end) of each import
    rss_before_kb: int = 0
    rss_after_kb: int = 0
    rss_after_imports_kb: list[int] = field(default_factory=list)  # RSS just before the next import / the end

    @property
    def import_start(self) -> float:
        return self.imports[0][0]

    @property
    def import_end(self) -> float:
        return self.imports[-1][1]

    def latencies_ms(self, kinds=None) -> list[float]:
        return sorted((r.end - r.start) * 1000 for r in self.records if kinds is None or r.kind in kinds)


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[int(q) - 1]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def run_soak(url: str, pid: int, plan, *, clients: int, seconds: float, imports, rate: float | None = None,
             warmup_calls: int = 200) -> SoakResult:
    """``clients`` threads call ``url`` for ``seconds`` while ``imports`` run, each at its time.

    Args:
        imports: ``[(seconds after the start, function that imports), ...]`` in time order.
        rate: calls per second over all clients (None: as fast as they can).
    """
    result = SoakResult()
    with httpx.Client(base_url=url, timeout=60) as warm:
        for _, _, body in itertools.islice(itertools.cycle(plan), warmup_calls):
            warm.post(CALL, json=body)
    result.rss_before_kb = rss_kb(pid)
    start = time.perf_counter()
    stop_at = start + seconds
    lock = threading.Lock()
    per_client_rate = rate / clients if rate else None

    def worker(n: int):
        mine = []
        with httpx.Client(base_url=url, timeout=60) as client:
            due = time.perf_counter()
            for i in itertools.count(n * 13):
                now = time.perf_counter()
                if now >= stop_at:
                    break
                kind, key, body = plan[i % len(plan)]
                t0 = time.perf_counter()
                try:
                    response = client.post(CALL, json=body)
                    mine.append(Record(n, t0, time.perf_counter(), kind, key, response.status_code, response.content))
                except httpx.HTTPError as exc:
                    mine.append(Record(n, t0, time.perf_counter(), kind, key, None, b"", repr(exc)))
                if per_client_rate:
                    due += 1 / per_client_rate
                    pause = due - time.perf_counter()
                    if pause > 0:
                        time.sleep(pause)
        with lock:
            result.records.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for at, do_import in imports:
        time.sleep(max(0.0, start + at - time.perf_counter()))
        if result.imports:
            result.rss_after_imports_kb.append(rss_kb(pid))
        began = time.perf_counter()
        do_import()
        result.imports.append((began, time.perf_counter()))
    for t in threads:
        t.join()
    result.rss_after_kb = rss_kb(pid)
    result.rss_after_imports_kb.append(result.rss_after_kb)
    result.records.sort(key=lambda r: r.start)
    return result


def _value(record: Record):
    import json

    return json.loads(record.body)["result"]


def _matches(record: Record, value, versions: list[Expected]) -> set[int]:
    """The indices of the store versions whose expected answer ``value`` is."""
    found = set()
    for i, v in enumerate(versions):
        if record.kind == "bron":
            ok = dict(map(tuple, value)).get("Dataversie") == v.dataversie
        elif record.kind == "reeks":
            ok = value[1:] == v.reeks.get(record.key[0])
        else:
            ok = value == [[getattr(v, record.kind).get(record.key)]]
        if ok:
            found.add(i)
    return found


def check(result: SoakResult, versions: list[Expected], settle_after: float) -> dict[str, list]:
    """Every record against the store versions (before the first import, after each); problems per kind.

    An answer must be that of some version; a client never gets an older version than one it already
    saw; from ``settle_after`` seconds after import *i* ended (the server's refresh interval plus a
    margin) no answer may be older than version *i*.
    """
    problems = {"fouten": [], "foute_antwoorden": [], "terug_naar_oud": [], "niet_vernieuwd": []}
    newest_seen: dict[int, int] = {}
    settled = [end + settle_after for _, end in result.imports]
    for r in result.records:
        if r.error is not None or r.status is None:
            problems["fouten"].append((r.kind, r.key, r.error))
            continue
        if r.kind == "fout":
            text = r.body.decode("utf-8", "replace")
            if r.status != 400 or "bedoelde u 'Antwerpen'" not in text:
                problems["fouten"].append((r.kind, r.status, text[:200]))
            continue
        if r.status != 200:
            problems["fouten"].append((r.kind, r.key, r.status, r.body[:200]))
            continue
        value = _value(r)
        found = _matches(r, value, versions)
        if not found:
            problems["foute_antwoorden"].append((r.kind, r.key, value))
            continue
        if max(found) < newest_seen.get(r.client, 0):
            problems["terug_naar_oud"].append((r.client, r.kind, r.key))
        required = sum(r.start > t for t in settled)  # the version every answer must have reached
        if max(found) < required:
            problems["niet_vernieuwd"].append((r.kind, r.key, round(r.start - result.imports[required - 1][1], 2)))
        if len(found) == 1:  # only an answer that tells the versions apart says which one the client saw
            newest_seen[r.client] = max(newest_seen.get(r.client, 0), min(found))
    return problems


def renewal_delays(result: SoakResult, versions: list[Expected]) -> list[float]:
    """Per import: seconds from its end to the start of the last call still answered from older data (0: none)."""
    delays = [0.0] * len(result.imports)
    for r in result.records:
        if r.status != 200 or r.kind == "fout":
            continue
        found = _matches(r, _value(r), versions)
        if not found:
            continue
        for i, (_, end) in enumerate(result.imports, start=1):
            if r.start > end and max(found) < i:
                delays[i - 1] = max(delays[i - 1], r.start - end)
    return delays
