"""Shared fixtures. The network is blocked for every test: the product must work offline."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MELZO = "melzo-accordo-di-programma-piano-di-zona-2021-2023.md"

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Only loopback connections are allowed."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("/"):
            raise OSError(f"rete bloccata nei test: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.delenv("PDZ_STORE", raising=False)
    monkeypatch.delenv("PDZ_EMBEDDER", raising=False)
    monkeypatch.delenv("PDZ_CHROMA_URL", raising=False)


@pytest.fixture(scope="session", autouse=True)
def engine_cache(tmp_path_factory):
    """The e5 engine built for this machine (assistant/storage/e5engine.py) goes to the session's
    own cache, not the user's: built once per run, the first time a test needs e5."""
    os.environ["PDZ_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A private copy of the shipped corpus that a test may change."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


@pytest.fixture
def hash_settings(tmp_path):
    from assistant.storage.settings import Settings

    return Settings.resolve(tmp_path / "store", "hash")


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The shipped corpus in a store built with the hash embedder (fast; BM25 does the work).
    Tests that change a store copy it first."""
    from assistant.storage.settings import Settings
    from ingest.pipeline import ingest

    root = tmp_path_factory.mktemp("corpus_store") / "store"
    report = ingest([CORPUS], Settings.resolve(root, "hash"))
    assert report.ok and report.documents == 5
    return root


def made_up_store(root: Path, files: dict[str, str]):
    """Made-up documents written under root/docs and ingested with the hash embedder; the
    store's Settings."""
    from assistant.storage.settings import Settings
    from ingest.pipeline import ingest

    docs = root / "docs"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = Settings.resolve(root / "store", "hash")
    assert ingest([docs], settings).ok
    return settings


def made_up_answerer(root: Path, files: dict[str, str]):
    """The answerer over a made_up_store of these documents."""
    from assistant.ranked import RankedAnswerer
    from assistant.retrieve import Retriever

    return RankedAnswerer(Retriever.open(made_up_store(root, files)))
