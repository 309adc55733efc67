"""Integration: the real corpus with the real e5 model (one ingest for the module), and the
same documents as PDF, whose citations then carry page numbers."""

import re

import pytest

from assistant.ranked import RankedAnswerer
from assistant.retrieve import Retriever
from assistant.storage.settings import Settings
from ingest.pipeline import ingest

from .conftest import CORPUS
from .pdfs import make_pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    settings = Settings.resolve(tmp_path_factory.mktemp("real") / "store", "e5")
    ingest([CORPUS], settings)
    return RankedAnswerer(Retriever.open(settings))


def grounded(ans):
    assert {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)} == {c.n for c in ans.citations}
    assert all(c.quote in c.passage.text for c in ans.citations)


def test_body_and_its_coordinator(real):
    ans = real.answer("Nell'accordo di Melzo chi coordina il Tavolo Tecnico?")
    assert not ans.refused and "responsabile Ufficio di Piano" in ans.text
    assert any(c.passage.locator == "Art. 5 › Tavolo Tecnico" for c in ans.citations)
    grounded(ans)


def test_recurring_meeting_of_the_union_agreement(real):
    ans = real.answer("Ogni quanto si vedono il Comune e i sindacati secondo l'intesa di Sesto?")
    assert "due volte l'anno" in ans.text
    assert ans.citations[0].passage.source == "sesto-san-giovanni-intesa-sindacati-2021.md"
    grounded(ans)


def test_named_article(real):
    ans = real.answer("Cosa stabilisce l'articolo 16 dell'accordo di programma di Melzo?")
    assert "Collegio di Vigilanza" in ans.text and ans.citations[0].passage.locator.startswith("Art. 16")


@pytest.mark.parametrize(
    "question",
    [
        "Quanti euro ha stanziato l'Ambito di Sesto San Giovanni per le antenne sociali?",
        "Chi presiede il piano di zona di Bergamo?",
        "Entro quando l'Ambito di Sesto deve approvare il bilancio delle antenne sociali?",
    ],
)
def test_refuses_what_the_documents_do_not_say(real, question):
    ans = real.answer(question)
    assert ans.refused and ans.text.startswith("Nei documenti non ho trovato"), ans.text
    assert ans.leads  # the closest passages, to check by hand
    if "Bergamo" in question:  # a place no document is about is named in the refusal
        assert "«Bergamo»" in ans.text


def _latin1(text: str) -> str:
    table = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-"}
    text = "".join(table.get(ch, ch) for ch in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def test_pdf_of_a_corpus_document_cites_pages(tmp_path):
    source = (CORPUS / "sesto-san-giovanni-intesa-sindacati-2021.md").read_text(encoding="utf-8")
    paras = [_latin1(p.strip().replace("**", "").lstrip("# ")) for p in source.split("\n\n") if p.strip()]
    pages = [paras[i : i + 6] for i in range(0, len(paras), 6)]
    pdf = make_pdf(tmp_path / "sesto-intesa.pdf", pages, header="Ambito di Sesto San Giovanni - Atto di intesa")
    settings = Settings.resolve(tmp_path / "store", "e5")
    report = ingest([pdf], settings)
    assert report.documents == 1 and not report.skipped
    ans = RankedAnswerer(Retriever.open(settings)).answer("Ogni quanto si incontrano le parti?")
    assert "due volte l'anno" in ans.text
    assert all(isinstance(c.passage.page, int) and c.passage.page >= 1 for c in ans.citations)
    # the page cited is the one on which the passage starts
    from pypdf import PdfReader

    first = ans.citations[0].passage
    page_text = " ".join(PdfReader(str(pdf)).pages[first.page - 1].extract_text().split())
    assert " ".join(first.text.split())[:40] in page_text
