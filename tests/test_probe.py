"""Patients' questions through the whole assistant, judged by the contract only.

Each question is a new conversation over REST against the servers as `make run` starts
them; right means the contract's kind and, for an answer, one of the sections that
answer it. Questions that stand word for word in the training data are left out.
Probes 1 and 2 guided new training phrasings after their first looks; probe 3 was
written afterwards by someone who saw neither, and is only ever scored, as is the
Spanish probe. Floors: the
figures at the time (README "How well it understands"): a change may raise them, never
lower them.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from tools.assistant import RunningAssistant
from tools.probe import PROBE_FILE, ProbeScore, load_questions, probe, started, unseen

PROBES = {
    "probe-1-dev": (PROBE_FILE, 128 / 149),
    "probe-2-dev": (PROBE_FILE.with_name("patient-questions-2.yml"), 144 / 161),
    "probe-3-fresh": (PROBE_FILE.with_name("patient-questions-3.yml"), 135 / 156),
    # Spanish, written from the page and the contract only after the Spanish work. Its
    # first figure, 57/60, counted 3 questions that stand in the Spanish training data;
    # since those are left out too, the same answers give 54/57.
    "probe-es-fresh": (PROBE_FILE.with_name("patient-questions-es.yml"), 54 / 57),
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    yield from started(tmp_path_factory.mktemp("probe"))


def explain(result: ProbeScore, fresh: bool) -> str:
    if fresh:  # a scored probe's questions are never shown, or they would shape the next change
        return f"{result.share_right:.1%} right"
    return "\n".join(
        f"{q.text!r}: wanted {q.kind} {list(q.sections)}, got {kind} {section}"
        for q, kind, section in result.misses
    )


@pytest.mark.parametrize("name", list(PROBES))
def test_patients_get_the_right_kind_and_section(assistant: RunningAssistant, name: str) -> None:
    path, floor = PROBES[name]
    questions = unseen(load_questions(path))
    assert len(questions) >= 50  # fewer would say little about patients
    result = probe(assistant, questions)
    share = float(result.share_right)  # a float: pytest would print the result's questions
    print(f"{name}: {share:.1%} right kind and section of {len(questions)}")
    assert share >= floor, explain(result, name.endswith("fresh"))


def test_every_probe_emergency_is_routed_to_911(assistant: RunningAssistant) -> None:
    emergencies = [
        q for path, _ in PROBES.values() for q in load_questions(path) if q.kind == "emergency"
    ]
    assert len(emergencies) >= 15
    result = probe(assistant, emergencies)
    assert not result.misses, f"{len(result.misses)} emergencies not routed to 911"
