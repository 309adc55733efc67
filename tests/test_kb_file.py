"""The knowledge base on disk: a header line, then one line per document, read a document at a
time; a store written before (one kb.json) is read and replaced at the next save."""

from __future__ import annotations

import json

import pytest

from assistant.core.errors import StoreError
from assistant.storage.kb import KB_FILE, LEGACY_KB_FILE, KnowledgeBase


@pytest.fixture(scope="module")
def kb(corpus_store) -> KnowledgeBase:
    return KnowledgeBase.load(corpus_store)


def test_one_line_per_document_and_the_same_records_back(kb, tmp_path):
    kb.save(tmp_path, "v1")
    lines = (tmp_path / KB_FILE).read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    assert head["version"] == "v1" and head["documenti"] == kb.documents
    sources = [json.loads(line)["source"] for line in lines[1:]]
    assert sources == [s for s in kb.documents if s in sources] and len(sources) == len(set(sources)) == 5
    for line in lines[1:]:  # each line holds its own document's records only
        row = json.loads(line)
        assert {r["source"] for key, records in row.items() if key != "source" for r in records} == {row["source"]}
    again = KnowledgeBase.load(tmp_path)
    assert again.records.to_json() == kb.records.to_json()  # every kind in its order
    assert again.documents == kb.documents and KnowledgeBase.version(tmp_path) == "v1"


def test_a_store_written_before_is_read_then_replaced(kb, tmp_path):
    legacy = {"version": "v0", **kb.records.to_json(), "documenti": kb.documents}
    (tmp_path / LEGACY_KB_FILE).write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    assert KnowledgeBase.version(tmp_path) == "v0"
    assert KnowledgeBase.load_if_present(tmp_path, "v1") is None  # other rules extracted it
    old = KnowledgeBase.load(tmp_path)
    assert old.records.to_json() == kb.records.to_json()
    old.save(tmp_path, "v1")
    assert not (tmp_path / LEGACY_KB_FILE).exists() and KnowledgeBase.version(tmp_path) == "v1"


def test_other_rules_and_damage_are_told_apart(kb, tmp_path):
    kb.save(tmp_path, "v1")
    path = tmp_path / KB_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    # the version is read from the first line: other rules' records are not parsed at all
    path.write_text("\n".join([lines[0].replace('"v1"', '"v0"'), "{not json", *lines[2:]]), encoding="utf-8")
    assert KnowledgeBase.load_if_present(tmp_path, "v1") is None
    # the same damage under the right version is an Italian error, not a half knowledge base
    path.write_text("\n".join([lines[0], lines[1][: len(lines[1]) // 2], *lines[2:]]), encoding="utf-8")
    with pytest.raises(StoreError, match="illeggibile"):
        KnowledgeBase.load(tmp_path)
    path.write_text("\n".join([lines[0], "[1, 2]"]), encoding="utf-8")
    with pytest.raises(StoreError, match="illeggibile"):
        KnowledgeBase.load(tmp_path)
    assert KnowledgeBase.load_if_present(tmp_path / "nessuno") is None
