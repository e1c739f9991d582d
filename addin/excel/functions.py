"""The LOEP cell functions as plain Python: one implementation for every Excel host.

``addin.excel.udfs`` (desktop, xlwings COM add-in) and ``addin/server/custom_functions``
(Office.js through xlwings Server) are thin decorated layers over the functions here. This
module imports no xlwings, so it is tested as ordinary Python.

Conventions of every function:

- Arguments arrive as Excel hands them: a value, ``None``, ``''``, an empty cell, a float
  (``2024.0``) or a one-cell range as a nested list (``[[2024]]``); an empty optional
  argument means "no filter" (:func:`scalar` unwraps all of that).
- A wrong argument raises :class:`~addin.core.errors.LoepFout` with a Dutch message that
  names the argument and suggests the nearest valid value. Each host turns that into an
  Excel error its own way (see :mod:`addin.excel.udfs` and the server's custom functions).
- Spilled results are lists of rows, header row first (LOEP.TABEL: a title row above the header);
  NaN/None become ``''``; fractions under a "(%)" header are written as percentages (×100).

The data come from the store in the data folder (``LOEP_DATA`` or the default of
``addin.core.settings``); its :class:`~addin.core.query.Query` is loaded once per process and
kept (:func:`current_query`), so a single count costs a few dictionary look-ups.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import replace
from typing import Any

import pandas as pd

from addin.core.errors import LoepFout
from addin.core.labels import fold, is_empty, normalise_schooljaar, suggest
from addin.core.tables import PERCENT_FORMATS

#: The Excel namespace of the functions (``=LOEP.DUAAL(...)``).
NAMESPACE = "LOEP"

#: Seconds between two checks whether the store has a new data version.
REFRESH_SECONDS = 60.0

#: Sentence every single-count function's help ends with.
BULK_HINT = ("Voor veel cijfers tegelijk: gebruik LOEP.TABEL of LOEP.REEKS (één oproep voor een hele tabel); "
             "duizend losse tellingen kosten op de server duizend oproepen.")

#: Sentence the help of every function that gives exact counts has (single counts, LOEP.REEKS, LOEP.TOP): they are
#: for internal use; the table functions protect small counts (:mod:`addin.core.disclosure`).
EXACT_HINT = ("Geeft exacte aantallen, ook kleine (voor intern gebruik); publiceer kleine aantallen niet: "
              "LOEP.TABEL en LOEP.DRAAITABEL beschermen ze.")
#: :data:`EXACT_HINT` as the desktop says it, where a help text must stay within Excel's 255 characters.
DESKTOP_EXACT_HINT = "Exact, ook klein (intern): niet publiceren."

_state: dict[str, Any] = {"query": None, "checked": 0.0, "fixed": False}
_lock = threading.Lock()


# --- the dataset ----------------------------------------------------------------------------


def use_query(query) -> None:
    """Serve every function from ``query`` (a :class:`~addin.core.query.Query`) from now on.

    Used by tests and benchmarks; ``None`` returns to the store in the data folder.
    """
    with _lock:
        _state.update(query=query, checked=time.monotonic(), fixed=query is not None)


def current_query():
    """The Query the functions use: loaded once per process, re-checked every minute."""
    query = _state["query"]
    now = time.monotonic()
    if query is not None and (_state["fixed"] or now - _state["checked"] < REFRESH_SECONDS):
        return query
    from addin import demo
    from addin.core.query import get_query

    with _lock:
        if _state["fixed"] and _state["query"] is not None:
            return _state["query"]
        demo.ensure()  # demonstration data on first use; a stale demo store rebuilt
        query = get_query()
        _state.update(query=query, checked=now)
    return query


# --- arguments --------------------------------------------------------------------------------


def scalar(value: Any, argument: str) -> Any:
    """One value from what Excel hands over; ``None`` for anything empty.

    Args:
        value: a value, ``None``, ``''``, NaN, or a (nested) list from a range.
        argument: name of the argument, for the message.

    Returns:
        The single value (floats that are whole numbers stay floats; the query layer maps them),
        or ``None`` when empty.

    Raises:
        LoepFout: a range of more than one non-empty cell.
    """
    while isinstance(value, (list, tuple)):
        flat = [v for v in _flatten(value) if not is_empty(v)]
        if not flat:
            return None
        if len(flat) > 1:
            raise LoepFout(f"Argument '{argument}' verwacht één waarde, maar kreeg een bereik met "
                           f"{len(flat)} cellen. Verwijs naar één cel.")
        value = flat[0]
    if is_empty(value):
        return None
    return value


def _flatten(value):
    for v in value:
        if isinstance(v, (list, tuple)):
            yield from _flatten(v)
        else:
            yield v


def _required(value: Any, argument: str, voorbeeld: str) -> Any:
    value = scalar(value, argument)
    if value is None:
        raise LoepFout(f"Argument '{argument}' ontbreekt: geef {voorbeeld}.")
    return value


def _whole_number(value: Any, argument: str, low: int, high: int, default: int | None = None) -> int:
    value = scalar(value, argument)
    if value is None:
        if default is None:
            raise LoepFout(f"Argument '{argument}' ontbreekt: geef een getal van {low} tot {high}.")
        return default
    number: float | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().lower().removeprefix("vraag").strip()
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = None
    if number is None or not number.is_integer() or not low <= number <= high:
        raise LoepFout(f"Ongeldige waarde '{value}' voor argument '{argument}': verwacht een geheel getal "
                       f"van {low} tot {high}.")
    return int(number)


def _year(query, value: Any, argument: str) -> str | None:
    """A school year of the data ('2024-2025') or None; Dutch error naming ``argument``."""
    value = scalar(value, argument)
    if value is None:
        return None
    jaar = normalise_schooljaar(value, argument)
    if jaar not in query.schooljaren:
        bereik = f"{query.schooljaren[0]} tot {query.schooljaren[-1]}" if query.schooljaren else "geen"
        hint = suggest(jaar, query.schooljaren)
        raise LoepFout(f"Schooljaar '{jaar}' (argument '{argument}') zit niet in de gegevens; beschikbare "
                       f"schooljaren: {bereik}." + (f" Bedoelde u '{hint}'?" if hint else ""), suggestie=hint)
    return jaar


def province_argument(query, value: Any, required: bool = True) -> str | None:
    """The canonical province of an argument (None: empty, or 'Vlaanderen en Brussel' = everywhere).

    Raises:
        LoepFout: unknown province, or empty while ``required``.
    """
    value = _required(value, "provincie", "een provincie, bv. 'Antwerpen'") if required else scalar(value, "provincie")
    if value is None:
        return None
    return query.normalise_filters(provincie=value)["provincie"]


def basis_argument(query, value: Any) -> str:
    """The canonical basis of an argument (empty: vestigingsplaats); LoepFout if the data lacks it."""
    return query.normalise_filters(basis=scalar(value, "basis"))["basis"]


# --- output -----------------------------------------------------------------------------------


def cell(value: Any) -> Any:
    """A Python/pandas/numpy value as an Excel cell value (NaN/None/NA -> '', booleans -> 'ja'/'nee')."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def _column_cells(series) -> list[Any]:
    """One column as Excel cell values, converted column-wise (fast for large frames)."""
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return ["ja" if v else "nee" for v in series.tolist()]
    values = series.tolist() if pd.api.types.is_numeric_dtype(series) else series.astype(object).tolist()
    return [cell(v) for v in values] if series.isna().any() or series.dtype == object else values


