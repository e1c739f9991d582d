"""A parliamentary question as a TOML file: metadata, question texts, parameters, tables.

A question about another province, basis or period is a new file, not new code. The
default (``addin/vragen/duaal-leren-antwerpen.toml``) is the question Loep ships with;
``docs/vragen.md`` documents every key. Layout::

    [vraag]            titel, nummer, datum, vraagsteller, bron (optional), inleiding = [alinea, ...]
    [[vraag.ministers]] naam, nummer
    [parameters]       provincie, basis, van, tot ('' = latest school year in the data)
    [[vragen]]         nummer, tekst, tabellen = ["V1", ...]  (empty list: not a data question)
    [[tabellen]]       naam, titel, filter, rijen, kolommen, maten, … (see addin.core.tablespec)

A table name in ``[[vragen]]`` is one of the file's own ``[[tabellen]]``, or a table of the seed
question (V1 … V5b, also written '1', '2b', '3' …). Titles, the introduction and question texts may hold
placeholders ({provincie}, {van}, …): they follow the parameters the answer is made for; a literal
text stays literal, and the cover then says the answer was made for other parameters.

Every mistake is a :class:`LoepFout` naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from addin.core.errors import LoepFout
from addin.core.labels import suggest
from addin.core.questions import TABLE_KEYS, QuestionParams, basis_zin, regio_naam, table_key
from addin.core.settings import os_fout_tekst
from addin.core.tablespec import TableSpec, fill, parse_tables

#: File name of the default question (package data in ``addin/vragen``).
DEFAULT_SPEC = "duaal-leren-antwerpen.toml"

_VRAAG_KEYS = {"titel": str, "nummer": str, "datum": str, "vraagsteller": str, "bron": str, "inleiding": list,
               "ministers": list}
_VRAAG_REQUIRED = ("titel", "nummer", "datum", "vraagsteller", "ministers")
_MINISTER_KEYS = {"naam": str, "nummer": str}
_PARAM_KEYS = ("provincie", "basis", "van", "tot")
_VRAGEN_KEYS = {"nummer": int, "tekst": str, "tabellen": list}
_TOP_KEYS = ("vraag", "parameters", "vragen", "geheimhouding", "tabellen")
#: [geheimhouding]: toepassen (true/false) and drempel (whole number); see addin.core.disclosure
_GEHEIM_KEYS = {"toepassen": bool, "drempel": int}
_TYPE_NAMES = {str: "tekst", int: "geheel getal", list: "lijst", dict: "tabel", bool: "true of false"}
#: A question file is a few kilobytes; a larger one is refused before it is read (no file is read whole
#: into memory only to find it is a 2 GB download or a binary file).
MAX_SPEC_BYTES = 1_000_000
#: Deepest nesting of lists and tables a question file may have (Loep's own files use 2).
MAX_NESTING = 20


def _waarde_soort(value) -> str:
    """The Dutch name of a TOML value's kind (never a Python type name)."""
    import datetime

    if isinstance(value, bool):
        return "waar/onwaar"
    if isinstance(value, datetime.datetime):
        return "datum en tijd"
    if isinstance(value, datetime.date):
        return "datum"
    if isinstance(value, datetime.time):
        return "tijd"
    if isinstance(value, float):
        return "kommagetal"
    for typ, naam in _TYPE_NAMES.items():
        if isinstance(value, typ):
            return naam
    return "waarde"


def _toon(value) -> str:
    """A value as the user wrote it in TOML ('2024-01-15', '"tekst"', 'true'), cut to 60 characters."""
    import datetime

    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat()
    elif isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, (list, dict)):
        text = "[…]" if isinstance(value, list) else "{…}"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _gevonden(value) -> str:
    return f"gevonden {_waarde_soort(value)} ({_toon(value)})"


