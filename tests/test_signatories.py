"""The parties of an act, read from its text (ingest/signatories.py): made-up acts for the
mechanism, the shipped corpus for the real thing."""

from assistant.core.types import Page
from ingest.clean import clean
from ingest.docfacts import Reading
from ingest.readers import read
from ingest.signatories import read_parties

from .conftest import CORPUS


def parties_of(text: str, name: str = "atto.md") -> tuple[str, ...]:
    return Reading(clean([Page(name, None, text)])).parties()


AGREEMENT = """AMBITO TERRITORIALE 9 ROCCAVERDE

Accordo di programma per il Piano di Zona 2024-2026

Tra

i Comuni di Roccaverde, Pianabella e Colle Alto che compongono l'Ambito Territoriale n. 9

l'Azienda Socio Sanitaria Territoriale (ASST) della Valle, rappresentata dal Direttore Generale, dott. Mario Rossi;

gli Enti del Terzo Settore

- Cooperativa Sociale Il Ponte;
- Associazione Amici del Borgo

la Fondazione Casa Aperta

Premesso che

la legge 328/2000 individua il Piano di Zona come strumento fondamentale.
"""


def test_the_parties_after_tra_one_by_one_with_a_group_and_its_members():
    assert parties_of(AGREEMENT) == (
        "Comuni di Roccaverde, Pianabella e Colle Alto",
        "Azienda Socio Sanitaria Territoriale (ASST) della Valle",
        "Enti del Terzo Settore: Cooperativa Sociale Il Ponte, Associazione Amici del Borgo",
        "Fondazione Casa Aperta",
    )


def test_parties_joined_into_one_paragraph_are_told_apart_by_their_articles():
    text = AGREEMENT.replace("n. 9\n\nl'Azienda", "n. 9 l'Azienda")  # a PDF line join
    assert parties_of(text)[:2] == (
        "Comuni di Roccaverde, Pianabella e Colle Alto",
        "Azienda Socio Sanitaria Territoriale (ASST) della Valle",
    )


def test_a_lead_that_names_the_signatories():
    text = (
        "Protocollo d'intesa per la domiciliarità\n\n"
        "Sono soggetti sottoscrittori del presente Protocollo:\n\n"
        "- il Comune di Betaville;\n- la Cooperativa Aurora;\n- CGIL Betaville\n\n"
        "Art. 1 Oggetto\n\nIl presente protocollo regola la collaborazione tra le parti."
    )
    assert parties_of(text) == ("Comune di Betaville", "Cooperativa Aurora", "CGIL Betaville")


def test_an_intesa_names_its_parties_in_its_title():
    text = (
        "Atto d'intesa tra la Conferenza dei Sindaci del Distretto di Valdoro e le organizzazioni sindacali "
        "CGIL CISL UIL SPI FNP UILP del 3 marzo 2024\n\nLe parti si impegnano a incontrarsi due volte l'anno."
    )
    assert parties_of(text) == (
        "Conferenza dei Sindaci del Distretto di Valdoro",
        "Organizzazioni sindacali CGIL CISL UIL SPI FNP UILP",
    )


def test_an_act_that_names_no_parties_has_none():
    text = (
        "Avviso pubblico per la co-programmazione del Piano di Zona\n\n"
        "Il confronto tra le associazioni e i Comuni è aperto a tutti gli enti del territorio."
    )
    assert parties_of(text) == ()
    assert read_parties([], "Indirizzi per la collaborazione distrettuale") == ()


def test_the_corpus_acts_name_their_parties():
    melzo = Reading(clean(read(CORPUS / "melzo-accordo-di-programma-piano-di-zona-2021-2023.md"))).parties()
    assert (
        melzo[0]
        == "Amministrazioni comunali di Cassano d'Adda, Inzago, Liscate, Melzo, Pozzuolo Martesana, Settala, Truccazzano, Vignate"
    )
    assert "Agenzia di Tutela della Salute (ATS) della Città Metropolitana di Milano" in melzo
    assert any(p.startswith("Enti del Terzo Settore: ACLI") and "Cooperativa Sociale AERIS" in p for p in melzo)
    sesto = Reading(clean(read(CORPUS / "sesto-san-giovanni-intesa-sindacati-2021.md"))).parties()
    assert sesto == (
        "Assemblea dei Sindaci dell'Ambito di Sesto San Giovanni",
        "Organizzazioni sindacali CGIL CISL UIL SPI FNP UILP",
    )
    assert Reading(clean(read(CORPUS / "cernusco-avviso-coprogrammazione-2021.md"))).parties() == ()


def test_tra_the_signatories_then_the_list_names_no_party_called_signatories():
    text = (
        "Accordo di programma del Distretto di Rhoville\n\nTra i sottoscrittori\n\n"
        "il Comune di Rhoville, ente capofila;\n\nl'Azienda Unità Sanitaria Locale di Betapoli (AUSL);\n\n"
        "si conviene quanto segue\n\nArt. 1 - Oggetto\n\nIl presente accordo approva il Piano.\n"
    )
    assert parties_of(text) == (
        "Comune di Rhoville, ente capofila",
        "Azienda Unità Sanitaria Locale di Betapoli (AUSL)",
    )


def test_tra_two_parties_in_one_line_and_a_list_of_union_acronyms_kept_whole():
    text = (
        "PROTOCOLLO D'INTESA\n\ntra la Conferenza dei Sindaci del Distretto di Rhoville e le Confederazioni "
        "sindacali CGIL, CISL e UIL con le federazioni dei pensionati SPI, FNP e UILP sulle politiche sociali\n\n"
        "Premesse\n\nLa legge regionale affida alla Conferenza la programmazione sociale.\n"
    )
    assert parties_of(text) == (
        "Conferenza dei Sindaci del Distretto di Rhoville",
        "Confederazioni sindacali CGIL, CISL e UIL con le federazioni dei pensionati SPI, FNP e UILP",
    )
    title = "Verbale di intesa tra il Comune di Alfa e le organizzazioni sindacali SPI-CGIL, FNP-CISL e UILP-UIL sul bilancio"
    assert parties_of(title + "\n\nIl giorno 11 febbraio 2025 si sono incontrati.\n") == (
        "Comune di Alfa",
        "Organizzazioni sindacali SPI-CGIL, FNP-CISL e UILP-UIL",
    )
