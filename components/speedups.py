"""Per-message costs of Rasa 3.6 taken out without changing what is computed.

Each was found with py-spy on the running Rasa server (README "Benchmark"):

- ``Event.resolve_by_type`` searches every Event subclass for a type name, for each event
  of a tracker read from the store: a lookup table answers the names seen before (a name
  not in it falls back to the search, so events added by plugins still resolve).
- ``RemoteAction._validate_action_result`` calls ``jsonschema.validate``, which checks
  Rasa's constant response schema against the JSON Schema meta-schema before it checks
  the response, on every action call: 12% of the server's CPU. The same validation, with
  the same errors and message, runs on a validator built once.

``install()`` is idempotent; the tracker store calls it, being the one piece of ours that
every Rasa server of this project constructs (``var/endpoints.yml``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Type

from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

_original_resolve = Event.resolve_by_type
_by_type_name: Dict[str, Type[Event]] = {}


def _resolve_by_type(type_name: str, default: Type[Event] | None = None) -> Type[Event] | None:
    found = _by_type_name.get(type_name)
    if found is not None:
        return found
    resolved = _original_resolve(type_name, default)
    if resolved is not None and resolved is not default:
        _by_type_name[type_name] = resolved
    return resolved


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)  # once, as jsonschema.validate does every time
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` (Rasa 3.6.21) on a validator built once."""
    from jsonschema import exceptions

    error = exceptions.best_match(_action_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
