"""The cleaning report: what an import did to each file, in Dutch text and as JSON.

Built by :mod:`addin.core.cleaning`; printed by ``loep importeer`` and saved by
:mod:`addin.core.store` in ``<data>/rapporten``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Row numbers shown per reason in reports.
TOON_RIJEN = 10
#: Reason groups kept per file in the JSON report (the text report shows fewer).
MAX_REDENEN_JSON = 200
#: Order of the columns in the list of value mappings.
_KOLOM_ORDER = {k: i for i, k in enumerate(("schooljaar", "hoofdstructuur", "graad_so", "onderwijsvorm", "finaliteit",
                                             "leerjaar", "studierichting", "vestiging_provincie_naam",
                                             "hoofdzetel_provincie_naam", "woonplaats_provincie_naam", "geslacht"))}


def getal(n: int) -> str:
    """A count the Flemish way: 12345 -> '12.345'."""
    return f"{n:,}".replace(",", ".")


@dataclass
class RejectGroup:
    """Rows rejected for one identical reason."""

    reden: str
    aantal: int
    rijen: list[int]  # the first TOON_RIJEN source rows (1 = first data row)
    leerlingen: int = 0  # pupils in those rows (rows whose count itself is unreadable add 0)

    def to_dict(self) -> dict:
        return {"reden": self.reden, "aantal": self.aantal, "rijen": self.rijen, "leerlingen": self.leerlingen}


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
        rijen = "1 rij" if self.aantal == 1 else f"{getal(self.aantal)} rijen"
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
    rijen_leeg: int = 0  # rows with only blank cells (';;;;'), skipped
    leerlingen_gelezen: int = 0  # pupils in all non-empty rows with a readable count
    leerlingen_behouden: int = 0
    leerlingen_overgeslagen: int = 0
    leerlingen_afgewezen: int = 0
    rijen_aantal_onleesbaar: int = 0  # rejected rows whose count cannot be read (they add 0 pupils)
    waarschuwingen: list[str] = field(default_factory=list)  # imported despite a safety rule (--toch-importeren)
    #: raw column -> the dimensions kept from it (registry order)
    kolommen_behouden: dict[str, list[str]] = field(default_factory=dict)
    #: raw column of the official layout (or a known optional one) -> why Loep does not keep it
    kolommen_genegeerd: dict[str, str] = field(default_factory=dict)
    #: official columns that the file lacks (their dimensions are 'Onbekend' for this file)
    kolommen_ontbrekend: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k not in ("afgewezen", "mappings")}
        d["afgewezen"] = [g.to_dict() for g in self.afgewezen[:MAX_REDENEN_JSON]]
        d["mappings"] = [m.to_dict() for m in self.mappings]
        return d

    def to_text(self, max_redenen: int = 20, max_mappings: int = 40) -> str:
        lines = [f"Bestand: {self.naam}"]
        lines += [f"  !! LET OP: {w}" for w in self.waarschuwingen]
        if self.formaat == "csv":
            delim = {",": "komma", ";": "puntkomma", "\t": "tab"}.get(self.scheidingsteken or "", self.scheidingsteken)
            lines.append(f"  gelezen als CSV, tekencodering {self.codering}, scheidingsteken {delim}, "
                         f"kopregel op regel {self.kopregel}")
        else:
            lines.append(f"  gelezen als Excel-bestand, blad '{self.blad}', kopregel op rij {self.kopregel}")
        if self.titelregels:
            lines.append(f"  titelregel(s) boven de kopregel overgeslagen: "
                         + " | ".join(f"'{t[:80]}'" for t in self.titelregels))
        if self.kolommen_behouden:
            kept = "; ".join(f"{raw} → {', '.join(dims)}" for raw, dims in self.kolommen_behouden.items())
            lines.append(f"  kolommen behouden (als dimensie): {kept}")
        for raw, why in self.kolommen_genegeerd.items():
            lines.append(f"  kolom genegeerd: {raw} ({why})")
        if self.kolommen_ontbrekend:
            lines.append(f"  kolommen die het bestand niet heeft (hun dimensie is 'Onbekend' voor dit bestand): "
                         f"{', '.join(self.kolommen_ontbrekend)}")
        if self.extra_kolommen:
            lines.append(f"  kolommen genegeerd (geen kolom van de open data, niet gebruikt door Loep): "
                         f"{', '.join(self.extra_kolommen)}")
        bron = "kolom schooljaar" if self.schooljaar_bron == "kolom" else "bestandsnaam"
        lines.append(f"  schooljaar: {', '.join(self.schooljaren) or '—'} (uit de {bron})")
        lines.append(f"  provincie beschikbaar volgens: {', '.join(self.bases)}")
        lines.append(f"  rijen gelezen: {getal(self.rijen_gelezen)} ({leerlingen(self.leerlingen_gelezen)})")
        if self.rijen_leeg:
            lines.append(f"  lege rijen overgeslagen (alle cellen leeg): {getal(self.rijen_leeg)}")
        lines.append(f"  rijen behouden: {getal(self.rijen_behouden)} ({leerlingen(self.leerlingen_behouden)})")
        if self.rijen_overgeslagen:
            detail = ", ".join(f"{k}: {getal(v)}" for k, v in self.overgeslagen.items())
            lines.append(f"  rijen overgeslagen (geen secundair onderwijs): {getal(self.rijen_overgeslagen)} "
                         f"({detail}; {leerlingen(self.leerlingen_overgeslagen)})")
        k = self.rijen_aantal_onleesbaar
        onleesbaar = (f"; van {getal(k)} {'rij' if k == 1 else 'rijen'} is het aantal onleesbaar" if k else "")
        lines.append(f"  rijen afgewezen: {getal(self.rijen_afgewezen)} ({leerlingen(self.leerlingen_afgewezen)}"
                     f"{onleesbaar})")
        if self.afgewezen:
            waar = "regel in het bestand" if self.formaat == "csv" else "rij in het Excel-blad"
            lines.append(f"  (rijnummer 1 = eerste gegevensrij onder de kopregel; "
                         f"{waar} = rijnummer + {self.kopregel})")
        for g in self.afgewezen[:max_redenen]:
            lines.append(f"    - {g.reden} — {rows_text(g.rijen, g.aantal)} ({leerlingen(g.leerlingen)})")
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


def leerlingen(n: int) -> str:
    """'1 leerling', '1.234 leerlingen'."""
    return "1 leerling" if n == 1 else f"{getal(n)} leerlingen"


def rows_text(rows: list[int], total: int) -> str:
    shown = ", ".join(str(r) for r in rows)
    if total == 1:
        return f"1 rij: rij {shown}"
    return f"{getal(total)} rijen: rijen {shown}" + (f" … (+{getal(total - len(rows))})" if total > len(rows) else "")


@dataclass
class CleaningReport:
    """The cleaning report of one import: one :class:`FileReport` per file, plus notes of the store."""

    bestanden: list[FileReport] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)  # imported despite a safety rule

    @property
    def alle_waarschuwingen(self) -> list[str]:
        """The warnings of the import and of each file (imported despite a safety rule)."""
        return list(self.waarschuwingen) + [f"{f.naam}: {w}" for f in self.bestanden for w in f.waarschuwingen]

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

    @property
    def rijen_leeg(self) -> int:
        return sum(f.rijen_leeg for f in self.bestanden)

    def leerlingen(self, soort: str) -> int:
        """Pupils summed over the files; ``soort`` is 'gelezen', 'behouden', 'overgeslagen' or 'afgewezen'."""
        return sum(getattr(f, f"leerlingen_{soort}") for f in self.bestanden)

    def to_dict(self) -> dict:
        """JSON-able form (saved beside the text report)."""
        return {
            "bestanden": [f.to_dict() for f in self.bestanden],
            "totaal": {"rijen_gelezen": self.rijen_gelezen, "rijen_behouden": self.rijen_behouden,
                       "rijen_overgeslagen": self.rijen_overgeslagen, "rijen_afgewezen": self.rijen_afgewezen,
                       "rijen_leeg": self.rijen_leeg,
                       **{f"leerlingen_{k}": self.leerlingen(k)
                          for k in ("gelezen", "behouden", "overgeslagen", "afgewezen")}},
            "opmerkingen": list(self.opmerkingen),
            "waarschuwingen": self.alle_waarschuwingen,
        }

    def to_text(self) -> str:
        """The report in Dutch, as the CLI prints it."""
        parts = ["Opschoningsrapport", "=" * 18]
        if self.alle_waarschuwingen:
            parts.append("!! LET OP: deze import is ondanks een veiligheidsregel toch uitgevoerd (--toch-importeren); "
                         "de tellingen zijn daardoor onvolledig of afwijkend.")
            parts += [f"!!   - {w}" for w in self.waarschuwingen]
            files = [f.naam for f in self.bestanden if f.waarschuwingen]
            if files:
                parts.append(f"!!   Zie de regels met '!! LET OP' bij: {', '.join(files)}.")
            parts.append("")
        parts += [f.to_text() + "\n" for f in self.bestanden]
        leeg = f", {getal(self.rijen_leeg)} leeg" if self.rijen_leeg else ""
        parts.append(f"Totaal: {getal(self.rijen_gelezen)} rijen gelezen ({leerlingen(self.leerlingen('gelezen'))}), "
                     f"{getal(self.rijen_behouden)} behouden ({leerlingen(self.leerlingen('behouden'))}), "
                     f"{getal(self.rijen_overgeslagen)} overgeslagen{leeg}, {getal(self.rijen_afgewezen)} rijen "
                     f"afgewezen ({leerlingen(self.leerlingen('afgewezen'))}).")
        parts += [f"Let op: {o}" for o in self.opmerkingen]
        return "\n".join(parts)



def merge_mappings(mappings: list[Mapping]) -> list[Mapping]:
    """Equal rewrites added up, in a fixed order (by column, then most rows first)."""
    merged: dict[tuple[str, str, str, str], int] = {}
    for m in mappings:
        key = (m.kolom, m.van, m.naar, m.waarom)
        merged[key] = merged.get(key, 0) + m.aantal
    return sorted((Mapping(k[0], k[1], k[2], v, k[3]) for k, v in merged.items()),
                  key=lambda m: (_KOLOM_ORDER.get(m.kolom, 99), m.kolom, -m.aantal, m.van))
