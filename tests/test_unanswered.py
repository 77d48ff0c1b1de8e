"""Grouping unanswered questions and exporting tags as Rasa NLU YAML."""

from __future__ import annotations

from pathlib import Path
from typing import FrozenSet

from rasa.shared.nlu.training_data.loading import load_data

from bot.staff.unanswered import group_messages, is_unanswered, nlu_yaml


def words(text: str) -> FrozenSet[str]:
    stop = {"is", "a", "the", "for", "can", "i", "does"}
    return frozenset(w.strip("?!.,").lower() for w in text.split()) - stop


def test_similar_messages_group_together_with_counts() -> None:
    groups = group_messages(
        [
            "is dystonia contagious?",
            "is dystonia contagious",
            "can I drive with dystonia",
            "does dystonia spread to others contagious",
        ],
        words,
    )
    assert [g.count for g in groups] == [2, 1, 1]
    assert groups[0].example == "is dystonia contagious?"


def test_what_counts_as_unanswered() -> None:
    assert is_unanswered("ask_causes", 0.95, "fallback")
    assert is_unanswered("nlu_fallback", 0.3, "fallback")
    assert is_unanswered("ask_causes", 0.4, "answer")
    assert not is_unanswered("ask_causes", 0.95, "answer")


def test_export_is_rasa_nlu_data_ready_for_data_nlu(tmp_path: Path) -> None:
    tagged = {
        "is it catching?": "ask_what_is",
        "can i drive\nwith it": "ask_living_with",
        "<b>x</b>: y #z": "ask_what_is",
        "ignored": "not_an_intent",
    }
    path = tmp_path / "tagged.yml"
    path.write_text(nlu_yaml(tagged, ["ask_what_is", "ask_living_with"]), encoding="utf-8")
    examples = {(m.get("text"), m.get("intent")) for m in load_data(str(path)).intent_examples}
    assert examples == {
        ("is it catching?", "ask_what_is"),
        ("<b>x</b>: y #z", "ask_what_is"),
        ("can i drive with it", "ask_living_with"),
    }
