"""The store: settings, Chroma, BM25, the vector cache and bookkeeping, the knowledge base's file."""
