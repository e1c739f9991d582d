"""A question table as data: the ``[[tabellen]]`` block of a question file, parsed and checked.

A :class:`TableSpec` says *what* a table shows (population, rows, columns, school years, measures,
order, cut, zero rows, chart, notes); :mod:`addin.core.tablebuild` turns it into a checked
:class:`addin.core.tables.QuestionTable` before any renderer runs. ``docs/vragen.md`` documents
every key; this module holds the one list of keys and measures, so the docs test can check them.

Every mistake is a :class:`LoepFout` naming the file, the table and the key, with a suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from addin.core.errors import LoepFout
from addin.core.labels import fold, suggest

# --- measures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureKind:
    """One kind of measure: its Dutch header part, number format and explanation (for the notes)."""

    naam: str
    eenheid: str          # header suffix: '(aantal)', '(%)', '(‰)', ''
    formaat: str          # key of tables.FORMATS
    uitleg: str           # one Dutch sentence for the notes; {noemer} = what the denominator counts
    optelbaar: bool = False  # a total column is the sum of its parts


MEASURES: dict[str, MeasureKind] = {m.naam: m for m in (
    MeasureKind("aantal", "(aantal)", "aantal", "Aantal: leerlingen op de telling van 1 februari.", True),
    MeasureKind("noemer", "(aantal)", "aantal", "Noemer: {noemer}.", True),
    MeasureKind("aandeel_noemer", "(%)", "procent",
                "Aandeel (%): de leerlingen van de tabel als deel van {noemer} (dezelfde cel)."),
    MeasureKind("per_1000", "(‰)", "promille",
                "Per 1.000 (‰): leerlingen van de tabel per 1.000 van {noemer} (dezelfde cel)."),
    MeasureKind("aandeel_rij", "(%)", "procent",
                "Aandeel in de rij (%): deel van het totaal van de rij in hetzelfde schooljaar."),
    MeasureKind("aandeel_kolom", "(%)", "procent",
                "Aandeel in de kolom (%): deel van het totaal van de kolom in hetzelfde schooljaar (ook "
                "leerlingen met een onbekende waarde tellen mee in dat totaal)."),
    MeasureKind("aandeel_totaal", "(%)", "procent",
                "Aandeel in het totaal (%): deel van alle leerlingen van de tabel in hetzelfde schooljaar."),
    MeasureKind("verschil", "(aantal)", "verschil",
                "Verschil: leerlingen min die van het vorige schooljaar (leeg = [z]: geen vorig schooljaar in de "
                "gegevens)."),
    MeasureKind("verschil_pct", "(%)", "procent",
                "Verschil in %: het verschil als deel van het vorige schooljaar (leeg = [z]: geen vorig "
                "schooljaar, of 0 leerlingen in het vorige schooljaar)."),
    MeasureKind("rang", "", "rang",
                "Rang: 1 = de meeste {rang_op}; gelijke waarden, gelijke rang."),
    MeasureKind("catalogus", "(aantal)", "aantal",
                "Catalogus: het aantal duale opleidingen in de catalogus 'Onderwijsaanbod SO' 2026."),
)}
#: Measures that need a denominator population (``noemer``).
NOEMER_MEASURES = frozenset({"noemer", "aandeel_noemer", "per_1000"})
#: What ``rang_op`` may rank by.
RANG_OP = ("aantal", "per_1000", "aandeel_noemer")

CHART_KINDS: dict[str, str | None] = {"kolom": "column", "staaf": "bar", "lijn": "line", "geen": None}
#: Named school-year selections: the period of the question (van … tot), its last year, the year
#: before it, the last three years up to tot.
YEAR_WORDS = ("periode", "laatste", "vorige", "laatste3")
#: Words of ``ook_zonder_leerlingen``: every value of the dimension, or every programme/sector of the
#: catalogue of dual programmes.
ZERO_WORDS = ("alle", "catalogus")
#: Named builders: tables no declaration can express (see ``addin.core.questions``).
BUILDERS = ("catalogus_zonder_leerlingen",)

TABLE_KEYS: tuple[str, ...] = (
    "naam", "titel", "filter", "rijen", "kolommen", "schooljaren", "maten", "noemer", "noemer_naam",
    "waarden", "overige", "labels", "ook_zonder_leerlingen", "totaal", "sorteer", "top", "onderste",
    "gelijken", "rang_op", "grafiek", "noten", "bouwer", "onderwerp",
)
MEASURE_KEYS: tuple[str, ...] = ("maat", "kop", "formaat", "schooljaar", "gebied")
CHART_KEYS: tuple[str, ...] = ("soort", "maat", "titel", "y_titel", "gestapeld", "zonder_nul")
PLACEHOLDERS: tuple[str, ...] = (
    "provincie", "regio", "basis", "volgens_basis", "van", "tot", "laatste", "vorige", "periode",
)
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,30}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the known placeholders ``{naam}`` in ``text`` (other braces stay as they are)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


@dataclass(frozen=True)
class Measure:
    """One measure of a table: kind, optional header, format, fixed school year and area."""

    maat: str
    kop: str | None = None
    formaat: str | None = None
    schooljaar: str | None = None     # None = every year of the table; 'laatste', 'vorige', 'laatste-2', '2024-2025'
    gebied: str | None = None         # 'alle' = Vlaanderen en Brussel, whatever the table's region

    @property
    def kind(self) -> MeasureKind:
        return MEASURES[self.maat]


@dataclass(frozen=True)
class ChartDecl:
    soort: str | None                 # XlsxWriter type, None = no chart
    maten: tuple[int, ...] = (0,)     # indexes into maten of the plotted measures
    titel: str | None = None
    y_titel: str | None = None
    gestapeld: bool = False
    zonder_nul: bool = False          # plot only the leading rows with a non-zero value


@dataclass(frozen=True)
class TableSpec:
    """A checked ``[[tabellen]]`` declaration (values still as typed; checked against the data when built).

    ``filter``, ``noemer`` and ``waarden`` map a dimension name to a tuple of values as the file gives
    them; ``ook_zonder`` maps a dimension to ('alle' | 'catalogus' | value, ...).
    """

    naam: str
    titel: str
    bestand: str = ""
    filter: dict[str, tuple] = field(default_factory=dict)
    rijen: tuple[str, ...] = ()
    kolommen: tuple[str, ...] = ()
    schooljaren: str | tuple[str, ...] | None = None
    maten: tuple[Measure, ...] = (Measure("aantal"),)
    noemer: dict[str, tuple] | None = None
    noemer_naam: str = ""
    waarden: dict[str, tuple] = field(default_factory=dict)
    overige: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    ook_zonder: dict[str, tuple] = field(default_factory=dict)
    totaal: bool | None = None
    sorteer: tuple[tuple[str, bool], ...] = ()   # (maat or dimension, descending)
    top: int | None = None
    onderste: int | str | None = None            # a number or 'helft'
    gelijken: bool = True
    rang_op: str = "aantal"
    grafiek: ChartDecl = ChartDecl("column")
    noten: tuple[str, ...] = ()
    bouwer: str | None = None
    onderwerp: str = ""                          # who is counted, for sentences ('leerlingen in een duale opleiding')

    @property
    def dims(self) -> tuple[str, ...]:
        return self.rijen + self.kolommen

    @property
    def has_year_dim(self) -> bool:
        return "schooljaar" in self.dims

    @property
    def per_province(self) -> bool:
        """True when the table is limited to the question's province (the province-limiting rule)."""
        return "provincie" not in self.dims and "provincie" not in self.filter


