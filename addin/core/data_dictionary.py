"""The data dictionary: every canonical column and every cleaning rule, in Dutch Markdown.

Generated from :data:`addin.core.schema.CANONICAL`, the vocabularies of :mod:`addin.core.labels`
and the rule tables of :mod:`addin.core.cleaning`; ``docs/data-dictionary.md`` is its output
(a test keeps the two equal).
"""

from __future__ import annotations

from addin.core.catalogue import DOMEINEN
from addin.core.cleaning import (
    BUITEN_VLAANDEREN,
    _NIET_SECUNDAIR_WOORDEN,
    DUAAL_GROEP_EINDES,
    FINALITEITEN,
    MAX_AFGEWEZEN,
    MAX_AANTAL_PER_RIJ,
    MAX_AFGEWEZEN_STRENG,
    ONBEKEND,
    VORM_VAN_HOOFDSTRUCTUUR,
)
from addin.core.cleaning_report import TOON_RIJEN, getal
from addin.core.dimensions import DIMENSIONS, IGNORED_COLUMNS
from addin.core.labels import (
    BASIS,
    GESLACHT,
    GRAAD,
    GRADEN,
    HOOFDSTRUCTUUR,
    HOOFDSTRUCTUUR_CODES,
    HS_BUSO,
    HS_GEWOON,
    NIET_SECUNDAIR_CODES,
    ONDERWIJSVORM,
    PROVINCIE,
    PROVINCIES,
    fold,
)
from addin.core.year_replacement import MIN_VERVANGING, WAARSCHUW_VERANDERING
from addin.core.reader import CSV_SUFFIXES, HEADER_SCAN_LINES, XLSX_SUFFIXES
from addin.core.schema import (
    BASES,
    CANONICAL,
    OFFICIAL_COLUMNS,
    OPTIONAL_COLUMNS,
    PEILDATUM,
    REQUIRED_COLUMNS,
    SYNTHETIC_COLUMN,
)


def _aliases(vocab) -> str:
    """'alias → waarde' pairs of a vocabulary (folded spellings), beyond the canonical values."""
    own = {fold(v) for v in vocab.waarden}
    pairs = [f"`{k}` → {v}" for k, v in vocab._index.items() if k not in own]  # noqa: SLF001 - read-only
    return "; ".join(pairs) if pairs else "geen"


