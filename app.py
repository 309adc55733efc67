"""PDZ Assistant in the browser: `streamlit run app.py` (or `pdz chat`)."""

from assistant.webapp.main import main

main()