def frame_rows(frame) -> list[list[Any]]:
    """A DataFrame as rows for Excel: header row first, cells as :func:`cell` makes them."""
    columns = [_column_cells(frame[c]) for c in frame.columns]
    return [[str(c) for c in frame.columns]] + [list(r) for r in zip(*columns)]




def as_percentages(frame, columns) -> Any:
    """A copy of ``frame`` with the fractions in ``columns`` written as percentages (0.0118 -> 1.18).

    A spilled result carries no number format, so a fraction under a header that says '(%)' would
    read as a hundred times too small; the spill shows the number the header promises.

    Args:
        frame: a DataFrame.
        columns: names of the columns holding fractions.

    Returns:
        A new DataFrame (``frame`` is not changed); empty cells stay empty.
    """
    return frame.assign(**{str(c): frame[c] * 100 for c in columns}) if len(columns) else frame


def titled_rows(title: str, frame) -> list[list[Any]]:
    """:func:`frame_rows` with a first row holding ``title`` (padded with empty cells to the table's width)."""
    rows = frame_rows(frame)
    return [[title] + [""] * (len(rows[0]) - 1)] + rows


# --- the functions ------------------------------------------------------------------------------


def duaal(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None) -> int:
    """Aantal leerlingen in een duale opleiding (LOEP.DUAAL).

    Args:
        schooljaar: '2024-2025', '2024-25' of 2024 (verplicht).
        provincie: provincie of 'Brussel'; leeg = Vlaanderen en Brussel samen.
        onderwijsvorm: bso, tso, buso of Syntra; leeg = alle.
        graad: '2e graad', '3e graad', 2, 3 …; leeg = alle.
        sector: sector (domein of studiegebied); leeg = alle.
        basis: 'vestigingsplaats' (standaard), 'hoofdzetel' of 'woonplaats'.

    Returns:
        Het aantal leerlingen (0 als de geldige combinatie geen leerlingen heeft).

    Raises:
        LoepFout: een ongeldig of ontbrekend argument.
    """
    return leerlingen(schooljaar, provincie, onderwijsvorm, graad, sector, basis, duaal=True)


def leerlingen(schooljaar, provincie=None, onderwijsvorm=None, graad=None, sector=None, basis=None,
               duaal=None) -> int:
    """Aantal leerlingen secundair onderwijs (LOEP.LEERLINGEN).

    Args:
        schooljaar: '2024-2025', '2024-25' of 2024 (verplicht).
        provincie, onderwijsvorm, graad, sector, basis: zoals bij :func:`duaal`; leeg = geen filter.
        duaal: 'ja' (alleen duaal), 'nee' (alleen niet-duaal) of leeg (alle leerlingen).

    Returns:
        Het aantal leerlingen.

    Raises:
        LoepFout: een ongeldig of ontbrekend argument.
    """
    query = current_query()
    jaar = _required(schooljaar, "schooljaar", "een schooljaar als '2024-2025', '2024-25' of 2024")
    return query.count(schooljaar=jaar, provincie=scalar(provincie, "provincie"),
                       onderwijsvorm=scalar(onderwijsvorm, "onderwijsvorm"), graad=scalar(graad, "graad"),
                       sector=scalar(sector, "sector"), basis=scalar(basis, "basis"),
                       duaal=scalar(duaal, "duaal"))


def year_range(query, van, tot, names: tuple[str, str] = ("van", "tot")) -> list[str]:
    """The school years of the data from ``van`` to ``tot`` (empty: first/last in the data).

    Args:
        names: how a message names the two arguments (the CLI: '--van', '--tot').

    Raises:
        LoepFout: a year outside the data, or ``van`` after ``tot``.
    """
    start = _year(query, van, names[0]) or query.schooljaren[0]
    end = _year(query, tot, names[1]) or query.schooljaren[-1]
    if start > end:
        raise LoepFout(f"Het schooljaar '{names[0]}' ({start}) ligt na '{names[1]}' ({end}): geef het vroegste "
                       f"schooljaar eerst.")
    return [j for j in query.schooljaren if start <= j <= end]


def reeks(provincie, van=None, tot=None, basis=None) -> list[list[Any]]:
    """Leerlingen in duaal per schooljaar (LOEP.REEKS), als tabel met kopregel.

    Args:
        provincie: provincie, 'Brussel' of 'Vlaanderen en Brussel' (verplicht).
        van: eerste schooljaar (leeg = het eerste in de gegevens).
        tot: laatste schooljaar (leeg = het laatste in de gegevens).
        basis: 'vestigingsplaats' (standaard), 'hoofdzetel' of 'woonplaats'.

    Returns:
        Rijen ``[['Schooljaar', 'Leerlingen in duaal'], ['2016-2017', n], ...]``, elk schooljaar van
        het bereik (0 als er geen leerlingen zijn).
    """
    query = current_query()
    prov = province_argument(query, provincie)
    basis_n = basis_argument(query, basis)
    jaren = year_range(query, van, tot)
    rows: list[list[Any]] = [["Schooljaar", "Leerlingen in duaal"]]
    for jaar in jaren:
        rows.append([jaar, query.count(schooljaar=jaar, provincie=prov, basis=basis_n, duaal=True)])
    return rows


#: The province of LOEP.TABEL when its argument is empty (the default province of the questions).
TABEL_PROVINCIE = "Antwerpen"


