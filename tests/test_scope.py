"""The documents a question points to, found from the documents' own text when they come
without a manifest: a territory named by its number ("Distretto 7") is one of them."""

from assistant.core.pointers import numbered_places
from assistant.features import FEATURES
from tests.conftest import made_up_answerer

SETTE = (
    "# Avviso pubblico per la co-programmazione\n\nDistretto 7 – Ambito sociale\n\n"
    "Art. 1 Oggetto\n\nIl Distretto 7 avvia il percorso di co-programmazione del Piano di Zona.\n\n"
    "Art. 2 Termini\n\nLe manifestazioni di interesse si inviano entro il 10 ottobre 2021.\n"
)
NOVE = (
    "# Avviso pubblico per la co-programmazione\n\nDistretto 9 – Ambito sociale\n\n"
    "Art. 1 Oggetto\n\nIl Distretto 9 avvia il percorso di co-programmazione del Piano di Zona.\n\n"
    "Art. 2 Termini\n\nPer aderire al percorso di co-programmazione le manifestazioni di interesse si inviano "
    "entro il 20 novembre 2021.\n"
)


def test_a_territory_named_by_its_number_is_one_word():
    text = "Il Distretto 4, l'Ambito Territoriale n. 5 di Melzo (ambito5) e l'AMBITO 3"
    assert numbered_places(text) == ["distretto4", "ambito5", "ambito5", "ambito3"]
    assert numbered_places("I 4 distretti e l'ambito di Sesto") == []


def test_a_question_naming_a_territory_by_its_number_is_answered_from_its_document(tmp_path):
    answerer = made_up_answerer(tmp_path, {"sette.md": SETTE, "nove.md": NOVE})
    asked = "Entro quando si aderisce al percorso di co-programmazione del Distretto 7?"
    assert answerer.sources_named(asked) == ["sette.md"]
    ans = answerer.answer(asked)
    assert not ans.refused and "10 ottobre 2021" in ans.text and "20 novembre" not in ans.text
    assert {c.passage.source for c in ans.citations} == {"sette.md"}
    assert answerer.sources_named("E nel Distretto 9?") == ["nove.md"]


def test_a_question_naming_a_document_by_the_name_its_title_quotes_is_answered_from_it(tmp_path):
    """A title's name in quotes points to its document ("una rete per la casa"); a name made
    of words that name a kind of document («Piano di Zona») points nowhere."""
    from assistant.core.pointers import title_names
    from assistant.core.types import DocumentInfo

    casa = (
        '# Protocollo "una rete per la casa" tra i Comuni dell\'area\n\n'
        "Art. 1 Destinatari\n\nIl protocollo si rivolge alle famiglie in emergenza abitativa.\n"
    )
    altro = (
        "# Accordo per le politiche sociali\n\n"
        "Art. 1 Destinatari\n\nL'accordo si rivolge alle famiglie con minori e agli anziani soli.\n"
    )
    answerer = made_up_answerer(tmp_path, {"casa.md": casa, "altro.md": altro})
    asked = "A chi si rivolge il protocollo una rete per la casa?"
    assert answerer.sources_named(asked) == ["casa.md"]
    ans = answerer.answer(asked)
    assert not ans.refused and ans.citations[0].passage.source == "casa.md"
    titled = [DocumentInfo("a.md", "Accordo «Piano di Zona»"), DocumentInfo("b.md", "Avviso «Casa Comune»")]
    assert title_names(titled) == {"a.md": set(), "b.md": {"casa comune"}}


PROGRAMMA = (
    "# Programma di intervento per l'inclusione attiva\n\nCittà metropolitana di Varenna\n\n"
    "Art. 1 Governance\n\nLa cabina di regia è coordinata dal dirigente dell'Area Welfare.\n"
)
ACCORDO = (
    "# Accordo di programma per il Piano di Zona\n\nAmbito territoriale di Lierna\n\n"
    "Art. 1 Governance\n\nLa cabina di regia è coordinata dal responsabile dell'Ufficio di Piano di Lierna, "
    "nominato dai sindaci della Città metropolitana.\n"
)


def test_a_document_named_by_its_kind_and_its_territory_points_to_it(tmp_path):
    """ "Il programma metropolitano" names the programme of the Città metropolitana di Varenna:
    "metropolitana" alone is in both documents, and "programma" in both titles."""
    answerer = made_up_answerer(tmp_path, {"prog.md": PROGRAMMA, "acc.md": ACCORDO})
    for asked in (
        "Nel programma metropolitano chi coordina la cabina di regia?",
        "Nel programma di Città metropolitana chi coordina la cabina di regia?",
        # words that qualify the kind between it and the territory
        "Nel programma inclusione attiva della Città metropolitana chi coordina la cabina di regia?",
        "Nel programma di inclusione attiva di Città metropolitana chi coordina la cabina di regia?",
    ):
        assert answerer.sources_named(asked) == ["prog.md"], asked
    assert answerer.sources_named("Chi coordina la cabina di regia della Città metropolitana?") == []
    # four words between are a sentence of their own, not a name
    far = "Il programma chi lo coordina per conto della Città metropolitana?"
    assert answerer.sources_named(far) == []
    ans = answerer.answer("Nel programma metropolitano chi coordina la cabina di regia?")
    assert not ans.refused and "Area Welfare" in ans.text.split("\n")[0]
    # two programmes of the same Città metropolitana: "il programma metropolitano" names neither
    other = PROGRAMMA.replace("l'inclusione attiva", "la casa").replace("Area Welfare", "Area Casa")
    (tmp_path / "two").mkdir()
    two = made_up_answerer(tmp_path / "two", {"p1.md": PROGRAMMA, "p2.md": other})
    assert two.sources_named("Nel programma metropolitano chi coordina la cabina di regia?") == []


