"""What both ingest/ and the answering side build on: the records, their errors, the words of
Italian administrative texts."""
