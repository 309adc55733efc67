"""The lexical side of the store: BM25 over Italian stems (PyStemmer), stop words out (bm25.py).

Saved as generations under <store>/lexical/: a new index is written to a fresh folder and then
`CURRENT` is switched atomically, so a reader always loads a complete index, old or new. The
passages themselves are kept beside the index (passages.py: on disk, read as needed), with the
words BM25 read in each and the word statistics of each document (wordstats.py), so lexical hits
need no trip to Chroma and a change re-reads only the documents it changes."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

from ..core.errors import DamagedIndex
from ..core.lexicon import stemmer
from ..core.query import undot
from ..core.types import Passage
from .bm25 import BM25Index, stopwords
from .catalog import atomic_write_json
from .passages import PassageTable
from .wordstats import CorpusWords, DocumentWords

log = logging.getLogger(__name__)

_STEMMER = None


def _stemmer():
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("italian")
    return _STEMMER


TOKENS = 2  # how texts are cut into words (2: dotted acronyms joined, "R.E.T.I." -> "RETI")


def _format() -> str:
    """What a saved generation must have been made by to be read as it is: the way words are cut
    (TOKENS) and the code that counts them (word statistics, content words, stems); another
    version is read again from its passages."""
    from ..core import lexicon, query
    from . import wordstats

    digest = hashlib.sha256(str(TOKENS).encode())
    for module in (lexicon, query, wordstats):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


FORMAT = _format()


def tokenize(texts: list[str]):
    """The words BM25 reads in each text (bm25s's Tokenized: ids into its own vocabulary)."""
    import bm25s

    return bm25s.tokenize(
        [_words(t) for t in texts], stopwords=stopwords(), stemmer=_stemmer().stemWords, show_progress=False
    )


def _words(text: str) -> str:
    """A text as BM25 reads it: l'Ambito -> l Ambito, R.E.T.I. -> RETI."""
    return undot(text.replace("'", " ").replace("’", " "))


class LexicalIndex:
    """BM25 over the store's passages, the passages themselves and the store's word statistics."""

    def __init__(self, table: PassageTable, bm25: BM25Index | None = None, words: CorpusWords | None = None) -> None:
        self.passages = table
        self._bm25 = bm25
        self.words = words or CorpusWords()

    @classmethod
    def build(cls, passages: list[Passage]) -> LexicalIndex:
        """The index of these passages, every one read."""
        return cls(PassageTable.new()).updated(set(), passages)

    def updated(self, replaced: set[str], new: list[Passage]) -> LexicalIndex:
        """A new index in memory: this one less the documents `replaced`, plus the `new` passages;
        only the new passages are read, the others keep the words and statistics they had."""
        table = self.passages.copy()
        table.remove_sources(replaced | {p.source for p in new})
        new = sorted(new, key=lambda p: (p.source, p.order, p.id))
        if new:
            tokenized = tokenize([p.indexed_text for p in new])
            words = {i: w for w, i in tokenized.vocab.items()}
            table.add(new, [[words[i] for i in ids] for ids in tokenized.ids])
            stem = stemmer()
            by_source: dict[str, list[Passage]] = {}
            for p in new:
                by_source.setdefault(p.source, []).append(p)
            table.set_document_words({s: DocumentWords.of(ps, stem).to_json() for s, ps in by_source.items()})
        table.seal()
        stats = CorpusWords.merge(DocumentWords.from_json(w) for w in table.document_words().values())
        table.set_meta("words", stats.to_json())
        table.set_meta("format", FORMAT)
        return LexicalIndex(table, _bm25_of(table), stats)

    def stems_of(self, source: str) -> frozenset[str]:
        """The stems of a document's passages, headings included, as its statistics were saved
        when it was read (empty for a document the index does not hold)."""
        saved = self.passages.document_words_of(source)
        return frozenset(DocumentWords.from_json(saved).stems) if saved else frozenset()

    def search(self, query: str, k: int = 10) -> list[tuple[Passage, float]]:
        if self._bm25 is None or not len(self.passages) or not query.strip():
            return []
        stems = self._bm25.stems(_words(query), _stemmer().stemWords)
        if not stems:
            return []
        docs, scores = self._bm25.top(stems, min(k, len(self.passages)))
        hits = [(int(d), float(s)) for d, s in zip(docs, scores, strict=True) if s > 0]
        return list(zip(self.passages.at([d for d, _ in hits]), [s for _, s in hits], strict=True))

    # ------------------------------------------------------------ persistence
    def save(self, root: Path) -> Path:
        base = root / "lexical"
        base.mkdir(parents=True, exist_ok=True)
        gen = base / f"gen-{time.time_ns()}-{uuid.uuid4().hex[:6]}"
        gen.mkdir()
        self.passages.save(gen / "passages.sqlite")
        if self._bm25 is not None:
            self._bm25.save(gen / "bm25")
        for f in gen.rglob("*"):
            if f.is_file():
                with f.open("rb") as fh:
                    os.fsync(fh.fileno())
        atomic_write_json(
            base / "CURRENT.json", {"generation": gen.name, "passages": len(self.passages), "format": FORMAT}
        )
        for old in base.glob("gen-*"):
            if old != gen and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)  # a reader that opened it keeps its files open
        return gen

    @classmethod
    def load(cls, root: Path) -> LexicalIndex | None:
        """The current generation, or None if the store has none yet. A generation removed
        while we open it (a writer switched meanwhile) is retried with the new pointer. BM25's
        arrays that cannot be read are computed again from the passages' words (which the table
        keeps); a table that cannot be read is DamagedIndex, never taken for no index at all."""
        base = root / "lexical"
        problem: Exception | None = None
        for _ in range(5):
            gen = _generation(root)
            if gen is None:
                return None
            try:
                if not (gen / "passages.sqlite").is_file():
                    if (gen / "passages.jsonl").is_file():  # a store of an earlier version
                        log.info("indice BM25 di una versione precedente: ricostruito in memoria")
                        return cls.build(_read_jsonl(gen / "passages.jsonl"))
                    raise FileNotFoundError(gen / "passages.sqlite")
                table = PassageTable.open(gen / "passages.sqlite")
                words = table.meta("words")
                if table.meta("format") != FORMAT or words is None:  # words cut or counted another way
                    log.info("indice BM25 di una versione precedente: ricostruito in memoria")
                    return cls.build(list(table))
                return cls(table, _bm25_saved(gen, table), CorpusWords.from_json(words))
            except (FileNotFoundError, ValueError, OSError, sqlite3.Error) as exc:
                problem = exc
                time.sleep(0.05)
        raise DamagedIndex(
            f"L'indice delle parole dell'archivio ({base}) è danneggiato e non si legge ({problem}). "
            "«pdz ingest» lo ricostruisce dai passaggi dell'archivio."
        )

    @staticmethod
    def damaged(root: Path) -> str:
        """Why the saved index cannot be read as it was saved, or "" (none saved, or sound). A
        load: cheap on a sound index (memory-mapped), so an ingest can ask every time."""
        try:
            index = LexicalIndex.load(root)
        except DamagedIndex as exc:
            return str(exc)
        if index is not None and index._bm25 is not None and index._bm25.recomputed:
            return "i suoi indici BM25 non si leggono"
        return ""

    @staticmethod
    def saved(root: Path) -> bool:
        """The store has an index on disk (its pointer and the generation it points to), without
        opening it: a stale one would be read again whole just to learn that it is there."""
        gen = _generation(root)
        return gen is not None and gen.is_dir()

    @staticmethod
    def current(root: Path) -> bool:
        """The saved index is of this version's format (else readers make it again in memory)."""
        pointer = _pointer(root)
        return pointer is not None and pointer.get("format") == FORMAT

    def __len__(self) -> int:
        return len(self.passages)


