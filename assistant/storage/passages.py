"""The store's passages on disk (SQLite): in document order, each with the words BM25 reads
(token ids into the table's own vocabulary), and each document's word statistics.

A reader opens a saved table read-only and fetches passages by position, id or document, so
that it never holds the whole store in memory. A writer copies the table into memory, replaces
the documents that changed, renumbers the positions and saves it as a new file: the cost of a
change is that of its documents plus a copy, not a reading of every passage."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..core.types import Passage

SCHEMA = """
CREATE TABLE passages(pos INTEGER NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, ord INTEGER NOT NULL,
                      locator TEXT NOT NULL, data TEXT NOT NULL, tokens BLOB NOT NULL);
CREATE INDEX passages_pos ON passages(pos);
CREATE INDEX passages_id ON passages(id);
CREATE INDEX passages_source ON passages(source, ord);
CREATE TABLE vocab(tid INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE);
CREATE TABLE documents(source TEXT PRIMARY KEY, words TEXT NOT NULL);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
CHUNK = 2000  # rows read at a time when going over every passage


def _passage(data: str) -> Passage:
    return Passage(**json.loads(data))


class PassageTable:
    """Passages by position (0 … n-1, the order of (source, order, id)), by id and by document."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()  # one connection, shared by the app's threads
        self._count = self._one("SELECT count(*) FROM passages")[0]

    # ------------------------------------------------------------ opening and saving
    @classmethod
    def new(cls) -> PassageTable:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.executescript(SCHEMA)
        return cls(conn)

    @classmethod
    def open(cls, path: Path) -> PassageTable:
        """A saved table, read-only (it is never written again: a change is saved as a new file)."""
        uri = f"file:{path}?mode=ro&immutable=1"
        return cls(sqlite3.connect(uri, uri=True, check_same_thread=False))

    def copy(self) -> PassageTable:
        """The same table in memory, to be changed."""
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        with self._lock:
            self._conn.backup(conn)
        return PassageTable(conn)

    def save(self, path: Path) -> None:
        target = sqlite3.connect(path)
        try:
            with self._lock:
                self._conn.backup(target)
        finally:
            target.close()

    def close(self) -> None:
        self._conn.close()

    # ------------------------------------------------------------ reading
    def _one(self, sql: str, args: tuple = ()) -> tuple:
        with self._lock:
            return self._conn.execute(sql, args).fetchone()

    def _all(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, pos: int) -> Passage:
        if not 0 <= pos < self._count:
            raise IndexError(pos)
        return _passage(self._one("SELECT data FROM passages WHERE pos = ?", (pos,))[0])

    def __iter__(self) -> Iterator[Passage]:
        for start in range(0, self._count, CHUNK):
            rows = self._all(
                "SELECT data FROM passages WHERE pos >= ? AND pos < ? ORDER BY pos", (start, start + CHUNK)
            )
            yield from (_passage(d) for (d,) in rows)

    def at(self, positions: list[int]) -> list[Passage]:
        """The passages at these positions, in the order given."""
        if not positions:
            return []
        marks = ",".join("?" * len(positions))
        found = dict(self._all(f"SELECT pos, data FROM passages WHERE pos IN ({marks})", tuple(positions)))
        return [_passage(found[p]) for p in positions if p in found]

    def position(self, passage_id: str) -> int | None:
        row = self._one("SELECT pos FROM passages WHERE id = ?", (passage_id,))
        return row[0] if row else None

    def of_source(self, source: str) -> list[Passage]:
        """A document's passages, in document order."""
        return [_passage(d) for (d,) in self._all("SELECT data FROM passages WHERE source = ? ORDER BY pos", (source,))]

    def with_locator(self, fragment: str) -> list[Passage]:
        """The passages whose locator contains `fragment`, in document order."""
        rows = self._all("SELECT data FROM passages WHERE instr(locator, ?) > 0 ORDER BY pos", (fragment,))
        return [_passage(d) for (d,) in rows]

    def counts(self) -> Counter[str]:
        """Passages per document."""
        return Counter(dict(self._all("SELECT source, count(*) FROM passages GROUP BY source")))

    def token_ids(self) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        """The passages' words as ids, all in one array in position order, each passage's count of
        words, and the vocabulary (word -> id) of the words the passages hold, numbered from 0 (a
        word that only removed documents had is left out)."""
        names = dict(self._all("SELECT tid, token FROM vocab"))
        rows = [np.frombuffer(b, dtype=np.int32) for (b,) in self._all("SELECT tokens FROM passages ORDER BY pos")]
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        every = np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, np.int64)
        held = np.bincount(every, minlength=len(names)) > 0
        renumber = np.cumsum(held) - 1  # old id -> id among the words held
        return renumber[every], lengths, {names[int(t)]: i for i, t in enumerate(np.flatnonzero(held))}

    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    def document_words(self) -> dict[str, str]:
        """source -> its word statistics as saved (JSON)."""
        return dict(self._all("SELECT source, words FROM documents"))

    def document_words_of(self, source: str) -> str | None:
        """One document's word statistics as saved (JSON), or None."""
        rows = self._all("SELECT words FROM documents WHERE source = ?", (source,))
        return rows[0][0] if rows else None

    # ------------------------------------------------------------ writing (a table in memory)
    def remove_sources(self, sources: Iterable[str]) -> None:
        gone = [(s,) for s in sources]
        with self._lock, self._conn:
            self._conn.executemany("DELETE FROM passages WHERE source = ?", gone)
            self._conn.executemany("DELETE FROM documents WHERE source = ?", gone)

    def add(self, passages: list[Passage], tokens: list[list[str]]) -> None:
        """New passages with their words (the renumbering in `seal` gives them their place)."""
        with self._lock, self._conn:
            vocab = dict(self._conn.execute("SELECT token, tid FROM vocab").fetchall())
            fresh = {
                t: len(vocab) + i for i, t in enumerate(sorted({t for words in tokens for t in words} - vocab.keys()))
            }
            self._conn.executemany("INSERT INTO vocab(token, tid) VALUES (?, ?)", fresh.items())
            vocab |= fresh
            self._conn.executemany(
                "INSERT INTO passages(pos, id, source, ord, locator, data, tokens) VALUES (-1, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.id,
                        p.source,
                        p.order,
                        p.locator,
                        json.dumps(asdict(p), ensure_ascii=False),
                        np.array([vocab[t] for t in words], dtype=np.int32).tobytes(),
                    )
                    for p, words in zip(passages, tokens, strict=True)
                ],
            )

    def set_document_words(self, words: dict[str, str]) -> None:
        with self._lock, self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO documents(source, words) VALUES (?, ?)", words.items())

    def set_meta(self, key: str, value: str) -> None:
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def seal(self) -> None:
        """Positions 0 … n-1 in document order, after passages were removed or added."""
        with self._lock, self._conn:
            self._conn.execute(
                "UPDATE passages SET pos = r.n FROM (SELECT rowid AS k, row_number() OVER "
                "(ORDER BY source, ord, id) - 1 AS n FROM passages) AS r WHERE passages.rowid = r.k"
            )
            self._count = self._conn.execute("SELECT count(*) FROM passages").fetchone()[0]
