"""A follow-up's subject put in the last question: the verb before it takes its number."""

import pytest

from assistant.core.agreement import in_number, plural, replace_subject


@pytest.mark.parametrize(
    "sentence, old, new, expected",
    [
        (
            "A cosa si impegnano i sindacati nell'intesa di Sesto?",
            "i sindacati",
            "il Comune",
            "A cosa si impegna il Comune nell'intesa di Sesto?",
        ),
        (
            "Ogni quanto si riunisce la cabina di regia?",
            "la cabina di regia",
            "i tavoli",
            "Ogni quanto si riuniscono i tavoli?",
        ),
        ("Cosa fanno i sindacati?", "i sindacati", "il Comune", "Cosa fa il Comune?"),
        ("Quali impegni hanno i Comuni?", "i Comuni", "l'ATS", "Quali impegni ha l'ATS?"),
        ("Chi è il presidente?", "il presidente", "i componenti", "Chi sono i componenti?"),
        # "chi" is the subject: the phrase after the verb is its object, the verb stays
        ("Chi coordina la cabina di regia?", "la cabina di regia", "i tavoli", "Chi coordina i tavoli?"),
        # a word before the phrase that is no verb, a subject whose number no article tells
        ("Cosa prevede il piano per i giovani?", "i giovani", "la famiglia", "Cosa prevede il piano per la famiglia?"),
        ("Cosa fanno i sindacati?", "i sindacati", "CGIL", "Cosa fanno CGIL?"),
    ],
)
def test_the_verb_before_the_new_subject_takes_its_number(sentence, old, new, expected):
    assert replace_subject(sentence, old, new) == expected


def test_number_of_a_phrase_and_of_a_verb():
    assert plural("i sindacati") and plural("gli enti") and not plural("l'Assemblea") and not plural("il Comune")
    assert plural("CGIL") is None
    assert in_number("riuniscono", False) == "riunisce" and in_number("devono", False) == "deve"
    assert in_number("Coordina", True) == "Coordinano" and in_number("è", True) == "sono"
    assert in_number("piano", False) == "piano"  # ends like a verb, is not one
