"""Benchmark: single-cell ``LOEP.DUAAL`` and ``LOEP.AANTAL`` over HTTP against a trivial function on the same server.

Target (issue 4): one ``LOEP.DUAAL`` call over loopback costs at most 1.3x ``LOEP.BRON`` (a function
that does no lookup at all), sequentially and with 8 concurrent callers. The same for ``LOEP.AANTAL`` with
three filters on any dimension as a user types them (issue 7: one repeating parameter, parsed per call).
Shown beside the same calls made straight into Python, so the server's own floor is visible.

The server is ``loep server``'s process (same environment and command) on 127.0.0.1 and a free port,
started here and stopped at the end. Data: ``--data DIR`` (a Loep store), else the demo data built
in a temporary folder (about 1.2 million rows, ~10 s).

Run: ``python benchmarks/bench_server.py [--data DIR] [--calls 400]``
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from addin.excel.serve import PROJECT_DIR, ServerConfig, server_command, server_environment  # noqa: E402

TARGET = 1.3
PROVINCES = ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen", "Brussel")
YEARS = tuple(f"{y}-{y + 1}" for y in range(2016, 2026))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body(name: str, args: list) -> dict:
    return {"client": "Office.js", "func_name": name, "args": args, "caller_address": "[Vraag.xlsx]Blad1!B2",
            "culture_info_name": "nl-BE", "date_format": "d/MM/yyyy", "version": "0.37.8", "runtime": "1.4"}


def duaal_bodies() -> list[dict]:
    """One payload per (school year, province): the cells of a typical sheet."""
    return [body("duaal", [[[j]], [[p]]]) for j, p in itertools.product(YEARS, PROVINCES)]


def aantal_bodies() -> list[dict]:
    """LOEP.AANTAL(jaar; "provincie=…"; "onderwijsvorm=bso;tso"; "geslacht=V"): three filters, as typed."""
    return [body("aantal", [[[j]], [[[f"provincie={p}"]], [["onderwijsvorm=bso;tso"]], [["geslacht=V"]]]])
            for j, p in itertools.product(YEARS, PROVINCES)]


BRON = body("bron", [])
FUNCTIONS = {"LOEP.DUAAL": duaal_bodies, "LOEP.AANTAL": aantal_bodies}


def timed_calls(client: httpx.Client, bodies, n: int) -> list[float]:
    times = []
    for b in itertools.islice(itertools.cycle(bodies), n):
        t0 = time.perf_counter()
        r = client.post("/xlwings/custom-functions-call", json=b)
        times.append(time.perf_counter() - t0)
        if r.status_code != 200:
            raise RuntimeError(r.text)
    return times


class ServerCpu:
    """CPU seconds the server process has used (Linux /proc), to show its own cost per call."""

    def __init__(self, pid: int):
        self.path = Path(f"/proc/{pid}/stat")
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.used: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def now(self) -> float:
        if not self.path.exists():
            return 0.0
        fields = self.path.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.tick

    def per_call_ms(self, name: str) -> float:
        return self.used.get(name, 0.0) / max(self.calls.get(name, 0), 1) * 1e3


def paired(run_duaal, run_bron, rounds: int, cpu: ServerCpu | None = None, calls: int = 0, name: str = "duaal"):
    """Alternate rounds of the function and BRON; each adjacent pair ran under the same machine load (the machine
    is shared), so the median of the pair ratios is the robust comparison. Returns (function ms, bron ms, ratio)."""
    duaal, bron, ratios = [], [], []
    for i in range(rounds):
        order = [(name, run_duaal), ("bron", run_bron)]
        got = {}
        for key, run in (order if i % 2 == 0 else order[::-1]):
            before = cpu.now() if cpu else 0.0
            got[key] = run()
            if cpu:
                cpu.used[key] = cpu.used.get(key, 0.0) + cpu.now() - before
                cpu.calls[key] = cpu.calls.get(key, 0) + calls
        duaal.append(got[name])
        bron.append(got["bron"])
        ratios.append(got[name] / got["bron"])
    return statistics.median(duaal), statistics.median(bron), statistics.median(ratios)


def sequential(url: str, n: int, cpu: ServerCpu | None = None, rounds: int = 20, bodies=None, name="duaal"):
    """ms per call of a function and BRON made one after another (keep-alive connection, like Excel)."""
    per = max(n // rounds, 10)
    with httpx.Client(base_url=url, timeout=30) as client:
        bodies = bodies or duaal_bodies()
        return paired(lambda: statistics.mean(timed_calls(client, bodies, per)) * 1e3,
                      lambda: statistics.mean(timed_calls(client, [BRON], per)) * 1e3, rounds, cpu, per, name)


def concurrent(url: str, n: int, callers: int = 8, rounds: int = 16, bodies=None):
    """Wall-clock ms per call (round time / calls) with ``callers`` threads calling at once."""
    per = max(n // callers, 10)

    def run(bodies) -> float:
        clients = [httpx.Client(base_url=url, timeout=30) for _ in range(callers)]
        barrier = threading.Barrier(callers + 1)
        errors = []

        def worker(c):
            barrier.wait()
            try:
                timed_calls(c, bodies, per)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        barrier.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        for c in clients:
            c.close()
        if errors:
            raise errors[0]
        return elapsed / (per * callers) * 1e3

    bodies = bodies or duaal_bodies()
    return paired(lambda: run(bodies), lambda: run([BRON]), rounds)


def bulk_path(url: str) -> list[tuple[str, float]]:
    """A 'sheet' of 1 000 single counts (one HTTP call per cell) against one spilled table."""
    out = []
    with httpx.Client(base_url=url, timeout=60) as client:
        cells = list(itertools.islice(itertools.cycle(duaal_bodies()), 1000))
        t0 = time.perf_counter()
        timed_calls(client, cells, len(cells))
        out.append(("1 000 cells =LOEP.DUAAL(jaar; provincie), one call each", (time.perf_counter() - t0) * 1e3))
        for label, b in (("=LOEP.REEKS(\"Antwerpen\"): every year in one call", body("reeks", [[["Antwerpen"]]])),
                         ("=LOEP.TABEL(2): every year x region in one call", body("tabel", [[[2]]])),
                         ("=LOEP.DRAAITABEL(\"gemeente\"; \"onderwijsvorm\"; 2024): 2 400 cells in one call",
                          body("draaitabel", [[["gemeente"]], [["onderwijsvorm"]], [[2024]]] + [[[None]]] * 8)),
                         ("=LOEP.DRAAITABEL(\"provincie\"; \"schooljaar\"; ; \"net=GO\")",
                          body("draaitabel", [[["provincie"]], [["schooljaar"]], [[None]], [["net=GO"]]]
                               + [[[None]]] * 7))):
            timed_calls(client, [b], 2)  # warm
            t0 = time.perf_counter()
            timed_calls(client, [b], 20)
            out.append((label, (time.perf_counter() - t0) / 20 * 1e3))
    return out


def in_process(data: Path, n: int) -> tuple[float, float, float]:
    """µs per call of the same functions called straight into Python (same data)."""
    os.environ["LOEP_DATA"] = str(data)
    from addin.excel import functions as f

    f.use_query(None)
    f.duaal("2024-2025", "Antwerpen")  # load
    args = list(itertools.product(YEARS, PROVINCES))
    t0 = time.perf_counter()
    for j, p in itertools.islice(itertools.cycle(args), n):
        f.duaal([[j]], [[p]])
    duaal = (time.perf_counter() - t0) / n * 1e6
    t0 = time.perf_counter()
    for _ in range(n):
        f.bron()
    bron = (time.perf_counter() - t0) / n * 1e6
    t0 = time.perf_counter()
    for j, p in itertools.islice(itertools.cycle(args), n):
        f.aantal([[j]], [[f"provincie={p}"]], [["onderwijsvorm=bso;tso"]], [["geslacht=V"]])
    aantal = (time.perf_counter() - t0) / n * 1e6
    return duaal, bron, aantal


def ensure_data(data: str | None, tmp: Path) -> Path:
    from addin.core.store import read_info

    if data:
        if read_info(data) is None:
            raise SystemExit(f"no Loep store in {data}")
        return Path(data)
    from addin.demo.generator import build_demo

    folder = tmp / "data"
    t0 = time.perf_counter()
    build_demo(folder)
    print(f"demo data built in {time.perf_counter() - t0:.1f} s ({read_info(folder).rijen:,} rows)")
    return folder


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a Loep data folder (default: demo data in a temp folder)")
    parser.add_argument("--calls", type=int, default=400, help="calls per measurement (default 400)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = ensure_data(args.data, Path(tmp))
        config = ServerConfig(host="127.0.0.1", port=free_port(), data=data)
        env = server_environment(config)
        process = subprocess.Popen(server_command(config), env=env, cwd=str(PROJECT_DIR),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{config.port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(url + "/", timeout=2)
                    break
                except httpx.TransportError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("server did not start")
                    time.sleep(0.1)
            with httpx.Client(base_url=url, timeout=120) as client:  # warm up: load the store, build the cube
                t0 = time.perf_counter()
                timed_calls(client, duaal_bodies(), 60)
                timed_calls(client, aantal_bodies(), 60)
                timed_calls(client, [BRON], 20)
                print(f"warm-up (store load + cube) {time.perf_counter() - t0:.2f} s")
            cpu = ServerCpu(process.pid)
            measured = {}
            for label, make in FUNCTIONS.items():
                key = label.split(".")[1].lower()
                measured[label] = (sequential(url, args.calls, cpu, bodies=make(), name=key),
                                   concurrent(url, args.calls, bodies=make()))
            bulk = bulk_path(url)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        py_d, py_b, py_a = in_process(data, 20_000)

    ok = True
    for label, (seq, con) in measured.items():
        key = label.split(".")[1].lower()
        print()
        print(f"{'measurement (medians; ratio = median of pairs)':44} {label:>11} {'LOEP.BRON (baseline)':>21} "
              f"{'ratio':>7}  target <= {TARGET}x")
        for name, (d, b, ratio) in (("HTTP sequential, ms/call", seq), ("HTTP 8 concurrent callers, ms/call (wall)", con)):
            ok &= ratio <= TARGET
            print(f"{name:44} {d:11.3f} {b:21.3f} {ratio:7.2f}  {'ok' if ratio <= TARGET else 'NOT MET'}")
        if cpu.calls.get(key):
            cd, cb = cpu.per_call_ms(key), cpu.per_call_ms("bron")
            print(f"{'server CPU, ms/call (sequential phase)':44} {cd:11.3f} {cb:21.3f} {cd / cb:7.2f}  (info)")
        py = py_d if key == "duaal" else py_a
        print(f"{'straight into Python, µs/call':44} {py:11.2f} {py_b:21.2f} {py / py_b:7.2f}  (no target)")
        print(f"lookup cost in Python: {py:.1f} µs = {py / 1000 / seq[1] * 100:.2f} % of one HTTP call")
    print()
    print("bulk figures (why LOEP.DRAAITABEL / LOEP.TABEL / LOEP.REEKS are the fast path):")
    for label, ms in bulk:
        print(f"  {label:64} {ms:9.1f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
