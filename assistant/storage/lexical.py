"""The lexical side of the store: BM25 (bm25s) over Italian stems (PyStemmer), stop words out.

Saved as generations under <store>/lexical/: a new index is written to a fresh folder and then
`CURRENT` is switched atomically, so a reader always loads a complete index, old or new. The
passages themselves are kept beside the index, so lexical hits need no trip to Chroma."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import asdict
from pathlib import Path

from ..core.query import undot
from ..core.types import Passage
from .catalog import atomic_write_json

log = logging.getLogger(__name__)

_STEMMER = None


def _stemmer():
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("italian")
    return _STEMMER


TOKENS = 2  # how texts are cut into words (2: dotted acronyms joined, "R.E.T.I." -> "RETI")


def tokenize(texts: list[str]):
    import bm25s
    from bm25s.stopwords import STOPWORDS_ITALIAN

    texts = [t.replace("'", " ").replace("’", " ") for t in texts]  # l'Ambito -> l Ambito
    texts = [undot(t) for t in texts]
    return bm25s.tokenize(texts, stopwords=list(STOPWORDS_ITALIAN), stemmer=_stemmer().stemWords, show_progress=False)


class LexicalIndex:
    def __init__(self, passages: list[Passage], bm25=None) -> None:
        self.passages = passages
        self._bm25 = bm25

    @classmethod
    def build(cls, passages: list[Passage]) -> LexicalIndex:
        import bm25s

        passages = sorted(passages, key=lambda p: (p.source, p.order, p.id))
        if not passages:
            return cls([], None)
        bm25 = bm25s.BM25()
        bm25.index(tokenize([p.indexed_text for p in passages]), show_progress=False)
        return cls(passages, bm25)

    def search(self, query: str, k: int = 10) -> list[tuple[Passage, float]]:
        if self._bm25 is None or not self.passages or not query.strip():
            return []
        tokens = tokenize([query])
        if not any(len(ids) for ids in tokens.ids):
            return []
        k = min(k, len(self.passages))
        docs, scores = self._bm25.retrieve(tokens, k=k, show_progress=False)
        return [(self.passages[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    # ------------------------------------------------------------ persistence
    def save(self, root: Path) -> Path:
        base = root / "lexical"
        base.mkdir(parents=True, exist_ok=True)
        gen = base / f"gen-{time.time_ns()}-{uuid.uuid4().hex[:6]}"
        gen.mkdir()
        with (gen / "passages.jsonl").open("w", encoding="utf-8") as fh:
            for p in self.passages:
                fh.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
        if self._bm25 is not None:
            self._bm25.save(str(gen / "bm25"), show_progress=False)
        for f in gen.rglob("*"):
            if f.is_file():
                with f.open("rb") as fh:
                    os.fsync(fh.fileno())
        atomic_write_json(
            base / "CURRENT.json", {"generation": gen.name, "passages": len(self.passages), "tokens": TOKENS}
        )
        for old in base.glob("gen-*"):
            if old != gen and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)  # a reader that loaded it keeps it in memory
        return gen

    @classmethod
    def load(cls, root: Path) -> LexicalIndex | None:
        """The current generation, or None if the store has none yet. A generation removed
        while we read it (a writer switched meanwhile) is retried with the new pointer."""
        import bm25s

        base = root / "lexical"
        for _ in range(5):
            try:
                current = json.loads((base / "CURRENT.json").read_text(encoding="utf-8"))
            except FileNotFoundError:
                return None
            gen = base / current["generation"]
            try:
                with (gen / "passages.jsonl").open(encoding="utf-8") as fh:
                    passages = [Passage(**json.loads(line)) for line in fh if line.strip()]
                if current.get("tokens") != TOKENS:  # words cut another way: index them again, here
                    log.info("indice BM25 di una versione precedente: ricostruito in memoria")
                    return cls.build(passages)
                bm25 = bm25s.BM25.load(str(gen / "bm25"), show_progress=False) if passages else None
                return cls(passages, bm25)
            except (FileNotFoundError, ValueError, OSError):
                time.sleep(0.05)
        return None

    def __len__(self) -> int:
        return len(self.passages)
