"""The answer laid out for reading: the lead named by its place and unit, two supporting
statements in view and the rest for "Altri passaggi", whole lists and comparisons, short
citation labels and markers that link to their source."""

from __future__ import annotations

from assistant.answer import Answer
from assistant.citations import Citation
from assistant.core.types import Passage
from assistant.layout import citation_label, lay_out, lead_markdown, linked


def passage(pid: str, territory: str, locator: str, text: str, page: int | None = None) -> Passage:
    return Passage(pid, f"{pid}.md", "Accordo di programma", locator, page, text, territory=territory)


VAL = passage("v", "Ambito di Valfiorita", "Art. 15 – Durata › Validità", "Vale fino al 31 dicembre 2025.", 12)
TAV = passage("t", "Ambito di Valfiorita", "Art. 5 – Governance › Tavolo Tecnico", "Coordinamento: il responsabile")
RIO = passage("r", "Distretto 4 – Riofreddo", "Premessa", "Riofreddo lavora sulla povertà.")


def answer(text: str, *cited: Passage) -> Answer:
    return Answer("?", text, False, [Citation(n, p, p.text) for n, p in enumerate(cited, start=1)])


def test_the_lead_names_its_place_and_unit_and_the_rest_waits_under_altri_passaggi():
    lines = ["Vale fino al 31 dicembre 2025. [1]"] + [f"- riga {n} [2]" for n in range(4)]
    layout = lay_out(answer("\n".join(lines), VAL, TAV))
    assert layout.where == "Valfiorita · Art. 15 › Validità"
    assert layout.shown == ["riga 0 [2]", "riga 1 [2]"] and layout.more == ["riga 2 [2]", "riga 3 [2]"]
    md = lead_markdown(layout, "fonte-0")
    assert md.startswith("**Valfiorita · Art. 15 › Validità — Vale fino al 31 dicembre 2025.**")
    assert md.endswith("[\\[1\\]](#fonte-0-1)")


def test_a_list_asked_for_stays_whole():
    lines = ["Le parti si impegnano a: [1]"] + [f"- impegno {n} [1]" for n in range(6)]
    layout = lay_out(answer("\n".join(lines), VAL))
    assert len(layout.shown) == 6 and layout.more == []


def test_a_comparison_keeps_each_document_in_view_and_names_no_single_place():
    text = (
        "Valfiorita — la povertà cresce. [1]\n- dato uno [1]\n- dato due [1]\n- Riofreddo — lavora sulla povertà. [2]"
    )
    layout = lay_out(answer(text, VAL, RIO))
    assert layout.where == "" and "Riofreddo — lavora sulla povertà. [2]" in layout.shown


def test_a_lead_that_opens_with_its_units_name_does_not_say_it_twice():
    layout = lay_out(answer("Tavolo Tecnico — Coordinamento: il responsabile [1]", TAV))
    assert lead_markdown(layout, "f").startswith("**Valfiorita · Art. 5 › Tavolo Tecnico — Coordinamento\\: il")


def test_short_labels_and_linked_markers():
    assert (
        citation_label(Citation(1, VAL, "Vale fino al 31 dicembre 2025."))
        == "[1] Valfiorita · Art. 15 › Validità · p. 12"
    )
    assert citation_label(Citation(2, RIO, RIO.text)) == "[2] Riofreddo · Premessa"
    assert linked("a *b* [1] [2]", "f") == "a \\*b\\* [\\[1\\]](#f-1) [\\[2\\]](#f-2)"
