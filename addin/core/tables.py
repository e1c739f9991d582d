"""A published table: the checked object that the renderers (workbook, CSV, Word, Excel sheets) draw.

Kept apart from rendering (after gptables): the core builds :class:`QuestionTable` objects
(``addin.core.tablebuild`` from a ``[[tabellen]]`` declaration, or one of the few named builders in
``addin.core.questions``); ``addin.report`` turns them into sheets, charts, CSV and Word files
without recomputing anything. Layers that work on finished tables (suppression, sentence
templates) read the frame plus :attr:`QuestionTable.kolominfo`: per column which measure it
holds, for which dimension values and school year, and whether it is a total (sum of parts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

#: Number formats by kind, used by every renderer (explicit locale: Dutch (Belgium)).
FORMATS: dict[str, str] = {
    "aantal": "[$-813]#,##0",
    "procent": "[$-813]0.0 %",  # '12,5 %': the number style of the text, with a space before the sign
    "procent2": "[$-813]0.00 %",  # small shares (dual pupils among all pupils: 0,03 %)
    "promille": "[$-813]#,##0.0",
    "verschil": "[$-813]+#,##0;-#,##0;0",
    "tekst": "@",
    "rang": "0",
}

#: Measure kinds a table column can hold (``QuestionTable.maten``); the draft answer picks its sentence
#: template by these kinds, never by the table's name. ``noemer`` is the count a share or rate divides by,
#: ``label`` a text column (a category of the row dimension).
MEASURES: tuple[str, ...] = ("aantal", "aandeel_rij", "aandeel_kolom", "aandeel_totaal", "aandeel_noemer",
                             "per_1000", "verschil", "verschil_pct", "rang", "noemer", "catalogus", "label")
#: The measure a column holds when the table does not say: read from its number format.
_MEASURE_OF_FORMAT: dict[str, str] = {"aantal": "aantal", "procent": "aandeel_totaal", "procent2": "aandeel_totaal",
                                      "promille": "per_1000", "verschil": "verschil", "rang": "rang",
                                      "tekst": "label"}
#: Keys of :data:`FORMATS` whose values are fractions shown as percentages: where no number format
#: travels along (a spilled range, a CSV), they are written times 100 to match their '(%)' header.
PERCENT_FORMATS: frozenset[str] = frozenset({"procent", "procent2"})


@dataclass(frozen=True)
class ChartSpec:
    """A native chart for a table.

    Args:
        soort: 'column', 'bar' or 'line' (XlsxWriter chart types), optionally stacked via ``gestapeld``.
        categorieen: column of the table holding the categories (x axis).
        reeksen: columns plotted as series.
        titel, x_titel, y_titel: chart and axis titles (Dutch).
        alt_tekst: description for screen readers.
        gestapeld: stack the series.
        rijen: plot only the first ``rijen`` rows of the table (None: all rows), e.g. the sectors that
            have pupils in a table sorted from large to small.
    """

    soort: str
    categorieen: str
    reeksen: tuple[str, ...]
    titel: str
    x_titel: str
    y_titel: str
    alt_tekst: str
    gestapeld: bool = False
    rijen: int | None = None


@dataclass(frozen=True)
class ColumnInfo:
    """What one column of a :class:`QuestionTable` holds.

    Args:
        maat: the measure ('aantal', 'noemer', 'aandeel_noemer', 'per_1000', 'aandeel_rij',
            'aandeel_kolom', 'aandeel_totaal', 'verschil', 'verschil_pct', 'rang', 'catalogus'),
            or None for a label column (the values of a row dimension).
        dimensie: for a label column, the row dimension it shows; else None.
        waarden: for a measure column, the column key: {column dimension: display value}
            (empty without column dimensions; a total column has the other values only).
        schooljaar: the school year of a measure column when it has one fixed year (else None:
            the year is the row's).
        totaal: True for a total column (the sum of the measure's other columns in the row).
        gebied: 'alle' when the column counts Vlaanderen en Brussel whatever the table's region.
    """

    maat: str | None
    dimensie: str | None = None
    waarden: tuple[tuple[str, str], ...] = ()
    schooljaar: str | None = None
    totaal: bool = False
    gebied: str | None = None


@dataclass(frozen=True)
class Rangorde:
    """What the order of a table's rows tells a reader, for disclosure control (set by the builder that sorted).

    A table sorted on a measure tells more than its cells: the value of a hidden cell lies between those
    of the rows above and below it, and the rows a top or bottom cut left out lie beyond the last row kept.

    Args:
        kolom: the column the rows were sorted on.
        paren: ``(i, j, gap)``: in column ``kolom`` row i's value ≥ row j's value + gap (rows of the frame;
            gap 1 where a tie would have put j first, so the reader knows i's value is larger).
        weg: ``(i, labels, gap, hoger)``: a row the cut left out, by its row labels (the values of the row
            dimensions); ``hoger`` True: kept row i's value ≥ the left-out row's + gap, else ≤ − gap.
    """

    kolom: str
    paren: tuple[tuple[int, int, int], ...] = ()
    weg: tuple[tuple[int, tuple, int, bool], ...] = ()


@dataclass(frozen=True)
class QuestionTable:
    """One table of an answer.

    Args:
        sleutel: short id and sheet name ('V1', 'V3a', ...), ≤ 31 characters, unique.
        vraag: number of the question it answers (1-5).
        titel: title (goes in A1 of its sheet).
        toelichting: one-line statements shown above the table (source, notes, empty cells).
        frame: the table; Dutch column headers with units; numbers as numbers; no index.
        formaten: column -> key of :data:`FORMATS` (columns not named: 'tekst' for text, 'aantal' for numbers).
        grafiek: the chart, or None.
        tabelnaam: Excel table name (letters, digits, underscores).
        rijen: the dimension of the rows ('schooljaar', 'sector', 'studierichting', 'opleiding', 'provincie' …);
            '' = read from the first column ('Schooljaar' → 'schooljaar').
        kolommen: the dimension spread over the columns ('provincie', 'graad', 'onderwijsvorm'), or ''.
        maten: column -> measure kind of :data:`MEASURES` (columns not named: from their number format).
        categorie: column -> the value of the column dimension it belongs to ('Antwerpen', '2e graad').
        onderwerp: who is counted, as a noun phrase starting with 'leerlingen' ('leerlingen in een duale
            opleiding'); the draft answer makes it the subject of its sentences.
        noemer: who a share or rate divides by ('leerlingen secundair onderwijs').
        gebied: the region the counts are about, as a sentence names it ('de provincie Antwerpen');
            '' = the question's region.
        schooljaar: the one school year a table without a schooljaar row or column shows.
        selectie: '' (all rows), 'top' (largest first), 'bottom' (smallest first) or 'nul' (rows without pupils).
        regel: the rule of the selection, in words (shown in the notes and said in the answer).
        rang_op: the measure a 'rang' column ranks by ('aantal', 'per_1000', 'aandeel_noemer'), so that the
            answer ranks by the same measure as the table.
        kolominfo: column -> :class:`ColumnInfo` (declared tables fill it for every column; a named
            builder may leave it empty).
        populatie: {dimension: canonical values} of the table's population (its filter), with the
            province the table is limited to, if any.
    """

    sleutel: str
    vraag: int
    titel: str
    toelichting: tuple[str, ...]
    frame: pd.DataFrame
    formaten: dict[str, str] = field(default_factory=dict)
    grafiek: ChartSpec | None = None
    tabelnaam: str = ""
    rijen: str = ""
    kolommen: str = ""
    maten: dict[str, str] = field(default_factory=dict)
    categorie: dict[str, str] = field(default_factory=dict)
    onderwerp: str = "leerlingen"
    noemer: str = ""
    gebied: str = ""
    schooljaar: str = ""
    selectie: str = ""
    regel: str = ""
    rang_op: str = "aantal"
    #: how its pupil counts hang together, for disclosure control (``addin.core.publication.Tellingen``);
    #: None: read conservatively from the measures (``publication.infer_tellingen``)
    tellingen: object = None
    #: what the order of its rows tells (:class:`Rangorde`); None: the order tells nothing (label order)
    rangorde: Rangorde | None = None
    kolominfo: dict[str, ColumnInfo] = field(default_factory=dict)
    populatie: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def measure_of(self, column: str) -> str:
        """Measure kind of a column (:data:`MEASURES`)."""
        if column in self.maten:
            return self.maten[column]
        return _MEASURE_OF_FORMAT.get(self.format_of(column), "aantal")

    @property
    def row_dimension(self) -> str:
        """The dimension of the rows (:attr:`rijen`, or read from the first column's header)."""
        if self.rijen:
            return self.rijen
        first = str(self.frame.columns[0]) if len(self.frame.columns) else ""
        return first.split(" (")[0].casefold()

    def columns_of(self, maat: str) -> list[str]:
        """The columns holding measure ``maat``, in order (totals included)."""
        return [c for c, info in self.kolominfo.items() if info.maat == maat]

    def format_of(self, column: str) -> str:
        """Number-format key of a column."""
        if column in self.formaten:
            return self.formaten[column]
        return "aantal" if pd.api.types.is_numeric_dtype(self.frame[column]) else "tekst"