def _params(query, provincie, basis, van, tot, default_provincie: str = TABEL_PROVINCIE):
    from addin.core.questions import QuestionParams

    given = scalar(provincie, "provincie")
    prov = province_argument(query, given, required=False)
    if prov is None and given is not None:
        raise LoepFout(f"LOEP.TABEL werkt per provincie: geef bij 'provincie' één provincie of 'Brussel' (leeg = "
                       f"{default_provincie}), niet '{given}'. Een tabel met provincie in de rijen of kolommen "
                       f"vergelijkt altijd alle provincies.", suggestie=default_provincie)
    prov = prov or default_provincie
    basis_n = basis_argument(query, basis)
    jaren = year_range(query, van, tot)
    return QuestionParams(provincie=prov, basis=basis_n, van=jaren[0], tot=jaren[-1], van_expliciet=True)


def _seed_reference(value) -> bool:
    """True when ``value`` names a table of the seed question (1 … 5, '2b', 'V3a'): the old LOEP.TABEL form."""
    from addin.core.questions import table_key

    try:
        table_key(value)
    except LoepFout:
        return False
    return True


def question_file(vraag, eigen_bestand: bool):
    """The question file a cell names: a built-in question (``loep vragen``), or on the desktop a .toml path."""
    from addin.core.questionspec import builtin_specs, load_spec

    text = str(vraag).strip()
    name = text[:-5] if text.casefold().endswith(".toml") else text
    if name in builtin_specs():
        return load_spec(name)
    if eigen_bestand and text.casefold().endswith(".toml"):
        return load_spec(text)
    hint = suggest(name, builtin_specs())
    eigen = " of het pad naar een eigen vraagbestand (.toml)" if eigen_bestand else ""
    raise LoepFout(f"Onbekende vraag '{text}' (argument 'vraag'): geef een ingebouwde vraag ({', '.join(builtin_specs())})"
                   f"{eigen}, of het nummer van een vraag van de standaardvraag (1 tot 5, '2b', 'V3a' …).",
                   suggestie=hint)


#: What the title row of LOEP.TABEL starts with when the policy is off (geheimhouding 'uit').
TABEL_NIET_VOOR_PUBLICATIE = ("NIET VOOR PUBLICATIE (geheimhouding uit: kleine aantallen staan erin en zijn tot "
                              "personen te herleiden)")


def tabel(vraag, tabel=None, provincie=None, basis=None, van=None, tot=None, geheimhouding=None, *,
          eigen_bestand: bool = False) -> list[list[Any]]:
    """Een tabel van een vraag (LOEP.TABEL), met titel en kopregel, kleine aantallen beschermd.

    Twee vormen:
    - ``LOEP.TABEL(vraag; tabel; provincie; basis; van; tot; geheimhouding)``: vraag = een ingebouwde vraag
      (``loep vragen``, bv. 'voorbeeld-okan-per-provincie'; op de desktop ook het pad naar een eigen
      .toml), tabel = de naam van een van haar tabellen (leeg = de eerste);
    - ``LOEP.TABEL(1…5; provincie; basis; van; tot; geheimhouding)`` (zoals vroeger): vraag 1 tot 5 of een tabel
      als '2b', '3b', 'V5b' van de standaardvraag (duaal leren). Alles na 'vraag' schuift één plaats op, dus
      staat geheimhouding hier op de zesde plaats; op de zevende (waar de functiewizard 'geheimhouding' toont)
      mag ook, niet op beide.

    Args:
        provincie: één provincie of 'Brussel'; leeg = die van het vraagbestand (standaardvraag: Antwerpen).
            'Vlaanderen en Brussel' is geen keuze: een tabel met provincie in de rijen of kolommen toont alle regio's.
        basis: 'vestigingsplaats' (standaard), 'hoofdzetel' of 'woonplaats'.
        van, tot: eerste en laatste schooljaar (leeg = alle schooljaren in de gegevens).
        geheimhouding: leeg = zoals ingesteld (vraagbestand, ``LOEP_GEHEIMHOUDING``; standaard aan, drempel 5);
            'aan'/'uit' (ja/nee, waar/onwaar, 1/0), 'drempel=10' of 10 (aan, aantallen 1 tot 9 verborgen)
            (:func:`geheimhouding_argument`).
        eigen_bestand: ook een pad naar een eigen vraagbestand aanvaarden (desktop; nooit op de server).

    Returns:
        Eerst een rij met de titel van de tabel (sleutel, onderwerp, regio, basis, schooljaren), dan de
        kopregel, dan de rijen. Kolommen met '(%)' bevatten percentages (1,18 = 1,18 %), geen breuken.
        Geheimhouding aan: precies wat het antwoordwerkboek van ``loep antwoord`` toont, want alle tabellen
        van de vraag worden samen beschermd (:func:`addin.core.publication.publish`): een klein aantal staat
        er als '<5', een cel die het beschermt als '[c]', en de titelrij zegt dat er cellen verborgen zijn.
        Geheimhouding uit: de exacte aantallen, en de titelrij begint met :data:`TABEL_NIET_VOOR_PUBLICATIE`.

    Raises:
        LoepFout: een ongeldig argument, of een tabel die niet te beschermen is (bv. een handvol leerlingen).
    """
    from addin.core.questionspec import load_spec

    query = current_query()
    raw = _required(vraag, "vraag", "een ingebouwde vraag (zie loep vragen) of het nummer van een vraag, 1 tot 5")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if _seed_reference(raw) or str(raw).strip().isdigit():
        from addin.core.questions import table_key

        # the old form (a number says: the seed question): the arguments after 'vraag' are provincie, basis, van,
        # tot, geheimhouding; a geheimhouding in its own (seventh) place counts too, not both
        if not is_empty(scalar(tot, "geheimhouding")) and not is_empty(scalar(geheimhouding, "geheimhouding")):
            raise LoepFout("LOEP.TABEL(1…5; provincie; basis; van; tot; geheimhouding): in deze vorm is "
                           "'geheimhouding' het zesde argument. Geef het één keer: op de zesde of op de zevende "
                           "plaats, niet op beide.")
        setting = tot if not is_empty(scalar(tot, "geheimhouding")) else geheimhouding
        key = table_key(raw)
        spec = load_spec(None)
        naam, params = key, _params(query, tabel, provincie, basis, van)
    else:
        spec = question_file(raw, eigen_bestand)
        setting = geheimhouding
        naam = scalar(tabel, "tabel")
        naam = spec.table_keys[0] if naam is None else naam
        params = _params(query, provincie, basis, van, tot, default_provincie=spec.params.provincie)
        if is_empty(scalar(basis, "basis")):  # empty: the question's own basis
            params = replace(params, basis=spec.params.basis)
        if is_empty(van) and is_empty(tot):  # the question's own period, as its file gives it
            params = replace(params, van=spec.params.van, tot=spec.params.tot, van_expliciet=False)
    aan, drempel = geheimhouding_argument(setting)
    policy = tabel_policy(spec, aan, drempel)
    naam = spec.table(naam).naam  # LoepFout for an unknown table, before anything is built
    return [list(r) for r in _table_rows(query, replace(spec, params=params.resolve(query)), naam, policy)]


