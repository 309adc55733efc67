"""The store on a real Chroma server (`chroma run` on localhost), reached through PDZ_CHROMA_URL:
one machine ingests, another answers from its own local folder, and follows later ingests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import free_port

CHROMA = Path(sys.executable).parent / "chroma"
pytestmark = pytest.mark.skipif(not CHROMA.exists(), reason="comando chroma non installato")

RETE = "# Protocollo della rete di Valfiorita\n\n## Art. 1 - Comitato di rete\n\nIl Comitato di rete è coordinato dalla Biblioteca civica di Valfiorita e si riunisce ogni tre mesi.\n"
SPORTELLO = "# Accordo per lo Sportello lavoro di Montelungo\n\n## Art. 2 - Sportello\n\nLo Sportello lavoro di Montelungo è gestito dal Consorzio Alto Fiume.\n"


@pytest.fixture
def chroma_url(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("il server Chroma non è partito")
        yield url
    finally:
        proc.terminate()
        proc.wait(20)


def pdz(*args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PDZ_CHROMA_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def ask(question: str, store: Path, url: str) -> dict:
    out = pdz("ask", question, "--store", str(store), "--json", url=url)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_one_server_several_machines(chroma_url, tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rete.md").write_text(RETE, encoding="utf-8")
    office_a, office_b = tmp_path / "ufficio-a", tmp_path / "ufficio-b"

    out = pdz("ingest", str(docs), "--store", str(office_a), "--embedder", "hash", "--json", url=chroma_url)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["passages"] >= 1
    assert not (office_a / "chroma").exists()  # the vectors went to the server

    # another office, empty folder, same server: it answers
    first = ask("Chi coordina il Comitato di rete?", office_b, chroma_url)
    assert not first["refused"] and "Biblioteca civica di Valfiorita" in first["answer"]
    # it built its own BM25 index and knowledge base from the server's passages
    assert (office_b / "lexical").is_dir() and (office_b / "kb.json").is_file()

    monkeypatch.setenv("PDZ_CHROMA_URL", chroma_url)
    from assistant.service import status, version
    from assistant.storage.settings import Settings

    seen = version(Settings.resolve(office_b))
    assert status(Settings.resolve(office_b)).documents == 1

    # the first office adds a document; the second one follows
    (docs / "sportello.md").write_text(SPORTELLO, encoding="utf-8")
    out = pdz("ingest", str(docs), "--store", str(office_a), "--embedder", "hash", "--json", url=chroma_url)
    assert out.returncode == 0, out.stderr
    assert version(Settings.resolve(office_b)) != seen
    later = ask("Chi gestisce lo Sportello lavoro di Montelungo?", office_b, chroma_url)
    assert "Consorzio Alto Fiume" in later["answer"]
    assert status(Settings.resolve(office_b)).documents == 2
    kb = pdz("organi", "--store", str(office_b), "--json", url=chroma_url)
    assert kb.returncode == 0 and "Comitato di rete" in kb.stdout

    # and the app of a third office, started on an empty folder, answers from the server
    # (it must not take the empty folder for a first run and index the shipped corpus)
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("PDZ_STORE", str(tmp_path / "ufficio-c"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert at.sidebar.metric[0].value == "2"
    at.chat_input[0].set_value("Chi gestisce lo Sportello lavoro di Montelungo?").run()
    assert "Consorzio Alto Fiume" in "\n".join(m.value for m in at.chat_message[1].markdown)
