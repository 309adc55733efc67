"""BM25 over the store's passages with numpy alone: the arrays computed (bm25_scores), saved in
bm25s's own file format, loaded memory-mapped and searched. The query process thus never imports
bm25s, nor scipy with it: 23 MB of a query process at any scale. The search is bm25s's numpy path
step by step (the query's stems, the sums word by word with np.add.at, its top-k), so passages
and scores are the same to the last bit (tests/test_bm25.py checks it against bm25s)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

# bm25s's defaults, which the index was always built with ("lucene"), as it writes them
K1, B = 1.5, 0.75
PARAMS = {"k1": K1, "b": B, "delta": 0.5, "method": "lucene", "idf_method": "lucene", "dtype": "float32"}
WORD = re.compile(r"(?u)\b\w\w+\b")  # bm25s's (scikit-learn's) words
STOPWORDS = "stopwords.json"  # the stop words the index was built without, kept beside it
ARRAYS = ("data", "indices", "indptr")


def stopwords() -> list[str]:
    """The stop words the ingest leaves out (bm25s's Italian list)."""
    from bm25s.stopwords import STOPWORDS_ITALIAN

    return list(STOPWORDS_ITALIAN)


class BM25Index:
    """The word-by-passage arrays (compressed by word) and the vocabulary of stems."""

    def __init__(self, arrays: dict, vocab: dict[str, int], stop: list[str]) -> None:
        self.arrays, self.vocab, self.stop = arrays, vocab, frozenset(stop)
        self.recomputed = False  # computed again because the saved arrays could not be read

    @classmethod
    def of_words(cls, flat: np.ndarray, lengths: np.ndarray, vocab: dict[str, int]) -> BM25Index:
        arrays = bm25_scores(flat, lengths, len(vocab), K1, B)
        # as bm25s's own index: an empty word, in no passage
        return cls(arrays, vocab | {"": len(vocab)}, stopwords())

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in ARRAYS:
            np.save(folder / f"{name}.csc.index.npy", self.arrays[name])
        params = {**PARAMS, "int_dtype": "int32", "num_docs": int(self.arrays["num_docs"])}
        (folder / "params.index.json").write_text(json.dumps(params, indent=4), encoding="utf-8")
        (folder / "vocab.index.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        (folder / STOPWORDS).write_text(json.dumps(sorted(self.stop), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        """Memory-mapped: only the pages of the words searched are read."""
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        if params.get("method", "lucene") != "lucene":
            raise ValueError(f"indice BM25 di un altro metodo: {params.get('method')}")
        arrays: dict = {name: np.load(folder / f"{name}.csc.index.npy", mmap_mode="r") for name in ARRAYS}
        arrays["num_docs"] = int(params["num_docs"])
        vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        kept = folder / STOPWORDS  # an index saved by bm25s itself has none: its list is bm25s's
        stop = json.loads(kept.read_text(encoding="utf-8")) if kept.exists() else stopwords()
        return cls(arrays, vocab, stop)

    @property
    def num_docs(self) -> int:
        return int(self.arrays["num_docs"])

    def stems(self, text: str, stem) -> list[str]:
        """The query's words as the index holds them: lower case, bm25s's words, no stop words,
        stemmed (`stem`: a list of words to their stems, as the ingest stemmed them)."""
        return stem([w for w in WORD.findall(text.lower()) if w not in self.stop])

    def top(self, stems: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best passages (positions) and their scores, best first, as bm25s retrieves them."""
        data, indices, indptr = (self.arrays[name] for name in ARRAYS)
        ids = np.asarray([self.vocab[s] for s in stems if s in self.vocab], dtype=np.int32)
        scores = np.zeros(self.num_docs, dtype=np.float32)
        for start, end in zip(indptr[ids], indptr[ids + 1], strict=True):
            np.add.at(scores, indices[start:end], data[start:end])
        k = min(k, self.num_docs)
        chosen = np.argpartition(scores, -k)[-k:]
        best = np.take(scores, chosen)
        order = np.flip(np.argsort(best))
        return chosen[order], best[order]


def bm25_scores(flat: np.ndarray, lengths: np.ndarray, n_vocab: int, k1: float, b: float) -> dict:
    """bm25s's index (its default, "lucene": idf log(1 + (N - df + .5) / (df + .5)), term weight
    tf / (tf + k1 (1 - b + b len / mean len))) as its sparse word-by-passage arrays, computed by
    numpy over all the words at once instead of passage by passage (tests/test_incremental.py
    checks it against bm25s's own)."""
    n_docs = len(lengths)
    docs = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    pairs, tf = np.unique(docs * n_vocab + flat, return_counts=True)
    doc, word = pairs // n_vocab, pairs % n_vocab
    df = np.bincount(word, minlength=n_vocab)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    weight = (tf / (tf + k1 * (1 - b + b * lengths[doc] / (lengths.sum() / n_docs)))).astype(np.float32)
    order = np.lexsort((doc, word))  # by word, then passage: compressed by column
    return {
        "data": (idf[word] * weight)[order],
        "indices": doc[order].astype(np.int32),
        "indptr": np.concatenate([[0], np.cumsum(df)]).astype(np.int64),
        "num_docs": n_docs,
    }