# --- dimensions --------------------------------------------------------------------------------


def dimension_names() -> tuple[str, ...]:
    """Dimension names a table may use (the registry, ``loep dimensies``)."""
    from addin.core.dimensions import DIMENSIONS

    return tuple(d.naam for d in DIMENSIONS)


def dimension_name(name: str, where) -> str:
    """Canonical dimension name of ``name`` (alias, official column), or a LoepFout from ``where``."""
    from addin.core.dimensions import find

    try:
        return find(name).naam
    except LoepFout as exc:
        raise where(exc.boodschap, exc.suggestie) from None


# --- the checks every key shares ----------------------------------------------------------------


def _at(fout, key: str):
    """``fout`` for one key: ``where(tekst, hint=None)``, as :func:`dimension_name` and
    :func:`_check_placeholders` take it."""
    return lambda t, h=None: fout(key, t, h)


def _known_keys(item: dict, allowed: tuple[str, ...], where: str, fout) -> None:
    """Every key of a sub-table (a measure, the chart) is one of ``allowed``."""
    for k in item:
        if k not in allowed:
            raise fout(f"{where}.{k}", f"onbekende sleutel. Geldig: {', '.join(allowed)}.", suggest(k, allowed))


def _check_text(v, where: str, fout) -> None:
    if not isinstance(v, str):
        raise fout(where, f"verwacht tekst, gevonden {v!r}.")


