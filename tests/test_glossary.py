"""The glossary read from made-up acts, one form of definition each (ingest/glossary.py), and its
precision and recall against the labelled corpus (tests/data/kb_expected.json)."""

from __future__ import annotations

import pytest

from assistant.core.types import DocumentInfo, Page
from ingest.chunk import passages
from ingest.clean import clean
from ingest.glossary import extract_terms
from ingest.lines import lines_of
from ingest.structure import sections


def glossary(text: str) -> dict[str, list[str]]:
    found = passages(sections("atto.md", clean([Page("atto.md", None, text)])), DocumentInfo("atto.md", "Atto"))
    out: dict[str, list[str]] = {}
    for term in extract_terms(lines_of(found)):
        out.setdefault(term.acronym, []).append(term.expansion)
    return out


@pytest.mark.parametrize(
    "text, acronym, expansion",
    [
        ("L'Agenzia di Tutela della Salute (ATS) coordina la rete.", "ATS", "Agenzia di Tutela della Salute"),
        (
            "Il coordinamento tecnico CTS (coordinamento tecnico strategico) si riunisce.",
            "CTS",
            "Coordinamento tecnico strategico",
        ),
        (
            "Con l'Azienda Sociale Sud Est Milano, ASSEMI, come ente capofila.",
            "ASSEMI",
            "Azienda Sociale Sud Est Milano",
        ),
        (
            "- OMI, Servizio Distrettuale di Orientamento, Mediazione ed Inclusione, che ha l'obiettivo di aiutare.",
            "OMI",
            "Orientamento, Mediazione ed Inclusione",
        ),
        ("SID Servizio Integrato Domiciliarità\t533.253,81 €", "SID", "Servizio Integrato Domiciliarità"),
        (
            'Ai sensi del D.Lgs. n.267 del 18.08.2000 (d\'ora in poi "TUEL"), il presente accordo.',
            "TUEL",
            "D.Lgs. n.267 del 18.08.2000",
        ),
        (
            "Le progettazioni del Piano Nazionale di Ripresa e Resilienza (di seguito PNRR) partono.",
            "PNRR",
            "Piano Nazionale di Ripresa e Resilienza",
        ),
        ("Prevenzione del disturbo da gioco d'azzardo (DGA) nelle scuole.", "DGA", "Disturbo da gioco d'azzardo"),
        # the name, then where it is; a word in lower case between capitals gives no letter
        (
            "Con l'Azienda Unità Sanitaria Locale di Piacenza (AUSL) si concorda.",
            "AUSL",
            "Azienda Unità Sanitaria Locale",
        ),
        (
            "Sottoscrive l'Azienda pubblica di Servizi alla Persona del Distretto di Ponente (ASP).",
            "ASP",
            "Azienda pubblica di Servizi alla Persona",
        ),
        # a dotted acronym: each part the start of a word of its own
        (
            "TITOLO: Rete V.I.O.L.A. Valorizzare le interazioni per operare come laboratorio antiviolenza",
            "V.I.O.L.A",
            "Valorizzare le interazioni per operare come laboratorio antiviolenza",
        ),
    ],
)
def test_each_form_of_definition(text, acronym, expansion):
    assert glossary(text).get(acronym) == [expansion]


def test_an_acronym_used_bare_is_spelled_by_the_words_the_act_writes_most():
    text = (
        "Le organizzazioni sindacali firmano l'intesa.\n\n"
        "Le organizzazioni sindacali chiedono un incontro.\n\n"
        "Le OO.SS. territoriali partecipano al tavolo; l'ordine del giorno è condiviso."
    )
    assert glossary(text)["OO.SS"] == ["Organizzazioni sindacali"]
    found = passages(sections("atto.md", clean([Page("atto.md", None, text)])), DocumentInfo("atto.md", "Atto"))
    (term,) = [t for t in extract_terms(lines_of(found)) if t.acronym == "OO.SS"]
    assert "organizzazioni sindacali" in term.quote  # cited where the words are written out
    once = "L'UdP convoca il tavolo. L'Ufficio di Piano ha sede a Rhoville."
    assert "UdP" not in glossary(once)  # written once: not enough to say


def test_words_that_do_not_spell_it_are_not_its_expansion():
    text = (
        "Partecipano ATS, ASST, Terzo Settore e Comuni.\n\n"
        "Le sigle CGIL CISL UIL UILP firmano.\n\n"
        "RIMBORSO DAI COMUNI PER PERSONALE UDP\t192.906,00 €"
    )
    found = glossary(text)
    assert "ATS" not in found and "UIL" not in found and "PER" not in found


def test_an_acronym_keeps_every_expansion_the_act_gives_it_once():
    text = (
        "Il Piano Nazionale per la Ripresa e la Resilienza (PNRR) finanzia i servizi.\n\n"
        "Il PNRR (Piano Nazionale di Ripresa e Resilienza) prevede la missione 5.\n\n"
        "Il servizio OMI (orientamento mediazione interculturale) accoglie.\n\n"
        "- OMI, Servizio di Orientamento, Mediazione ed Inclusione, che ha sede in Comune."
    )
    found = glossary(text)
    assert found["PNRR"] == ["Piano Nazionale per la Ripresa e la Resilienza"]  # the same words: once
    assert found["OMI"] == ["Orientamento mediazione interculturale", "Orientamento, Mediazione ed Inclusione"]
