"""`pdz chat`: on an empty store it indexes the corpus first, then serves the app."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from assistant.service import status
from assistant.storage.settings import Settings
from tests.browser import free_port
from tests.test_service import NOTA


def test_pdz_chat_ingests_on_first_run_then_serves(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "nota.md").write_bytes(NOTA)
    store, port = tmp_path / "store", free_port()
    env = {**os.environ, "PDZ_EMBEDDER": "hash"}
    command = [sys.executable, "-m", "assistant.cli", "chat", "--store", str(store), "--corpus", str(corpus)]
    proc = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline, healthy = time.monotonic() + 90, False
        while not healthy and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    healthy = r.status == 200
            except OSError:
                time.sleep(0.3)
        assert healthy, "il server non risponde"
        assert status(Settings.resolve(store)).documents == 1
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
    assert "Primo avvio: documenti indicizzati." in out and f"http://localhost:{port}" in out
