"""End to end in headless Chromium (Debian's `chromium` package): the server on localhost, the
page loaded, a question asked, the answer and its citation checked, a screenshot saved; the
review dossier downloaded from the Verifica tab."""

from __future__ import annotations

import pytest
from docx import Document

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