def _read_text(pad: Path) -> str:
    """The question file as text: UTF-8 (with or without BOM, as Notepad saves it) or Windows-1252 ('ANSI')."""
    try:
        size = pad.stat().st_size
        if size > MAX_SPEC_BYTES:
            mb = f"{size / 1e6:.1f}".replace(".", ",")
            raise LoepFout(f"{pad.name} is {mb} MB groot; een vraagbestand is een tekstbestand van enkele "
                           f"kilobytes (ten hoogste {MAX_SPEC_BYTES // 1000} kB). Is dit wel het vraagbestand?")
        with open(pad, "rb") as fh:
            data = fh.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise LoepFout(f"Vraagbestand '{pad}' kan niet gelezen worden: {os_fout_tekst(exc)}.") from None
    if b"\x00" in data or data[:4] == b"PK\x03\x04":
        hint = " (een Word- of Excel-bestand?)" if data[:4] == b"PK\x03\x04" else ""
        raise LoepFout(f"{pad.name} is geen tekstbestand{hint}: een vraagbestand is tekst in TOML (zie "
                       f"docs/vragen.md). Bewaar het in Kladblok als tekst.")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")  # saved as 'ANSI' in Notepad
        except UnicodeDecodeError:
            raise LoepFout(f"{pad.name}: de tekencodering is niet herkend (geen UTF-8 en geen Windows-1252); bewaar "
                           f"het bestand als UTF-8.") from None


def _nesting(value, depth: int = 0) -> int:
    if isinstance(value, dict):
        return max((_nesting(v, depth + 1) for v in value.values()), default=depth + 1)
    if isinstance(value, list):
        return max((_nesting(v, depth + 1) for v in value), default=depth + 1)
    return depth


@dataclass(frozen=True)
class Minister:
    """A minister the question was put to, with the number the question has for that minister."""

    naam: str
    nummer: str


@dataclass(frozen=True)
class SpecQuestion:
    """One numbered question: its verbatim text and the tables that answer it (none: not a data question)."""

    nummer: int
    tekst: str
    tabellen: tuple[str, ...]



