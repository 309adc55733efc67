"""Text for people: highlighted passages, answers and conversations as Markdown, short names."""

from __future__ import annotations

from datetime import datetime

import pytest

from assistant.answer import Answer
from assistant.citations import Citation
from assistant.conversation import Turn
from assistant.core.types import Passage
from assistant.render import conversation_markdown, highlight, of, place, short_body, with_article

PASSAGE = Passage(
    id="p1",
    source="nota.md",
    title="Protocollo di Valfiorita",
    locator="Art. 1 › Comitato di rete",
    page=3,
    text="Il *Comitato* [vedi art. 2] <b>si riunisce</b>:\n- ogni tre mesi; 1) in sede",
)


def test_highlight_marks_the_quote_and_shows_the_rest_as_written():
    out = highlight(PASSAGE.text, "ogni tre mesi")
    assert out.count("<mark>") == 1 and "<mark>ogni tre mesi</mark>" in out
    assert "\\*Comitato\\*" in out and "\\[vedi art. 2\\]" in out  # no emphasis, no link
    assert "&lt;b&gt;" in out and "<b>" not in out  # the document's markup is text, not HTML
    assert "  \n" in out  # line breaks kept


def test_highlight_without_the_quote_marks_nothing():
    assert "<mark>" not in highlight(PASSAGE.text, "parole assenti")


def test_a_list_item_of_a_passage_reads_as_an_item_not_as_a_dash():
    out = highlight("Il Tavolo:\n- si riunisce ogni mese;\n- 2 - 3 incontri", "si riunisce")
    assert "• <mark>si riunisce</mark> ogni mese" in out and "\\- " not in out.split("\n")[1]


def test_conversation_export_has_questions_sources_and_exact_words():
    answered = Answer("Ogni quanto si riunisce?", "ogni tre mesi [1]", False, [Citation(1, PASSAGE, "ogni tre mesi")])
    refused = Answer("Quanto costa?", "Nei documenti non ho trovato l'importo.", True, [], leads=[PASSAGE])
    turns = [Turn(answered.question, answered.question, answered), Turn("e quanto costa?", refused.question, refused)]
    md = conversation_markdown(turns, when=datetime(2026, 11, 22, 10, 30))
    assert "22/11/2026 alle 10:30" in md
    assert "## 1. Ogni quanto si riunisce?" in md and "## 2. e quanto costa?" in md
    assert "*Intesa come: «Quanto costa?»*" in md and md.count("Intesa come") == 1
    assert "1. *Protocollo di Valfiorita — Art. 1 › Comitato di rete, p. 3* — «ogni tre mesi»" in md
    assert "**Passaggi più vicini**" in md


@pytest.mark.parametrize(
    "name, short",
    [
        ("Assemblea dei Sindaci di Ambito Territoriale (ASAT)", "Assemblea dei Sindaci"),
        ("Cabina di Regia unificata e territoriale ATS Milano", "Cabina di Regia"),
        ("Consulta del Terzo Settore", "Consulta del Terzo Settore"),
        ("Tavolo Tecnico", "Tavolo Tecnico"),
    ],
)
def test_short_body_names(name, short):
    assert short_body(name) == short


@pytest.mark.parametrize(
    "noun, named",
    [
        ("Assemblea", "l'Assemblea"),
        ("Cabina di Regia", "la Cabina di Regia"),
        ("Tavolo Tecnico", "il Tavolo Tecnico"),
        ("Sportello Lavoro", "lo Sportello Lavoro"),
        ("Comuni", "i Comuni"),
        ("Enti aderenti", "gli Enti aderenti"),
        ("Parti firmatarie", "le Parti firmatarie"),
        ("Direzione Strategica", "la Direzione Strategica"),
        ("Città Metropolitana di Milano", "la Città Metropolitana di Milano"),
        ("Commissione tecnica", "la Commissione tecnica"),
        ("Comitato promotore", "il Comitato promotore"),
    ],
)
def test_articles(noun, named):
    assert with_article(noun) == named


@pytest.mark.parametrize(
    "named, joined",
    [
        ("le parti", "delle parti"),
        ("il Comune", "del Comune"),
        ("gli Enti", "degli Enti"),
        ("l'ATS", "dell'ATS"),
        ("ATS", "di ATS"),
    ],
)
def test_of_joins_the_article(named, joined):
    assert of(named) == joined


def test_place_names():
    assert place("Ambito territoriale 5 di Melzo") == "Melzo"
    assert place("Distretto 4 – Cernusco sul Naviglio") == "Cernusco sul Naviglio"
    assert place("Valfiorita") == "Valfiorita"


def test_a_count_agrees_with_its_noun():
    from assistant.render import counted

    assert counted(1, "documento", "documenti") == "1 documento"
    assert counted(5, "documento", "documenti") == "5 documenti" and counted(0, "voce", "voci") == "0 voci"


def test_a_short_source_names_the_place_the_unit_and_the_page():
    from types import SimpleNamespace

    from assistant.render import short_source

    record = SimpleNamespace(
        territory="Ambito territoriale 5 di Melzo",
        title="Accordo di programma",
        locator="Art. 5 – La governance per la realizzazione dell'Accordo di Programma › Tavolo Tecnico",
        page=6,
    )
    assert short_source(record) == "Melzo · Art. 5 › Tavolo Tecnico · p. 6"
    record.locator, record.page = "Allegato A › Tutto ciò premesso", None
    record.territory = "Ambito di Sesto San Giovanni"
    assert short_source(record) == "Sesto San Giovanni · Allegato A › Tutto ciò premesso"
