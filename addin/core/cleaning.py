"""From raw official files to Loep's canonical table, with a report of everything done.

Every rule works on *unique values* (or unique combinations of a few columns), never row by
row in Python: a file of 100 000 rows has a few hundred distinct labels, so mapping them and
broadcasting the result back with integer codes costs milliseconds. The rules themselves are
documented in ``docs/data-dictionary.md`` (generated from this module and
:mod:`addin.core.schema`).

A row is either *kept*, *skipped* (not secondary education: kleuter/lager, counted) or
*rejected* (a value that cannot be used, with the reason and its row number). Nothing is
dropped silently. When more than half the rows of a file are rejected the file is most likely
the wrong one and :func:`clean` raises :class:`LoepFout`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core import catalogue as _catalogue
from addin.core.errors import LoepFout
from addin.core.labels import (
    GESLACHT,
    GRAAD,
    GRADEN,
    HOOFDSTRUCTUREN,
    HOOFDSTRUCTUUR,
    HOOFDSTRUCTUUR_CODES,
    HS_BUSO,
    HS_DBSO,
    HS_GEWOON,
    HS_SYNTRA,
    NIET_SECUNDAIR_CODES,
    ONDERWIJSVORM,
    ONDERWIJSVORMEN,
    PROVINCIE,
    PROVINCIES,
    clean_text,
    fold,
    normalise_schooljaar,
    unknown_value,
)
from addin.core.reader import RawFile
from addin.core.schema import BASES, CANONICAL, CANONICAL_COLUMNS

NVT = "n.v.t."
ONBEKEND = "Onbekend"
#: Share of rejected rows above which a file is refused as a whole.
MAX_AFGEWEZEN = 0.5
#: Row numbers shown per reason in reports.
TOON_RIJEN = 10
#: Reason groups kept per file in the JSON report (the text report shows fewer).
MAX_REDENEN_JSON = 200

#: Finaliteit (folded) -> canonical finaliteit and the onderwijsvorm it implies in the 2nd/3rd graad.
FINALITEITEN: dict[str, tuple[str, str]] = {
    "arbeidsmarktfinaliteit": ("Arbeidsmarktfinaliteit", "bso"),
    "arbeidsmarkt": ("Arbeidsmarktfinaliteit", "bso"),
    "dubbele finaliteit": ("Dubbele finaliteit", "tso"),
    "dubbel": ("Dubbele finaliteit", "tso"),
    "doorstroomfinaliteit": ("Doorstroomfinaliteit", "aso"),
    "doorstroom": ("Doorstroomfinaliteit", "aso"),
}
#: Hoofdstructuur -> onderwijsvorm, whatever the file's onderwijsvorm column says.
VORM_VAN_HOOFDSTRUCTUUR: dict[str, str] = {HS_SYNTRA: "Syntra", HS_BUSO: "buso", HS_DBSO: "dbso"}
#: Administrative groups ending in one of these mark a dual pupil (case-insensitive, trimmed).
DUAAL_GROEP_EINDES: tuple[str, ...] = ("DBSO", "SYN")
_DUAAL_DL = re.compile(r"\sDL$", re.IGNORECASE)
_NVT = re.compile(r"^n\s*\.?\s*v\s*\.?\s*t\b\.?", re.IGNORECASE)
_NIET_SECUNDAIR_WOORDEN = ("kleuter", "lager onderwijs")
_INTEGER = re.compile(r"^\s*\d+\s*$")
_INT32_MAX = np.iinfo(np.int32).max
_SECTORTYPES = ("domein", "studiegebied", "onbekend")

_KOLOM_ORDER = {k: i for i, k in enumerate(("schooljaar", "hoofdstructuur", "graad_so", "onderwijsvorm", "finaliteit",
                                             "leerjaar", "studierichting", "vestiging_provincie_naam",
                                             "hoofdzetel_provincie_naam", "woonplaats_provincie_naam", "geslacht"))}

#: Canonical columns whose categories follow a fixed vocabulary order.
FIXED_CATEGORIES: dict[str, tuple[str, ...]] = {
    "hoofdstructuur": HOOFDSTRUCTUREN,
    "onderwijsvorm": ONDERWIJSVORMEN,
    "graad": GRADEN,
    "provincie_vestigingsplaats": PROVINCIES,
    "provincie_hoofdzetel": PROVINCIES,
    "provincie_woonplaats": PROVINCIES,
    "geslacht": tuple(GESLACHT.waarden),
    "sectortype": _SECTORTYPES,
}


# --- report --------------------------------------------------------------------------------


@dataclass
class RejectGroup:
    """Rows rejected for one identical reason."""

    reden: str
    aantal: int
    rijen: list[int]  # the first TOON_RIJEN source rows (1 = first data row)

    def to_dict(self) -> dict:
        return {"reden": self.reden, "aantal": self.aantal, "rijen": self.rijen}


@dataclass
class Mapping:
    """A raw value rewritten to a canonical one, with the number of kept rows it applied to."""

    kolom: str
    van: str
    naar: str
    aantal: int
    waarom: str = ""  # when the new value follows from another column

    def to_dict(self) -> dict:
        return {"kolom": self.kolom, "van": self.van, "naar": self.naar, "aantal": self.aantal,
                "waarom": self.waarom}

    def to_text(self) -> str:
        van = f"'{self.van}'" if self.van.strip() else "(leeg)"
        waarom = f"{self.waarom}; " if self.waarom else ""
        rijen = "1 rij" if self.aantal == 1 else f"{self.aantal} rijen"
        return f"{self.kolom}: {van} → '{self.naar}' ({waarom}{rijen})"


@dataclass
class FileReport:
    """What happened to one file."""

    naam: str
    formaat: str
    codering: str | None
    scheidingsteken: str | None
    blad: str | None
    kopregel: int
    titelregels: list[str]
    extra_kolommen: list[str]
    schooljaar_bron: str
    schooljaren: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    rijen_gelezen: int = 0
    rijen_behouden: int = 0
    rijen_overgeslagen: int = 0
    overgeslagen: dict[str, int] = field(default_factory=dict)
    rijen_afgewezen: int = 0
    afgewezen: list[RejectGroup] = field(default_factory=list)
    redenen_totaal: int = 0
    mappings: list[Mapping] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    sha256: str = ""

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k not in ("afgewezen", "mappings")}
        d["afgewezen"] = [g.to_dict() for g in self.afgewezen[:MAX_REDENEN_JSON]]
        d["mappings"] = [m.to_dict() for m in self.mappings]
        return d

    def to_text(self, max_redenen: int = 20, max_mappings: int = 40) -> str:
        lines = [f"Bestand: {self.naam}"]
        if self.formaat == "csv":
            delim = {",": "komma", ";": "puntkomma"}.get(self.scheidingsteken or "", self.scheidingsteken)
            lines.append(f"  gelezen als CSV, tekencodering {self.codering}, scheidingsteken {delim}, "
                         f"kopregel op regel {self.kopregel}")
        else:
            lines.append(f"  gelezen als Excel-bestand, blad '{self.blad}', kopregel op rij {self.kopregel}")
        if self.titelregels:
            lines.append(f"  titelregel(s) boven de kopregel overgeslagen: "
                         + " | ".join(f"'{t[:80]}'" for t in self.titelregels))
        if self.extra_kolommen:
            lines.append(f"  kolommen genegeerd (niet gebruikt door Loep): {', '.join(self.extra_kolommen)}")
        bron = "kolom schooljaar" if self.schooljaar_bron == "kolom" else "bestandsnaam"
        lines.append(f"  schooljaar: {', '.join(self.schooljaren) or '—'} (uit de {bron})")
        lines.append(f"  provincie beschikbaar volgens: {', '.join(self.bases)}")
        lines.append(f"  rijen gelezen: {self.rijen_gelezen:,}".replace(",", "."))
        lines.append(f"  rijen behouden: {self.rijen_behouden:,}".replace(",", "."))
        if self.rijen_overgeslagen:
            detail = ", ".join(f"{k}: {v}" for k, v in self.overgeslagen.items())
            lines.append(f"  rijen overgeslagen (geen secundair onderwijs): {self.rijen_overgeslagen} ({detail})")
        lines.append(f"  rijen afgewezen: {self.rijen_afgewezen}")
        if self.afgewezen:
            waar = "regel in het bestand" if self.formaat == "csv" else "rij in het Excel-blad"
            lines.append(f"  (rijnummer 1 = eerste gegevensrij onder de kopregel; {waar} = rijnummer + {self.kopregel})")
        for g in self.afgewezen[:max_redenen]:
            lines.append(f"    - {g.reden} — {_rows_text(g.rijen, g.aantal)}")
        if self.redenen_totaal > max_redenen:
            rest = sum(g.aantal for g in self.afgewezen[max_redenen:])
            lines.append(f"    … en nog {self.redenen_totaal - max_redenen} andere redenen "
                         f"({rest} rijen; alle redenen in het JSON-rapport)")
        if self.mappings:
            lines.append("  waarden omgezet (ruwe waarde → Loep, aantal behouden rijen):")
            for m in self.mappings[:max_mappings]:
                lines.append(f"    - {m.to_text()}")
            if len(self.mappings) > max_mappings:
                lines.append(f"    … en nog {len(self.mappings) - max_mappings} omzettingen (zie het JSON-rapport)")
        for o in self.opmerkingen:
            lines.append(f"  let op: {o}")
        return "\n".join(lines)


def _rows_text(rows: list[int], total: int) -> str:
    shown = ", ".join(str(r) for r in rows)
    if total == 1:
        return f"1 rij: rij {shown}"
    return f"{total} rijen: rijen {shown}" + (f" … (+{total - len(rows)})" if total > len(rows) else "")


@dataclass
class CleaningReport:
    """The cleaning report of one import: one :class:`FileReport` per file, plus notes of the store."""

    bestanden: list[FileReport] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)

    @property
    def rijen_gelezen(self) -> int:
        return sum(f.rijen_gelezen for f in self.bestanden)

    @property
    def rijen_behouden(self) -> int:
        return sum(f.rijen_behouden for f in self.bestanden)

    @property
    def rijen_afgewezen(self) -> int:
        return sum(f.rijen_afgewezen for f in self.bestanden)

    @property
    def rijen_overgeslagen(self) -> int:
        return sum(f.rijen_overgeslagen for f in self.bestanden)

    def to_dict(self) -> dict:
        """JSON-able form (saved beside the text report)."""
        return {
            "bestanden": [f.to_dict() for f in self.bestanden],
            "totaal": {"rijen_gelezen": self.rijen_gelezen, "rijen_behouden": self.rijen_behouden,
                       "rijen_overgeslagen": self.rijen_overgeslagen, "rijen_afgewezen": self.rijen_afgewezen},
            "opmerkingen": list(self.opmerkingen),
        }

    def to_text(self) -> str:
        """The report in Dutch, as the CLI prints it."""
        parts = ["Opschoningsrapport", "=" * 18]
        parts += [f.to_text() + "\n" for f in self.bestanden]
        fmt = lambda n: f"{n:,}".replace(",", ".")  # noqa: E731
        parts.append(f"Totaal: {fmt(self.rijen_gelezen)} rijen gelezen, {fmt(self.rijen_behouden)} behouden, "
                     f"{fmt(self.rijen_overgeslagen)} overgeslagen, {fmt(self.rijen_afgewezen)} afgewezen.")
        parts += [f"Let op: {o}" for o in self.opmerkingen]
        return "\n".join(parts)


# --- helpers ------------------------------------------------------------------------------


def _is_nvt(text: str) -> bool:
    return bool(_NVT.match(text.strip()))


class _Rejections:
    """Collects the first rejection reason of each row (reason ids into a list of texts)."""

    def __init__(self, n: int):
        self.reason = np.full(n, -1, dtype=np.int64)
        self.texts: list[str] = []

    def add(self, mask: np.ndarray, reason_ids: np.ndarray | int, texts: list[str]) -> None:
        """Reject rows in ``mask`` not rejected yet; ``reason_ids`` index into ``texts``."""
        free = mask & (self.reason < 0)
        if not free.any():
            return
        offset = len(self.texts)
        self.texts.extend(texts)
        ids = reason_ids[free] if isinstance(reason_ids, np.ndarray) else reason_ids
        self.reason[free] = np.asarray(ids) + offset

    @property
    def mask(self) -> np.ndarray:
        return self.reason >= 0

    def groups(self) -> list[RejectGroup]:
        rows = np.flatnonzero(self.reason >= 0)
        if rows.size == 0:
            return []
        ids = self.reason[rows]
        order = np.argsort(ids, kind="stable")
        ids, rows = ids[order], rows[order]
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        ends = np.r_[starts[1:], ids.size]
        by_text: dict[str, RejectGroup] = {}
        for s, e in zip(starts, ends):
            text = self.texts[ids[s]]
            g = by_text.get(text)
            chunk = (rows[s:e] + 1).tolist()
            if g is None:
                by_text[text] = RejectGroup(text, int(e - s), sorted(chunk)[:TOON_RIJEN])
            else:
                g.aantal += int(e - s)
                g.rijen = sorted(g.rijen + chunk)[:TOON_RIJEN]
        return sorted(by_text.values(), key=lambda g: (g.rijen[0], g.reden))


class _Factors:
    """Integer codes and unique values of raw columns, computed once per column and file."""

    def __init__(self, raw: RawFile):
        self.raw = raw
        self.n = raw.rijen
        self._done: dict[str, tuple[np.ndarray, list[str]]] = {}

    def get(self, name: str) -> tuple[np.ndarray, list[str]]:
        """(row codes, unique values); a missing optional column is one empty value."""
        if name not in self._done:
            if name in self.raw.columns:
                self._done[name] = self.raw.codes(name)
            else:
                self._done[name] = (np.zeros(self.n, dtype=np.int64), [""])
        return self._done[name]

    def duplicates(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(duplicate rows, the first equal row of each) among ``rows``, comparing every column.

        Rows are hashed from the value codes of the columns the cleaner reads (a 64-bit
        polynomial per row); only rows sharing a hash can be duplicates, and those are then
        compared on every column of the file, so the result is exact.
        """
        names = self.raw.columns
        every = rows.size == self.n
        h = np.zeros(rows.size, dtype=np.uint64)
        mult = np.uint64(0x9E3779B97F4A7C15)
        for name in names:
            if not self.raw.is_encoded(name):
                continue
            codes = self.get(name)[0]
            h *= mult  # wraps modulo 2**64
            h += (codes if every else codes[rows]).astype(np.uint64)
        gid, uniq = pd.factorize(h, sort=False)
        if len(uniq) == rows.size:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        counts = np.bincount(gid)
        cand = rows[counts[gid] > 1]  # rows sharing a hash with another row
        key = np.stack([self.get(name)[0][cand] if self.raw.is_encoded(name) else self.raw.codes_at(name, cand)
                        for name in names], axis=1)
        # exact comparison: group equal keys, keep the first row of each group
        kid, kuniq = pd.factorize(pd.Series([k.tobytes() for k in key]), sort=False)
        if len(kuniq) == cand.size:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        first = np.full(len(kuniq), -1, dtype=np.int64)
        first_pos = np.unique(kid, return_index=True)[1]
        first[kid[first_pos]] = cand[first_pos]
        is_dup = first[kid] != cand
        return cand[is_dup], first[kid[is_dup]]

    def map(self, name: str, fn: Callable[[str], object]) -> tuple[np.ndarray, list, list[str]]:
        """(row codes, fn of each unique value, the unique values) — fn runs once per distinct value."""
        codes, uniques = self.get(name)
        return codes, [fn(u) for u in uniques], uniques

    def group_ids(self, names: Iterable[str]) -> np.ndarray:
        """Per row, the id of its combination of values in ``names`` (0..k-1, in order of first appearance)."""
        gid = np.zeros(self.n, dtype=np.int64)
        size = 1
        for name in names:
            codes, uniques = self.get(name)
            k = max(len(uniques), 1)
            if size * k >= 2**62:  # keep the mixed-radix id inside int64
                gid, uniq = pd.factorize(gid, sort=False)
                size = len(uniq)
            gid = gid * k + codes
            size *= k
        return pd.factorize(gid, sort=False)[0].astype(np.int64, copy=False)

    def combo(self, names: tuple[str, ...]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """(row codes, unique value tuples) of the combination of several raw columns."""
        codes = self.group_ids(names)
        k = int(codes.max()) + 1 if self.n else 0
        first = np.full(k, self.n, dtype=np.int64)
        np.minimum.at(first, codes, np.arange(self.n))
        values = []
        for name in names:
            c, uniques = self.get(name)
            u = np.asarray(uniques, dtype=object)
            values.append(u[c[first]])
        return codes, list(zip(*values))


def _categorical(codes: np.ndarray, labels: list, keep: np.ndarray | None, fixed: tuple[str, ...] | None = None
                 ) -> pd.Categorical:
    """Categorical of the kept rows (``keep`` None: all rows) from per-unique labels (None -> NA)."""
    if fixed is not None:
        cats = list(fixed)
    else:
        cats = sorted({x for x in labels if x is not None})
    pos = {c: i for i, c in enumerate(cats)}
    lut = np.array([pos[x] if x is not None else -1 for x in labels] + [-1], dtype=np.int32)
    row_codes = lut[codes] if keep is None else lut[codes[keep]]
    return pd.Categorical.from_codes(row_codes, categories=cats, validate=False)


def _count_mappings(out: list[Mapping], kolom: str, codes: np.ndarray, raws: list, canon: list,
                    keep: np.ndarray) -> None:
    """Record raw -> canonical rewrites (only where the text changed) with their kept-row counts."""
    changed = [i for i, (r, c) in enumerate(zip(raws, canon)) if c is not None and r != c]
    if not changed:
        return
    counts = np.bincount(codes[keep], minlength=len(raws))
    for i in changed:
        if counts[i]:
            out.append(Mapping(kolom, raws[i], canon[i], int(counts[i])))


# --- the rules, per unique value ------------------------------------------------------------


@dataclass(frozen=True)
class _Structure:
    """Outcome of the structure columns of one unique combination."""

    status: str  # 'keep', 'skip', 'reject'
    hoofdstructuur: str | None = None
    onderwijsvorm: str | None = None
    graad: str | None = None
    finaliteit: str | None = None
    reden: str | None = None
    overgeslagen_als: str | None = None
    uit_finaliteit: bool = False


def _finaliteit(raw: str) -> str:
    text = clean_text(raw)
    if not text or _is_nvt(text):
        return NVT
    found = FINALITEITEN.get(fold(text))
    return found[0] if found else text


def _structure(hs_label: str, hs_code: str, graad_raw: str, vorm_raw: str, fin_raw: str) -> _Structure:
    """Hoofdstructuur, onderwijsvorm, graad and finaliteit of one combination (see the data dictionary)."""
    label = clean_text(hs_label)
    code = hs_code.strip()
    if code.endswith(".0"):
        code = code[:-2]
    hs = HOOFDSTRUCTUUR.lookup(label) if label else None
    if hs is None:
        if code in HOOFDSTRUCTUUR_CODES:
            hs = HOOFDSTRUCTUUR_CODES[code]
        elif code in NIET_SECUNDAIR_CODES or any(w in fold(label) for w in _NIET_SECUNDAIR_WOORDEN):
            return _Structure("skip", overgeslagen_als=label or f"code {code}")
        elif not label and not code:
            return _Structure("reject", reden="kolom hoofdstructuur: leeg (en geen hoofdstructuur_inschrijving_code)")
        else:
            err = unknown_value("hoofdstructuur", label or code, HOOFDSTRUCTUREN).boodschap
            extra = f" (code '{code}')" if code and label else ""
            return _Structure("reject", reden=f"kolom hoofdstructuur: {err}{extra}")
    # graad
    graad_text = clean_text(graad_raw)
    if not graad_text:
        if hs in (HS_BUSO, HS_SYNTRA):
            graad = NVT
        else:
            return _Structure("reject", reden=f"kolom graad_so: leeg (verplicht voor '{hs}')")
    elif _is_nvt(graad_text):
        graad = NVT
    else:
        graad = GRAAD.lookup(graad_text)
        if graad is None:
            return _Structure("reject", reden=f"kolom graad_so: {unknown_value('graad', graad_text, GRADEN).boodschap}")
    finaliteit = _finaliteit(fin_raw)
    # onderwijsvorm
    uit_finaliteit = False
    if hs in VORM_VAN_HOOFDSTRUCTUUR:
        vorm = VORM_VAN_HOOFDSTRUCTUUR[hs]
    else:
        vorm_text = clean_text(vorm_raw)
        if not vorm_text or _is_nvt(vorm_text):
            vorm = NVT
        else:
            vorm = ONDERWIJSVORM.lookup(vorm_text)
            if vorm is None:
                err = unknown_value("onderwijsvorm", vorm_text, ONDERWIJSVORMEN).boodschap
                return _Structure("reject", reden=f"kolom onderwijsvorm: {err}")
        if vorm == NVT and graad in ("2e graad", "3e graad"):
            found = FINALITEITEN.get(fold(finaliteit))
            if found:
                vorm, uit_finaliteit = found[1], True
    return _Structure("keep", hs, vorm, graad, finaliteit, uit_finaliteit=uit_finaliteit)


def _domein_name(text: str) -> str | None:
    key = fold(text)
    for name in _catalogue.DOMEINEN.values():
        if fold(name) == key:
            return name
    return None


def _programme(studierichting_raw: str, domein_raw: str) -> tuple[str, str, str, bool]:
    """(studierichting, sector, sectortype, duaal by name) of one (studierichting, domein) pair."""
    naam = clean_text(studierichting_raw) or NVT
    known = _catalogue.sector_for(naam) if naam != NVT else None
    if known:
        sector, soort = known
    else:
        domein = clean_text(domein_raw)
        if not domein or _is_nvt(domein):
            sector, soort = ONBEKEND, "onbekend"
        else:
            as_domein = _domein_name(domein)
            sector, soort = (as_domein, "domein") if as_domein else (domein, "studiegebied")
    return naam, sector, soort, is_duaal_naam(naam)


def is_duaal_naam(studierichting: str) -> bool:
    """True when a programme name marks a dual programme: contains 'duaal', or ends in the abbreviation ' DL'."""
    text = studierichting.strip()
    return "duaal" in text.casefold() or bool(_DUAAL_DL.search(text))


def is_duaal_groep(administratieve_groep: str) -> bool:
    """True when an administrative group marks a dual pupil: it ends in 'DBSO' or 'SYN' (case-insensitive)."""
    return administratieve_groep.strip().upper().endswith(DUAAL_GROEP_EINDES)


def _aantal_reden(text: str) -> str:
    t = text.strip()
    if not t:
        return "kolom aantal_inschrijvingen: leeg"
    if re.fullmatch(r"-\s*\d+([.,]\d+)?", t):
        return f"kolom aantal_inschrijvingen: negatief aantal '{t}'"
    if _INTEGER.match(t):
        return f"kolom aantal_inschrijvingen: '{t}' is te groot"
    return f"kolom aantal_inschrijvingen: '{t}' is geen geheel getal ≥ 0"


# --- one file ---------------------------------------------------------------------------------


def _clean_file(raw: RawFile) -> tuple[pd.DataFrame, FileReport]:
    n = raw.rijen
    report = FileReport(
        naam=raw.naam, formaat=raw.formaat, codering=raw.codering, scheidingsteken=raw.scheidingsteken,
        blad=raw.blad, kopregel=raw.kopregel, titelregels=list(raw.titelregels),
        extra_kolommen=list(raw.extra_kolommen), schooljaar_bron="kolom" if raw.schooljaar_kolom else "bestandsnaam",
        rijen_gelezen=n, sha256=raw.sha256,
    )
    rej = _Rejections(n)
    mappings: list[Mapping] = []
    notes: list[str] = []

    # 1. structure: hoofdstructuur, graad, onderwijsvorm, finaliteit (unique combinations)
    fz = _Factors(raw)
    s_codes, s_uniques = fz.combo(("hoofdstructuur", "hoofdstructuur_inschrijving_code", "graad_so",
                                        "onderwijsvorm", "finaliteit"))
    structs = [_structure(*u) for u in s_uniques]
    status = np.array([{"keep": 0, "skip": 1, "reject": 2}[s.status] for s in structs], dtype=np.int8)[s_codes]
    skip = status == 1
    s_reasons = [s.reden or "" for s in structs]
    rej.add(status == 2, s_codes, s_reasons)
    if skip.any():
        counts = np.bincount(s_codes[skip], minlength=len(structs))
        for s, c in zip(structs, counts):
            if c:
                report.overgeslagen[s.overgeslagen_als] = report.overgeslagen.get(s.overgeslagen_als, 0) + int(c)

    # 2. schooljaar
    if raw.schooljaar_kolom:
        def _jaar(v: str):
            if not v.strip():
                return raw.schooljaar_bestandsnaam or None
            try:
                return normalise_schooljaar(v)
            except LoepFout:
                return None
        j_codes, j_vals, j_raw = fz.map("schooljaar", _jaar)
        j_reasons = [("kolom schooljaar: leeg en de bestandsnaam noemt geen schooljaar" if not v.strip() else
                      f"kolom schooljaar: ongeldig schooljaar '{v}' (verwacht '2024-2025' of '2024-25')")
                     if c is None else "" for v, c in zip(j_raw, j_vals)]
        bad = np.array([c is None for c in j_vals] + [False])[j_codes]
        rej.add(bad & ~skip, j_codes, j_reasons)
    else:
        j_codes = np.zeros(n, dtype=np.int64)
        j_raw, j_vals = [raw.naam], [raw.schooljaar_bestandsnaam]

    # 3. provinces under each basis the file has
    prov: dict[str, tuple[np.ndarray | None, list, list]] = {}
    for basis, (raw_col, canon_col) in BASES.items():
        if raw_col not in raw.columns:
            prov[canon_col] = (None, [], [])
            continue
        report.bases.append(basis)
        p_codes, p_vals, p_raw = fz.map(raw_col, lambda v: PROVINCIE.lookup(v) if v.strip() else None)
        optional = basis != "vestigingsplaats"
        reasons = []
        bad_u = []
        for v, c in zip(p_raw, p_vals):
            if c is not None or (optional and not v.strip()):
                reasons.append("")
                bad_u.append(False)
            elif not v.strip():
                reasons.append(f"kolom {raw_col}: leeg")
                bad_u.append(True)
            else:
                reasons.append(f"kolom {raw_col}: {unknown_value('provincie', v, PROVINCIES).boodschap}")
                bad_u.append(True)
        bad = np.array(bad_u + [False])[p_codes]
        rej.add(bad & ~skip, p_codes, reasons)
        prov[canon_col] = (p_codes, p_raw, p_vals)

    # 4. geslacht
    g_codes, g_vals, g_raw = fz.map("geslacht", lambda v: GESLACHT.lookup(v) if v.strip() else None)
    g_reasons = ["" if c is not None else
                 ("kolom geslacht: leeg" if not v.strip() else
                  f"kolom geslacht: {unknown_value('geslacht', v, GESLACHT.waarden).boodschap}")
                 for v, c in zip(g_raw, g_vals)]
    rej.add(np.array([c is None for c in g_vals] + [False])[g_codes] & ~skip, g_codes, g_reasons)

    # 5. aantal
    a_codes, a_vals, a_raw = fz.map("aantal_inschrijvingen",
                                    lambda v: int(v) if _INTEGER.match(v) and int(v) <= _INT32_MAX else None)
    a_reasons = ["" if c is not None else _aantal_reden(v) for v, c in zip(a_raw, a_vals)]
    rej.add(np.array([c is None for c in a_vals] + [False])[a_codes] & ~skip, a_codes, a_reasons)

    # 6. exact duplicates (all columns of the file) among rows still in play
    live_idx = np.flatnonzero(~skip & ~rej.mask)
    if live_idx.size:
        dup_rows, firsts = fz.duplicates(live_idx)
        if dup_rows.size:
            texts = [f"dubbele rij (gelijk aan rij {f + 1})" for f in firsts.tolist()]
            mask = np.zeros(n, dtype=bool)
            mask[dup_rows] = True
            ids = np.full(n, -1, dtype=np.int64)
            ids[dup_rows] = np.arange(len(dup_rows))
            rej.add(mask, ids, texts)

    keep = ~skip & ~rej.mask
    every = bool(keep.all())
    report.rijen_overgeslagen = int(skip.sum())
    report.rijen_afgewezen = int(rej.mask.sum())
    report.rijen_behouden = int(keep.sum())
    groups = rej.groups()
    report.redenen_totaal = len(groups)
    report.afgewezen = sorted(groups, key=lambda g: (-g.aantal, g.rijen[0]))
    if report.rijen_afgewezen > MAX_AFGEWEZEN * n:
        first = "; ".join(f"{g.reden} ({_rows_text(g.rijen[:3], g.aantal)})" for g in report.afgewezen[:3])
        raise LoepFout(
            f"Te veel afgewezen rijen in '{raw.naam}': {report.rijen_afgewezen} van {n} "
            f"({100 * report.rijen_afgewezen / n:.0f} %). Dit is waarschijnlijk niet het juiste bestand of het is "
            f"beschadigd. Eerste redenen: {first}. Er is niets geïmporteerd.")

    # 7. programme: studierichting, sector, duaal by name (unique (studierichting, domein) pairs)
    p_codes2, p_uniques = fz.combo(("studierichting", "domein"))
    progs = [_programme(*u) for u in p_uniques]
    ag_codes, ag_vals, _ = fz.map("administratieve_groep", is_duaal_groep)
    duaal = (np.array([p[3] for p in progs] + [False])[p_codes2]
             | np.array(ag_vals + [False], dtype=bool)[ag_codes])
    l_codes, l_vals, l_raw = fz.map("leerjaar", lambda v: clean_text(v) or NVT)
    i_codes, i_vals, _ = fz.map("instellingsnummer", lambda v: clean_text(v) or None)

    sel = None if every else keep
    out = {
        "schooljaar": _categorical(j_codes, j_vals, sel),
        "hoofdstructuur": _categorical(s_codes, [s.hoofdstructuur for s in structs], sel, HOOFDSTRUCTUREN),
        "onderwijsvorm": _categorical(s_codes, [s.onderwijsvorm for s in structs], sel, ONDERWIJSVORMEN),
        "graad": _categorical(s_codes, [s.graad for s in structs], sel, GRADEN),
        "leerjaar": _categorical(l_codes, l_vals, sel),
        "finaliteit": _categorical(s_codes, [s.finaliteit for s in structs], sel),
        "studierichting": _categorical(p_codes2, [p[0] for p in progs], sel),
        "sector": _categorical(p_codes2, [p[1] for p in progs], sel),
        "sectortype": _categorical(p_codes2, [p[2] for p in progs], sel, _SECTORTYPES),
        "duaal": duaal if every else duaal[keep],
    }
    for basis, (raw_col, canon_col) in BASES.items():
        p_codes, p_raw, p_vals = prov[canon_col]
        if p_codes is None:
            out[canon_col] = pd.Categorical.from_codes(np.full(int(keep.sum()), -1), categories=list(PROVINCIES))
        else:
            out[canon_col] = _categorical(p_codes, p_vals, sel, PROVINCIES)
            _count_mappings(mappings, raw_col, p_codes, p_raw, p_vals, keep)
            if basis != "vestigingsplaats":
                empty = [i for i, v in enumerate(p_raw) if not v.strip()]
                if empty:
                    c = int(np.isin(p_codes[keep], empty).sum())
                    if c:
                        notes.append(f"{c} behouden rijen hebben een lege {raw_col}: provincie ({basis}) onbekend")
    out["geslacht"] = _categorical(g_codes, g_vals, sel, tuple(GESLACHT.waarden))
    out["instellingsnummer"] = _categorical(i_codes, i_vals, sel)
    aantal = np.array([v if v is not None else 0 for v in a_vals] + [0], dtype=np.int32)
    out["aantal"] = aantal[a_codes if every else a_codes[keep]]
    out["bronbestand"] = pd.Categorical.from_codes(np.zeros(int(keep.sum()), dtype=np.int8), categories=[raw.naam])
    out["bronrij"] = (np.flatnonzero(keep) + 1).astype(np.int32)
    result = pd.DataFrame({c: out[c] for c in CANONICAL_COLUMNS})

    # mappings of the structure columns and the other labels
    _structure_mappings(mappings, s_codes, s_uniques, structs, keep)
    _count_mappings(mappings, "schooljaar", j_codes, j_raw if raw.schooljaar_kolom else [], j_vals
                    if raw.schooljaar_kolom else [], keep)
    _count_mappings(mappings, "geslacht", g_codes, g_raw, g_vals, keep)
    _count_mappings(mappings, "leerjaar", l_codes, l_raw, l_vals, keep)
    _count_mappings(mappings, "studierichting", p_codes2, [u[0] for u in p_uniques], [p[0] for p in progs], keep)
    _merge_mappings(report, mappings)
    onbekend = int((result["sectortype"] == "onbekend").sum())
    if onbekend:
        notes.append(f"{onbekend} behouden rijen zonder sector (geen domein en onbekend in de catalogus): "
                     f"sector '{ONBEKEND}'")
    report.schooljaren = sorted(result["schooljaar"].unique().dropna().tolist())
    report.opmerkingen = notes
    return result, report


def _structure_mappings(out: list[Mapping], codes, uniques, structs: list[_Structure], keep) -> None:
    counts = np.bincount(codes[keep], minlength=len(structs))
    for (hs_label, hs_code, graad_raw, vorm_raw, fin_raw), s, c in zip(uniques, structs, counts):
        if not c or s.status != "keep":
            continue
        if hs_label != s.hoofdstructuur:
            waarom = "" if hs_label.strip() else f"volgt uit code {hs_code.strip()}"
            out.append(Mapping("hoofdstructuur", hs_label, s.hoofdstructuur, int(c), waarom))
        if graad_raw != s.graad:
            out.append(Mapping("graad_so", graad_raw, s.graad, int(c)))
        if fin_raw != s.finaliteit:
            out.append(Mapping("finaliteit", fin_raw, s.finaliteit, int(c)))
        if vorm_raw != s.onderwijsvorm:
            waarom = ""
            if s.uit_finaliteit:
                waarom = f"afgeleid uit finaliteit '{s.finaliteit}'"
            elif s.hoofdstructuur in VORM_VAN_HOOFDSTRUCTUUR:
                waarom = f"volgt uit hoofdstructuur '{s.hoofdstructuur}'"
            out.append(Mapping("onderwijsvorm", vorm_raw, s.onderwijsvorm, int(c), waarom))


def _merge_mappings(report: FileReport, mappings: list[Mapping]) -> None:
    merged: dict[tuple[str, str, str, str], int] = {}
    for m in mappings:
        key = (m.kolom, m.van, m.naar, m.waarom)
        merged[key] = merged.get(key, 0) + m.aantal
    report.mappings = sorted((Mapping(k[0], k[1], k[2], v, k[3]) for k, v in merged.items()),
                             key=lambda m: (_KOLOM_ORDER.get(m.kolom, 99), m.kolom, -m.aantal, m.van))


# --- all files ----------------------------------------------------------------------------------


def combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate canonical frames, uniting their categories (fixed vocabularies keep their order)."""
    frames = [f for f in frames if f is not None]
    if not frames:
        return empty_frame()
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    cols = {}
    for col in CANONICAL:
        parts = [f[col.naam] for f in frames]
        if col.dtype == "category":
            fixed = FIXED_CATEGORIES.get(col.naam)
            if fixed is not None:
                parts = [p.cat.set_categories(list(fixed)) for p in parts]
                cols[col.naam] = pd.Categorical.from_codes(
                    np.concatenate([p.cat.codes.to_numpy() for p in parts]), categories=list(fixed))
            else:
                cats = sorted(set().union(*(p.cat.categories for p in parts)))
                cols[col.naam] = pd.Categorical.from_codes(
                    np.concatenate([p.cat.set_categories(cats).cat.codes.to_numpy() for p in parts]),
                    categories=cats)
        else:
            cols[col.naam] = np.concatenate([p.to_numpy() for p in parts]).astype(col.dtype)
    return pd.DataFrame(cols)


def empty_frame() -> pd.DataFrame:
    """A canonical table without rows."""
    cols = {}
    for col in CANONICAL:
        if col.dtype == "category":
            cols[col.naam] = pd.Categorical([], categories=list(FIXED_CATEGORIES.get(col.naam, [])))
        else:
            cols[col.naam] = np.array([], dtype=col.dtype)
    return pd.DataFrame(cols)


def clean(raw_files: Iterable[RawFile], progress: Callable[[str, float], None] | None = None,
          total: int | None = None) -> tuple[pd.DataFrame, CleaningReport]:
    """Clean raw files into one canonical table.

    Args:
        raw_files: files from :func:`addin.core.reader.read_raw` (any iterable; a generator lets each
            raw file be freed as soon as it is cleaned).
        progress: optional callback ``(wat, fractie)``.
        total: number of files, for progress fractions when ``raw_files`` has no length.

    Returns:
        (the canonical table with the columns of ``schema.CANONICAL``, the cleaning report).

    Raises:
        LoepFout: more than half the rows of a file are rejected.
    """
    if total is None and hasattr(raw_files, "__len__"):
        total = len(raw_files)  # type: ignore[arg-type]
    frames, report = [], CleaningReport()
    for i, raw in enumerate(raw_files):
        if progress:
            progress(f"opschonen {raw.naam}", i / total if total else 0.0)
        frame, file_report = _clean_file(raw)
        frames.append(frame)
        report.bestanden.append(file_report)
    return combine(frames), report


# --- data dictionary ---------------------------------------------------------------------------


def _aliases(vocab) -> str:
    """'alias → waarde' pairs of a vocabulary (folded spellings), beyond the canonical values."""
    own = {fold(v) for v in vocab.waarden}
    pairs = [f"`{k}` → {v}" for k, v in vocab._index.items() if k not in own]  # noqa: SLF001 - read-only
    return "; ".join(pairs) if pairs else "geen"


def data_dictionary() -> str:
    """The data dictionary (Markdown, Dutch) of the canonical table and every cleaning rule.

    Generated from :data:`addin.core.schema.CANONICAL`, the vocabularies of
    :mod:`addin.core.labels` and the rule tables of this module; ``docs/data-dictionary.md``
    is this text (a test keeps the two equal).
    """
    from addin.core.catalogue import DOMEINEN
    from addin.core.labels import BASIS, GRAAD as _GRAAD
    from addin.core.reader import CSV_SUFFIXES, HEADER_SCAN_LINES, XLSX_SUFFIXES
    from addin.core.schema import OFFICIAL_COLUMNS, OPTIONAL_COLUMNS, PEILDATUM, REQUIRED_COLUMNS

    out: list[str] = []
    w = out.append
    w("# Gegevenswoordenboek van Loep")
    w("")
    w("_Dit bestand is gegenereerd door `addin.core.cleaning.data_dictionary()` uit `addin/core/schema.py`, "
      "`addin/core/labels.py` en de regels in `addin/core/cleaning.py`; pas die aan, niet dit bestand "
      "(`python -c \"from addin.core.cleaning import data_dictionary; print(data_dictionary(), end='')\" > "
      "docs/data-dictionary.md`)._")
    w("")
    w("## 1. Bronbestanden")
    w("")
    w("Loep leest de open-databestanden *inschrijvingen leerplicht per instelling* zoals u ze downloadt "
      f"(telling op {PEILDATUM}):")
    w("")
    w(f"- CSV ({', '.join(CSV_SUFFIXES)}) met komma of puntkomma als scheidingsteken (afgeleid uit de kopregel), "
      "in UTF-8 met of zonder BOM of in Windows-1252; of Excel ("
      f"{', '.join(XLSX_SUFFIXES)}): het eerste blad met de kopregel.")
    w(f"- De kopregel mag onder enkele titelregels staan: Loep zoekt in de eerste {HEADER_SCAN_LINES} regels de regel "
      "met alle verplichte kolommen; de overgeslagen titelregels staan in het rapport.")
    w("- Kolomnamen: hoofdletters, spaties en koppeltekens maken niet uit (`Vestiging Provincie Naam` = "
      "`vestiging_provincie_naam`); de volgorde van de kolommen is vrij.")
    w(f"- Verplichte kolommen: {', '.join(f'`{c}`' for c in REQUIRED_COLUMNS)}.")
    w(f"- Officiële kolommen die Loep kent: {', '.join(f'`{c}`' for c in OFFICIAL_COLUMNS)}.")
    w(f"- Optionele kolommen (gedocumenteerde uitbreiding): {', '.join(f'`{c}`' for c in OPTIONAL_COLUMNS)}. "
      "De officiële bestanden hebben alleen de provincie van de vestigingsplaats; een bestand met "
      "`hoofdzetel_provincie_naam` of `woonplaats_provincie_naam` maakt die basis beschikbaar.")
    w("- Andere kolommen worden genegeerd en in het rapport vermeld.")
    w("- Schooljaar: uit de kolom `schooljaar` als die er is (per rij; een lege cel neemt het schooljaar uit de "
      "bestandsnaam), anders uit de bestandsnaam (`…-dataset-2023-2024-1feb.csv`, `…_2023-24.xlsx`). "
      "Schrijfwijzen als `2021-22`, `2021/2022` en `2021` worden `2021-2022`.")
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
    w("## 3. Regels per kolom")
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
    w(f"| {HS_GEWOON} | de kolom onderwijsvorm: `aso`, `bso`, `tso`, `kso` blijven; `n.v.t. (1e graad)`, "
      "`n.v.t. (okan)`, `n.v.t. (hbo)`, `n.v.t. (modulair)` en leeg worden `n.v.t.` |")
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
    w(f"Waarden: {', '.join(f'`{g}`' for g in GRADEN)}. Elke `n.v.t. (…)` wordt `n.v.t.`. Leeg wordt `n.v.t.` voor "
      f"{HS_BUSO} en Syntra; voor de andere hoofdstructuren wordt een lege graad afgewezen. Andere schrijfwijzen: "
      f"{_aliases(_GRAAD)}.")
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
      "blijft leeg (onbekend) en wordt vermeld. Heeft een bestand een basis niet, dan is die kolom leeg voor zijn "
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
    w("`aantal_inschrijvingen` moet een geheel getal ≥ 0 zijn, in cijfers (`1.234`, `2,5`, `-3`, `twaalf` en een "
      "lege cel worden afgewezen met rijnummer en waarde).")
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
    w("## 4. Opschoningsrapport")
    w("")
    w("Elke import toont en bewaart een rapport in `<gegevensmap>/rapporten/import-<datum>-<tijd>.txt` en `.json`: "
      "per bestand de gelezen, behouden, overgeslagen en afgewezen rijen; de redenen van afwijzing gegroepeerd met "
      f"de eerste {TOON_RIJEN} rijnummers; de omzettingen van waarden (ruwe waarde → Loep, met aantal rijen); "
      "genegeerde kolommen, overgeslagen titelregels, tekencodering, scheidingsteken en schooljaren.")
    w("")
    w("## 5. Opslag")
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
