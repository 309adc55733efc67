"""The synthetic corpus and `pdz bench`, at small size."""

from __future__ import annotations

import json
import subprocess
import sys

from assistant.synth import generate
from tests.conftest import CORPUS


def test_synthetic_corpus_is_deterministic_and_moves_places_and_years(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert generate(CORPUS, a, 3) == 15
    generate(CORPUS, b, 3)
    for f in sorted(a.iterdir()):
        assert f.read_bytes() == (b / f.name).read_bytes()  # same scale, same bytes
    manifest = json.loads((a / "manifest.json").read_text())["documents"]
    melzo = [n for n in manifest if n.startswith("melzo")]
    assert len(melzo) == 3
    territories = {manifest[n]["territory"] for n in melzo}
    assert len(territories) == 3 and not any("Melzo" in t for t in territories)
    text = (a / melzo[1]).read_text()
    assert "Melzo" not in text and "Art. 5" in text  # the place moves, the structure stays
    original = (CORPUS / "melzo-accordo-di-programma-piano-di-zona-2021-2023.md").read_text()
    assert abs(len(text) - len(original)) < len(original) * 0.05


def test_pdz_bench_writes_a_table(tmp_path):
    corpus = tmp_path / "corpus"
    generate(CORPUS, corpus, 1)
    before = {f.name: f.read_bytes() for f in corpus.iterdir()}
    out = tmp_path / "BENCH.md"
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "bench", "--corpus", str(corpus), "--scale", "1", "2"]
        + ["--embedder", "hash", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    table = out.read_text()
    assert "### `pdz bench`" in table and "cores" in table
    rows = [line for line in table.splitlines() if line.startswith("| 1×") or line.startswith("| 2×")]
    assert len(rows) == 2
    one, two = (row.split("|")[1:-1] for row in rows)
    assert int(one[1]) == 5 and int(two[1]) == 10  # documents
    assert int(two[2]) == 2 * int(one[2])  # passages double with the corpus
    assert float(two[3]) > 0 and float(two[4]) < float(two[3])  # re-ingest is cheaper than cold
    assert float(two[5]) > 0 and len(two) == 11  # one file changed and re-ingested; peak MB of each phase
    assert {f.name: f.read_bytes() for f in corpus.iterdir()} == before  # the change is made on a copy


def test_pdz_bench_bad_inputs_are_italian_errors(tmp_path):
    def bench(*args):
        return subprocess.run(
            [sys.executable, "-m", "assistant.cli", "bench", "--embedder", "hash", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    no_manifest = tmp_path / "senza-manifest"
    no_manifest.mkdir()
    (no_manifest / "nota.md").write_text("# Nota\n\nIl Comitato si riunisce ogni tre mesi.\n", encoding="utf-8")
    empty = tmp_path / "vuota"
    empty.mkdir()
    cases = [
        (["--scale", "0"], "la scala deve essere un intero da 1 in su"),
        (["--corpus", str(tmp_path / "non-esiste")], "non esiste"),
        (["--corpus", str(empty)], "non ci sono documenti da misurare"),
        (["--corpus", str(no_manifest), "--scale", "2"], "serve il manifest.json"),
        (["--questions", str(tmp_path / "domande.jsonl")], "Il file di domande"),
    ]
    for args, message in cases:
        out = bench(*args)
        assert out.returncode != 0 and message in out.stderr, (args, out.stderr)
        assert "Traceback" not in out.stderr


def test_embed_throughput_names_a_folder_that_is_not_one(tmp_path):
    """A path that is not a folder of documents is an Italian usage line, not a table of zeros."""
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.embed_throughput", str(tmp_path / "nessuna")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "non è una cartella di documenti leggibili" in run.stderr and not run.stdout
