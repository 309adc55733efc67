"""Statement vectors: an ingest embeds each passage and each of its statements (its lines,
sentences and list items, read with the heading path and the list's lead), and the answerer ranks
each candidate statement by its own vector as well as its passage's."""

import json

import numpy as np
import pytest

from assistant.candidates import CandidateFinder
from assistant.core.statements import dense_text, embedded_statements
from assistant.core.types import Passage
from assistant.retrieve import EVERYTHING, Retriever
from assistant.storage.catalog import Catalog, VectorCache
from assistant.storage.embed import VECTORS, HashEmbedder
from assistant.storage.lexical import LexicalIndex
from assistant.storage.settings import Settings
from assistant.storage.store import VectorStore
from ingest.pipeline import ingest

from .conftest import made_up_store
from .test_pipeline import CountingEmbedder

ACCORDO = """# Accordo di programma dell'Ambito di Valdossola

## Art. 3 – Cabina di regia

La Cabina di regia riunisce i referenti dei Comuni dell'Ambito e si incontra ogni tre mesi.
Il coordinamento spetta al responsabile dell'Ufficio di Piano, che convoca le riunioni.
Le decisioni sono prese a maggioranza dei presenti.

## Art. 4 – Impegni dei Comuni

I Comuni si impegnano a:
- mettere a disposizione il personale dei servizi sociali;
- garantire i livelli essenziali delle prestazioni;
- trasmettere ogni anno i dati sulla spesa sociale.
"""


def _passage(pid: str, locator: str, text: str) -> Passage:
    return Passage(pid, "a.md", "A", locator, None, text, heading=locator)


def test_a_list_that_goes_on_into_the_next_passage_keeps_its_lead_in_the_same_unit_only():
    first = _passage("1", "Art. 4", "Premessa lunga.\nI Comuni si impegnano a:")
    second = _passage("2", "Art. 4", "- mettere a disposizione il personale;\n- garantire i livelli essenziali.")
    elsewhere = _passage("3", "Art. 5", "- una voce di un altro articolo.")
    read = embedded_statements([first, second, elsewhere])
    assert [s.text for s in read[1]] == ["- mettere a disposizione il personale;", "- garantire i livelli essenziali."]
    lead = "Premessa lunga. I Comuni si impegnano a:"  # a short lead with the line before it
    assert all(s.lead == lead for s in read[1])
    assert dense_text(read[1][0]) == f"Art. 4\n{lead}\n- mettere a disposizione il personale;"
    assert read[2][0].lead == ""  # another article: no lead carried over
    # with a limit, only the statements that start within it are read
    assert [s.text for s in embedded_statements([second], limit=10)[0]] == ["- mettere a disposizione il personale;"]


def test_an_ingest_embeds_each_passage_and_each_of_its_statements(tmp_path):
    settings = made_up_store(tmp_path, {"valdossola-accordo.md": ACCORDO})
    hasher = HashEmbedder()
    passages = list(LexicalIndex.load(settings.store).passages)
    stored = VectorStore(settings.store / "chroma").vectors([p.id for p in passages])
    cache = VectorCache(settings.store / "vectors.sqlite", hasher.name)
    several = 0
    for p, statements in zip(passages, embedded_statements(passages)):
        assert np.allclose(stored[p.id], hasher.embed_passages([p.dense_text()])[0], atol=1e-6)
        texts = [dense_text(s) for s in statements]
        cached = cache.get_many([VectorCache.key(t) for t in texts])
        assert len(cached) == len(set(texts)) and statements, p.text
        several += len(statements) > 1
    assert several  # passages of more statements than one: each statement has a vector of its own
    assert Catalog(settings.store).meta()["vectors"] == VECTORS


def test_candidates_carry_their_own_statements_similarity(tmp_path):
    settings = made_up_store(tmp_path, {"valdossola-accordo.md": ACCORDO})
    retriever = Retriever.open(settings)
    question = "Chi coordina la Cabina di regia?"
    cands = CandidateFinder(retriever).find(question, question, EVERYTHING, None)
    qvec = retriever.embedder.embed_query(question)
    own = [c for c in cands if not c.in_list]
    assert own and all(c.statement_dense is not None for c in own)
    for c in own:
        vector = HashEmbedder().embed_passages([dense_text(c.statement)])[0]
        assert abs(c.statement_dense - float(vector @ qvec)) < 1e-5
    by_passage: dict[str, set[float]] = {}
    for c in own:
        by_passage.setdefault(c.passage.id, set()).add(round(c.statement_dense, 6))
    assert any(len(values) > 1 for values in by_passage.values())  # statements of one passage differ


