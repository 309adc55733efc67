"""The page on a phone (below 640 px wide): every tab reachable (the tab bar wraps instead of
hiding tabs behind an arrow), Scadenze as dated cards instead of the timeline chart, the chat's
input kept in view at the bottom of a long conversation. The app draws both the chart and the
cards; this style shows the one that fits the screen."""

from __future__ import annotations

import streamlit as st

NARROW = 640  # px

CSS = f"""<style>
.st-key-chat_input {{ position: sticky; bottom: .5rem; z-index: 5; background: var(--background-color, white); }}
@media (max-width: {NARROW}px) {{
  [data-testid="stTabs"] [role="tablist"] {{ flex-wrap: wrap; row-gap: .25rem; }}
  .st-key-timeline_chart {{ display: none; }}
}}
@media (min-width: {NARROW + 1}px) {{
  .st-key-timeline_cards {{ display: none; }}
}}
</style>"""


def apply() -> None:
    st.html(CSS)
