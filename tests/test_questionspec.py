"""The TOML question specification: the shipped questions, overrides and every kind of mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from addin.core.errors import LoepFout
from addin.core.questionspec import builtin_specs, load_spec

REFERENCE = Path(__file__).parents[1] / "addin" / "reference" / "schriftelijke-vraag-duaal-leren-antwerpen.txt"


def _question_texts() -> dict[int, str]:
    """The numbered questions of the reference text, whitespace-normalised (independent parse)."""
    text = REFERENCE.read_text(encoding="utf-8")
    body = text[text.index("1. Graag een overzicht"): text.index("Deze vraag werd gesteld")]
    out = {}
    for part in re.split(r"\n(?=\d\. )", body):
        nummer = int(part[0])
        out[nummer] = " ".join(part[3:].split())
    return out


def test_default_spec_has_the_seed_question():
    spec = load_spec()
    assert spec.titel == "Duaal leren in het secundair onderwijs - Leerlingendeelname in de provincie Antwerpen"
    assert [(m.naam, m.nummer) for m in spec.ministers] == [("Ben Weyts", "723"), ("Jo Brouns", "816")]
    assert spec.ministers_tekst == "Ben Weyts (723), Jo Brouns (816)"
    assert spec.datum == "onbekend" and spec.vraagsteller == "niet vermeld"
    assert [v.nummer for v in spec.vragen] == [1, 2, 3, 4, 5, 6, 7]
    reference = _question_texts()
    for v in spec.vragen:  # verbatim, up to line breaks
        assert " ".join(v.tekst.split()) == reference[v.nummer]
    assert spec.table_keys == ("V1", "V2", "V2b", "V3a", "V3b", "V4a", "V4b", "V5a", "V5b")
    assert spec.open_vragen == (6, 7)
    p = spec.params
    assert (p.provincie, p.basis, p.van, p.tot) == ("Antwerpen", "vestigingsplaats", "2016-2017", None)
    assert spec.inleiding and all(a for a in spec.inleiding)


def test_example_spec_other_province_and_basis():
    assert {"duaal-leren-antwerpen", "voorbeeld-west-vlaanderen-woonplaats"} <= set(builtin_specs())
    spec = load_spec("voorbeeld-west-vlaanderen-woonplaats")
    assert (spec.params.provincie, spec.params.basis, spec.params.van) == ("West-Vlaanderen", "woonplaats",
                                                                           "2019-2020")
    assert load_spec("voorbeeld-west-vlaanderen-woonplaats.toml").pad == spec.pad


def test_with_params_overrides():
    spec = load_spec()
    new = spec.with_params(provincie="limburg", basis="hoofdzetel", van="2019-20", tot=2023)
    assert (new.params.provincie, new.params.basis, new.params.van, new.params.tot) == (
        "Limburg", "hoofdzetel", "2019-2020", "2023-2024")
    assert spec.params.provincie == "Antwerpen"  # the original is unchanged
    same = spec.with_params(provincie="", basis=None)
    assert same.params == spec.params
    with pytest.raises(LoepFout, match="Onbekende provincie 'Limbrg'; bedoelde u 'Limburg'"):
        spec.with_params(provincie="Limbrg")
    with pytest.raises(LoepFout, match="ligt na het laatste"):
        spec.with_params(van="2024-2025", tot="2020-2021")


GOOD = '''
[vraag]
titel = "Test"
nummer = 12
datum = ""
vraagsteller = ""
inleiding = ["Eén alinea."]

[[vraag.ministers]]
naam = "Minister"
nummer = "12"

[parameters]
provincie = "Limburg"
basis = "woonplaats"
van = "2018-19"

[[vragen]]
nummer = 1
tekst = "Hoeveel?"
tabellen = ["1", "v2B"]

[[vragen]]
nummer = 2
tekst = "Waarom?"
tabellen = []
'''


def write(tmp_path, text, name="vraag.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_own_file_normalised(tmp_path):
    spec = load_spec(write(tmp_path, GOOD))
    assert spec.nummer == "12"  # an integer number is accepted as text
    assert spec.datum == "onbekend" and spec.vraagsteller == "niet vermeld"
    assert spec.table_keys == ("V1", "V2b") and spec.open_vragen == (2,)
    assert spec.params.van == "2018-2019" and spec.params.tot is None


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace('titel = "Test"\n', ""), "vraag.toml, sleutel 'vraag.titel': ontbreekt."),
        (lambda t: t.replace('titel = "Test"', "titel = 5"),
         "sleutel 'vraag.titel': verwacht tekst, gevonden geheel getal (5)"),
        (lambda t: t.replace('titel = "Test"', 'titel = " "'), "sleutel 'vraag.titel': is leeg."),
        (lambda t: t.replace('provincie = "Limburg"', 'provincie = "Limbourg"'),
         "sleutel 'parameters.provincie': Onbekende provincie 'Limbourg'; bedoelde u 'Limburg'?"),
        (lambda t: t.replace('basis = "woonplaats"', 'basis = "adres"'),
         "sleutel 'parameters.basis': Onbekende basis 'adres'"),
        (lambda t: t.replace('van = "2018-19"', 'van = "2018-2020"'),
         "sleutel 'parameters.van': Ongeldig schooljaar '2018-2020'"),
        (lambda t: t.replace('van = "2018-19"', 'van = "2018-19"\ntot = "2016-17"'),
         "sleutel 'parameters': Het eerste schooljaar (van = '2018-2019') ligt na het laatste"),
        (lambda t: t.replace('van = "2018-19"', "van = true"), "sleutel 'parameters.van': verwacht tekst"),
        (lambda t: t.replace('provincie = "Limburg"', 'provinsie = "Limburg"'),
         "onbekende sleutel 'provinsie' in [parameters]; bedoelde u 'provincie'?"),
        (lambda t: t.replace('tabellen = ["1", "v2B"]', 'tabellen = ["V9"]'),
         "sleutel 'vragen[1].tabellen': onbekende tabel 'V9'"),
        (lambda t: t.replace('tabellen = ["1", "v2B"]', 'tabellen = "V1"'),
         "sleutel 'vragen[1].tabellen': verwacht lijst, gevonden tekst"),
        (lambda t: t.replace("nummer = 2\n", "nummer = 1\n"), "sleutel 'vragen[2].nummer': vraag 1 staat er twee keer"),
        (lambda t: t.replace('tekst = "Waarom?"', 'tekst = ""'), "sleutel 'vragen[2].tekst': is leeg."),
        (lambda t: t.replace("nummer = 1\n", 'nummer = "een"\n'),
         "sleutel 'vragen[1].nummer': verwacht geheel getal, gevonden tekst"),
        (lambda t: t.split("[[vragen]]")[0], "sleutel 'vragen': ontbreekt."),
        (lambda t: t.replace('[[vraag.ministers]]\nnaam = "Minister"\nnummer = "12"\n', ""),
         "sleutel 'vraag.ministers': ontbreekt."),
        (lambda t: t.replace('naam = "Minister"', 'naam = "Minister"\npartij = "x"'),
         "onbekende sleutel 'partij' in [[vraag.ministers]] nr. 1"),
        (lambda t: t + "\n[extra]\na = 1\n", "onbekende sleutel 'extra' in het bestand"),
        (lambda t: t.replace('titel = "Test"', 'titel = "Test'), "vraag.toml: geen geldige TOML (regel 3, kolom 14)"),
        (lambda t: t.replace('inleiding = ["Eén alinea."]', "inleiding = [1]"),
         "sleutel 'vraag.inleiding[1]': verwacht tekst"),
    ],
)
def test_mistakes_name_file_and_key(tmp_path, change, message):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(LoepFout) as exc:
        load_spec(path)
    assert message in exc.value.boodschap


def test_missing_file(tmp_path):
    with pytest.raises(LoepFout, match="Vraagbestand '.*bestaatniet.toml' niet gevonden. Ingebouwde vragen: "):
        load_spec(tmp_path / "bestaatniet.toml")
    with pytest.raises(LoepFout, match="bedoelde|Ingebouwde vragen") as exc:
        load_spec("duaal-leren-antwerp")
    assert exc.value.suggestie == "duaal-leren-antwerpen"
    with pytest.raises(LoepFout, match="is een map"):
        load_spec(tmp_path)


# --- question files as Notepad saves them, and files that are no question file (issue 9.10) ---------

@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_ansi_and_bom_question_files_are_read(tmp_path, encoding):
    path = tmp_path / "vraag.toml"
    path.write_bytes(GOOD.replace('titel = "Test"', 'titel = "Industriële wetenschappen in Limburg"')
                     .encode(encoding))
    spec = load_spec(path)
    assert spec.titel == "Industriële wetenschappen in Limburg"
    assert spec.inleiding == ("Eén alinea.",)


def test_a_date_value_is_shown_as_written_not_as_python(tmp_path):
    with pytest.raises(LoepFout) as exc:
        load_spec(write(tmp_path, GOOD.replace('datum = ""', "datum = 2024-01-15")))
    assert exc.value.boodschap == "vraag.toml, sleutel 'vraag.datum': verwacht tekst, gevonden datum (2024-01-15)."
    assert "datetime" not in exc.value.boodschap


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "vraag.toml"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    with pytest.raises(LoepFout, match=r"vraag.toml is geen tekstbestand \(een Word- of Excel-bestand\?\)"):
        load_spec(path)


def test_absurdly_nested_file_is_refused(tmp_path):
    path = write(tmp_path, GOOD + "\n[extra2]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(LoepFout, match="te diep in elkaar genest"):
        load_spec(path)
    path = write(tmp_path, GOOD.replace('tabellen = []', "tabellen = " + "[" * 30 + "]" * 30))
    with pytest.raises(LoepFout, match="te diep in elkaar genest"):
        load_spec(path)


def test_huge_files_are_refused_without_reading_them(tmp_path, monkeypatch):
    sparse = tmp_path / "nullen.toml"
    with open(sparse, "wb") as fh:  # 2 GB of NUL bytes, sparse: costs no disk and must not be read
        fh.truncate(2 * 1024**3)
    line = write(tmp_path, 'titel = "' + "x" * (4 * 1024 * 1024 + 10) + '"\n', name="lang.toml")
    import builtins

    real_open = builtins.open
    reads = []

    def counting_open(file, mode="r", *args, **kw):
        fh = real_open(file, mode, *args, **kw)
        reads.append(file)
        return fh

    monkeypatch.setattr(builtins, "open", counting_open)
    for path in (sparse, line):
        with pytest.raises(LoepFout, match=rf"{path.name} is [\d,]+ MB groot; een vraagbestand is een tekstbestand"):
            load_spec(path)
    assert sparse not in reads and line not in reads
