"""One Settings object: explicit argument > environment variable > default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import SettingsError

DEFAULT_STORE = ".pdz"
DEFAULT_EMBEDDER = "e5"
# The embedder reads the heading path and the first characters of each passage; BM25 reads it
# all. See BENCHMARKS.md for what this costs in answers and saves in ingest time.
DEFAULT_DENSE_CHARS = 0


@dataclass(frozen=True)
class Settings:
    store: Path
    embedder: str
    chroma_url: str | None = None
    dense_chars: int = DEFAULT_DENSE_CHARS
    # chosen by an argument or PDZ_EMBEDDER; otherwise a store keeps the embedder that built it
    embedder_chosen: bool = True

    @classmethod
    def resolve(cls, store: str | os.PathLike | None = None, embedder: str | None = None) -> Settings:
        store_value = store if store is not None else os.environ.get("PDZ_STORE") or DEFAULT_STORE
        chosen = embedder or os.environ.get("PDZ_EMBEDDER")
        embedder_value = chosen or DEFAULT_EMBEDDER
        path = Path(store_value).expanduser()
        if path.exists() and not path.is_dir():
            raise SettingsError(f"L'archivio indicato ({path}) esiste ma non è una cartella.")
        raw_dense = os.environ.get("PDZ_DENSE_CHARS", str(DEFAULT_DENSE_CHARS))
        if not raw_dense.isdigit():
            raise SettingsError(f"PDZ_DENSE_CHARS deve essere un numero intero di caratteri, non «{raw_dense}».")
        return cls(
            store=path,
            embedder=embedder_value,
            chroma_url=os.environ.get("PDZ_CHROMA_URL") or None,
            dense_chars=int(raw_dense),
            embedder_chosen=bool(chosen),
        )