def tabel_policy(spec, aan: bool | None, drempel: int | None):
    """The policy of one LOEP.TABEL: the cell's argument, else the question file's [geheimhouding], else the
    environment, else on with drempel 5 (:func:`addin.core.disclosure.resolve`, as ``loep antwoord``)."""
    from addin.core.disclosure import resolve

    vraag = dict(spec.geheimhouding)
    return resolve(cli_aan=aan, cli_drempel=drempel, vraag_aan=vraag.get("toepassen"),
                   vraag_drempel=vraag.get("drempel"))


#: Published tables of the questions LOEP.TABEL was asked for: key -> (query, {table name: spill rows}).
_TABLES: dict[tuple, tuple] = {}
_TABLES_LOCK = threading.Lock()
_BUILDING: dict[tuple, threading.Lock] = {}
#: How many questions (question × parameters × policy) :data:`_TABLES` keeps.
TABLES_KEPT = 64


def _table_rows(query, spec, naam: str, policy) -> list[list[Any]]:
    """The spill rows of table ``naam`` of ``spec`` (its params resolved) under ``policy``, remembered.

    With the policy on, every table of the question is built and published together (a count two tables
    share is hidden in both, as in the answer workbook), and the rows of all of them are kept: a sheet with
    the question's tables, recalculating, costs a dictionary look-up per cell. With the policy off only
    ``naam`` is built. The key holds the query (a new data version is a new Query), the whole question
    (its text as parsed: an own .toml edited is another key) and the policy.
    """
    key = (id(query), repr(spec), policy.aan, policy.drempel)
    found = _TABLES.get(key)
    if found is not None and found[0] is query and naam in found[1]:
        return found[1][naam]
    with _TABLES_LOCK:
        building = _BUILDING.setdefault(key, threading.Lock())
    with building:  # the same question asked by several cells at once is built once
        found = _TABLES.get(key)
        if found is not None and found[0] is query and naam in found[1]:
            return found[1][naam]
        rows = _published_rows(query, spec, naam, policy)
        with _TABLES_LOCK:
            if len(_TABLES) >= TABLES_KEPT and key not in _TABLES:
                _TABLES.clear()
            entry = _TABLES.get(key)
            kept = dict(entry[1]) if entry is not None and entry[0] is query else {}
            kept.update(rows)
            _TABLES[key] = (query, kept)
            _BUILDING.pop(key, None)
    return rows[naam]


def _published_rows(query, spec, naam: str, policy) -> dict[str, list[list[Any]]]:
    """{table name: spill rows}: every table of the question published together, or ``naam`` alone (policy off)."""
    from addin.core.publication import publish
    from addin.core.questions import build_question_tables

    if not policy.aan:
        (table,) = build_question_tables(query, spec, [naam])
        return {naam: _spill(table, f"{TABEL_NIET_VOOR_PUBLICATIE} — {table.titel}")}
    names = list(spec.table_keys)
    if naam not in names:
        names.append(naam)
    try:
        published = publish(build_question_tables(query, spec, names), policy)
    except LoepFout as exc:
        raise LoepFout(refusal_text(exc.boodschap), exc.suggestie) from None
    out = {}
    for name, p in zip(names, published):
        out[name] = _spill(p.table, f"{p.table.titel} — {policy.tabel_melding}" if p.has_hidden else p.table.titel)
    return out


#: Where the audit's refusal (:func:`addin.core.publication.publish`) turns to what the command line can do.
_REFUSAL_TAIL = ". De publicatie wordt niet geschreven"


def refusal_text(boodschap: str, gevolg: str = "LOEP.TABEL toont deze tabel daarom niet",
                 intern: str = "geheimhouding 'uit' als laatste argument") -> str:
    """The audit's refusal as a cell (or a button) says it: which table and cells, then what it can do about it.

    A table of a handful of pupils cannot be protected at all (every cell hidden, the totals still tell);
    the command line's ``--zonder-geheimhouding`` is, in a cell, geheimhouding 'uit'.

    Args:
        boodschap: the refusal of :func:`addin.core.publication.publish`.
        gevolg: what is not done because of it.
        intern: how to switch the protection off there, for internal use.
    """
    what = boodschap.split(_REFUSAL_TAIL, 1)[0].rstrip(".")
    return (f"{what}. {gevolg}. Telt de tabel maar een handvol leerlingen, kies dan een grotere groep (een andere "
            "provincie of basis, meer schooljaren); anders: meld het aan de beheerder van Loep. Voor intern "
            f"gebruik: {intern} (niet voor publicatie).")


def _spill(table, title: str) -> list[list[Any]]:
    """A (published) table as LOEP.TABEL spills it: ``title``, the header, the rows; '(%)' columns in percent."""
    frame = table.frame
    percent = [c for c in frame.columns if table.format_of(c) in PERCENT_FORMATS]
    numeric = [c for c in percent if pd.api.types.is_numeric_dtype(frame[c])]
    frame = as_percentages(frame, numeric)
    signs = [c for c in percent if c not in numeric]  # hidden cells hold their sign ('<5', '[c]'): only numbers
    if signs:
        frame = frame.assign(**{str(c): [v * 100 if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                                         for v in frame[c].tolist()] for c in signs})
    return titled_rows(title, frame)


_NIVEAUS = {"sector": "sector", "sectoren": "sector", "studierichting": "studierichting",
            "studierichtingen": "studierichting", "opleiding": "studierichting", "opleidingen": "studierichting"}


