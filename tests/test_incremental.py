"""A change costs its documents: an ingest or a removal reads only the documents it changes, and
its BM25 index, word statistics and knowledge base are those of reading every document again."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from assistant.storage.bm25 import bm25_scores
from assistant.storage.kb import KnowledgeBase
from assistant.storage.lexical import LexicalIndex, _generation
from assistant.storage.settings import Settings
from ingest import extract
from ingest.pipeline import build_indexes, ingest
from ingest.removal import remove

from .conftest import MELZO

SESTO = "sesto-san-giovanni-intesa-sindacati-2021.md"
QUESTIONS = [
    "Chi coordina il Tavolo Tecnico?",
    "Ogni quanto si riuniscono le parti dell'intesa?",
    "Cosa vuol dire OMI?",
    "quota di compartecipazione ai servizi",
]


def _state(root: Path) -> dict:
    """Everything a reader reads of the words' side, comparable between two stores."""
    index = LexicalIndex.load(root)
    assert index is not None
    kb = KnowledgeBase.load(root)
    return {
        "passages": [asdict(p) for p in index.passages],
        "words": json.loads(index.words.to_json()),
        "search": {q: [(p.id, round(s, 6)) for p, s in index.search(q, 10)] for q in QUESTIONS},
        "kb": {"records": kb.records.to_json(), "documents": kb.documents},
    }


def _full(tmp_path: Path, files: list[Path]) -> dict:
    """The same files, every one read into a store of its own."""
    other = Settings.resolve(tmp_path / "full", "hash")
    ingest(files, other)
    return _state(other.store)


def test_a_changed_document_is_read_alone_and_the_store_is_as_if_read_whole(
    corpus_copy, hash_settings, tmp_path, monkeypatch
):
    ingest([corpus_copy], hash_settings)
    changed = corpus_copy / MELZO  # a document in the middle: its records go back in their place
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\nLe parti si incontrano anche ogni due mesi presso il Comune.\n",
        encoding="utf-8",
    )
    read: list[str] = []
    real = extract.extract
    monkeypatch.setattr(extract, "extract", lambda ps: read.extend({p.source for p in ps}) or real(ps))
    report = ingest([corpus_copy], hash_settings)
    assert len(report.updated) == 1 and len(report.unchanged) == 4
    assert set(read) == {MELZO}  # the knowledge base extracted from the changed document only
    monkeypatch.setattr(extract, "extract", real)
    mine = _state(hash_settings.store)
    assert "ogni due mesi" in json.dumps(mine["passages"], ensure_ascii=False)
    assert mine == _full(tmp_path, [corpus_copy])


def test_a_removed_document_leaves_the_store_as_if_the_others_were_read_whole(corpus_copy, hash_settings, tmp_path):
    ingest([corpus_copy], hash_settings)
    remove([SESTO], hash_settings)
    mine = _state(hash_settings.store)
    assert SESTO not in {p["source"] for p in mine["passages"]}
    assert mine == _full(tmp_path, sorted(f for f in corpus_copy.iterdir() if f.name not in (SESTO, "manifest.json")))


def test_a_reader_fetches_passages_from_disk_not_all_in_memory(corpus_copy, hash_settings):
    ingest([corpus_copy], hash_settings)
    index = LexicalIndex.load(hash_settings.store)
    assert index is not None
    assert not isinstance(index.passages, list)  # a table on disk, read by position, id or document
    melzo = index.passages.of_source(MELZO)
    assert [p.order for p in melzo] == sorted(p.order for p in melzo)
    at = index.passages.position(melzo[3].id)
    assert at is not None and index.passages[at] == melzo[3]
    assert index.passages.counts()[MELZO] == len(melzo)
    with pytest.raises(IndexError):
        index.passages[len(index.passages)]
    assert [d.source for d in index.words.documents] == sorted(p.name for p in corpus_copy.glob("*.md"))


