"""The knowledge-base views beside the chat: Impegni, Organi, Assi strategici, Glossario. Rows are
grouped by act, each with its territory and a short source ("Melzo · Art. 6"); selecting a row
shows the whole passage with the exact words marked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.core.query import fold
from assistant.monitor_items import commitment_id
from assistant.render import counted, md_escape, short_source
from assistant.service import Service

from . import review, tracked
from .common import Scope, picked, show_record
from .tracked import ROW_HEIGHT


def _table(rows: list, columns: dict[str, list], key: str):
    """A table of records; returns the record of the selected row."""
    if not rows:
        st.info("Nessuna voce nei documenti scelti.")
        return None
    frame = pd.DataFrame(columns)
    event = st.dataframe(
        frame, hide_index=True, on_select="rerun", selection_mode="single-row", key=key, row_height=ROW_HEIGHT
    )
    st.caption(
        f"{counted(len(rows), 'voce', 'voci')} · seleziona una riga per vedere il passaggio con le parole esatte"
    )
    return picked(event, rows)


def _by_act(rows: list) -> list:
    """One act's rows together, acts by territory, each in the order the act gives them."""
    return sorted(rows, key=lambda r: (fold(r.territory), fold(r.title)))


def commitments(service: Service, scope: Scope) -> None:
    records = [c for c in service.kb.commitments() if scope.keeps(c)]
    titles = service.titles
    left, right = st.columns(2)
    parties = sorted({c.party for c in records}, key=fold)
    chosen_parties = left.multiselect("Soggetto", parties, placeholder="Tutti i soggetti", key="imp_party")
    sources = sorted({c.source for c in records})
    chosen_docs = right.multiselect(
        "Documento", sources, format_func=lambda s: titles.get(s, s), placeholder="Tutti i documenti", key="imp_doc"
    )
    rows = _by_act(
        [
            c
            for c in records
            if (not chosen_parties or c.party in chosen_parties) and (not chosen_docs or c.source in chosen_docs)
        ]
    )
    if not rows:
        st.info("Nessuna voce nei documenti scelti.")
        return
    frame = pd.DataFrame(
        {
            "Territorio": [c.territory for c in rows],
            "Soggetto": [c.party for c in rows],
            "Impegno": [c.commitment for c in rows],
            "Entro": [c.deadline or "" for c in rows],
            "Fonte": [short_source(c) for c in rows],
        }
    )
    widths = {"Territorio": 120, "Soggetto": 150, "Impegno": 360, "Entro": 80}
    tracked.table(frame, rows, [commitment_id(c) for c in rows], "imp", service, review.states(), widths)


def bodies(service: Service, scope: Scope) -> None:
    rows = _by_act([b for b in service.kb.bodies() if scope.keeps(b)])
    selected = _table(
        rows,
        {
            "Territorio": [b.territory for b in rows],
            "Organo": [b.name for b in rows],
            "Ruolo": [b.role for b in rows],
            "Composizione": [b.composition or "" for b in rows],
            "Coordinamento": [b.coordinator or "" for b in rows],
            "Frequenza": [b.frequency or "" for b in rows],
            "Fonte": [short_source(b) for b in rows],
        },
        "org_table",
    )
    if selected is None:
        return
    st.markdown(f"#### {md_escape(selected.name)}")
    for field, label in (("composition", "Composizione"), ("coordinator", "Coordinamento"), ("frequency", "Frequenza")):
        where = selected.evidence.get(field)
        if where:
            st.markdown(f"**{label}** — {md_escape(where.locator)}" + (f", p. {where.page}" if where.page else ""))
            st.markdown(f"> {md_escape(where.quote)}")
    show_record(selected, service, "org")


def axes(service: Service, scope: Scope) -> None:
    rows = [a for a in service.kb.axes() if scope.keeps(a)]
    if not rows:
        st.info("Nessun asse strategico nei documenti scelti.")
    titles = service.titles
    for source in dict.fromkeys(a.source for a in rows):
        st.markdown(f"##### {md_escape(titles.get(source, source))}")
        for axis in (a for a in rows if a.source == source):
            with st.expander(md_escape(axis.name)):
                for objective in axis.objectives:
                    st.markdown(f"- {md_escape(objective)}")
                show_record(axis, service, "axes")


def glossary(service: Service, scope: Scope) -> None:
    records = [t for t in service.kb.glossary() if scope.keeps(t)]
    wanted = st.text_input("Cerca una sigla o una parola", key="glo_search", placeholder="es. ATS, piano, lavoro")
    rows = [t for t in records if not wanted or fold(wanted) in fold(f"{t.acronym} {t.expansion}")]
    selected = _table(
        rows,
        {
            "Sigla": [t.acronym for t in rows],
            "Significato": [t.expansion for t in rows],
            "Fonte": [short_source(t) for t in rows],
        },
        "glo_table",
    )
    if selected is not None:
        show_record(selected, service, "glo")