def top(provincie, schooljaar, n=5, niveau="sector", basis=None) -> list[list[Any]]:
    """De populairste sectoren of opleidingen in duaal (LOEP.TOP), met kopregel.

    Args:
        provincie: provincie of 'Brussel' (verplicht).
        schooljaar: '2024-2025', '2024-25' of 2024 (verplicht).
        n: aantal rijen, 1 tot 100 (standaard 5).
        niveau: 'sector' (standaard) of 'studierichting'.
        basis: 'vestigingsplaats' (standaard), 'hoofdzetel' of 'woonplaats'.

    Returns:
        Rang | Sector of Studierichting | Leerlingen (aantal) | Aandeel (%), kopregel eerst; het aandeel
        is een percentage (12,5 = 12,5 % van de duale leerlingen in de regio en het schooljaar).
    """
    from addin.core.questions import top as top_table

    query = current_query()
    prov = province_argument(query, provincie)
    jaar = _year(query, _required(schooljaar, "schooljaar", "een schooljaar als '2024-2025'"), "schooljaar")
    aantal = _whole_number(n, "n", 1, 100, default=5)
    niveau_raw = scalar(niveau, "niveau")
    niveau_n = "sector" if niveau_raw is None else _NIVEAUS.get(str(niveau_raw).strip().lower())
    if niveau_n is None:
        raise LoepFout(f"Ongeldige waarde '{niveau_raw}' voor argument 'niveau': verwacht 'sector' of "
                       f"'studierichting'.")
    frame = top_table(query, prov, jaar, n=aantal, niveau=niveau_n, basis=basis_argument(query, basis))
    return frame_rows(as_percentages(frame, [c for c in frame.columns if str(c).endswith("(%)")]))


def nul(provincie, schooljaar, basis=None) -> list[list[Any]]:
    """Duale opleidingen van de catalogus zonder leerlingen in de provincie (LOEP.NUL), met kopregel.

    Args:
        provincie: provincie of 'Brussel' (verplicht).
        schooljaar: '2024-2025', '2024-25' of 2024 (verplicht).
        basis: 'vestigingsplaats' (standaard), 'hoofdzetel' of 'woonplaats'.
    """
    from addin.core.questions import nul as nul_table

    query = current_query()
    prov = province_argument(query, provincie)
    jaar = _year(query, _required(schooljaar, "schooljaar", "een schooljaar als '2024-2025'"), "schooljaar")
    frame = nul_table(query, prov, jaar, basis=basis_argument(query, basis))
    return frame_rows(frame)


def waarden(dimensie=None) -> list[list[Any]]:
    """De geldige waarden van een dimensie, onder elkaar (LOEP.WAARDEN), voor keuzelijsten.

    Args:
        dimensie: elke dimensie van het register (:data:`addin.core.dimensions.DIMENSIONS`), met haar naam, een
            alias of de officiële kolomnaam, of 'basis'; leeg = de namen van alle dimensies.

    Returns:
        Eén kolom: ``[[waarde], ...]`` (geen kopregel, zodat het bereik meteen als lijst dient).
    """
    from addin.core.dimensions import DIMENSIONS

    naam = scalar(dimensie, "dimensie")
    if naam is None:
        return [[d.naam] for d in DIMENSIONS]
    return [[v] for v in current_query().values(str(naam))]


# --- counts and pivots over every dimension --------------------------------------------------------------

#: LOEP.DRAAITABEL's filter arguments (filter1 …): xlwings allows no optional arguments before ``*args``.
DRAAITABEL_FILTERS = 8


def _filter_value(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _pair_of_text(text: str, argument: str, where: str = "") -> list[Any]:
    naam, is_, waarde = text.partition("=")
    if not is_ or not naam.strip():
        raise LoepFout(f"Argument '{argument}'{where} ('{text}') is geen filter: schrijf 'dimensie=waarde', bv. "
                       f"'onderwijsvorm=bso' of 'onderwijsvorm=bso;tso', of verwijs naar een bereik van twee "
                       f"kolommen (dimensie | waarde).")
    if not waarde.strip():
        raise LoepFout(f"Argument '{argument}'{where} ('{text}'): de waarde na '=' ontbreekt; bv. "
                       f"'{naam.strip()}=…'. Laat het argument leeg voor geen filter.")
    return [naam.strip(), waarde.strip()]


def filter_rows(argument: str, value: Any) -> list[list[Any]]:
    """One filter argument of a cell function as rows [dimensie, waarde] for the query engine.

    Accepted: empty (no filter); a text 'dimensie=waarde' (several values 'onderwijsvorm=bso;tso'); a range
    of two columns dimensie | waarde (empty rows skipped, a first row 'dimensie | waarde' is a header); a
    row or column of 'dimensie=waarde' cells.

    Raises:
        LoepFout: anything else, naming the argument and the row of the range.
    """
    if is_empty(value) or (isinstance(value, (list, tuple)) and not any(not is_empty(v) for v in _flatten(value))):
        return []
    if not isinstance(value, (list, tuple)):
        if isinstance(value, str):
            return [_pair_of_text(value.strip(), argument)]
        raise LoepFout(f"Argument '{argument}' ('{_filter_value(value)}') is geen filter: schrijf "
                       f"'dimensie=waarde', bv. 'onderwijsvorm=bso', of verwijs naar een bereik van twee kolommen "
                       f"(dimensie | waarde).")
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in value]
    if rows and not any(isinstance(r, (list, tuple)) for r in value):
        rows = [list(value)]  # a flat list is one row
    out: list[list[Any]] = []
    for i, row in enumerate(rows, start=1):
        cells = list(row)
        while cells and is_empty(cells[-1]):
            cells.pop()
        if not cells or all(is_empty(c) for c in cells):
            continue
        where = f", rij {i} van het bereik" if len(rows) > 1 else ""
        if isinstance(cells[0], str) and "=" in cells[0]:  # a row (or column) of 'dimensie=waarde' cells
            for c in cells:
                if not is_empty(c):
                    out.append(_pair_of_text(str(c).strip(), argument, where))
            continue
        if len(cells) > 2:
            raise LoepFout(f"Argument '{argument}'{where} heeft {len(cells)} kolommen: een filterbereik heeft twee "
                           f"kolommen, dimensie | waarde.")
        if len(cells) == 1:
            raise LoepFout(f"Argument '{argument}'{where}: bij dimensie '{_filter_value(cells[0])}' ontbreekt de "
                           f"waarde (tweede kolom), of schrijf 'dimensie=waarde' in één cel.")
        naam, waarde = cells
        if is_empty(naam):
            raise LoepFout(f"Argument '{argument}'{where}: bij waarde '{_filter_value(waarde)}' ontbreekt de "
                           f"dimensie (eerste kolom).")
        if i == 1 and isinstance(naam, str) and isinstance(waarde, str) and \
                (fold(naam), fold(waarde)) == ("dimensie", "waarde"):
            continue  # a header row
        out.append([_filter_value(naam), _filter_value(waarde)])
    return out


