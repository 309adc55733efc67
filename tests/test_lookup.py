"""Answers read from the knowledge base's typed records (assistant/lookup.py), on a made-up
document: a party's commitments whole, an acronym spelled out, a body's field (see also
test_ranker.py); the learned ranking answers alone when no record fits."""

import pytest

from assistant.ranked import RankedAnswerer
from assistant.retrieve import Filters, Retriever
from assistant.signed import signs
from tests.conftest import made_up_answerer, made_up_store
from tests.test_answer import assert_grounded

GAMMA = """# Accordo di programma dell'Ambito di Gamma

Art. 1 Impegni dei soggetti sottoscrittori

In particolare, i Comuni:

- mettono a disposizione le risorse umane e strumentali per il Piano;
- garantiscono i livelli essenziali delle prestazioni;
- partecipano al Tavolo Tecnico attraverso i responsabili dei servizi sociali.

La Azienda Sanitaria Locale (ASL) Gamma si impegna a:

- assicurare la presa in carico integrata delle persone fragili;
- condividere i dati sanitari con l'Ufficio di Piano.

Art. 2 Servizi

Il servizio OMI (orientamento mediazione interculturale) accompagna i cittadini stranieri nell'accesso ai servizi.

Art. 3 Durata

L'accordo ha validità fino al 31 dicembre 2026.

Art. 4 Povertà

Per il contrasto alla povertà i Comuni di Gamma attivano un fondo di solidarietà per le famiglie in difficoltà.

Il fondo è gestito in collaborazione con la provincia di Omega, che presiede il tavolo dei donatori.

Art. 5 Ufficio di Piano

L'Ufficio di Piano è diretto dal dott. Mario Bianchi, responsabile dell'attuazione dell'accordo.
"""

DELTA = """# Atto d'intesa dell'Ambito di Delta con le organizzazioni sindacali

Le parti condividono la necessità di rafforzare il welfare di comunità nell'Ambito di Delta.

Sul contrasto alla povertà le parti si impegnano a costruire una rete di sportelli sociali nei quartieri.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory):
    return RankedAnswerer(
        Retriever.open(made_up_store(tmp_path_factory.mktemp("lookup"), {"gamma.md": GAMMA, "delta.md": DELTA}))
    )


def test_a_partys_commitments_come_whole_with_their_lead(answerer):
    ans = answerer.answer("Da sindaco: cosa deve mettere a disposizione il mio Comune, cosa garantisce?")
    lines = ans.text.split("\n")
    assert lines[0].startswith("In particolare, i Comuni:")
    for item in ("risorse umane e strumentali", "livelli essenziali", "Tavolo Tecnico"):
        assert item in ans.text
    assert "ASL" not in ans.text  # another party's commitments stay out
    assert_grounded(ans)


def test_a_party_named_by_its_acronym(answerer):
    ans = answerer.answer("A cosa si impegna la ASL?")
    assert "presa in carico integrata" in ans.text and "dati sanitari" in ans.text
    assert "livelli essenziali" not in ans.text


@pytest.mark.parametrize(
    "verb",
    [
        "A cosa si impegna",
        "Quali impegni prende",
        "Quali impegni si assume",
        "Quali impegni ha preso",
        "Quali impegni si è assunta",
        "Quali obblighi ha",  # an obligation is a commitment
        "Quali doveri ha",
        "Che ruolo ha",  # the role of a party named is what it commits to
    ],
)
def test_the_verb_that_takes_commitments_on_is_not_a_topic_besides_them(answerer, verb):
    """ "Quali impegni prende l'ATS?" had been left to the ranking: "prende" was read as a topic
    none of the party's commitments speaks of."""
    ans = answerer.answer(f"{verb} l'Azienda Sanitaria Locale?")
    assert ans.confidence == 1.0  # the knowledge base's commitments, whole
    assert "presa in carico integrata" in ans.text and "dati sanitari" in ans.text
    assert "livelli essenziali" not in ans.text


def test_a_role_in_something_is_not_a_partys_commitments(answerer):
    """ "Qual è il ruolo dell'ASL?" asks what the party commits to; "Il Comune ha un ruolo nel fondo
    di solidarietà?" asks of the fund, not for a party's commitments: the ranking answers it."""
    role = answerer.answer("Qual è il ruolo dell'Azienda Sanitaria Locale?")
    assert role.confidence == 1.0 and "presa in carico integrata" in role.text and "dati sanitari" in role.text
    ans = answerer.answer("I Comuni hanno un ruolo nel fondo di solidarietà per le famiglie?")
    assert ans.confidence != 1.0 and "fondo di solidarietà" in ans.text.split("\n")[0]


