"""One Settings object: explicit argument > environment variable > default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import SettingsError

DEFAULT_STORE = ".pdz"
DEFAULT_EMBEDDER = "e5"


@dataclass(frozen=True)
class Settings:
    store: Path
    embedder: str
    chroma_url: str | None = None

    @classmethod
    def resolve(cls, store: str | os.PathLike | None = None, embedder: str | None = None) -> "Settings":
        store_value = store if store is not None else os.environ.get("PDZ_STORE") or DEFAULT_STORE
        embedder_value = embedder or os.environ.get("PDZ_EMBEDDER") or DEFAULT_EMBEDDER
        path = Path(store_value).expanduser()
        if path.exists() and not path.is_dir():
            raise SettingsError(f"L'archivio indicato ({path}) esiste ma non è una cartella.")
        return cls(store=path, embedder=embedder_value, chroma_url=os.environ.get("PDZ_CHROMA_URL") or None)
