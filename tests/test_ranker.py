"""The learned ranking (opt-in): question analysis, the ranker's file, its training and the
cross-validated evaluation, on made-up documents (hash embedder)."""

import json
import re
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from assistant.choose import Ranked
from assistant.core.errors import PdzError
from assistant.core.lexicon import stemmer
from assistant.features import FEATURES, holds_fact
from assistant.kinds import BY_NAME, cue_words, kinds_of, records_asked
from assistant.question import analyse_question, split_framing
from assistant.ranked import RankedAnswerer
from assistant.ranker import Ranker
from assistant.retrieve import Filters, Retriever
from assistant.training import collect, fit, states_gold
from tests.conftest import made_up_answerer, made_up_store
from tests.test_answer import ALFA, BETA, assert_grounded

LABELLED = [
    {
        "id": "a",
        "question": "Ogni quanto si incontrano le parti?",
        "gold_quote": "incontrarsi due volte l'anno",
        "key_facts": ["due volte l'anno"],
        "answerable": True,
    },
    {
        "id": "b",
        "question": "Fino a quando vale il protocollo di Alfa?",
        "gold_quote": "validità fino al 31 dicembre 2025",
        "key_facts": ["31 dicembre 2025"],
        "answerable": True,
    },
    {
        "id": "c",
        "question": "Entro quando si inviano le domande a Beta?",
        "gold_quote": "entro il 15 settembre 2024",
        "key_facts": ["15 settembre 2024"],
        "answerable": True,
    },
    {
        "id": "d",
        "question": "Chi coordina la Cabina di Regia?",
        "gold_quote": "il responsabile dell'Ufficio di Piano",
        "key_facts": ["ufficio di piano"],
        "answerable": True,
    },
    {
        "id": "e",
        "question": "Quanti operatori ha l'Ufficio di Piano di Beta?",
        "gold_quote": "conta 4 operatori",
        "key_facts": ["4 operatori"],
        "answerable": True,
    },
    {
        "id": "f",
        "question": "Qual è la ricetta della torta di mele?",
        "gold_quote": "",
        "key_facts": [],
        "answerable": False,
    },
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return made_up_store(tmp_path_factory.mktemp("ranked"), {"alfa.md": ALFA, "beta.md": BETA})


@pytest.fixture(scope="module")
def answerer(store):
    return RankedAnswerer(Retriever.open(store))


def test_a_refusal_names_the_fact_missing_only_when_no_statement_holds_it(store):
    """Refused on confidence alone (a threshold no answer reaches), "Entro quando va inviata la domanda
    per Beta?" does not say the date is missing: Beta's notice states one. Asked of how much, which
    no document states, the refusal names the sum."""
    strict = RankedAnswerer(Retriever.open(store))
    strict.ranker = strict.ranker.with_choices(refuse_below=1.01)
    held = strict.answer("Entro quando va inviata la domanda per Beta?")
    assert held.refused and "la data richiesta" not in held.text
    assert "un passaggio che risponda alla domanda" in held.text
    assert "l'importo richiesto" in strict.answer("Quanto costa partecipare all'avviso di Beta?").text


def test_framing_is_kept_apart_from_what_is_asked():
    framing, asked = split_framing("Da sindaco devo preparare la verifica: di cosa si discute negli incontri?")
    assert framing == "Da sindaco devo preparare la verifica" and asked.startswith("di cosa si discute")
    assert split_framing("ASAT: cos'è e chi ci siede?") == ("", "ASAT: cos'è e chi ci siede?")
    q = analyse_question("Come delegato SPI, ogni quanto si riuniscono le parti?")
    assert q.kind.name == "frequency" and "spi" in q.framing_words and "spi" not in q.words
    # without a comma, the framing ends at the words that ask
    framing, asked = split_framing("Come CGIL vorrei sapere se i sindacati siedono al tavolo metropolitano.")
    assert framing == "Come CGIL vorrei sapere" and asked.startswith("se i sindacati")


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Ogni quanto si incontrano?", "frequency"),
        ("Quanto mette la Regione per il 2022?", "amount"),
        ("Entro quando va inviata la domanda?", "date"),
        ("Qual è la data del primo incontro del tavolo?", "date"),  # the date named, not asked with "quando"
        ("Mi dici la data della firma?", "date"),
        ("In quale giorno si riunisce l'assemblea?", "date"),
        ("C'è una mail o un telefono?", "contact"),
        ("Dove si manda l'adesione?", "contact"),  # where a thing is sent: an address
        ("Dove dobbiamo inviare la domanda?", "contact"),
        ("Cosa vuol dire OMI?", "definition"),
        ("Quanti alloggi ci sono?", "count"),
        ("Quanto ha stanziato il Distretto per il bando?", "amount"),  # an auxiliary between
        ("Quanto ha messo il Comune per il servizio?", "amount"),  # irregular participles
        ("Quanto hanno speso gli enti l'anno scorso?", "amount"),
        ("Quanti sono presenti al tavolo?", "count"),  # "presenti" is no participle of "prendere"
        ("Chi è il responsabile? Mi serve nome e cognome", "person"),
        ("Quanto guadagna il responsabile dell'Ufficio di Piano?", "amount"),  # what a person earns
        ("Qual è lo stipendio del coordinatore?", "amount"),
        ("A quanto ammontano le risorse per la povertà?", "amount"),  # "a quanto" is no complement
        ("Quanto era il totale delle entrate del bilancio?", "amount"),  # the sum named after "quanto è"
        ("Quant'è la spesa per il servizio?", "amount"),
        ("A quanto costa il servizio?", "amount"),  # "quanto" after "a" still asks
        ("Quali sono gli obblighi dei Comuni?", "commitment"),  # obligations are commitments
    ],
)
def test_kind_of_fact_asked(question, kind):
    assert kinds_of(question)[0].name == kind


def test_per_quanto_riguarda_asks_no_amount():
    assert [k.name for k in kinds_of("Per quanto riguarda le spese, chi decide?")] == ["who"]


def test_when_a_body_meets_asks_a_recurrence(answerer):
    """ "Quando si incontrano?" is answered by "due volte l'anno", as "ogni quanto" is, not by the
    date of an act; "quando" with another verb asks a date."""
    assert [k.name for k in kinds_of("Quando si incontrano le parti del protocollo di Alfa?")] == ["frequency"]
    assert [k.name for k in kinds_of("Quando ci vediamo con il Comune?")] == ["frequency"]
    assert [k.name for k in kinds_of("Quando è stato firmato il protocollo?")] == ["date"]
    assert [k.name for k in kinds_of("Quando si sono incontrati l'ultima volta?")] == ["date"]
    ans = answerer.answer("Quando si incontrano le parti del protocollo di Alfa?")
    assert not ans.refused and "due volte l'anno" in ans.text.split("\n")[0]


def test_what_one_gains_without_a_sum_asks_no_amount():
    assert "amount" not in [k.name for k in kinds_of("Cosa ci guadagnano i sindacati dall'intesa?")]
    assert "amount" not in [k.name for k in kinds_of("In compenso, chi coordina il tavolo?")]


def test_the_name_of_a_fact_in_a_complement_does_not_ask_for_it():
    """ "Prima della scadenza" asks no date, "l'atto di indirizzo" no address; "la scadenza",
    "l'indirizzo email", "in che data", "a chi" still ask."""
    assert [k.name for k in kinds_of("Si può modificare l'accordo prima della scadenza?")] == ["yesno"]
    assert "contact" not in [k.name for k in kinds_of("Quando è stato approvato l'atto di indirizzo?")]
    assert "scadenza" not in cue_words("Dopo la scadenza si può aderire?")
    for question, kind in [
        ("Qual è la scadenza dell'avviso?", "date"),
        ("Qual è l'indirizzo email dell'Ufficio di Piano?", "contact"),
        ("In che data è stato firmato?", "date"),
        ("Qual è l'importo del bando?", "amount"),
        ("A chi si rivolge il servizio?", "who"),
    ]:
        assert kinds_of(question)[0].name == kind


def test_che_cosa_before_a_verb_asks_no_definition():
    """ "Che cosa mette a disposizione …?" asks what is given, not what something is."""
    assert "definition" not in [k.name for k in kinds_of("Il Comune che cosa mette a disposizione?")]
    assert "definition" not in [k.name for k in kinds_of("Che cosa si vuole mettere a sistema?")]
    for question in ("Che cos'è il Piano?", "Che cosa è l'ASAT?", "Che cosa sono le antenne sociali?"):
        assert kinds_of(question)[0].name == "definition"