def filters_of(arguments: dict[str, Any]) -> tuple[tuple[Any, Any], ...]:
    """Every filter argument ({argument name: value}) as one tuple of (dimensie, waarde) pairs.

    A tuple, so the query engine can remember the answer for the same filters (a sheet asks the same
    counts again at every recalculation).
    """
    try:
        key = _freeze(tuple(arguments.items()))
        found = _FILTER_MEMO.get(key)
    except TypeError:  # an unhashable cell value: parse without remembering
        key, found = None, None
    if found is not None:
        return found
    out: list[tuple[Any, Any]] = []
    for argument, value in arguments.items():
        out.extend(tuple(pair) for pair in filter_rows(argument, value))
    found = tuple(out)
    if key is not None:
        if len(_FILTER_MEMO) > 50_000:
            _FILTER_MEMO.clear()
        _FILTER_MEMO[key] = found
    return found


_FILTER_MEMO: dict = {}


def _freeze(value: Any) -> Any:
    """Nested lists (Excel ranges) as nested tuples, so the parsed filters can be remembered."""
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def aantal(schooljaar, *filters) -> int:
    """Aantal leerlingen in een schooljaar met filters op elke dimensie (LOEP.AANTAL).

    Args:
        schooljaar: '2024-2025', '2024-25' of 2024 (verplicht).
        *filters: elk een tekst 'dimensie=waarde' (meer waarden: 'onderwijsvorm=bso;tso'), een bereik van twee
            kolommen dimensie | waarde, of leeg. Alle filters samen (een dimensie één keer: meer waarden met
            ';'); 'basis=woonplaats' kiest welke provincie telt.

    Returns:
        Het aantal leerlingen (0 als de geldige combinatie geen leerlingen heeft).

    Raises:
        LoepFout: een ongeldig of ontbrekend argument, een onbekende dimensie of waarde.
    """
    query = current_query()
    jaar = _required(schooljaar, "schooljaar", "een schooljaar als '2024-2025', '2024-25' of 2024")
    rows = filters_of({f"filter{i}": v for i, v in enumerate(filters, start=1)})
    return query.count(schooljaar=jaar, filters=rows)


def _dimensions_argument(value: Any) -> Any:
    """rijen/kolommen as the engine takes them: a text ('provincie' or 'provincie,graad') or a list of names."""
    if isinstance(value, (list, tuple)):
        names = [v for v in _flatten(value) if not is_empty(v)]
        return names or None
    return None if is_empty(value) else value


