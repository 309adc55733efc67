"""A document opened in a dialog, from a source of an answer or from Documenti: its units as an
outline to move through, the chosen unit's passages with the cited one marked, and for a PDF the
page itself, rendered, opened at the passage's page."""

from __future__ import annotations

from io import BytesIO

import streamlit as st

from assistant.core.types import Passage
from assistant.render import counted, highlight, md_escape
from assistant.service import Service

RENDER_SCALE = 1.4  # ~100 dpi: a page readable in the dialog, ~150 KB as PNG


@st.cache_data(max_entries=64, show_spinner=False)
def page_image(path: str, stamp: float, page: int) -> bytes | None:
    """The page (1-based) rendered as PNG; None when the file cannot be rendered. `stamp`: the
    file's modification time, so a replaced file is rendered again."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
        try:
            if not 1 <= page <= len(pdf):
                return None
            image = pdf[page - 1].render(scale=RENDER_SCALE).to_pil()
        finally:
            pdf.close()
    except pdfium.PdfiumError:
        return None
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def unit_of(p: Passage) -> str:
    """The top unit a passage is in ("Art. 5", "Allegato 1", "Premessa")."""
    return p.locator.split("›")[0].strip() or "Testo"


def units_of(passages: list[Passage]) -> dict[str, list[Passage]]:
    """The document's top units in order, each with its passages."""
    units: dict[str, list[Passage]] = {}
    for p in passages:
        units.setdefault(unit_of(p), []).append(p)
    return units


def open_button(service: Service, passage: Passage, key: str) -> None:
    if st.button("Apri nel documento", key=key, icon=":material/article:", type="tertiary"):
        document(service, passage.source, passage.id)


@st.dialog("Documento", width="large")
def document(service: Service, source: str, passage_id: str | None = None) -> None:
    passages = service.retriever.passages_of(source)
    info = next((d for d in service.documents if d.source == source), None)
    st.markdown(f"### {md_escape(info.title if info else source)}")
    if info:
        facts = [x for x in (info.territory, info.doc_type, info.date) if x]
        st.caption(" · ".join(facts + [counted(len(passages), "passaggio", "passaggi")]))
    if not passages:
        st.info("Il documento non ha passaggi nell'archivio.")
        return
    units = units_of(passages)
    cited = next((p for p in passages if p.id == passage_id), None)
    names = list(units)
    start = names.index(unit_of(cited)) if cited else 0
    unit = st.selectbox("Parte del documento", names, index=start, key=f"doc_unit_{source}")
    original = service.original(source)
    pdf = original is not None and original.suffix.lower() == ".pdf"
    text, page_side = st.columns([3, 2]) if pdf else (st.container(), None)
    with text:
        for p in units[unit]:
            inner = " › ".join(part.strip() for part in p.locator.split("›")[1:])
            if inner:
                st.markdown(f"**{md_escape(inner)}**" + (f" · p. {p.page}" if p.page else ""))
            elif p.page:
                st.caption(f"p. {p.page}")
            body = highlight(p.text, p.text) if cited is not None and p.id == cited.id else highlight(p.text, "")
            st.markdown(body, unsafe_allow_html=True)
    if page_side is not None and original is not None:
        with page_side:
            first = (cited.page if cited and unit_of(cited) == unit else units[unit][0].page) or 1
            page = st.number_input("Pagina", min_value=1, value=first, step=1, key=f"doc_page_{source}_{unit}")
            image = page_image(str(original), original.stat().st_mtime, int(page))
            if image is None:
                st.info(f"La pagina {page} non c'è o non si può mostrare.")
            else:
                st.image(image, caption=f"{original.name}, pagina {page}")
