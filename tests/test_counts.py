"""Counts and sums asked as people ask them: the words that ask for a sum in a compound tense,
money that is measured and not counted, and a count whose noun the document names otherwise
(made-up documents, hash embedder)."""

import pytest

from assistant.kinds import counted_noun, kinds_of
from tests.conftest import made_up_answerer

GAMMA = """# Piano di zona dell'Ambito di Gamma

Art. 1 Patrimonio abitativo

Il patrimonio abitativo pubblico dell'Ambito di Gamma consiste in 300 unità immobiliari, di cui 120 unità immobiliari dell'ALER.

Art. 2 Co-programmazione

Per preparare il piano è stata pubblicata una call rivolta agli ETS del territorio.
A tale call sono seguiti 3 momenti laboratoriali aperti a tutti.

Art. 3 Governance

Il Tavolo di Gamma è composto da tre rappresentanti dei Comuni e dal responsabile dell'Ufficio di Piano.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory):
    return made_up_answerer(tmp_path_factory.mktemp("counts"), {"gamma.md": GAMMA})


@pytest.mark.parametrize(
    "question",
    [
        "Quanto si è speso per il SIL nel bilancio 2021?",
        "Quanto è stato stanziato per la domiciliarità?",
        "Quanti ne sono stati spesi per il SAI?",
    ],
)
def test_a_sum_asked_in_a_compound_tense(question):
    assert kinds_of(question)[0].name == "amount"


@pytest.mark.parametrize("question", ["Quanti soldi sono previsti per la domiciliarità?", "Quante risorse stanzia?"])
def test_money_is_measured_not_counted(question):
    assert [k.name for k in kinds_of(question)] == ["amount"]
    assert counted_noun(question) is None
