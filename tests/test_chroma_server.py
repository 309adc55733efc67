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

from assistant.storage.kb import KB_FILE
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
    assert (office_b / "lexical").is_dir() and (office_b / KB_FILE).is_file()

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


def test_a_second_writer_waits_for_the_first(chroma_url, tmp_path):
    """While one machine holds the server's lease, another machine's ingest waits, says so, and
    writes once the lease is given back; the lease is left free afterwards."""
    from assistant.storage.replica import Lease
    from assistant.storage.store import VectorStore

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rete.md").write_text(RETE, encoding="utf-8")
    server = VectorStore(None, chroma_url)
    holder = Lease(server, "l'ufficio di prova")
    holder.acquire(wait=5)
    env = {**os.environ, "PDZ_CHROMA_URL": chroma_url}
    store = tmp_path / "ufficio-b"
    waiting = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "ingest",
            str(docs),
            "--store",
            str(store),
            "--embedder",
            "hash",
            "--json",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # each line blocks until the writer speaks: it says it waits, or it ended (then the loop ends)
        said = next((line for line in waiting.stderr if "attendo" in line), "")
        assert "sta scrivendo l'ufficio di prova: attendo" in said, waiting.stderr.read()
        assert waiting.poll() is None and server.count() == 0  # nothing written while the lease is held
    finally:
        holder.release()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert json.loads(out)["passages"] >= 1 and server.count() >= 1
    assert server.stamp().get("pdz_lease_owner") == ""  # given back


def test_two_offices_ingesting_at_once_lose_nothing(chroma_url, tmp_path):
    """Two machines ingest different documents into one server at the same moment: both finish,
    and each machine then answers about the other's document too."""
    offices = []
    for name, text in (("rete.md", RETE), ("sportello.md", SPORTELLO)):
        folder = tmp_path / name.removesuffix(".md")
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        offices.append((folder, tmp_path / f"ufficio-{name[:4]}"))
    env = {**os.environ, "PDZ_CHROMA_URL": chroma_url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "ingest", str(folder), "--store", str(store), "--embedder", "hash"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder, store in offices
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    for _, store in offices:
        rete = ask("Chi coordina il Comitato di rete?", store, chroma_url)
        sportello = ask("Chi gestisce lo Sportello lavoro di Montelungo?", store, chroma_url)
        assert "Biblioteca civica di Valfiorita" in rete["answer"], store
        assert "Consorzio Alto Fiume" in sportello["answer"], store


def test_a_reset_keeps_the_writers_lease(tmp_path):
    """An embedder switch makes the collection anew: the lease of the writer doing it survives,
    and another client's view of the collection can still renew it."""
    from assistant.storage.replica import Lease
    from assistant.storage.store import VectorStore

    store = VectorStore(tmp_path / "chroma")
    lease = Lease(store, "ufficio A")
    lease.acquire(wait=5)
    try:
        other_client = VectorStore(tmp_path / "chroma")
        store.reset()
        assert store.stamp()["pdz_lease_owner"] == lease.token
        other_client.set_stamp(pdz_generation="g1")  # a client opened before the reset
        assert store.stamp()["pdz_lease_owner"] == lease.token and store.stamp()["pdz_generation"] == "g1"
    finally:
        lease.release()
    assert store.stamp()["pdz_lease_owner"] == ""


def test_a_lease_held_too_long_is_refused_in_italian_and_a_dead_writers_lease_is_taken(tmp_path):
    """A writer that waits past PDZ_LEASE_WAIT stops with the reason; a lease whose writer died
    (expired) is free to take at once."""
    import time

    from assistant.core.errors import StoreBusy
    from assistant.storage.replica import Lease
    from assistant.storage.store import VectorStore

    store = VectorStore(tmp_path / "chroma")
    first = Lease(store, "l'ufficio A")
    first.acquire(wait=5)
    heard = []
    try:
        with pytest.raises(StoreBusy, match="sta scrivendo l'ufficio A da oltre 0 s: riprovare al termine"):
            Lease(store, "l'ufficio B").acquire(wait=0.5, on_wait=heard.append)
        assert heard == ["Sul server vettoriale sta scrivendo l'ufficio A: attendo che finisca…"]
    finally:
        first.release()
    store.set_stamp(pdz_lease_owner="morto", pdz_lease_until=time.time() - 1, pdz_lease_who="un ufficio spento")
    taken = Lease(store, "l'ufficio C")
    taken.acquire(wait=0.5)
    try:
        assert store.stamp()["pdz_lease_owner"] == taken.token
    finally:
        taken.release()
