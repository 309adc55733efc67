"""Knowledge-base extraction: the rules on small made-up documents (so they are shown to be
general) and on the shipped corpus."""

from __future__ import annotations

import pytest

from ingest.dates import find_dates, find_recurrence
from ingest.extract import extract, knowledge_base
from ingest.parse import parse

from .conftest import CORPUS, MELZO

ACCORDO = """Accordo di programma del Piano di Zona dell'Ambito di Valleverde

Art. 1 Oggetto

Il presente Accordo adotta il Piano di Zona dell'Ambito di Valleverde.

Art. 2 Organi

Sono organi dell'Accordo:

- **Consulta dei Sindaci:** è l'organo politico che indirizza la programmazione.
- Composizione: i Sindaci dei Comuni di Alfa, Beta e Gamma
- Presidente: il Sindaco del Comune capofila
- **Gruppo di lavoro tecnico:** istruisce le decisioni della Consulta.
- Composizione: i responsabili dei servizi sociali
- Coordinamento: Ufficio di Piano

Art. 3 Impegni

In particolare, i Comuni:

- versano la quota di solidarietà entro il 31 marzo 2024;
- mettono a disposizione il personale dei servizi sociali.

L'Azienda Sanitaria Locale (ASL) si impegna a garantire le valutazioni multidimensionali entro 30 giorni dalla richiesta.

Le organizzazioni sindacali partecipano ai tavoli di area.

Il servizio garantisce l'apertura dello sportello.

Art. 4 Verifiche

La Consulta dei Sindaci si riunisce ogni 3 mesi per verificare lo stato di attuazione.

Le parti si incontrano annualmente per aggiornare il Piano.

Art. 5 Durata

L'Accordo è valido fino al 31 dicembre 2025. Approvato con delibera n. 4 del 15/01/2024.

Art. 6 Priorità

Le parti individuano le seguenti aree strategiche:

- Abitare: obiettivo è ridurre gli sfratti del 20%.
- Lavoro: favorire l'inserimento lavorativo.
"""


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "valleverde.md"
    path.write_text(ACCORDO, encoding="utf-8")
    return extract(parse(path))


def test_italian_dates_in_every_form_with_their_kind():
    found = {d.iso: d.kind for d in find_dates(
        "entro il 31 dicembre 2023; delibera n. 6 dell'8 11 2021; sottoscritto in data 17/06/2021; "
        "valido fino al 30/11/2021; la cabina di regia dell'8 settembre 2021; il 1° gennaio 2022"
    )}  # fmt: skip
    assert found == {
        "2023-12-31": "scadenza",
        "2021-11-08": "atto",
        "2021-06-17": "atto",
        "2021-11-30": "validità",
        "2021-09-08": "incontro",
        "2022-01-01": "data",
    }
    assert find_dates("31/02/2021 e 02 12 34567") == []  # not dates


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("si incontrano due volte l'anno", "FREQ=MONTHLY;INTERVAL=6"),
        ("si riunisce mensilmente", "FREQ=MONTHLY"),
        ("ogni 3 mesi", "FREQ=MONTHLY;INTERVAL=3"),
        ("annualmente", "FREQ=YEARLY"),
        ("con cadenza settimanale", "FREQ=WEEKLY"),
        ("tre volte l'anno", "FREQ=MONTHLY;INTERVAL=4"),
    ],
)
def test_recurrences_become_rrules(text, rule):
    assert find_recurrence(text)[1] == rule


def test_bodies_with_composition_coordinator_and_frequency(made_up):
    bodies = {b.name: b for b in made_up.bodies}
    consulta = bodies["Consulta dei Sindaci"]
    assert consulta.role.startswith("è l'organo politico")
    assert consulta.composition == "i Sindaci dei Comuni di Alfa, Beta e Gamma"
    assert consulta.coordinator == "Presidente: il Sindaco del Comune capofila"
    assert "ogni 3 mesi" in consulta.frequency  # read in another article, where the Consulta is the subject
    gruppo = bodies["Gruppo di lavoro tecnico"]
    assert gruppo.coordinator == "Ufficio di Piano"
    assert gruppo.frequency is None
    assert consulta.locator.startswith("Art. 2")


def test_commitments_inherit_the_party_of_their_list_and_keep_deadlines(made_up):
    found = [(c.party, c.commitment, c.deadline) for c in made_up.commitments]
    assert ("Comuni", "versano la quota di solidarietà entro il 31 marzo 2024", "2024-03-31") in found
    assert ("Comuni", "mettono a disposizione il personale dei servizi sociali", None) in found
    asl = next(c for c in made_up.commitments if c.party.startswith("Azienda Sanitaria Locale"))
    assert asl.commitment.startswith("garantire le valutazioni") and asl.deadline == "entro 30 giorni dalla richiesta"
    assert any(c.party == "Organizzazioni sindacali" for c in made_up.commitments)
    assert not any("sportello" in c.commitment for c in made_up.commitments)  # "il servizio" is not a party


