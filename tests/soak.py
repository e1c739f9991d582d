"""A soak of the Office.js server: concurrent clients mixing ``LOEP.*`` calls while an import replaces the store.

Used by ``tests/test_server_soak.py`` (a few seconds, in the suite) and ``benchmarks/bench_soak.py``
(60 s at 100 calls/s). Every answer is checked against values computed with plain pandas from the
store file's rows (``pd.read_parquet``), before and after the import: a single count must be the old
or the new value, a whole series (``LOEP.REEKS``) must be entirely old or entirely new, a client
that has seen the new data never sees the old again, and once the server's refresh interval has
passed after the import every answer is new. A deliberate user mistake in the mix must stay a Dutch
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
    import_start: float = 0.0
    import_end: float = 0.0
    rss_before_kb: int = 0
    rss_after_kb: int = 0

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


def run_soak(url: str, pid: int, plan, *, clients: int, seconds: float, import_at: float, do_import,
             rate: float | None = None, warmup_calls: int = 200) -> SoakResult:
    """``clients`` threads call ``url`` for ``seconds``; ``do_import()`` runs at ``import_at`` seconds.

    Args:
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
    time.sleep(max(0.0, start + import_at - time.perf_counter()))
    result.import_start = time.perf_counter()
    do_import()
    result.import_end = time.perf_counter()
    for t in threads:
        t.join()
    result.rss_after_kb = rss_kb(pid)
    result.records.sort(key=lambda r: r.start)
    return result


def _value(record: Record):
    import json

    return json.loads(record.body)["result"]


def check(result: SoakResult, old: Expected, new: Expected, settle_after: float) -> dict[str, list]:
    """Every record against the old and new expectations; returns the problems found per kind of problem.

    Args:
        settle_after: seconds after the import's end from which only new answers are right (the
            server's refresh interval plus a margin).
    """
    problems = {"fouten": [], "foute_antwoorden": [], "terug_naar_oud": [], "niet_vernieuwd": []}
    seen_new: dict[int, float] = {}
    settled = result.import_end + settle_after
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
        if r.kind == "bron":
            version = dict(map(tuple, value)).get("Dataversie")
            candidates = {old.dataversie: "old", new.dataversie: "new"}
            which = candidates.get(version)
        else:
            if r.kind == "reeks":
                got, o, n = value[1:], old.reeks.get(r.key[0]), new.reeks.get(r.key[0])
            else:
                table = getattr(old, r.kind), getattr(new, r.kind)
                got, o, n = value, [[table[0].get(r.key)]], [[table[1].get(r.key)]]
            which = "new" if got == n else "old" if got == o else None
            if o == n:
                which = "same"
        if which is None:
            problems["foute_antwoorden"].append((r.kind, r.key, value))
            continue
        if which == "new":
            seen_new.setdefault(r.client, r.start)
        elif which == "old":
            if r.client in seen_new and r.start > seen_new[r.client]:
                problems["terug_naar_oud"].append((r.client, r.kind, r.key))
            if r.start > settled:
                problems["niet_vernieuwd"].append((r.kind, r.key, round(r.start - result.import_end, 2)))
    return problems
