"""Subcommands for Excel: ``loep werkboek`` (desktop workbook) and ``loep server`` (Office.js add-in).

Neither imports xlwings in the ``loep`` process: the workbook builder uses XlsxWriter and the
server runs in its own process whose environment is prepared first (xlwings reads its
settings at import time).
"""

from __future__ import annotations

import sys
from pathlib import Path


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
                    "(127.0.0.1); HTTPS als er certificaten zijn (map certs/ of --certs). Sideload daarna "
                    "https://localhost:POORT/manifest.xml in Excel.",
    )
    server.add_argument("--host", default="127.0.0.1", help="netwerkadres (standaard 127.0.0.1)")
    server.add_argument("--port", type=int, default=8000, help="poort (standaard 8000)")
    server.add_argument("--data", metavar="MAP", help="gegevensmap (standaard LOEP_DATA of de gebruikersmap)")
    server.add_argument("--certs", metavar="MAP", help="map met cert.pem en key.pem (of mkcert-bestanden)")
    server.set_defaults(handler=_server)


def _werkboek(args) -> int:
    from addin.excel.workbook import DEFAULT_PATH, build_workbook

    target = Path(args.uit) if args.uit else DEFAULT_PATH
    path = build_workbook(target, overwrite=args.overschrijven, data_dir=args.data)
    print(f"Werkboek geschreven: {path}")
    return 0


def _server(args) -> int:
    from addin.core.errors import LoepFout
    from addin.excel.serve import LICENCE_NOTE, ServerConfig, find_certificates, require_server_packages, run_server

    require_server_packages()
    if not 0 < args.port < 65536:
        raise LoepFout(f"Ongeldige poort {args.port}: kies een getal van 1 tot 65535.")
    pair = find_certificates(args.certs)
    config = ServerConfig(host=args.host, port=args.port, data=Path(args.data) if args.data else None,
                          certfile=pair[0] if pair else None, keyfile=pair[1] if pair else None)
    print(LICENCE_NOTE, file=sys.stderr)
    if not pair:
        print("Let op: geen certificaten gevonden, dus gewone HTTP. Excel aanvaardt een add-in alleen over HTTPS "
              "(maak certificaten met mkcert in de map certs/).", file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"Let op: de server luistert op {args.host} en is dus bereikbaar vanaf andere computers.",
              file=sys.stderr)
    print(f"Loep-server op {config.url} — manifest: {config.url}/manifest.xml (stoppen: Ctrl+C)", file=sys.stderr)
    return run_server(config)