def test_commitments_asked_with_their_deadline_come_whole_and_say_they_state_none(answerer):
    """ "… ed entro quando?" asks a date besides the commitments: they still come whole, and the
    note says that none of them states one; a party asked alone gets no note."""
    ans = answerer.answer("A cosa si impegna l'Azienda Sanitaria Locale, ed entro quando?")
    assert ans.confidence == 1.0  # the knowledge base's commitments, whole
    assert "presa in carico integrata" in ans.text and "dati sanitari" in ans.text
    assert ans.note == "Gli impegni citati non indicano una scadenza."
    assert answerer.answer("A cosa si impegna l'Azienda Sanitaria Locale?").note == ""


def test_an_acronym_is_answered_by_the_line_that_spells_it_out(answerer):
    ans = answerer.answer("omi cosa vuol dire?")
    assert "orientamento mediazione interculturale" in ans.text.split("\n")[0]
    assert ans.citations[0].passage.locator.startswith("Art. 2")


def test_no_record_fits_and_the_ranking_answers(answerer):
    ans = answerer.answer("Fino a quando vale l'accordo?")
    assert not ans.refused and "31 dicembre 2026" in ans.text
    assert ans.confidence is not None and ans.confidence < 1.0  # a record's answer says 1.0


def test_two_documents_named_are_answered_side_by_side(answerer):
    ans = answerer.answer("Cosa dicono Gamma e Delta sulla povertà?")
    assert [c.passage.source for c in ans.citations][:2] == ["gamma.md", "delta.md"]  # in the order asked
    assert "fondo di solidarietà" in ans.text and "sportelli sociali" in ans.text
    assert_grounded(ans)
    # each document's statements open with the name the question gave it
    assert ans.text.startswith("Gamma — ") and "\n- Delta — " in ans.text
    reversed_ = answerer.answer("Cosa dicono Delta e Gamma sulla povertà?")
    assert reversed_.citations[0].passage.source == "delta.md"


def test_a_summary_is_a_card_of_the_document(answerer):
    ans = answerer.answer("In breve, di cosa parla l'accordo di Gamma?")
    assert not ans.refused and {c.passage.source for c in ans.citations} == {"gamma.md"}
    for line in ("31 dicembre 2026", "mettono a disposizione", "assicurare la presa in carico"):
        assert line in ans.text  # its validity and each party's first commitment
    # each group opens with its name, once: the card reads as a card, not a pile of lines
    for label in ("Date e incontri", "Impegni"):
        assert ans.text.count(f"\n- {label} — ") == 1, ans.text
    assert_grounded(ans)


def test_a_card_says_what_the_document_is_for_in_its_own_words(tmp_path):
    """A document that says what it is for ("Il presente Accordo intende …") has it on its card,
    named "Scopo", the sentences whose subject it is first; a sentence that only mentions it ("… con
    il presente accordo a manifestare …") or a date merely cited is not on the card."""
    text = (
        "# Accordo di programma dell'Ambito di Zeta\n\n"
        "Comune di Zeta Comune di Alfa Università di Beta Dipartimento di Sociologia Pedagogia Filosofia Psicologia "
        "Applicata Consorzio Gamma Visto che i servizi sociali del territorio vanno programmati insieme dai comuni, "
        "con il concorso delle associazioni e delle cooperative che vi operano da anni.\n\n"
        "Premesso che la legge regionale chiede ai Comuni di programmare insieme i servizi sociali del territorio.\n\n"
        "Art. 1 Oggetto\n\nI soggetti del terzo settore sono invitati con il presente accordo a manifestare interesse.\n\n"
        "Il presente Accordo intende garantire una programmazione condivisa dei servizi sociali dell'Ambito di Zeta.\n\n"
        "Art. 2 Contesto\n\nIl rapporto statistico pubblicato il 21/06/2019 descrive la popolazione anziana.\n\n"
        "Art. 3 Durata\n\nL'accordo ha validità fino al 31 dicembre 2026.\n"
    )
    answerer = made_up_answerer(tmp_path, {"zeta.md": text, "delta.md": DELTA})
    ans = answerer.answer("In breve, di cosa parla l'accordo di Zeta?")
    assert ans.text.startswith("Premesso che la legge regionale"), ans.text  # not the run of names a PDF made
    assert "\n- Scopo — Il presente Accordo intende garantire" in ans.text, ans.text
    assert "manifestare interesse" not in ans.text and "21/06/2019" not in ans.text
    assert "31 dicembre 2026" in ans.text
    assert_grounded(ans)


