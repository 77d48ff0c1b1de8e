"""The project's spaCy pipeline: blank English, rule sentencizer, lookup lemmatizer.

No pretrained pipeline is downloaded: lemmas come from spacy-lookups-data. The
pipeline is built once (``make``), saved under ``build/``, and loaded from there by
both the content builder and Rasa's ``SpacyNLP`` component.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, List

if TYPE_CHECKING:
    from spacy.language import Language


def build_pipeline() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup tables from spacy-lookups-data
    return nlp


def save_pipeline(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    build_pipeline().to_disk(path)


@lru_cache(maxsize=4)
def load_pipeline(path: Path) -> Language:
    """The saved pipeline, loaded once per process and path (never at import)."""
    import spacy

    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"spaCy pipeline missing at {path}: run `make build`")
    return spacy.load(path)


OPENERS = '(["“‘'


def split_sentences(nlp: Language, text: str) -> List[str]:
    """Sentences of ``text``; an opening bracket or quote stays with the sentence it opens."""
    sentences: List[str] = []
    carry = ""
    for span in nlp(text).sents:
        sentence = carry + span.text.strip()
        carry = ""
        while sentence and sentence[-1] in OPENERS:
            carry = sentence[-1] + carry
            sentence = sentence[:-1].rstrip()
        if sentence:
            sentences.append(sentence)
    if carry and sentences:
        sentences[-1] += carry
    return sentences


def main() -> None:
    import sys

    from bot.settings import get_settings

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else get_settings().spacy_pipeline_dir
    save_pipeline(target)
    print(f"saved spaCy pipeline to {target}")


if __name__ == "__main__":
    main()
