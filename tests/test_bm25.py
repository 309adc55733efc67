"""BM25 searched with numpy alone gives bm25s's passages and scores, reads indexes bm25s saved and
writes indexes bm25s reads; the query process imports neither bm25s nor scipy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.storage.bm25 import STOPWORDS, BM25Index
from assistant.storage.lexical import LexicalIndex, _generation, _stemmer, _words, tokenize

QUERIES = [
    "Chi coordina il Tavolo Tecnico?",
    "ogni quanto si incontrano le parti dell'intesa di Sesto?",
    "Entro quando va approvato il Piano di Zona?",
    "R.E.T.I. e reddito di cittadinanza",
    "quota di compartecipazione ai servizi",
    "il e di la",  # stop words only
    "parole che nessun documento contiene xyzzy",
    "Assemblea dei Sindaci assemblea sindaci sindaci",  # a word repeated counts each time, as in bm25s
]


def _folder(root: Path) -> Path:
    gen = _generation(root)
    assert gen is not None
    return gen / "bm25"


def test_the_same_passages_and_scores_as_bm25s(corpus_store):
    import bm25s

    theirs = bm25s.BM25.load(str(_folder(corpus_store)), mmap=True)
    ours = BM25Index.load(_folder(corpus_store))
    index = LexicalIndex.load(corpus_store)
    assert index is not None
    for q in QUERIES:
        tokens = tokenize([q])
        stems = ours.stems(_words(q), _stemmer().stemWords)
        if not any(tokens.ids):
            assert not stems and index.search(q) == []
            continue
        docs, scores = theirs.retrieve(tokens, k=20, show_progress=False)
        mine_docs, mine_scores = ours.top(stems, 20)
        assert np.array_equal(docs[0], mine_docs) and np.array_equal(scores[0], mine_scores), q
        expected = [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
        assert [(p.id, s) for p, s in index.search(q, 20)] == [
            (p.id, s) for p, s in zip(index.passages.at([d for d, _ in expected]), [s for _, s in expected])
        ]


def test_an_index_bm25s_saved_is_read_and_ours_is_read_by_bm25s(corpus_store, tmp_path):
    import bm25s

    ours = BM25Index.load(_folder(corpus_store))
    ours.save(tmp_path / "again")
    again = bm25s.BM25.load(str(tmp_path / "again"), mmap=True)  # our files are bm25s's
    stems = ours.stems(_words(QUERIES[0]), _stemmer().stemWords)
    docs, scores = again.retrieve(tokenize([QUERIES[0]]), k=10, show_progress=False)
    assert np.array_equal(ours.top(stems, 10)[0], docs[0])
    # bm25s's own save (no stop words beside it): its Italian list is taken
    again.save(str(tmp_path / "theirs"))
    assert not (tmp_path / "theirs" / STOPWORDS).exists()
    assert BM25Index.load(tmp_path / "theirs").stop == ours.stop
    (tmp_path / "theirs" / "params.index.json").write_text(json.dumps({"method": "bm25+"}), encoding="utf-8")
    with pytest.raises(ValueError, match="altro metodo"):
        BM25Index.load(tmp_path / "theirs")


def test_answering_imports_neither_bm25s_nor_scipy(corpus_store):
    code = (
        "import sys\n"
        "from assistant.service import Service\n"
        "from assistant.storage.settings import Settings\n"
        f"s = Service(Settings.resolve({str(corpus_store)!r}))\n"
        "a = s.answerer.answer('Chi coordina il Tavolo Tecnico?')\n"
        "assert a.text, a\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'bm25s', 'scipy', 'sklearn'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"