def test_a_document_of_a_place_no_document_is_of_is_refused_by_name(answerer):
    """Omega is mentioned in passing, but no document is Omega's: its plan is not here."""
    ans = answerer.answer("Chi presiede il piano di zona di Omega?")
    assert ans.refused and "«Omega»" in ans.text
    assert not answerer.answer("Chi presiede il tavolo dei donatori?").refused


def test_a_party_asked_about_a_topic_none_of_its_commitments_names_is_left_to_the_ranking(answerer):
    about = answerer.analyse("A cosa si impegnano i Comuni sulla mobilità sostenibile?")
    assert answerer.lookup.answer(about, Filters()) == []
    named = answerer.analyse("A cosa si impegnano i Comuni sui livelli essenziali?")
    assert any("livelli essenziali" in s.text for s in answerer.lookup.answer(named, Filters()))
    # a time the question limits itself to says when, not what about: the commitments, whole
    for when in ("entro il 2026", "entro fine anno", "entro il 31 dicembre 2026", "entro dicembre"):
        timed = answerer.analyse(f"Cosa devono fare i Comuni {when}?")
        assert any("livelli essenziali" in s.text for s in answerer.lookup.answer(timed, Filters())), when


def test_who_holds_an_office_is_answered_by_a_name_or_refused(tmp_path):
    """ "Chi è il sindaco di Gamma?" asks a person: a line on what the Sindaco does does not say
    who it is; "chi è il direttore …?" is answered where the director is named."""
    gamma = GAMMA + "\nArt. 6 Conferenza\n\nIl Sindaco di Gamma presiede la Conferenza e la convoca ogni tre mesi.\n"
    answerer = made_up_answerer(tmp_path, {"gamma.md": gamma, "delta.md": DELTA})
    nobody = answerer.answer("Chi è il sindaco di Gamma?")
    assert nobody.refused and "il nome della persona richiesta" in nobody.text
    named = answerer.answer("Chi è il direttore dell'Ufficio di Piano di Gamma?")
    assert not named.refused and "Mario Bianchi" in named.text.split("\n")[0]
    assert not answerer.answer("Chi è il responsabile dell'attuazione dell'accordo di Gamma?").refused


def test_a_persons_name_is_answered_only_where_a_person_is_named(answerer):
    named = answerer.answer("Chi dirige l'Ufficio di Piano? Mi serve nome e cognome")
    assert not named.refused and "Mario Bianchi" in named.text
    nobody = answerer.answer("Chi guida il fondo di solidarietà per le famiglie? Mi serve nome e cognome")
    assert nobody.refused and "il nome della persona richiesta" in nobody.text


EPSILON = """# Atto d'intesa tra la Conferenza dei Sindaci del Distretto di Epsilon e le organizzazioni sindacali CGIL CISL UIL

Le parti si impegnano a incontrarsi tre volte l'anno per verificare l'attuazione dell'intesa.

La Conferenza dei Sindaci si impegna a pubblicare ogni anno i dati sulla spesa sociale.
"""

ZETA = """# Accordo di programma dell'Ambito di Zeta

La Cooperativa Sociale Aurora si impegna a gestire lo sportello per le famiglie.
"""


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    files = {"epsilon.md": EPSILON, "zeta.md": ZETA}
    return made_up_answerer(tmp_path_factory.mktemp("parti"), files)


@pytest.mark.parametrize("asked", ["A cosa si impegnano i sindacati?", "Cosa devono fare le OO.SS.?"])
def test_a_kind_of_party_named_as_people_do_finds_what_le_parti_it_signed_agreed(signed, asked):
    """No commitment is of "i sindacati": the unions are among the parties of the Epsilon intesa,
    whose "Le parti si impegnano …" holds for them."""
    ans = signed.answer(asked)
    assert not ans.refused and ans.text.startswith("Le parti si impegnano a incontrarsi tre volte l'anno")
    assert "Aurora" not in ans.text  # a cooperative's commitment is not the unions'
    assert_grounded(ans)


