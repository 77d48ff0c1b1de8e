"""Keep optional imports of our dependencies out of a process that never uses them.

A module set to None in ``sys.modules`` makes ``import`` raise ImportError, which is what
the importing library sees where the package is not installed; these imports are all
guarded for that. Measured in README "Benchmark":

- TensorFlow 2.12 imports JAX (its ``jax`` requirement) only for TFLite conversion, which
  Rasa never does: 65 MB in every Rasa server (``bot.rasa_server``).
- spaCy's thinc imports TensorFlow when it can, for models that wrap TensorFlow layers;
  the action server's spaCy pipeline has none: TensorFlow and JAX were most of its
  memory (``actions/__main__.py``).
"""

from __future__ import annotations

import sys


def leave_out(*modules: str) -> None:
    """Call before anything imports ``modules``; one already imported stays."""
    for name in modules:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
