"""A machine reading a shared Chroma server (PDZ_CHROMA_URL) keeps its own BM25 index and
knowledge base: rebuilt here from the server's passages whenever another machine's ingest
stamped a new generation (assistant/storage/replica.py)."""

from __future__ import annotations

from assistant.storage.catalog import Catalog
from assistant.storage.lexical import LexicalIndex
from assistant.storage.replica import server
from assistant.storage.settings import Settings

from .pipeline import build_indexes


def sync(settings: Settings) -> bool:
    """Bring this machine's BM25 index and knowledge base in line with the server; True when
    they were rebuilt. A no-op for an embedded store."""
    if not settings.chroma_url:
        return False
    store = server(settings)
    stamp = store.stamp()
    catalog = Catalog(settings.store)
    generation = stamp.get("pdz_generation")
    built = LexicalIndex.saved(settings.store)  # not loaded: a cheap check, every rerun
    if generation and built and catalog.meta().get("generation") == generation:
        return False
    passages = store.all_passages()
    build_indexes(passages, settings.store)
    if stamp.get("pdz_embedder"):
        catalog.set_embedder(stamp["pdz_embedder"], int(stamp.get("pdz_dim", 0)), int(stamp.get("pdz_dense_chars", 0)))
    catalog.update_meta(
        generation=generation or "",
        ingested=stamp.get("pdz_ingested"),
        documents=len({p.source for p in passages}),
        passages=len(passages),
    )
    return True