def test_a_store_of_the_previous_format_is_read_and_then_brought_up_to_date(corpus_copy, hash_settings, tmp_path):
    """A store written by the previous version (passages.jsonl, no statistics) still answers, its
    index made in memory; the next ingest writes the new format."""
    ingest([corpus_copy], hash_settings)
    base = hash_settings.store / "lexical"
    current = json.loads((base / "CURRENT.json").read_text())
    gen = base / current["generation"]
    passages = list(LexicalIndex.load(hash_settings.store).passages)
    (gen / "passages.sqlite").unlink()
    with (gen / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for p in passages:
            fh.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
    old = LexicalIndex.load(hash_settings.store)
    assert old is not None and len(old) == len(passages) and old.search("Tavolo Tecnico coordinamento", 3)
    (corpus_copy / SESTO).write_text((corpus_copy / SESTO).read_text() + "\n\nUna riga in più.\n")
    ingest([corpus_copy], hash_settings)
    assert (base / json.loads((base / "CURRENT.json").read_text())["generation"] / "passages.sqlite").is_file()
    assert _state(hash_settings.store) == _full(tmp_path, [corpus_copy])


def test_build_indexes_of_everything_matches_the_incremental_result(corpus_copy, hash_settings, tmp_path):
    ingest([corpus_copy], hash_settings)
    again = tmp_path / "again"
    shutil.copytree(hash_settings.store, again)
    build_indexes(LexicalIndex.load(again).passages, again)
    assert _state(again) == _state(hash_settings.store)


def test_bm25_scores_are_those_bm25s_computes(corpus_copy, hash_settings):
    """The index is computed by numpy over all words at once (lexical.bm25_scores): the same
    arrays as bm25s's own index of the same words, so a newer bm25s that changed them is caught."""
    import bm25s
    import numpy as np
    from bm25s.tokenization import Tokenized

    ingest([corpus_copy], hash_settings)
    table = LexicalIndex.load(hash_settings.store).passages
    flat, lengths, vocab = table.token_ids()
    ids = [part.tolist() for part in np.split(flat, np.cumsum(lengths)[:-1])]
    theirs = bm25s.BM25()
    theirs.index(Tokenized(ids=ids, vocab=dict(vocab)), show_progress=False)
    assert theirs.vocab_dict == {**vocab, "": len(vocab)}  # what lexical._bm25_of gives it too
    ours = bm25_scores(flat, lengths, len(vocab), theirs.k1, theirs.b)
    assert ours["num_docs"] == theirs.scores["num_docs"] == len(table)
    for key in ("indices", "indptr"):
        assert np.array_equal(ours[key], theirs.scores[key])
    assert np.allclose(ours["data"], theirs.scores["data"], rtol=1e-5, atol=1e-6)


def test_an_ingest_with_nothing_changed_brings_an_index_of_another_format_up_to_date(corpus_copy, hash_settings):
    """Words counted by an earlier version: readers would count them again at each start, so the
    next ingest writes them anew even when no file changed."""
    ingest([corpus_copy], hash_settings)
    before = _state(hash_settings.store)
    pointer = hash_settings.store / "lexical" / "CURRENT.json"
    pointer.write_text(json.dumps({**json.loads(pointer.read_text()), "format": "earlier"}))
    assert not LexicalIndex.current(hash_settings.store)
    report = ingest([corpus_copy], hash_settings)
    assert len(report.unchanged) == 5 and not report.updated
    assert LexicalIndex.current(hash_settings.store) and _state(hash_settings.store) == before


@pytest.mark.parametrize("loss", ["folder", "generation"])
def test_an_ingest_with_nothing_changed_rebuilds_a_lost_index_from_the_vectors(corpus_copy, hash_settings, loss):
    """The lexical index gone (its folder, or the generation its pointer names): the next ingest
    reads it again from the vector store, even though no file changed."""
    ingest([corpus_copy], hash_settings)
    before = _state(hash_settings.store)
    base = hash_settings.store / "lexical"
    gone = base if loss == "folder" else base / json.loads((base / "CURRENT.json").read_text())["generation"]
    shutil.rmtree(gone)
    assert not LexicalIndex.saved(hash_settings.store)
    ingest([corpus_copy], hash_settings)
    assert LexicalIndex.saved(hash_settings.store) and _state(hash_settings.store) == before


def _damage(root: Path, part: str) -> None:
    """A file of the saved index overwritten with noise, as a disk error would leave it."""
    gen = _generation(root)
    assert gen is not None
    target = gen / "bm25" / "data.csc.index.npy" if part == "bm25" else gen / "passages.sqlite"
    target.write_bytes(b"\x93NUMPY rumore" * 7 if part == "bm25" else b"SQLite format 3\x00" + b"\xff" * 200)


@pytest.mark.parametrize("part", ["bm25", "table"])
def test_a_damaged_index_loses_no_document_when_a_file_is_added(corpus_copy, hash_settings, tmp_path, part):
    """Before: a saved index that could not be read was taken for no index, and adding one file
    left the words and the knowledge base with that file alone. Now every document stays."""
    ingest([corpus_copy], hash_settings)
    _damage(hash_settings.store, part)
    (corpus_copy / "nota.md").write_text(
        "# Nota del Comune di Prova\n\nArt. 1 Oggetto\n\nIl tavolo di Prova si riunisce ogni mese.\n", encoding="utf-8"
    )
    report = ingest([corpus_copy], hash_settings)
    assert len(report.added) == 1 and len(report.unchanged) == 5
    assert _state(hash_settings.store) == _full(tmp_path, [corpus_copy])


def test_damaged_bm25_arrays_are_computed_again_and_rewritten_by_the_next_ingest(corpus_copy, hash_settings, caplog):
    ingest([corpus_copy], hash_settings)
    before = _state(hash_settings.store)
    _damage(hash_settings.store, "bm25")
    with caplog.at_level("WARNING"):
        assert _state(hash_settings.store) == before  # a reader searches by words as before
    assert "ricalcolato dalle parole dei passaggi" in caplog.text
    assert LexicalIndex.damaged(hash_settings.store)
    report = ingest([corpus_copy], hash_settings)  # nothing changed: the index is written again
    assert len(report.unchanged) == 5 and not LexicalIndex.damaged(hash_settings.store)
    assert _state(hash_settings.store) == before


def test_a_damaged_table_is_an_italian_error_for_readers_and_the_next_ingest_mends_it(corpus_copy, hash_settings):
    from assistant.core.errors import DamagedIndex
    from assistant.retrieve import Retriever

    ingest([corpus_copy], hash_settings)
    before = _state(hash_settings.store)
    _damage(hash_settings.store, "table")
    with pytest.raises(DamagedIndex) as err:
        Retriever.open(hash_settings)
    assert "danneggiato" in str(err.value) and "pdz ingest" in str(err.value)
    ingest([corpus_copy], hash_settings)
    assert _state(hash_settings.store) == before
