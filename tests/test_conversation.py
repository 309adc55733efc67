"""Follow-up questions read in the context of the conversation, on the shipped corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.conversation import Conversation
from assistant.followup_phrases import subject
from assistant.service import Service
from assistant.storage.settings import Settings

SESTO = "sesto-san-giovanni-intesa-sindacati-2021.md"
MELZO = "melzo-accordo-di-programma-piano-di-zona-2021-2023.md"


@pytest.fixture(scope="module")
def answerer(corpus_store):
    return Service(Settings.resolve(corpus_store)).answerer


def talk(answerer, *questions):
    conversation = Conversation(answerer)
    return [conversation.ask(q) for q in questions]


def test_a_pronoun_stands_for_the_last_subject(answerer):
    first, second = talk(answerer, "Cos'è la cabina di regia?", "E chi la coordina?")
    assert first.understood_as == first.question
    assert second.understood_as == "Chi coordina la cabina di regia?"
    assert second.question == second.answer.question == "E chi la coordina?"
    assert "Coordinamento: ATS" in second.answer.text


def test_a_verb_without_its_subject_takes_the_last_one(answerer):
    *_, third = talk(answerer, "Chi fa parte dell'assemblea dei sindaci?", "e ogni quanto si riunisce?")
    assert third.understood_as == "Ogni quanto si riunisce l'assemblea dei sindaci?"
    assert "mensilmente" in third.answer.text


def test_another_place_keeps_the_question(answerer):
    melzo, sesto = talk(answerer, "Ogni quanto si riunisce l'assemblea dei sindaci di Melzo?", "e per Sesto?")
    assert melzo.sources == (MELZO,) and "mensilmente" in melzo.answer.text
    assert sesto.understood_as == "Ogni quanto si riunisce l'assemblea dei sindaci per Sesto?"
    assert sesto.sources == (SESTO,)
    assert "due volte l'anno" in sesto.answer.text
    assert all(c.passage.source == SESTO for c in sesto.answer.citations)


def test_another_place_leaves_the_last_places_document_behind(answerer):
    """ "nell'intesa di Sesto" then "e a Melzo?": Melzo has no intesa; the question asks at Melzo."""
    _, melzo = talk(answerer, "A cosa si impegnano i sindacati nell'intesa di Sesto?", "e a Melzo?")
    assert melzo.understood_as == "A cosa si impegnano i sindacati a Melzo?"
    assert melzo.sources == (MELZO,)
    # a document that is the subject stays: "Quando scade l'accordo di Melzo?" then "e per Sesto?"
    _, sesto = talk(answerer, "Quando scade l'accordo di Melzo?", "e per Sesto?")
    assert sesto.understood_as == "Quando scade l'accordo per Sesto?"


def test_a_bare_question_word_asks_about_the_last_question(answerer):
    _, when = talk(answerer, "Quali impegni hanno i Comuni?", "entro quando?")
    assert when.understood_as == "Quali impegni hanno i Comuni, ed entro quando?"  # a question that reads whole
    _, day = talk(answerer, "Chi firma l'avviso di Cernusco?", "e in che data?")
    assert day.understood_as == "Chi firma l'avviso di Cernusco, e in che data?"  # "ed" only before an "e"


def test_another_subject_keeps_the_question(answerer):
    *_, ats = talk(answerer, "Quali impegni hanno i Comuni?", "e l'ATS?")
    assert ats.understood_as == "Quali impegni ha l'ATS?"  # the verb agrees with the new subject
    assert "ATS" in ats.answer.text and not ats.answer.refused


def test_another_subject_after_a_preposition_takes_its_place(answerer):
    """ "Chi fa parte del Tavolo Tecnico di Melzo?" then "e l'Ufficio di Piano?": the subject is
    joined to "del"; it had been read as "Chi fa parte del Tavolo Tecnico di Melzo l'Ufficio di
    Piano?", both bodies glued, and then "e l'ATS?" as "… delATS?"."""
    *_, office, ats, asst = talk(
        answerer,
        "Chi coordina il Tavolo Tecnico di Melzo?",
        "e chi ne fa parte?",
        "e l'Ufficio di Piano?",
        "e l'ATS?",
        "e ASST?",
    )
    assert office.understood_as == "Chi fa parte dell'Ufficio di Piano?"
    assert ats.understood_as == "Chi fa parte dell'ATS?"
    assert asst.understood_as == "Chi fa parte di ASST?"
    assert office.sources == (MELZO,)  # the documents of the conversation stay
    _, cabina = talk(answerer, "Chi partecipa al Tavolo Tecnico?", "e la cabina di regia?")
    assert cabina.understood_as == "Chi partecipa alla cabina di regia?"


