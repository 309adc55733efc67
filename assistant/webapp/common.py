"""Pieces every view uses: the documents chosen in the sidebar, and a record's or passage's
citation shown with its exact words highlighted."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assistant.core.records import Provenance
from assistant.core.types import Passage
from assistant.render import highlight, md_escape
from assistant.retrieve import Filters
from assistant.service import Service

from .docview import open_button


@dataclass(frozen=True)
class Scope:
    """The documents the user chose to search (all when nothing is chosen)."""

    sources: tuple[str, ...]
    narrowed: bool

    @property
    def filters(self) -> Filters:
        return Filters(source=self.sources) if self.narrowed else Filters()

    def keeps(self, record: Provenance) -> bool:
        return not self.narrowed or record.source in self.sources


def show_in_context(passage: Passage, quote: str, service: Service, key: str, page: int | None = None) -> None:
    """The passage between the text just before and after it in its unit (greyed), the quoted
    words marked, its page, and the button that opens the whole document."""
    before, after = service.retriever.neighbor(passage, -1), service.retriever.neighbor(passage, +1)
    if before is not None:
        st.caption(md_escape(_tail(before.text)))
    st.markdown(highlight(passage.text, quote), unsafe_allow_html=True)
    if after is not None:
        st.caption(md_escape(_head(after.text)))
    where = f"p. {page or passage.page} · " if (page or passage.page) else ""
    st.caption(f"{where}{md_escape(service.titles.get(passage.source, passage.source))}")
    open_button(service, passage, key=key)


def _tail(text: str, size: int = 300) -> str:
    return text if len(text) <= size else "…" + text[-size:].split(" ", 1)[-1]


def _head(text: str, size: int = 300) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"


def show_record(record: Provenance, service: Service, where: str) -> None:
    """Where a record was read: its reference and the passage in its context with the exact
    words marked. `where`: the view showing it, which keeps its button apart from another view's."""
    st.markdown(f"**Fonte:** {md_escape(record.reference)}")
    passage = service.retriever.passage(record.passage_id)
    if passage is None:  # the store changed since the records were extracted
        st.markdown(highlight(record.quote, record.quote), unsafe_allow_html=True)
    else:
        show_in_context(passage, record.quote, service, key=f"{where}_{passage.id}_{hash(record.quote)}")


def show_messages(messages) -> None:
    """(kind, text) pairs kept across a rerun: st.success, st.info, st.error… each shown once."""
    for kind, text in messages:
        getattr(st, kind)(text)


def picked(event, rows: list) -> object | None:
    """The record of the row selected in an st.dataframe (on_select), if any."""
    chosen = getattr(getattr(event, "selection", None), "rows", None) or []
    return rows[chosen[0]] if chosen and chosen[0] < len(rows) else None