def test_without_the_statements_vectors_the_answer_still_comes_from_the_passages(tmp_path):
    """A machine reading a shared server has the passages' vectors, not the statements' (they
    live in the ingesting machine's cache): the statements then rank by their passage's."""
    from assistant.ranked import RankedAnswerer

    settings = made_up_store(tmp_path, {"valdossola-accordo.md": ACCORDO})
    (settings.store / "vectors.sqlite").unlink()
    retriever = Retriever.open(settings)
    question = "Chi coordina la Cabina di regia?"
    cands = CandidateFinder(retriever).find(question, question, EVERYTHING, None)
    assert cands and all(c.statement_dense is None for c in cands)
    answer = RankedAnswerer(retriever).answer(question)
    assert not answer.refused and answer.citations
    assert any("Art. 3" in c.passage.locator for c in answer.citations)


def test_a_store_embedded_before_statements_were_gets_their_vectors_and_keeps_its_passages(tmp_path):
    settings = made_up_store(tmp_path, {"valdossola-accordo.md": ACCORDO})
    passages = list(LexicalIndex.load(settings.store).passages)
    cache_path = settings.store / "vectors.sqlite"
    statements = [dense_text(s) for own in embedded_statements(passages) for s in own]
    only = set(statements) - {p.dense_text() for p in passages}  # not also a passage's text
    assert only
    cache = VectorCache(cache_path, HashEmbedder.name)
    cache._db.execute(
        f"DELETE FROM vectors WHERE key IN ({','.join('?' * len(only))})", [VectorCache.key(t) for t in only]
    )
    cache._db.commit()
    meta_path = settings.store / "store.json"
    meta = json.loads(meta_path.read_text())
    del meta["vectors"]  # as the code before statement vectors wrote it
    meta_path.write_text(json.dumps(meta))
    before = VectorStore(settings.store / "chroma").vectors([p.id for p in passages])

    emb = CountingEmbedder()
    report = ingest([tmp_path / "docs"], Settings.resolve(settings.store), embedder=emb)
    assert report.ok and report.unchanged and not report.added  # no document read again
    assert emb.embedded == len(only)  # the statements' vectors, and nothing else
    assert len(VectorCache(cache_path, HashEmbedder.name).get_many([VectorCache.key(t) for t in only])) == len(only)
    assert Catalog(settings.store).meta()["vectors"] == VECTORS
    after = VectorStore(settings.store / "chroma").vectors([p.id for p in passages])
    assert all(np.array_equal(before[i], after[i]) for i in before)  # the passages' vectors kept
    emb = CountingEmbedder()
    ingest([tmp_path / "docs"], Settings.resolve(settings.store), embedder=emb)
    assert emb.embedded == 0  # once


def test_adding_the_statements_vectors_resumes_after_a_failure(tmp_path):
    from assistant.core.errors import EmbedderError

    settings = made_up_store(tmp_path, {"valdossola-accordo.md": ACCORDO})
    cache = VectorCache(settings.store / "vectors.sqlite", HashEmbedder.name)
    cache._db.execute("DELETE FROM vectors")  # nothing cached: every text is to embed
    cache._db.commit()
    meta_path = settings.store / "store.json"
    meta = json.loads(meta_path.read_text())
    del meta["vectors"]
    meta_path.write_text(json.dumps(meta))

    class Failing(CountingEmbedder):
        def embed_passages(self, texts):
            raise EmbedderError("Il modello non risponde.")

    with pytest.raises(EmbedderError):
        ingest([tmp_path / "docs"], Settings.resolve(settings.store), embedder=Failing())
    assert json.loads(meta_path.read_text()).get("vectors") != VECTORS  # not marked done: the next ingest goes on
    emb = CountingEmbedder()
    assert ingest([tmp_path / "docs"], Settings.resolve(settings.store), embedder=emb).ok
    assert emb.embedded > 0 and Catalog(settings.store).meta()["vectors"] == VECTORS
