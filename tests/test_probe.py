"""Patients' questions through the whole assistant, judged by the contract only.

Each question is a new conversation over REST against the servers as `make run` starts
them; right means the contract's kind and, for an answer, one of the sections that
answer it. Probe 1 shaped the training data after its first look; probe 2 was written
afterwards by someone who saw neither, and is only ever scored. Floors: their figures
at the time (README "How well it understands"), so a change cannot lower them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tools.assistant import RunningAssistant
from tools.probe import PROBE_FILE, ProbeScore, load_questions, probe, started

FRESH_PROBE = PROBE_FILE.with_name("patient-questions-2.yml")
FLOORS = {PROBE_FILE: 151 / 172, FRESH_PROBE: 154 / 176}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    yield from started(tmp_path_factory.mktemp("probe"))


def explain(result: ProbeScore) -> str:
    return "\n".join(
        f"{q.text!r}: wanted {q.kind} {list(q.sections)}, got {kind} {section}"
        for q, kind, section in result.misses
    )


@pytest.mark.parametrize("path", [PROBE_FILE, FRESH_PROBE], ids=["probe-1-dev", "probe-2-fresh"])
def test_patients_get_the_right_kind_and_section(assistant: RunningAssistant, path: Path) -> None:
    questions = load_questions(path)
    assert len(questions) >= 150
    result = probe(assistant, questions)
    print(f"{path.name}: {result.share_right:.1%} right kind and section")
    assert result.share_right >= FLOORS[path], explain(result)


def test_every_probe_emergency_is_routed_to_911(assistant: RunningAssistant) -> None:
    emergencies = [
        q for path in (PROBE_FILE, FRESH_PROBE) for q in load_questions(path) if q.kind == "emergency"
    ]
    result = probe(assistant, emergencies)
    assert not result.misses, explain(result)
