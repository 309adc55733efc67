"""Bodies beyond articles (ingest/bodies.py): a table of bodies with its columns, bodies described
in running text by who sits on them; made-up acts, and the labelled corpus."""

from __future__ import annotations

from ingest.extract import extract
from ingest.parse import parse

MATRIX = """# Piano di Zona dell'Ambito di Rhoville

Art. 1 La matrice organizzativa

Organo\tComponenti\tProcessi in capo\tTempi
Direzione Strategica\tTavolo Tecnico\tGarantire le condizioni per le politiche a contrasto della povertà\tOgni 3 mesi
Coordinamento gestionale\tCoordinatori dei servizi\tGestire i processi\tOgni mese

Art. 2 La rete giovani

Se la Cabina dei giovani ha un valore di indirizzo, il CTS (coordinamento tecnico strategico), che è composto dai referenti dei centri giovani, è quello snodo che condivide gli indirizzi.

Le azioni saranno condivise con un altro organismo, il "Tavolo metropolitano per la casa" a cui intervengono gli enti gestori e i sindacati degli inquilini.

Sono composti da assistenti sociali e educatori.
"""


def bodies_of(tmp_path, text):
    path = tmp_path / "rhoville.md"
    path.write_text(text, encoding="utf-8")
    return {b.name: b for b in extract(parse(path)).bodies}


def test_a_table_of_bodies_gives_a_body_per_row_with_its_columns(tmp_path):
    found = bodies_of(tmp_path, MATRIX)
    ds = found["Direzione Strategica"]
    assert ds.composition == "Tavolo Tecnico" and ds.frequency == "Ogni 3 mesi"
    assert ds.role.startswith("Garantire le condizioni")
    assert "Ogni 3 mesi" in ds.evidence["frequency"].quote  # the cell that says it, cited
    assert found["Coordinamento gestionale"].frequency == "Ogni mese"


def test_bodies_described_in_running_text_by_who_sits_on_them(tmp_path):
    found = bodies_of(tmp_path, MATRIX)
    assert found["CTS (coordinamento tecnico strategico)"].composition == "dai referenti dei centri giovani"
    assert found["Tavolo metropolitano per la casa"].composition.startswith("gli enti gestori")
    assert not any(name.lower().startswith("sono") for name in found)  # no body is named "Sono"


def test_a_bodys_frequency_is_a_recurring_meeting(tmp_path):
    path = tmp_path / "rhoville.md"
    path.write_text(MATRIX, encoding="utf-8")
    meetings = {d.party: d for d in extract(parse(path)).dates if d.kind == "ricorrente"}
    assert meetings["Direzione Strategica"].rrule == "FREQ=MONTHLY;INTERVAL=3"
    assert "Ogni 3 mesi" in meetings["Direzione Strategica"].quote  # cited where the frequency was read
    assert meetings["Coordinamento gestionale"].rrule == "FREQ=MONTHLY"


NAMED = """# Piano di Zona dell'Ambito di Rhoville

Art. 1 Governance

- **Cabina di Regia distrettuale:** garantisce il governo degli interventi
- Composizione: ATS, ASST, Responsabili degli Uffici di Piano

Art. 2 Il progetto giovani

La Cabina di regia, composta dagli educatori dei centri giovani e dai genitori, orienta le attività. Il Coordinamento tecnico strategico (CTS) segue i progetti.

Nelle scuole, il CTS (coordinamento tecnico strategico), che è composto dai referenti dei centri, incontra le famiglie.

Le linee vengono dalla Consulta territoriale per la Salute mentale (CTSM), che le ha approvate; è presieduta dal Direttore del Dipartimento.
"""


def test_a_body_the_document_gives_an_acronym_is_a_body_even_if_only_named(tmp_path):
    found = bodies_of(tmp_path, NAMED)
    assert found["Consulta territoriale per la Salute mentale (CTSM)"].coordinator == "dal Direttore del Dipartimento"
    # named twice, once spelled out and once by its acronym: one body
    assert sum("strategico" in name.lower() or name.startswith("CTS ") for name in found) == 1


def test_a_shorter_name_with_other_members_is_another_body(tmp_path):
    found = bodies_of(tmp_path, NAMED)
    assert "Cabina di Regia distrettuale" in found
    assert found["Cabina di regia"].composition.startswith("dagli educatori")
    # the same short name with no members of its own would have been the distrettuale's
    same = NAMED.replace(", composta dagli educatori dei centri giovani e dai genitori,", "")
    assert "Cabina di regia" not in bodies_of(tmp_path, same)


DESCRIBED = """# Protocollo dell'Ambito di Rhoville

Art. 2 Organismi

La Conferenza dei Sindaci è composta dai Sindaci dei cinque Comuni ed è presieduta dal Sindaco di Rhoville. Si riunisce almeno ogni tre mesi.

È istituito il Tavolo per la casa, composto da un referente per ciascuna delle OO.SS. firmatarie e dal Presidente della Conferenza dei Sindaci, che si riunisce due volte l'anno.

Art. 5 Verifica

Le parti si incontrano entro il 30 novembre 2024. L'Ufficio di Piano predisporrà una relazione semestrale.
"""


