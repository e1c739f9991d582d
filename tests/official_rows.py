"""Build small official-layout files for the reader, cleaning, store and CLI tests.

Plain Python (csv module, openpyxl) only, so what the tests expect is computed from these
rows independently of Loep's code.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from addin.core.schema import OFFICIAL_COLUMNS

GEWOON = "Voltijds gewoon secundair onderwijs"
DBSO = "Deeltijds beroepssecundair onderwijs"
BUSO = "Buitengewoon secundair onderwijs"
BRUSSEL = "Brussels Hoofdstedelijk Gewest"
PROVINCES = ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen", BRUSSEL)

_counter = iter(range(10**9))


def row(**kw) -> dict[str, str]:
    """One valid official row (a 311 pupil count in the 3rd graad bso); keywords override columns."""
    base = {
        "hoofdstructuur": GEWOON,
        "hoofdstructuur_inschrijving_code": "311",
        "graad_so": "3e graad",
        "leerjaar": "5e leerjaar",
        "leerjaar_code": "5",
        "onderwijsvorm": "bso",
        "finaliteit": "Arbeidsmarktfinaliteit",
        "domein": "Maatschappij en welzijn",
        "studierichting": "Haarverzorging",
        "administratieve_groep": "5 HV",
        "opleidingsvorm": "",
        "type_buitengewoon_onderwijs": "",
        "onderwijsnet": "GO!",
        "soort_inrichtende_macht": "Gemeenschapsonderwijs",
        "schoolbestuur": "Scholengroep 1",
        "scholengemeenschap": "SG 1",
        "geslacht": "Vrouwelijk",
        "belg_nietbelg": "Belg",
        "school_krijgt_omkadering_gok": "Nee",
        "vestiging_provincie_naam": "Antwerpen",
        "vestiging_fusiegemeente_naam": "Antwerpen",
        "instellingsnummer": "12345",
        "intern_volgnr_vpl": str(next(_counter)),  # keeps generated rows distinct
        "vestigingsplaats_adres": "Schoolstraat 1",
        "taal_code": "N",
        "aantal_inschrijvingen": "3",
    }
    base.update({k: str(v) for k, v in kw.items()})
    return base


def varied_rows(n: int, seed: int = 1, **kw) -> list[dict[str, str]]:
    """``n`` valid, distinct rows over provinces, sexes, forms and graden (secondary only)."""
    rnd = random.Random(seed)
    kinds = [
        dict(hoofdstructuur=GEWOON, hoofdstructuur_inschrijving_code="311", graad_so="1e graad",
             leerjaar="1e leerjaar A", onderwijsvorm="n.v.t. (1e graad)", finaliteit="n.v.t. (1e graad)",
             domein="", studierichting="1e leerjaar A", administratieve_groep="1A"),
        dict(hoofdstructuur=GEWOON, hoofdstructuur_inschrijving_code="311", graad_so="2e graad",
             leerjaar="3e leerjaar", onderwijsvorm="tso", finaliteit="Dubbele finaliteit", domein="STEM",
             studierichting="Elektromechanische technieken", administratieve_groep="3 EMT"),
        dict(hoofdstructuur=GEWOON, hoofdstructuur_inschrijving_code="311", graad_so="3e graad",
             leerjaar="5e leerjaar", onderwijsvorm="bso", finaliteit="Arbeidsmarktfinaliteit",
             domein="Maatschappij en welzijn", studierichting="Haarverzorging duaal", administratieve_groep="5 HV"),
        dict(hoofdstructuur=GEWOON, hoofdstructuur_inschrijving_code="311", graad_so="3e graad",
             leerjaar="6e leerjaar", onderwijsvorm="aso", finaliteit="Doorstroomfinaliteit",
             domein="Taal en cultuur", studierichting="Moderne talen", administratieve_groep="6 MT"),
        dict(hoofdstructuur=DBSO, hoofdstructuur_inschrijving_code="312", graad_so="3e graad",
             leerjaar="5e leerjaar", onderwijsvorm="bso", finaliteit="Arbeidsmarktfinaliteit",
             domein="STEM", studierichting="Lassen-constructie", administratieve_groep="LAS DBSO"),
        dict(hoofdstructuur=BUSO, hoofdstructuur_inschrijving_code="321", graad_so="",
             leerjaar="", onderwijsvorm="", finaliteit="", domein="",
             studierichting="Groen- en tuinbeheer duaal", administratieve_groep="OV3 GT"),
        dict(hoofdstructuur="Syntra", hoofdstructuur_inschrijving_code="", graad_so="",
             leerjaar="", onderwijsvorm="", finaliteit="", domein="",
             studierichting="Kapper", administratieve_groep="KAP SYN"),
    ]
    out = []
    for _ in range(n):
        r = row(**rnd.choice(kinds))
        r["vestiging_provincie_naam"] = rnd.choice(PROVINCES)
        r["geslacht"] = rnd.choice(["Mannelijk", "Vrouwelijk"])
        r["aantal_inschrijvingen"] = str(rnd.randint(1, 40))
        r["instellingsnummer"] = str(rnd.randint(100, 130))
        r.update({k: str(v) for k, v in kw.items()})
        out.append(r)
    return out


def write_csv(path: Path, rows: list[dict[str, str]], *, delimiter: str = ",", encoding: str = "utf-8",
              columns: list[str] | None = None, titles: list[str] = (), header: list[str] | None = None) -> Path:
    """Write rows as CSV; ``columns`` picks/orders columns, ``header`` overrides the header cells."""
    columns = list(columns or (list(rows[0]) if rows else list(OFFICIAL_COLUMNS)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as fh:
        for t in titles:
            fh.write(t + "\r\n")
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header or columns)
        for r in rows:
            w.writerow([r.get(c, "") for c in columns])
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]], *, columns: list[str] | None = None,
               titles: list[str] = (), numbers: bool = True, first_sheet: list[list] | None = None) -> Path:
    """Write rows to an .xlsx (aantal as numbers when ``numbers``); optional title rows and a first extra sheet."""
    import openpyxl

    columns = list(columns or list(rows[0]))
    book = openpyxl.Workbook()
    sheet = book.active
    if first_sheet is not None:
        sheet.title = "Toelichting"
        for r in first_sheet:
            sheet.append(r)
        sheet = book.create_sheet("Gegevens")
    for t in titles:
        sheet.append([t])
    sheet.append(columns)
    for r in rows:
        values = []
        for c in columns:
            v = r.get(c, "")
            if numbers and c in ("aantal_inschrijvingen", "hoofdstructuur_inschrijving_code") and v.isdigit():
                v = int(v)
            values.append(v if v != "" else None)
        sheet.append(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
