"""The store, answerer and knowledge base kept across reruns and sessions (st.cache_resource),
opened once the first run (firstrun.py) is over, and a progress bar that ingest can drive."""

from __future__ import annotations

import os

import streamlit as st

from assistant.core.errors import PdzError
from assistant.monitor_db import MonitorDB
from assistant.quickstart import quick_starts
from assistant.service import Service, version
from assistant.storage.catalog import Catalog
from assistant.storage.embed import get_embedder
from assistant.storage.settings import Settings
from ingest.sync import sync

from .firstrun import first_run, readable, show_progress


@st.cache_resource(show_spinner="Carico il modello di embedding…")
def embedder(name: str):
    return get_embedder(name)


@st.cache_resource(max_entries=2, show_spinner="Apro l'archivio…")
def _service(store: str, stamp: str) -> Service:
    settings = Settings.resolve(store)
    sync(settings)  # on a shared Chroma server: the embedder that built it is read from there
    meta = Catalog(settings.store).meta()
    return Service(settings, embedder(meta.get("embedder", settings.embedder)))


@st.cache_data(max_entries=4, show_spinner=False)
def _quick_starts(store: str, stamp: str) -> dict[str, list[str]]:
    service = _service(store, stamp)
    return quick_starts(service.kb, service.answerer)


@st.cache_resource(show_spinner=False)
def _chat_model(spec: str, timeout: float):
    from assistant.generate import LLMConfig, chat_model

    return chat_model(LLMConfig.parse(spec, timeout))


GENERATIVE = "generative"  # the sidebar toggle's key


def generative_spec() -> str:
    """PDZ_LLM as configured for this server ("" when generative answers are off)."""
    return os.environ.get("PDZ_LLM", "").strip()


def writer(service: Service):
    """The generative answerer when PDZ_LLM configures one and the user turned it on; else None."""
    from assistant.generate import GenerativeAnswerer, LLMConfig

    spec = generative_spec()
    if not spec or not st.session_state.get(GENERATIVE, False):
        return None
    try:
        config = LLMConfig.from_env()
        if config is None:
            return None
        return GenerativeAnswerer(service.answerer, _chat_model(spec, config.timeout), config.label, config.timeout)
    except PdzError as exc:
        st.sidebar.error(str(exc))
        return None


@st.cache_resource(max_entries=2, show_spinner=False)
def _monitor(store: str, stamp: str, url: str) -> MonitorDB:
    """The monitoring database, in step with the knowledge base of this version of the store
    (synced once per version, not on every rerun)."""
    db = MonitorDB(url)
    db.sync(_service(store, stamp).kb)
    return db


def monitor(quiet: bool = False) -> MonitorDB | None:
    """The monitoring database of the store ($PDZ_DB_URL, else monitoraggio.sqlite in the store);
    None when it cannot be opened, the reason shown unless `quiet` (the Verifica tab says it; the
    tables that only add a state column stay silent)."""
    current = settings()
    try:
        return _monitor(str(current.store), version(current), MonitorDB.url_for(current.store))
    except PdzError as exc:
        if not quiet:
            st.error(str(exc))
        return None


def settings() -> Settings:
    return Settings.resolve()


def service() -> Service | None:
    """The opened store. On an empty one, the shipped corpus is indexed in the background
    (firstrun.py) and None is returned while its progress is shown; None too, with the reason
    shown, when the store cannot be opened."""
    current = settings()
    try:
        job = first_run(current)
        if job is not None and not job.done:
            if not readable(job):
                show_progress(job)
                return None
            with st.sidebar:  # the words are in: the chat answers while the vectors are computed
                show_progress(job, answering=True)
        if job is not None and job.failed:
            st.error(f"Non sono riuscito a indicizzare i documenti forniti: {job.failed}.")
            return None
        return _service(str(current.store), version(current))
    except PdzError as exc:
        st.error(f"Non riesco ad aprire l'archivio: {exc}")
        return None


def examples() -> dict[str, list[str]]:
    current = settings()
    return _quick_starts(str(current.store), version(current))


class ProgressBars:
    """A tqdm-like factory (`progress(total=, desc=, unit=, leave=)`) drawing st.progress bars
    in a container: the ingest's file bar and, below it, each file's vector bar."""

    def __init__(self, container) -> None:
        self.container = container

    def __call__(self, total: int, desc: str = "", unit: str = "", leave: bool = True, **_):
        return _Bar(self.container.empty(), total, desc.strip(), unit, leave)


class _Bar:
    def __init__(self, slot, total: int, desc: str, unit: str, leave: bool) -> None:
        self.slot, self.total, self.desc, self.unit, self.leave = slot, max(1, total), desc, unit, leave
        self.n, self.postfix = 0, ""
        self._draw()

    def _draw(self) -> None:
        detail = f" · {self.postfix}" if self.postfix else ""
        self.slot.progress(
            min(1.0, self.n / self.total), text=f"{self.desc}: {self.n}/{self.total} {self.unit}{detail}"
        )

    def update(self, n: int = 1) -> None:
        self.n += n
        self._draw()

    def set_postfix_str(self, text: str) -> None:
        self.postfix = text
        self._draw()

    def close(self) -> None:
        if not self.leave:
            self.slot.empty()
