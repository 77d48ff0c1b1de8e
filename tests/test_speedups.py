"""Rasa's per-message costs taken out keep Rasa's behaviour (components/speedups.py,
bot/leave_out.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from components import speedups


@pytest.fixture(scope="module")
def action() -> RemoteAction:
    speedups.install()
    return RemoteAction("action_answer", None)


def test_a_well_formed_action_response_passes(action: RemoteAction) -> None:
    response = {"events": [{"event": "slot", "name": "lang", "value": "es"}], "responses": []}
    assert action._validate_action_result(response) is True


@pytest.mark.parametrize(
    "response", [{"events": "not a list"}, {"events": [{"no": "event key"}]}, {"responses": 3}]
)
def test_a_malformed_action_response_is_refused_as_rasa_refuses_it(
    action: RemoteAction, response: dict
) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(response)


def test_tensorflow_and_spacy_load_without_the_modules_left_out() -> None:
    """What the Rasa server and the action server rely on: TensorFlow runs without JAX,
    and spaCy without TensorFlow."""
    script = (
        "from bot.leave_out import leave_out; import sys\n"
        "leave_out('jax'); import tensorflow as tf; assert tf.constant(2) * 2 == 4\n"
        "assert sys.modules['jax'] is None\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    script = (
        "from bot.leave_out import leave_out; import sys\n"
        "leave_out('tensorflow', 'jax'); import spacy; spacy.blank('en')('a test')\n"
        "assert sys.modules['tensorflow'] is None\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)


def test_servers_return_freed_memory_unless_an_admin_says_otherwise(monkeypatch) -> None:
    from bot.processes import MALLOC_THRESHOLD_BYTES, child_env
    from bot.settings import Settings

    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    env = child_env(Settings())
    assert env["MALLOC_MMAP_THRESHOLD_"] == str(MALLOC_THRESHOLD_BYTES)
    assert env["MALLOC_TRIM_THRESHOLD_"] == "65536"
