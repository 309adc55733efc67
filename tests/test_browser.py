"""End to end in headless Chromium (Debian's `chromium` package): the server on localhost, the
page loaded, a question asked, the answer and its citation checked, a screenshot saved."""

from __future__ import annotations

import pytest

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
    assert shot.stat().st_size > 10_000
    assert took < 30
