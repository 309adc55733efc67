"""Documenti: what the store holds, and new PDF/Markdown/text/DOCX/ODT/HTML files added with progress;
a file that cannot be read is reported in Italian and nothing already there is lost."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from assistant.errors import PdzError
from assistant.service import ACCEPTED, UPLOAD_MB, Service, add_files

from .state import ProgressBars, settings

UPLOAD_KEY = "upload"


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
    st.markdown("#### Aggiungi documenti")
    with st.form("upload_form", clear_on_submit=True):
        files = st.file_uploader(
            f"PDF, Markdown, testo, DOCX, ODT o pagine HTML (fino a {UPLOAD_MB} MB ciascuno)",
            type=list(ACCEPTED),
            accept_multiple_files=True,
            key=UPLOAD_KEY,
        )
        sent = st.form_submit_button("Indicizza", type="primary")
    if sent and files:
        _add([(f.name, f.getvalue()) for f in files])
    elif sent:
        st.warning("Scegli almeno un file da aggiungere.")


def _add(files: list[tuple[str, bytes]]) -> None:
    box = st.container()
    try:
        with st.spinner("Leggo e indicizzo i file…"):
            report = add_files(files, settings(), progress=ProgressBars(box))
    except PdzError as exc:
        st.error(f"Non è stato possibile aggiungere i file: {exc}")
        return
    # the files' names, never where the server keeps them
    done = [Path(p).name for p in (*report.added, *report.updated)]
    if done:
        st.success(f"Aggiunti all'archivio: {', '.join(done)} ({report.seconds:.1f} s). Ora sono anche nelle risposte.")
    for name in report.unchanged:
        st.info(f"{Path(name).name}: già presente e invariato.")
    for skipped in report.skipped:
        st.error(
            f"{Path(skipped.path).name} non è stato aggiunto: {skipped.reason}. Gli altri documenti restano com'erano."
        )
