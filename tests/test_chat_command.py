"""`pdz chat`: served at once; on an empty store the page shows the first run's progress while
the server indexes the corpus in the background, and opens the chat when it is done."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from assistant.service import status
from assistant.storage.settings import Settings
from tests.browser import browser, chromium, free_port
from tests.test_service import NOTA


def test_pdz_chat_serves_at_once_and_the_page_indexes_in_the_background(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "nota.md").write_bytes(NOTA)
    store, port = tmp_path / "store", free_port()
    env = {**os.environ, "PDZ_EMBEDDER": "hash"}
    command = [sys.executable, "-m", "assistant.cli", "chat", "--store", str(store), "--corpus", str(corpus)]
    proc = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline, healthy = time.monotonic() + 90, False
        while not healthy and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    healthy = r.status == 200
            except OSError:
                time.sleep(0.3)
        assert healthy, "il server non risponde"
        assert status(Settings.resolve(store)).empty  # served before anything was indexed
        if chromium() is None:
            pytest.skip("Chromium non installato: la pagina del primo avvio non è aperta")
        with browser() as page:
            page.goto(url)
            page.get_by_text("Primo avvio: indicizzo i documenti forniti").wait_for(timeout=60_000)
            page.reload()  # a reload does not stop the work, nor start it twice
            page.get_by_placeholder("Scrivi una domanda sui documenti…").wait_for(timeout=120_000)
        assert status(Settings.resolve(store)).documents == 1
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
    assert "Primo avvio: l'app indicizza i documenti" in out and f"http://localhost:{port}" in out
