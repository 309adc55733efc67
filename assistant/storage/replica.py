"""Several machines, one Chroma server (PDZ_CHROMA_URL). The vectors live on the server; each
machine keeps its own BM25 index and knowledge base beside them, in its local store folder.
Every ingest stamps the server's collection with a new generation; a machine whose indexes were
built from another generation rebuilds them from the server's passages before answering
(ingest/sync.py)."""

from __future__ import annotations

import time
import uuid

from .catalog import Catalog
from .settings import Settings
from .store import VectorStore

_SERVERS: dict[str, VectorStore] = {}


def server(settings: Settings) -> VectorStore:
    """One client per server URL and process."""
    url = settings.chroma_url or ""
    if url not in _SERVERS:
        _SERVERS[url] = VectorStore(None, url)
    return _SERVERS[url]


def stamp_new_generation(store: VectorStore, catalog: Catalog) -> str:
    """After an ingest changed the passages: a new generation, on the collection and locally."""
    generation = uuid.uuid4().hex
    meta = catalog.meta()
    store.set_stamp(
        pdz_generation=generation,
        pdz_embedder=meta.get("embedder", ""),
        pdz_dim=int(meta.get("dim", 0)),
        pdz_dense_chars=int(meta.get("dense_chars", 0)),
        pdz_ingested=time.time(),
    )
    catalog.update_meta(generation=generation)
    return generation


def remote_generation(settings: Settings) -> str | None:
    return server(settings).stamp().get("pdz_generation") if settings.chroma_url else None
