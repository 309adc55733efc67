"""Ingestion: files -> pages -> clean blocks -> sections -> passages -> store."""
