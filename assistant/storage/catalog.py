"""The store directory's own bookkeeping, beside the vectors:

- `store.json`: which embedder built the store (a different one re-embeds everything);
- `files.json`: every ingested file with its content hash, written atomically after each file;
- `vectors.sqlite`: embedding cache by content hash, so unchanged text is never embedded twice
  and an interrupted ingest resumes where it stopped;
- `.lock`: one writer at a time."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from ..core.errors import StoreBusy, StoreError

SCHEMA = 1


def atomic_write_json(path: Path, data: object) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1))


def atomic_write_text(path: Path, text: str) -> None:
    """Write then rename: readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default
    except ValueError as exc:
        raise StoreError(f"File dell'archivio illeggibile: {path}") from exc


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Catalog:
    def __init__(self, root: Path) -> None:
        self.root = root

    # ------------------------------------------------------------ metadata
    @property
    def meta_path(self) -> Path:
        return self.root / "store.json"

    def meta(self) -> dict:
        return dict(read_json(self.meta_path, {}))

    def set_embedder(self, name: str, dim: int, dense_chars: int = 0, vectors: str | None = None) -> None:
        """`vectors`: what this machine's ingest embedded for the store (embed.VECTORS), when it
        embeds; a machine that only reads a shared server's vectors records none."""
        meta = {"schema": SCHEMA, "embedder": name, "dim": dim, "dense_chars": dense_chars}
        atomic_write_json(self.meta_path, meta | ({"vectors": vectors} if vectors else {}))

    def update_meta(self, **values) -> None:
        atomic_write_json(self.meta_path, {**self.meta(), **values})

    # ------------------------------------------------------------ files
    @property
    def files_path(self) -> Path:
        return self.root / "files.json"

    def files(self) -> dict[str, dict]:
        data = read_json(self.files_path, {})
        return dict(data.get("files", {})) if isinstance(data, dict) else {}

    def last_ingest(self) -> float | None:
        data = read_json(self.files_path, {})
        return data.get("last_ingest") if isinstance(data, dict) else None

    def save_files(self, files: dict[str, dict]) -> None:
        atomic_write_json(self.files_path, {"files": files, "last_ingest": time.time()})

    # ------------------------------------------------------------ lexical index freshness
    @property
    def _dirty_path(self) -> Path:
        return self.root / "lexical.dirty"

    def mark_dirty(self) -> None:
        self._dirty_path.touch()

    def is_dirty(self) -> bool:
        return self._dirty_path.exists()

    def mark_clean(self) -> None:
        self._dirty_path.unlink(missing_ok=True)

    # ------------------------------------------------------------ writer lock
    @contextmanager
    def write_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreBusy(
                    f"Un'altra indicizzazione sta scrivendo nell'archivio {self.root}: riprovare al termine."
                ) from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


class VectorCache:
    """Embeddings by (embedder, sha1 of the embedded text), committed batch by batch."""

    def __init__(self, path: Path, embedder: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (embedder TEXT, key TEXT, tokens INTEGER, vec BLOB,"
            " PRIMARY KEY (embedder, key))"
        )
        self._db.commit()
        self._embedder = embedder

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT key, vec FROM vectors WHERE embedder=? AND key IN ({marks})", [self._embedder, *part]
            )
            out.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return out

    def put_many(self, items: list[tuple[str, int, np.ndarray]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
            [(self._embedder, k, n, np.asarray(v, dtype=np.float32).tobytes()) for k, n, v in items],
        )
        self._db.commit()

    def embed(self, texts: list[str], embedder, batch: int = 32, progress=None) -> tuple[np.ndarray, int]:
        """Vectors for `texts`, in order: from the cache when a text was embedded before, else
        computed (shortest first, so each batch is even) and committed batch by batch, so that an
        interrupted run resumes where it stopped. Returns the vectors and the tokens embedded.
        `progress(total)` may return a bar with update(n) and close()."""
        keys = [self.key(t) for t in texts]
        known = self.get_many(list(dict.fromkeys(keys)))
        todo = sorted({k: t for k, t in zip(keys, texts) if k not in known}.items(), key=lambda kv: len(kv[1]))
        bar = progress(len(todo)) if progress and todo else None
        tokens = 0
        for i in range(0, len(todo), batch):
            part = todo[i : i + batch]
            vecs = embedder.embed_passages([t for _, t in part])
            counts = [embedder.count_tokens(t) for _, t in part]
            tokens += sum(counts)
            self.put_many([(k, n, v) for (k, _), n, v in zip(part, counts, vecs)])
            known.update((k, v) for (k, _), v in zip(part, vecs))
            if bar is not None:
                bar.update(len(part))
        if bar is not None:
            bar.close()
        if not keys:
            return np.zeros((0, embedder.dim), dtype=np.float32), tokens
        return np.stack([known[k] for k in keys]), tokens

    def close(self) -> None:
        self._db.close()