@pytest.mark.parametrize(
    "asked",
    [
        "Sono un sindaco: cosa dobbiamo fare?",
        "Da sindaco, a cosa ci siamo impegnati?",
        "Come sindaco: i nostri impegni?",
    ],
)
def test_the_party_of_the_one_who_asks_is_named_by_the_framing(answerer, asked):
    """ "Da sindaco: cosa dobbiamo fare?" names no party in what it asks: the framing says who "we" are."""
    ans = answerer.answer(asked)
    assert ans.confidence == 1.0 and ans.text.startswith("In particolare, i Comuni:")
    assert "livelli essenziali" in ans.text and "ASL" not in ans.text


def test_what_a_party_commits_to_by_name_comes_before_what_the_parties_commit_to(signed):
    ans = signed.answer("Da sindaco, a cosa ci siamo impegnati nell'intesa di Epsilon?")
    lines = ans.text.split("\n\nFonti")[0].split("\n")
    assert lines[0].startswith("La Conferenza dei Sindaci si impegna a pubblicare ogni anno i dati")
    assert "Le parti si impegnano a incontrarsi tre volte l'anno" in lines[1]


@pytest.mark.parametrize("asked", ["omi cosa vuol dire?", "Cosa sono i servizi OMI?", "O.M.I. sta per?"])
def test_the_glossary_answers_each_way_of_asking_what_an_acronym_is(answerer, asked):
    found = answerer.lookup.acronym(answerer.analyse(asked), (), Filters())
    assert found and "orientamento mediazione interculturale" in found[0].text


ROVELLA = """# Accordo di programma dell'Ambito di Rovella

Tra

i Comuni di Rovella, Brenta e Caldera che compongono l'Ambito di Rovella

l'Azienda Sanitaria Locale (ASL) di Rovella

gli Enti del Terzo Settore

- Cooperativa Sociale Aurora
- Associazione Girasole

la CGIL di Rovella

Premesso che

il Piano di Zona è firmato da tutti i soggetti sottoscrittori dell'accordo.

Art. 1 Impegni

I soggetti firmatari si impegnano a condividere i dati sulla povertà.
"""


# two notices that name no parties: each is signed at its end, the first with its place and date
OSTRA = """# Avviso pubblico del Comune di Ostra per la co-progettazione

Il Comune di Ostra invita gli enti del Terzo Settore a manifestare interesse entro il 30 aprile 2022.

Per informazioni è possibile scrivere all'Ufficio di Piano del Comune di Ostra.

Ostra, 3 marzo 2022

Il Dirigente del Settore Servizi Sociali
Dott. Mario Bianchi
"""
LERICI = """# Avviso pubblico del Comune di Lerici per i centri estivi

Il Comune di Lerici raccoglie le domande delle famiglie di Lerici per i centri estivi.

Per il Piano di Zona si prevede una spesa di 10.000 euro per i centri estivi.

f.to Il Responsabile dell'Ufficio di Piano
d.ssa Anna Verdi
"""


@pytest.fixture(scope="module")
def signed_store(tmp_path_factory):
    files = {"rovella.md": ROVELLA, "zeta.md": ZETA, "ostra.md": OSTRA, "lerici.md": LERICI}
    return made_up_answerer(tmp_path_factory.mktemp("signed"), files)


@pytest.mark.parametrize(
    "asked",
    [
        "Chi sono i firmatari dell'accordo di Rovella?",
        "Chi ha firmato l'accordo di Rovella?",
        "Sono nuova: tra chi è stato sottoscritto l'accordo di Rovella?",
    ],
)
def test_who_signed_is_the_block_where_the_act_names_its_parties(signed_store, asked):
    ans = signed_store.answer(asked)
    lines = ans.text.split("\n\nFonti")[0].split("\n")
    # the act's lines, in its order (lines without a full stop read as one), its groups' members
    # too, and nothing of the premises after them
    assert lines[0].startswith("i Comuni di Rovella, Brenta e Caldera") and "(ASL) di Rovella" in lines[0]
    assert [line.split(" [")[0] for line in lines[1:]] == [
        "- Cooperativa Sociale Aurora",
        "- Associazione Girasole",
        "- la CGIL di Rovella",
    ]
    assert ans.confidence == 1.0
    assert_grounded(ans)


