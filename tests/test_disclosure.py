"""The disclosure policy: one place, a documented priority, Dutch errors."""

from __future__ import annotations

import pytest

from addin.core.disclosure import ENV_AAN, ENV_DREMPEL, Policy, resolve
from addin.core.errors import LoepFout


def test_default_is_on_with_threshold_five():
    p = resolve(env={})
    assert (p.aan, p.drempel, p.bron) == (True, 5, "standaard")
    assert p.primair_teken == "<5" and p.minder_dan == "minder dan 5"
    assert p.regel.startswith("Aantallen kleiner dan 5 worden om privacyredenen niet vermeld (<5); om te vermijden "
                              "dat ze uit de totalen af te leiden zijn, zijn ook enkele andere cellen verborgen")


def test_priority_cli_over_question_file_over_environment():
    env = {ENV_AAN: "uit", ENV_DREMPEL: "7"}
    assert resolve(env=env) == Policy(False, 7, "omgeving")
    assert resolve(env=env, vraag_aan=True, vraag_drempel=10) == Policy(True, 10, "vraagbestand")
    assert resolve(env=env, vraag_aan=True, vraag_drempel=10, cli_aan=False, cli_drempel=3) == \
        Policy(False, 3, "opdrachtregel")
    # each setting is read on its own: the file's threshold stays when only the CLI switches it off
    assert resolve(env={}, vraag_drempel=10, cli_aan=False) == Policy(False, 10, "opdrachtregel")


def test_switched_off_says_not_for_publication():
    assert "NIET VOOR PUBLICATIE" in resolve(env={}, cli_aan=False).regel


@pytest.mark.parametrize("env, waar", [({ENV_AAN: "misschien"}, ENV_AAN), ({ENV_DREMPEL: "2"}, ENV_DREMPEL),
                                       ({ENV_DREMPEL: "vijf"}, ENV_DREMPEL), ({ENV_DREMPEL: "5.5"}, ENV_DREMPEL)])
def test_bad_values_name_their_source(env, waar):
    with pytest.raises(LoepFout, match=waar):
        resolve(env=env)
    with pytest.raises(LoepFout, match="vraagbestand"):
        resolve(env={}, vraag_drempel=1)
