"""Managing documents: removed (their passages, index entries and records leave the store; an
upload's copy is deleted, a file elsewhere stays) or corrected (title, territory, type, kept by
later ingests); an unknown name changes nothing."""

from __future__ import annotations

import pytest

from assistant.core.errors import StoreError
from assistant.service import Service, add_files, edit_document, remove_documents, status
from tests.conftest import made_up_store
from tests.test_answer import ALFA, BETA


def test_a_removed_document_leaves_the_answers_and_the_knowledge_base_and_its_file_stays(tmp_path):
    settings = made_up_store(tmp_path, {"alfa.md": ALFA, "beta.md": BETA})
    before = Service(settings)
    assert {c.source for c in before.kb.commitments()} >= {"alfa.md"}
    assert remove_documents(["alfa.md"], settings) == ["alfa.md"]
    after = Service(settings)
    assert [d.source for d in after.documents] == ["beta.md"] and status(settings).documents == 1
    assert not any(c.source == "alfa.md" for c in after.kb.commitments())
    assert all(p.source == "beta.md" for p in after.retriever.lexical.passages)
    assert (tmp_path / "docs" / "alfa.md").is_file()  # the original is not ours to delete


def test_an_uploaded_copy_is_deleted_with_its_document(tmp_path):
    settings = made_up_store(tmp_path, {"beta.md": BETA})
    assert add_files([("gamma.md", ALFA.encode())], settings).ok
    kept = settings.store / "documenti" / "gamma.md"
    assert kept.is_file()
    remove_documents(["gamma.md"], settings)
    assert not kept.exists() and status(settings).documents == 1


def test_an_unknown_document_is_an_italian_error_and_nothing_is_removed(tmp_path):
    settings = made_up_store(tmp_path, {"alfa.md": ALFA, "beta.md": BETA})
    with pytest.raises(StoreError, match="non c'è nessun documento «zeta.md»"):
        remove_documents(["alfa.md", "zeta.md"], settings)
    assert status(settings).documents == 2


def test_an_edited_title_and_territory_are_followed_at_once_and_kept_by_later_ingests(tmp_path):
    from assistant.storage.embed import get_embedder
    from ingest.pipeline import ingest

    settings = made_up_store(tmp_path, {"alfa.md": ALFA, "beta.md": BETA})
    report = edit_document("alfa.md", settings, title="Protocollo di Alfa 2024", territory="Comune di Alfa")
    assert report.ok and report.tokens_embedded == 0  # the vectors come from the cache
    docs = {d.source: d for d in Service(settings).documents}
    assert (docs["alfa.md"].title, docs["alfa.md"].territory) == ("Protocollo di Alfa 2024", "Comune di Alfa")
    assert all(
        c.title == "Protocollo di Alfa 2024" for c in Service(settings).kb.commitments() if c.source == "alfa.md"
    )
    again = ingest([tmp_path / "docs"], settings, embedder=get_embedder("hash"))  # the folder's next ingest
    assert again.unchanged and Service(settings).titles["alfa.md"] == "Protocollo di Alfa 2024"
    with pytest.raises(StoreError, match="Il titolo non può essere vuoto"):
        edit_document("alfa.md", settings, title="  ")
    with pytest.raises(StoreError, match="nessun documento «zeta.md»"):
        edit_document("zeta.md", settings, title="Zeta")