def test_dates_and_recurring_meetings(made_up):
    dated = {(d.kind, d.date, d.rrule) for d in made_up.dates}
    assert ("scadenza", "2024-03-31", None) in dated
    assert ("validità", "2025-12-31", None) in dated
    assert ("atto", "2024-01-15", None) in dated
    assert ("ricorrente", None, "FREQ=MONTHLY;INTERVAL=3") in dated
    assert ("ricorrente", None, "FREQ=YEARLY") in dated
    meeting = next(d for d in made_up.dates if d.rrule == "FREQ=MONTHLY;INTERVAL=3")
    assert meeting.party == "Consulta dei Sindaci"


def test_axes_and_glossary(made_up):
    axes = {a.name: a.objectives for a in made_up.axes}
    assert set(axes) == {"Abitare", "Lavoro"}
    assert axes["Abitare"] == ("obiettivo è ridurre gli sfratti del 20%.",)
    terms = {t.acronym: t.expansion for t in made_up.terms}
    assert terms == {"ASL": "Azienda Sanitaria Locale"}


def test_every_record_quotes_its_passage_verbatim(made_up):
    for _, records in made_up.items():
        for r in records:
            assert r.quote and r.quote in ACCORDO.replace("**", "")


# ---------------------------------------------------------------- the shipped corpus


@pytest.fixture(scope="module")
def corpus_kb():
    passages = [p for f in sorted(CORPUS.glob("*.md")) for p in parse(f)]
    return extract(passages)


def test_melzo_art5_bodies_with_their_coordinators(corpus_kb):
    bodies = {b.name: b for b in corpus_kb.bodies if b.source == MELZO}
    assert bodies["Tavolo Tecnico"].coordinator == "responsabile Ufficio di Piano o suo delegato"
    assert bodies["Tavolo Tecnico"].composition.startswith("dirigenti/responsabili nominati dai sindaci")
    cabina = next(b for name, b in bodies.items() if name.startswith("Cabina di Regia"))
    assert cabina.coordinator == "ATS"
    assert "mensilmente" in bodies["Assemblea dei Sindaci di Ambito Territoriale (ASAT)"].frequency
    assert {"Ufficio di Piano", "Laboratori di governance (labGO)", "Ente Capofila", "Collegio di Vigilanza"} <= set(
        bodies
    )


def test_melzo_art6_commitments_by_party(corpus_kb):
    art6 = [c for c in corpus_kb.commitments if c.source == MELZO and c.locator.startswith("Art. 6")]
    parties = {c.party for c in art6}
    assert {"Comuni", "ASST Melegnano Martesana", "Enti aderenti al presente Accordo"} <= parties
    assert any(p.startswith("ATS della Città Metropolitana") for p in parties)
    comuni = [c.commitment for c in art6 if c.party == "Comuni"]
    assert len(comuni) == 5 and comuni[0].startswith("partecipano all'Assemblea di ambito territoriale")


def test_sesto_twice_yearly_meetings_and_axes(corpus_kb):
    sesto = [d for d in corpus_kb.dates if d.source.startswith("sesto") and d.rrule]
    assert [(d.party, d.rrule) for d in sesto] == [("Parti", "FREQ=MONTHLY;INTERVAL=6")]
    axes = [a.name for a in corpus_kb.axes if a.source.startswith("sesto")]
    assert axes == [
        "Politiche di contrasto alla povertà",
        "Politiche per la disabilità",
        "Reti territoriali e antenne sociali",
    ]


def test_corpus_deadlines_and_glossary(corpus_kb):
    deadlines = {(d.source[:8], d.date) for d in corpus_kb.dates if d.kind == "scadenza"}
    assert ("cernusco", "2021-07-29") in deadlines
    assert ("melzo-ac", "2023-12-31") in {(d.source[:8], d.date) for d in corpus_kb.dates if d.kind == "validità"}
    terms = {t.acronym: t.expansion for t in corpus_kb.terms}
    assert terms["ATS"] == "Agenzia di Tutela della Salute"
    assert terms["ASST"] == "Azienda Socio-Sanitaria Territoriale"
    assert terms["labGO"] == "Laboratori di governance"


