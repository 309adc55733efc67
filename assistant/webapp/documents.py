"""Documenti: what the store holds; one document opened, corrected (title, territory, type) or
removed after a confirmation; new PDF/Markdown/text/DOCX/ODT/HTML files added with progress. A
file that cannot be read is reported in Italian and nothing already there is lost."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from assistant.core.errors import PdzError
from assistant.render import md_escape
from assistant.service import Service, add_files, edit_document, remove_documents

from .common import show_messages
from .docview import document
from .state import ProgressBars, settings

UPLOAD_KEY = "upload"
DONE = "pdz_documents_done"  # messages kept across the rerun that refreshes the sidebar and the list
FORMATS_LABEL = "PDF, Markdown, testo, DOCX, ODT o pagine HTML"


def render(service: Service) -> None:
    docs = service.documents
    st.dataframe(
        pd.DataFrame(
            {
                "Titolo": [d.title for d in docs],
                "Territorio": [d.territory for d in docs],
                "Tipo": [d.doc_type for d in docs],
                "Data": [d.date for d in docs],
                "Parti": ["; ".join(d.parties) for d in docs],
                "File": [d.source for d in docs],
                "Passaggi": [service.passages_of(d.source) for d in docs],
            }
        ),
        hide_index=True,
    )
    show_messages(st.session_state.pop(DONE, []))  # what the last upload or removal did, after the refresh
    if docs:
        _manage(service)
    st.markdown("#### Aggiungi documenti")
    with st.form("upload_form", clear_on_submit=True):
        # no `type=`: the browser would refuse another format in English; add_files says why in Italian
        files = st.file_uploader(FORMATS_LABEL, accept_multiple_files=True, key=UPLOAD_KEY)
        sent = st.form_submit_button("Indicizza", type="primary")
    if sent and files:
        _add([(f.name, f.getvalue()) for f in files])
    elif sent:
        st.warning("Scegli almeno un file da aggiungere.")


def _manage(service: Service) -> None:
    """One document: open it, correct what it is, or take it out of the archive after a confirmation."""
    st.markdown("#### Un documento")
    titles = service.titles
    source = st.selectbox("Quale documento", list(titles), format_func=lambda s: titles[s], key="doc_manage")
    left, middle, right = st.columns(3)
    if left.button("Apri il documento", icon=":material/article:", key="doc_open"):
        document(service, source)
    with middle.popover("Correggi titolo, territorio, tipo", icon=":material/edit:"):
        _edit(service, source)
    with right.popover("Rimuovi dall'archivio", icon=":material/delete:"):
        st.markdown(
            f"«{md_escape(titles[source])}» uscirà dalle risposte, dalle tabelle e dal dossier; "
            "gli stati già registrati restano nella loro storia. Il file originale resta dove si trova "
            "(una copia caricata qui viene cancellata)."
        )
        if st.button("Sì, rimuovi", type="primary", key="doc_remove"):
            try:
                removed = remove_documents([source], settings())
            except PdzError as exc:
                st.error(f"Non è stato possibile rimuovere il documento: {exc}")
                return
            st.session_state[DONE] = [("success", f"Rimosso dall'archivio: {', '.join(removed)}.")]
            st.rerun()


def _edit(service: Service, source: str) -> None:
    info = next(d for d in service.documents if d.source == source)
    with st.form(f"doc_edit_{source}", border=False):
        title = st.text_input("Titolo", value=info.title)
        territory = st.text_input("Territorio", value=info.territory)
        kind = st.text_input("Tipo", value=info.doc_type, placeholder="accordo di programma, intesa, avviso…")
        st.caption("Restano anche alle prossime indicizzazioni; il testo e i vettori non cambiano.")
        if st.form_submit_button("Salva", type="primary"):
            try:
                edit_document(source, settings(), title=title, territory=territory, type=kind)
            except PdzError as exc:
                st.error(f"Non è stato possibile correggere il documento: {exc}")
                return
            st.session_state[DONE] = [("success", f"Corretto: «{title.strip()}».")]
            st.rerun()


def _add(files: list[tuple[str, bytes]]) -> None:
    box = st.container()
    try:
        with st.spinner("Leggo e indicizzo i file…"):
            report = add_files(files, settings(), progress=ProgressBars(box), on_wait=box.info)
    except PdzError as exc:
        st.error(f"Non è stato possibile aggiungere i file: {exc}")
        return
    # the files' names, never where the server keeps them
    done = [Path(p).name for p in (*report.added, *report.updated)]
    messages = []
    if done:
        messages.append(
            (
                "success",
                f"Aggiunti all'archivio: {', '.join(done)} ({report.seconds:.1f} s). Ora sono anche nelle risposte.",
            )
        )
    messages += [("info", f"{Path(name).name}: già presente e invariato.") for name in report.unchanged]
    messages += [
        ("error", f"{Path(s.path).name} non è stato aggiunto: {s.reason}. Gli altri documenti restano com'erano.")
        for s in report.skipped
    ]
    st.session_state[DONE] = messages
    if done:
        st.rerun()  # the sidebar's counts and the list above are drawn again with the new documents
    show_messages(st.session_state.pop(DONE))
