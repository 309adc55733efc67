"""Store status, first-run ingest and uploads, on a small made-up store (hash embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.service import UPLOADS, Service, add_files, ensure_corpus, safe_name, status
from assistant.storage.settings import Settings

NOTA = b"""# Protocollo per la rete delle biblioteche di Valfiorita

## Art. 1 - Comitato di rete

Il Comitato di rete e' coordinato dalla Biblioteca civica di Valfiorita e si riunisce ogni tre mesi.
"""


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.resolve(tmp_path / "store", "hash")


def test_status_of_an_empty_store(settings):
    state = status(settings)
    assert state.empty and state.documents == 0 and state.passages == 0 and state.last_ingest is None


def test_first_run_ingests_the_corpus_once(settings, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "nota.md").write_bytes(NOTA)
    report = ensure_corpus(settings, corpus)
    assert report is not None and report.added and report.ok
    state = status(settings)
    assert state.documents == 1 and state.passages >= 1 and state.last_ingest is not None
    assert ensure_corpus(settings, corpus) is None  # the store holds documents: nothing to do


def test_upload_is_kept_and_answered(settings):
    report = add_files([("nota.md", NOTA)], settings)
    assert [Path(a).name for a in report.added] == ["nota.md"]
    assert (settings.store / UPLOADS / "nota.md").read_bytes() == NOTA
    answer = Service(settings).answerer.answer("Chi coordina il Comitato di rete?")
    assert not answer.refused and "Biblioteca civica di Valfiorita" in answer.text


def test_bad_uploads_are_reported_in_italian_and_lose_nothing(settings):
    add_files([("nota.md", NOTA)], settings)
    before = status(settings)
    report = add_files(
        [("nota.md", b""), ("rotto.pdf", b"%PDF-1.4 non finisce"), ("foglio.xlsx", b"PK\x03\x04")], settings
    )
    reasons = {s.path: s.reason for s in report.skipped}
    assert set(reasons) == {"nota.md", "rotto.pdf", "foglio.xlsx"}
    assert "file vuoto" in reasons["nota.md"]
    assert "PDF" in reasons["rotto.pdf"]
    assert "formato non supportato" in reasons["foglio.xlsx"]
    assert not report.added and not report.updated
    # the good document of the same name is still there, in the folder and in the store
    assert (settings.store / UPLOADS / "nota.md").read_bytes() == NOTA
    assert not (settings.store / UPLOADS / "rotto.pdf").exists()
    after = status(settings)
    assert (after.documents, after.passages) == (before.documents, before.passages)
    assert "Valfiorita" in Service(settings).answerer.answer("Chi coordina il Comitato di rete?").text


def test_one_bad_file_does_not_stop_the_good_one(settings):
    report = add_files([("rotto.pdf", b"%PDF-1.4"), ("nota.md", NOTA)], settings)
    assert [Path(a).name for a in report.added] == ["nota.md"]
    assert [s.path for s in report.skipped] == ["rotto.pdf"]


def test_uploads_over_the_limit_and_hostile_ones_are_refused_saying_why(settings, monkeypatch, tmp_path):
    from assistant import service
    from ingest import sandbox

    from .hostile import many_pages_pdf

    monkeypatch.setattr(service, "UPLOAD_MB", 3)
    monkeypatch.setattr(sandbox, "SECONDS", 0.3)
    big = b"Testo di prova. " * 220_000  # 3.5 MB
    endless = many_pages_pdf(tmp_path / "infinito.pdf").read_bytes()  # 2.5 MB, 2 s to read
    report = add_files([("grande.md", big), ("infinito.pdf", endless), ("nota.md", NOTA)], settings)
    reasons = {s.path: s.reason for s in report.skipped}
    assert [Path(a).name for a in report.added] == ["nota.md"]
    assert "troppo grande: 3 MB (limite 3 MB" in reasons["grande.md"] and "interrotta" in reasons["infinito.pdf"]


@pytest.mark.parametrize(
    "raw, kept",
    [("../../etc/passwd.md", "passwd.md"), ("C:\\Users\\x\\nota.md", "nota.md"), (".nascosto.md", "nascosto.md")],
)
def test_upload_names_cannot_leave_the_folder(raw, kept):
    assert safe_name(raw) == kept
