"""The product's log: silent by default, on stderr with PDZ_LOG or --verbose, and an unexpected
error that a user only sees as one line is logged whole for whoever runs the service."""

import json
import logging
import os
import subprocess
import sys

import pytest

from .conftest import CORPUS

SESTO = CORPUS / "sesto-san-giovanni-intesa-sindacati-2021.md"


def pdz(*args, env_log=None):
    env = {k: v for k, v in os.environ.items() if k != "PDZ_LOG"}
    if env_log:
        env["PDZ_LOG"] = env_log
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, env=env)


def test_silent_by_default_and_on_when_asked(tmp_path):
    quiet = pdz("ingest", str(SESTO), "--store", str(tmp_path / "a"), "--embedder", "hash", "--json")
    assert quiet.returncode == 0 and quiet.stderr == ""
    logged = pdz("ingest", str(SESTO), "--store", str(tmp_path / "b"), "--embedder", "hash", "--json", env_log="info")
    assert logged.returncode == 0 and "INFO ingest.pipeline:" in logged.stderr and SESTO.name in logged.stderr
    assert json.loads(logged.stdout)["documents"] == 1  # the log never mixes with the output
    verbose = pdz("--verbose", "ingest", str(SESTO), "--store", str(tmp_path / "c"), "--embedder", "hash", "--json")
    assert "INFO ingest.pipeline:" in verbose.stderr


def test_an_unexpected_error_is_reported_and_logged_whole(tmp_path, monkeypatch, caplog):
    from assistant.storage.settings import Settings
    from ingest.pipeline import ingest
    from ingest.sandbox import Sandbox

    def broken(self, path, progress=None):
        raise RuntimeError("guasto del lettore")

    monkeypatch.setattr(Sandbox, "read", broken)
    with caplog.at_level(logging.ERROR, logger="ingest"):
        report = ingest([SESTO], Settings.resolve(tmp_path / "store", "hash"))
    (skipped,) = report.skipped
    assert "errore inatteso" in skipped.reason and "guasto del lettore" in skipped.reason
    (record,) = [r for r in caplog.records if r.name == "ingest.pipeline"]
    assert record.exc_info and "guasto del lettore" in str(record.exc_info[1])


def test_a_server_that_fails_is_an_error_not_an_empty_stamp():
    from chromadb.errors import NotFoundError

    from assistant.core.errors import StoreError
    from assistant.storage.store import VectorStore

    class Client:
        def __init__(self, exc):
            self.exc = exc

        def get_collection(self, name):
            raise self.exc

    store = VectorStore.__new__(VectorStore)
    store._name = "pdz"
    store._client = Client(NotFoundError("manca"))
    assert store.stamp() == {}  # removed meanwhile: nothing stamped
    store._client = Client(ConnectionError("rifiutata"))
    with pytest.raises(StoreError, match="non risponde"):
        store.stamp()


def test_an_unknown_log_level_turns_the_log_on_at_info(monkeypatch):
    from assistant.logs import configure

    loggers = [logging.getLogger(name) for name in ("assistant", "ingest")]
    saved = [(lg.level, list(lg.handlers)) for lg in loggers]
    try:
        monkeypatch.setenv("PDZ_LOG", "chiacchierone")
        assert configure() == logging.INFO
        monkeypatch.setenv("PDZ_LOG", "debug")
        assert configure() == logging.DEBUG
        assert sum(getattr(h, "_pdz", False) for h in loggers[0].handlers) == 1  # on twice, one handler
        monkeypatch.delenv("PDZ_LOG")
        assert configure() is None and configure(verbose=True) == logging.INFO
    finally:  # the rest of the session keeps its silent log
        for lg, (level, handlers) in zip(loggers, saved):
            lg.setLevel(level)
            lg.handlers[:] = handlers
