"""The action server as `make run` starts it: warm first, then rasa-sdk's own server.

A cold server would load the knowledge base (the page, the spaCy pipeline and the index
of which sentence names which term) inside the first patient's turn, which takes longer
than the widget waits. Loading it before rasa-sdk starts means its /health answers only
once an action can answer at once. Arguments are rasa-sdk's own (`--port`, ...).
"""

from __future__ import annotations

import time

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from bot.content.knowledge import load_knowledge
from bot.leave_out import leave_out
from bot.settings import get_settings


def warm() -> float:
    """Load what the first action needs; the seconds it took."""
    started = time.monotonic()
    load_knowledge(get_settings())
    return time.monotonic() - started


def main() -> None:
    leave_out("tensorflow", "jax")  # before spaCy: its pipeline here wraps no TensorFlow
    args = create_argument_parser().parse_args()
    seconds = warm()
    print(f"action server warm: knowledge base loaded in {seconds:.1f} s", flush=True)
    main_from_args(args)


if __name__ == "__main__":
    main()
