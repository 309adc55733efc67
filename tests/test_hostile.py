"""Files built to exhaust time or memory are stopped within their limits, skipped with a reason
in Italian, and the rest of the folder is ingested."""

import time
from pathlib import Path

import pytest

from assistant.core.errors import UnreadableFile
from ingest import sandbox as sandbox_module
from ingest.pipeline import ingest
from ingest.readers import read
from ingest.sandbox import Sandbox

from .hostile import crowded_page, cyclic_pdf, inflating_pdf, many_pages_pdf, nested_pdf
from .pdfs import make_pdf


def test_a_stream_that_inflates_to_hundreds_of_megabytes_is_refused(tmp_path):
    f = inflating_pdf(tmp_path / "bomba.pdf")
    assert f.stat().st_size < 1_000_000
    with pytest.raises(UnreadableFile) as err:
        read(f)
    assert "PDF sospetto" in str(err.value)


def test_cyclic_and_deeply_nested_objects_are_refused_quickly(tmp_path):
    with Sandbox(seconds=30) as box:
        for f in (cyclic_pdf(tmp_path / "ciclico.pdf"), nested_pdf(tmp_path / "annidato.pdf")):
            started = time.monotonic()
            with pytest.raises(UnreadableFile) as err:
                box.parse(f)
            assert "PDF" in str(err.value) and time.monotonic() - started < 10


def test_a_file_that_runs_past_its_time_is_stopped(tmp_path):
    f = many_pages_pdf(tmp_path / "ventimila-pagine.pdf")
    with Sandbox(seconds=0.3) as box, pytest.raises(UnreadableFile) as err:  # 20,000 pages: about 2 s
        box.parse(f)
    assert "lettura interrotta dopo" in str(err.value) and "PDZ_FILE_SECONDS" in str(err.value)


def _worker_megabytes(box: Sandbox) -> int:
    """The worker's address space once it has read a file (Linux)."""
    status = Path(f"/proc/{box._process.pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmPeak"))) // 1024


def test_a_file_that_needs_more_memory_than_allowed_is_stopped(tmp_path):
    good = make_pdf(tmp_path / "buono.pdf", [["Art. 1 Oggetto", "Il Tavolo si riunisce ogni mese."]])
    with Sandbox() as box:  # what the worker needs for a small file, on this machine
        box.parse(good)
        limit = _worker_megabytes(box) + 60
    f = crowded_page(tmp_path / "affollata.html")  # about 400 MB more once read
    with Sandbox(megabytes=limit) as box:
        with pytest.raises(UnreadableFile) as err:
            box.parse(f)
        # a MemoryError in the worker, or the worker killed by an allocation that failed in C
        assert "memoria" in str(err.value) and f"{limit} MB" in str(err.value) and "PDZ_FILE_MB" in str(err.value)
        # the same worker goes on with the next file
        assert any("ogni mese" in p.text for p in box.parse(good))


def test_a_dead_worker_is_noticed_and_replaced(tmp_path):
    good = make_pdf(tmp_path / "buono.pdf", [["Art. 1 Oggetto", "Testo."]])
    with Sandbox() as box:
        box.parse(good)
        box._process.kill()  # what the kernel does to a process out of memory
        box._process.join()
        assert box.parse(good)  # a new worker


def test_the_folder_goes_on_past_hostile_files(tmp_path, hash_settings, monkeypatch):
    monkeypatch.setattr(sandbox_module, "SECONDS", 1)  # the 60,000 pages take about 6 s
    docs = tmp_path / "docs"
    docs.mkdir()
    inflating_pdf(docs / "bomba.pdf")
    many_pages_pdf(docs / "infinito.pdf", 60000)
    make_pdf(docs / "accordo.pdf", [["Art. 1 Oggetto", "Il Tavolo si riunisce ogni mese."]])
    report = ingest([docs], hash_settings)
    reasons = {s.path.split("/")[-1]: s.reason for s in report.skipped}
    assert report.documents == 1 and set(reasons) == {"bomba.pdf", "infinito.pdf"}
    assert "PDF sospetto" in reasons["bomba.pdf"] and "interrotta" in reasons["infinito.pdf"]


def test_the_worker_does_not_run_the_callers_main_script_again(tmp_path, monkeypatch):
    """Under Streamlit the page runs as __main__; "spawn" would run it again in the worker."""
    import sys
    import types

    script = tmp_path / "pagina.py"
    script.write_text("raise SystemExit('eseguito di nuovo')\n", encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    good = make_pdf(tmp_path / "buono.pdf", [["Art. 1 Oggetto", "Testo."]])
    with Sandbox() as box:
        assert box.parse(good)
    assert sys.modules["__main__"] is main
