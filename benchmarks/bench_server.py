"""Benchmark: a single-cell ``LOEP.DUAAL`` over HTTP against a trivial function on the same server.

Target (issue 4): one ``LOEP.DUAAL`` call over loopback costs at most 1.3x ``LOEP.BRON`` (a function
that does no lookup at all), sequentially and with 8 concurrent callers. Shown beside the same calls
made straight into Python, so the server's own floor is visible.

The server is ``loep server``'s process (same environment and command) on 127.0.0.1 and a free port,
started here and stopped at the end. Data: ``--data DIR`` (a Loep store), else the demo data built
in a temporary folder (about 1.2 million rows, ~10 s).

Run: ``python benchmarks/bench_server.py [--data DIR] [--calls 400]``
"""

from __future__ import annotations

import argparse
import itertools
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


BRON = body("bron", [])


def timed_calls(client: httpx.Client, bodies, n: int) -> list[float]:
    times = []
    for b in itertools.islice(itertools.cycle(bodies), n):
        t0 = time.perf_counter()
        r = client.post("/xlwings/custom-functions-call", json=b)
        times.append(time.perf_counter() - t0)
        if r.status_code != 200:
            raise RuntimeError(r.text)
    return times


def sequential(url: str, n: int) -> tuple[float, float]:
    """Mean ms per call of DUAAL and BRON, interleaved in rounds so drift hits both alike."""
    duaal, bron = [], []
    with httpx.Client(base_url=url, timeout=30) as client:
        bodies = duaal_bodies()
        for _ in range(10):
            duaal += timed_calls(client, bodies, n // 10)
            bron += timed_calls(client, [BRON], n // 10)
    return statistics.mean(duaal) * 1e3, statistics.mean(bron) * 1e3


def concurrent(url: str, n: int, callers: int = 8) -> tuple[float, float]:
    """Wall-clock ms per call (total time / calls) with ``callers`` threads, for DUAAL and BRON."""

    def run(bodies) -> float:
        clients = [httpx.Client(base_url=url, timeout=30) for _ in range(callers)]
        per = n // callers
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

    duaal, bron = [], []
    for _ in range(3):  # alternate to even out drift
        duaal.append(run(duaal_bodies()))
        bron.append(run([BRON]))
    return statistics.median(duaal), statistics.median(bron)


def in_process(data: Path, n: int) -> tuple[float, float]:
    """µs per call of the same functions called straight into Python (same data)."""
    import os

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
    return duaal, bron


def ensure_data(data: str | None, tmp: Path) -> Path:
    from addin.core.store import read_info

    if data:
        if read_info(data) is None:
            raise SystemExit(f"no Loep store in {data}")
        return Path(data)
    from addin.core.demodata import build_demo

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
                timed_calls(client, [BRON], 20)
                print(f"warm-up (store load + cube) {time.perf_counter() - t0:.2f} s")
            seq_d, seq_b = sequential(url, args.calls)
            con_d, con_b = concurrent(url, args.calls)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        py_d, py_b = in_process(data, 20_000)

    rows = [
        ("HTTP sequential, ms/call", seq_d, seq_b),
        ("HTTP 8 concurrent callers, ms/call (wall)", con_d, con_b),
    ]
    print()
    print(f"{'measurement':44} {'LOEP.DUAAL':>11} {'LOEP.BRON (baseline)':>21} {'ratio':>7}  target <= {TARGET}x")
    ok = True
    for label, d, b in rows:
        ratio = d / b
        ok &= ratio <= TARGET
        print(f"{label:44} {d:11.3f} {b:21.3f} {ratio:7.2f}  {'ok' if ratio <= TARGET else 'NOT MET'}")
    print(f"{'straight into Python, µs/call':44} {py_d:11.2f} {py_b:21.2f} {py_d / py_b:7.2f}  (no target)")
    print(f"lookup cost in Python: {py_d:.1f} µs = {py_d / 1000 / seq_b * 100:.2f} % of one HTTP call")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