def _years_argument(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        years = [_filter_value(v) for v in _flatten(value) if not is_empty(v)]
        return years or None
    return None if is_empty(value) else _filter_value(value)


def draaitabel(rijen, kolommen=None, schooljaar=None, *filters):
    """Een draaitabel over elke dimensie (LOEP.DRAAITABEL): kopregel, rijen, totaalrij en totaalkolom.

    Args:
        rijen: een of meer dimensies voor de rijen ('provincie', 'provincie,onderwijsvorm' of een bereik).
        kolommen: een of meer dimensies voor de kolommen; leeg = één kolom 'Aantal'.
        schooljaar: een schooljaar of meer (bereik of '2023-24;2024-25'); leeg = elk schooljaar, wat alleen
            kan als 'schooljaar' bij de rijen of kolommen staat (anders telt elke leerling eens per jaar).
        *filters: zoals bij :func:`aantal`; daarnaast 'geheimhouding=uit' (kleine aantallen tonen: niet voor
            publicatie) en 'drempel=10' (aantallen 1 tot 9 verbergen); standaard zoals ingesteld
            (:func:`disclosure_of`).

    Returns:
        Rijen: de kopregel (labels van de rijdimensies, een kolom per kolomwaarde, 'Totaal'), een rij per
        combinatie met leerlingen, en de rij 'Totaal'. Elk totaal is de som van zijn delen. Een klein aantal
        staat er als '<5', een cel die verborgen is om het te beschermen met het teken van het beleid
        (:mod:`addin.core.disclosure`).

    Raises:
        LoepFout: een ongeldig of ontbrekend argument, een onbekende dimensie of waarde.
    """
    from addin.report.pivot_table import protect, require_one_year, spill_rows

    query = current_query()
    rows_arg = _dimensions_argument(rijen)
    if rows_arg is None:
        raise LoepFout("Argument 'rijen' ontbreekt: geef een of meer dimensies, bv. 'provincie' of "
                       "'provincie,onderwijsvorm' (LOEP.WAARDEN() toont ze alle).")
    pairs, policy = disclosure_of(filters_of({f"filter{i}": v for i, v in enumerate(filters, start=1)}))
    pivot = query.pivot(rows_arg, _dimensions_argument(kolommen) or (), schooljaar=_years_argument(schooljaar),
                        filters=pairs)
    require_one_year(pivot, "LOEP.DRAAITABEL", "geef één schooljaar (argument 'schooljaar')")
    return spill_rows(pivot, protect(pivot, policy))


#: Filter names that set the small-count protection of LOEP.DRAAITABEL instead of filtering.
DISCLOSURE_KEYS = ("geheimhouding", "drempel")


def disclosure_of(pairs) -> tuple[tuple, Any]:
    """Split 'geheimhouding=uit' and 'drempel=10' off the filters: (the other filters, the policy).

    Without them the policy is as configured (``LOEP_GEHEIMHOUDING``, ``LOEP_GEHEIMHOUDING_DREMPEL``, else on
    with drempel 5: :func:`addin.core.disclosure.resolve`). The values are read as everywhere else
    (:func:`addin.core.disclosure.parse_aan`, :func:`~addin.core.disclosure.parse_drempel`).

    Raises:
        LoepFout: a value that is not aan/uit, or a drempel that is not a whole number in the allowed range.
    """
    from addin.core.disclosure import parse_aan, parse_drempel, resolve

    aan = drempel = None
    rest = []
    for naam, waarde in pairs:
        key = fold(str(naam)).strip() if isinstance(naam, str) else None
        if key == "geheimhouding":
            aan = parse_aan(_filter_value(waarde), "'geheimhouding'")
        elif key == "drempel":
            drempel = parse_drempel(_filter_value(waarde), "'drempel'")
        else:
            rest.append((naam, waarde))
    return tuple(rest), resolve(cli_aan=aan, cli_drempel=drempel)


def geheimhouding_argument(value: Any, argument: str = "geheimhouding") -> tuple[bool | None, int | None]:
    """LOEP.TABEL's argument ``geheimhouding`` as (aan, drempel); (None, None) when empty (= as configured).

    Accepted: 'aan'/'uit' (ja/nee, waar/onwaar, 1/0, an Excel boolean), 'drempel=N' or a whole number N from
    :data:`~addin.core.disclosure.MIN_DREMPEL` to :data:`~addin.core.disclosure.MAX_DREMPEL` (protection on,
    counts 1 … N − 1 hidden), 'geheimhouding=aan|uit'. The values are read by the rules of
    :mod:`addin.core.disclosure` (:func:`~addin.core.disclosure.parse_aan`,
    :func:`~addin.core.disclosure.parse_drempel`): one rule for every place a setting comes from.

    Raises:
        LoepFout: anything else, naming the argument.
    """
    from addin.core.disclosure import MIN_DREMPEL, parse_aan, parse_drempel

    value = scalar(value, argument)
    if value is None:
        return None, None
    value = _filter_value(value)
    waar = f"argument '{argument}'"
    if isinstance(value, str):
        naam, is_, waarde = value.partition("=")
        key = fold(naam).strip()
        if is_ and key == "drempel":
            return True, parse_drempel(waarde.strip(), f"de drempel in {waar}")
        if is_ and key == "geheimhouding":
            return parse_aan(waarde.strip(), waar), None
        text = value.strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is not None:
            value = _filter_value(number)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value not in (0, 1):
        # a number other than 1/0 is the threshold
        return True, parse_drempel(value, f"de drempel in {waar}")
    return parse_aan(value, waar, anders=f", of een drempel: 'drempel=10' of een getal vanaf {MIN_DREMPEL}"), None


def bron() -> list[list[Any]]:
    """Bron, teldatum, schooljaren, dataversie en of de gegevens synthetisch zijn (LOEP.BRON), als tabel van twee
    kolommen."""
    info = current_query().info
    jaren = f"{info.schooljaren[0]} tot {info.schooljaren[-1]}" if info.schooljaren else "geen"
    return [
        ["Bron", info.bron],
        ["Teldatum", info.peildatum],
        ["Schooljaren", jaren],
        ["Dataversie", info.dataversie],
        ["Synthetisch", "ja — geen officiële cijfers" if info.synthetisch else "nee"],
    ]


def _dimension_argument(naam: str) -> str:
    """The help text of an argument that filters one dimension, from the registry: label, help text, values."""
    from addin.core.dimensions import BY_NAAM

    dim = BY_NAAM[naam]
    uitleg = dim.uitleg[0].lower() + dim.uitleg[1:] if dim.uitleg[1:2].islower() else dim.uitleg
    text = f"{dim.label}: {uitleg}"
    if dim.soort == "data":
        text += f' Alle waarden: LOEP.WAARDEN("{dim.naam}").'
    return text + " Leeg = alle."


def _dimensie_tekst() -> str:
    """The help text of LOEP.WAARDEN's argument, from the registry: every dimension by name (255 at most)."""
    from addin.core.dimensions import DIMENSIONS

    names = [d.naam for d in DIMENSIONS] + ["basis"]
    text = f"Dimensie: {', '.join(names[:-1])} of {names[-1]} (ook hun aliassen); leeg = alle namen."
    while len(text) > 255:  # Excel's limit: name as many as fit, then point to the empty argument
        names.pop(-2)
        text = f"Dimensie, bv. {', '.join(names)} (ook hun aliassen); leeg = de namen van alle dimensies."
    return text


#: Python name -> Excel name (without namespace), in the order of the documentation.
FUNCTIONS: dict[str, str] = {
    "duaal": "DUAAL", "leerlingen": "LEERLINGEN", "aantal": "AANTAL", "draaitabel": "DRAAITABEL", "reeks": "REEKS", "tabel": "TABEL", "top": "TOP",
    "nul": "NUL", "waarden": "WAARDEN", "bron": "BRON",
}

#: The arguments of each function in order, as (argument name, key in :data:`ARGS`): the one definition
#: of both hosts' signatures and argument help (desktop wizard, VBA wrappers, Office.js metadata).
PARAMS: dict[str, tuple[tuple[str, str], ...]] = {
    "duaal": (("schooljaar", "schooljaar"), ("provincie", "provincie"), ("onderwijsvorm", "onderwijsvorm"),
              ("graad", "graad"), ("sector", "sector"), ("basis", "basis")),
    "leerlingen": (("schooljaar", "schooljaar"), ("provincie", "provincie"), ("onderwijsvorm", "onderwijsvorm"),
                   ("graad", "graad"), ("sector", "sector"), ("basis", "basis"), ("duaal", "duaal")),
    "aantal": (("schooljaar", "schooljaar"), ("filter", "filter")),  # filter: *args (filter1, filter2, …)
    "draaitabel": (("rijen", "rijen"), ("kolommen", "kolommen"), ("schooljaar", "schooljaar_draaitabel"))
    + tuple((f"filter{i}", "filter") for i in range(1, DRAAITABEL_FILTERS + 1)),
    "reeks": (("provincie", "provincie_verplicht"), ("van", "van"), ("tot", "tot"), ("basis", "basis")),
    "tabel": (("vraag", "vraag"), ("tabel", "tabel"), ("provincie", "provincie_tabel"), ("basis", "basis"),
              ("van", "van"), ("tot", "tot"), ("geheimhouding", "geheimhouding")),
    "top": (("provincie", "provincie_verplicht"), ("schooljaar", "schooljaar"), ("n", "n"), ("niveau", "niveau"),
            ("basis", "basis")),
    "nul": (("provincie", "provincie_verplicht"), ("schooljaar", "schooljaar"), ("basis", "basis")),
    "waarden": (("dimensie", "dimensie"),),
    "bron": (),
}

#: Dutch help texts shown by Excel's function wizard, shared by both hosts.
HELP: dict[str, str] = {
    "duaal": f"Aantal leerlingen in een duale opleiding (telling op 1 februari). {EXACT_HINT} {BULK_HINT}",
    "leerlingen": "Aantal leerlingen secundair onderwijs; duaal 'ja' = alleen duaal, 'nee' = niet-duaal. "
                  f"{EXACT_HINT} {BULK_HINT}",
    "aantal": "Aantal leerlingen met filters 'dimensie=waarde' (bv. 'net=GO') of een bereik dimensie | waarde. "
              f"{EXACT_HINT} Veel cijfers: LOEP.DRAAITABEL.",
    "draaitabel": "Draaitabel rijen × kolommen over elke dimensie, met filters en totalen. Kleine aantallen "
                  "beschermd ('<5'); filter 'geheimhouding=uit': exact, niet voor publicatie.",
    "reeks": f"Leerlingen in duaal per schooljaar voor een provincie: Schooljaar | Leerlingen in duaal. {EXACT_HINT}",
    "tabel": "Tabel van een vraag (LOEP.TABEL(\"voorbeeld-okan-per-provincie\"; \"T1\")) of vraag 1 tot 5, als in "
             "het antwoord: kleine aantallen beschermd ('<5'); '(%)' in procent.",
    "top": f"De populairste sectoren of studierichtingen in duaal, met kopregel; 'Aandeel (%)' in procent. {EXACT_HINT}",
    "nul": "Duale opleidingen van de catalogus zonder leerlingen in de provincie in dat schooljaar, met kopregel.",
    "waarden": "De geldige waarden van een dimensie, onder elkaar: bruikbaar als keuzelijst "
               "(gegevensvalidatie). Leeg: de namen van alle dimensies.",
    "bron": "Bron, teldatum, schooljaren, dataversie en of de gegevens synthetisch zijn.",
}

#: Dutch descriptions of the arguments, shared by both hosts.
ARGS: dict[str, str] = {
    "schooljaar": "Schooljaar als '2024-2025', '2024-25' of 2024.",
    "provincie": "Provincie (Antwerpen, Limburg, Oost-Vlaanderen, Vlaams-Brabant, West-Vlaanderen) of 'Brussel'; "
                 "leeg = Vlaanderen en Brussel samen.",
    "provincie_tabel": "Eén provincie (Antwerpen, Limburg, Oost-Vlaanderen, Vlaams-Brabant, West-Vlaanderen) of "
                       "'Brussel'; leeg = Antwerpen bij vraag 1 … 5, anders die van het vraagbestand. De titelrij "
                       "noemt de regio.",
    "provincie_verplicht": "Provincie (Antwerpen, Limburg, Oost-Vlaanderen, Vlaams-Brabant, West-Vlaanderen), "
                           "'Brussel', of 'Vlaanderen en Brussel' voor alles samen; niet leeg.",
    "onderwijsvorm": _dimension_argument("onderwijsvorm"),
    "graad": _dimension_argument("graad"),
    "sector": _dimension_argument("sector"),
    "basis": "Welke provincie telt: 'vestigingsplaats' (standaard), 'hoofdzetel' of 'woonplaats'.",
    "duaal": "'ja' = alleen duaal, 'nee' = alleen niet-duaal, leeg = alle leerlingen.",
    "van": "Eerste schooljaar; leeg = het eerste in de gegevens.",
    "tot": "Laatste schooljaar; leeg = het laatste in de gegevens.",
    "vraag": "Een ingebouwde vraag (zie loep vragen), of het nummer van een vraag van de standaardvraag: 1 tot 5 "
             "(of een tabel als 'V3b'; dan volgt meteen de provincie).",
    "tabel": "Naam van een tabel van die vraag (bv. 'T1'); leeg = de eerste.",
    "n": "Aantal rijen (standaard 5).",
    "niveau": "'sector' (standaard) of 'studierichting'.",
    "dimensie": _dimensie_tekst(),
    "filter": "Filter 'dimensie=waarde', bv. 'net=GO' of 'onderwijsvorm=bso;tso' (één van beide), of een bereik "
              "van twee kolommen dimensie | waarde; leeg = geen filter. Dimensies: LOEP.WAARDEN().",
    "rijen": "Dimensie(s) voor de rijen, bv. 'provincie' of 'gemeente'; meer met komma ('provincie,graad') of "
             "een bereik. Alle namen: LOEP.WAARDEN().",
    "kolommen": "Dimensie(s) voor de kolommen, zoals bij rijen; leeg = één kolom Aantal.",
    "geheimhouding": "Leeg = zoals ingesteld (standaard aan: 1 tot 4 als '<5'); 'uit' = exacte aantallen, niet voor "
                     "publicatie; 'drempel=10' of 10 = 1 tot 9 verbergen. Bij vraag 1…5: het zesde argument.",
    "schooljaar_draaitabel": "Schooljaar als '2024-2025' of 2024, of meer (een bereik); leeg = elk schooljaar, "
                             "dan moet 'schooljaar' bij de rijen of kolommen staan.",
}


#: What every desktop help text says about errors (classic xlwings UDFs cannot return an Excel error value).
DESKTOP_ERROR_NOTE = "Fout? Dan staat '#WAARDE! uitleg' als tekst in de cel en telt SOM die cel niet mee."
#: Shorter bulk hint for the desktop, where the help text must stay within Excel's 255 characters.
DESKTOP_BULK_HINT = "Veel cijfers: LOEP_TABEL of LOEP_REEKS."

#: Dutch argument descriptions for desktop Excel (function names written LOEP_…, as VBA spells them).
DESKTOP_ARGS: dict[str, str] = {k: v.replace("LOEP.", "LOEP_") for k, v in ARGS.items()}


def desktop_help(name: str) -> str:
    """The help text of function ``name`` in desktop Excel's function wizard (at most 255 characters).

    The shared :data:`HELP` text with desktop names (``LOEP_TABEL``) and :data:`DESKTOP_ERROR_NOTE`
    appended: on the desktop a mistake is text in the cell, which ``SOM``/``SUM`` silently skips.
    """
    text = HELP[name].replace(BULK_HINT, DESKTOP_BULK_HINT).replace(EXACT_HINT, DESKTOP_EXACT_HINT)
    text = text.replace("LOEP.", "LOEP_")
    return f"{text} {DESKTOP_ERROR_NOTE}"


def error_text(exc: LoepFout) -> str:
    """The text a desktop cell shows for a user mistake: '#WAARDE! ' + the Dutch message.

    Classic xlwings has no way for a Python UDF to return an Excel error value: ``call_udf`` hands
    back the converted result, and when the function raises, the VBA stub that xlwings writes sets
    the result to ``Err.Description`` (text again, a Python traceback). So the desktop returns this
    readable text; it is not an error value, and ``SOM``/``SUM`` skip it without a warning
    (:data:`DESKTOP_ERROR_NOTE`, docs/excel.md). Office.js shows a real ``#WAARDE!`` error.
    """
    return f"#WAARDE! {exc.boodschap}"

