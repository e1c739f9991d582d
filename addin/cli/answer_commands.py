"""``loep antwoord``: the main job, a parliamentary question turned into an answer workbook;
``loep vragen``: the built-in questions it can answer."""

from __future__ import annotations

import sys

from addin.cli.progress import Bar
from addin.core.dataset import SYNTHETIC_LABEL


def register(sub) -> None:
    """Add ``antwoord`` and ``vragen`` to the subcommands."""
    v = sub.add_parser(
        "vragen",
        help="toon de ingebouwde vragen (naam, titel, tabellen) die 'loep antwoord --vraag NAAM' beantwoordt",
        description="Toont de vraagbestanden die Loep meelevert: hun naam (voor --vraag en LOEP.TABEL), of het "
                    "een voorbeeld is, de titel, de parameters en de tabellen. Een eigen vraag is een TOML-bestand "
                    "(zie docs/vragen.md): loep antwoord --vraag PAD/naar/vraag.toml.",
    )
    v.set_defaults(handler=run_vragen)
    p = sub.add_parser(
        "antwoord",
        help="maak de antwoordbundel (werkboek met tabellen, grafieken en ontwerpantwoord, het ontwerpantwoord "
             "als Word-document, en per tabel een CSV)",
        description="Beantwoordt een parlementaire vraag: leest de vraag (TOML), maakt haar tabellen met "
                    "grafieken, een ontwerp van antwoord (in het werkboek en als Word-document) en per tabel een "
                    "CSV, plus een CSV die Excel in het Nederlands met een dubbelklik opent. Zonder opties: de "
                    "vraag over duaal leren in de provincie Antwerpen, op de ingebouwde gegevens. De ingebouwde "
                    "vragen toont 'loep vragen'.",
    )
    p.add_argument("--vraag", metavar="SPEC",
                   help="vraagbestand (.toml) of naam van een ingebouwde vraag (zie 'loep vragen'; standaard: "
                        "duaal-leren-antwerpen)")
    p.add_argument("--provincie", help="provincie (of Brussel); standaard die uit het vraagbestand")
    p.add_argument("--basis", help="vestigingsplaats, hoofdzetel of woonplaats; standaard die uit het vraagbestand")
    p.add_argument("--van", metavar="SCHOOLJAAR", help="eerste schooljaar, bv. 2016-2017")
    p.add_argument("--tot", metavar="SCHOOLJAAR", help="laatste schooljaar (standaard: het recentste in de gegevens)")
    p.add_argument("--uit", metavar="PAD",
                   help="bestandsnaam die eindigt op .xlsx, of een map (standaard: de huidige map, met een naam "
                        "afgeleid van de vraag)")
    p.add_argument("--overschrijven", action="store_true", help="vervang bestaande bestanden")
    p.add_argument("--data", metavar="MAP", help="gegevensmap (standaard: LOEP_DATA of de gebruikersmap)")
    p.add_argument("--zonder-geheimhouding", dest="geheimhouding", action="store_const", const=False, default=None,
                   help="toon ook aantallen kleiner dan de drempel (alleen voor intern gebruik: het werkboek krijgt "
                        "'niet voor publicatie'); standaard worden ze verborgen (vraagbestand [geheimhouding] of "
                        "LOEP_GEHEIMHOUDING kan dat ook regelen, de opdrachtregel gaat voor)")
    p.add_argument("--drempel", metavar="N",
                   help="aantallen van 1 tot N-1 verbergen (standaard 5: aantallen 1 tot 4; 0 wordt altijd getoond)")
    p.set_defaults(handler=run_antwoord)


def run_antwoord(args) -> int:
    """Handler of ``loep antwoord``; user mistakes raise LoepFout (main prints them in Dutch)."""
    from addin.report.answer import make_answer
    from addin.report.csv_export import metadata_path

    notes: list[str] = []  # the first-use notice of the demo data, printed after the bar
    try:
        with Bar("Antwoord maken") as bar:
            result = make_answer(args.vraag, provincie=args.provincie, basis=args.basis, van=args.van,
                                 tot=args.tot, uit=args.uit, overwrite=args.overschrijven, data_dir=args.data,
                                 progress=bar, notify=notes.append, geheimhouding=args.geheimhouding,
                                 drempel=args.drempel)
    finally:
        for note in notes:
            print(note, file=sys.stderr)
    p = result.spec.params
    if result.bezette_naam is not None:
        print(f"'{result.bezette_naam.name}' bestaat al (van een vorige keer); dit antwoord kreeg daarom de naam "
              f"'{result.workbook_path.name}'. Een eigen naam kiest u met --uit, vervangen doet u met "
              f"--overschrijven.")
    print(f"Werkboek: {result.workbook_path}")
    if result.docx_path is not None:
        print(f"Ontwerpantwoord als Word-document: {result.docx_path.name}")
    print(f"CSV per tabel ({len(result.csv_paths)}): {result.csv_paths[0].parent}"
          if result.csv_paths else "Geen tabellen, dus geen CSV-bestanden.")
    if result.excel_csv_paths:
        print(f"Dezelfde tabellen voor Excel in het Nederlands (puntkomma, decimale komma; dubbelklikken): "
              f"{result.excel_csv_paths[0].name} …")
    print(f"Bron en kolommen van de CSV-bestanden (CSVW): {metadata_path(result.workbook_path).name}")
    print(f"Vraag {result.spec.nummer}: provincie {p.provincie} ({p.basis}), {p.van} tot en met {p.tot}; "
          f"tabellen {', '.join(t.sleutel for t in result.tables)}.")
    for opmerking in result.spec.afwijkingen():  # other parameters than the question's, a moved first year
        print(opmerking)
    if result.geheimhouding is not None and not result.geheimhouding.aan:
        print(result.geheimhouding.regel, file=sys.stderr)
    elif result.verborgen:
        print(f"Geheimhouding: {result.verborgen} cellen verborgen ({result.geheimhouding.primair_teken} of "
              f"{result.geheimhouding.secundair_teken}); de controle vond geen verborgen cel die uit de totalen af te "
              "leiden is.")
    if result.info.synthetisch:
        print(f"LET OP: {SYNTHETIC_LABEL}.", file=sys.stderr)
    return 0


def run_vragen(args) -> int:
    """Handler of ``loep vragen``: one block per built-in question file."""
    from addin.core.questionspec import DEFAULT_SPEC, builtin_specs, load_spec

    names = builtin_specs()
    print(f"Ingebouwde vragen ({len(names)}); beantwoorden met: loep antwoord --vraag NAAM")
    for name in names:
        spec = load_spec(name)
        p = spec.params
        soort = "voorbeeld, geen echte vraag" if spec.voorbeeld else f"schriftelijke vraag nr. {spec.nummer}"
        standaard = " (standaard)" if spec.pad.name == DEFAULT_SPEC else ""
        print()
        print(f"{name}{standaard} — {soort}")
        print(f"  {spec.titel}")
        print(f"  parameters: provincie {p.provincie}, basis {p.basis}, vanaf {p.van}"
              + (f" tot {p.tot}" if p.tot else " tot het recentste schooljaar"))
        print(f"  tabellen: {', '.join(spec.table_keys) or 'geen'}")
    return 0
