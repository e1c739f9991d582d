"""The message for an unknown value: one suggestion only when it is the clear one, else a handful of values.

Issue 11.3: '--provincie Vlaanderen' suggested 'West-Vlaanderen'; '--studierichting OKAN' printed a long run of
programme names. Expected values come from the fixture's rows (plain pandas), not from the vocabularies.
"""

from __future__ import annotations

import re

import pytest

from addin.cli.main import main
from addin.core import labels
from addin.core.errors import LoepFout
from addin.core.query import Query
from canonical_fixture import make_dataset


@pytest.fixture(scope="module")
def ds():
    return make_dataset(n=3000, seed=11)


def _quoted(text: str) -> list[str]:
    return re.findall(r"'([^']+)'", text)


def test_vlaanderen_offers_the_total_not_west_vlaanderen(q, ds):
    with pytest.raises(LoepFout) as exc:
        q.count(schooljaar="2024-2025", provincie="Vlaanderen")
    text = exc.value.boodschap
    assert "West-Vlaanderen" not in text and "Oost-Vlaanderen" not in text
    assert "bedoelde u 'Vlaanderen en Brussel'?" in text
    assert "laat 'provincie' leeg of geef 'Vlaanderen en Brussel'" in text
    assert exc.value.suggestie == "Vlaanderen en Brussel"
    # and what it offers is the whole area: the sum of every row of the year
    year = ds.frame[ds.frame["schooljaar"].astype(str) == "2024-2025"]
    assert q.count(schooljaar="2024-2025", provincie="Vlaanderen en Brussel") == int(year["aantal"].sum())
    assert q.count(schooljaar="2024-2025", provincie="") == int(year["aantal"].sum())


def test_a_question_province_gets_no_wrong_guess(capsys, tmp_path):
    """A question is about one province: 'Vlaanderen' there lists the six valid regions, no West-Vlaanderen guess."""
    code = main(["antwoord", "--provincie", "Vlaanderen", "--data", str(tmp_path / "leeg"), "--uit", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "bedoelde u" not in err
    assert _quoted(err.split("Geldige waarden:")[1]) == list(labels.PROVINCIES)
    assert not (tmp_path / "leeg").exists()  # refused before the demo data is built


def test_unknown_programme_shows_a_handful_and_where_to_see_all(q, ds):
    names = set(ds.frame["studierichting"].dropna().astype(str))
    assert len(names) > labels.MAX_LISTED
    with pytest.raises(LoepFout) as exc:
        q.count(studierichting="Zeilmakerij")  # in no dimension ('OKAN' is a graad: see below)
    text = exc.value.boodschap
    shown = _quoted(text.split("geldige waarden:")[1].split(". Alle waarden")[0])
    assert 1 <= len(shown) <= 5
    valid = set(q.values("studierichting"))
    assert set(shown) <= valid
    assert "'loep dimensies'" in text and '=LOEP.WAARDEN("studierichting")' in text
    assert exc.value.suggestie is None


def test_closest_values_come_first(q, ds):
    """A first word shared by several programmes: no single guess, the ones starting with it come first."""
    words: dict[str, set[str]] = {}
    for n in set(ds.frame["studierichting"].dropna().astype(str)):
        words.setdefault(n.split()[0], set()).add(n)
    prefix, group = max(words.items(), key=lambda kv: (len(kv[1]), kv[0]))
    assert len(group) >= 2, "fixture needs two programmes with the same first word"
    with pytest.raises(LoepFout) as exc:
        q.count(studierichting=prefix)
    assert exc.value.suggestie is None
    shown = _quoted(exc.value.boodschap.split("geldige waarden:")[1].split(". Alle waarden")[0])
    assert len(shown) == 5
    if len(group) >= 5:
        assert set(shown) <= group
    else:
        assert set(shown[:len(group)]) == group


def test_every_dimension_shows_at_most_a_handful():
    vocabulary = [f"Waarde {chr(65 + i)}{chr(65 + j)}" for i in range(6) for j in range(6)]  # 36 values
    text = labels.unknown_value("sector", "Qq", vocabulary).boodschap
    assert len(_quoted(text)) - 2 <= 5  # minus the value itself and the LOEP.WAARDEN argument
    assert "van de 36 geldige waarden" in text
    short = labels.unknown_value("graad", "7e", labels.GRADEN).boodschap
    assert _quoted(short.split("Geldige waarden:")[1]) == list(labels.GRADEN)  # a short list stays whole


@pytest.mark.parametrize("value, choices, want", [
    ("Antwerp", labels.PROVINCIES, "Antwerpen"),
    ("antw", labels.PROVINCIES, "Antwerpen"),
    ("Limbourg", labels.PROVINCIES, "Limburg"),
    ("Vlaanderen", labels.PROVINCIES, None),  # as near to West- as to Oost-Vlaanderen
    ("4e graad", labels.GRADEN, None),  # as near to 1e, 2e and 3e graad
    ("Vlaanderen", (*labels.PROVINCIES, labels.TOTAAL_GEBIED), labels.TOTAAL_GEBIED),
    ("", labels.PROVINCIES, None),
])
def test_suggest_only_the_clear_one(value, choices, want):
    assert labels.suggest(value, choices) == want


def test_a_value_of_another_dimension_is_named_as_such(q, ds):
    """'OKAN' typed as studierichting is a graad: say where it belongs instead of listing programme names."""
    programmes = {labels.fold(v) for v in ds.frame["studierichting"].dropna().astype(str)}
    vorm = next(v for v in ds.frame["onderwijsvorm"].astype(str).unique() if labels.fold(v) not in programmes)
    with pytest.raises(LoepFout) as exc:
        q.count(studierichting=vorm)
    text = exc.value.boodschap
    assert f"'{vorm}' is geen studierichting, wel " in text and f"een onderwijsvorm ('{vorm}')" in text
    assert "Meest gelijkend" not in text and "Geldige waarden" not in text
    # and filtering on the dimension it names works: the pupils of those rows (plain pandas)
    assert q.count(onderwijsvorm=vorm) == int(ds.frame.loc[ds.frame["onderwijsvorm"].astype(str) == vorm,
                                                           "aantal"].sum())
