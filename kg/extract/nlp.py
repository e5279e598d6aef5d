"""Loading the spaCy pipeline kg extracts with.

The model is an installed package (pinned in pyproject); nothing is downloaded. kg adds
two components: ``kg_paragraphs`` (a sentence never runs across a line break, so a headline
is never glued to the paragraph after it) and an ``entity_ruler`` holding the actor
knowledge base's names, placed before the statistical NER so known actors win.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelError

#: pipeline components extraction uses; others in a model are disabled
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


_ENDS = (".", "!", "?", "…", ":", ";", '"', "”", "’", "'", ")")


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Sentence starts the parser may not move: a token after a line break starts one, and
    a token that follows no sentence-final punctuation starts none (so a headline without
    a full stop is one sentence, not three). Set before the parser runs."""
    for i, token in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt.is_sent_start = True
        elif not token.is_space and not token.text.endswith(_ENDS):
            nxt.is_sent_start = False
    return doc


def load_nlp(model: str, *, kb_paths: Sequence[str] = ()) -> Language:
    """The spaCy pipeline for ``model`` with kg's components added.

    Raises:
        ModelError: the model package is not installed (the message gives the pip command).
    """
    return _load(model, tuple(str(p) for p in kb_paths))


@lru_cache(maxsize=4)
def _load(model: str, kb_paths: tuple[str, ...]) -> Language:
    import spacy

    try:
        nlp = spacy.load(model, exclude=[])
    except OSError as exc:
        package = model.replace("_", "-")
        raise ModelError(
            f"spaCy model {model!r} is not installed; install the pinned package with "
            f"`pip install {package}==3.8.0` (kg never downloads models)"
        ) from exc
    disable = [name for name in nlp.pipe_names if name not in NEEDED]
    for name in disable:
        nlp.disable_pipe(name)
    nlp.add_pipe("kg_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    from kg.link.gazetteer import load_kb

    kb = load_kb(kb_paths)
    ruler = nlp.add_pipe(
        "entity_ruler", before="ner", config={"phrase_matcher_attr": None, "overwrite_ents": True}
    )
    ruler.add_patterns(kb.patterns())  # type: ignore[attr-defined]
    return nlp


def model_info(nlp: Language) -> tuple[str, str]:
    """(``name==version`` of the model, spaCy version) for provenance."""
    import spacy

    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}=={nlp.meta.get('version', '?')}", spacy.__version__
