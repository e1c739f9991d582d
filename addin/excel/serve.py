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
- ``LOEP_DATA`` from ``--data`` (download links are relative to the task pane's page);
- ``LOEP_SERVER_ADRES``, ``LOEP_SERVER_NAMEN``, ``LOEP_HULP_URL``, ``LOEP_MAX_VERZOEK``: the address the
  manifest is built from, the host names the server answers to, the manifest's support URL and the
  request body limit (read back in the server process by :meth:`ServedAddress.from_environment`).

This module does not import xlwings.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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


#: Host names every Loep server answers to (this computer); a public name comes on top.
LOCAL_NAMES: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
#: Bind addresses that mean "every interface" (the server cannot name itself from them).
WILDCARD_HOSTS: tuple[str, ...] = ("0.0.0.0", "::", "")
#: Largest request body the server reads (bytes). A cell function's arguments are a few hundred
#: bytes; a button sends only the sheet 'Parameters'. Anything near this limit is a mistake or abuse.
MAX_BODY_BYTES = 1024 * 1024
#: Path of Loep's own Dutch help page on the server (the manifest's support URL unless configured).
HELP_PATH = "/loep/hulp"


def check_public_url(url: str, option: str = "--publiek-adres") -> str:
    """``url`` as the server's public address (``https://naam[:poort]``), without a trailing slash.

    Raises:
        LoepFout: not an http(s) address with a host name, or it has a path, query or user name.
    """
    text = (url or "").strip().rstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.path
            or parts.query or parts.fragment or parts.username or parts.password or port == 0):
        raise LoepFout(f"Ongeldig adres bij {option}: '{text[:80]}'. Verwacht bv. https://loep.mijnteam.be:8443 "
                       f"(http of https, een servernaam, eventueel een poort; geen pad).")
    return text


def check_help_url(url: str, option: str = "--hulp-url") -> str:
    """``url`` as the manifest's support URL (an http(s) address with a host name).

    Raises:
        LoepFout: not such an address.
    """
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in text for c in " \"'<>"):
        raise LoepFout(f"Ongeldig adres bij {option}: '{text[:80]}'. Verwacht een webadres, bv. "
                       f"https://intranet.mijnteam.be/loep.")
    return text


