"""The vector side of the store: one Chroma collection. The only module that imports chromadb.

Embedded (`PersistentClient` in <store>/chroma) by default; a Chroma server when a URL is given
(`PDZ_CHROMA_URL`). Vectors always come from our embedder: the collection is created with no
embedding function, so Chroma never downloads its default model."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from ..core.errors import StoreError
from ..core.types import Passage

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

COLLECTION = "passages"
# Flush the HNSW index to disk after every write batch instead of every 1000 records: a writer
# killed mid-ingest then leaves an index another process can open.
_CONFIG = {"hnsw": {"space": "cosine", "sync_threshold": 2, "batch_size": 2}}
_BATCH = 1000
_OPENING = threading.Lock()
_STAMPING = threading.Lock()  # a lease's heartbeat and an ingest's stamp share the metadata


def _client(path: Path | None, url: str | None):
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        return chromadb.HttpClient(
            host=parsed.hostname or "localhost",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    with _OPENING:  # chromadb shares one system per folder and process; two threads must not both make it
        return chromadb.PersistentClient(path=str(path), settings=settings)


def to_metadata(p: Passage, path_key: str) -> dict:
    meta = {
        "source": p.source,
        "path": path_key,
        "title": p.title,
        "locator": p.locator,
        "heading": p.heading,
        "order": p.order,
        "doc_type": p.doc_type,
        "territory": p.territory,
        "date": p.date,
    }
    if p.page is not None:
        meta["page"] = p.page
    if p.page_marks:
        meta["page_marks"] = json.dumps(p.page_marks)
    if p.parties:
        meta["parties"] = json.dumps(p.parties, ensure_ascii=False)
    return meta


def from_record(pid: str, text: str, meta: dict) -> Passage:
    return Passage(
        id=pid,
        source=meta.get("source", ""),
        title=meta.get("title", ""),
        locator=meta.get("locator", ""),
        page=meta.get("page"),
        text=text,
        heading=meta.get("heading", ""),
        order=int(meta.get("order", 0)),
        doc_type=meta.get("doc_type", ""),
        territory=meta.get("territory", ""),
        date=meta.get("date", ""),
        page_marks=tuple(tuple(m) for m in json.loads(meta.get("page_marks") or "[]")),
        parties=tuple(json.loads(meta.get("parties") or "[]")),
    )


class VectorStore:
    def __init__(self, path: Path | None = None, url: str | None = None, collection: str = COLLECTION) -> None:
        try:
            self._client = _client(path, url)
            self._coll = self._client.get_or_create_collection(
                collection, embedding_function=None, configuration=_CONFIG
            )
        except Exception as exc:  # chromadb raises many kinds; all mean "store unusable"
            where = url or str(path)
            raise StoreError(f"Impossibile aprire l'archivio vettoriale ({where}): {exc}") from exc
        self._name = collection

    def stamp(self) -> dict:
        """What the collection records about itself (pdz_generation, pdz_embedder, …): how a
        machine reading a shared server knows whether its own indexes are current."""
        from chromadb.errors import NotFoundError

        try:  # asked again each time: a Collection object keeps the metadata it was opened with
            return dict(self._client.get_collection(self._name).metadata or {})
        except NotFoundError:
            return {}  # removed since it was opened: nothing stamped
        except Exception as exc:  # chromadb raises many kinds; all mean "server unusable"
            raise StoreError(f"Il server vettoriale non risponde: {exc}") from exc

    def set_stamp(self, **values) -> None:
        """Change some of the stamp's keys, keeping the others (read, merge, write: one thread of
        this process at a time; replica.Lease keeps other machines out)."""
        with _STAMPING:  # the collection as it is now: another client may have made it anew (reset)
            self._client.get_collection(self._name).modify(metadata={**self.stamp(), **values})

    def count(self) -> int:
        return self._coll.count()

    def reset(self) -> None:
        """Drop every vector (another embedder is taking over the store); a writer's lease on a
        shared server is kept."""
        lease = {k: v for k, v in self.stamp().items() if k.startswith("pdz_lease_")}
        self._client.delete_collection(self._name)
        self._coll = self._client.get_or_create_collection(self._name, embedding_function=None, configuration=_CONFIG)
        if lease:
            self.set_stamp(**lease)

    def upsert(self, passages: list[Passage], vectors: np.ndarray, path_key: str) -> None:
        for i in range(0, len(passages), _BATCH):
            part = passages[i : i + _BATCH]
            self._coll.upsert(
                ids=[p.id for p in part],
                documents=[p.text for p in part],
                embeddings=np.asarray(vectors[i : i + _BATCH], dtype=np.float32),
                metadatas=[to_metadata(p, path_key) for p in part],
            )

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these passages (those the store holds)."""
        if not ids:
            return {}
        got = self._coll.get(ids=list(dict.fromkeys(ids)), include=["embeddings"])
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"])}

    def ids_for(self, path_key: str) -> set[str]:
        return set(self._coll.get(where={"path": path_key}, include=[])["ids"])

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for i in range(0, len(ids), _BATCH):
            self._coll.delete(ids=ids[i : i + _BATCH])

    def all_passages(self) -> list[Passage]:
        out: list[Passage] = []
        offset = 0
        while True:
            got = self._coll.get(include=["documents", "metadatas"], limit=5000, offset=offset)
            if not got["ids"]:
                break
            out.extend(from_record(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]))
            offset += len(got["ids"])
        return out

    def nearest(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Ids of the nearest passages with cosine similarity: without their texts and metadata,
        less than half the time of `query` (the caller holds the passages already)."""
        res = self._nearest(vector, k, where, ["distances"])
        return [(i, 1.0 - float(dist)) for i, dist in zip(res["ids"][0], res["distances"][0])] if res else []

    def query(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[tuple[Passage, float]]:
        """Nearest passages with cosine similarity (1 - distance)."""
        res = self._nearest(vector, k, where, ["documents", "metadatas", "distances"])
        if not res:
            return []
        return [
            (from_record(i, d, m), 1.0 - float(dist))
            for i, d, m, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])
        ]

    def _nearest(self, vector: np.ndarray, k: int, where: dict | None, include: list[str]):
        if k <= 0:
            return None
        return self._coll.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=k, where=where or None, include=include
        )
