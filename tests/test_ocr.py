"""A scanned act (pages that are only images, turned and blurred like a scan, made in the test)
read by Tesseract's Italian model, page by page, and answered with the right page. Skipped, with
what to install, where Tesseract or its Italian model is missing."""

import pytest

from assistant.core.errors import UnreadableFile
from assistant.ranked import RankedAnswerer
from assistant.retrieve import Retriever
from ingest import ocr
from ingest.pipeline import ingest
from ingest.readers import read

from .pdfs import make_pdf, make_scanned_pdf

LACKING = ocr.missing()
needs_ocr = pytest.mark.skipif(bool(LACKING), reason=f"OCR non provato: {LACKING}")

PAGE_1 = [
    "ATTO DI INTESA TRA I SINDACI DELL'AMBITO DI",
    "RHOVILLE E LE ORGANIZZAZIONI SINDACALI",
    "",
    "Premessa",
    "Le parti riconoscono il valore del confronto",
    "sulla programmazione sociale del territorio.",
]
PAGE_2 = [
    "Art. 3 - Verifica",
    "Le parti si incontrano due volte l'anno per",
    "verificare lo stato di attuazione dell'intesa.",
    "",
    "Rhoville, 12 maggio 2023",
]


@needs_ocr
def test_a_scan_is_read_page_by_page(tmp_path):
    calls = []

    def progress(**kwargs):
        calls.append(kwargs)
        return _Bar()

    pages = read(make_scanned_pdf(tmp_path / "intesa-firmata.pdf", [PAGE_1, PAGE_2]), progress)
    assert [p.page for p in pages] == [1, 2]
    assert "organizzazioni sindacali" in pages[0].text.lower()
    assert "due volte l'anno" in pages[1].text and "Rhoville" in pages[1].text
    assert calls and calls[0]["total"] == 2 and "OCR" in calls[0]["desc"]


@needs_ocr
def test_a_scanned_intesa_answers_with_its_page(tmp_path, hash_settings):
    docs = tmp_path / "docs"
    docs.mkdir()
    make_scanned_pdf(docs / "intesa-firmata.pdf", [PAGE_1, PAGE_2])
    report = ingest([docs], hash_settings)
    assert report.ok and report.documents == 1, report.skipped
    retriever = Retriever.open(hash_settings)
    doc = retriever.documents[0]
    assert doc.territory == "Ambito di Rhoville" and doc.date == "2023-05-12"
    answer = RankedAnswerer(retriever).answer("Ogni quanto si incontrano le parti dell'intesa?")
    assert "due volte l'anno" in answer.text
    assert answer.citations and answer.citations[0].passage.page == 2
    assert "due volte" in answer.citations[0].quote


def test_a_bar_read_for_a_capital_i_is_put_right():
    text = "| soggetti indicati dall'art. 4\nsono invitati (| comuni) e «| sindaci»; la tabella A | B resta"
    assert (
        ocr.mended(text)
        == "I soggetti indicati dall'art. 4\nsono invitati (I comuni) e «I sindaci»; la tabella A | B resta"
    )


def test_without_tesseract_a_scan_is_skipped_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    f = make_scanned_pdf(tmp_path / "scansione.pdf", [PAGE_1])
    with pytest.raises(UnreadableFile) as err:
        read(f)
    assert "scansione" in str(err.value) and "apt install tesseract-ocr tesseract-ocr-ita" in str(err.value)


def test_a_pdf_with_text_is_not_read_by_ocr(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_pages", lambda *a, **k: pytest.fail("OCR on a page with text"))
    pages = read(make_pdf(tmp_path / "testo.pdf", [["Art. 1 Oggetto", "Testo selezionabile."]]))
    assert "Testo selezionabile." in pages[0].text


class _Bar:
    def update(self, n):
        pass

    def close(self):
        pass


@needs_ocr
def test_the_ocr_progress_is_relayed_from_the_reading_worker(tmp_path):
    from ingest.sandbox import Sandbox

    events = []

    class Bar:
        def __init__(self, **kwargs):
            events.append(("open", kwargs["total"]))

        def update(self, n):
            events.append(("update", n))

        def close(self):
            events.append(("close",))

    with Sandbox() as box:
        pages = box.parse(make_scanned_pdf(tmp_path / "intesa-firmata.pdf", [PAGE_1, PAGE_2]), Bar)
    assert any("due volte l'anno" in p.text for p in pages)
    assert events == [("open", 2), ("update", 1), ("update", 1), ("close",)]