@dataclass(frozen=True)
class ServerConfig:
    """Where and how the server listens, and under which address Excel reaches it.

    Args:
        host: interface to bind (default 127.0.0.1: only this computer).
        port: TCP port.
        data: data folder (None: ``LOEP_DATA`` or the default).
        certfile, keyfile: TLS certificate and key (both None: plain HTTP).
        public_url: the address colleagues and Excel use (``--publiek-adres``, e.g.
            ``https://loep.mijnteam.be:8443``, also behind a reverse proxy); None: this computer.
        help_url: the manifest's support URL (``--hulp-url``); None: Loep's help page on this server.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    data: Path | None = None
    certfile: Path | None = None
    keyfile: Path | None = None
    public_url: str | None = None
    help_url: str | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.certfile else "http"

    @property
    def url(self) -> str:
        """The address the manifest is built from (never the Host header of a request).

        ``--publiek-adres`` when given; else ``https://localhost:PORT`` with certificates (the name
        a local certificate is made for) and ``http://127.0.0.1:PORT`` without (local testing).
        A specific bind address other than loopback is used as it is.
        """
        if self.public_url:
            return self.public_url.rstrip("/")
        if self.host in WILDCARD_HOSTS or self.host in LOCAL_NAMES:
            host = "localhost" if self.certfile else "127.0.0.1"
        else:
            host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        """Host names the server answers to: this computer, the public name, a specific bind address."""
        names = list(LOCAL_NAMES)
        public = urlsplit(self.url).hostname
        if public:
            names.append(public)
        if self.host not in WILDCARD_HOSTS:
            names.append(self.host)
        return tuple(dict.fromkeys(n.lower() for n in names))

    @property
    def support_url(self) -> str:
        return self.help_url or f"{self.url}{HELP_PATH}"


@dataclass(frozen=True)
class ServedAddress:
    """What the server process needs to know about its own address (from ``loep server``'s environment).

    Args:
        url: the address the manifest is built from.
        allowed_hosts: the host names a request's Host header may carry (lower case, no port).
        support_url: the manifest's SupportUrl.
        max_body: the request body limit in bytes.
    """

    url: str
    allowed_hosts: tuple[str, ...] = field(default=LOCAL_NAMES)
    support_url: str = ""
    max_body: int = MAX_BODY_BYTES

    @classmethod
    def from_config(cls, config: ServerConfig) -> "ServedAddress":
        return cls(url=config.url, allowed_hosts=config.allowed_hosts, support_url=config.support_url)

    @classmethod
    def from_environment(cls, env: dict[str, str] | None = None) -> "ServedAddress":
        """Read back what :func:`server_environment` wrote; defaults are those of a plain ``ServerConfig()``."""
        env = os.environ if env is None else env
        default = cls.from_config(ServerConfig())
        url = env.get("LOEP_SERVER_ADRES") or default.url
        names = tuple(n.strip().lower() for n in env.get("LOEP_SERVER_NAMEN", "").split(",") if n.strip())
        try:
            max_body = int(env.get("LOEP_MAX_VERZOEK") or MAX_BODY_BYTES)
        except ValueError:
            max_body = MAX_BODY_BYTES
        return cls(url=url, allowed_hosts=names or default.allowed_hosts,
                   support_url=env.get("LOEP_HULP_URL") or f"{url}{HELP_PATH}", max_body=max(1024, max_body))

    def environment(self) -> dict[str, str]:
        return {"LOEP_SERVER_ADRES": self.url, "LOEP_SERVER_NAMEN": ",".join(self.allowed_hosts),
                "LOEP_HULP_URL": self.support_url, "LOEP_MAX_VERZOEK": str(self.max_body)}


def start_message(config: ServerConfig) -> str:
    """What ``loep server`` prints when it starts: where it runs and exactly what to do next.

    Four ways to start it, four instructions: HTTPS on this computer (sideload the manifest),
    plain HTTP (only for testing; how to get certificates), a public address for the team (the
    manifest for the administrator), and a server open to the network without a public address
    (it answers only to the names it knows, so name it).
    """
    url = config.url
    local = config.host in LOCAL_NAMES
    lines = []
    if config.public_url:
        lines.append(f"Loep-server gestart op {config.host}:{config.port}; collega's en Excel bereiken hem als {url}.")
        lines.append(f"Manifest voor het team: {url}/manifest.xml (downloaden: {url}/manifest/download); de "
                     f"Microsoft 365-beheerder voegt het toe via Geïntegreerde apps, of sideload het zelf.")
        if config.scheme == "http" and url.startswith("https://"):
            lines.append("Zonder certificaten spreekt deze server zelf gewone HTTP: zorg dat de reverse proxy op "
                         f"{url} HTTPS verzorgt en doorstuurt naar poort {config.port}.")
        elif url.startswith("http://"):
            lines.append("Let op: Excel laadt een add-in alleen over HTTPS; geef een https-adres bij --publiek-adres "
                         "en certificaten (--certs) of een reverse proxy met HTTPS.")
    elif config.certfile:
        lines.append(f"Loep-server gestart op {url} (HTTPS).")
        lines.append(f"In Excel: laad het manifest {url}/manifest.xml (downloaden: {url}/manifest/download). Excel "
                     f"op het web: Invoegtoepassingen → Mijn invoegtoepassing uploaden; Windows: zet het bestand in "
                     f"een gedeelde map die als vertrouwde invoegtoepassingscatalogus is ingesteld "
                     f"(zie docs/excel.md).")
    else:
        lines.append(f"Loep-server gestart op {url} — gewone HTTP (geen certificaten gevonden), alleen om te testen "
                     f"op deze computer: bv. {url}/manifest.xml of {url}{HELP_PATH} in een browser, of met curl.")
        lines.append("Excel laadt een add-in alleen over HTTPS. Voor Excel: maak certificaten met mkcert "
                     "(eenmalig 'mkcert -install', dan in een map certs/: 'mkcert localhost') en start opnieuw met "
                     f"'loep server --certs certs' (het manifest staat dan op https://localhost:{config.port}"
                     f"/manifest.xml).")
    if not local and not config.public_url:
        names = ", ".join(config.allowed_hosts)
        lines.append(f"Let op: de server luistert op {config.host} en is dus bereikbaar vanaf andere computers, maar "
                     f"antwoordt alleen onder de namen {names}. Geef met --publiek-adres https://NAAM:POORT de naam "
                     f"waaronder collega's hem bereiken.")
    elif not local:
        lines.append(f"Let op: de server luistert op {config.host} en is dus bereikbaar vanaf andere computers.")
    lines.append("Stoppen: Ctrl+C.")
    return "\n".join(lines)


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
    limit = env.get("LOEP_MAX_VERZOEK")  # an administrator's own limit is kept
    env.update(ServedAddress.from_config(config).environment())
    if limit:
        env["LOEP_MAX_VERZOEK"] = limit
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
