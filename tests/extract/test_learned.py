"""The trained relation classifier: features on real parses, the shipped weights, merging with the rules."""

from __future__ import annotations

import numpy as np
import pytest

from kg.extract.learned import (
    DENSE_DIM,
    MODEL_PATH,
    TENSOR_DIM,
    Candidate,
    RelationModel,
    candidates,
    dense_features,
    features,
    hash_feature,
    learned_statements,
    load_model,
    merge_statements,
)
from kg.types import Statement


@pytest.fixture(scope="session")
def parse():
    """Text → (doc, ents) exactly as kg's pipeline has them when the classifier runs."""
    from kg.config import Config
    from kg.extract.actors import resolve_entities, truecase_headlines
    from kg.extract.nlp import load_nlp
    from kg.extract.relations import extract_statements
    from kg.link.gazetteer import load_kb

    cfg = Config()
    nlp = load_nlp(cfg.extract.model, kb_paths=cfg.extract.actors)
    kb = load_kb(cfg.extract.actors)

    def run(text: str):
        doc = nlp(truecase_headlines(text, nlp))
        doc.user_data["kg_text"] = text
        ents = resolve_entities(doc, "a1", kb)
        extract_statements(doc, ents, kb, "a1")
        return doc, ents

    return run


def _pair(cands: list[Candidate], a: str, b: str) -> Candidate:
    found = [c for c in cands if a in c.a.span.text and b in c.b.span.text]
    assert found, [(c.a.span.text, c.b.span.text) for c in cands]
    return found[0]


def test_hash_is_stable():
    assert hash_feature("t=Person|Organisation", 1 << 18) == hash_feature("t=Person|Organisation", 1 << 18)
    assert 0 <= hash_feature("anything", 1000) < 1000


def test_candidates_both_orders_one_sentence(parse):
    doc, ents = parse("Lee Harvey Oswald killed John F. Kennedy. Jack Ruby shot Oswald in Dallas.")
    cands = candidates(doc, ents)
    pairs = {(c.a.span.text, c.b.span.text) for c in cands}
    assert ("Lee Harvey Oswald", "John F. Kennedy") in pairs
    assert ("John F. Kennedy", "Lee Harvey Oswald") in pairs
    assert not any(c.a.span.sent.start != c.b.span.sent.start for c in cands)


def test_features_read_the_path(parse):
    doc, ents = parse("Lee Harvey Oswald killed John F. Kennedy.")
    f = features(_pair(candidates(doc, ents), "Oswald", "Kennedy"))
    assert "t=Person|Person" in f
    assert "lca=kill" in f
    assert "p=nsubj> kill <dobj" in f
    assert "o=ab" in f
    g = features(_pair(candidates(doc, ents), "Kennedy", "Oswald"))
    assert "p=dobj> kill <nsubj" in g and "o=ba" in g


def test_features_count_the_names_between(parse):
    doc, ents = parse("John Smith met Jane Doe and Bill Roe in Chicago.")
    cands = candidates(doc, ents)
    near = features(_pair(cands, "John Smith", "Jane Doe"))
    far = features(_pair(cands, "John Smith", "Bill Roe"))
    assert "eb=0" in near and not any(f.startswith("ebl=") for f in near)
    assert "eb=1" in far and "ebl=PERSON" in far and "eblt=PERSON|Person|Person" in far


def test_features_apposition(parse):
    doc, ents = parse("John Smith, a spokesman for the Red Cross, said the talks failed.")
    f = features(_pair(candidates(doc, ents), "John Smith", "Red Cross"))
    assert "comma" in f
    assert "pw=spokesman" in f
    assert "pdep=appos" in f


def test_shipped_model_loads():
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 5_000_000
    model = load_model()
    assert model is load_model()  # cached
    assert "NONE" in model.labels and {"kills", "holdsRoleIn", "basedIn"} <= set(model.labels)
    assert model.weights.shape == (len(model.labels), len(model.indices))
    assert 0.0 < model.threshold < 1.0
    dense = np.zeros((2, DENSE_DIM), dtype=np.float32) if model.dense_weights is not None else None
    probs = model.predict_proba([["bias"], ["bias", "t=Person|Person", "lca=kill"]], dense)
    assert probs.shape == (2, len(model.labels))
    assert np.allclose(probs.sum(axis=1), 1.0)


@pytest.mark.parametrize("text, expected", [
    ("John Smith, a spokesman for the Red Cross, said the talks had failed.",
     ("john-smith", "holdsRoleIn", "red-cross")),
    ("Lee Harvey Oswald killed John F. Kennedy.", ("lee-harvey-oswald", "kills", "john-f-kennedy")),
    ("Acme Corp, based in Chicago, makes anvils.", ("acme-corp", "basedIn", "chicago")),
])
def test_clear_cases(parse, text, expected):
    doc, ents = parse(text)
    found = learned_statements(doc, ents, "a1")
    subj, rel, obj = expected
    hits = [s for s in found if s.relation == rel and subj in s.subject and obj in s.object]
    assert hits, [(s.subject, s.relation, s.object, s.confidence) for s in found]
    st = hits[0]
    assert st.trigger == "" and st.modality == "asserted" and st.article_id == "a1"
    assert 0.0 < st.confidence <= 0.9
    assert st.evidence == text


