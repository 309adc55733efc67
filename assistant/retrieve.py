"""Hybrid retrieval: dense (Chroma) and lexical (BM25) lists fused by reciprocal rank fusion,
with filters (document, territory, type) and a direct lookup when the question names a unit
("l'art. 5 dell'accordo di Melzo", "sezione 6", "allegato 2")."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .core.errors import StoreError
from .core.query import UnitRef
from .core.statements import Statement, dense_text
from .core.statements import same_unit as in_same_unit
from .core.types import DocumentInfo, Hit, Passage
from .storage.catalog import Catalog, VectorCache
from .storage.embed import Embedder, get_embedder
from .storage.lexical import LexicalIndex
from .storage.settings import Settings
from .storage.store import VectorStore

log = logging.getLogger(__name__)

RRF_K = 60
FILTER_FIELDS = ("source", "territory", "doc_type")


def rrf(ranked_lists: list[list[Passage]], k: int = RRF_K) -> list[tuple[Passage, float]]:
    """Reciprocal rank fusion: score = sum over lists of 1 / (k + rank)."""
    scores: dict[str, float] = {}
    by_id: dict[str, Passage] = {}
    for ranked in ranked_lists:
        for rank, p in enumerate(ranked, start=1):
            scores[p.id] = scores.get(p.id, 0.0) + 1.0 / (k + rank)
            by_id.setdefault(p.id, p)
    return sorted(((by_id[i], s) for i, s in scores.items()), key=lambda x: -x[1])


@dataclass(frozen=True)
class Filters:
    """Each field: the accepted values; empty means any."""

    source: tuple[str, ...] = ()
    territory: tuple[str, ...] = ()
    doc_type: tuple[str, ...] = ()

    def accepts(self, p: Passage) -> bool:
        return all(not allowed or getattr(p, f) in allowed for f, allowed in self._items())

    def chroma_where(self) -> dict | None:
        clauses = [{f: {"$in": list(allowed)}} for f, allowed in self._items() if allowed]
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def _items(self):
        return ((f, getattr(self, f)) for f in FILTER_FIELDS)

    def narrowed(self, sources: list[str]) -> Filters:
        if not sources:
            return self
        keep = tuple(s for s in sources if not self.source or s in self.source)
        return Filters(keep or self.source, self.territory, self.doc_type)


EVERYTHING = Filters()  # no filter: the default of every search (frozen, so safe to share)


@dataclass
class Retriever:
    vectors: VectorStore
    lexical: LexicalIndex
    embedder: Embedder
    documents: list[DocumentInfo] = field(default_factory=list)
    store_path: Path | None = None
    vectors_pending: int = 0  # passages an ingest has indexed by their words, not yet by vector

    @property
    def embedded(self) -> float:
        """The share of the passages that have their vector (1.0 once an ingest is over)."""
        total = len(self.lexical)
        return 1.0 if not total or not self.vectors_pending else max(0.0, 1 - self.vectors_pending / total)

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> Retriever:
        """Open a store for reading with the embedder that built it. On a shared Chroma server,
        this machine's BM25 index and knowledge base are first brought in line with it."""
        if settings.chroma_url:
            from ingest.sync import sync

            sync(settings)
        meta = Catalog(settings.store).meta()
        if not meta and not settings.chroma_url:
            raise StoreError(f"L'archivio {settings.store} è vuoto: eseguire prima «pdz ingest».")
        model = embedder or get_embedder(meta.get("embedder", settings.embedder))
        lexical = LexicalIndex.load(Path(settings.store)) or LexicalIndex.build([])
        vectors = VectorStore(Path(settings.store) / "chroma", settings.chroma_url)
        pending = int(meta.get("vectors_pending", 0))
        return cls(vectors, lexical, model, lexical.words.documents, Path(settings.store), pending)

    def dense(self, query: str, depth: int, filters: Filters = EVERYTHING) -> list[Passage]:
        return [p for p, _ in self.vectors_query(self.embedder.embed_query(query), depth, filters)]

    def vectors_query(self, vector, depth: int, filters: Filters = EVERYTHING) -> list[tuple[Passage, float]]:
        """Nearest passages to a query vector, with cosine similarity; [] when the vector side
        cannot answer (a store being rewritten by another process): BM25 then carries alone."""
        try:
            found = [(self.passage(i), s) for i, s in self.vectors.nearest(vector, depth, filters.chroma_where())]
            known = [(p, s) for p, s in found if p is not None]
            if len(known) == len(found) or self.vectors_pending:
                # while an ingest computes vectors, the words are ahead: a vector of a passage
                # they no longer hold is a document's older version, left out
                return known
            # the vectors are newer than the lexical side read at start (another process ingests)
            return self.vectors.query(vector, depth, filters.chroma_where())
        except Exception as exc:  # noqa: BLE001 - chromadb raises several unrelated types here
            log.warning("ricerca vettoriale non riuscita, solo BM25: %s", exc)
            return []

    def passage_vectors(self, passages: list[Passage]) -> list[np.ndarray | None]:
        """The vectors the ingest stored for these passages (None where one is missing)."""
        try:
            found = self.vectors.vectors([p.id for p in passages])
        except Exception as exc:  # noqa: BLE001 - chromadb raises several unrelated types here
            log.warning("vettori dei passaggi non letti: %s", exc)
            found = {}
        return [found.get(p.id) for p in passages]

    def statement_vectors(self, statements: list[Statement]) -> list[np.ndarray | None]:
        """The vectors the ingest computed for these statements (None where one is missing: a
        store read from a shared server keeps only its passages' vectors, or an ingest is
        still computing them)."""
        if self.store_path is None or not (self.store_path / "vectors.sqlite").exists():
            return [None] * len(statements)
        cache = VectorCache(self.store_path / "vectors.sqlite", self.embedder.name)
        try:
            keys = [VectorCache.key(dense_text(s)) for s in statements]
            known = cache.get_many(list(dict.fromkeys(keys)))
        finally:
            cache.close()
        return [known.get(k) for k in keys]

    def search(self, query: str, k: int = 8, filters: Filters = EVERYTHING, depth: int = 30) -> list[Hit]:
        dense = self.dense(query, depth, filters)
        lexical = [p for p, _ in self.lexical.search(query, depth * 3) if filters.accepts(p)][:depth]
        return [Hit(p, s, "fused") for p, s in rrf([dense, lexical])[:k]]

    def lookup(self, units: list[UnitRef], filters: Filters = EVERYTHING) -> list[Passage]:
        """Passages inside the named units, in document order."""
        found = {p.id: p for u in units for p in self.lexical.passages.with_locator(u.label)}
        ordered = sorted(found.values(), key=lambda p: (p.source, p.order, p.id))
        return [p for p in ordered if filters.accepts(p) and any(_in_unit(p.locator, u.label) for u in units)]

    def passage(self, passage_id: str) -> Passage | None:
        i = self.lexical.passages.position(passage_id)
        return self.lexical.passages[i] if i is not None else None

    def passages_of(self, source: str) -> list[Passage]:
        """A document's passages, in document order."""
        return self.lexical.passages.of_source(source)

    def neighbor(self, passage: Passage, delta: int, same_unit: bool = True) -> Passage | None:
        """The passage just before (-1) or after (+1) in the same document; with `same_unit`,
        only inside the same unit."""
        i = self.lexical.passages.position(passage.id)
        if i is None or not 0 <= i + delta < len(self.lexical.passages):
            return None
        other = self.lexical.passages[i + delta]
        if other.source != passage.source or (same_unit and not in_same_unit(other, passage)):
            return None
        return other

    def as_langchain(self, k: int = 5):
        return as_langchain_retriever(self, k)


def _in_unit(locator: str, label: str) -> bool:
    parts = [part.strip() for part in locator.split("›")]
    return any(part == label or part.startswith(label + " ") for part in parts)


def as_langchain_retriever(retriever: Retriever, k: int = 5):
    """The hybrid retriever as a LangChain `BaseRetriever` returning `Document`s with metadata."""
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever

    class PdzRetriever(BaseRetriever):
        top_k: int = k

        def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
            return [
                Document(
                    page_content=h.passage.text,
                    metadata={
                        "id": h.passage.id,
                        "source": h.passage.source,
                        "title": h.passage.title,
                        "locator": h.passage.locator,
                        "page": h.passage.page,
                        "score": h.score,
                    },
                )
                for h in retriever.search(query, self.top_k)
            ]

    return PdzRetriever()