def test_a_demonstrative_stands_for_the_last_subject_without_its_complement(answerer):
    """ "e quelli dell'ATS?" after "Quali sono gli impegni dell'ASST …?" asks the ATS's commitments; it
    had been read as "Quali sono quelli dell'ATS …?". A pronoun that agrees with no such subject
    ("quella" after "Chi fa parte del Tavolo Tecnico?") asks the last question of its complement."""
    _, ats, towns = talk(
        answerer,
        "Quali sono gli impegni dell'ASST nell'accordo di Melzo?",
        "e quelli dell'ATS?",
        "e quelli dei Comuni?",
    )
    assert ats.understood_as == "Quali sono gli impegni dell'ATS nell'accordo di Melzo?"
    assert towns.understood_as == "Quali sono gli impegni dei Comuni nell'accordo di Melzo?"
    assert "ATS" in ats.answer.text.split("\n")[0] and ats.sources == (MELZO,)
    _, assembly = talk(answerer, "Chi fa parte del Tavolo Tecnico di Melzo?", "e quella dell'Assemblea dei Sindaci?")
    assert assembly.understood_as == "Chi fa parte dell'Assemblea dei Sindaci?"
    _, table = talk(
        answerer, "Qual è la composizione del Tavolo Tecnico di Melzo?", "e quella dell'Assemblea dei Sindaci?"
    )
    assert table.understood_as == "Qual è la composizione dell'Assemblea dei Sindaci?"


def test_che_with_a_noun_asks_of_the_last_subject(answerer):
    _, duties = talk(answerer, "Chi è il capofila dell'accordo di Melzo?", "che compiti ha?")
    assert duties.understood_as == "Che compiti ha il capofila dell'accordo di Melzo?"
    assert duties.sources == (MELZO,)


def test_a_question_the_last_document_speaks_of_goes_on_in_it(answerer):
    """A question of its own that names no document stays in the conversation's documents when
    they hold all its words ("temi", "trasversali" are in the intesa of Sesto); one they never speak
    of ("OMI", Melzo's) looks everywhere."""
    _, themes, omi = talk(
        answerer, "Quali sono gli assi dell'intesa di Sesto?", "quali sono i temi trasversali?", "Cosa vuol dire OMI?"
    )
    assert themes.sources == (SESTO,) and themes.understood_as == "quali sono i temi trasversali?"
    assert all(c.passage.source == SESTO for c in themes.answer.citations)
    assert omi.sources == () and not omi.answer.refused and "Orientamento, Mediazione" in omi.answer.text


def test_ne_stands_for_the_last_subject(answerer):
    _, members = talk(answerer, "Cos'è la cabina di regia?", "e chi ne fa parte?")
    assert members.understood_as == "Chi fa parte della cabina di regia?"


def test_a_complement_is_added_to_the_last_question_and_a_new_place_drops_the_old(answerer):
    *_, sesto, unions, who = talk(
        answerer,
        "Ogni quanto si riunisce l'assemblea dei sindaci di Melzo?",
        "e per Sesto?",
        "e con i sindacati?",
        "e chi la coordina?",
    )
    assert unions.understood_as == "Ogni quanto si riunisce l'assemblea dei sindaci per Sesto con i sindacati?"
    assert unions.sources == (SESTO,)
    assert "Melzo" not in who.understood_as  # the subject of the third turn, not of the first


def test_the_document_carries_over_to_a_follow_up(answerer):
    first, second = talk(answerer, "Quante volte si incontrano le parti nell'intesa di Sesto?", "e chi la firma?")
    assert first.sources == (SESTO,)
    assert second.sources == (SESTO,)
    assert all(c.passage.source == SESTO for c in second.answer.citations)


def test_a_follow_up_that_asks_a_question_of_its_own_is_not_glued_to_the_last(answerer):
    """ "e l'Assemblea dei Sindaci ogni quanto si riunisce?" names its subject and asks its own
    question: it had been read as "Chi coordina il Tavolo Tecnico di Melzo l'Assemblea dei Sindaci
    ogni quanto si riunisce?" and answered with the Assemblea's members."""
    _, assembly, sesto = talk(
        answerer,
        "Chi coordina il Tavolo Tecnico di Melzo?",
        "e l'Assemblea dei Sindaci ogni quanto si riunisce?",
        "e a Sesto?",
    )
    assert assembly.understood_as == "L'Assemblea dei Sindaci ogni quanto si riunisce?"
    assert assembly.sources == (MELZO,) and "mensilmente" in assembly.answer.text.split("\n")[0]
    assert sesto.understood_as == "L'Assemblea dei Sindaci ogni quanto si riunisce a Sesto?"
    assert sesto.sources == (SESTO,) and "due volte l'anno" in sesto.answer.text


def test_a_complement_of_the_same_kind_replaces_the_last_one_and_the_subject_stays(answerer):
    _, housing, signed = talk(
        answerer, "Cosa prevede l'intesa di Sesto sulla povertà?", "e sulla casa?", "chi la firma?"
    )
    assert housing.understood_as == "Cosa prevede l'intesa di Sesto sulla casa?"
    assert housing.sources == (SESTO,)
    assert signed.understood_as == "Chi firma l'intesa di Sesto?"  # the intesa, not "la casa"


def test_a_new_full_question_starts_afresh(answerer):
    _, fresh = talk(
        answerer, "Quante volte si incontrano le parti nell'intesa di Sesto?", "Chi coordina il Tavolo Tecnico?"
    )
    assert fresh.understood_as == fresh.question and fresh.sources == ()
    assert fresh.answer.citations[0].passage.source == MELZO
    assert "responsabile Ufficio di Piano o suo delegato" in fresh.answer.text


