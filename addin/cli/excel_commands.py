"""Subcommands for Excel: ``loep werkboek`` (desktop workbook) and ``loep server`` (Office.js add-in).

The workbook builder uses XlsxWriter (xlwings is imported only to find its standalone VBA template and
to read the signatures of the cell functions); the server runs in its own process whose environment
is prepared first (xlwings reads its settings at import time).
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

from addin.cli.dutch_argparse import geheel_getal


def register(sub) -> None:
    """Add this module's subcommands to the parser."""
    werkboek = sub.add_parser(
        "werkboek",
        help="bouw het Excel-werkboek met knoppen en formules voor Windows (workbooks/loep.xlsm)",
        description="Bouwt het macro-werkboek loep.xlsm: blad Start met drie knoppen en voorbeeldformules, blad "
                    "Parameters met keuzelijsten en blad xlwings.conf. Overschrijft een bestaand bestand alleen "
                    "met --overschrijven.",
    )
    werkboek.add_argument("--uit", metavar="PAD", help="doelbestand (.xlsm); standaard workbooks/loep.xlsm")
    werkboek.add_argument("--overschrijven", action="store_true", help="vervang een bestaand bestand")
    werkboek.add_argument("--data", metavar="MAP", help="gegevensmap voor de keuzelijsten (standaard LOEP_DATA)")
    werkboek.set_defaults(handler=_werkboek)

    server = sub.add_parser(
        "server",
        help="start de xlwings Server voor Excel (Windows, Mac, web) met de LOEP-functies en het taakvenster",
        description="Start de Office.js-server van Loep. Standaard alleen bereikbaar op deze computer "
                    "(127.0.0.1) en alleen onder de namen 127.0.0.1 en localhost (plus --publiek-adres). Met "
                    "certificaten (map certs/ of --certs) HTTPS: sideload dan https://localhost:POORT/manifest.xml "
                    "in Excel. Zonder certificaten gewone HTTP, alleen om te testen (Excel laadt geen add-in "
                    "over HTTP). Bij het starten zegt de server wat u moet doen.",
    )
    server.add_argument("--host", default="127.0.0.1", help="netwerkadres (standaard 127.0.0.1)")
    server.add_argument("--port", type=geheel_getal, default=8000, metavar="POORT", help="poort (standaard 8000)")
    server.add_argument("--data", metavar="MAP", help="gegevensmap (standaard LOEP_DATA of de gebruikersmap)")
    server.add_argument("--certs", metavar="MAP", help="map met cert.pem en key.pem (of mkcert-bestanden)")
    server.add_argument("--publiek-adres", metavar="URL",
                        help="het adres waaronder collega's en Excel de server bereiken, bv. "
                             "https://loep.mijnteam.be:8443 (ook achter een reverse proxy); komt in het manifest "
                             "en is, naast 127.0.0.1 en localhost, de enige servernaam die de server aanvaardt")
    server.add_argument("--hulp-url", metavar="URL",
                        help="hulppagina in het manifest (SupportUrl), bv. de intranetpagina van uw team; "
                             "standaard de hulppagina van de server zelf (/loep/hulp)")
    server.set_defaults(handler=_server)


def check_port_free(host: str, port: int) -> None:
    """Make sure the server can listen on ``host:port`` by binding a socket there and closing it.

    Binds like uvicorn does (``SO_REUSEADDR`` on Linux/Mac, so a port that a stopped server left in
    TIME_WAIT counts as free; not on Windows, where that option would let two servers share a port).

    Args:
        host: the interface of ``--host``.
        port: the TCP port of ``--port``.

    Raises:
        LoepFout: the port is taken by another program, the address does not belong to this computer,
            or the port needs rights the user lacks (Dutch message naming the port or address).
    """
    from addin.core.errors import LoepFout

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise LoepFout(f"Onbekend netwerkadres '{host}' bij --host: geef bv. 127.0.0.1 (alleen deze computer) of "
                       f"0.0.0.0 (ook andere computers).") from None
    unavailable: OSError | None = None
    bound = 0
    for family, kind, proto, _, address in dict.fromkeys(infos):  # every address, as asyncio's server binds
        with socket.socket(family, kind, proto) as probe:
            if os.name != "nt":
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
                bound += 1
            except OSError as exc:
                if exc.errno == errno.EADDRNOTAVAIL:  # e.g. IPv6 off for 'localhost': asyncio skips it too
                    unavailable = exc
                    continue
                raise _port_error(exc, host, port) from None
    if not bound and unavailable is not None:
        raise _port_error(unavailable, host, port)


def _port_error(exc: OSError, host: str, port: int):
    """The Dutch LoepFout for a failed bind on ``host:port``."""
    from addin.core.errors import LoepFout

    if exc.errno == errno.EADDRINUSE or getattr(exc, "winerror", None) == 10048:
        return LoepFout(f"Poort {port} is al in gebruik; kies een andere met --port (bv. --port "
                        f"{port + 1 if port < 65535 else 8000}), of stop het programma dat die poort gebruikt.")
    if exc.errno in (errno.EACCES, errno.EPERM) or getattr(exc, "winerror", None) == 10013:
        return LoepFout(f"Geen toestemming om poort {port} te gebruiken (poorten onder 1024 vragen "
                        f"beheerdersrechten); kies een andere met --port, bv. --port 8000.")
    if exc.errno == errno.EADDRNOTAVAIL or getattr(exc, "winerror", None) == 10049:
        return LoepFout(f"Het netwerkadres '{host}' bij --host hoort niet bij deze computer; geef bv. 127.0.0.1 "
                        f"of 0.0.0.0.")
    from addin.core.settings import os_fout_tekst

    return LoepFout(f"De server kan niet luisteren op {host}:{port} ({os_fout_tekst(exc)}); kies een andere --host "
                    f"of --port.")


def _werkboek(args) -> int:
    from addin.excel.workbook import DEFAULT_PATH, build_workbook

    target = Path(args.uit) if args.uit else DEFAULT_PATH
    path = build_workbook(target, overwrite=args.overschrijven, data_dir=args.data)
    print(f"Werkboek geschreven: {path}")
    return 0


def _server(args) -> int:
    from addin.core.errors import LoepFout
    from addin.excel.serve import (LICENCE_NOTE, ServerConfig, check_help_url, check_public_url, find_certificates,
                                   require_server_packages, run_server, start_message)

    require_server_packages()
    if not 0 < args.port < 65536:
        raise LoepFout(f"Ongeldige poort {args.port}: kies een getal van 1 tot 65535.")
    public_url = check_public_url(args.publiek_adres) if args.publiek_adres else None
    help_url = check_help_url(args.hulp_url) if args.hulp_url else None
    check_port_free(args.host, args.port)
    pair = find_certificates(args.certs)
    config = ServerConfig(host=args.host, port=args.port, data=Path(args.data) if args.data else None,
                          certfile=pair[0] if pair else None, keyfile=pair[1] if pair else None,
                          public_url=public_url, help_url=help_url)
    print(LICENCE_NOTE, file=sys.stderr)
    print(start_message(config), file=sys.stderr)
    return run_server(config)