@dataclass(frozen=True)
class QuestionSpec:
    """A loaded, validated question specification.

    Args:
        pad: the TOML file it came from.
        titel, nummer, datum, vraagsteller: metadata ('onbekend' / 'niet vermeld' when the question does not say).
        ministers: the ministers, each with the question's number for that minister.
        inleiding: paragraphs of the (short) introduction.
        vragen: the numbered questions, in order.
        params: provincie, basis, van, tot (tot None = latest year in the data).
        bron: where the texts come from (optional).
    """

    pad: Path
    titel: str
    nummer: str
    datum: str
    vraagsteller: str
    ministers: tuple[Minister, ...]
    inleiding: tuple[str, ...]
    vragen: tuple[SpecQuestion, ...]
    params: QuestionParams
    bron: str = ""
    #: [geheimhouding] of the file: 'toepassen' and/or 'drempel' (absent keys: not set here)
    geheimhouding: tuple[tuple[str, object], ...] = ()
    tabellen: tuple[TableSpec, ...] = ()
    params_vraag: QuestionParams | None = None

    @property
    def naam(self) -> str:
        """Name of the question file without '.toml' (what ``--vraag`` and LOEP.TABEL accept)."""
        return self.pad.name[:-5] if self.pad.name.endswith(".toml") else self.pad.name

    @property
    def voorbeeld(self) -> bool:
        """An example question (its nummer says 'voorbeeld'), not a real parliamentary question."""
        return "voorbeeld" in self.nummer.casefold()

    def table(self, name) -> TableSpec:
        """The declaration of a table by name: the file's own, else the seed question's ('3' → V3a).

        Raises:
            LoepFout: unknown table, naming the file and the tables it has.
        """
        text = str(int(name) if isinstance(name, float) and name.is_integer() else name).strip()
        for t in self.tabellen:
            if t.naam.casefold() == text.casefold():
                return t
        try:
            key = table_key(text)
        except LoepFout:
            names = [t.naam for t in self.tabellen] or list(TABLE_KEYS)
            hint = suggest(text, names)
            raise LoepFout(f"{self.pad.name}: onbekende tabel '{text}'. Tabellen van deze vraag: {', '.join(names)}.",
                           suggestie=hint) from None
        own = [t for t in self.tabellen if t.naam == key]
        return own[0] if own else _seed_table(key)

    def question_of(self, name) -> int:
        """Number of the first question that refers to table ``name`` (0: none)."""
        naam = self.table(name).naam
        for v in self.vragen:
            if naam in v.tabellen:
                return v.nummer
        return 0

    def placeholders(self) -> dict[str, str]:
        """Values of the text placeholders for this question's parameters (``tot`` as resolved, if it is)."""
        p = self.params
        tot = p.tot or "het recentste schooljaar"
        return {"provincie": p.provincie, "regio": regio_naam(p.provincie), "basis": p.basis,
                "volgens_basis": basis_zin(p.basis), "van": p.van, "tot": tot, "laatste": tot, "vorige": "",
                "periode": f"{p.van} tot {tot}"}

    def filled(self) -> "QuestionSpec":
        """A copy whose title, introduction and question texts have their placeholders filled."""
        values = self.placeholders()
        return replace(
            self, titel=fill(self.titel, values), inleiding=tuple(fill(a, values) for a in self.inleiding),
            vragen=tuple(replace(v, tekst=fill(v.tekst, values)) for v in self.vragen),
        )

    def afwijkingen(self) -> tuple[str, ...]:
        """Dutch sentences for the cover: where the parameters differ from the question's own, and the
        question's texts are literal (so they still name the question's own province or period)."""
        own = self.params_vraag
        if own is None:
            return ()
        p = self.params
        verschil = []
        if p.provincie != own.provincie:
            verschil.append(f"provincie {p.provincie} (de vraag: {own.provincie})")
        if p.basis != own.basis:
            verschil.append(f"basis {p.basis} (de vraag: {own.basis})")
        if p.van != own.van and not p.van_gevraagd:
            verschil.append(f"vanaf {p.van} (de vraag: {own.van})")
        if own.tot and p.tot != own.tot:
            verschil.append(f"tot {p.tot} (de vraag: {own.tot})")
        out = []
        if verschil:
            texts = [self.titel, *self.inleiding, *(v.tekst for v in self.vragen)]
            literal = not any("{" + k + "}" in t for t in texts for k in ("provincie", "regio", "basis", "van"))
            zin = ("Let op: dit antwoord is gemaakt voor andere parameters dan die van de vraag: "
                   + "; ".join(verschil) + ".")
            if literal:
                zin += " De teksten van de vraag hieronder staan er letterlijk, zoals de vraag ze stelt."
            out.append(zin)
        if p.van_melding:
            out.append(p.van_melding)
        return tuple(out)

    @property
    def table_keys(self) -> tuple[str, ...]:
        """The tables to build, in question order, each once."""
        seen: list[str] = []
        for v in self.vragen:
            for k in v.tabellen:
                if k not in seen:
                    seen.append(k)
        return tuple(seen)

    @property
    def open_vragen(self) -> tuple[int, ...]:
        """Numbers of the questions that are not data questions (their answer is written by hand)."""
        return tuple(v.nummer for v in self.vragen if not v.tabellen)

    @property
    def ministers_tekst(self) -> str:
        """'Ben Weyts (723), Jo Brouns (816)'."""
        return ", ".join(f"{m.naam} ({m.nummer})" if m.nummer else m.naam for m in self.ministers)

    def vraag(self, nummer: int) -> SpecQuestion:
        """The question with this number."""
        for v in self.vragen:
            if v.nummer == nummer:
                return v
        raise LoepFout(f"De vraag heeft geen deelvraag {nummer} ({self.pad.name}).")

    def with_params(self, provincie=None, basis=None, van=None, tot=None) -> "QuestionSpec":
        """A copy with the parameters given on the command line (None or '' = keep the file's value).

        Raises:
            LoepFout: an unknown province or basis, an unreadable school year, or van after tot.
        """
        p = self.params
        new = QuestionParams(
            provincie=p.provincie if _blank(provincie) else provincie,
            basis=p.basis if _blank(basis) else basis,
            van=p.van if _blank(van) else van,
            tot=p.tot if _blank(tot) else tot,
            van_expliciet=p.van_expliciet or not _blank(van),
            van_gevraagd=p.van_gevraagd,
        )
        return replace(self, params=new, params_vraag=self.params_vraag or p)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _seed_table(key: str) -> TableSpec:
    seed = load_spec(None)
    for t in seed.tabellen:
        if t.naam == key:
            return t
    raise LoepFout(f"De standaardvraag {DEFAULT_SPEC} declareert tabel '{key}' niet.")  # pragma: no cover


