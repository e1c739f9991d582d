"""A draft answer in plain Dutch sentences, every figure read from the question tables.

The text computes nothing new: it reads the cells of the :class:`QuestionTable` objects that the
workbook shows, so the sentences and the tables always agree. The sentence template of a table is
chosen by what the table holds — the dimension of its rows and columns and the measure kind of each
column (``QuestionTable.maten``: aantal, aandeel, per_1000, verschil, rang, …) — never by its name, so a
new question file gets sentences without new code. The templates themselves live in
:mod:`addin.core.sentences`.

Readers, by table shape:

- rows = schooljaar, no column dimension: a series (count in the last year, its share and rate, the
  change since the year before and since the first year, growth in words);
- rows = schooljaar, columns = a dimension, counts: the split of the last year (by region: the total
  and the regions with the most pupils);
- rows = schooljaar, columns = provincie, rate/share/rank: the rank of the question's region, by count
  and per 1.000, both said when they differ;
- rows = schooljaar, shares or rates only (per column value or not): how each went from the first to the
  last year ('Het aandeel … steeg van x % in 2016-2017 tot y % in 2025-2026'), by region the highest;
- rows = a category (sector, studierichting, provincie, …): the top, or the bottom (``selectie = 'bottom'``)
  with the categories without pupils first; a table whose rank is by a rate or share (``rang_op``) is
  ranked by that measure first, named; a 'verschil' column gives the change since the year before;
- ``selectie = 'nul'``: the rows without pupils (e.g. catalogue programmes), with their status.
"""

from __future__ import annotations

import re

import pandas as pd

from addin.core import sentences as s
from addin.core.dataset import SYNTHETIC_LABEL, DataInfo
from addin.core.disclosure import SECUNDAIR_TEKEN
from addin.core.labels import TOTAAL_GEBIED
from addin.core.questions import basis_zin, regio_naam
from addin.core.questionspec import QuestionSpec
from addin.core.tables import QuestionTable

# the number formatters, under the names the rest of Loep imports them by
getal = s.getal
procent = s.procent
decimaal = s.decimaal

OPEN_VRAAG = ("[Geen gegevensvraag: het antwoord op deze vraag wordt door de administratie geschreven. "
              "Loep levert hier geen cijfers.]")

_SHARES = ("aandeel_rij", "aandeel_kolom", "aandeel_totaal", "aandeel_noemer")
_YEAR = re.compile(r"\b(\d{4}-\d{4})\b")
#: Status values of a zero-rows table that a sentence says in its own words.
_NERGENS = "nergens aangeboden"
_BUSO = "buso (opleidingsvorm 3): aanbod niet geteld in de catalogus"
_STATUS_WOORDEN = (_NERGENS, _BUSO)


def _status_sentence(counts: pd.Series, r: _Reader) -> str:
    """'Daarvan worden er 14 nergens aangeboden en 15 wel aangeboden, maar zonder leerlingen in …; de overige
    17 zijn buso-opleidingen (opleidingsvorm 3), waarvan de catalogus het aanbod niet telt.'"""
    n = {str(k): int(v) for k, v in counts.items()}
    nergens = n.pop(_NERGENS, 0)
    buso = n.pop(_BUSO, 0)
    aangeboden = sum(v for k, v in n.items() if k.startswith("aangeboden"))
    rest = {k: v for k, v in n.items() if not k.startswith("aangeboden")}
    bits = [f"{s.ww(nergens, 'wordt', 'worden')} er {s.getal(nergens)} nergens aangeboden",
            f"{s.getal(aangeboden)} wel aangeboden, maar zonder {r.onderwerp} in {r.gebied}"]
    text = "Daarvan " + " en ".join(bits)
    for k, v in rest.items():
        text += f"; {s.getal(v)} {s.ww(v, 'heeft', 'hebben')} de status '{k}'"
    if buso:
        text += (f"; de overige {s.getal(buso)} {s.ww(buso, 'is een buso-opleiding', 'zijn buso-opleidingen')} "
                 "(opleidingsvorm 3), waarvan de catalogus het aanbod niet telt")
    return s.zin(text)