@pytest.mark.parametrize(
    "question, topic",
    [
        ("Cos'è la cabina di regia?", "la cabina di regia"),
        ("Quali impegni hanno i Comuni?", "i Comuni"),
        ("Cosa significa ATS?", "ATS"),
        ("Chi fa parte del Collegio di Vigilanza?", "il Collegio di Vigilanza"),
        ("Chi fa parte dell'assemblea dei sindaci?", "l'assemblea dei sindaci"),
        ("Chi la compone?", ""),
        ("L'Assemblea dei Sindaci ogni quanto si riunisce?", "l'Assemblea dei Sindaci"),
        ("Cosa prevede l'intesa di Sesto sulla povertà?", "l'intesa di Sesto"),
    ],
)
def test_subject_of_a_question(question, topic):
    assert subject(question) == topic


def test_pdz_ask_conversation_json(corpus_store):
    lines = "Cos'è la cabina di regia?\nE chi la coordina?\n"
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--conversation", "--json", "--store", str(corpus_store)],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    turns = [json.loads(line) for line in out.stdout.splitlines()]
    assert [t["question"] for t in turns] == ["Cos'è la cabina di regia?", "E chi la coordina?"]
    assert [t["understood_as"] for t in turns] == ["Cos'è la cabina di regia?", "Chi coordina la cabina di regia?"]
    assert {"answer", "refused", "citations", "leads"} <= set(turns[1])
    assert any("ATS" in c["quote"] for c in turns[1]["citations"])


def test_interactive_terminal_chat(corpus_store):
    """`pdz ask` with no question in a terminal: a conversation, ended by an empty line."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ask", "--store", str(corpus_store)],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(follower)
    os.write(leader, "Cos'è la cabina di regia?\nE chi la coordina?\n\n".encode())
    out, err = proc.communicate(timeout=120)
    os.close(leader)
    assert proc.returncode == 0, err
    assert "Fai una domanda sui documenti" in out and out.count("Domanda>") == 3
    assert "(inteso come: «Chi coordina la cabina di regia?»)" in out
    assert "Coordinamento: ATS" in out


def test_a_pronoun_stands_for_the_document_the_last_question_named(answerer):
    """ "Insieme per il lavoro" is the name of a protocol: "lo" is the protocol, not "il lavoro"."""
    _, second = talk(answerer, "A chi si rivolge Insieme per il lavoro?", "e chi lo finanzia?")
    assert second.understood_as == "Chi finanzia Insieme per il lavoro?"


def test_a_follow_up_naming_a_territory_by_its_number_moves_there(answerer):
    _, second = talk(answerer, "Ogni quanto si incontrano le parti a Sesto?", "e nel Distretto 4?")
    assert second.understood_as == "Ogni quanto si incontrano le parti nel Distretto 4?"
    assert second.sources == ("cernusco-avviso-coprogrammazione-2021.md",)
    _, back = talk(answerer, "Chi può partecipare all'avviso del Distretto 4?", "e a Sesto?")
    assert back.understood_as == "Chi può partecipare all'avviso a Sesto?"


def test_another_place_named_bare_or_by_a_pronoun_reads_as_a_question(answerer):
    _, melzo = talk(answerer, "Chi ha firmato l'intesa di Sesto?", "e quella di Melzo?")
    assert melzo.understood_as == "Chi ha firmato l'intesa di Melzo?" and melzo.sources == (MELZO,)
    _, bare = talk(answerer, "Ogni quanto si incontrano le parti a Sesto?", "e Melzo?")
    assert bare.understood_as == "Ogni quanto si incontrano le parti per Melzo?" and bare.sources == (MELZO,)


def test_a_question_of_its_own_opened_by_e_reads_without_it_on_the_last_documents(answerer):
    """ "e cosa prevede per il reddito di cittadinanza?" asks on: "Cosa prevede …?", well formed,
    on the documents of the turn before."""
    _, second = talk(
        answerer,
        "Chi coordina la cabina di regia del programma metropolitano?",
        "e cosa prevede per il reddito di cittadinanza?",
    )
    assert second.understood_as == "Cosa prevede per il reddito di cittadinanza?"
    assert second.sources == ("citta-metropolitana-milano-inclusione-attiva-2020.md",)


def test_a_question_whether_a_thing_is_is_a_question_of_its_own_in_the_last_documents(answerer):
    """ "e c'è una quota da pagare?" after a question on the avviso of Cernusco was glued to it ("dove si
    manda c'è una quota …?"); it asks on its own, in the avviso, which never speaks of a quota."""
    _, quota = talk(answerer, "Dove si manda l'adesione all'avviso di Cernusco?", "e c'è una quota da pagare?")
    assert quota.understood_as == "C'è una quota da pagare?"
    assert quota.answer.refused and "«quota»" in quota.answer.text
    _, later = talk(answerer, "Dove si manda l'adesione all'avviso di Cernusco?", "e si può aderire dopo?")
    assert later.understood_as == "Si può aderire dopo?" and not later.answer.refused