def test_a_document_that_names_no_parties_is_signed_by_the_lines_that_close_it(signed_store):
    ans = signed_store.answer("Chi firma l'avviso di Ostra e in che data?")
    lines = ans.text.split("\n")
    assert lines[0].startswith("Ostra, 3 marzo 2022") and "Dott. Mario Bianchi" in lines[-1]
    assert len(lines) == 2 and ans.confidence == 1.0 and not ans.note
    assert_grounded(ans)
    # a sentence that opens as a signature does ("Per il Piano di Zona …") signs nothing
    ans = signed_store.answer("Da chi è stato firmato l'avviso di Lerici?")
    assert ans.text == "f.to Il Responsabile dell'Ufficio di Piano d.ssa Anna Verdi [1]"


def test_a_signature_without_a_date_answers_who_and_says_the_date_is_not_given(signed_store):
    ans = signed_store.answer("Chi ha firmato l'avviso di Lerici e quando?")
    assert "Anna Verdi" in ans.text.split("\n")[0]
    assert ans.note == "Il documento non indica la data della firma."


PIGNA = """# Atto d'intesa tra il Comune di Pigna e le organizzazioni sindacali del 12 maggio 2022

Il Comune di Pigna e le organizzazioni sindacali si impegnano a incontrarsi due volte l'anno.

Nel protocollo regionale, sottoscritto in data 3 febbraio 2021, le parti si impegnano al confronto.
"""


def test_when_the_act_was_signed_is_its_closing_signature_or_the_line_that_dates_it(tmp_path):
    """Ostra's notice closes with its place, date and signer: they answer. Pigna's act is dated
    only in its title: the title answers, with a note that the signature's date is not given. A
    question on an act the document recalls ("il protocollo regionale") is left to the ranking;
    Lerici's notice, dated nowhere, is refused for the date."""
    answerer = made_up_answerer(tmp_path, {"ostra.md": OSTRA, "pigna.md": PIGNA, "lerici.md": LERICI})
    ostra = answerer.answer("Quando è stato firmato l'avviso di Ostra?")
    assert ostra.text.split("\n")[0].startswith("Ostra, 3 marzo 2022") and "Mario Bianchi" in ostra.text
    assert ostra.confidence == 1.0 and not ostra.note
    pigna = answerer.answer("In che data è stato sottoscritto l'atto d'intesa di Pigna?")
    assert pigna.text.startswith("Atto d'intesa tra il Comune di Pigna") and "12 maggio 2022" in pigna.text
    assert pigna.note == "Il documento non indica la data della firma: la riga citata è quella che data l'atto."
    assert_grounded(pigna)
    recalled = answerer.answer("Quando è stato sottoscritto il protocollo regionale citato nell'atto di Pigna?")
    assert not recalled.note and "3 febbraio 2021" in recalled.text
    # a document that states no date at all: refused for the date, not answered with an undated line
    undated = answerer.answer("Quando è stato firmato l'avviso di Lerici?")
    assert undated.refused and "la data richiesta" in undated.text


@pytest.mark.parametrize(
    "line, signed",
    [
        ("Per il Legale Rappresentante Dott. Dario Rossi (Firmato digitalmente)", True),
        ("Milano, 20 luglio 2020 Per il Legale Rappresentante Dott. Dario Rossi", True),
        ("f.to La Dirigente del Settore Servizi sociali d.ssa Maria Neri", True),
        ("Il Sindaco ha convocato l'Assemblea per il 3 marzo.", False),
        ("La responsabile del procedimento dell'avviso è la dott.ssa Bruna Neri.", False),
        ("Per il Piano di Zona il Dott. Rossi ha preparato una relazione di cento pagine." * 5, False),
    ],
)
def test_a_signature_line_opens_as_one_and_names_a_signer(line, signed):
    assert signs(line) is signed


@pytest.mark.parametrize(
    "asked, first, second",
    [
        ("La CGIL ha firmato l'accordo di Rovella?", "la CGIL di Rovella", None),
        ("Le cooperative hanno sottoscritto l'accordo di Rovella?", "gli Enti del Terzo Settore", "Aurora"),
        ("Il Comune di Brenta è tra i firmatari dell'accordo di Rovella?", "i Comuni di Rovella, Brenta", None),
    ],
)
def test_whether_a_party_signed_is_the_line_that_names_it(signed_store, asked, first, second):
    lines = signed_store.answer(asked).text.split("\n")
    assert first in lines[0] and (second is None and len(lines) == 1 or second in lines[1])