class _Reader:
    """One table as the templates need it: columns by measure kind, labels, year and region."""

    def __init__(self, t: QuestionTable, gebied: str):
        self.t = t
        self.f = t.frame
        self.gebied = t.gebied or gebied
        self.onderwerp = t.onderwerp or "leerlingen"
        self.cols = [str(c) for c in self.f.columns]
        self.kind = {c: t.measure_of(c) for c in self.cols}
        self.dim = t.row_dimension

    def of(self, *kinds: str, categorie: bool | None = None) -> list[str]:
        """Columns of these measure kinds (with/without a column category when ``categorie`` is given)."""
        out = [c for c in self.cols if self.kind[c] in kinds]
        if categorie is not None:
            out = [c for c in out if (c in self.t.categorie) == categorie]
        return out

    @property
    def label_column(self) -> str | None:
        for c in self.cols:
            if c.casefold() == self.dim and self.kind[c] == "label":
                return c
        labels = self.of("label")
        return labels[0] if labels else None

    def year_of(self, column: str | None = None) -> str:
        """The school year a single-year table (or one of its columns) shows."""
        if column:
            m = _YEAR.search(column)
            if m:
                return m.group(1)
        if self.t.schooljaar:
            return self.t.schooljaar
        for c in self.cols:
            m = _YEAR.search(c)
            if m:
                return m.group(1)
        m = _YEAR.search(self.t.titel)
        return m.group(1) if m else ""


def _value(v):
    """A cell as the templates take it: int for whole numbers, float, the text of a hidden cell, or None."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, str):
        return v
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


# --- readers ---------------------------------------------------------------------------------------------


def _series(r: _Reader) -> list[str]:
    f = r.f
    counts = r.of("aantal")
    if not counts or f.empty:
        return []
    main = counts[0]
    jaren = f[r.cols[0]].tolist()
    last = f.iloc[-1]
    jaar = jaren[-1]
    verschil = r.of("verschil")
    pct = r.of("verschil_pct")
    out = [s.zin_aantal(r.onderwerp, r.gebied, jaar, _value(last[main]),
                        _value(last[verschil[0]]) if verschil else None,
                        _value(last[pct[0]]) if pct else None)]
    shares = r.of(*_SHARES)
    if shares:
        noemers = r.of("noemer")
        out.append(s.zin_aandeel(r.onderwerp, jaar, _value(last[shares[0]]), r.t.noemer or "leerlingen",
                                 _value(last[noemers[0]]) if noemers else None, r.gebied))
    for c in r.of("per_1000"):
        out.append(s.zin_per_1000(r.onderwerp, r.gebied, jaar, _value(last[c]), r.t.noemer or "leerlingen"))
        break
    if len(f) > 1:
        out.append(s.zin_groei(r.onderwerp, jaren[0], _value(f.iloc[0][main]), jaar, _value(last[main])))
    return out


def _split(r: _Reader) -> list[str]:
    f = r.f
    parts = r.of("aantal", categorie=True)
    totals = r.of("aantal", categorie=False)
    if not parts or f.empty:
        return []
    last = f.iloc[-1]
    jaar = last[r.cols[0]]
    delen = [(r.t.categorie[c], _value(last[c])) for c in parts]
    if totals:
        totaal = _value(last[totals[-1]])
    elif any(s.is_hidden(v) or v is None for _, v in delen):
        totaal = None  # the sum of the shown parts is not the total: say no total
    else:
        totaal = sum(v for _, v in delen)
    if r.t.kolommen == "provincie":
        gebied = r.t.gebied or TOTAAL_GEBIED
        out = [s.zin_samen(r.onderwerp, gebied, jaar, totaal)] if totaal is not None else []
        known = [(naam, n) for naam, n in delen if not s.is_hidden(n)]
        ranked = sorted(known, key=lambda x: -x[1])
        top = [(naam, n) for naam, n in ranked[:3] if n > 0]
        if top:
            out.append(s.zin_meeste_regios(r.onderwerp, jaar, top))
        return out
    return [s.zin_verdeling(r.onderwerp, r.gebied, jaar, totaal, r.t.kolommen, delen)]


def _rank(r: _Reader, provincie: str) -> list[str]:
    f = r.f
    if f.empty:
        return []
    last = f.iloc[-1]
    jaar = last[r.cols[0]]
    rate = {r.t.categorie[c]: _value(last[c]) for c in r.of("per_1000", categorie=True)}
    share = {r.t.categorie[c]: _value(last[c]) for c in r.of(*_SHARES, categorie=True)}
    rank = {r.t.categorie[c]: _value(last[c]) for c in r.of("rang", categorie=True)}
    regions = list(dict.fromkeys([*rank, *rate, *share]))
    van_wie = "de vijf provincies en Brussel" if len(regions) == 6 else f"de {s.telwoord(len(regions))} regio's"
    if provincie not in regions or (share and share.get(provincie) is None):
        return []  # no pupils anywhere: no share or rank to report
    known_rates = {k: v for k, v in rate.items() if v is not None and not s.is_hidden(v)}
    mine = known_rates.get(provincie)
    rang_rate = None
    voor: list[tuple[str, float]] = []
    if mine is not None:
        voor = sorted(((k, v) for k, v in known_rates.items() if v > mine), key=lambda x: -x[1])
        rang_rate = len(voor) + 1
    return s.zin_rang(r.onderwerp, regio_naam(provincie), jaar, rank.get(provincie), share.get(provincie),
                      TOTAAL_GEBIED, mine, rang_rate, voor, r.t.noemer or "leerlingen", van_wie)


def _by_count(values: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Rows largest count first; a hidden count ('<5') counts as small."""
    return sorted(values, key=lambda x: -1 if s.is_hidden(x[1]) else -(x[1] or 0))


