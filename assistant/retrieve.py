"""Hybrid retrieval: dense (Chroma) and lexical (BM25) lists fused by reciprocal rank fusion."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .embed import Embedder, get_embedder
from .errors import StoreError
from .lexical import LexicalIndex
from .settings import Settings
from .store import VectorStore
from .types import Hit, Passage

RRF_K = 60


def rrf(ranked_lists: list[list[Passage]], k: int = RRF_K) -> list[tuple[Passage, float]]:
    """Reciprocal rank fusion: score = sum over lists of 1 / (k + rank)."""
    scores: dict[str, float] = {}
    by_id: dict[str, Passage] = {}
    for ranked in ranked_lists:
        for rank, p in enumerate(ranked, start=1):
            scores[p.id] = scores.get(p.id, 0.0) + 1.0 / (k + rank)
            by_id.setdefault(p.id, p)
    return sorted(((by_id[i], s) for i, s in scores.items()), key=lambda x: -x[1])


@dataclass
class Retriever:
    vectors: VectorStore
    lexical: LexicalIndex
    embedder: Embedder

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> "Retriever":
        """Open a store for reading with the embedder that built it."""
        meta = Catalog(settings.store).meta()
        if not meta and not settings.chroma_url:
            raise StoreError(f"L'archivio {settings.store} è vuoto: eseguire prima «pdz ingest».")
        model = embedder or get_embedder(meta.get("embedder", settings.embedder))
        lexical = LexicalIndex.load(Path(settings.store)) or LexicalIndex([])
        return cls(VectorStore(Path(settings.store) / "chroma", settings.chroma_url), lexical, model)

    def search(self, query: str, k: int = 8, where: dict | None = None, depth: int = 30) -> list[Hit]:
        dense = [p for p, _ in self.vectors.query(self.embedder.embed_query(query), depth, where)]
        lexical = [p for p, _ in self.lexical.search(query, depth)]
        if where:
            lexical = [p for p in lexical if all(getattr(p, f, None) == v for f, v in where.items())]
        return [Hit(p, s, "fused") for p, s in rrf([dense, lexical])[:k]]
