"""``loep server``'s own process for the tests: same environment and command, on 127.0.0.1 and a free port."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path

import httpx

from addin.excel.serve import PROJECT_DIR, ServerConfig, server_command, server_environment


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def function_body(name, *args) -> dict:
    """A custom-functions-call body as Office.js sends it (culture nl-BE)."""
    return {"client": "Office.js", "func_name": name, "args": list(args), "caller_address": "[Vraag.xlsx]Blad1!B2",
            "culture_info_name": "nl-BE", "date_format": "d/MM/yyyy", "version": "0.37.8", "runtime": "1.4"}


@contextlib.contextmanager
def running_server(data: Path, log_path: Path, env_extra: dict[str, str] | None = None, **config):
    """Start the server on the store in ``data``; yields (httpx client, config, process)."""
    config = ServerConfig(host="127.0.0.1", port=free_port(), data=data, **config)
    env = server_environment(config)
    env.pop("XLWINGS_ENVIRONMENT", None)
    env.update(env_extra or {})
    env = server_environment(config, env)  # prod unless the caller set something else
    log = open(log_path, "w")
    process = subprocess.Popen(server_command(config), env=env, cwd=str(PROJECT_DIR), stdout=log,
                               stderr=subprocess.STDOUT)
    client = httpx.Client(base_url=f"http://127.0.0.1:{config.port}", timeout=60)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if client.get("/").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(Path(log_path).read_text())
            time.sleep(0.1)
        yield client, config, process
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