def test_gold_labels_by_shared_trigrams():
    assert states_gold(
        "- costituire un tavolo permanente sulle politiche abitative;", "un tavolo permanente sulle politiche"
    )
    assert not states_gold(
        "promuovere la formazione congiunta degli operatori.", "un tavolo permanente sulle politiche"
    )


def test_ranker_file_round_trip_and_a_stale_file_is_an_italian_error(tmp_path):
    ranker = Ranker.untrained().with_choices(refuse_below=0.3)
    ranker.save(tmp_path / "r.json")
    assert Ranker.load(tmp_path / "r.json") == ranker
    data = json.loads((tmp_path / "r.json").read_text())
    data["features"] = data["features"][:-1]
    (tmp_path / "r.json").write_text(json.dumps(data))
    with pytest.raises(PdzError, match="rigenerarlo"):
        Ranker.load(tmp_path / "r.json")


def test_shipped_ranker_matches_the_features():
    assert Ranker.load().features == FEATURES


def test_fit_learns_from_labelled_questions(answerer):
    samples = collect(answerer, LABELLED)
    assert all(s.y.any() for s in samples if s.item["answerable"])  # the gold is among the candidates
    ranker = fit(samples, inner=2)
    assert len(ranker.weights) == len(FEATURES) and 0.0 <= ranker.refuse_below <= 1.0
    # fitted on these questions, the best candidate of each states its gold quote
    for s in samples:
        if s.item["answerable"]:
            assert s.y[int(np.argmax(ranker.score(s.X)))] == 1, s.item["question"]


def test_answer_opens_with_the_best_statement_and_carries_confidence(answerer):
    ans = answerer.answer("Ogni quanto si incontrano le parti per il monitoraggio?")
    assert not ans.refused and "due volte l'anno" in ans.text.split("\n")[0]
    assert 0.0 <= ans.confidence <= 1.0 and ans.to_json()["confidence"] == round(ans.confidence, 3)
    assert len(ans.text.split("\n")) <= 1 + 2 + 12  # best, two supporting, a list's items at most
    assert_grounded(ans)


def test_a_sum_asked_and_stated_nowhere_is_refused(answerer):
    ans = answerer.answer("Quanto costa l'iscrizione al tavolo permanente sulle politiche abitative?")
    assert ans.refused and "l'importo richiesto" in ans.text and ans.citations == []