def _top_is_known(values: list[tuple[str, object]], n: int = 3) -> bool:
    """Whether the first ``n`` rows by count (:func:`_by_count`) are the true top: no cell hidden to protect
    another ('[c]': any size from the threshold up) and no small hidden count ('<5') that could beat a named one."""
    if any(v == SECUNDAIR_TEKEN for _, v in values):
        return False
    small = [v for _, v in values if s.is_hidden(v)]
    if not small:
        return True
    named = [v for _, v in _by_count(values)[:n] if not s.is_hidden(v)]
    bound = max(int(str(v).lstrip("<")) for v in small if str(v).lstrip("<").isdigit()) if small else 0
    return len(named) == n and all(v >= bound for v in named)


def _ranking(r: _Reader, provincie: str = "") -> list[str]:
    f = r.f
    label = r.label_column
    counts = r.of("aantal")
    if label is None or not counts:
        return []
    # a table with column categories (a split per row): the row total stands for the row
    totals = r.of("aantal", categorie=False)
    main = totals[-1] if totals and r.of("aantal", categorie=True) else counts[0]
    jaar = r.year_of(main)
    values = [(str(n), _value(v)) for n, v in zip(f[label], f[main])]
    # the measure the table ranks by (its 'rang' column): the sentence ranks by the same one
    rang = r.of("rang", categorie=False)
    by = r.t.rang_op if rang else "aantal"
    rate = r.of(by, categorie=False) if by != "aantal" else []
    ranked_here = r.t.selectie not in ("top", "bottom") or rate  # rows not in the order of their count: rank them
    if ranked_here:
        # a ranking of the shown cells that a hidden one could upset is neither true nor safe: no such sentence
        known_top = _top_is_known(values)
        values = _by_count(values)
    else:
        known_top = True  # the table's own order (the disclosure audit knows what it tells)
    shares = [c for c in r.of("aandeel_kolom", "aandeel_totaal") if c not in r.t.categorie]
    out: list[str] = []
    if r.t.selectie == "bottom":
        zero = [n for n, v in values if v == 0]
        low = [(s.naam(r.dim, n), v) for n, v in values if v != 0][:3]
        out.append(s.zin_geen(r.onderwerp, r.gebied, jaar, r.dim, zero))
        if low:
            out.append(s.zin_bovenaan(r.onderwerp, r.gebied, jaar, r.dim, low, meeste=False))
        if r.t.regel:
            out.append(s.zin(r.t.regel))
        if not zero and not low:
            out.append(s.zin(f"In het schooljaar {jaar} waren er in {r.gebied} geen {r.onderwerp}"))
        return [z for z in out if z]
    top = [(n, v) for n, v in values if s.is_hidden(v) or v > 0][:3]
    if not top:
        return [s.zin(f"In het schooljaar {jaar} waren er in {r.gebied} geen {r.onderwerp}, dus ook geen "
                      f"{s.woorden(r.dim)[0]} met de meeste {r.onderwerp}")]
    if rate:
        out.extend(_ranked_by_measure(r, label, rang[0], rate[0], by, jaar, provincie))
    first_share = None
    if shares:  # the first row's share of the total (a share of a denominator is not 'van het totaal')
        names = [str(n) for n in f[label]]
        first_share = _value(f.iloc[names.index(top[0][0])][shares[0]])
    if known_top:
        out.append(s.zin_bovenaan(r.onderwerp, r.gebied, jaar, r.dim, [(s.naam(r.dim, n), v) for n, v in top],
                                  first_share))
    parts = r.of("aantal", categorie=True)
    if parts and r.dim == "provincie" and provincie in [str(n) for n in f[label]]:
        # a split per region: the split of the question's region
        row = f.iloc[[str(n) for n in f[label]].index(provincie)]
        out.append(s.zin_verdeling(r.onderwerp, regio_naam(provincie), jaar, _value(row[main]), r.t.kolommen,
                                   [(r.t.categorie[c], _value(row[c])) for c in parts]))
    others = [c for c in r.of("label") if c != label and c.casefold() == "sector" and r.dim != "sector"]
    if others:
        first = f.iloc[0]
        out.append(s.zin(f"De {s.woorden(r.dim)[0]} {first[label]} hoort bij de sector {first[others[0]]}"))
    out.append(_changes(r, label, jaar))
    return [z for z in out if z]


