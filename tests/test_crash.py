"""A writer killed with SIGKILL, and readers running while a writer writes, in real processes."""

import json
import signal
import subprocess
import sys
import time

import pytest

READ = """
import json, sys
from assistant.retrieve import Retriever
from assistant.storage.settings import Settings
r = Retriever.open(Settings.resolve(sys.argv[1]))
hits = r.search("chi coordina la cabina di regia", 5)
print(json.dumps({"hits": len(hits), "lexical": len(r.lexical)}))
"""


def pdz(*args, **kw):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, **kw)


def ingest_json(folder, store):
    out = pdz("ingest", str(folder), "--store", str(store), "--embedder", "hash", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def read_store(store):
    return subprocess.run([sys.executable, "-c", READ, str(store)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """A clean ingest of the corpus: its report and how long it took."""
    from .conftest import CORPUS

    started = time.perf_counter()
    report = ingest_json(CORPUS, tmp_path_factory.mktemp("clean") / "store")
    return report, time.perf_counter() - started


@pytest.mark.parametrize("fraction", [0.2, 0.45, 0.7, 0.9])
def test_kill_9_then_resume_gives_the_clean_passage_count(corpus_copy, tmp_path, fraction, clean_run):
    clean, duration = clean_run

    store = tmp_path / "store"
    # a store that already answers, then a second ingest (changed corpus) killed mid-way
    ingest_json(corpus_copy / "sesto-san-giovanni-intesa-sindacati-2021.md", store)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "ingest",
            str(corpus_copy),
            "--store",
            str(store),
            "--embedder",
            "hash",
            "--json",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(duration * fraction)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    after_kill = read_store(store)
    assert after_kill.returncode == 0, after_kill.stderr
    assert json.loads(after_kill.stdout)["hits"] > 0

    resumed = ingest_json(corpus_copy, store)
    assert resumed["passages"] == clean["passages"]
    assert resumed["documents"] == clean["documents"]
    final = json.loads(read_store(store).stdout)
    assert final["lexical"] == clean["passages"]


def test_questions_during_an_ingest_never_fail(corpus_copy, tmp_path):
    """A reader opens the store and searches over and over while three ingests change it. It
    says after each read which version of the changed article it saw; the test waits, after
    each ingest, until the reader has seen that ingest's version, so reads and commits
    interleave on every machine, however slow, and no read may fail meanwhile."""
    store, stop = tmp_path / "store", tmp_path / "stop"
    ingest_json(corpus_copy, store)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import json, re, sys\n"
            "from pathlib import Path\n"
            "from assistant.retrieve import Retriever\n"
            "from assistant.storage.settings import Settings\n"
            "while not Path(sys.argv[2]).exists():\n"
            "    try:\n"
            "        r = Retriever.open(Settings.resolve(sys.argv[1]))\n"
            "        hits = r.search('Norma finale testo aggiunto', 5)\n"
            "        seen = [m.group(1) for h in hits for m in [re.search(r'Testo aggiunto (\\d)', h.passage.text)] if m]\n"
            "        print(json.dumps({'ok': bool(hits), 'seen': seen[0] if seen else None}), flush=True)\n"
            "    except Exception as e:\n"
            "        print(json.dumps({'error': repr(e)}), flush=True)\n",
            str(store),
            str(stop),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reads = []

    def read_until(version):
        for line in reader.stdout:
            reads.append(json.loads(line))
            if reads[-1].get("seen") == version:
                return
        pytest.fail(f"il lettore si è fermato prima di vedere la versione {version}: {reader.stderr.read()}")

    melzo = corpus_copy / "melzo-accordo-di-programma-piano-di-zona-2021-2023.md"
    original = melzo.read_text(encoding="utf-8")
    try:
        for n in range(3):
            melzo.write_text(original + f"\n\nArt. 17 Norma finale {n}\n\nTesto aggiunto {n}.\n", encoding="utf-8")
            ingest_json(corpus_copy, store)
            read_until(str(n))  # the reader has seen this commit before the next one starts
    finally:
        stop.touch()
    # through the same buffered reader as the loop above (communicate() reads the pipe itself and
    # would lose what that buffer holds already: half a line)
    rest = reader.stdout.read()
    err = reader.stderr.read()
    reader.wait(timeout=120)
    reads += [json.loads(line) for line in rest.splitlines()]
    assert not [r for r in reads if "error" in r], err
    assert all(r["ok"] for r in reads)