def _check_flag(v, where: str, fout) -> None:
    if not isinstance(v, bool):
        raise fout(where, f"verwacht true of false, gevonden {v!r}.")


def _values(val, where: str, fout, booleans: bool) -> tuple:
    """One value or a non-empty list of values (texts or numbers); a lone true/false only if ``booleans``."""
    scalar = isinstance(val, (str, int)) and (booleans or not isinstance(val, bool))
    items = [val] if scalar else val
    if not isinstance(items, list) or not items or not all(isinstance(x, (str, int)) for x in items):
        raise fout(where, f"verwacht een waarde of een lijst van waarden, gevonden {val!r}.")
    return tuple(items)


def _texts(v, blank: bool = True) -> list | None:
    """``v`` as a list of texts (one text is a list of one; ``blank=False``: no empty ones), or None when it
    is not one; the caller says what it expected."""
    items = [v] if isinstance(v, str) else v
    if not isinstance(items, list) or not all(isinstance(x, str) and (blank or x.strip()) for x in items):
        return None
    return items


# --- parsing -----------------------------------------------------------------------------------


def parse_tables(raw: list, bestand: str) -> tuple[TableSpec, ...]:
    """The ``[[tabellen]]`` blocks of a question file, checked.

    Raises:
        LoepFout: '<bestand>, tabel '<naam>', sleutel '<key>': …' with a suggestion where one exists.
    """
    if not isinstance(raw, list):
        raise LoepFout(f"{bestand}, sleutel 'tabellen': verwacht een lijst van [[tabellen]]-blokken.")
    out: list[TableSpec] = []
    seen: set[str] = set()
    for i, block in enumerate(raw, 1):
        spec = parse_table(block, bestand, i)
        if fold(spec.naam) in seen:
            raise LoepFout(f"{bestand}, tabel '{spec.naam}', sleutel 'naam': de naam staat er twee keer in; "
                           "elke tabel heeft een eigen naam (die wordt de naam van het werkblad).")
        seen.add(fold(spec.naam))
        out.append(spec)
    return tuple(out)