def _ranked_by_measure(r: _Reader, label: str, rang: str, kolom: str, maat: str, jaar: str,
                       provincie: str) -> list[str]:
    """The first three by the table's rank (a rate or a share), and where the question's region stands."""
    rows = [(str(n), _value(v), _value(k)) for n, v, k in zip(r.f[label], r.f[kolom], r.f[rang])]
    known = sorted([x for x in rows if x[2] is not None and not s.is_hidden(x[2])], key=lambda x: x[2])
    top = [(n, v) for n, v, _ in known[:3] if v is not None and not s.is_hidden(v)]
    gebied = "" if r.dim == "provincie" else r.gebied
    out = [s.zin_hoogst(s.maat_onderwerp(maat, r.onderwerp, r.t.noemer or "leerlingen", gebied), maat, jaar,
                        r.dim, top)]
    if r.dim == "provincie" and provincie not in [n for n, _ in top]:
        mine = next((x for x in known if x[0] == provincie), None)
        if mine is not None:
            out.append(s.zin_plaats_in_rangschikking(regio_naam(provincie), mine[2], maat, mine[1]))
    return out


def _changes(r: _Reader, label: str, jaar: str) -> str:
    """The change since the year before, from the table's 'verschil' column."""
    verschil = r.of("verschil", categorie=False)
    if not verschil or not _YEAR.fullmatch(jaar or ""):
        return ""
    pct = r.of("verschil_pct", categorie=False)
    rows = []
    for _, row in r.f.iterrows():
        v = _value(row[verschil[0]])
        if v is None or s.is_hidden(v):
            continue
        p = _value(row[pct[0]]) if pct else None
        rows.append((str(row[label]), v, None if s.is_hidden(p) else p))
    begin = int(jaar[:4])
    return s.zin_verschillen(r.onderwerp, r.gebied, f"{begin - 1}-{begin}", r.dim, rows, len(rows) == len(r.f))


