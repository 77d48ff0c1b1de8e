"""``python -m bot.rasa_server run ...``: Rasa's own command line, without JAX, which
TensorFlow imports only for TFLite conversion (``bot.leave_out``). ``bot.serve`` starts
every Rasa server this way; the arguments are Rasa's own.
"""

from __future__ import annotations

from bot.leave_out import leave_out


def main() -> None:
    leave_out("jax")
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