def parse_table(block, bestand: str, index: int = 1) -> TableSpec:
    """One ``[[tabellen]]`` block (see :func:`parse_tables`)."""
    label = f"nr. {index}"
    if isinstance(block, dict) and isinstance(block.get("naam"), str) and block["naam"].strip():
        label = f"'{block['naam'].strip()}'"

    def fout(key: str, tekst: str, hint: str | None = None) -> LoepFout:
        tip = f" Bedoelde u '{hint}'?" if hint and "bedoelde u" not in tekst.lower() else ""
        return LoepFout(f"{bestand}, tabel {label}, sleutel '{key}': {tekst}{tip}", suggestie=hint)

    if not isinstance(block, dict):
        raise LoepFout(f"{bestand}, tabel {label}: verwacht een blok [[tabellen]] met naam, titel, rijen, ….")
    for k in block:
        if k not in TABLE_KEYS:
            hint = suggest(k, TABLE_KEYS)
            raise LoepFout(f"{bestand}, tabel {label}: onbekende sleutel '{k}'"
                           + (f"; bedoelde u '{hint}'?" if hint else f". Geldige sleutels: {', '.join(TABLE_KEYS)}."),
                           suggestie=hint)

    def text(key, required=False, default=""):
        if key not in block:
            if required:
                raise fout(key, "ontbreekt.")
            return default
        v = block[key]
        if not isinstance(v, str) or (required and not v.strip()):
            raise fout(key, f"verwacht een niet-lege tekst, gevonden {v!r}.")
        return v.strip()

    def flag(key, default):
        v = block.get(key, default)
        if v is not None:
            _check_flag(v, key, fout)
        return v

    naam = text("naam", required=True)
    if not _NAME.match(naam):
        raise fout("naam", f"'{naam}' is geen geldige tabelnaam: begin met een letter, daarna letters, cijfers, "
                           "'_' of '-', hoogstens 31 tekens (het wordt de naam van een werkblad).")
    titel = text("titel", required=True)
    _check_placeholders(titel, _at(fout, "titel"))

    def dim_list(key) -> tuple[str, ...]:
        v = block.get(key, [])
        items = _texts(v, blank=False)
        if items is None:
            raise fout(key, f"verwacht een dimensie of een lijst van dimensies, gevonden {v!r}.")
        names = tuple(dimension_name(x.strip(), _at(fout, key)) for x in items)
        if len(set(names)) != len(names):
            raise fout(key, "een dimensie staat er twee keer in.")
        return names

    bouwer = text("bouwer") or None
    if bouwer is not None:
        if bouwer not in BUILDERS:
            hint = suggest(bouwer, BUILDERS)
            raise fout("bouwer", f"onbekende bouwer '{bouwer}'. Bestaande bouwers: {', '.join(BUILDERS)}.", hint)
        allowed = {"naam", "titel", "noten", "bouwer", "grafiek"}
        extra = [k for k in block if k not in allowed]
        if extra:
            raise fout(extra[0], f"een tabel met een bouwer kent alleen de sleutels {', '.join(sorted(allowed))}.")
        return TableSpec(naam=naam, titel=titel, bestand=bestand, bouwer=bouwer, noten=_notes(block, fout),
                         grafiek=_chart(block.get("grafiek", "staaf"), (Measure("aantal"),), fout))

    rijen = dim_list("rijen")
    if not rijen:
        raise fout("rijen", "ontbreekt: geef een dimensie of een lijst van dimensies (bv. rijen = \"schooljaar\").")
    kolommen = dim_list("kolommen")
    if set(rijen) & set(kolommen):
        raise fout("kolommen", f"'{sorted(set(rijen) & set(kolommen))[0]}' staat al in rijen.")
    filt = _filter(block, "filter", fout)
    noemer = _filter(block, "noemer", fout) if "noemer" in block else None
    maten = _measures(block, fout, has_year=("schooljaar" in rijen + kolommen))
    if any(m.maat in NOEMER_MEASURES for m in maten) and noemer is None:
        raise fout("noemer", "ontbreekt: de maten " + ", ".join(sorted(NOEMER_MEASURES)) + " delen door een "
                   "noemer; geef de populatie van de noemer, bv. noemer = {} (alle leerlingen) of "
                   "noemer = { onderwijsvorm = \"bso\" }.")
    dims = rijen + kolommen

    def per_dim(key, typ):
        return _per_dimension(block, key, fout, f"een tabel per dimensie, bv. {key} = {{ graad = … }}", typ, dims)

    def values_of(key, val):
        return _values(val, key, fout, booleans=False)

    def label_of(key, val):
        if not isinstance(val, str) or not val.strip():
            raise fout(key, f"verwacht een tekst (het label van de overige waarden), gevonden {val!r}.")
        return val.strip()

    def labels_of(key, val):
        if not isinstance(val, dict) or not all(isinstance(x, str) for x in val.values()):
            raise fout(key, f"verwacht een tabel waarde = \"label\", gevonden {val!r}.")
        return dict(val)

    waarden = per_dim("waarden", values_of)
    overige = per_dim("overige", label_of)
    labels = per_dim("labels", labels_of)
    raw_zero = block.get("ook_zonder_leerlingen", {})
    if isinstance(raw_zero, (str, list)):  # shorthand: the same for every row dimension
        raw_zero = {d: raw_zero for d in rijen}
    if not isinstance(raw_zero, dict):
        raise fout("ook_zonder_leerlingen", f"verwacht \"alle\", \"catalogus\", een lijst van waarden of een tabel "
                                            f"per dimensie, gevonden {raw_zero!r}.")
    block = dict(block, ook_zonder_leerlingen=raw_zero)
    ook_zonder = per_dim("ook_zonder_leerlingen", values_of)
    for d, words in ook_zonder.items():
        if "catalogus" in words and d not in ("sector", "studierichting"):
            raise fout(f"ook_zonder_leerlingen.{d}", "'catalogus' kan alleen bij sector of studierichting.")
        if d == "schooljaar":
            raise fout(f"ook_zonder_leerlingen.{d}", "elk schooljaar van de tabel staat er altijd; laat dit weg.")

    schooljaren = _years(block.get("schooljaren"), fout)
    top = _count(block, "top", fout)
    onderste = block.get("onderste")
    if onderste is not None and onderste != "helft":
        onderste = _count(block, "onderste", fout)
    if top is not None and onderste is not None:
        raise fout("onderste", "top en onderste samen gaat niet: kies de bovenkant of de onderkant van de "
                               "rangschikking.")
    if (top is not None or onderste is not None) and "schooljaar" in rijen:
        raise fout("top" if top is not None else "onderste",
                   "een tabel met schooljaar in de rijen toont elk schooljaar; top en onderste gaan over de rijen "
                   "van een rangschikking (bv. rijen = \"sector\").")
    rang_op = text("rang_op", default="aantal")
    if rang_op not in RANG_OP:
        raise fout("rang_op", f"onbekende maat '{rang_op}'. Geldig: {', '.join(RANG_OP)}.", suggest(rang_op, RANG_OP))
    if rang_op != "aantal" and noemer is None:
        raise fout("rang_op", f"rang op '{rang_op}' vraagt een noemer (sleutel 'noemer').")
    sorteer = _sort(block, fout, maten, dims)
    totaal = flag("totaal", None)
    return TableSpec(
        naam=naam, titel=titel, bestand=bestand, filter=filt, rijen=rijen, kolommen=kolommen, schooljaren=schooljaren,
        maten=maten, noemer=noemer, noemer_naam=text("noemer_naam"), waarden=waarden, overige=overige,
        labels=labels, ook_zonder=ook_zonder, totaal=totaal, sorteer=sorteer, top=top, onderste=onderste,
        gelijken=flag("gelijken", True), rang_op=rang_op, onderwerp=_onderwerp(text("onderwerp"), fout), grafiek=_chart(block.get("grafiek", "kolom"), maten, fout),
        noten=_notes(block, fout),
    )


