"""End to end in headless Chromium (Debian's `chromium` package): the server on localhost, the
page loaded, a question asked, the answer and its citation checked, a screenshot saved; the
review dossier downloaded from the Verifica tab; a state chosen in a table cell and saved."""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from assistant.monitor_db import MonitorDB
from tests.browser import EXPECTED, QUESTION, ask, browser, chromium, server

pytest.importorskip("playwright")
pytestmark = pytest.mark.skipif(chromium() is None, reason="Chromium non installato (apt-get install chromium)")


def test_ask_in_a_real_browser(corpus_store, tmp_path):
    shot = tmp_path / "chat.png"
    with server(corpus_store) as url, browser() as page:
        page.goto(url)
        took = ask(page, QUESTION, EXPECTED)
        message = page.get_by_test_id("stChatMessage").last
        assert "[1]" in message.inner_text()
        citation = page.get_by_test_id("stExpander").filter(has_text="Art. 5 › Tavolo Tecnico").first
        citation.click()
        marked = citation.locator("mark").first
        marked.wait_for()
        assert marked.inner_text() == "Coordinamento: " + EXPECTED
        page.screenshot(path=str(shot))
        # the review dossier, made when its button is clicked, downloads as a DOCX that opens
        page.get_by_role("tab", name="Verifica").click()
        page.get_by_text("Il dossier della verifica").wait_for(timeout=30_000)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="Scarica DOCX").click()
        dossier = Document(download.value.path())  # read before the browser closes and removes it
    assert shot.stat().st_size > 10_000
    assert took < 30
    assert dossier.paragraphs[0].text == "Verifica — tutti i territori"


def test_a_state_is_chosen_in_the_table_cell_and_saved(corpus_store, tmp_path):
    """Impegni in the browser: the Stato cell of the first row opened from the keyboard, a state
    picked from its list, the name typed, the change saved into the store's database."""
    store = shutil.copytree(corpus_store, tmp_path / "store")
    (store / "monitoraggio.sqlite").unlink(missing_ok=True)
    with server(store) as url, browser() as page:
        page.goto(url)
        page.get_by_placeholder("Scrivi una domanda sui documenti").wait_for(timeout=90_000)
        page.get_by_role("tab", name="Impegni").click()
        grid = page.get_by_test_id("stDataFrame").filter(visible=True).first
        grid.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 100, box["y"] + 52)  # the first row's Territorio
        for _ in range(4):  # Soggetto, Impegno, Entro, Stato
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        page.get_by_role("option", name="in corso", exact=True).click()
        save = page.get_by_role("button", name="Salva 1 modifica")
        save.wait_for(timeout=15_000)
        name = page.get_by_label("Il tuo nome").first
        name.fill("Anna Rossi")
        name.press("Enter")
        page.wait_for_timeout(800)
        save.click()
        page.get_by_text("1 modifica salvata a nome di Anna Rossi.").wait_for(timeout=15_000)
    rows = MonitorDB(MonitorDB.url_for(store)).rows()
    changed = [r for r in rows if r.state != "da avviare"]
    assert [(r.state, r.author, r.kind) for r in changed] == [("in corso", "Anna Rossi", "impegno")]


ENGLISH = ("Select all", "No results", "Upload", "per file", "not allowed", "Search", "Fullscreen", "System")
ENGLISH += ("Light", "Dark", "Print", "Record screen", "Drag and drop", "Browse files", "Running", "Stop")


def english_on(page) -> list[str]:
    """The English words a person can read or hear on the page: its visible text and the labels
    and tooltips of its visible elements."""
    import re

    text = page.evaluate(
        """() => [document.body.innerText, ...[...document.querySelectorAll('[aria-label],[title],[placeholder]')]
            .filter(e => e.checkVisibility())
            .flatMap(e => ['aria-label', 'title', 'placeholder'].map(a => e.getAttribute(a) || ''))].join('\\n')"""
    )
    return [w for w in ENGLISH if re.search(rf"\\b{re.escape(w)}\\b", text)]


def written_after(locator) -> str:
    """The words a style writes after an element (its ::after content)."""
    return locator.first.evaluate("e => getComputedStyle(e, '::after').content").strip('"')