def test_the_name_of_who_signed_by_an_office_is_a_name_said_with_it(signed_store):
    """ "Chi è il sindaco che ha firmato …?" asks a person: Rovella's parties' lines name its Comuni
    and no mayor, so none is the answer; Ostra's director is named with his office."""
    q = signed_store.analyse("Chi è il sindaco di Rovella che ha firmato l'accordo?")
    assert signed_store.lists.signatories(q, "rovella.md", Filters()) == []
    ans = signed_store.answer("Chi è il sindaco di Rovella che ha firmato l'accordo?")
    assert ans.refused and "il nome della persona richiesta" in ans.text
    ans = signed_store.answer("Chi è il dirigente che ha firmato l'avviso di Ostra?")
    assert not ans.refused and "Dott. Mario Bianchi" in ans.text.split("\n")[0]


def test_a_party_no_line_names_is_not_said_to_have_signed(signed_store):
    q = signed_store.analyse("La Caritas ha firmato l'accordo di Rovella?")
    assert signed_store.lists.signatories(q, "rovella.md", Filters()) == []


def test_a_question_on_what_the_signatories_do_is_not_who_they_are(signed_store):
    ans = signed_store.answer("A cosa si impegnano i firmatari dell'accordo di Rovella?")
    assert "condividere i dati sulla povertà" in ans.text.split("\n")[0]


def test_an_act_whose_parties_no_line_names_leaves_the_question_to_the_ranking(answerer):
    """Gamma's parties are read nowhere: its signatories are not made up from other lines."""
    assert (
        answerer.lists.signatories(answerer.analyse("Chi ha firmato l'accordo di Gamma?"), "gamma.md", Filters()) == []
    )


VELA = """# Atto d'intesa tra il Comune di Vela e le organizzazioni sindacali

Premesso che il Piano di Zona è lo strumento della programmazione sociale del Comune di Vela.

Per il triennio vengono individuati i seguenti assi strategici:

- Politiche abitative: il Comune amplia l'offerta di alloggi a canone sociale.
- Politiche per gli anziani: si rafforza l'assistenza domiciliare.

Le parti si impegnano a incontrarsi ogni sei mesi.
"""


@pytest.fixture(scope="module")
def axes_store(tmp_path_factory):
    files = {"vela.md": VELA, "zeta.md": ZETA}
    return made_up_answerer(tmp_path_factory.mktemp("assi"), files)


@pytest.mark.parametrize(
    "asked",
    ["Quali sono le priorità dell'intesa di Vela?", "Come SPI: quali obiettivi strategici ha l'intesa di Vela?"],
)
def test_the_axes_of_the_one_document_named_are_listed_whole(axes_store, asked):
    lines = axes_store.answer(asked).text.split("\n")
    # the line that opens their list, then each axis
    assert lines[0].startswith("Per il triennio vengono individuati i seguenti assi strategici:")
    assert "Politiche abitative:" in lines[1] and "Politiche per gli anziani:" in lines[2] and len(lines) == 3


def test_axes_asked_of_a_topic_are_left_to_the_ranking(axes_store):
    q = axes_store.analyse("Quali sono gli assi dell'intesa di Vela sugli anziani?")
    assert axes_store.lists.axes_listed(q, "vela.md", Filters(), {"vela"}) == []


def test_an_acronym_spelled_out_inside_a_long_line_is_answered_with_its_words(tmp_path):
    """The Agenzia appears in a long list of parties: "cosa vuol dire ATP?" is answered with the
    words that spell it out, verbatim, not with the whole list; a short line stays whole."""
    parties = (
        "# Accordo di programma dell'Ambito di Orvieto\n\nTra\n\n"
        "i Comuni di Orvieto, Allerona, Baschi, Castel Giorgio, Castel Viscardo, Fabro, Ficulle, Montecchio, "
        "Montegabbione e Monteleone che compongono l'Ambito di Orvieto, l'Agenzia Territoriale per la Persona (ATP) "
        "di Orvieto, rappresentata dal Direttore Generale, e gli enti del Terzo Settore aderenti\n\n"
        "Art. 1 Servizi\n\nIl Servizio di Orientamento e Inclusione (SOI) accoglie le famiglie.\n"
    )
    answerer = made_up_answerer(tmp_path, {"orvieto.md": parties, "zeta.md": ZETA})
    ans = answerer.answer("ATP cosa vuol dire?")
    assert ans.text == "Agenzia Territoriale per la Persona (ATP) [1]"
    assert_grounded(ans)
    assert answerer.answer("Cosa vuol dire SOI?").text.startswith("Il Servizio di Orientamento e Inclusione (SOI)")
    # two acronyms asked: each one's line, in the order asked
    both = answerer.answer("Cosa vogliono dire SOI e ATP?")
    assert both.text.split("\n")[0].startswith("Il Servizio di Orientamento e Inclusione (SOI)")
    assert "Agenzia Territoriale per la Persona (ATP)" in both.text.split("\n")[1]
    assert_grounded(both)