def test_eval_cross_validated_through_the_cli(store, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in LABELLED * 2), encoding="utf-8")
    cmd = [sys.executable, "-m", "assistant.cli", "eval", str(path), "--store", str(store.store), "--no-recipe"]
    out = subprocess.run([*cmd, "--cv", "2", "--json"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["cross_validated"] == 2 and report["questions"] == 12
    assert all(r["confidence"] is not None for r in report["items"])
    # repeated over differently drawn folds: the means, and how far they range
    out = subprocess.run([*cmd, "--cv", "2", "--repeat", "2"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "ripetuta 2 volte con parti diverse" in out.stdout
    assert re.search(r"Citazioni corrette .*: [\d.]+ \(da [\d.]+ a [\d.]+\)", out.stdout)
    out = subprocess.run([*cmd, "--repeat", "2"], capture_output=True, text=True, timeout=300)
    assert out.returncode != 0 and "--repeat" in out.stderr and "Traceback" not in out.stderr


def test_the_knowledge_base_marks_the_statement_that_holds_the_field_asked(answerer):
    ranked = answerer.rank(answerer.analyse("Chi coordina la Cabina di Regia?"))
    col = FEATURES.index("kb_match")
    marked = [c.text for c, row in zip(ranked.candidates, ranked.features) if row[col] == 1]
    assert any("Coordinamento: il responsabile dell'Ufficio di Piano" in t for t in marked)
    assert all(row[col] == 0 for c, row in zip(ranked.candidates, ranked.features) if "Premessa" in c.passage.locator)


def test_a_bodys_field_is_marked_only_for_a_question_that_names_the_body(answerer):
    """The Cabina's composition answers "chi fa parte della Cabina di Regia?", not "chi fa parte
    delle organizzazioni sindacali?", which asks who as well but names no body of the knowledge base."""
    col = FEATURES.index("kb_match")

    def marked(question: str) -> list[str]:
        ranked = answerer.rank(answerer.analyse(question))
        return [c.text for c, row in zip(ranked.candidates, ranked.features) if row[col] == 1]

    assert any("Composizione: il Sindaco di Alfa" in t for t in marked("Chi fa parte della Cabina di Regia?"))
    assert not any("Composizione" in t for t in marked("Chi fa parte delle organizzazioni sindacali di Alfa?"))
    assert answerer.kb_index.body_named(["cabina", "regia"]) == "Cabina di Regia"
    assert answerer.kb_index.body_named(["organizzazioni", "sindacali"]) == ""


def test_a_name_the_best_passages_never_mention_is_measured(answerer):
    known = answerer.rank(answerer.analyse("Chi coordina la Cabina di Regia?"))
    unknown = answerer.rank(answerer.analyse("Chi coordina il Collegio di Vigilanza?"))
    assert known.names_missing == 0.0 and unknown.names_missing > 0.5


def test_dense_similarity_is_read_within_the_question_not_on_the_models_scale(answerer):
    ranked = answerer.rank(answerer.analyse("Ogni quanto si incontrano le parti?"))
    dense = ranked.features[:, FEATURES.index("passage_dense")]
    rank = ranked.features[:, FEATURES.index("passage_dense_rank")]
    assert dense.min() == 0.0 and dense.max() == 1.0  # the same for e5 (~0.8) and the hash embedder (~0.2)
    assert set(rank[dense == 1.0]) == {1.0}


def test_the_field_asked_of_a_named_body_opens_the_answer(answerer):
    ans = answerer.answer("Sono nuovo: chi coordina la Cabina di Regia?")
    first = ans.text.split("\n")[0]
    assert "Coordinamento: il responsabile dell'Ufficio di Piano" in first and ans.confidence == 1.0
    members = answerer.answer("Chi fa parte della Cabina di Regia?")
    assert "Composizione: il Sindaco di Alfa" in members.text.split("\n")[0]
    assert_grounded(ans)
    assert_grounded(members)


@pytest.mark.parametrize(
    "question",
    ["Sono nuova: cos'è la Cabina di Regia?", "A cosa serve la Cabina di Regia?", "Che ruolo ha la Cabina di Regia?"],
)
def test_what_a_named_body_is_opens_with_the_line_that_says_its_role(answerer, question):
    ans = answerer.answer(question)
    lines = ans.text.split("\n")
    assert lines[0].startswith("Cabina di Regia: organismo di indirizzo che garantisce il monitoraggio")
    assert not any("Art. 3 Governance" in line for line in lines)  # the unit's heading line says nothing
    assert ans.confidence == 1.0
    assert_grounded(ans)
    both = answerer.answer("Cos'è la Cabina di Regia e chi la coordina?")
    assert "organismo di indirizzo" in both.text.split("\n")[0] and "responsabile dell'Ufficio di Piano" in both.text


def test_a_body_named_without_the_field_asked_gives_way_to_one_that_has_it(answerer):
    from dataclasses import replace

    kb = answerer.kb
    (cabina,) = [b for b in kb.bodies() if b.name == "Cabina di Regia"]
    silent = replace(cabina, name="Cabina di Regia del Distretto", role="", source="beta.md")
    records = kb.records
    kb.records = replace(records, bodies=[silent, *records.bodies])
    try:
        assert kb.body_named(["cabina", "regia"]) is silent
        assert kb.body_named(["cabina", "regia"], having=["role"]) is cabina
    finally:
        kb.records = records


@pytest.mark.parametrize(
    "question, first",
    [
        (
            "Da sindaco: quali scadenze ci sono nel protocollo di Alfa?",
            "Il protocollo ha validità fino al 31 dicembre 2025.",
        ),
        (
            "Quali incontri periodici prevede il protocollo di Alfa?",
            "Le parti si impegnano a incontrarsi due volte l'anno",
        ),
        ("Quali scadenze ha l'avviso di Beta?", "Le domande vanno inviate entro il 15 settembre 2024"),
    ],
)
def test_a_documents_deadlines_or_meetings_are_listed_as_the_knowledge_base_read_them(answerer, question, first):
    ans = answerer.answer(question)
    assert ans.text.startswith(first) and ans.confidence == 1.0
    assert len(ans.citations) == 1  # that document's only deadline (or meeting): nothing else is added
    assert_grounded(ans)


def test_a_document_without_the_dates_asked_gets_no_empty_list(answerer):
    """Beta's notice has a deadline and no meeting: "quali incontri" lists nothing, and the answer
    says that the notice never speaks of meetings (Alfa's protocol does) rather than being empty."""
    q = answerer.analyse("Quali incontri prevede l'avviso di Beta?")
    assert answerer.lists.listed(q, Filters()) == []
    ans = answerer.answer(q.text)
    assert ans.refused and "che parli di «incontri»" in ans.text


def test_a_question_that_asks_more_of_the_meetings_is_left_to_the_ranking(answerer):
    q = answerer.analyse("Quali incontri con i sindacati prevede il protocollo di Alfa?")
    assert answerer.lists.dates_listed(q, "alfa.md", Filters()) == []


def test_a_topic_the_named_document_never_speaks_of_is_refused_by_name(tmp_path):
    """Alfa's protocol speaks of "politiche abitative", never of "casa", which Delta's act speaks
    of: asked of Alfa, the answer says so instead of offering Alfa's closest lines; a topic Alfa
    speaks of is answered, and a verb said otherwise ("aderisce") refuses nothing."""
    delta = (
        "# Atto del Comune di Delta\n\nIl Comune di Delta finanzia un fondo per la casa e per gli affitti.\n\n"
        "Il Comune paga la quota entro marzo.\n\nLa seduta di giunta approva il fondo.\n"
    )
    answerer = made_up_answerer(tmp_path, {"alfa.md": ALFA, "delta.md": delta})
    house = answerer.answer("Cosa prevede il protocollo di Alfa sulla casa?")
    assert house.refused and "del documento nominato che parli di «casa»" in house.text
    # the closest passages offered to check are the named document's, not Delta's line on the house
    assert house.leads and all(p.source == "alfa.md" for p in house.leads)
    poverty = answerer.answer("Cosa prevede il protocollo di Alfa sulla povertà?")
    assert not poverty.refused and "dati sulla povertà" in poverty.text
    assert answerer.absent.topic_absent(answerer.analyse("Come si aderisce al protocollo di Alfa?")) == []
    # the refusal names the nouns asked of, not the verbs around them
    assert answerer.absent.topic_absent(answerer.analyse("Cosa abbiamo ottenuto sulla casa ad Alfa?")) == ["casa"]
    # the word after "chi" is the verb asked ("chi paga", "chi firma"), not a topic
    assert answerer.absent.topic_absent(answerer.analyse("Chi paga il protocollo di Alfa?")) == []
    # elided prepositions are not topics: "nell'intesa" leaves no "nell" to look for
    assert "nell" not in analyse_question("Cosa si dice sulla casa nell'intesa di Alfa?").words
    # who is asked of (the unions Alfa's protocol names) and the kind asked ("impegni") say nothing
    # of the topic: the protocol naming its unions does not make it speak of the house
    unions = answerer.answer("Cosa chiedono i sindacati sulla casa ad Alfa?")
    assert unions.refused and "«casa»" in unions.text
    asked = answerer.absent.topic_absent(answerer.analyse("Ci sono impegni sulla casa nel protocollo di Alfa?"))
    assert asked == ["casa"]
    # a word that is no noun of the question (none after an article or a preposition) refuses nothing
    assert answerer.absent.topic_absent(answerer.analyse("Cosa finanzia il protocollo di Alfa?")) == []
    # an opening clause that says on what occasion it is asked is not what the protocol must speak
    # of (Delta's "seduta", never Alfa's): the words after it are
    occasion = answerer.analyse("Per la seduta di giunta, cosa dobbiamo sapere del protocollo di Alfa?")
    assert answerer.absent.topic_absent(occasion) == []
    house_then = answerer.analyse("Per la seduta di giunta, cosa prevede il protocollo di Alfa sulla casa?")
    assert answerer.absent.topic_absent(house_then) == ["casa"]


def test_what_no_document_speaks_of_is_refused_by_its_words(answerer):
    """Two words of what is asked that no passage holds, and most of its weight: the documents
    do not speak of it, and the refusal names them. One such word alone ("esattamente", a word
    spelled otherwise) refuses nothing, nor do the words that ask for a kind of fact ("nome e cognome")."""
    ans = answerer.answer("Come si coltivano i pomodori nell'orto?")  # "coltivano": a verb, not counted
    assert ans.refused and ans.citations == []
    assert "(«pomodori», «orto» non compaiono in nessun documento caricato)" in ans.text
    assert ans.leads  # the closest passages, to check by hand
    assert answerer.absent.store_absent(answerer.analyse("Ogni quanto si incontrano esattamente le parti?")) == []
    assert answerer.absent.store_absent(answerer.analyse("Ogni quanto si incontrano le partti?")) == []
    asked_by_name = answerer.analyse("Chi coordina la Cabina di Regia? Mi serve nome e cognome")
    assert answerer.absent.store_absent(asked_by_name) == []
    # money named as people do is the kind of fact asked, not its topic
    assert answerer.absent.store_absent(answerer.analyse("Ci sono soldi per la pallavolo?")) == []
    # the words of the question's kind of fact aside, two words no document holds still refuse
    assert answerer.absent.store_absent(answerer.analyse("Chi allena la squadra di pallavolo?")) == [
        "allena",
        "squadra",
        "pallavolo",
    ]


def test_a_body_is_named_by_the_head_of_its_name_not_by_any_word_of_it(answerer):
    assert answerer.kb.body_named(["coordina", "cabina", "regia"]).name.startswith("Cabina di Regia")
    assert answerer.kb.body_named(["coordina", "regia"]) is None  # one word of the name is not the body
    assert answerer.kb.body_named(["cabina", "regia"], ("beta.md",)) is None  # not in the documents named


def test_a_place_the_closest_passages_never_mention_is_refused_by_name(answerer):
    ans = answerer.answer("Ogni quanto si incontrano le parti del protocollo di Gamma?")
    assert ans.refused and "«Gamma»" in ans.text
    spelled = answerer.answer("Ogni quanto si incontrano le parti del protocollo di Alfaa?")
    assert not spelled.refused and "due volte l'anno" in spelled.text  # a name spelled differently is the same


def test_a_count_of_something_no_document_counts_is_refused(answerer):
    ans = answerer.answer("Quanti posti letto ha il Distretto di Beta?")
    assert ans.refused and "il numero richiesto" in ans.text
    counted = answerer.answer("Quanti operatori ha l'Ufficio di Piano di Beta?")
    assert not counted.refused and "4 operatori" in counted.text


def test_a_date_asked_in_a_year_no_statement_dates_is_refused(answerer):
    ans = answerer.answer("Entro quando si inviano le domande a Beta per il bando 2026?")
    assert ans.refused and "la data richiesta" in ans.text
    assert analyse_question("Quando scade il bando 2022 del piano 2021-2023?").years == ("2022",)


def test_each_fact_of_a_two_part_question_is_in_the_answer(answerer):
    ans = answerer.answer("Quanti operatori ha l'Ufficio di Piano di Beta ed entro quando si inviano le domande?")
    assert "4 operatori" in ans.text and "15 settembre 2024" in ans.text


def test_an_acronym_written_with_dots_is_one_word():
    from assistant.core.query import content_words

    assert content_words("Chi gestisce il servizio R.E.T.I. e la rete V.I.O.L.A?") == [
        "gestisce",
        "servizio",
        "reti",
        "rete",
        "viola",
    ]


def test_a_signature_abbreviated_f_to_is_read_as_signed(tmp_path):
    """ "f.to La Dirigente …" closes an act: it is where "chi firma l'avviso?" is answered."""
    from assistant.core.query import content_words

    assert content_words("F.to il Sindaco; f.ta la Dirigente") == ["firmato", "sindaco", "firmata", "dirigente"]
    avviso = (
        "# Avviso pubblico del Comune di Gamma\n\nArt. 1 Oggetto\n\nIl Comune avvia la co-programmazione.\n\n"
        "Art. 2 Responsabile\n\nLa responsabile del procedimento dell'avviso è la dott.ssa Bruna Neri.\n\n"
        "f.to La Dirigente del Settore Servizi sociali dott.ssa Anna Verdi\n"
    )
    answerer = made_up_answerer(tmp_path, {"gamma.md": avviso, "alfa.md": ALFA})
    ans = answerer.answer("Da chi è stato firmato l'avviso di Gamma?")
    assert not ans.refused and "Anna Verdi" in ans.text.split("\n")[0]


def test_too_few_questions_to_fit_is_an_italian_error(answerer, store, tmp_path):
    unanswerable = [item for item in LABELLED if not item["answerable"]]
    with pytest.raises(PdzError, match="Troppo poche domande"):
        fit(collect(answerer, unanswerable), inner=2)
    path = tmp_path / "poche.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in unanswerable), encoding="utf-8")
    trained = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.training",
            str(path),
            "--store",
            str(store.store),
            "--out",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert trained.returncode == 2 and "Errore: Troppo poche domande" in trained.stderr
    assert "Traceback" not in trained.stderr and not (tmp_path / "r.json").exists()


def test_more_folds_than_questions_is_an_italian_error(store, tmp_path):
    path = tmp_path / "due.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in LABELLED[:2]), encoding="utf-8")
    cmd = [sys.executable, "-m", "assistant.cli", "eval", str(path), "--store", str(store.store), "--no-recipe"]
    out = subprocess.run([*cmd, "--cv", "3"], capture_output=True, text=True, timeout=300)
    assert out.returncode != 0 and "--cv 3 chiede più parti delle domande del file (2)" in out.stderr
    assert "Traceback" not in out.stderr


def test_each_part_of_a_question_is_answered_by_its_own_best_statement(answerer):
    q = answerer.analyse("Che cosa regola il protocollo di Alfa? E chi coordina la Cabina di Regia?")
    ranked = answerer.rank(q)
    assert [p.question.asked for p in ranked.parts] == [
        "Che cosa regola il protocollo di Alfa",
        "E chi coordina la Cabina di Regia",
    ]
    ans = answerer.answer(q.text)
    assert "regola il confronto" in ans.text and "il responsabile dell'Ufficio di Piano" in ans.text
    assert_grounded(ans)


def test_modal_verbs_and_possessives_are_not_what_is_asked():
    q = analyse_question("Ogni quanto dobbiamo riunirci con i nostri sindacati? Possiamo invitare il mio assessore?")
    assert q.words == ("riunirci", "sindacati", "invitare", "assessore")
    # pronouns and auxiliaries neither: "a chi li indirizzo?" asks nothing of "li"
    assert analyse_question("A chi li indirizzo? Ho una mail? Lei sta nel tavolo?").words == (
        "indirizzo",
        "mail",
        "tavolo",
    )


def test_a_date_asked_with_a_verb_the_statement_paraphrases_is_answered(answerer):
    """ "Entro quando bisogna aderire …?": Beta's notice says "Le domande vanno inviate entro il
    15 settembre 2024", never "aderire"; the words that ask for the date ("entro quando") meet
    the date, and the question is answered rather than refused."""
    ans = answerer.answer("Entro quando bisogna aderire all'avviso di Beta?")
    assert not ans.refused and "15 settembre 2024" in ans.text.split("\n")[0]


def test_parts_split_at_an_interrogative_after_a_preposition():
    from assistant.core.query import split_parts

    assert split_parts("Da chi è gestito il servizio e fino a quando?") == [
        "Da chi è gestito il servizio",
        "fino a quando",
    ]
    assert split_parts("Chi fa da Direzione strategica e ogni quanto si riunisce?") == [
        "Chi fa da Direzione strategica",
        "ogni quanto si riunisce",
    ]
    assert split_parts("Chi firma e in che data?") == ["Chi firma", "in che data"]
    assert split_parts("Servizi per anziani e disabili?") == ["Servizi per anziani e disabili"]
    assert split_parts("Quanti e quali comuni ne fanno parte?") == ["Quanti e quali comuni ne fanno parte"]


def test_a_condition_before_the_question_does_not_set_the_kind_asked():
    """'Quando si coprogetta …, l'intesa tutela …?' asks yes or no, not a date."""
    assert "date" not in [
        k.name for k in kinds_of("Quando si coprogetta con le cooperative, l'intesa tutela i lavoratori?")
    ]
    assert kinds_of("Se aderiamo dopo la scadenza, quando possiamo partecipare?")[0].name == "date"
    # not a condition: the question itself, which asks when the Assemblea meets (a recurrence)
    assert kinds_of("Quando si riunisce l'Assemblea, e chi la presiede?")[0].name == "frequency"


def test_how_many_and_which_is_answered_by_the_names_listed(tmp_path):
    gamma = (
        "# Accordo dell'Ambito di Gamma\n\nArt. 1 Territorio\n\n"
        "L'Ambito di Gamma comprende i comuni di Arluno, Bareggio, Cornaredo, Sedriano e Vittuone.\n\n"
        "Art. 2 Durata\n\nL'accordo vale fino al 31 dicembre 2026.\n"
    )
    answerer = made_up_answerer(tmp_path, {"gamma.md": gamma, "alfa.md": ALFA})
    ans = answerer.answer("Quanti e quali comuni fanno parte dell'Ambito di Gamma?")
    assert not ans.refused and "Arluno, Bareggio" in ans.text
    assert answerer.answer("Quanti abitanti ha l'Ambito di Gamma?").refused  # no count, no names: nothing answers


def test_an_item_chosen_for_a_question_asking_which_ones_brings_its_whole_list(answerer):
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    text = (
        "Il percorso di co-programmazione si articolerà in:\n- a. una prima fase di ascolto dei bisogni,\n"
        "- b. una seconda fase di ideazione delle proposte,\n- c. una fase finale di scrittura del piano.\nAltro."
    )
    p = Passage(id="d1", source="delta.md", title="Delta", locator="Art. 1", heading="Art. 1", page=None, text=text)
    second = statements_of(p, 0)[2]
    assert second.text.startswith("- b.")
    alone = [s.text for s in answerer.chooser.with_lists([second])]
    assert alone == ["Il percorso di co-programmazione si articolerà in:", second.text]
    whole = [s.text[:5] for s in answerer.chooser.with_lists([second], whole=True)]
    assert whole == ["Il pe", "- a. ", "- b. ", "- c. "]


def test_a_supporting_line_that_opens_a_list_is_left_out_unless_the_question_asks_which_ones(answerer):
    """Under the answer, "… si articolerà in:" says nothing alone and its items answer another
    question: the ranking's answer leaves both out; a question that asks which ones gets them,
    and a lead that opens the answer keeps its list."""
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    text = (
        "Il percorso dura fino al 31 dicembre 2023.\nIl percorso di co-programmazione si articolerà in:\n"
        "- a. una prima fase di ascolto dei bisogni,\n- b. una seconda fase di ideazione delle proposte."
    )
    p = Passage(id="d2", source="delta.md", title="Delta", locator="Art. 1", heading="Art. 1", page=None, text=text)
    answer, lead = statements_of(p, 0)[:2]
    assert lead.text.endswith("in:")
    chooser = answerer.chooser
    assert [s.text for s in chooser.with_lists([answer, lead], supporting_lists=False)] == [answer.text]
    assert len(chooser.with_lists([answer, lead], whole=True, supporting_lists=False)) == 4
    assert len(chooser.with_lists([answer, lead])) == 4  # a record's lines, a card's: as they were read
    assert len(chooser.with_lists([lead, answer], supporting_lists=False)) == 4  # the list answers


def test_a_list_goes_on_past_its_items_long_sentences_and_a_page_break(answerer):
    """An item's line cut into sentences, or its words carried past a blank line, does not end the list."""
    from assistant.core.statements import Statement, statements_of
    from assistant.core.types import Passage

    long_item = "- Politiche per la casa: " + "si rafforzano gli interventi abitativi del territorio. " * 6
    text = (
        "Sono individuati i seguenti assi strategici:\n"
        f"{long_item}Obiettivi condivisi sono molti.\n"
        "- Politiche per la disabilità: si rafforzano i percorsi di autonomia delle\n\n"
        "persone con disabilità.\n"
        "- Reti territoriali e antenne sociali: un welfare di comunità.\n\n"
        "Le parti si incontrano due volte l'anno."
    )
    p = Passage(id="e1", source="e.md", title="E", locator="Allegato A", heading="Allegato A", page=None, text=text)
    lead = statements_of(p, 0)[0]
    items = [s.text for s in answerer.chooser._items_after(Statement(p, 0, lead.start, lead.end, 0.0))]
    assert [t[:12] for t in items if t.startswith("- ")] == ["- Politiche ", "- Politiche ", "- Reti terri"]
    assert not any("due volte" in t for t in items)


def test_the_place_check_reads_the_statements_of_the_documents_the_question_names(answerer):
    """When the ranker puts another document's statements first, the answer still opens with the
    named document's (they are near the top): the place check reads those, and does not refuse."""
    from dataclasses import replace

    q = answerer.analyse("Cosa prevede il protocollo di Alfa sulla co-programmazione con il terzo settore?")
    assert q.sources == ("alfa.md",)
    ranked = answerer.rank(q)
    others = [i for i, c in enumerate(ranked.candidates) if c.passage.source != "alfa.md"]
    named = [i for i, c in enumerate(ranked.candidates) if c.passage.source == "alfa.md"]
    assert len(others) >= 3 and named
    order = others + named  # the other document's statements first
    moved = replace(
        ranked,
        candidates=[ranked.candidates[i] for i in order],
        features=ranked.features[order],
        scores=ranked.scores[order],
    )
    assert answerer.absent.places_missing(q, moved) == []


def test_the_refusal_threshold_is_not_moved_by_the_refusals_for_a_missing_fact():
    """The threshold turns away FALSE_REFUSALS of the answerable questions; those already refused
    because no statement holds the fact asked are left aside, so that one more of them (a line
    lost on a rebuilt store) does not move it."""
    from assistant.training import FALSE_REFUSALS, _threshold

    n = 100
    confidences = np.linspace(0.01, 0.99, n)
    answerable = np.ones(n, dtype=bool)
    none_lacking = np.zeros(n, dtype=bool)
    share = int(FALSE_REFUSALS * n)
    threshold = _threshold(confidences, answerable, none_lacking)
    assert (confidences < threshold).sum() == share
    lacking = none_lacking.copy()
    lacking[[40, 41]] = True  # two answerable questions refused for a missing fact
    assert _threshold(confidences, answerable, lacking) == threshold


def test_a_line_that_repeats_a_title_is_known_as_such():
    from assistant.choose import is_title
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    text = "Atto di intesa tra i Sindaci e i sindacati del 25 ottobre 2021\nLe parti si incontrano due volte l'anno."
    p = Passage(
        id="t1",
        source="t.md",
        title="Atto di intesa tra i Sindaci e i sindacati del 25 ottobre 2021",
        locator="Premessa",
        heading="Premessa",
        page=None,
        text=text,
    )
    title, statement = statements_of(p, 0)
    assert is_title(title) and not is_title(statement)
    unit = Passage(
        id="t2",
        source="t.md",
        title="Accordo",
        locator="Art. 3 › Cabina di Regia",
        heading="Art. 3",
        page=None,
        text="Art. 3 Governance\nArt. 3 bis si applica alle parti firmatarie.\n3) Il protocollo Insieme per il lavoro, in cui la collaborazione è fondante.",
    )
    heading, sentence, numbered = statements_of(unit, 0)
    assert is_title(heading) and not is_title(sentence) and not is_title(numbered)


def test_a_fact_stated_of_another_body_is_not_the_fact_asked(answerer):
    """The parties meet twice a year; the Cabina di Regia's meetings are stated nowhere."""
    ans = answerer.answer("Ogni quanto si incontra la Cabina di Regia?")
    assert ans.refused and "la frequenza richiesta" in ans.text
    parties = answerer.answer("Ogni quanto si incontrano le parti del protocollo?")
    assert not parties.refused and "due volte l'anno" in parties.text


def test_the_words_that_ask_for_the_date_are_not_its_topic(answerer):
    """ "Quando scade il protocollo di Alfa?": the protocol says "validità fino al 31 dicembre
    2025" and never "scade"; the word that asks for a date need not be in the statement that
    holds it."""
    q = analyse_question("Quando scade il protocollo di Alfa?")
    assert q.kind.name == "date" and "scade" in q.cue_words and "scade" in q.words
    assert analyse_question("Qual è la scadenza del bando?").cue_words == {"scadenza"}
    assert analyse_question("Quali comuni fanno parte dell'ambito?").cue_words == frozenset()  # the topic stays
    ans = answerer.answer("Quando scade il protocollo di Alfa?")
    assert not ans.refused and "31 dicembre 2025" in ans.text
    # "vale" asks the validity's end with "fino a quando": the statement says "validità", not "vale"
    assert analyse_question("Fino a quando vale il protocollo?").cue_words >= {"fino", "vale"}
    for asked in ("Fino a quando vale il protocollo?", "Qual è la validità del protocollo di Alfa?"):
        valid = answerer.answer(asked)
        assert not valid.refused and "31 dicembre 2025" in valid.text.split("\n")[0]


@pytest.mark.parametrize(
    "question, wanted",
    [
        ("Quando scade il protocollo?", ("scadenze.scadenza", "scadenze.validità")),
        ("Fino a quando vale l'accordo?", ("scadenze.scadenza", "scadenze.validità")),
        ("Quando si riunisce l'assemblea?", ("scadenze.incontro", "scadenze.ricorrente")),
        ("In che data è stato firmato l'accordo?", ("scadenze.atto", "scadenze.data")),
        ("Quando parte il progetto?", BY_NAME["date"].records),  # no narrower kind of date: any
    ],
)
def test_the_date_asked_chooses_which_dates_of_the_knowledge_base_answer(question, wanted):
    """ "Quando scade l'accordo?" wants its end, not the date of a deliberation it cites."""
    assert records_asked(BY_NAME["date"], question) == wanted


def about_all(n: int) -> np.ndarray:
    """The features of `n` candidates that are all about the question (and nothing else set)."""
    features = np.zeros((n, len(FEATURES)))
    features[:, FEATURES.index("about")] = 1
    return features


def test_a_supporting_line_that_is_not_about_the_question_is_left_out(answerer):
    """Supporting lines close in score but sharing no word of the question's topic (with their
    headings) are noise under the answer: they are not shown; the ones about it are."""
    from assistant.candidates import Candidate
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    text = (
        "Il Tavolo per la casa si riunisce ogni tre mesi.\nIl Tavolo per la casa è coordinato dal Comune.\n"
        "La stazione ferroviaria è servita da treni ogni mezz'ora."
    )
    p = Passage(id="g7", source="gamma.md", title="Piano di Gamma", locator="Art. 7", heading="", page=None, text=text)
    meets, coordinated, trains = statements_of(p, 0)
    features = about_all(3)
    features[1, FEATURES.index("about")] = 0  # the trains, ranked second
    ranked = Ranked(
        question=analyse_question("Ogni quanto si riunisce il Tavolo per la casa di Gamma?"),
        candidates=[Candidate(s, 0, 0.03, 0.8, 1.0) for s in (meets, trains, coordinated)],
        features=features,
        scores=np.array([0.6, 0.5, 0.4]),
        unknown=0.0,
    )
    assert [s.text for s in answerer.chooser.choose(ranked, 0.0)] == [meets.text, coordinated.text]


def test_the_statement_that_holds_the_figure_asked_opens_the_answer(answerer):
    """ "Quante persone vivono nell'Ambito di Gamma?": a line on the people who live there, ranked
    first, states no number; the line that counts them, chosen too, opens the answer. A table's
    total row, a figure without its label ("\t3.477.959,67 €"), does not support an answer."""
    from assistant.candidates import Candidate
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    text = (
        "Si vuole creare prossimità tra le persone che vivono nei quartieri dell'Ambito di Gamma.\n"
        "L'Ambito di Gamma conta una popolazione di 41.200 abitanti.\n"
        "\t3.477.959,67 €\n"
        "Le persone che vivono da sole nell'Ambito di Gamma sono seguite dai servizi."
    )
    p = Passage(id="g4", source="gamma.md", title="Piano di Gamma", locator="Art. 4", heading="", page=None, text=text)
    near, counted, total, alone = statements_of(p, 0)
    features = about_all(4)
    features[1, FEATURES.index("fact")] = 1  # features.py marks the line that holds the count asked
    ranked = Ranked(
        question=analyse_question("Quante persone vivono nell'Ambito di Gamma?"),
        candidates=[Candidate(s, 0, 0.03, 0.8, 1.0) for s in (near, counted, total, alone)],
        features=features,
        scores=np.array([0.6, 0.5, 0.45, 0.4]),
        unknown=0.0,
    )
    assert [s.text for s in answerer.chooser.choose(ranked, 0.0)] == [counted.text, near.text, alone.text]
    # asked no figure, or asked more than the figure (each part's best answers it), the best line opens
    for asked in ("Chi vive nei quartieri dell'Ambito di Gamma?", "Chi vive a Gamma? E quante persone ci vivono?"):
        ranked = replace(ranked, question=analyse_question(asked))
        assert [s.text for s in answerer.chooser.choose(ranked, 0.0)][0] == near.text, asked


def test_a_signature_does_not_support_an_answer_unless_the_signers_are_asked(answerer):
    """A PDF puts the signing page under the last article ("Letto, confermato, datato e
    sottoscritto Per l'Università … Il Direttore Prof. …"): its words are under the article's
    heading, but it says nothing of the article's topic. Asked who signed, it answers."""
    from assistant.candidates import Candidate
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    text = (
        "Le funzioni di vigilanza sull'esecuzione dell'Accordo sono affidate all'Assemblea dei Sindaci.\n"
        "La vigilanza riferisce ogni anno all'Assemblea.\n"
        "Data protocollo Letto, confermato, datato e sottoscritto Per l'Università di Gamma Il Direttore Prof. Rossi"
    )
    p = Passage(
        id="g16",
        source="gamma.pdf",
        title="Accordo di Gamma",
        locator="Art. 16 – Collegio di Vigilanza",
        heading="",
        page=9,
        text=text,
    )
    duty, yearly, signing = statements_of(p, 0)

    def chosen(question: str) -> list[str]:
        ranked = Ranked(
            question=analyse_question(question),
            candidates=[Candidate(s, 0, 0.03, 0.8, 1.0) for s in (duty, signing, yearly)],
            features=about_all(3),
            scores=np.array([0.6, 0.5, 0.4]),
            unknown=0.0,
        )
        return [s.text for s in answerer.chooser.choose(ranked, 0.0)]

    assert chosen("Chi vigila sull'esecuzione dell'accordo di Gamma?") == [duty.text, yearly.text]
    assert signing.text in chosen("Chi ha firmato l'accordo di Gamma e chi vigila?")

    # nor under a record of the knowledge base (a body's role), from the same passage
    def around(question: str) -> list[str]:
        ranked = Ranked(
            question=analyse_question(question),
            candidates=[Candidate(s, 0, 0.03, 0.8, 1.0) for s in (signing, yearly)],
            features=about_all(2),
            scores=np.array([0.5, 0.4]),
            unknown=0.0,
        )
        return [s.text for s in answerer.chooser.with_context([duty], ranked, 0.0)]

    assert around("Cosa fa il Collegio di Vigilanza di Gamma?") == [duty.text, yearly.text]
    assert signing.text in around("Chi ha firmato l'accordo di Gamma?")


def test_when_a_units_heading_ranks_first_the_unit_answers(answerer):
    """A PDF keeps a unit's heading as a line of its text: when that line ranks first, the unit's
    own statement leads the answer, not the next best line of another unit."""
    from assistant.candidates import Candidate
    from assistant.choose import is_title
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    def passage(pid: str, locator: str, text: str) -> Passage:
        return Passage(
            id=pid, source="gamma.pdf", title="Accordo di Gamma", locator=locator, heading="", page=3, text=text
        )

    unit = passage(
        "g16",
        "Art. 16 – Collegio di Vigilanza",
        "Art.16 Collegio di Vigilanza\nLe funzioni di vigilanza sono affidate all'Assemblea dei Sindaci.",
    )
    other = passage(
        "g4", "Sezione 4 – Il contesto", "I comuni di Alfa, Beta, Delta ed Epsilon sono serviti dalla ferrovia."
    )
    heading, inside = statements_of(unit, 0)
    (elsewhere,) = statements_of(other, 1)
    assert is_title(heading) and not is_title(inside)
    cands = [Candidate(s, s.rank, 0.03, 0.8, 1.0) for s in (heading, elsewhere, inside)]  # as the ranker put them
    ranked = Ranked(
        question=analyse_question("Il Collegio di Vigilanza di Gamma chi lo presiede?"),
        candidates=cands,
        features=about_all(3),
        scores=np.array([0.55, 0.11, 0.08]),
        unknown=0.0,
    )
    chosen = answerer.chooser.choose(ranked, 0.0)
    assert [s.text for s in chosen][:2] == [inside.text, elsewhere.text]


def test_an_answer_that_opens_by_pointing_back_brings_the_sentence_it_points_to(answerer):
    """ "Questi due comuni sono …" does not say which: the sentence before it, in the same
    paragraph, opens the answer with it. A supporting line stays as it is; a sentence of another
    paragraph, or one too long to read first, is not brought."""
    from assistant.alone import BROUGHT_CHARS
    from assistant.candidates import Candidate
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    before = (
        "La popolazione dell'Ambito di Gamma risiede per quasi la metà nei due comuni più grandi, Arluno e "
        "Bareggio, che ospitano ciascuno più del 20% degli abitanti, con una crescita contenuta negli ultimi anni."
    )
    pointing = "Questi due comuni sono gli unici dell'ambito classificati come comuni ad Alta Tensione Abitativa (ATA)."
    text = f"{before} {pointing}\nQuesti dati vengono aggiornati ogni anno dall'Ufficio di Piano, che li pubblica."
    p = Passage(
        id="g4", source="gamma.md", title="Piano di Gamma", locator="Sezione 4", heading="", page=None, text=text
    )
    first, second, third = statements_of(p, 0)
    assert second.text == pointing
    cands = [Candidate(s, s.rank, 0.03, 0.8, 1.0) for s in (second, third, first)]

    def chosen_for(order):
        ranked = Ranked(
            question=analyse_question("Quali comuni di Gamma sono ad alta tensione abitativa?"),
            candidates=[cands[i] for i in order],
            features=about_all(3),
            scores=np.array([0.6, 0.3, 0.2]),
            unknown=0.0,
        )
        return [s.text for s in answerer.chooser.choose(ranked, 0.0)]

    opening, *rest = chosen_for([0, 1, 2])
    assert opening == f"{before} {pointing}" and "Arluno e Bareggio" in opening
    assert third.text in rest  # its "Questi dati" points to a sentence of another line: it stays alone
    # the line of another paragraph is not brought before the one that opens by pointing back
    assert chosen_for([1, 0, 2])[0] == third.text
    long_before = (
        before[:-1] + ", mentre gli altri comuni dell'ambito" + " restano sotto i diecimila abitanti" * 4 + "."
    )
    assert len(long_before) > BROUGHT_CHARS
    p = Passage(
        id="g5",
        source="gamma.md",
        title="Piano di Gamma",
        locator="Sezione 4",
        heading="",
        page=None,
        text=f"{long_before} {pointing}",
    )
    _, alone = statements_of(p, 0)
    ranked = Ranked(
        analyse_question("Quali comuni sono ATA?"),
        [Candidate(alone, 0, 0.03, 0.8, 1.0)],
        np.zeros((1, len(FEATURES))),
        np.array([0.6]),
        0.0,
    )
    assert [s.text for s in answerer.chooser.choose(ranked, 0.0)] == [pointing]


def test_a_verb_and_its_noun_whose_stems_differ_by_the_last_letter_are_one_word(answerer):
    """ "verificare" stems to "verifi" (capped), "verifica" to "verif": the statement that says
    "la verifica" shares the word of "chi deve verificare …?"."""
    from assistant.candidates import Candidate
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage
    from assistant.features import featurize

    stem = answerer.stats.stem
    assert (stem("verificare"), stem("verifica"), stem("modificare"), stem("modifiche")) == (
        "verifi",
        "verif",
        "modifi",
        "modif",
    )
    text = "La verifica dei risultati spetta al Tavolo Tecnico.\nLe modifiche sono approvate dall'Assemblea."
    p = Passage(id="g1", source="gamma.md", title="Piano di Gamma", locator="Art. 4", heading="", page=None, text=text)
    cands = [Candidate(s, 0, 0.03, 0.8, 1.0) for s in statements_of(p, 0)]
    rows = featurize(analyse_question("Chi deve verificare i risultati?"), cands, answerer.stats)
    overlap = rows[:, FEATURES.index("overlap")]
    assert overlap[0] == 1.0 and overlap[1] == 0.0
    rows = featurize(analyse_question("Chi può modificare il piano?"), cands, answerer.stats)
    assert rows[1, FEATURES.index("overlap")] > 0 and rows[0, FEATURES.index("overlap")] == 0


def test_a_line_cut_before_its_end_goes_on_in_the_next_one(answerer):
    """A conversion broke "… insieme agli Ambiti di Beta e\\n- di Gamma (capofila …)": the answer
    reads the line whole, on one line, and its quote stays the document's words; a supporting
    line too (the sentence a line points back to comes only with the opening one)."""
    from assistant.answer import compose
    from assistant.candidates import Candidate
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    text = (
        "3. Progetto ALFA Ambito di Arluno, insieme agli Ambiti di Beta e\n"
        "- di Gamma (capofila inizialmente Azienda Sole, poi sostituita dal Consorzio Delta)\n"
        "4. Progetto OMEGA Ambito di Rho\n"
    )
    p = Passage(id="c1", source="c.md", title="Programma", locator="Progetti", heading="", page=None, text=text)
    cut, rest, other = statements_of(p, 0)
    ranked = Ranked(
        question=analyse_question("Chi è il capofila del progetto ALFA?"),
        candidates=[Candidate(s, 0, 0.03, 0.8, 1.0) for s in (cut, other)],
        features=about_all(2),
        scores=np.array([0.6, 0.1]),
        unknown=0.0,
    )
    chosen = answerer.chooser.choose(ranked, 0.0)
    assert chosen[0].text == f"{cut.text}\n{rest.text}" and chosen[1].text == other.text
    ans = compose("Chi è il capofila del progetto ALFA?", chosen, [])
    assert ans.text.split("\n")[0].endswith(
        "Beta e di Gamma (capofila inizialmente Azienda Sole, poi sostituita dal Consorzio Delta) [1]"
    )
    assert ans.citations[0].quote in text
    # a line that ends a sentence does not take the next; a supporting line cut short goes on too
    ranked = Ranked(ranked.question, ranked.candidates[::-1], ranked.features, ranked.scores, 0.0)
    assert [s.text for s in answerer.chooser.choose(ranked, 0.0)] == [other.text, f"{cut.text}\n{rest.text}"]


def test_when_a_document_ends_is_answered_by_its_validity_as_the_knowledge_base_read_it(tmp_path):
    """ "Da sindaco, quando scade l'accordo di Gamma?" asks the accordo's own end: the line where
    the knowledge base read its validity, not a line with another date on the sindaci; a question
    that asks more ("entro quando si aderisce …?") is left to the ranking."""
    gamma = (
        "# Accordo di programma dell'Ambito di Gamma\n\n"
        "Art. 1 Premessa\n\nI Sindaci dell'Ambito di Gamma hanno approvato il Piano di Zona il 3 marzo 2021.\n\n"
        "Art. 2 Adesioni\n\nI soggetti del terzo settore possono manifestare interesse entro il 30 aprile 2021.\n\n"
        "Art. 9 Durata\n\nIl presente Accordo ha validità fino al 31 dicembre 2026.\n"
    )
    answerer = made_up_answerer(tmp_path, {"gamma.md": gamma, "alfa.md": ALFA})
    for asked in ("Da sindaco, quando scade l'accordo di Gamma?", "Quanto dura l'accordo di Gamma?"):
        ans = answerer.answer(asked)
        assert ans.text.split("\n")[0].startswith("Il presente Accordo ha validità fino al 31 dicembre 2026"), asked
        assert ans.confidence == 1.0  # from the knowledge base
    assert answerer.answer("Entro quando si aderisce all'accordo di Gamma?").confidence != 1.0


GAMMA_NOTES = """# Piano di Gamma

## Art. 1 Approvazione

Il Piano di Gamma¹ è adottato dall'Assemblea dei Sindaci, come previsto dalla legge regionale².

## Art. 2 Durata

Il Piano vale fino al 31 dicembre 2025.

Il Piano è aggiornato ogni anno³.

¹ Approvato dall'Assemblea dei Sindaci nella seduta del 3 marzo 2020. Il verbale è pubblicato.
² Legge regionale n. 3 del 2008
"""


def test_a_footnote_called_by_a_chosen_statement_follows_it(tmp_path):
    """ "Gamma¹": the note the mark calls (its date, its act) is shown after the statement, from
    wherever the document put it, its first sentence only; a mark of a note the document lacks
    brings nothing."""
    from assistant.core.statements import statements_of

    answerer = made_up_answerer(tmp_path, {"gamma.md": GAMMA_NOTES, "alfa.md": ALFA})
    passage = next(p for p in answerer.retriever.passages_of("gamma.md") if "Gamma¹" in p.text)
    (adopted,) = [s for s in statements_of(passage, 0) if "Gamma¹" in s.text]
    lines = [s.text for s in answerer.chooser.with_lists([adopted])]
    assert lines == [
        adopted.text,
        "¹ Approvato dall'Assemblea dei Sindaci nella seduta del 3 marzo 2020.",
        "² Legge regionale n. 3 del 2008",
    ]
    (lasting,) = [
        s for p in answerer.retriever.passages_of("gamma.md") for s in statements_of(p, 0) if "2025" in s.text
    ]
    assert [s.text for s in answerer.chooser.with_lists([lasting])] == [lasting.text]
    # "³" calls a note the document does not have: the statement stays alone
    (updated,) = [s for p in answerer.retriever.passages_of("gamma.md") for s in statements_of(p, 0) if "³" in s.text]
    assert [s.text for s in answerer.chooser.with_lists([updated])] == [updated.text]


def test_a_statement_whose_footnote_states_the_fact_asked_holds_it(tmp_path):
    """ "Quando è stato approvato il Piano di Gamma?": "Il Piano di Gamma¹ è adottato …" states no
    date, its note "¹ Approvato … del 3 marzo 2020" does; the statement holds the date asked (and
    the note's words are about it), a statement without a note holds only its own."""
    answerer = made_up_answerer(tmp_path, {"gamma.md": GAMMA_NOTES, "alfa.md": ALFA})
    ranked = answerer.rank(answerer.analyse("Quando è stato approvato il Piano di Gamma?"))
    fact = {c.text[:24]: row[FEATURES.index("fact")] for c, row in zip(ranked.candidates, ranked.features)}
    notes = {c.text[:24]: c.footnotes for c in ranked.candidates}
    assert notes["Il Piano di Gamma¹ è ado"].startswith("¹ Approvato dall'Assemblea dei Sindaci")
    assert fact["Il Piano di Gamma¹ è ado"] == 1.0
    assert notes["Il Piano è aggiornato og"] == "" and fact["Il Piano è aggiornato og"] == 0.0


def test_a_sentence_a_list_follows_brings_it_when_the_question_asks_which_ones(tmp_path):
    """ "… sono stati individuati tre progetti." and then "1. …", "2. …": for "quali sono i
    progetti?" the list comes with the sentence; for another question the sentence stays alone."""
    from assistant.core.statements import statements_of

    text = (
        "# Programma di Gamma\n\n## Progetti\n\nNel Programma di Gamma sono stati individuati tre progetti.\n\n"
        "1. Progetto Alfa, capofila il Comune di Gamma;\n2. Progetto Beta, capofila la Cooperativa Sole;\n"
        "3. Progetto Delta, capofila l'Azienda Speciale.\n\nI progetti durano due anni.\n"
    )
    answerer = made_up_answerer(tmp_path, {"gamma.md": text, "alfa.md": ALFA})
    (sentence,) = [
        s for p in answerer.retriever.passages_of("gamma.md") for s in statements_of(p, 0) if "individuati" in s.text
    ]
    listed = [s.text for s in answerer.chooser.with_lists([sentence], whole=True)]
    assert listed[0] == sentence.text and len(listed) == 4
    assert [t.split(",")[0].lstrip("- ") for t in listed[1:]] == [
        "1. Progetto Alfa",
        "2. Progetto Beta",
        "3. Progetto Delta",
    ]
    assert [s.text for s in answerer.chooser.with_lists([sentence])] == [sentence.text]


def test_a_question_that_asks_which_ones_gets_a_long_list_whole(tmp_path):
    """Eight projects of some 170 characters each run past an answer's usual length: asked
    "quali sono", every one is shown."""
    items = "\n".join(
        f"- Progetto {name}: percorsi di inclusione attiva per persone in condizione di vulnerabilità, con "
        f"tirocini, orientamento e accompagnamento al lavoro nei comuni del distretto di Gamma;"
        for name in ("Alfa", "Beta", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota")
    )
    text = f"# Programma di Gamma\n\n## Art. 2 Progetti\n\nI progetti del Programma di Gamma sono:\n\n{items}\n"
    answerer = made_up_answerer(tmp_path, {"gamma.md": text, "alfa.md": ALFA})
    ans = answerer.answer("Quali sono i progetti del Programma di Gamma?")
    assert len(ans.text) > 1200
    assert all(f"Progetto {name}:" in ans.text for name in ("Alfa", "Delta", "Theta", "Iota"))


def test_a_fact_one_part_asks_and_no_document_states_leaves_the_other_part_answered(tmp_path):
    """Gamma's act says that the Comune shares its data, never since when: "… condivide i dati?
    Da quando?" is answered from the line that says it, with a note that the date is not
    stated; asked of the date alone, it is refused for the date."""
    gamma = (
        "# Atto del Comune di Gamma\n\nIl Comune di Gamma condivide con le organizzazioni sindacali i dati "
        "sulla povertà raccolti dai servizi sociali.\n\nLe parti promuovono la formazione congiunta degli operatori.\n"
    )
    answerer = made_up_answerer(tmp_path, {"gamma.md": gamma})
    two = answerer.answer("Il Comune di Gamma condivide i dati sulla povertà con i sindacati? Da quando?")
    assert not two.refused and "condivide con le organizzazioni sindacali i dati" in two.text
    assert two.note == "I passaggi citati non indicano la data richiesta."
    assert_grounded(two)
    one = answerer.answer("Da quando il Comune di Gamma condivide i dati sulla povertà?")
    assert one.refused and "la data richiesta" in one.text
    # every part asks a fact: the date missing is missing for the question
    assert analyse_question("Chi firma il protocollo e in che data?").open_part is False
    assert analyse_question("Il Comune condivide i dati? Da quando?").open_part is True
    assert analyse_question("Da quando il Comune condivide i dati?").open_part is False


def test_a_noun_in_ta_and_one_after_non_are_topics_a_named_document_may_lack(tmp_path):
    """Folded, "priorità" ends as a participle does ("finita"), and "sulla non autosufficienza"
    puts "non" after the preposition: neither hid the topic. Delta speaks of the elderly who are
    not self-sufficient, Alfa's protocol never does: asked of Alfa, the refusal names the words
    as the question wrote them."""
    from assistant.core.lexicon import complements, verb_like

    delta = (
        "# Atto del Comune di Delta\n\nLa priorità del Comune di Delta è la non autosufficienza degli anziani.\n\n"
        "Il Comune finanzia i servizi domiciliari.\n"
    )
    answerer = made_up_answerer(tmp_path, {"alfa.md": ALFA, "delta.md": delta})
    ans = answerer.answer("Quali sono le priorità del protocollo di Alfa sulla non autosufficienza?")
    assert ans.refused and "che parli di «priorità», «autosufficienza»" in ans.text
    # the verb that asks is not named as a topic the document lacks
    asks = answerer.answer("Come sindacato, cosa chiede il protocollo di Alfa sulla non autosufficienza?")
    assert asks.refused and "che parli di «autosufficienza»." in asks.text
    assert "autosufficienza" in complements("cosa prevede sulla non autosufficienza")
    assert not verb_like("priorita", "le priorità") and verb_like("firmato", "chi ha firmato")
    assert verb_like("priorita", "le priorita")  # without its accent, it may be a participle


def test_a_field_asked_of_a_body_and_given_only_of_another_is_refused_by_name(tmp_path):
    """The knowledge base knows the Ufficio di Piano without its members and the Cabina with
    them: asked who is in the Ufficio di Piano, the Cabina's members do not answer; asked of the
    Cabina, they do."""
    epsilon = (
        "# Protocollo del Comune di Epsilon\n\nArt. 3 Governance\n\n"
        "- **Cabina di Regia:** organismo di indirizzo che garantisce il monitoraggio del protocollo.\n"
        "  - Composizione: il Sindaco di Epsilon, i responsabili dell'Ufficio di Piano e tre rappresentanti sindacali\n"
        "- **Ufficio di Piano:** struttura tecnica di supporto alla programmazione sociale del Comune.\n"
    )
    answerer = made_up_answerer(tmp_path, {"epsilon.md": epsilon})
    office = answerer.answer("Chi fa parte dell'Ufficio di Piano?")
    assert office.refused and "la composizione dell'Ufficio di Piano" in office.text
    cabina = answerer.answer("Chi fa parte della Cabina di Regia?")
    assert not cabina.refused and "tre rappresentanti sindacali" in cabina.text


def test_the_parties_named_after_tra_answer_who_is_behind_an_agreement(tmp_path):
    """A document that recalls a protocol "tra Comune di Vela, Città metropolitana e Diocesi di
    Vela" names its parties there: "chi sono i firmatari del protocollo?" opens with that line, not
    with the lines that speak of the protocol without them."""
    text = (
        "# Indirizzi per la collaborazione con il Protocollo «Lavoro Insieme»\n\nComune di Vela\n\n"
        "Art. 1 Il protocollo\n\nIl protocollo Lavoro Insieme prevede un board di imprese del territorio.\n\n"
        "Il protocollo Lavoro Insieme, tra Comune di Vela, Città metropolitana e Diocesi di Vela, rappresenta "
        "una esperienza innovativa.\n\n"
        "Art. 2 Premessa\n\nIl protocollo Lavoro Insieme è una esperienza innovativa per il territorio.\n"
    )
    answerer = made_up_answerer(tmp_path, {"vela.md": text, "alfa.md": ALFA})
    ans = answerer.answer("Chi sono i firmatari del protocollo Lavoro Insieme?")
    assert not ans.refused and "tra Comune di Vela, Città metropolitana e Diocesi di Vela" in ans.text.split("\n")[0]
    assert_grounded(ans)
    # a run of the parties' names, as a list of names is, for a question that asks who
    ranked = answerer.rank(answerer.analyse("Chi sono i firmatari del protocollo Lavoro Insieme?"))
    named = {c.text[:30]: row[FEATURES.index("enumeration")] for c, row in zip(ranked.candidates, ranked.features)}
    assert named["Il protocollo Lavoro Insieme, "] == 1.0 and named["Il protocollo Lavoro Insieme p"] == 0.0


def test_a_deadline_asked_is_not_answered_by_the_day_of_an_act():
    """ "Entro quando … deve approvare il bilancio …?" was answered with the intesa's title, "Atto di intesa
    … del 25 ottobre 2021": a day, but the act's own. A deadline asked is held by a day the words of a
    deadline lead to; a day asked otherwise ("in che data …?") by any day."""
    stem = stemmer()
    deadline = analyse_question("Entro quando il Comune deve approvare il bilancio?")
    date = next(k for k in deadline.kinds if k.name == "date")
    assert not holds_fact(date, "Atto di intesa tra il Comune e i sindacati del 25 ottobre 2021", deadline, stem)
    for asked in ("Entro quale data il Comune approva il bilancio?", "Entro che giorno si approva il bilancio?"):
        other = analyse_question(asked)
        assert not holds_fact(date, "Atto di intesa tra il Comune e i sindacati del 25 ottobre 2021", other, stem)
        assert holds_fact(date, "Il bilancio è approvato entro il 30 aprile 2022.", other, stem)
    assert holds_fact(date, "Il bilancio è approvato entro il 30 aprile 2022.", deadline, stem)
    assert holds_fact(date, "Le domande vanno inviate entro e non oltre il giorno 29 luglio 2021.", deadline, stem)
    assert holds_fact(date, "La scadenza è fissata al 30 settembre 2022.", deadline, stem)
    signed = analyse_question("In che data è stato firmato l'atto di intesa?")
    assert holds_fact(date, "Atto di intesa tra il Comune e i sindacati del 25 ottobre 2021", signed, stem)


def test_a_thing_asked_whether_it_exists_that_the_named_document_never_names_is_refused(tmp_path):
    """ "C'è una quota di iscrizione per le imprese dell'Albo di Varenna?": the protocol speaks of the
    Albo and its imprese, never of a quota or an iscrizione; it does not say one exists, and the
    refusal names them. A thing it names ("C'è un Albo …?"), and a question asking what or how many
    ("Cosa prevede …?"), are answered."""
    albo = (
        "# Protocollo per il lavoro della Città metropolitana di Varenna\n\n"
        "Art. 1 Albo\n\nLa Città metropolitana ha promosso l'Albo delle imprese inclusive, che favorisce "
        "l'inserimento lavorativo delle persone fragili.\n\n"
        "Art. 2 Imprese\n\nLe imprese dell'Albo partecipano ai tavoli distrettuali.\n"
    )
    answerer = made_up_answerer(tmp_path, {"albo.md": albo, "alfa.md": ALFA})
    ans = answerer.answer("C'è una quota di iscrizione per le imprese dell'Albo di Varenna?")
    assert ans.refused and "che parli di «quota», «iscrizione»" in ans.text, ans.text
    assert not answerer.answer("C'è un Albo delle imprese inclusive a Varenna?").refused
    assert not answerer.answer("Cosa prevede l'Albo delle imprese di Varenna?").refused