def _onderwerp(text: str, fout) -> str:
    if text and not text.casefold().startswith("leerling"):
        raise fout("onderwerp", f"begin met 'leerlingen' (bv. \"leerlingen in een duale opleiding\"), gevonden "
                                f"'{text}'.")
    return text


def _check_placeholders(text: str, fout) -> None:
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS:
            hint = suggest(name, PLACEHOLDERS)
            raise fout(f"onbekende plaatshouder '{{{name}}}'. Geldig: "
                       + ", ".join("{" + p + "}" for p in PLACEHOLDERS) + ".", hint and "{" + hint + "}")


def _filter(block, key, fout) -> dict[str, tuple]:
    return _per_dimension(block, key, fout, f"een tabel, bv. {key} = {{ duaal = \"ja\" }}",
                          lambda where, val: _values(val, where, fout, booleans=True))


def _per_dimension(block, key, fout, verwacht: str, typ, dims=None) -> dict:
    """A table ``{dimension: value}`` under ``key``: dimension names resolved (aliases too), and, when
    ``dims`` is given, each one among them; ``typ(where, value)`` checks a value."""
    v = block.get(key, {})
    if not isinstance(v, dict):
        raise fout(key, f"verwacht {verwacht}, gevonden {v!r}.")
    out = {}
    for d, val in v.items():
        name = dimension_name(d, _at(fout, f"{key}.{d}"))
        if dims is not None and name not in dims:
            raise fout(f"{key}.{d}", f"'{name}' staat niet in rijen of kolommen ({', '.join(dims)}).",
                       suggest(d, dims))
        out[name] = typ(f"{key}.{d}", val)
    return out


