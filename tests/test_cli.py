import json
import subprocess
import sys

from .conftest import CORPUS


def pdz(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_ingest_json_contract(tmp_path):
    out = pdz(
        "ingest",
        str(CORPUS / "sesto-san-giovanni-intesa-sindacati-2021.md"),
        "--store",
        str(tmp_path / "s"),
        "--embedder",
        "hash",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)  # exactly one JSON object
    assert set(data) == {"documents", "passages", "added", "updated", "unchanged", "removed", "skipped", "seconds"}
    assert data["documents"] == 1 and data["passages"] > 5 and len(data["added"]) == 1
    assert isinstance(data["seconds"], float)
    assert out.stderr == ""  # no progress bars with --json


def test_default_path_is_corpus_and_store_from_environment(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.md").write_text(
        "# Intesa\n\nLe parti si incontrano due volte l'anno.\n", encoding="utf-8"
    )
    env_store = tmp_path / "dal-env"
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ingest", "--embedder", "hash"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**__import__("os").environ, "PDZ_STORE": str(env_store)},
    )
    assert out.returncode == 0, out.stderr
    assert "Aggiunti (1): corpus/a.md" in out.stdout
    assert (env_store / "files.json").exists()


def test_nothing_ingestable_exits_non_zero_in_italian(tmp_path):
    bad = tmp_path / "vuoto.md"
    bad.write_bytes(b"")
    out = pdz("ingest", str(bad), str(tmp_path / "manca.pdf"), "--store", str(tmp_path / "s"), "--embedder", "hash")
    assert out.returncode == 1
    assert "Saltato" in out.stdout and "file vuoto" in out.stdout and "percorso inesistente" in out.stdout
    assert "Traceback" not in out.stderr


def test_store_path_that_is_a_file_is_a_clear_error(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    out = pdz("ingest", str(CORPUS), "--store", str(f), "--embedder", "hash")
    assert out.returncode == 1 and "non è una cartella" in out.stderr and "Traceback" not in out.stderr


def test_help_has_an_example():
    out = pdz("ingest", "--help")
    assert "Esempio: pdz ingest corpus/" in out.stdout


def test_argparse_speaks_italian():
    out = pdz("--help")
    assert "uso: pdz" in out.stdout and "opzioni" in out.stdout
    bad = pdz("ingest", "--nessuna-opzione")
    assert bad.returncode == 2 and "argomenti non riconosciuti" in bad.stderr
    wrong_k = pdz("ask", "domanda", "-k", "tanti")
    assert "valore non valido" in wrong_k.stderr


def test_italian_words_stay_with_pdz_parsers():
    """Importing the CLI leaves other parsers of the process in argparse's own words."""
    import argparse

    from assistant.cli import build_parser

    assert "uso: pdz" in build_parser().format_usage()
    other = argparse.ArgumentParser(prog="altro")
    assert other.format_usage().startswith("usage: altro")
    assert "show this help message and exit" in other.format_help()


def test_pdz_chat_on_an_empty_store_without_its_corpus_says_why(tmp_path):
    out = pdz("chat", "--store", str(tmp_path / "vuoto"), "--corpus", str(tmp_path / "non-esiste"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "L'archivio è vuoto e la cartella dei documenti" in out.stderr and "non esiste" in out.stderr
