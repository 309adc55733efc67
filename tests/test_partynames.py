"""Parties as people name them (assistant/core/partynames.py)."""

import pytest

from assistant.core.partynames import is_collective, kinds, matches, party_kinds

SESTO = (
    "Assemblea dei Sindaci dell'Ambito di Sesto San Giovanni",
    "Organizzazioni sindacali CGIL CISL UIL SPI FNP UILP",
)


@pytest.mark.parametrize(
    "asked, kind",
    [
        ("i sindacati", "sindacati"),
        ("le OO.SS.", "sindacati"),
        ("CGIL-CISL-UIL", "sindacati"),
        ("il Comune", "comuni"),
        ("i sindaci", "comuni"),
        ("l'ASST", "asst"),
        ("il capofila", "capofila"),
        ("le cooperative", "terzo settore"),
    ],
)
def test_what_people_say_names_a_kind_of_party(asked, kind):
    assert kind in kinds(asked)


def test_a_party_is_of_the_kind_its_head_names_not_its_modifiers():
    assert party_kinds("Agenzia di Tutela della Salute (ATS) della Città Metropolitana di Milano") == {"ats"}
    assert party_kinds("AFOL Metropolitana") == {"lavoro"}
    # two parties joined by "e": each counts
    assert party_kinds("Ambito di Sesto San Giovanni e le organizzazioni sindacali CGIL CISL UIL") == {"sindacati"}
    assert party_kinds("Tavolo Tecnico") == set()


def test_le_parti_stand_for_the_signatories():
    assert is_collective("Parti") and is_collective("Le parti firmatarie del presente Accordo")
    assert not is_collective("Comuni")
    assert matches("sindacati", "Parti", SESTO) and matches("il Comune", "Parti", SESTO) is True
    assert not matches("ASST", "Parti", SESTO)
    assert not matches("sindacati", "Parti")  # whom they stand for unknown: not claimed


def test_a_name_of_no_known_kind_is_looked_for_in_the_partys_words():
    assert matches("tavolo", "Tavolo Tecnico") and not matches("cabina", "Tavolo Tecnico")
    assert matches("ASST", "ASST Melegnano Martesana") and not matches("ASST", "ATS della Città Metropolitana")