def test_a_gerund_clause_and_a_lead_that_names_no_party(tmp_path):
    text = (
        "# Accordo di programma dell'Ambito di Rhoville\n\n"
        "Art. 4 Soggetti aderenti\n\n"
        "Città Metropolitana di Betapoli, aderendo all'accordo di programma, mette a disposizione il suo Osservatorio Giovani.\n\n"
        "Art. 6 Impegni\n\n"
        "L'Università di Rhoville concorre, per gli aspetti di competenza, all'integrazione sociosanitaria.\n\n"
        "Prioritarie saranno, al riguardo, le seguenti azioni di supporto:\n\n"
        "- conduzione di seminari con gli operatori dei servizi sociali;\n"
        "- supervisione dei casi complessi.\n"
    )
    path = tmp_path / "rhoville.md"
    path.write_text(text, encoding="utf-8")
    found = [(c.party, c.commitment) for c in extract(parse(path)).commitments]
    assert ("Città Metropolitana di Betapoli", "mette a disposizione il suo Osservatorio Giovani") in found
    university = [what for party, what in found if party == "Università di Rhoville"]
    assert any("seminari" in w for w in university) and any("supervisione" in w for w in university)


def test_intentions_and_the_prescriptive_future_of_the_act_but_not_of_its_annexes(tmp_path):
    text = (
        "# Accordo di programma dell'Ambito di Rhoville\n\n"
        "Art. 4 Soggetti aderenti\n\n"
        "AFOL Betapoli aderendo all'accordo di programma, intende proseguire il lavoro avviato nel triennio precedente.\n\n"
        "Università di Rhoville, Dipartimento di Scienze Sociali Politiche e Statistiche Applicate DISSPA, "
        "intende promuovere la formazione degli operatori.\n\n"
        "Art. 9 Risorse\n\n"
        "Le risorse sono destinate all'Ente Capofila, che ne assicurerà la gestione con propri atti.\n\n"
        "L'Ufficio di Piano riferirà all'Assemblea dei Sindaci sulle verifiche. Il Piano avrà durata triennale.\n\n"
        "L'Assemblea dei Sindaci intende avviare un percorso di riflessione.\n\n"
        "Nell'ambito del percorso che si intende promuovere, il ruolo della Pubblica Amministrazione è quello di "
        "delimitarne il campo e di fornire i vincoli del processo di co-programmazione, che si articolerà in:\n\n"
        "- a. una prima fase di ricognizione dei bisogni;\n"
        "- b. una fase di ideazione delle risposte.\n\n"
        "Allegato 1 Il Piano di Zona\n\n"
        "L'Ambito intende promuovere una cultura di servizio.\n"
    )
    path = tmp_path / "rhoville.md"
    path.write_text(text, encoding="utf-8")
    found = {(c.party, c.commitment.split()[0]) for c in extract(parse(path)).commitments}
    assert ("AFOL Betapoli", "intende") in found
    assert (
        "Università di Rhoville, Dipartimento di Scienze Sociali Politiche e Statistiche Applicate DISSPA",
        "intende",
    ) in found
    assert ("Ente Capofila", "assicurerà") in found
    assert ("Ufficio di Piano", "riferirà") in found
    assert not any(party.startswith("Piano") for party, _ in found)  # "avrà durata" is what will be
    # the phases of a path described in a paragraph of its own are not the Assemblea's commitments
    assert not any(what in ("a.", "b.") for _, what in found)
    assert ("Assemblea dei Sindaci", "intende") in found
    assert not any(party == "Ambito" for party, _ in found)  # the plan annexed says what it means to do


def test_each_sentence_of_a_paragraph_is_read_for_a_commitment(tmp_path):
    text = (
        "# Protocollo dell'Ambito di Rhoville\n\n"
        "Art. 4 Impegni delle organizzazioni sindacali\n\n"
        "Le OO.SS. firmatarie si impegnano a raccogliere le segnalazioni dei cittadini. "
        "I sindacati dei pensionati intendono promuovere incontri informativi nei quartieri. "
        "L'Ufficio di Piano predisporrà una relazione annuale sugli interventi. "
        "Il Piano di Zona dovrà tenere conto delle segnalazioni. "
        "Il Comune si fa carico di integrare il fondo per la non autosufficienza.\n"
    )
    path = tmp_path / "rhoville.md"
    path.write_text(text, encoding="utf-8")
    found = {c.party: c for c in extract(parse(path)).commitments}
    assert set(found) == {
        "OO.SS. firmatarie",
        "Sindacati dei pensionati",
        "Ufficio di Piano",
        "Comune",
    }  # a plan takes nothing on
    assert found["Comune"].commitment == "integrare il fondo per la non autosufficienza"
    assert (
        found["OO.SS. firmatarie"].quote
        == "Le OO.SS. firmatarie si impegnano a raccogliere le segnalazioni dei cittadini."
    )
    assert found["Ufficio di Piano"].commitment.startswith("predisporrà una relazione annuale")


