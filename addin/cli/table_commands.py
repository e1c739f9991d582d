"""Pivot subcommands over every dimension: ``loep tabel`` and ``loep dimensies``.

``loep tabel`` prints a pivot of the query engine (rows × columns × filters × school years) aligned in
the terminal, counts in Dutch notation (1.234), or writes it as CSV (plus CSVW metadata with its source)
or xlsx (``--uit``; an existing file only with ``--overschrijven``). ``loep dimensies`` lists every
dimension of the registry with its other names and a few values. The help texts come from the registry
(:data:`addin.core.dimensions.DIMENSIONS`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from addin import demo
from addin.cli.progress import Bar
from addin.core.dataset import SYNTHETIC_LABEL
from addin.core.errors import LoepFout

#: Values ``loep dimensies`` shows per dimension.
VOORBEELDEN = 5


def dimensions_epilog() -> str:
    """Every dimension with its help text, for the end of ``--help`` (generated from the registry)."""
    from addin.core.dimensions import DIMENSIONS

    lines = ["dimensies (naam of een andere naam, zie 'loep dimensies'):"]
    lines += [f"  {d.naam:<22} {d.uitleg}" for d in DIMENSIONS]
    lines.append(f"  {'basis':<22} geen dimensie maar een keuze: welke provincie telt (vestigingsplaats, hoofdzetel, "
                 f"woonplaats); als filter basis=woonplaats")
    return "\n".join(lines)


def filter_help() -> str:
    """Help of ``--filter`` (shared by ``loep aantal`` and ``loep tabel``)."""
    return ("DIM=WAARDE: filter op elke dimensie (zie onderaan of 'loep dimensies'), bv. net=GO, gemeente=Gent of "
            "onderwijsvorm=bso;tso (bso of tso); herhaalbaar: alle filters samen. basis=woonplaats kiest welke "
            "provincie telt")


def register(sub) -> None:
    """Add ``tabel`` and ``dimensies`` to the parser."""
    p = sub.add_parser(
        "tabel", help="draaitabel: leerlingen per dimensie(s) in rijen en kolommen, met filters",
        description="Telt leerlingen per combinatie van de dimensies in --rijen en --kolommen (elk een of meer, met "
                    "komma), met filters op elke dimensie, en toont de draaitabel met een totaalkolom en een "
                    "totaalrij (de som van de delen), of schrijft ze naar een CSV- of Excel-bestand (--uit). Zonder "
                    "--schooljaar, --van of --tot: elk schooljaar als 'schooljaar' bij de rijen of kolommen staat, "
                    "anders het laatste schooljaar van de gegevens (de titel zegt welk). Meer dan één schooljaar kan "
                    "alleen als 'schooljaar' bij de rijen of kolommen staat (anders telt elke leerling eens per "
                    "jaar).",
        epilog=dimensions_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rijen", required=True, metavar="DIM[,DIM]", help="dimensie(s) van de rijen, bv. provincie of "
                   "provincie,onderwijsvorm")
    p.add_argument("--kolommen", metavar="DIM[,DIM]", help="dimensie(s) van de kolommen (leeg: één kolom Aantal)")
    years = p.add_mutually_exclusive_group()
    years.add_argument("--schooljaar", metavar="SCHOOLJAAR", help="één schooljaar, bv. 2024-2025, 2024-25 of 2024")
    years.add_argument("--van", metavar="SCHOOLJAAR", help="eerste schooljaar (met --tot; leeg: het eerste)")
    p.add_argument("--tot", metavar="SCHOOLJAAR", help="laatste schooljaar (met --van; leeg: het laatste)")
    p.add_argument("--filter", action="append", default=[], metavar="DIM=WAARDE", help=filter_help())
    p.add_argument("--basis", help="welke provincie telt: vestigingsplaats (standaard), hoofdzetel of woonplaats")
    p.add_argument("--uit", metavar="BESTAND", help="schrijf de draaitabel naar BESTAND.csv (met BESTAND-metadata.json: "
                   "de bron) of BESTAND.xlsx in plaats van ze te tonen")
    p.add_argument("--overschrijven", action="store_true", help="vervang een bestaand bestand")
    p.add_argument("--zonder-geheimhouding", action="store_true",
                   help="kleine aantallen tonen (alleen voor intern gebruik: niet voor publicatie); standaard worden "
                        "aantallen kleiner dan de drempel verborgen (<5) en de cellen waaruit ze af te leiden zijn ([c])")
    p.add_argument("--drempel", metavar="N", help="aantallen van 1 tot N-1 verbergen (standaard 5, of "
                   "LOEP_GEHEIMHOUDING_DREMPEL)")
    p.add_argument("--data", metavar="MAP", help="gegevensmap (standaard: LOEP_DATA of de gebruikersmap van Loep)")
    p.set_defaults(handler=cmd_tabel)

    p = sub.add_parser(
        "dimensies", help="toon elke dimensie met haar andere namen en enkele waarden",
        description="Toont elke dimensie waarop Loep kan tellen en filteren (loep aantal --filter, loep tabel, "
                    "LOEP.AANTAL, LOEP.DRAAITABEL): haar naam, de andere namen die ook werken (ook de officiële "
                    "kolomnaam), de uitleg en enkele waarden uit de gegevens (alle waarden: LOEP.WAARDEN in Excel).",
        epilog=dimensions_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", metavar="MAP", help="gegevensmap (standaard: LOEP_DATA of de gebruikersmap van Loep)")
    p.set_defaults(handler=cmd_dimensies)


def query_for(data_dir):
    """The Query of the store, building (or rebuilding stale) demo data first, with a progress bar."""
    from addin.core import store
    from addin.core.query import get_query

    if store.read_info(data_dir) is None or demo.stale_notice(data_dir):
        with Bar("Demonstratiedata bouwen") as bar:
            demo.ensure(data_dir, progress=bar)
    return get_query(data_dir)


def _dimension_names(*texts: str | None) -> list[str]:
    import re

    from addin.core.dimensions import find

    return [find(part, "dimensie").naam for text in texts if text for part in re.split(r"\s*[,;+]\s*", text.strip())
            if part]


def _years(query, args) -> object:
    """The school year(s) of the options; none given: every year when 'schooljaar' is a dimension of the
    pivot, else the last year of the data (the title says which)."""
    from addin.excel.functions import year_range

    if args.schooljaar is not None:
        return args.schooljaar
    if args.van is None and args.tot is None:
        if "schooljaar" in _dimension_names(args.rijen, args.kolommen):
            return None
        return query.schooljaren[-1] if query.schooljaren else None
    return year_range(query, args.van, args.tot, ("--van", "--tot"))


def cmd_tabel(args: argparse.Namespace) -> int:
    from addin.core.disclosure import resolve
    from addin.report.output import refuse_existing, write_all_or_nothing
    from addin.report.pivot_table import (
        notice, output_paths, output_writers, protect, require_one_year, terminal_text, title,
    )

    policy = resolve(cli_aan=False if args.zonder_geheimhouding else None, cli_drempel=args.drempel)

    target = None
    if args.uit:
        target = Path(args.uit).expanduser()
        if not target.parent.is_dir():
            raise LoepFout(f"De map '{target.parent}' van --uit '{args.uit}' bestaat niet; maak ze eerst aan of kies "
                           f"een andere map.")
        if not args.overschrijven:  # before any counting (write_all_or_nothing checks again)
            refuse_existing(output_paths(target))
    query = query_for(args.data)
    pivot = query.pivot(args.rijen, args.kolommen or (), schooljaar=_years(query, args), filters=args.filter,
                        basis=args.basis)
    require_one_year(pivot, "loep tabel", "geef één schooljaar met --schooljaar")
    info = query.dataset.info
    protection = protect(pivot, policy)
    line = notice(protection, policy)
    if target is not None:
        write_all_or_nothing(output_writers(pivot, info, target, policy), overwrite=args.overschrijven)
        print(f"Draaitabel geschreven: {', '.join(str(p) for p in output_paths(target))}")
        print(f"{title(pivot)}.")
        if line:
            print(line)
    else:
        if info.synthetisch:
            print(f"LET OP: {SYNTHETIC_LABEL}.")
        print(f"{title(pivot)}.")
        if line:
            print(line)
        print()
        print(terminal_text(pivot, protection))
    print(info.samenvatting, file=sys.stderr)  # provenance beside the numbers
    return 0


def dimensions_text(query) -> str:
    """What ``loep dimensies`` prints: per dimension its name, other names, help text and a few values."""
    from addin.core.dimensions import DIMENSIONS

    blocks = []
    for d in DIMENSIONS:
        values = query.values(d.naam)
        shown = ", ".join(str(v) for v in values[:VOORBEELDEN])
        more = f", … ({len(values)} waarden)" if len(values) > VOORBEELDEN else ""
        lines = [f"{d.naam} — {d.label}: {d.uitleg}"]
        if d.aliassen:
            lines.append(f"  ook: {', '.join(d.aliassen)}")
        lines.append(f"  waarden: {shown}{more}" if values else "  waarden: geen in deze gegevens")
        blocks.append("\n".join(lines))
    bases = query.values("basis")
    blocks.append(f"basis — geen dimensie maar een keuze: welke provincie telt (filter basis=…)\n"
                  f"  waarden: {', '.join(bases)}")
    return "\n".join(blocks)


def cmd_dimensies(args: argparse.Namespace) -> int:
    query = query_for(args.data)
    info = query.dataset.info
    if info.synthetisch:
        print(f"LET OP: {SYNTHETIC_LABEL} (de waarden hieronder komen uit die gegevens).")
    print(dimensions_text(query))
    print(info.samenvatting, file=sys.stderr)
    return 0
