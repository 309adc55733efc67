"""The Streamlit face of the product (run by `streamlit run app.py` or `pdz chat`). Only display
and session state live here; answers, records and ingest come from the library."""
