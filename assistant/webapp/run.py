"""The script `pdz chat` hands to Streamlit (the same as app.py at the repository root)."""

from assistant.webapp.main import main

main()