def _bm25_saved(gen: Path, table: PassageTable) -> BM25Index | None:
    """The generation's BM25 arrays, memory-mapped; computed again from the table's words when
    they cannot be read (the index then says so: `recomputed`)."""
    if not len(table):
        return None
    try:
        return BM25Index.load(gen / "bm25")
    except (OSError, ValueError, KeyError) as exc:
        if not gen.is_dir():  # the generation was replaced meanwhile: read the new one
            raise
        log.warning("indice BM25 di %s illeggibile (%s): ricalcolato dalle parole dei passaggi", gen, exc)
        index = _bm25_of(table)
        if index is not None:
            index.recomputed = True
        return index


def _bm25_of(table: PassageTable) -> BM25Index | None:
    """BM25 over the words the table keeps for each passage (none are read again)."""
    if not len(table):
        return None
    flat, lengths, vocab = table.token_ids()
    return BM25Index.of_words(flat, lengths, vocab)


def _generation(root: Path) -> Path | None:
    """The folder of the generation the pointer names (None: no pointer)."""
    pointer = _pointer(root)
    return None if pointer is None else root / "lexical" / str(pointer.get("generation", ""))


def _pointer(root: Path) -> dict | None:
    try:
        found = json.loads((root / "lexical" / "CURRENT.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _read_jsonl(path: Path) -> list[Passage]:
    with path.open(encoding="utf-8") as fh:
        return [Passage(**json.loads(line)) for line in fh if line.strip()]