def test_a_body_described_in_prose_keeps_what_the_rest_of_its_sentences_say(tmp_path):
    found = bodies_of(tmp_path, DESCRIBED)
    conference = found["Conferenza dei Sindaci"]  # not "Conferenza dei Sindaci è"
    assert conference.composition == "dai Sindaci dei cinque Comuni"
    assert conference.coordinator == "dal Sindaco di Rhoville"
    assert "ogni tre mesi" in conference.frequency
    table = found["Tavolo per la casa"]
    assert "OO.SS. firmatarie" in table.composition  # the acronym's dots end no clause
    assert "due volte l'anno" in table.frequency


def test_a_meeting_belongs_to_the_body_described_and_to_its_own_sentence(tmp_path):
    path = tmp_path / "rhoville.md"
    path.write_text(DESCRIBED, encoding="utf-8")
    meetings = {(d.party, d.rrule) for d in extract(parse(path)).dates if d.kind == "ricorrente"}
    assert ("Tavolo per la casa", "FREQ=MONTHLY;INTERVAL=6") in meetings  # not the Presidente's
    assert ("Conferenza dei Sindaci", "FREQ=MONTHLY;INTERVAL=3") in meetings
    # the six-monthly report is the Ufficio di Piano's, not the parties' who meet in the sentence before
    assert ("Ufficio di Piano", "FREQ=MONTHLY;INTERVAL=6") in meetings
    assert not any(party == "Parti" for party, _ in meetings)


def test_a_unit_named_for_what_its_text_calls_an_organ_is_a_body(tmp_path):
    text = """# Accordo di programma dell'Ambito di Rhoville

Art. 2 – Coordinamento Istituzionale

Il Coordinamento Istituzionale è l'organo politico dell'Ambito. È composto dai Sindaci dei Comuni. È presieduto dal Sindaco del Comune capofila e si riunisce con cadenza trimestrale.

Art. 3 – Coordinamento delle risorse

Il coordinamento delle risorse avviene attraverso il fondo unico di Ambito.
"""
    found = bodies_of(tmp_path, text)
    body = found["Coordinamento Istituzionale"]
    assert body.role.startswith("è l'organo politico")
    assert body.composition == "dai Sindaci dei Comuni" and body.coordinator == "dal Sindaco del Comune capofila"
    assert "trimestrale" in body.frequency
    assert "Coordinamento delle risorse" not in found  # a unit its text does not call an organ


def test_bodies_listed_with_an_apposition(tmp_path):
    text = """# Accordo di programma del Distretto di Rhoville

Art. 2 - Organi

Sono organi del Piano:

- il Comitato di Distretto, composto dai Sindaci dei Comuni del Distretto; si riunisce di norma una volta al mese;
- l'Ufficio di Piano, struttura tecnica di supporto al Comitato, coordinato da un Responsabile nominato dall'ente capofila;
"""
    found = bodies_of(tmp_path, text)
    assert found["Comitato di Distretto"].composition == "dai Sindaci dei Comuni del Distretto"
    assert "una volta al mese" in found["Comitato di Distretto"].frequency
    assert found["Ufficio di Piano"].coordinator.startswith("da un Responsabile")


def test_a_body_named_short_in_the_sentences_after_its_description(tmp_path):
    text = """# Protocollo del Distretto di Rhoville

Articolo 1 - Sedi del confronto

Il confronto si svolge nel Tavolo permanente di concertazione, composto da tre rappresentanti dei Comuni e da un rappresentante per sigla sindacale. Il Tavolo è convocato dal Presidente della Conferenza con cadenza quadrimestrale.
"""
    table = bodies_of(tmp_path, text)["Tavolo permanente di concertazione"]
    assert table.coordinator.startswith("dal Presidente della Conferenza")
    assert "quadrimestrale" in table.frequency


def test_a_body_gets_what_is_said_after_its_name_and_its_role_is_one_sentence(tmp_path):
    text = """# Verbale di intesa del Comune di Rhoville

4. Verifica

Le parti si incontrano a cadenza semestrale per verificare l'attuazione dell'intesa. La Commissione consiliare per le politiche sociali, composta da cinque consiglieri comunali, sarà informata degli esiti.

Art. 5 – Coordinamento Istituzionale

Il Coordinamento Istituzionale è l'organo politico dell'Ambito. È composto dai Sindaci dei Comuni.
"""
    found = bodies_of(tmp_path, text)
    commission = found["Commissione consiliare per le politiche sociali"]
    assert commission.composition == "da cinque consiglieri comunali"  # not "…, sarà informata degli esiti"
    assert commission.frequency is None  # the parties meet twice a year, not the commission
    assert found["Coordinamento Istituzionale"].role == "è l'organo politico dell'Ambito."
