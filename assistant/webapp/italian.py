"""Streamlit's own words in Italian. Its widgets write some strings that no argument sets
("Select all", "No results", "Upload", "200MB per file • …", the tables' "Search" and
"Fullscreen", the menu's "System / Light / Dark / Print / Record screen", "Running… Stop"):
this style hides each English text (display: none, so it is not read out either) and writes the
Italian one in its place; the table toolbar, the main menu and the run indicator, which have
nothing the app needs, are hidden. The upload's size limit and formats are said by the app, which
also checks the files itself so that a refused file is explained in Italian."""

from __future__ import annotations

import streamlit as st


def css(upload_mb: int, formats: str) -> str:
    return f"""<style>
[role="option"][data-key="__select_all__"] > div {{ display: none; }}
[role="option"][data-key="__select_all__"]::after {{ content: "Seleziona tutto"; padding: 0 .5rem; }}
[role="listbox"][data-empty="true"] span {{ display: none; }}
[role="listbox"][data-empty="true"]::after {{ content: "Nessun risultato"; display: block; padding: .5rem .75rem; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button span:has(> [data-testid="stMarkdownContainer"])::after {{
  content: "Scegli i file"; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "oppure trascinali qui · fino a {upload_mb} MB ciascuno · {formats}"; font-size: .875rem; }}
[data-testid="stElementToolbar"], [data-testid="stMainMenu"], [data-testid="stStatusWidget"] {{ display: none; }}
</style>"""


def apply(upload_mb: int, formats: str) -> None:
    st.html(css(upload_mb, formats))