def data_dictionary() -> str:
    """The data dictionary (Markdown, Dutch) of the canonical table and every cleaning rule.

    ``docs/data-dictionary.md`` is this text (a test keeps the two equal).
    """
    out: list[str] = []
    w = out.append
    w("# Gegevenswoordenboek van Loep")
    w("")
    w("_Dit bestand is gegenereerd door `addin.core.data_dictionary.data_dictionary()` uit `addin/core/schema.py`, "
      "`addin/core/labels.py` en de regels in `addin/core/cleaning.py`; pas die aan, niet dit bestand "
      "(`python -m addin.core.data_dictionary > docs/data-dictionary.md`)._")
    w("")
    w("## 1. Bronbestanden")
    w("")
    w("Loep leest de open-databestanden *inschrijvingen leerplicht per instelling* zoals u ze downloadt "
      f"(telling op {PEILDATUM}):")
    w("")
    w(f"- CSV ({', '.join(CSV_SUFFIXES)}) met komma, puntkomma of tab als scheidingsteken (afgeleid uit de "
      "kopregel), in UTF-8 met of zonder BOM, in Windows-1252 of in UTF-16 met BOM (Excel 'Unicode-tekst', "
      f"tab-gescheiden); of Excel ({', '.join(XLSX_SUFFIXES)}): het eerste blad met de kopregel.")
    w("- Een CSV die niet eindigt met een regeleinde krijgt een waarschuwing in het rapport (misschien een "
      "onderbroken download). Een regel met te veel of te weinig velden stopt de import met het regelnummer.")
    w("- Rijen waarvan alle cellen leeg zijn (`;;;;`) worden overgeslagen en apart geteld (`lege rijen`), niet "
      "afgewezen.")
    w(f"- De kopregel mag onder enkele titelregels staan: Loep zoekt in de eerste {HEADER_SCAN_LINES} regels de regel "
      "met alle verplichte kolommen; de overgeslagen titelregels staan in het rapport.")
    w("- Kolomnamen: hoofdletters, spaties en koppeltekens maken niet uit (`Vestiging Provincie Naam` = "
      "`vestiging_provincie_naam`); de volgorde van de kolommen is vrij.")
    w(f"- Verplichte kolommen: {', '.join(f'`{c}`' for c in REQUIRED_COLUMNS)}.")
    w(f"- Officiële kolommen die Loep kent: {', '.join(f'`{c}`' for c in OFFICIAL_COLUMNS)}.")
    w(f"- Optionele kolommen (gedocumenteerde uitbreiding): {', '.join(f'`{c}`' for c in OPTIONAL_COLUMNS)}. "
      "De officiële bestanden hebben alleen de provincie van de vestigingsplaats; een bestand met "
      "`hoofdzetel_provincie_naam` of `woonplaats_provincie_naam` maakt die basis beschikbaar. Een bestand met "
      f"de kolom `{SYNTHETIC_COLUMN}` met de waarde `ja` (de demonstratiebestanden van Loep zetten die op elke rij) "
      "is synthetische demonstratiedata: de hele import wordt dan als synthetisch bewaard (nooit als officiële "
      "cijfers) en vervangt echte gegevens alleen met `--overschrijven`.")
    w("- Andere kolommen worden genegeerd en in het rapport vermeld.")
    w("- Excel: elke cel wordt gelezen als de tekst die een CSV-export zou bevatten (getallen zoals bewaard, "
      "formules met hun laatst berekende waarde); een datum komt als Excel-serienummer (geen officiële kolom is een "
      "datum).")
    w("- Schooljaar: uit de kolom `schooljaar` als die er is (per rij; een lege cel neemt het schooljaar uit de "
      "bestandsnaam), anders uit de bestandsnaam (`…-dataset-2023-2024-1feb.csv`, `…_2023-24.xlsx`, "
      "`lln 2023–2024.csv` met een gedachtestreepje). Schrijfwijzen als `2021-22`, `2021/2022` en `2021` worden "
      "`2021-2022`. Noemt de bestandsnaam twee verschillende schooljaren, dan stopt de import (tenzij er een kolom "
      "`schooljaar` is); noemt de kolom een ander schooljaar dan de bestandsnaam, dan volgt Loep de kolom en "
      "waarschuwt het rapport.")
    w("- Rijnummers in het rapport: 1 = de eerste gegevensrij onder de kopregel (lege regels tellen niet mee).")
    w("")
    w("## 2. Kolommen van de opgeschoonde tabel")
    w("")
    w("| kolom | type | betekenis | bron |")
    w("|---|---|---|---|")
    for c in CANONICAL:
        w(f"| `{c.naam}` | {c.dtype} | {c.omschrijving} | {c.bron} |")
    w("")
    w("Waarden van `provincie_*`, `geslacht`, `graad`, `onderwijsvorm`, `hoofdstructuur` en `sectortype` volgen de "
      "vaste volgorde van hun woordenlijst; `aantal` is een geheel getal ≥ 0.")
    w("")
    w("## 3. Dimensies: waarop een vraag kan gaan")
    w("")
    w("Elke dimensie kan in een filter, een draaitabel, een celformule (`LOEP.AANTAL`, `LOEP.DRAAITABEL`, "
      "`LOEP.WAARDEN`) en op de opdrachtregel (`loep aantal --filter`, `loep tabel`, `loep dimensies`) gebruikt "
      "worden, met haar korte naam of een van de andere namen (ook de kolomnaam van het officiële bestand). "
      "Waarden mogen getypt worden zoals een gebruiker ze typt: hoofdletters, accenten en streepjes maken niet uit, "
      "en de schrijfwijzen hieronder worden herkend. Meerdere waarden: `onderwijsvorm=bso;tso`.")
    w("")
    w("| dimensie | ook te typen als | kolom in Loep | uit kolom(men) van het bestand | betekenis |")
    w("|---|---|---|---|---|")
    for d in DIMENSIONS:
        kolom = ", ".join(f"`{c}`" for _, c in BASES.values()) if d.soort == "provincie" else f"`{d.kolom}`"
        ook = ", ".join(f"`{a}`" for a in d.aliassen) or "—"
        w(f"| `{d.naam}` | {ook} | {kolom} | {', '.join(f'`{b}`' for b in d.bron)} | {d.uitleg} |")
    w("")
    w("Waarden en schrijfwijzen per dimensie met een vaste woordenlijst:")
    w("")
    for d in DIMENSIONS:
        if d.soort == "vast" and d.vocabulaire is not None:
            w(f"- `{d.naam}`: {', '.join(f'`{v}`' for v in d.vocabulaire.waarden)}. Andere schrijfwijzen: "
              f"{_aliases(d.vocabulaire)}.")
    w("")
    w("De andere dimensies (" + ", ".join(d.naam for d in DIMENSIONS if d.soort == "data")
      + ") nemen hun waarden uit de gegevens; `loep dimensies` "
      "en `=LOEP.WAARDEN(\"dimensie\")` tonen ze. Een lege cel wordt `Onbekend` (of `n.v.t.` waar de dimensie "
      "niet van toepassing is): een rij valt nooit weg omdat een kenmerk ontbreekt. Een waarde buiten een vaste "
      "woordenlijst wordt bewaard zoals ze geschreven is en in het rapport vermeld.")
    w("")
    w("Kolommen van het officiële bestand die Loep niet als dimensie bewaart (het rapport vermeldt ze per bestand):")
    w("")
    for col, why in IGNORED_COLUMNS.items():
        w(f"- `{col}`: {why}.")
    w("")
    w("## 4. Regels per kolom")
    w("")
    w("Alle vergelijkingen van labels negeren hoofdletters, accenten en spaties/koppeltekens/underscores. Elke regel "
      "werkt op de verschillende waarden van een bestand, niet rij per rij.")
    w("")
    w("### Welke rijen (hoofdstructuur)")
    w("")
    w("- Eerst het label in `hoofdstructuur` (met deze schrijfwijzen: "
      f"{_aliases(HOOFDSTRUCTUUR)}); is dat onbekend, dan de code in `hoofdstructuur_inschrijving_code`: "
      + ", ".join(f"{k} = {v}" for k, v in HOOFDSTRUCTUUR_CODES.items()) + ". Syntra wordt herkend aan het label "
      "(de code mag leeg zijn of iets anders).")
    w(f"- Kleuter- en lager onderwijs (codes {', '.join(sorted(NIET_SECUNDAIR_CODES))}, of een label met "
      f"{' of '.join(repr(x) for x in _NIET_SECUNDAIR_WOORDEN)}) worden **overgeslagen** en per label geteld in het "
      "rapport; dat is geen fout.")
    w("- Elke andere waarde wordt **afgewezen** (met reden en rijnummer).")
    w("")
    w("### onderwijsvorm")
    w("")
    w("| hoofdstructuur | onderwijsvorm in Loep |")
    w("|---|---|")
    for hs, vorm in VORM_VAN_HOOFDSTRUCTUUR.items():
        w(f"| {hs} | `{vorm}` (wat de kolom onderwijsvorm ook zegt) |")
    w(f"| {HS_GEWOON} | OKAN (graad `n.v.t. (okan)`, ook als finaliteit) wordt `okan`, HBO5 (`n.v.t. (hbo)`) "
      "wordt `hbo5`; anders de kolom onderwijsvorm: `aso`, `bso`, `tso`, `kso` blijven; `n.v.t. (1e graad)`, "
      "`n.v.t. (modulair)` en leeg worden `n.v.t.` |")
    w("")
    w(f"Een rij van {HS_GEWOON} in de 2e of 3e graad zonder onderwijsvorm (leeg of n.v.t.) krijgt die uit de "
      "finaliteit (vermeld als omzetting in het rapport):")
    w("")
    w("| finaliteit | onderwijsvorm |")
    w("|---|---|")
    seen = set()
    for fin, vorm in FINALITEITEN.values():
        if fin not in seen:
            seen.add(fin)
            w(f"| {fin} | `{vorm}` |")
    w("")
    w(f"Andere schrijfwijzen: {_aliases(ONDERWIJSVORM)}. Een onbekende onderwijsvorm wordt afgewezen.")
    w("")
    w("### graad")
    w("")
    w(f"Waarden: {', '.join(f'`{g}`' for g in GRADEN)}. `n.v.t. (okan)` wordt `OKAN`, `n.v.t. (hbo)` `HBO5`, "
      "`n.v.t. (modulair)` `modulair`; elke andere `n.v.t. (…)` wordt `n.v.t.`. Leeg wordt `n.v.t.` voor "
      f"{HS_BUSO} en Syntra; voor de andere hoofdstructuren wordt een lege graad afgewezen. Andere schrijfwijzen: "
      f"{_aliases(GRAAD)}.")
    w("")
    w("### hoofdstructuurcode")
    w("")
    w("De code uit `hoofdstructuur_inschrijving_code` (311, 312, 321). Zonder (geldige) code volgt ze uit het label; "
      "Syntra hoort bij code 311, zoals in de officiële bestanden. Een filter `hoofdstructuur=311` filtert op de code.")
    w("")
    w("### regiotype, gemeente, school, vestigingsplaats en de andere kenmerken van de school")
    w("")
    w("Zie de tabel van de dimensies hierboven: elke waarde wordt opgeschoond (spaties) en naar de vaste "
      "schrijfwijze van haar woordenlijst gebracht waar die er is; het rapport vermeldt elke omzetting.")
    w("")
    w("### leerjaar, finaliteit, studierichting")
    w("")
    w("Spaties opgeruimd (begin, einde, dubbele spaties); hoofdletters blijven. Een lege waarde wordt `n.v.t.`. "
      "finaliteit: elke `n.v.t. (…)` wordt `n.v.t.`; " + ", ".join(sorted({v[0] for v in FINALITEITEN.values()}))
      + " in vaste schrijfwijze.")
    w("")
    w("### sector en sectortype")
    w("")
    w("1. Kent de echte catalogus van duale opleidingen (`addin/reference`: het aanbod 2026 met domein en de "
      "opleidingen van vóór de modernisering met studiegebied) de studierichting, dan komt de sector uit de "
      "catalogus (`sectortype` `domein` of `studiegebied`). De afkorting `DL` in een naam telt als `duaal`.")
    w("2. Anders de kolom `domein` van het bestand: is dat een van de domeinen ("
      + ", ".join(DOMEINEN.values()) + "), dan `sectortype` `domein`, anders `studiegebied`.")
    w(f"3. Geen domein: sector `{ONBEKEND}`, `sectortype` `onbekend` (aantal rijen vermeld in het rapport).")
    w("")
    w("### duaal")
    w("")
    w("Waar als de administratieve groep (zonder spaties aan begin en einde, hoofdletters maken niet uit) eindigt op "
      + " of ".join(f"`{e}`" for e in DUAAL_GROEP_EINDES)
      + ", **of** de naam van de studierichting de tekst `duaal` bevat (hoofdletters maken niet uit), **of** die naam "
      "eindigt op ` DL` (de afkorting van 'duaal' in de echte catalogus). Dat is de regel van de open-datanota, "
      "aangevuld met die afkorting.")
    w("")
    w("### provincie (drie bases)")
    w("")
    w("| basis | kolom in het bestand | kolom in Loep |")
    w("|---|---|---|")
    for basis, (raw_col, canon_col) in BASES.items():
        w(f"| {basis} | `{raw_col}`{' (verplicht)' if basis == 'vestigingsplaats' else ' (optioneel)'} | "
          f"`{canon_col}` |")
    w("")
    w(f"Waarden: {', '.join(PROVINCIES)}. Andere schrijfwijzen: {_aliases(PROVINCIE)}. Een onbekende provincie "
      "wordt afgewezen met een suggestie; een lege vestigingsplaats ook. Een lege hoofdzetel- of woonplaatsprovincie "
      "blijft leeg (onbekend) en wordt vermeld. Een hoofdzetel- of woonplaatsprovincie buiten Vlaanderen en Brussel "
      "(een Waalse provincie, ook in het Frans, het buitenland, of 'onbekend': "
      + ", ".join(f"'{v}'" for v in sorted(BUITEN_VLAANDEREN)) + "; hoofdletters, accenten en streepjes maken "
      "niet uit) wijst de rij niet af: de rij telt mee in alle totalen (ook per vestigingsplaats), maar heeft onder "
      "die basis geen provincie en telt dus bij geen enkele provincie en niet in het totaal 'Vlaanderen en Brussel' "
      "van die basis. Het rapport vermeldt hoeveel rijen zo behandeld zijn. Een andere onbekende waarde wordt "
      "afgewezen. Heeft een bestand een basis niet, dan is die kolom leeg voor zijn "
      "rijen, en de opslag houdt per schooljaar bij welke bases er zijn (de bases van alle schooljaren staan in de "
      "metadata). Ook voor de basis gelden deze schrijfwijzen: " + _aliases(BASIS) + ".")
    w("")
    w("### geslacht")
    w("")
    w(f"Waarden: {', '.join(GESLACHT.waarden)}. Andere schrijfwijzen: {_aliases(GESLACHT)}. Onbekend of leeg: "
      "afgewezen.")
    w("")
    w("### aantal")
    w("")
    w("`aantal_inschrijvingen` moet een geheel getal ≥ 0 zijn, in cijfers. Een geheel getal met nullen na de komma "
      "(`3,0`, `12.0`, `7,00`) wordt aanvaard. Afgewezen met rijnummer en waarde: een scheidingsteken voor "
      "duizendtallen (`1.234`, ook `1.000`), een kommagetal (`2,5`), een negatief getal (`-3`), tekst (`twaalf`), "
      f"een lege cel en een onwaarschijnlijk groot aantal: meer dan {getal(MAX_AANTAL_PER_RIJ)} leerlingen in één "
      "rij (een rij telt de leerlingen van één vestigingsplaats in één opleiding, leerjaar en geslacht; geen "
      "vestigingsplaats heeft er zoveel). Zo'n rij telt nergens mee.")
    w("")
    w("### dubbele rijen")
    w("")
    w("Een rij waarvan álle kolommen van het bestand gelijk zijn aan een eerdere rij van hetzelfde bestand wordt "
      "afgewezen met de reden `dubbele rij (gelijk aan rij N)`; de eerste blijft.")
    w("")
    w("### te veel afgewezen rijen")
    w("")
    w(f"Wordt meer dan {MAX_AFGEWEZEN:.0%} van de rijen van een bestand afgewezen, dan is het waarschijnlijk het "
      "verkeerde bestand: de import stopt met een melding die de eerste redenen noemt, en de opslag blijft "
      "ongewijzigd.")
    w("")
    streng = f"{MAX_AFGEWEZEN_STRENG * 100:.0f} %"
    w(f"Houden de afgewezen rijen van een bestand meer dan {streng} van zijn rijen of meer dan {streng} van zijn "
      "leerlingen (`aantal`) in, dan stopt de import ook: de melding noemt het "
      "bestand, het aantal afgewezen rijen en leerlingen en de drie meest voorkomende redenen (met suggesties zoals "
      "`bedoelde u 'Antwerpen'?`; bij dubbele rijen de uitleg dat er waarschijnlijk kolommen verwijderd zijn). "
      "`loep importeer --toch-importeren` importeert toch; het rapport waarschuwt dan bovenaan.")
    w("")
    w("### veiligheidsregels van een import")
    w("")
    w("- Twee bestanden met hetzelfde schooljaar in één import: de import stopt (de leerlingen zouden dubbel "
      "geteld worden). Eén bestand per schooljaar; een verbeterd bestand vervangt later het vorige.")
    w(f"- Een bewaard schooljaar (echte gegevens) wordt niet vervangen door gegevens met minder dan "
      f"{MIN_VERVANGING * 100:.0f} % van zijn bewaarde leerlingen (bv. een onderbroken download), tenzij met "
      "`--toch-importeren`. Elke vervanging toont de leerlingen voor en na met de verandering in %; een "
      f"verandering van {_pct_text(WAARSCHUW_VERANDERING)} of meer (omhoog of omlaag) krijgt een waarschuwing "
      "(`LET OP`). De regel geldt voor elke import (opdrachtregel, knoppen in Excel, scripts): de opslag zelf "
      "telt de bewaarde leerlingen.")
    w("")
    w("## 5. Opschoningsrapport")
    w("")
    w("Elke import toont en bewaart een rapport in `<gegevensmap>/rapporten/import-<datum>-<tijd>.txt` en `.json`: "
      "per bestand de gelezen, behouden, overgeslagen, lege en afgewezen rijen, telkens met hun aantal "
      "leerlingen; de redenen van afwijzing gegroepeerd met "
      f"de eerste {TOON_RIJEN} rijnummers; de omzettingen van waarden (ruwe waarde → Loep, met aantal rijen); "
      "genegeerde kolommen, overgeslagen titelregels, tekencodering, scheidingsteken en schooljaren.")
    w("")
    w("## 6. Opslag")
    w("")
    w("- Eén Parquet-bestand `<gegevensmap>/leerlingen.parquet` met alle schooljaren; de herkomst (bronbestanden met "
      "hun sha256, schooljaren, bases, dataversie, synthetisch of niet, peildatum) staat in de metadata (sleutel "
      "`loep`), de bases per schooljaar onder `loep_bases`.")
    w("- De gegevensmap: `--data MAP`, anders de omgevingsvariabele `LOEP_DATA`, anders de gebruikersmap van Loep.")
    w("- Een schooljaar uit een nieuwe import vervangt dat schooljaar in de opslag (een verbeterd bestand vervangt "
      "zijn jaar); nieuwe schooljaren komen erbij; hetzelfde bestand opnieuw importeren verandert niets.")
    w("- `dataversie`: de eerste 12 tekens van een sha256 over de opgeschoonde inhoud (kolommen, categorieën, "
      "waarden, in vaste volgorde schooljaar, bronbestand, bronrij).")
    w("- Echte bestanden importeren in een map met demonstratiedata verwijdert de demonstratiedata volledig. "
      "Demonstratiedata in een map met echte gegevens kan alleen met `--overschrijven`.")
    w("- Schrijven gebeurt naar een tijdelijk bestand in dezelfde map dat daarna in één stap de plaats inneemt van "
      "het oude: een onderbroken import laat de vorige gegevens intact.")
    return "\n".join(out) + "\n"


def _pct_text(fraction: float) -> str:
    """0.005 -> '0,5 %'."""
    return f"{fraction * 100:g} %".replace(".", ",")


if __name__ == "__main__":  # python -m addin.core.data_dictionary > docs/data-dictionary.md
    print(data_dictionary(), end="")