def builtin_specs() -> list[str]:
    """Names (without .toml) of the question files that ship with Loep."""
    folder = resources.files("addin").joinpath("vragen")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _resolve_path(path) -> Path:
    if path is None or (isinstance(path, str) and not path.strip()):
        return Path(str(resources.files("addin").joinpath("vragen", DEFAULT_SPEC)))
    p = Path(path).expanduser()
    if p.is_file():
        return p
    name = p.name[:-5] if p.name.endswith(".toml") else p.name
    if p.parent == Path(".") and name in builtin_specs():
        return Path(str(resources.files("addin").joinpath("vragen", name + ".toml")))
    if p.is_dir():
        raise LoepFout(f"'{p}' is een map; geef een vraagbestand (.toml).")
    ingebouwd = ", ".join(builtin_specs())
    raise LoepFout(f"Vraagbestand '{p}' niet gevonden. Ingebouwde vragen: {ingebouwd}.",
                   suggestie=suggest(name, builtin_specs()))


def load_spec(path=None) -> QuestionSpec:
    """Read and validate a question specification.

    Args:
        path: a TOML file, the name of a built-in question (see :func:`builtin_specs`), or None for
            the default question (duaal leren, provincie Antwerpen).

    Returns:
        The validated :class:`QuestionSpec`.

    Raises:
        LoepFout: file missing or not valid TOML, a missing key, a value of the wrong type, an unknown
            key, table, province or basis, or an unreadable school year; the message names file and key.
    """
    pad = _resolve_path(path)
    try:
        stamp = pad.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _load(pad, stamp)


@lru_cache(maxsize=64)
def _load(pad: Path, stamp) -> QuestionSpec:
    """Read and parse ``pad`` (cached per file and modification time: a spec is immutable)."""
    text = _read_text(pad)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        plaats = f" (regel {where.group(1)}, kolom {where.group(2)})" if where else ""
        raise LoepFout(f"{pad.name}: geen geldige TOML{plaats}. Controleer daar de aanhalingstekens, "
                       "het '='-teken tussen sleutel en waarde en de haakjes van lijsten.") from None
    except RecursionError:
        data = None
    if data is None or _nesting(data) > MAX_NESTING:
        raise LoepFout(f"{pad.name}: lijsten of tabellen zijn te diep in elkaar genest (meer dan {MAX_NESTING} "
                       f"niveaus); een vraagbestand heeft er hooguit twee. Is dit wel het vraagbestand?")
    return _parse(pad, data)