def test_streamlits_own_strings_are_italian_and_a_refused_file_is_explained_in_italian(corpus_store, tmp_path):
    store = shutil.copytree(corpus_store, tmp_path / "store")
    bad = tmp_path / "programma.exe"
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    with server(store) as url, browser() as page:
        page.goto(url)
        page.get_by_placeholder("Scrivi una domanda sui documenti").wait_for(timeout=90_000)
        page.wait_for_timeout(1000)
        seen = {"avvio": english_on(page)}
        page.get_by_test_id("stMultiSelect").first.click()
        select_all = page.locator('[role="option"][data-key="__select_all__"]')
        select_all.wait_for(timeout=5000)
        assert written_after(select_all) == "Seleziona tutto"  # CSS writes it: no text node to find
        seen["elenco"] = english_on(page)
        page.keyboard.type("zzzz")
        empty = page.locator('[role="listbox"][data-empty="true"]')
        empty.wait_for(timeout=5000)
        assert written_after(empty) == "Nessun risultato"
        seen["nessun risultato"] = english_on(page)
        page.keyboard.press("Escape")
        page.mouse.click(900, 20)
        page.get_by_role("tab", name="Impegni").click()
        page.get_by_test_id("stDataFrame").filter(visible=True).first.hover()
        page.wait_for_timeout(500)
        seen["tabella"] = english_on(page)
        page.get_by_role("tab", name="Documenti").click()
        dropzone = page.get_by_test_id("stFileUploaderDropzone")
        dropzone.wait_for(timeout=10_000)
        assert (
            written_after(dropzone.locator("button span:has(> [data-testid=stMarkdownContainer])")) == "Scegli i file"
        )
        assert written_after(page.get_by_test_id("stFileUploaderDropzoneInstructions").locator("> div")).startswith(
            "oppure trascinali qui · fino a 50 MB ciascuno"
        )
        seen["documenti"] = english_on(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
        page.get_by_role("button", name="Indicizza").click()
        page.get_by_text("programma.exe non è stato aggiunto").wait_for(timeout=30_000)
        seen["file rifiutato"] = english_on(page)
    assert all(not words for words in seen.values()), seen


def test_a_source_opens_its_pdf_at_its_page(tmp_path):
    """A PDF act: the answer's source opens the document view at the cited article, with the
    PDF's page drawn beside the text; the outline moves to another article."""
    from assistant.storage.settings import Settings
    from ingest.pipeline import ingest
    from tests.pdfs import make_pdf

    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(
        docs / "protocollo-valfiorita.pdf",
        [
            ["Protocollo d'intesa del Comune di Valfiorita", "Art. 1 - Oggetto", "Il protocollo regola il confronto."],
            ["Art. 2 - Durata", "Il protocollo ha validità fino al 31 dicembre 2025 salvo proroghe."],
        ],
    )
    store = tmp_path / "store"
    assert ingest([docs], Settings.resolve(store, "hash")).ok
    with server(store) as url, browser(height=1100) as page:
        page.goto(url)
        ask(page, "Fino a quando vale il protocollo?", "31 dicembre 2025")
        message = page.get_by_test_id("stChatMessage").last
        assert "Valfiorita · Art. 2 — Il protocollo ha validità" in message.locator("strong").first.inner_text()
        message.get_by_test_id("stExpander").first.click()
        message.get_by_role("button", name="Apri nel documento").first.click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("protocollo-valfiorita.pdf, pagina 2").wait_for(timeout=30_000)  # the cited page, drawn
        assert dialog.locator("img").count() >= 1 and dialog.locator("mark").count() >= 1
        page.screenshot(path=str(tmp_path / "documento.png"))
        dialog.get_by_test_id("stSelectbox").click()
        page.get_by_role("option", name="Art. 1", exact=False).first.click()
        dialog.get_by_text("protocollo-valfiorita.pdf, pagina 1").wait_for(timeout=30_000)


def test_on_a_phone_every_view_is_reachable_scadenze_are_cards_and_the_input_stays_in_view(corpus_store, tmp_path):
    with server(corpus_store) as url, browser(width=390, height=844) as page:
        page.goto(url)
        box = page.get_by_placeholder("Scrivi una domanda sui documenti")
        box.wait_for(timeout=90_000)
        examples = page.get_by_test_id("stExpander").filter(has_text="Domande di esempio")
        buttons = examples.get_by_role("button").filter(has_not_text="Domande di esempio")
        buttons.nth(2).wait_for(timeout=90_000)  # drawn once the knowledge base has offered them
        assert buttons.count() >= 3 and all(len(t) <= 48 for t in buttons.all_inner_texts())  # short labels
        examples.get_by_text("Domande di esempio").click()  # they fold away
        buttons.first.wait_for(state="hidden", timeout=10_000)
        for tab in page.get_by_role("tab").all():  # none hidden behind an arrow
            edge = tab.bounding_box()
            assert edge is not None and edge["x"] >= 0 and edge["x"] + edge["width"] <= 390, tab.inner_text()
        ask(page, QUESTION, EXPECTED)
        ask(page, "Ogni quanto si riunisce l'Assemblea dei Sindaci di Melzo?", "mensilmente")
        place = box.bounding_box()
        assert place is not None and 0 <= place["y"] and place["y"] + place["height"] <= 844  # pinned in view
        page.screenshot(path=str(tmp_path / "telefono-chat.png"))
        message = page.get_by_test_id("stChatMessage").last  # a source, and its document, on the phone
        message.get_by_text("Risposta in").wait_for(timeout=60_000)  # the answer's run is over: a click is not lost
        source = message.get_by_test_id("stExpander").filter(has_text="[1]").first
        source.click()
        source.get_by_role("button", name="Apri nel documento").click()
        dialog = page.get_by_role("dialog")
        page.screenshot(path=str(tmp_path / "telefono-documento.png"))
        dialog.get_by_text("Parte del documento").wait_for(timeout=60_000)
        assert dialog.bounding_box()["width"] <= 390
        page.keyboard.press("Escape")
        page.get_by_role("tab", name="Scadenze").click()
        cards = page.locator(".st-key-timeline_cards")
        cards.get_by_text("31/12/2023").first.wait_for(timeout=30_000)
        assert cards.is_visible() and not page.locator(".st-key-timeline_chart").is_visible()
        assert cards.get_by_text("Validità — scaduta, verificare la proroga").count() == 1  # in today's terms
        page.screenshot(path=str(tmp_path / "telefono-scadenze.png"))
        assert english_on(page) == []
        page.set_viewport_size({"width": 1400, "height": 1000})  # on a desktop, the chart
        page.locator(".st-key-timeline_chart").wait_for(state="visible", timeout=10_000)
        assert not cards.is_visible()


def test_documents_are_opened_corrected_and_removed_in_the_browser(corpus_store, tmp_path):
    import re

    from playwright.sync_api import expect

    store = shutil.copytree(corpus_store, tmp_path / "store")
    sesto = "Atto d'intesa tra l'Assemblea dei Sindaci dell'Ambito di Sesto San Giovanni"
    with server(store) as url, browser(height=1100) as page:
        page.goto(url)
        page.get_by_placeholder("Scrivi una domanda sui documenti").wait_for(timeout=90_000)
        page.get_by_role("tab", name="Documenti").click()
        page.get_by_role("button", name="Apri il documento").click()  # the first document, opened
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("Parte del documento").wait_for(timeout=30_000)
        page.keyboard.press("Escape")
        chooser = page.get_by_test_id("stSelectbox").filter(has_text="Quale documento")
        chooser.click()
        page.get_by_role("option", name=sesto, exact=False).first.click()
        page.wait_for_timeout(1500)  # the rerun that draws the chosen document's forms
        page.get_by_role("button", name="Correggi titolo, territorio, tipo").click()
        title = page.get_by_role("textbox", name="Titolo", exact=True)
        expect(title).to_have_value(re.compile("^" + re.escape(sesto)), timeout=30_000)
        title.fill("Intesa di Sesto con i sindacati (2021)")
        page.get_by_role("button", name="Salva", exact=True).click()
        page.get_by_text("Corretto: «Intesa di Sesto con i sindacati (2021)».").wait_for(timeout=60_000)
        chooser = page.get_by_test_id("stSelectbox").filter(has_text="Quale documento")
        chooser.click()
        page.get_by_role("option", name="Intesa di Sesto con i sindacati (2021)").click()
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="Rimuovi dall'archivio").click()
        page.get_by_role("button", name="Sì, rimuovi").click()
        page.get_by_text("Rimosso dall'archivio: sesto-san-giovanni-intesa-sindacati-2021.md.").wait_for(timeout=60_000)
        assert page.get_by_test_id("stSidebar").get_by_test_id("stMetricValue").first.inner_text() == "4"
