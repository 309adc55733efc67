"""Counts and sums asked as people ask them: the words that ask for a sum in a compound tense,
money that is measured and not counted, and a count whose noun the document names otherwise
(made-up documents, hash embedder)."""

import pytest

from assistant.core.lexicon import stemmer
from assistant.counting import counted_noun, counts
from assistant.kinds import kinds_of
from tests.conftest import made_up_answerer

GAMMA = """# Piano di zona dell'Ambito di Gamma

Art. 1 Patrimonio abitativo

Il patrimonio abitativo pubblico dell'Ambito di Gamma consiste in 300 unità immobiliari, di cui 120 unità immobiliari dell'ALER.

Art. 2 Co-programmazione

Per preparare il piano è stata pubblicata una call rivolta agli ETS del territorio.
A tale call sono seguiti 3 momenti laboratoriali aperti a tutti.

Art. 3 Governance

Il Tavolo di Gamma è composto da tre rappresentanti dei Comuni e dal responsabile dell'Ufficio di Piano.

Art. 4 Popolazione

Al primo gennaio l'Ambito di Gamma conta una popolazione di 41.200 abitanti.
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


def test_a_count_whose_noun_the_document_names_otherwise(answerer):
    """ "Quante case …?" is answered by "120 unità immobiliari dell'ALER": the number's noun phrase
    holds a word of the question (ALER) though not the noun counted."""
    ans = answerer.answer("Quante case dell'Ambito di Gamma sono dell'ALER?")
    assert not ans.refused and "120 unità immobiliari dell'ALER" in ans.text


def test_a_count_in_a_sentence_that_points_back(answerer):
    """ "A tale call sono seguiti 3 momenti laboratoriali" is about the call the sentence before
    names (to the ETS), and "laboratoriali" is "laboratorio" derived."""
    ans = answerer.answer("Dopo la call agli ETS, quanti incontri di laboratorio ci sono stati a Gamma?")
    assert not ans.refused and "3 momenti laboratoriali" in ans.text


@pytest.mark.parametrize(
    "question",
    [
        "Quanti posti letto ha l'Ambito di Gamma?",  # no number of anything asked
        "Quanti operatori lavorano nel Tavolo di Gamma?",  # "tre rappresentanti" are not operators
    ],
)
def test_a_count_of_something_else_is_no_answer(answerer, question):
    ans = answerer.answer(question)
    assert ans.refused and "il numero richiesto" in ans.text


def test_people_are_counted_by_any_noun_of_people():
    """A document counts its people as "abitanti", "residenti", "cittadini": "quante persone …?"
    is counted by any of them, "quanti residenti …?" by the nouns of inhabitants, not by whom a
    service serves; and nothing else counts people."""
    stem = stemmer()
    assert counts("conta una popolazione di 41.200 abitanti", "persone", stem)
    assert counts("vi risiedono 9.387 cittadini stranieri", "residenti", stem)
    assert counts("il servizio ha seguito 120 utenti", "persone", stem)
    assert not counts("il servizio ha seguito 120 utenti", "residenti", stem)
    assert not counts("consiste in 300 unità immobiliari", "persone", stem)


def test_a_count_of_people_asked_with_another_noun(answerer):
    """ "Quanti residenti …?" was refused for the number: the act counts "abitanti"."""
    ans = answerer.answer("Quanti residenti ha l'Ambito di Gamma?")
    assert not ans.refused and "41.200 abitanti" in ans.text.split("\n")[0]
