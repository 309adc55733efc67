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
