"""Starting the xlwings Server for Loep (``loep server``): settings and the uvicorn process.

xlwings reads its settings when it is first imported, so the server runs in its own
process (``python -m uvicorn addin.excel.asgi:app``: xlwings Server behind Loep's path guard)
whose environment is built here:

- ``XLWINGS_PROJECT_DIR``: ``addin/server`` (custom_functions, custom_scripts, templates,
  static, routers);
- ``XLWINGS_FUNCTIONS_NAMESPACE=LOEP`` (Excel names ``LOEP.DUAAL`` …);
- ``XLWINGS_LICENSE_KEY``: kept when set, else ``noncommercial`` (PolyForm Noncommercial 1.0.0,
  which covers government institutions; commercial users need their own key);
- ``XLWINGS_ENVIRONMENT=prod`` unless set (no error details leak to users);
- ``XLWINGS_CORS_ALLOW_ORIGINS``: only the origins of Excel on the web, never ``*``;
- ``LOEP_DATA`` from ``--data`` (download links are relative to the task pane's page).

This module does not import xlwings.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from addin.core.errors import LoepFout

#: The xlwings Server project folder of Loep.
PROJECT_DIR = Path(__file__).resolve().parent.parent / "server"
#: Folder that holds the ``addin`` package (put on PYTHONPATH of the server process).
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
NAMESPACE = "LOEP"
#: Manifest id of the Loep add-in (stable, so a re-sideload replaces the old one).
MANIFEST_ID = "6427ad90-18c2-4d7d-a6da-07e2d66d5055"
#: Origins that may call the server from a browser: Excel on the web only.
OFFICE_ORIGINS: tuple[str, ...] = (
    "https://excel.officeapps.live.com",
    "https://excel.cloud.microsoft",
    "https://office.live.com",
    "https://www.office.com",
)
LICENCE_NOTE = (
    "Licentie: de Office.js-functies van xlwings en xlwings Server vallen onder 'xlwings PRO' of de "
    "PolyForm Noncommercial License 1.0.0. Die laatste staat gebruik door overheidsinstellingen uitdrukkelijk "
    "toe; Loep zet daarom XLWINGS_LICENSE_KEY=noncommercial als u zelf geen sleutel opgeeft. Commercieel "
    "gebruik vraagt een eigen xlwings-licentiesleutel."
)


@dataclass(frozen=True)
class ServerConfig:
    """Where and how the server listens.

    Args:
        host: interface to bind (default 127.0.0.1: only this computer).
        port: TCP port.
        data: data folder (None: ``LOEP_DATA`` or the default).
        certfile, keyfile: TLS certificate and key (both None: plain HTTP).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    data: Path | None = None
    certfile: Path | None = None
    keyfile: Path | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.certfile else "http"

    @property
    def url(self) -> str:
        host = "localhost" if self.host in ("127.0.0.1", "0.0.0.0", "::") else self.host
        return f"{self.scheme}://{host}:{self.port}"


def find_certificates(certs: str | os.PathLike | None = None) -> tuple[Path, Path] | None:
    """The (certificate, key) pair in ``certs`` (or ``./certs``, or ``addin/server/certs``).

    Accepts ``cert.pem`` + ``key.pem`` or mkcert's ``NAME.pem`` + ``NAME-key.pem``.

    Raises:
        LoepFout: ``certs`` was given but holds no such pair.
    """
    candidates = [Path(certs).expanduser().resolve()] if certs else [Path.cwd() / "certs", PROJECT_DIR / "certs"]
    for folder in candidates:
        if not folder.is_dir():
            continue
        if (folder / "cert.pem").is_file() and (folder / "key.pem").is_file():
            return folder / "cert.pem", folder / "key.pem"
        for key in sorted(folder.glob("*-key.pem")):
            cert = key.with_name(key.name[: -len("-key.pem")] + ".pem")
            if cert.is_file():
                return cert, key
    if certs:
        raise LoepFout(f"Geen certificaat gevonden in '{certs}': verwacht 'cert.pem' + 'key.pem' of "
                       f"'NAAM.pem' + 'NAAM-key.pem' (bv. gemaakt met mkcert).")
    return None


def server_environment(config: ServerConfig, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the server process (see the module docstring)."""
    env = dict(os.environ if base is None else base)
    env["XLWINGS_ON_SERVER"] = "true"
    env["XLWINGS_PROJECT_DIR"] = str(PROJECT_DIR)
    env["XLWINGS_FUNCTIONS_NAMESPACE"] = NAMESPACE
    env.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    if not env["XLWINGS_LICENSE_KEY"].strip():
        env["XLWINGS_LICENSE_KEY"] = "noncommercial"
    env.setdefault("XLWINGS_ENVIRONMENT", "prod")
    env["XLWINGS_CORS_ALLOW_ORIGINS"] = json.dumps(list(OFFICE_ORIGINS))
    env.setdefault("XLWINGS_PROJECT_NAME", "Loep")
    env.setdefault("XLWINGS_MANIFEST_ID_PROD", MANIFEST_ID)
    env.setdefault("XLWINGS_ENABLE_EXAMPLES", "false")
    env.setdefault("XLWINGS_ENABLE_HOTRELOAD", "false")
    env.setdefault("XLWINGS_LOG_LEVEL", "WARNING")  # no log line per cell formula
    if config.data:
        env["LOEP_DATA"] = str(Path(config.data).expanduser().resolve())
    paths = [str(PACKAGE_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def server_command(config: ServerConfig) -> list[str]:
    """The uvicorn command line of the server process."""
    cmd = [sys.executable, "-m", "uvicorn", "addin.excel.asgi:app", "--host", config.host,
           "--port", str(config.port), "--no-access-log", "--log-level", "warning"]
    if config.certfile:
        cmd += ["--ssl-certfile", str(config.certfile), "--ssl-keyfile", str(config.keyfile)]
    return cmd


def start_server(config: ServerConfig, **popen) -> subprocess.Popen:
    """Start the server process (returns at once; the caller waits for or stops it)."""
    return subprocess.Popen(server_command(config), env=server_environment(config), cwd=str(PROJECT_DIR),
                            **popen)


def require_server_packages() -> None:
    """Raise a Dutch LoepFout when the optional server packages are not installed."""
    import importlib.util

    missing = [name for name in ("xlwings_server", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        raise LoepFout(
            "De Loep-server heeft extra pakketten nodig (" + ", ".join(missing) + "). Installeer ze met: "
            "pip install \"loep[server]\" (of, in de map van Loep: pip install -e \".[server]\")."
        )


def run_server(config: ServerConfig) -> int:
    """Run the server in the foreground until Ctrl+C or a termination signal; returns its exit code.

    The server is a child process: a SIGTERM/SIGHUP sent to ``loep server`` (a service manager,
    ``kill``) is passed on to it, so it never keeps running on its own.
    """
    process = start_server(config)

    def stop(signum, frame):  # a signal for us is a signal for the server
        if process.poll() is None:
            process.terminate()

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, stop)
    try:
        return process.wait()
    except KeyboardInterrupt:  # the console's Ctrl+C reached the server too; make sure it stops
        if os.name == "nt":
            process.terminate()
        else:
            process.send_signal(signal.SIGINT)
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