def test_nothing_between_unrelated_names(parse):
    doc, ents = parse("The weather in Chicago was cold, and John Smith stayed at home.")
    assert not [s for s in learned_statements(doc, ents, "a1") if s.relation == "kills"]


def test_kills_needs_a_killing_word_in_the_sentence(parse, monkeypatch):
    import kg.extract.learned as learned

    doc, ents = parse("Jack Roe, a fellow appointee of President John Doe, spoke.")
    assert not [s for s in learned_statements(doc, ents, "a1") if s.relation == "kills"]
    # the model alone would say it: the cue words are what keep it out
    monkeypatch.setattr(learned, "LEARNED_CUES", {})
    assert [s for s in learned_statements(doc, ents, "a1") if s.relation == "kills"]


def test_threshold_one_says_nothing(parse):
    doc, ents = parse("Lee Harvey Oswald killed John F. Kennedy.")
    assert learned_statements(doc, ents, "a1", threshold=1.01) == []


def test_a_model_built_in_the_test():
    """Prediction is the softmax of the summed weights of the hashed features."""
    n = 64
    hashed = hash_feature("lca=kill", n)
    model = RelationModel(labels=("NONE", "kills"), n_features=n, threshold=0.5,
                          indices=np.array([hashed], dtype=np.int64),
                          weights=np.array([[0.0], [2.0]], dtype=np.float16),
                          bias=np.array([0.0, 0.0], dtype=np.float32), meta={})
    p = model.predict_proba([["lca=kill"], ["other"]])
    assert p[0, 1] == pytest.approx(np.exp(2) / (1 + np.exp(2)))
    assert p[1, 1] == pytest.approx(0.5)


def test_dense_features_add_their_standardised_score():
    """With dense weights, each row's score gains ((x - mean) * mult) · w per label."""
    dim = 3
    model = RelationModel(labels=("NONE", "kills"), n_features=64, threshold=0.5,
                          indices=np.array([0], dtype=np.int64), weights=np.zeros((2, 1), dtype=np.float16),
                          bias=np.zeros(2, dtype=np.float32), meta={},
                          dense_weights=np.array([[0.0, 0.0, 0.0], [1.0, 0.0, -1.0]], dtype=np.float32),
                          dense_mean=np.array([1.0, 0.0, 0.0]), dense_mult=np.array([2.0, 1.0, 1.0]))
    x = np.array([[2.0, 5.0, 0.0], [1.0, 0.0, 1.0]])
    p = model.predict_proba([["a"], ["b"]], x)
    assert p[0, 1] == pytest.approx(np.exp(2) / (1 + np.exp(2)))  # (2 - 1) * 2 * 1
    assert p[1, 1] == pytest.approx(np.exp(-1) / (1 + np.exp(-1)))
    with pytest.raises(ValueError, match="dense features"):
        model.predict_proba([["a"]], np.zeros((1, dim + 1)))
    with pytest.raises(ValueError, match="dense features"):
        model.predict_proba([["a"]])


def test_dense_features_of_a_real_pair(parse):
    doc, ents = parse("Lee Harvey Oswald killed John F. Kennedy.")
    c = _pair(candidates(doc, ents), "Oswald", "Kennedy")
    v = dense_features(c)
    assert v.shape == (DENSE_DIM,) and v.dtype == np.float32
    assert np.abs(v).sum() > 0
    # the first block is the mean context vector of the subject mention's tokens
    assert np.allclose(v[:TENSOR_DIM], doc.tensor[c.a.span.start: c.a.span.end].mean(axis=0), atol=1e-6)


def _st(s: str, r: str, o: str, start: int = 0, conf: float = 0.8) -> Statement:
    return Statement(s, r, o, "a1", "text", start, 10, conf)


def test_merge_rules_win_on_the_same_pair_when_beside_is_off():
    rules = [_st("x", "attacks", "y")]
    learned = [_st("y", "kills", "x"), _st("x", "basedIn", "z"), _st("x", "kills", "y", start=20)]
    merged = merge_statements(rules, learned, beside=None)
    assert [(s.subject, s.relation, s.object, s.start) for s in merged] == [
        ("x", "attacks", "y", 0), ("x", "basedIn", "z", 0), ("x", "kills", "y", 20)]


def test_merge_keeps_rules_and_adds_a_different_learned_relation_beside():
    rules = [_st("x", "attacks", "y"), _st("x", "holdsRoleIn", "w")]
    learned = [_st("y", "kills", "x"), _st("x", "holdsRoleIn", "w", conf=0.9), _st("x", "basedIn", "z")]
    merged = merge_statements(rules, learned)
    assert [(s.subject, s.relation, s.object) for s in merged] == [
        ("x", "attacks", "y"), ("x", "holdsRoleIn", "w"), ("y", "kills", "x"), ("x", "basedIn", "z")]
    # the rules' statement is never replaced, and a duplicate relation is not added twice
    assert merged[1].confidence == 0.8


def test_merge_beside_needs_the_confidence():
    rules = [_st("x", "attacks", "y")]
    learned = [_st("y", "kills", "x", conf=0.3)]
    assert len(merge_statements(rules, learned, beside=0.5)) == 1
    assert len(merge_statements(rules, learned, beside=0.2)) == 2