def _parse(pad: Path, data: dict) -> QuestionSpec:
    naam = pad.name

    def fout(sleutel: str, tekst: str, suggestie: str | None = None) -> LoepFout:
        return LoepFout(f"{naam}, sleutel '{sleutel}': {tekst}", suggestie=suggestie)

    def check_unknown(table: dict, allowed, where: str) -> None:
        for k in table:
            if k not in allowed:
                hint = suggest(k, allowed)
                tip = f"; bedoelde u '{hint}'?" if hint else f". Geldige sleutels: {', '.join(allowed)}."
                raise LoepFout(f"{naam}: onbekende sleutel '{k}' in {where}{tip}", suggestie=hint)

    def get(table: dict, key: str, typ, where: str, required: bool = True, default=None):
        full = f"{where}.{key}" if where else key
        if key not in table:
            if required:
                raise fout(full, "ontbreekt.")
            return default
        value = table[key]
        if typ is str and key == "nummer" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # nummer = 723 is fine
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)) or (
                typ is bool and not isinstance(value, bool)):
            raise fout(full, f"verwacht {_TYPE_NAMES[typ]}, {_gevonden(value)}.")
        return value

    check_unknown(data, _TOP_KEYS, "het bestand")
    vraag = get(data, "vraag", dict, "", True)
    check_unknown(vraag, tuple(_VRAAG_KEYS), "[vraag]")
    meta = {k: get(vraag, k, t, "vraag", k in _VRAAG_REQUIRED, "" if t is str else []) for k, t in
            _VRAAG_KEYS.items()}
    for k in ("titel", "nummer"):
        if not meta[k].strip():
            raise fout(f"vraag.{k}", "is leeg.")
    inleiding = []
    for i, alinea in enumerate(meta["inleiding"]):
        if not isinstance(alinea, str):
            raise fout(f"vraag.inleiding[{i + 1}]", f"verwacht tekst, {_gevonden(alinea)}.")
        inleiding.append(alinea.strip())
    ministers = []
    if not meta["ministers"]:
        raise fout("vraag.ministers", "noem minstens één minister ([[vraag.ministers]] met naam en nummer).")
    for i, m in enumerate(meta["ministers"], 1):
        where = f"vraag.ministers[{i}]"
        if not isinstance(m, dict):
            raise fout(where, "verwacht een tabel met naam en nummer.")
        check_unknown(m, tuple(_MINISTER_KEYS), f"[[vraag.ministers]] nr. {i}")
        ministers.append(Minister(get(m, "naam", str, where).strip(), get(m, "nummer", str, where, False, "").strip()))

    params_raw = get(data, "parameters", dict, "", False, {})
    check_unknown(params_raw, _PARAM_KEYS, "[parameters]")
    values = {}
    for k in _PARAM_KEYS:
        v = params_raw.get(k)
        if v is not None and not isinstance(v, (str, int)) or isinstance(v, bool):
            raise fout(f"parameters.{k}", f"verwacht tekst, {_gevonden(v)}.")
        values[k] = None if _blank(v) else v
    for k, v in values.items():  # each parameter on its own first, so the message names its key
        if v is not None:
            try:
                QuestionParams(**{k: v})
            except LoepFout as exc:
                raise fout(f"parameters.{k}", exc.boodschap, exc.suggestie) from None
    try:
        params = QuestionParams(**{k: v for k, v in values.items() if v is not None})
    except LoepFout as exc:
        raise fout("parameters", exc.boodschap, exc.suggestie) from None

    tabellen = parse_tables(data.get("tabellen", []), naam)
    own = {t.naam.casefold(): t.naam for t in tabellen}

    vragen_raw = get(data, "vragen", list, "", True)
    if not vragen_raw:
        raise fout("vragen", "bevat geen vragen ([[vragen]] met nummer, tekst en tabellen).")
    vragen = []
    seen_numbers = set()
    for i, v in enumerate(vragen_raw, 1):
        where = f"vragen[{i}]"
        if not isinstance(v, dict):
            raise fout(where, "verwacht een tabel [[vragen]] met nummer, tekst en tabellen.")
        check_unknown(v, tuple(_VRAGEN_KEYS), f"[[vragen]] nr. {i}")
        nummer = get(v, "nummer", int, where)
        if nummer in seen_numbers:
            raise fout(f"{where}.nummer", f"vraag {nummer} staat er twee keer in.")
        seen_numbers.add(nummer)
        tekst = get(v, "tekst", str, where).strip()
        if not tekst:
            raise fout(f"{where}.tekst", "is leeg.")
        keys = []
        for t in get(v, "tabellen", list, where, False, []):
            if not isinstance(t, str):
                raise fout(f"{where}.tabellen", f"verwacht tabelnamen als tekst, {_gevonden(t)}.")
            if t.strip().casefold() in own:
                keys.append(own[t.strip().casefold()])
                continue
            try:
                keys.append(table_key(t))
            except LoepFout:
                names = list(own.values()) or list(TABLE_KEYS)
                hint = suggest(t, names)
                tip = f"; bedoelde u '{hint}'?" if hint else "."
                raise fout(f"{where}.tabellen", f"onbekende tabel '{t}'{tip} Tabellen van dit bestand: "
                                                f"{', '.join(names)}" + (" (of de tabellen V1 … V5b van de "
                                                "standaardvraag)." if own else "."), hint) from None
        vragen.append(SpecQuestion(nummer, tekst, tuple(keys)))

    geheim_raw = get(data, "geheimhouding", dict, "", False, {})
    check_unknown(geheim_raw, tuple(_GEHEIM_KEYS), "[geheimhouding]")
    geheim = tuple((k, get(geheim_raw, k, t, "geheimhouding")) for k, t in _GEHEIM_KEYS.items() if k in geheim_raw)
    if geheim:
        from addin.core.disclosure import resolve
        try:
            resolve(env={}, vraag_aan=dict(geheim).get("toepassen"), vraag_drempel=dict(geheim).get("drempel"))
        except LoepFout as exc:
            raise fout("geheimhouding", exc.boodschap) from None

    return QuestionSpec(
        pad=pad, titel=meta["titel"].strip(), nummer=meta["nummer"].strip(),
        datum=meta["datum"].strip() or "onbekend", vraagsteller=meta["vraagsteller"].strip() or "niet vermeld",
        ministers=tuple(ministers), inleiding=tuple(inleiding), vragen=tuple(vragen), params=params,
        bron=meta["bron"].strip(), geheimhouding=geheim, tabellen=tabellen, params_vraag=params,
    )