def _measures(block, fout, has_year: bool) -> tuple[Measure, ...]:
    raw = block.get("maten", ["aantal"])
    if isinstance(raw, (str, dict)):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise fout("maten", f"verwacht een lijst van maten, bv. maten = [\"aantal\"], gevonden {raw!r}.")
    out = []
    for i, item in enumerate(raw, 1):
        key = f"maten[{i}]"
        if isinstance(item, str):
            item = {"maat": item}
        if not isinstance(item, dict):
            raise fout(key, f"verwacht de naam van een maat of een tabel {{ maat = …, kop = … }}, gevonden {item!r}.")
        _known_keys(item, MEASURE_KEYS, key, fout)
        maat = item.get("maat")
        if not isinstance(maat, str) or maat not in MEASURES:  # a list or a number: not a measure's name
            hint = suggest(str(maat), MEASURES)
            raise fout(f"{key}.maat", f"onbekende maat '{maat}'. Geldige maten: {', '.join(MEASURES)}.", hint)
        for k in ("kop", "formaat", "schooljaar", "gebied"):
            if k in item:
                _check_text(item[k], f"{key}.{k}", fout)
        if "kop" in item:
            _check_placeholders(item["kop"].replace("{waarde}", "").replace("{schooljaar}", ""),
                                _at(fout, f"{key}.kop"))
        formaat = item.get("formaat")
        from addin.core.tables import FORMATS

        if formaat is not None and formaat not in FORMATS:
            raise fout(f"{key}.formaat", f"onbekend formaat '{formaat}'. Geldig: {', '.join(FORMATS)}.",
                       suggest(formaat, FORMATS))
        jaar = item.get("schooljaar")
        if jaar is not None and re.fullmatch(r"laatste\s*-\s*[1-9]", jaar.strip()):
            jaar = "laatste-" + jaar.strip()[-1]
        elif jaar is not None and jaar not in ("laatste", "vorige"):
            from addin.core.labels import normalise_schooljaar

            try:
                jaar = normalise_schooljaar(jaar, "schooljaar")
            except LoepFout as exc:
                raise fout(f"{key}.schooljaar", exc.boodschap + " Of 'laatste', 'vorige' of 'laatste-2'.",
                           exc.suggestie) from None
        gebied = item.get("gebied")
        if gebied is not None and gebied != "alle":
            raise fout(f"{key}.gebied", f"verwacht 'alle' (Vlaanderen en Brussel), gevonden '{gebied}'.")
        out.append(Measure(maat, item.get("kop"), formaat, jaar, gebied))
    return tuple(out)