#: Share and rate kinds in the order a sentence prefers them.
_RATIOS = ("aandeel_noemer", "per_1000", "aandeel_rij", "aandeel_kolom", "aandeel_totaal")


def _share_years(r: _Reader, provincie: str) -> list[str]:
    """A share or rate per school year: how it went from the first to the last year (per column value), and
    for a table by region, the regions where it is highest."""
    f = r.f
    kinds = [k for k in _RATIOS if r.of(k)]
    if f.empty or not kinds:
        return []
    maat = kinds[0]
    noemer = r.t.noemer or "leerlingen"
    jaren = [str(j) for j in f[r.cols[0]]]
    first, last = f.iloc[0], f.iloc[-1]

    def verloop(kolom: str, waarde: str | None) -> str:
        gebied = "" if (waarde is not None and r.t.kolommen == "provincie") else r.gebied
        wat = s.maat_onderwerp(maat, r.onderwerp, noemer, gebied, r.t.kolommen, waarde)
        return s.zin_verloop(wat, maat, jaren[0], _value(first[kolom]), jaren[-1], _value(last[kolom]))

    per_value = r.of(maat, categorie=True)
    if not per_value:
        return [z for z in [verloop(r.of(maat)[0], None)] if z]
    if r.t.kolommen == "provincie":
        out = [verloop(c, provincie) for c in per_value if r.t.categorie[c] == provincie]
        known = [(r.t.categorie[c], _value(last[c])) for c in per_value]
        known = sorted([x for x in known if x[1] is not None and not s.is_hidden(x[1])], key=lambda x: -x[1])
        out.append(s.zin_hoogst(s.maat_onderwerp(maat, r.onderwerp, noemer), maat, jaren[-1], "provincie",
                                known[:3]))
        return [z for z in out if z]
    known = [c for c in per_value if _value(last[c]) is not None and not s.is_hidden(_value(last[c]))]
    known = sorted(known, key=lambda c: -_value(last[c]))[:4]
    return [z for z in (verloop(c, r.t.categorie[c]) for c in known) if z]


def _zero_rows(r: _Reader) -> list[str]:
    f = r.f
    label = r.label_column
    year_cols = [c for c in r.of("aantal") if _YEAR.search(c)]
    jaar = r.year_of(year_cols[-1] if year_cols else None)
    enkel, meervoud = s.woorden(r.dim)
    out = [s.zin_nul(meervoud, r.t.noemer, len(f), r.gebied, jaar, r.onderwerp)]
    status = next((c for c in r.cols if c.casefold() == "status"), None)
    if status is not None and len(f):
        out.append(_status_sentence(f[status].value_counts(sort=False), r))
    if len(year_cols) > 1 and len(f):
        # a hidden count ('<5') is at least 1: such a row did have pupils
        zero = f[year_cols].map(lambda v: not s.is_hidden(v) and v == 0)
        nooit = int(zero.all(axis=1).sum())
        eerste = _YEAR.search(year_cols[0]).group(1)
        out.append(s.zin(f"Van die {meervoud} {s.ww(nooit, 'telde', 'telden')} er {s.getal(nooit)} in geen van de laatste "
                         f"{s.telwoord(len(year_cols))} schooljaren ({eerste} tot en met {jaar}) een "
                         f"{s.enkelvoud(r.onderwerp)} in {r.gebied}"))
    offer = [c for c in r.of("aantal") if c not in year_cols]
    if offer and label is not None and len(f):
        kol = offer[0]
        top = f[f[kol].notna() & (f[kol] > 0)].sort_values(kol, ascending=False, kind="stable").head(3)
        if status is not None:
            top = top[~top[status].isin(list(_STATUS_WOORDEN))]
        if len(top):
            m = _YEAR.search(kol) or re.search(r"\b(\d{4})\b", kol)
            wanneer = f" in {m.group(1)}" if m else ""
            bits = [f"{row[label]} ({s.getal(row[kol])} {'adres' if row[kol] == 1 else 'adressen'}{wanneer})"
                    for _, row in top.iterrows()]
            out.append(s.zin(f"Van de {meervoud} zonder {r.onderwerp} in {r.gebied} worden {s.opsomming(bits)} "
                             "het ruimst aangeboden"))
    return [z for z in out if z]


