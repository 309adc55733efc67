"""The page: sidebar (which documents to search, the store's state) and the chat with the
knowledge-base views beside it, in tabs."""

from __future__ import annotations

import streamlit as st

from assistant.core.types import party_name
from assistant.logs import configure
from assistant.render import counted
from assistant.service import UPLOAD_MB, Service, status

from . import chat, documents, italian, phone, review, schedule, views
from .common import Scope
from .state import GENERATIVE, generative_spec, settings
from .state import service as open_service

TABS = [
    ":material/chat: Chat",
    "Impegni",
    "Organi",
    "Scadenze",
    "Verifica",
    "Assi strategici",
    "Glossario",
    "Documenti",
]


def sidebar(service: Service) -> Scope:
    docs = service.documents
    with st.sidebar:
        st.markdown("## PDZ Assistant")
        st.caption("Risposte con citazioni sui documenti dei Piani di Zona.")
        st.markdown("#### In quali documenti cercare")
        territories = st.multiselect(
            "Territorio", sorted({d.territory for d in docs if d.territory}), placeholder="Tutti i territori"
        )
        kinds = st.multiselect("Tipo", sorted({d.doc_type for d in docs if d.doc_type}), placeholder="Tutti i tipi")
        signed = st.multiselect(
            "Firmatario", sorted({party_name(p) for d in docs for p in d.parties}), placeholder="Tutti i firmatari"
        )
        eligible = [
            d
            for d in docs
            if (not territories or d.territory in territories)
            and (not kinds or d.doc_type in kinds)
            and (not signed or any(party_name(p) in signed for p in d.parties))
        ]
        titles = {d.source: d.title for d in eligible}
        chosen = st.multiselect(
            "Documento", list(titles), format_func=lambda s: titles[s], placeholder="Tutti i documenti"
        )
        narrowed = bool(territories or kinds or signed or chosen)
        sources = tuple(chosen or titles)
        if narrowed:
            st.caption(f"Cerco in {counted(len(sources), 'documento', 'documenti')} su {len(docs)}.")
        if generative_spec():
            st.toggle(
                "Risposte scritte dal modello (sperimentale)",
                key=GENERATIVE,
                help="Il modello configurato (PDZ_LLM) scrive la risposta dai passaggi trovati; ogni frase è "
                "verificata sui passaggi che cita e le frasi non sostenute sono tolte. Se qualcosa va storto, "
                "risponde come sempre con le frasi dei documenti.",
            )
        st.divider()
        st.markdown("#### Archivio")
        # what the answers read: during a first run's words-first phase the catalog has no file
        # yet (a file enters it with its vectors), but the documents are searchable
        state = status(settings())
        first, second = st.columns(2)
        first.metric("Documenti", len(docs))
        second.metric("Passaggi", sum(service.passages_of(d.source) for d in docs))
        when = state.last_ingest.strftime("%d/%m/%Y %H:%M") if state.last_ingest else "in corso" if docs else "mai"
        st.caption(f"Ultima indicizzazione: {when}")
    return Scope(sources, narrowed)


def main() -> None:
    st.set_page_config(page_title="PDZ Assistant", page_icon=":material/description:", layout="wide")
    configure()  # the log, when PDZ_LOG asks for it
    italian.apply(UPLOAD_MB, "PDF, DOCX, ODT, Markdown, testo, HTML")
    phone.apply()
    service = open_service()
    if service is None:
        st.stop()
    scope = sidebar(service)
    views_in_tabs = (
        lambda: chat.render(service, scope),
        lambda: views.commitments(service, scope),
        lambda: views.bodies(service, scope),
        lambda: schedule.render(service, scope),
        lambda: review.render(service, scope),
        lambda: views.axes(service, scope),
        lambda: views.glossary(service, scope),
        lambda: documents.render(service),
    )
    for tab, show in zip(st.tabs(TABS), views_in_tabs):
        with tab:
            show()