def _years(v, fout):
    if v is None:
        return None
    from addin.core.labels import normalise_schooljaar

    if isinstance(v, str) and fold(v) in YEAR_WORDS:
        return fold(v)
    items = [v] if isinstance(v, (str, int)) else v
    if not isinstance(items, list) or not items:
        raise fout("schooljaren", f"verwacht {', '.join(repr(w) for w in YEAR_WORDS)}, een schooljaar of een lijst "
                                  f"van schooljaren, gevonden {v!r}.")
    out = []
    for x in items:
        try:
            out.append(normalise_schooljaar(x, "schooljaren"))
        except LoepFout as exc:
            raise fout("schooljaren", exc.boodschap + f" Of een van: {', '.join(YEAR_WORDS)}.",
                       suggest(str(x), YEAR_WORDS) or exc.suggestie) from None
    return tuple(sorted(set(out)))


def _count(block, key, fout) -> int | None:
    v = block.get(key)
    if v is None:
        return None
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        raise fout(key, f"verwacht een geheel getal ≥ 1" + (" of \"helft\"" if key == "onderste" else "")
                   + f", gevonden {v!r}.")
    return v


def _sort(block, fout, maten, dims) -> tuple[tuple[str, bool], ...]:
    v = block.get("sorteer", [])
    items = _texts(v)
    if items is None:
        raise fout("sorteer", f"verwacht een maat of dimensie (met '-' ervoor: aflopend) of een lijst daarvan, "
                              f"gevonden {v!r}.")
    names = [m.maat for m in maten] + list(dims)
    out = []
    for x in items:
        desc = x.startswith("-")
        name = x[1:].strip() if desc else x.strip()
        if name not in names:
            raise fout("sorteer", f"'{name}' is geen maat of dimensie van deze tabel. Geldig: {', '.join(names)}.",
                       suggest(name, names))
        out.append((name, desc))
    return tuple(out)


def _chart(v, maten, fout) -> ChartDecl:
    if isinstance(v, str):
        v = {"soort": v}
    if not isinstance(v, dict):
        raise fout("grafiek", f"verwacht {', '.join(CHART_KINDS)} of een tabel {{ soort = … }}, gevonden {v!r}.")
    _known_keys(v, CHART_KEYS, "grafiek", fout)
    soort = v.get("soort", "kolom")
    if soort not in CHART_KINDS:
        raise fout("grafiek.soort", f"onbekende grafiek '{soort}'. Geldig: {', '.join(CHART_KINDS)}.",
                   suggest(str(soort), CHART_KINDS))
    maat = v.get("maat", 1)
    items = maat if isinstance(maat, list) else [maat]
    if not items or not all(isinstance(i, int) and not isinstance(i, bool) and 1 <= i <= len(maten) for i in items):
        raise fout("grafiek.maat", f"verwacht het volgnummer van een maat (of een lijst), 1 tot {len(maten)}, "
                                   f"gevonden {maat!r}.")
    for k in ("titel", "y_titel"):
        if k in v:
            _check_text(v[k], f"grafiek.{k}", fout)
            _check_placeholders(v[k], _at(fout, f"grafiek.{k}"))
    for k in ("gestapeld", "zonder_nul"):
        if k in v:
            _check_flag(v[k], f"grafiek.{k}", fout)
    return ChartDecl(CHART_KINDS[soort], tuple(i - 1 for i in items), v.get("titel"), v.get("y_titel"), v.get("gestapeld", False),
                     v.get("zonder_nul", False))


def _notes(block, fout) -> tuple[str, ...]:
    v = block.get("noten", [])
    items = _texts(v)
    if items is None:
        raise fout("noten", f"verwacht een tekst of een lijst van teksten, gevonden {v!r}.")
    for x in items:
        _check_placeholders(x, _at(fout, "noten"))
    return tuple(x.strip() for x in items if x.strip())