def table_sentences(t: QuestionTable, provincie: str) -> list[str]:
    """The sentences of one table, by its shape and measure kinds (see the module docstring).

    Args:
        t: the table.
        provincie: the question's region (the one a rank is told for; the region of a table that names none).
    """
    r = _Reader(t, regio_naam(provincie))
    if t.selectie == "nul":
        return _zero_rows(r)
    if r.dim == "schooljaar":
        if t.kolommen:
            if r.of("aantal", categorie=True):
                return _split(r) + _share_years(r, provincie)
            if t.kolommen == "provincie" and r.of("rang", "per_1000", categorie=True):
                return _rank(r, provincie)
            return _share_years(r, provincie)
        return _series(r) or _share_years(r, provincie)
    return _ranking(r, provincie)


# --- the answer -------------------------------------------------------------------------------------------


def draft_answer(spec: QuestionSpec, tables, info: DataInfo) -> list[str]:
    """Draft answer paragraphs, one or more per question, in plain Dutch.

    Args:
        spec: the question (its parameters must be those the tables were made with).
        tables: the question tables (:class:`QuestionTable`) of the question, any subset.
        info: provenance of the data (synthetic data is announced in the first paragraph).

    Returns:
        Paragraphs: a data warning (synthetic data only), a source paragraph, then 'Vraag n. …' per
        question; questions that are not data questions get a placeholder for the administration.
    """
    by_key: dict[str, QuestionTable] = {t.sleutel: t for t in tables}
    prov, basis = spec.params.provincie, spec.params.basis
    out: list[str] = []
    if info.synthetisch:
        out.append(f"LET OP: dit ontwerpantwoord is gemaakt met {SYNTHETIC_LABEL}. De cijfers tonen hoe het "
                   "antwoord eruit zal zien en zijn niet bruikbaar als antwoord op de vraag.")
    out.append(f"Alle cijfers zijn aantallen leerlingen op de teldatum van {info.peildatum} van elk schooljaar "
               f"(bron: {info.bron}; dataversie {info.dataversie}). Een leerling telt mee in een provincie "
               f"{basis_zin(basis)}.")
    for vraag in spec.vragen:
        if not vraag.tabellen:
            out.append(f"Vraag {vraag.nummer}. {OPEN_VRAAG}")
            continue
        zinnen: list[str] = []
        shown = []
        for key in vraag.tabellen:
            t = by_key.get(key)
            if t is None:
                continue
            shown.append(key)
            # two tables of one question may say the same (a count ranked in both): say it once
            zinnen.extend(z for z in table_sentences(t, prov) if z and z not in zinnen)
        if zinnen:
            verwijzing = (f"(Zie tabel {shown[0]} in de bijlage.)" if len(shown) == 1
                          else f"(Zie de tabellen {s.opsomming(shown)} in de bijlage.)")
            out.append(f"Vraag {vraag.nummer}. " + " ".join(zinnen) + " " + verwijzing)
        else:
            out.append(f"Vraag {vraag.nummer}. [Geen tabel gemaakt voor deze vraag.]")
    return out


def sentences_of(paragraph: str) -> list[str]:
    """The sentences of a paragraph (for checks): split after '.', '?' or '!' followed by a space and a
    capital or '('; numbers such as '1.234' and '12,5' are not split."""
    parts = re.split(r"(?<=[.?!)])\s+(?=[A-Z(\[])", paragraph.strip())
    return [p for p in parts if p]


__all__ = ["draft_answer", "table_sentences", "sentences_of", "getal", "procent", "decimaal", "OPEN_VRAAG"]