def test_the_words_between_a_kind_and_its_territory_name_the_document_and_ask_nothing(tmp_path):
    """ "In breve, di cosa parla il programma per il lavoro della Città metropolitana?": "lavoro" is
    in no title, but it stands in the phrase that names the programme; the question asks for the
    programme's card, as "… il programma metropolitano?" does."""
    programma = PROGRAMMA.replace(
        "Art. 1 Governance",
        "Art. 1 Oggetto\n\nIl presente programma definisce gli interventi per l'inserimento lavorativo delle "
        "persone fragili nei comuni della Città metropolitana di Varenna.\n\nArt. 2 Governance",
    )
    answerer = made_up_answerer(tmp_path, {"prog.md": programma, "acc.md": ACCORDO})
    for asked in (
        "In breve, di cosa parla il programma metropolitano?",
        "In breve, di cosa parla il programma per il lavoro della Città metropolitana?",
    ):
        ans = answerer.answer(asked)
        assert ans.confidence == 1.0 and ans.text.startswith("Il presente programma definisce gli interventi"), asked


def test_a_document_named_by_a_kind_no_other_document_has_points_to_it(tmp_path):
    """ "L'accordo di programma" names the one accordo of the store; with two, it names neither."""
    avviso = "# Avviso pubblico per la co-programmazione\n\nArt. 1 Oggetto\n\nIl responsabile è Bruno Bianchi.\n"
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    answerer = made_up_answerer(tmp_path / "a", {"acc.md": ACCORDO, "avv.md": avviso})
    kinds = {d.source: d.doc_type for d in answerer.retriever.lexical.words.documents}
    assert kinds == {"acc.md": "accordo di programma", "avv.md": "avviso"}
    assert answerer.sources_named("Chi coordina la cabina di regia dell'accordo di programma?") == ["acc.md"]
    other = ACCORDO.replace("Lierna", "Onno")
    two = made_up_answerer(tmp_path / "b", {"acc.md": ACCORDO, "acc2.md": other})
    assert two.sources_named("Chi coordina la cabina di regia dell'accordo di programma?") == []


def test_a_document_of_a_territory_no_document_is_of_is_refused_by_name(tmp_path):
    """ "L'avviso del Distretto 8" when the store holds the notices of Distretti 7 and 9: the
    refusal names it, instead of answering with another district's deadline."""
    answerer = made_up_answerer(tmp_path, {"sette.md": SETTE, "nove.md": NOVE})
    ans = answerer.answer("Entro quando si aderisce all'avviso del Distretto 8?")
    assert ans.refused and "«Distretto 8»" in ans.text and "ottobre" not in ans.text
    assert not answerer.answer("Entro quando si aderisce all'avviso del Distretto 7?").refused


def test_the_words_that_name_the_document_say_where_not_what(tmp_path):
    """ "nel piano di zona di Lierna" names the plan: its "piano", "zona" are scope, as "Lierna" is, and
    a budget row "PIANO DI ZONA SERVIZI | 1.000,00 €" shares no word of what is asked with the
    question; the kind of a document that is not the one named stays a word of the question."""
    plan = (
        "# Piano di Zona dell'Ambito di Lierna\n\nAmbito territoriale di Lierna\n\n"
        "Art. 1 Bilancio\n\nPIANO DI ZONA SERVIZI | 1.000,00 €\n\n"
        "Art. 2 Domiciliarità\n\nRisorse preventivate per la domiciliarità: 520.000,00 €\n"
    )
    answerer = made_up_answerer(tmp_path, {"plan.md": plan, "prog.md": PROGRAMMA})
    asked = "Quanti soldi sono previsti per la domiciliarità nel piano di zona di Lierna?"
    q = answerer.analyse(asked)
    assert answerer.pointers.naming_phrase(q.asked, q.sources) == {"piano", "zona"}
    assert answerer.pointers.naming_phrase("Cosa dice il piano di zona di Varenna?", q.sources) == set()
    ranked = answerer.rank(q)
    overlap = {c.text[:12]: row[FEATURES.index("overlap")] for c, row in zip(ranked.candidates, ranked.features)}
    assert overlap["PIANO DI ZON"] == 0.0 and overlap["Risorse prev"] > 0.0
