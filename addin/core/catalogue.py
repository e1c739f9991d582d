"""The real catalogue of dual programmes, shipped with Loep (``addin/reference``).

Two sources: the modernised offer ("Onderwijsaanbod SO" 2026, with *domein*) and the dual
programmes from before the modernisation (with *studiegebied*). Together they give each
dual programme its sector, graad and onderwijsvorm, and tell which programmes are offered
nowhere (``aantal_adressen`` 0).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pandas as pd

from addin.core.labels import fold

#: domeinCode of the catalogue -> domain name (the sector of a modernised programme).
DOMEINEN: dict[int, str] = {
    1: "Taal en cultuur",
    2: "STEM",
    3: "Kunst en creatie",
    4: "Land- en tuinbouw",
    5: "Economie en organisatie",
    6: "Maatschappij en welzijn",
    7: "Sport",
    8: "Voeding en horeca",
}

_GRAAD = {"Tweede graad": "2e graad", "Derde graad": "3e graad", "": "n.v.t."}
_FINALITEIT = {"Arbeidsmarkt": "Arbeidsmarktfinaliteit", "Dubbel": "Dubbele finaliteit",
               "Doorstroom": "Doorstroomfinaliteit", "": "n.v.t."}
# onderwijsvorm of the catalogue -> Loep's onderwijsvorm. '7DE' (7th year) is a bso year;
# an empty onderwijsvorm marks BuSO opleidingsvorm 3.
_VORM = {"BSO": "bso", "TSO": "tso", "7DE": "bso", "": "buso"}


def _read(name: str) -> pd.DataFrame:
    with resources.files("addin.reference").joinpath(name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def name_key(naam: str) -> str:
    """Matching key of a programme name: folded, with the abbreviation 'DL' read as 'duaal'."""
    key = fold(naam)
    words = ["duaal" if w == "dl" else w for w in key.replace("&", " en ").split()]
    return " ".join(words)


#: Short words a full programme name may have where the catalogue's abbreviated name leaves them out.
_SMALL_WORDS = frozenset({"en", "de", "het", "van", "in", "voor", "op", "met"})
#: The domain code some catalogue names end with: '(E&O)', '(STEM)', 'DL(STEM)' (the sector column says it).
_DOMAIN_CODE = re.compile(r"\s*\((?:[A-Z]{1,2}&[A-Z]{1,2}|STEM)\)\s*$")


def _tokens(naam: str) -> list[str]:
    text = unicodedata.normalize("NFKD", naam.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " en ").replace("/", " / ").replace(",", " ").replace("(", " ").replace(")", " ")
    text = re.sub(r"(?<=\.)(?=\S)", " ", text)  # 'houtbew.machines' -> 'houtbew. machines'
    return [t for t in re.split(r"[\s-]+", text) if t]


def _abbreviation_of(short: list[str], full: list[str]) -> bool:
    """True when ``short`` is ``full`` with words cut off after a point, 'DL' for 'duaal' and small words
    left out."""
    i = 0
    for word in full:
        if i < len(short):
            s = short[i]
            if s == word or (s == "dl" and word == "duaal") or (s.endswith(".") and word.startswith(s[:-1])):
                i += 1
                continue
        if word not in _SMALL_WORDS:
            return False
    return i == len(short)


@lru_cache(maxsize=1)
def _full_names() -> tuple[tuple[list[str], str], ...]:
    raw = _read("duale-opleidingen-na-modernisering.csv")
    names = [n.strip() for n in raw["structuuronderdeel"]] + list(old_programmes()["naam"])
    return tuple((_tokens(n), n) for n in names)


def volledige_naam(naam: str) -> str:
    """A programme name in full, where the catalogue 2026 abbreviates it (its names stop at 40 characters).

    The rule (docs/data-dictionary.md): a name of the list of programmes after the modernisation (or of
    the list before it) that the catalogue name abbreviates — words cut off after a point
    ('admin.' → 'administratie'), 'DL' for 'duaal', '&' for 'en', small words left out, the domain code at
    the end ('(E&O)') dropped — is the full name. Without such a name, only the abbreviations that are
    certain are written out: 'DL' → 'duaal', 'OV3' → '(opleidingsvorm 3)', '&' → ' en '.
    """
    text = naam.strip()
    ov3 = bool(re.search(r"\bOV3\b", text))
    base = re.sub(r"\s*\bOV3\b", "", text).strip()
    base = _DOMAIN_CODE.sub("", base)
    short = _tokens(base)
    matches = [full for tokens, full in _full_names() if _abbreviation_of(short, tokens)]
    if len(set(matches)) == 1:
        full = matches[0]
    else:
        full = re.sub(r"\bDL\b", "duaal", base)
        full = re.sub(r"\s*&\s*", " en ", full)
        full = re.sub(r"(?<=\S)duaal\b", " duaal", full)  # 'afreg.DL' -> 'afreg. duaal'
    return f"{full} (opleidingsvorm 3)" if ov3 else full


@lru_cache(maxsize=1)
def catalogue() -> pd.DataFrame:
    """The modernised dual offer (163 programmes).

    Columns: code, naam (as the catalogue spells it), volledige_naam (:func:`volledige_naam`), graad,
    finaliteit, sector, sectortype ('domein'), onderwijsvorm, zevende_leerjaar (bool), aantal_adressen
    (int), opleidingsvorm3 (bool: BuSO OV3).
    """
    raw = _read("duale-opleidingen-catalogus-2026.csv")
    out = pd.DataFrame(
        {
            "code": raw["code"],
            "naam": raw["naam"].str.strip(),
            "volledige_naam": [volledige_naam(n) for n in raw["naam"]],
            "graad": raw["graad"].map(_GRAAD),
            "finaliteit": raw["finaliteit"].map(_FINALITEIT),
            "sector": raw["domeinCode"].astype(int).map(DOMEINEN),
            "sectortype": "domein",
            "onderwijsvorm": raw["onderwijsvorm"].map(_VORM),
            "zevende_leerjaar": raw["zevendeLeerjaar"].eq("true"),
            "aantal_adressen": raw["aantalAdressen"].astype(int),
            "opleidingsvorm3": raw["onderwijsvorm"].eq(""),
        }
    )
    assert out.notna().all().all(), "catalogue has unmapped values"
    return out


@lru_cache(maxsize=1)
def old_programmes() -> pd.DataFrame:
    """Dual programmes before the modernisation (135), with their studiegebied.

    Columns: naam, onderwijsvorm ('bso'/'tso'), sector (studiegebied), sectortype
    ('studiegebied'), cluster (the file's 'Domein', e.g. 'Metaal BSO').
    """
    raw = _read("duale-opleidingen-voor-modernisering.csv")
    return pd.DataFrame(
        {
            "naam": raw["structuuronderdeel"].str.strip(),
            "onderwijsvorm": raw["Onderwijsvorm"].str.lower(),
            "sector": raw["Hoofdstructuur"].str.strip(),
            "sectortype": "studiegebied",
            "cluster": raw["Domein"].str.strip(),
        }
    )


@lru_cache(maxsize=1)
def _sector_index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for frame in (old_programmes(), catalogue()):  # the modern catalogue wins on equal names
        for naam, sector, soort in frame[["naam", "sector", "sectortype"]].itertuples(index=False):
            index[name_key(naam)] = (sector, soort)
    return index


def sector_for(studierichting: str) -> tuple[str, str] | None:
    """(sector, sectortype) of a dual programme known to the catalogue, else None."""
    return _sector_index().get(name_key(studierichting))