def test_a_party_with_a_restrictive_relative_clause(tmp_path):
    text = (
        "# Accordo di programma dell'Ambito di Rhoville\n\nArt. 4 Impegni\n\n"
        "Gli Enti del Terzo Settore che aderiscono al presente Accordo partecipano alla co-progettazione dei servizi.\n"
    )
    path = tmp_path / "rhoville.md"
    path.write_text(text, encoding="utf-8")
    assert [(c.party, c.commitment) for c in extract(parse(path)).commitments] == [
        ("Enti del Terzo Settore", "partecipano alla co-progettazione dei servizi")
    ]


def test_lettered_items_a_lead_that_only_introduces_them_and_duties_in_the_present(tmp_path):
    text = (
        "# Accordo di programma del Distretto di Rhoville\n\nArt. 3 - Impegni\n\n"
        "I sottoscrittori si impegnano, ciascuno per la propria competenza, a:\n\n"
        "a) realizzare le azioni previste dalle schede di intervento;\n"
        "b) alimentare il sistema informativo entro il 28 febbraio 2025.\n\n"
        "L'ASP gestisce i servizi residenziali per conto dei Comuni.\n\n"
        "Art. 4 - Monitoraggio\n\n"
        "Le parti si incontrano annualmente. L'Ufficio di Piano trasmette al Comitato una relazione entro il 31 ottobre di ciascun anno.\n"
    )
    path = tmp_path / "rhoville.md"
    path.write_text(text, encoding="utf-8")
    kb = extract(parse(path))
    found = [(c.party, c.commitment) for c in kb.commitments]
    assert [w for p, w in found if p == "Sottoscrittori"] == [  # the lead only introduces its items
        "a) realizzare le azioni previste dalle schede di intervento",
        "b) alimentare il sistema informativo entro il 28 febbraio 2025",
    ]
    assert ("ASP", "gestisce i servizi residenziali per conto dei Comuni") in found
    assert ("Ufficio di Piano", "trasmette al Comitato una relazione entro il 31 ottobre di ciascun anno") in found
    # two sentences, two recurring items, each with who holds it
    meetings = {(d.party, d.rrule) for d in kb.dates if d.kind == "ricorrente"}
    assert meetings == {("Parti", "FREQ=YEARLY"), ("Ufficio di Piano", "FREQ=YEARLY")}


def test_numbered_points_under_an_articles_lead_and_a_sentence_opened_by_its_time(tmp_path):
    text = (
        "# Protocollo d'intesa del Distretto di Rhoville\n\nTutto ciò premesso, si conviene quanto segue\n\n"
        "Articolo 2 - Impegni\n\nLe parti si impegnano reciprocamente a:\n\n"
        "1) condividere i dati sulla domanda di servizi domiciliari;\n"
        "2) valutare insieme gli effetti delle compartecipazioni alla spesa.\n\n"
        "Articolo 3 - Durata\n\n"
        "Il presente protocollo ha validità fino all'approvazione del nuovo Piano e comunque non oltre il 31/12/2025. "
        "Entro il 31 marzo 2024 le parti redigono un primo bilancio congiunto.\n"
    )
    path = tmp_path / "rhoville.md"
    path.write_text(text, encoding="utf-8")
    kb = knowledge_base(parse(path))
    found = [(c.party, c.commitment) for c in kb.commitments()]
    assert (
        "Parti",
        "1) condividere i dati sulla domanda di servizi domiciliari",
    ) in found  # the point is an item of the lead
    assert ("Parti", "redigono un primo bilancio congiunto") in found
    assert [d.date for d in kb.agenda() if d.date] == ["2024-03-31", "2025-12-31"]  # "non oltre il" ends it


@pytest.mark.parametrize(
    "text, rule",
    [("con cadenza quadrimestrale", "FREQ=MONTHLY;INTERVAL=4"), ("entro il 31 ottobre di ciascun anno", "FREQ=YEARLY")],
)
def test_more_ways_of_saying_how_often(text, rule):
    assert find_recurrence(text)[1] == rule


def test_the_records_keep_their_types_through_kb_json(tmp_path):
    """Saved and loaded again, each kind comes back as its class, a body's evidence as Evidence."""
    from assistant.core.records import Body, Evidence, Records
    from assistant.storage.kb import KnowledgeBase

    where = dict(source="a.md", title="Atto", locator="Art. 2", page=3, passage_id="p1", territory="")
    ev = Evidence(quote="Si riunisce ogni 3 mesi.", locator="Art. 2 › Tempi", page=4, passage_id="p2")
    body = Body(
        name="Tavolo", role="coordina", frequency="ogni 3 mesi", quote="Il Tavolo", evidence={"frequency": ev}, **where
    )
    KnowledgeBase(Records(bodies=[body])).save(tmp_path)
    loaded = KnowledgeBase.load(tmp_path)
    assert loaded.records.bodies == [body]
    assert loaded.records.bodies[0].evidence["frequency"].page == 4
    assert loaded.records.commitments == [] and [key for key, _ in loaded.records.items()][:2] == ["impegni", "organi"]