def test_a_sigla_no_document_spells_out_is_refused_by_name(tmp_path):
    """The act uses "RSA" and never spells it out: "cosa vuol dire RSA?" is refused by name,
    with the lines that use it to check, not answered with one of them; asked beside another
    question, that question is answered and a note says the sigla is not spelled out; a sigla
    that is spelled out, and a question on something else that says "significa", are answered."""
    text = (
        "# Accordo di programma dell'Ambito di Orvieto\n\n"
        "Art. 1 Servizi\n\nIl Servizio di Orientamento e Inclusione (SOI) accoglie le famiglie.\n\n"
        "Art. 2 Residenzialità\n\nL'inserimento in RSA è privilegiato nei casi di bisogni sanitari importanti. "
        "Le RSA del territorio sono gestite dall'Azienda consortile.\n"
    )
    answerer = made_up_answerer(tmp_path, {"orvieto.md": text, "zeta.md": ZETA})
    ans = answerer.answer("Cosa vuol dire RSA?")
    assert ans.refused and "il significato della sigla «RSA»" in ans.text
    assert "non compare" not in ans.text  # the act uses it
    assert any(p.locator.startswith("Art. 2") for p in ans.leads)  # the lines that use it, to check
    nowhere = answerer.answer("Cosa significa la sigla XQW?")
    assert nowhere.refused and "«XQW» non compare in nessun documento caricato" in nowhere.text
    more = answerer.answer("Cosa vuol dire RSA e chi le gestisce?")
    assert not more.refused and "Azienda consortile" in more.text
    assert more.note == "I documenti non sciolgono la sigla «RSA»."
    assert answerer.answer("Cosa vuol dire SOI?").text.startswith("Il Servizio di Orientamento e Inclusione (SOI)")
    assert not answerer.answer("Cosa significa per le famiglie il Servizio SOI?").refused


def test_an_acronym_the_act_never_spells_out_is_shown_where_it_is_used_and_said_to_be_a_reading(tmp_path):
    """The act writes "l'UdP" and, elsewhere, "Ufficio di Piano" twice, never the two together: the
    glossary reads the sigla from its initials. "Cosa vuol dire UdP?" shows the line that uses it,
    then where the words are written, and a note says that the documents do not spell it out; a
    sigla spelled out next to itself gets no such note."""
    text = (
        "# Accordo di programma dell'Ambito di Orvieto\n\n"
        "Art. 1 Governance\n\nL'Ufficio di Piano coordina la programmazione sociale dell'Ambito.\n\n"
        "Art. 2 Monitoraggio\n\nOgni sei mesi il responsabile dell'UdP presenta una relazione ai sindaci.\n\n"
        "Art. 3 Personale\n\nI Comuni mettono a disposizione dell'Ufficio di Piano un assistente sociale.\n\n"
        "Art. 4 Servizi\n\nIl Servizio di Orientamento e Inclusione (SOI) accoglie le famiglie.\n"
    )
    answerer = made_up_answerer(tmp_path, {"orvieto.md": text, "zeta.md": ZETA})
    ans = answerer.answer("Cosa vuol dire UdP?")
    lines = ans.text.split("\n")
    assert lines[0].startswith("Ogni sei mesi il responsabile dell'UdP")
    assert "Ufficio di Piano" in lines[1]
    assert ans.note.startswith("I documenti non sciolgono la sigla «UdP»: «Ufficio di Piano» è la lettura")
    assert_grounded(ans)
    assert answerer.answer("Cosa vuol dire SOI?").note == ""
