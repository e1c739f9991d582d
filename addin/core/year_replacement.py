"""The import rule that compares new files with the stored data: a stored school year may not shrink.

A school year in new files replaces that year in the store. An official file is corrected now
and then, but a corrected file differs from the previous one by a few dozen pupils: a school
year never loses several per cent of its pupils between two versions of its file. Even from one
school year to the next, the total of Flemish secondary education changed by at most 3 % in
2016-2026 (455 398 … 513 209 in the published aggregates), and one per cent of a year is about
5 000 pupils, the size of a few large schools. A file that holds less is a cut download (a
download cut at 95 % of its bytes on a line boundary keeps about 97 % of the pupils, and a cut on
a line boundary leaves no other trace) or a part of the data.

So :func:`check` refuses (unless ``--toch-importeren``) a replacement whose total is below
:data:`MIN_VERVANGING` (99 %) of the stored total; the earlier bound of 90 % let such cut downloads
through. :func:`changes` gives the totals before and after of every replaced year, which the
report and ``loep importeer`` show with the change in %; a change of :data:`WAARSCHUW_VERANDERING`
(0,2 %, about 1 000 pupils) or more, either way, is marked ``LET OP``.

The stored totals are computed by the store (:func:`addin.core.store.import_files`) from the rows
it holds, under its write lock, for every caller alike (CLI, Excel buttons, scripts). Demonstration
data is not a stored year for this rule: real files always replace it whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from addin.core.cleaning_report import CleaningReport, getal
from addin.core.errors import LoepFout

#: A stored school year is only replaced by data holding at least this share of its stored pupils.
MIN_VERVANGING = 0.99
#: A replaced year whose total changes by this share or more (up or down) gets a warning.
WAARSCHUW_VERANDERING = 0.002


@dataclass(frozen=True)
class YearChange:
    """The pupils of one replaced school year before and after the import."""

    schooljaar: str
    voor: int
    na: int

    @property
    def verandering(self) -> float:
        """Relative change (-0.05 = 5 % fewer pupils)."""
        return (self.na - self.voor) / self.voor if self.voor else 0.0

    @property
    def opvallend(self) -> bool:
        """True when the change is large enough to warn about."""
        return abs(self.verandering) >= WAARSCHUW_VERANDERING

    def to_text(self) -> str:
        """'2024-2025: 513.209 → 499.681 leerlingen (−2,6 %)'."""
        return f"{self.schooljaar}: {getal(self.voor)} → {getal(self.na)} leerlingen ({procent(self.verandering)})"


def procent(fraction: float) -> str:
    """A signed percentage the Dutch way: '+0,4 %', '−2,6 %', '0 %'; below 0,1 % two significant digits
    ('+0,0076 %'), so that a small change never reads as no change."""
    pct = abs(fraction) * 100
    if pct == 0:
        return "0 %"
    text = f"{pct:.1f}" if pct >= 0.1 else f"{pct:.2g}"
    return f"{'+' if fraction > 0 else '−'}{text.replace('.', ',')} %"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "0 %"


def changes(new_totals: Mapping[str, int], stored_totals: Mapping[str, int]) -> list[YearChange]:
    """The stored school years that the new data replaces, with their totals before and after."""
    return [YearChange(j, int(stored_totals[j]), int(new_totals[j])) for j in sorted(new_totals)
            if j in stored_totals]


def check(new_totals: Mapping[str, int], stored_totals: Mapping[str, int], report: CleaningReport, *,
          toch_importeren: bool) -> list[YearChange]:
    """Apply the rule to an import; note the replaced years in the report.

    Args:
        new_totals: pupils per school year in the new files.
        stored_totals: pupils per school year of the real data in the store ({} for none or demo data).
        report: the import's report; gets a note per replaced year (and a warning per overridden refusal).
        toch_importeren: the user insists (``--toch-importeren``): warn instead of refusing.

    Returns:
        The replaced years (totals before and after).

    Raises:
        LoepFout: a stored year would keep less than :data:`MIN_VERVANGING` of its pupils.
    """
    found = changes(new_totals, stored_totals)
    for c in found:
        if c.na >= MIN_VERVANGING * c.voor:
            continue
        files = [f for f in report.bestanden if c.schooljaar in f.schooljaren]
        namen = " en ".join(f"'{f.naam}'" for f in files)
        afgekapt = [f.naam for f in files if any("regeleinde" in o for o in f.opmerkingen)]
        extra = (f" '{afgekapt[0]}' eindigt bovendien niet met een regeleinde: waarschijnlijk is de download "
                 f"onderbroken." if afgekapt else "")
        deel = _pct(c.na, c.voor)
        if toch_importeren:
            report.waarschuwingen.append(
                f"schooljaar {c.schooljaar} is vervangen door {namen} met {getal(c.na)} leerlingen, terwijl de "
                f"vorige gegevens van dat jaar {getal(c.voor)} leerlingen telden (nu {deel} daarvan).{extra}")
            continue
        wat = (f"schooljaar {c.schooljaar} zou vervangen worden door {namen} met {getal(c.na)} leerlingen, maar de "
               f"bewaarde gegevens van dat jaar tellen {getal(c.voor)} leerlingen (nieuw: {deel} daarvan)")
        raise LoepFout(
            f"Import geweigerd: {wat}. Een nieuw bestand voor een bewaard schooljaar moet minstens "
            f"{MIN_VERVANGING * 100:.0f} % van de bewaarde leerlingen bevatten; misschien is het bestand onvolledig "
            f"of maar een deel van de gegevens.{extra} Controleer het bestand (download het opnieuw), of importeer "
            f"het toch met 'loep importeer --toch-importeren'. Er is niets geïmporteerd.")
    return found
