"""The first run of the app on an empty store: the shipped corpus is indexed in a thread of the
server, once however many pages are open, while each page shows how far it has got. The page
is served at once; a reload or a second visitor does not start (or stop) the work."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from assistant.core.errors import PdzError
from assistant.core.types import IngestReport
from assistant.service import CORPUS_ENV, SHIPPED_CORPUS, ensure_corpus, status
from assistant.storage.catalog import Catalog
from assistant.storage.kb import KB_FILE
from assistant.storage.settings import Settings

log = logging.getLogger(__name__)
STAGES = ("Lettura", "Vettori")  # the ingest's bars over all its files (pipeline.py)


@dataclass
class _Bar:
    """What one progress bar of the ingest says: `total`, `n`, its label and the file it is on."""

    total: int
    desc: str
    n: int = 0
    postfix: str = ""

    def update(self, n: int = 1) -> None:
        self.n += n

    def set_postfix_str(self, s: str = "") -> None:
        self.postfix = s

    def close(self) -> None:
        pass


@dataclass
class FirstRun:
    settings: Settings
    corpus: Path
    bars: list[_Bar] = field(default_factory=list)
    report: IngestReport | None = None
    error: str = ""
    done: bool = False
    started: float = field(default_factory=time.time)

    def start(self) -> FirstRun:
        threading.Thread(target=self._run, daemon=True, name="pdz-primo-avvio").start()
        return self

    def _run(self) -> None:
        try:
            self.report = ensure_corpus(self.settings, self.corpus, progress=self._bar)
        except PdzError as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown on the page, whatever it is, and logged whole
            log.exception("primo avvio non riuscito")
            self.error = f"errore inatteso: {type(exc).__name__}: {exc}"
        finally:
            self.done = True

    def _bar(self, total: int, desc: str = "", **_) -> _Bar:
        bar = _Bar(max(1, total), desc.strip())
        if bar.desc in STAGES or not self.bars:  # the files' bar of a stage: reading, then vectors
            self.bars = [bar]
        else:  # one file's work (its vectors, its OCR) under it
            self.bars = [self.bars[0], bar]
        return bar

    @property
    def failed(self) -> str:
        """Why the first run gave nothing to answer from ("" when it did)."""
        if self.error:
            return self.error
        if self.report is not None and not self.report.documents:
            reasons = "; ".join(f"{s.path}: {s.reason}" for s in self.report.skipped)
            return f"nessun documento di {self.corpus} è stato indicizzato" + (f" ({reasons})" if reasons else "")
        return ""


_JOBS: dict[str, FirstRun] = {}
_LOCK = threading.Lock()


def first_run(settings: Settings) -> FirstRun | None:
    """The first run of this store: started here when the store is empty (again, after every
    document was removed), the same one for every page of this server; None when the store held
    documents when the server started. A first run that failed stays, saying why."""
    key = str(settings.store.resolve())
    with _LOCK:
        job = _JOBS.get(key)
        if (job is None or (job.done and not job.failed)) and status(settings).empty:
            corpus = Path(os.environ.get(CORPUS_ENV) or SHIPPED_CORPUS)
            job = _JOBS[key] = FirstRun(settings, corpus).start()
    return job


def readable(job: FirstRun) -> bool:
    """The first run has written the passages' words (the knowledge base comes last) and is
    computing their vectors: questions can be answered, by BM25 and the knowledge base, meanwhile."""
    kb = job.settings.store / KB_FILE
    pending = int(Catalog(job.settings.store).meta().get("vectors_pending", 0))
    return pending > 0 and kb.exists() and kb.stat().st_mtime >= job.started


def show_progress(job: FirstRun, answering: bool = False) -> None:
    """The first run's progress, drawn again every second; the whole page once it is done.
    `answering`: the chat is already open beside it (in the sidebar, then)."""
    if answering:
        st.caption("Primo avvio: calcolo i vettori dei documenti; intanto rispondo con la ricerca per parole.")
    else:
        st.info(
            "Primo avvio: indicizzo i documenti forniti con il prodotto; la chat si apre appena le parole "
            "sono indicizzate. Si può chiudere o ricaricare la pagina: il lavoro continua."
        )

    @st.fragment(run_every=1.0)
    def progress() -> None:
        if job.done or (not answering and readable(job)):
            st.rerun(scope="app")  # the chat opens (the words are in) or the progress goes (all is)
        for bar in list(job.bars):
            where = f" · {bar.postfix}" if bar.postfix else ""
            st.progress(min(1.0, bar.n / bar.total), text=f"{bar.desc}: {bar.n}/{bar.total}{where}")

    progress()
