"""Data subcommands: ``loep importeer``, ``loep demodata``, ``loep info`` and ``loep aantal``.

Every command accepts ``--data DIR`` (else env ``LOEP_DATA``, else the per-user data folder).
User mistakes raise :class:`LoepFout`; ``addin.cli.main`` prints them in Dutch (exit code 2).
"""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

from addin import demo
from addin.cli import dutch_argparse
from addin.cli.progress import Bar
from addin.cli.table_commands import dimensions_epilog, filter_help
from addin.core import settings, store
from addin.core.cleaning import ImportRegels
from addin.core.cleaning_report import getal
from addin.core.dataset import SYNTHETIC_LABEL, DataInfo
from addin.core.dimensions import BY_NAAM
from addin.core.errors import LoepFout
from addin.core.schema import BASES
from addin.core.year_replacement import MIN_VERVANGING, procent


#: The commands that build the demonstration data when the data folder holds none (as do the Excel formulas
#: and buttons); ``loep info`` only looks. The README says the same (a test compares them).
FIRST_USE_COMMANDS: tuple[str, ...] = ("antwoord", "aantal")


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="MAP",
                        help="gegevensmap (standaard: omgevingsvariabele LOEP_DATA of de gebruikersmap van Loep)")


def register(sub) -> None:
    """Add ``importeer``, ``demodata``, ``info`` and ``aantal`` to the parser."""
    p = sub.add_parser("importeer", help="open-databestanden (CSV/XLSX) inlezen, opschonen en bewaren",
                       description="Leest de open-databestanden 'inschrijvingen leerplicht per instelling' (CSV met "
                                   "komma, puntkomma of tab, of XLSX), schoont ze op en bewaart ze in de "
                                   "gegevensmap. Een schooljaar dat al bewaard is, wordt vervangen; het "
                                   "opschoningsrapport wordt getoond en bewaard in <gegevensmap>/rapporten. De import "
                                   "wordt geweigerd als meer dan 1 % van de rijen of leerlingen van een bestand "
                                   "afgewezen wordt, als twee bestanden hetzelfde schooljaar bevatten, of als een "
                                   f"bewaard schooljaar vervangen zou worden door minder dan {MIN_VERVANGING * 100:.0f} % "
                                   f"van zijn leerlingen.")
    p.add_argument("bestanden", nargs="+", metavar="BESTAND", help="een of meer CSV- of XLSX-bestanden")
    p.add_argument("--toch-importeren", action="store_true",
                   help="toch importeren als meer dan 1 %% van de rijen of leerlingen afgewezen wordt of als een "
                        "bewaard schooljaar sterk krimpt (het rapport waarschuwt dan)")
    _add_data(p)
    p.set_defaults(handler=cmd_importeer)

    p = sub.add_parser("demodata", help="de synthetische demonstratiedata (opnieuw) bouwen",
                       description="Bouwt de synthetische demonstratiedata (schooljaren 2016-2017 tot 2025-2026) "
                                   "in de gegevensmap. Dit zijn geen officiële cijfers.")
    _add_data(p)
    p.add_argument("--schaal", type=dutch_argparse.getal, default=1.0, metavar="X",
                   help="grootte ten opzichte van de standaardset (standaard 1)")
    p.add_argument("--overschrijven", action="store_true",
                   help="echte gegevens in de gegevensmap mogen vervangen worden")
    p.set_defaults(handler=cmd_demodata)

    p = sub.add_parser("info", help="toon welke gegevens er bewaard zijn",
                       description="Toont de bewaarde gegevens: schooljaren, rijen, beschikbare provinciebases, "
                                   "bronbestanden, dataversie en of het synthetische demonstratiedata is.")
    _add_data(p)
    p.set_defaults(handler=cmd_info)

    p = sub.add_parser("aantal", help="één telling: aantal leerlingen voor een combinatie van filters",
                       description="Drukt één getal af: het aantal leerlingen (inschrijvingen op 1 februari) voor "
                                   "de gegeven filters. Een filter dat u weglaat, telt alles. Met --filter telt u op "
                                   "elke dimensie (zie onderaan); alle filters gelden samen.",
                       epilog=dimensions_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    once = {"action": OnceOnly}
    p.add_argument("--schooljaar", required=True, help="bv. 2024-2025, 2024-25 of 2024", **once)
    p.add_argument("--provincie", help="bv. Antwerpen; leeg of 'Vlaanderen en Brussel' = alle", **once)
    p.add_argument("--basis", help="vestigingsplaats (standaard), hoofdzetel of woonplaats", **once)
    for naam in ("onderwijsvorm", "graad", "sector", "studierichting", "duaal"):  # help from the registry
        dim = BY_NAAM[naam]
        p.add_argument(f"--{naam}", help=f"{dim.uitleg.rstrip('.')} (bv. {dim.voorbeeld})".replace("%", "%%"), **once)
    p.add_argument("--filter", action="append", default=[], metavar="DIM=WAARDE", help=filter_help())
    _add_data(p)
    p.set_defaults(handler=cmd_aantal)


class OnceOnly(argparse.Action):
    """A single-value option that refuses a second value (``--provincie A --provincie B``)
    instead of silently keeping the last one."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, f"_gezien_{self.dest}", False):
            raise argparse.ArgumentError(
                self, f"meer dan eens opgegeven ('{getattr(namespace, self.dest)}' en '{values}'): 'loep aantal' "
                      f"telt één waarde per filter. Geef de optie één keer op en tel elke waarde apart.")
        setattr(namespace, f"_gezien_{self.dest}", True)
        setattr(namespace, self.dest, values)


def expand_patterns(names: list[str]) -> list[str]:
    """File names as typed; patterns like ``downloads\\*.csv`` are expanded here (the Windows shell does not)."""
    out: list[str] = []
    for name in names:
        if any(ch in name for ch in "*?[") and not Path(name).exists():
            found = sorted(glob.glob(name))
            if not found:
                raise LoepFout(f"Geen bestanden gevonden die passen bij '{name}'.")
            out.extend(found)
        else:
            out.append(name)
    return out


def cmd_importeer(args: argparse.Namespace) -> int:
    files = expand_patterns(args.bestanden)
    with Bar("Importeren") as bar:
        result = store.import_files(files, args.data, progress=bar,
                                    regels=ImportRegels(toch_importeren=args.toch_importeren))
    print(result.report.to_text())
    print()
    folder = settings.data_dir(args.data)
    if result.gewijzigd:
        print(f"Bewaard in {folder / store.STORE_NAME}: {getal(result.info.rijen)} rijen, "
              f"{_years(result.info)}, dataversie {result.info.dataversie}.")
    else:
        print(f"Niets gewijzigd in {folder / store.STORE_NAME} (dataversie {result.info.dataversie}).")
    for change in result.vervangen:
        print(f"Schooljaar {change.to_text()}")
    print(f"Rapport bewaard: {result.report_paths[0]}")
    for change in result.vervangen:
        if change.opvallend:
            print(f"LET OP: schooljaar {change.schooljaar} verandert met {procent(change.verandering)} "
                  f"({getal(change.voor)} → {getal(change.na)} leerlingen); controleer of het bestand volledig is.",
                  file=sys.stderr)
    if result.info.synthetisch:
        print(f"LET OP: {SYNTHETIC_LABEL}.", file=sys.stderr)
    if result.gewijzigd and result.report.alle_waarschuwingen:
        print("LET OP: geïmporteerd met --toch-importeren ondanks de waarschuwingen bovenaan het rapport.",
              file=sys.stderr)
    return 0


def cmd_demodata(args: argparse.Namespace) -> int:
    if args.schaal <= 0:
        raise LoepFout(f"Ongeldige waarde {args.schaal:g} voor --schaal: verwacht een getal groter dan 0 (bv. 1).")
    from addin.demo import build_demo

    folder = settings.data_dir(args.data)
    try:
        current = store.read_info(folder)
    except LoepFout:  # an unreadable store: the demo build replaces it (and keeps the broken file aside)
        current = None
    if current is not None and not current.synthetisch and not args.overschrijven:
        raise store.refuse_synthetic(folder, current)  # before spending seconds on generating
    with Bar("Demonstratiedata bouwen") as bar:
        result = build_demo(args.data, progress=bar, scale=args.schaal, overwrite=args.overschrijven)
    info = getattr(result, "info", None) or store.read_info(args.data)
    if info is not None:
        print(f"Demonstratiedata bewaard in {folder}: {getal(info.rijen)} rijen, {_years(info)}, "
              f"dataversie {info.dataversie}.")
        print(f"LET OP: {SYNTHETIC_LABEL}.")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    folder = settings.data_dir(args.data)
    info = store.read_info(args.data)
    if info is None:
        bouwers = " en ".join(f"'loep {c}'" for c in FIRST_USE_COMMANDS)
        raise LoepFout(f"Nog geen gegevens in {folder}. 'loep info' kijkt alleen en bouwt niets; {bouwers} en de "
                       f"formules en knoppen in Excel bouwen bij hun eerste gebruik de synthetische "
                       f"demonstratiedata. Meteen bouwen: 'loep demodata'; eigen bestanden: 'loep importeer'.")
    info = store.load(args.data).info  # the content checked against its recorded hash, as every count is
    print(info_text(info, store.bases_per_schooljaar(args.data), folder, store.generator_version(args.data)))
    notice = demo.stale_notice(args.data)
    if notice:
        print(notice, file=sys.stderr)
    return 0


def info_text(info: DataInfo, per_jaar: dict[str, tuple[str, ...]], folder, generator: str | None = None) -> str:
    """The Dutch description of a store, as ``loep info`` prints it."""
    lines = [f"Gegevensmap: {folder}"]
    if info.synthetisch:
        lines.append(f"Soort: {SYNTHETIC_LABEL}"
                     + (f" (gemaakt met versie {generator} van de demogenerator)" if generator else ""))
    else:
        lines.append("Soort: echte gegevens (geïmporteerde open-databestanden)")
    lines += [
        f"Bron: {info.bron}",
        f"Telling op: {info.peildatum}",
        f"Schooljaren: {_year_range(info)}",
        f"Rijen: {getal(info.rijen)}",
        f"Provincie beschikbaar volgens: {', '.join(info.bases) or 'geen basis in alle schooljaren'}"
        + (" (in alle schooljaren)" if info.bases else ""),
    ]
    partial = [b for b in BASES if b not in info.bases and any(b in v for v in per_jaar.values())]
    for b in partial:
        jaren = [j for j, v in sorted(per_jaar.items()) if b in v]
        lines.append(f"  {b}: alleen in {', '.join(jaren)}")
    lines.append(f"Dataversie: {info.dataversie}")
    lines.append(f"Bewaard op: {info.aangemaakt}")
    lines.append(f"Bronbestanden ({len(info.bronnen)}):")
    for s in info.bronnen:
        lines.append(f"  - {s.naam} ({', '.join(s.schooljaren)}; {getal(s.rijen_gelezen)} rijen gelezen, "
                     f"{getal(s.rijen_behouden)} behouden)")
    return "\n".join(lines)


def _year_range(info: DataInfo) -> str:
    """'2016-2017 tot 2025-2026 (10)', '2024-2025' or 'geen' (after a 'Schooljaren:' label)."""
    j = info.schooljaren
    if not j:
        return "geen"
    if len(j) == 1:
        return j[0]
    return f"{j[0]} tot {j[-1]} ({len(j)})"


def _years(info: DataInfo) -> str:
    """'schooljaren 2016-2017 tot 2025-2026 (10)', 'schooljaar 2024-2025' or 'geen schooljaren' (in a sentence)."""
    j = info.schooljaren
    if not j:
        return "geen schooljaren"
    return f"{'schooljaar' if len(j) == 1 else 'schooljaren'} {_year_range(info)}"


def cmd_aantal(args: argparse.Namespace) -> int:
    from addin.core.query import get_query

    if store.read_info(args.data) is None or demo.stale_notice(args.data):  # (re)build the demo data, with a bar
        notes: list[str] = []
        try:
            with Bar("Demonstratiedata bouwen") as bar:
                demo.ensure(args.data, progress=bar, notify=notes.append)
        finally:
            for note in notes:  # after the bar, not through it
                print(note, file=sys.stderr)
    query = get_query(args.data)
    n = query.count(schooljaar=args.schooljaar, provincie=args.provincie, basis=args.basis,
                    onderwijsvorm=args.onderwijsvorm, graad=args.graad, sector=args.sector,
                    studierichting=args.studierichting, duaal=args.duaal, filters=args.filter or None)
    print(n)
    print(query.dataset.info.samenvatting, file=sys.stderr)  # provenance beside the bare number
    return 0
