"""BM25 arrays of the store's passages, computed with numpy."""

from __future__ import annotations

import numpy as np


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
