"""Files read in a worker process with limits: a file built to exhaust time or memory (a PDF whose
streams decompress to gigabytes, tens of thousands of pages, cyclic objects) is stopped, skipped
with a reason, and the rest of the folder goes on.

One worker (started with "spawn", so it shares no threads or locks with the app) reads file after
file under an address-space limit; a file that runs past its time is stopped by killing the worker,
a worker that dies (memory, a crash in a C library) is noticed, and the next file gets a new one.
Progress bars of long reads (the OCR of a scan) are relayed to the caller's progress factory."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import sys
import time
import types
from contextlib import contextmanager
from functools import partial
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path

from assistant.core.errors import UnreadableFile
from assistant.core.types import Passage

from .parse import parse

# limits per file, changeable by environment for a machine that reads very large documents
SECONDS = float(os.environ.get("PDZ_FILE_SECONDS", "600"))
MEGABYTES = int(os.environ.get("PDZ_FILE_MB", "3072"))
STARTUP_SECONDS = 60


# formats read in the worker (a PDF or a zip can be built to exhaust time or memory); plain text
# and Markdown are read in place
SANDBOXED = {".pdf", ".docx", ".odt", ".html", ".htm"}


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


class _RelayedBar:
    """A progress bar in the worker whose updates travel to the caller's."""

    def __init__(self, events, **kwargs) -> None:
        self.events = events
        events.put(("progress", ("open", kwargs)))

    def update(self, n: int = 1) -> None:
        self.events.put(("progress", ("update", n)))

    def set_postfix_str(self, text: str) -> None:
        pass

    def close(self) -> None:
        self.events.put(("progress", ("close", None)))


def _serve(megabytes: int, tasks, results) -> None:
    """The worker: file after file, each answered with ("ok", passages) or ("error", exception);
    progress events go out on the same queue as ("progress", (kind, value))."""
    _limit_memory(megabytes)
    relayed = partial(_RelayedBar, results)
    results.put(("ready", None))  # starts the queue's thread now: under the limit it may not start later
    while True:
        task = tasks.get()
        if task is None:
            return
        path, relay = task
        answer: tuple = ("error", RuntimeError("nessuna risposta"))
        try:
            answer = ("ok", parse(Path(path), relayed if relay else None))
        except MemoryError:
            answer = ("error", None)  # said below, once the file's objects are freed
        except RecursionError:
            answer = ("error", UnreadableFile("struttura del file annidata o circolare oltre ogni misura"))
        except Exception as exc:  # noqa: BLE001 - the caller decides, as for a file read in place
            try:
                pickle.dumps(exc)
                answer = ("error", exc)
            except Exception:  # noqa: BLE001 - an exception that does not pickle is said in words
                answer = ("error", RuntimeError(f"{type(exc).__name__}: {exc}"))
        if answer == ("error", None):
            gc.collect()
            answer = (
                "error",
                UnreadableFile(f"il file richiede più di {megabytes} MB di memoria (limite PDZ_FILE_MB)"),
            )
        results.put(answer)


@contextmanager
def _main_left_behind():
    """The worker does not import the caller's main script: "spawn" re-imports it in the child
    (a Streamlit page run as __main__ would run again there, a script read from stdin cannot be
    found). The worker needs nothing of it."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


class Sandbox:
    def __init__(self, seconds: float | None = None, megabytes: int | None = None) -> None:
        self.seconds = SECONDS if seconds is None else seconds
        self.megabytes = MEGABYTES if megabytes is None else megabytes
        self._context = multiprocessing.get_context("spawn")
        self._process: BaseProcess | None = None
        self._tasks: Queue | None = None
        self._results: Queue | None = None

    def read(self, path: Path, progress=None) -> list[Passage]:
        """`parse`, in the worker for the formats that can be built to exhaust time or memory
        (SANDBOXED), in place for plain text and Markdown."""
        return self.parse(path, progress) if path.suffix.lower() in SANDBOXED else parse(path, progress)

    def parse(self, path: Path, progress=None) -> list[Passage]:
        """The file's passages, read in the worker; UnreadableFile when it cannot be read
        within the limits (or at all)."""
        process, tasks, results = self._start()
        tasks.put((str(path), progress is not None))
        deadline = time.monotonic() + self.seconds
        bar = None
        try:
            while True:
                try:
                    kind, value = results.get(timeout=0.2)
                except queue.Empty:
                    if not process.is_alive():  # killed (memory), crashed in a C library
                        self.close()
                        raise UnreadableFile(
                            f"il processo di lettura si è interrotto: memoria oltre il limite di {self.megabytes} MB "
                            "(PDZ_FILE_MB) o un errore interno della libreria di lettura"
                        ) from None
                    if time.monotonic() > deadline:
                        self.close()
                        raise UnreadableFile(
                            f"lettura interrotta dopo {self.seconds:.0f} s: il file è troppo pesante da elaborare "
                            "(limite PDZ_FILE_SECONDS)"
                        ) from None
                    continue
                if kind == "progress":
                    bar = self._draw(progress, bar, *value)
                elif kind == "error":
                    raise value
                else:
                    return value
        finally:
            if bar is not None:
                bar.close()

    @staticmethod
    def _draw(progress, bar, kind: str, value):
        if kind == "open" and progress is not None:
            return progress(**value)
        if kind == "update" and bar is not None:
            bar.update(value)
        elif kind == "close" and bar is not None:
            bar.close()
            return None
        return bar

    def _start(self) -> tuple[BaseProcess, Queue, Queue]:
        """The worker, started if it is not running, with its queues of tasks and results."""
        if (
            self._process is not None
            and self._process.is_alive()
            and self._tasks is not None
            and self._results is not None
        ):
            return self._process, self._tasks, self._results
        self.close()
        tasks, results = self._context.Queue(), self._context.Queue()
        process = self._context.Process(
            target=_serve, args=(self.megabytes, tasks, results), daemon=True, name="pdz-lettura"
        )
        self._process, self._tasks, self._results = process, tasks, results
        with _main_left_behind():
            process.start()
        # the clock of the first file starts once the worker is ready, not while it starts
        started, kind = time.monotonic(), ""
        while kind != "ready" and process.is_alive() and time.monotonic() - started < STARTUP_SECONDS:
            try:
                kind, _ = results.get(timeout=0.2)
            except queue.Empty:
                continue
        if kind != "ready":
            code = process.exitcode
            self.close()
            why = f"terminato con codice {code}" if code is not None else f"non pronto entro {STARTUP_SECONDS} s"
            raise UnreadableFile(f"il processo di lettura non è partito ({why})")
        return process, tasks, results

    def close(self) -> None:
        if self._process is not None:
            if self._process.is_alive() and self._tasks is not None:
                self._tasks.put(None)
                self._process.join(1)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._process = None
        for q in (self._tasks, self._results):
            if q is not None:
                q.close()
                q.cancel_join_thread()
        self._tasks = self._results = None

    def __enter__(self) -> Sandbox:  # noqa: PYI034
        return self

    def __exit__(self, *exc) -> None:
        self.close()
