"""Exports never carry names, phone numbers or emails from handoff forms."""

from __future__ import annotations

import pytest

from bot.staff.redaction import REDACTED, Redactor


@pytest.fixture(scope="module")
def redactor(nlp) -> Redactor:  # type: ignore[no-untyped-def]
    return Redactor(nlp, ["Jane Doe", "(252) 555-0142", "+12525550142", "jo@example.com", ""])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me at 252-555-0123 please", f"call me at {REDACTED} please"),
        ("my number is (252) 555-0123", f"my number is {REDACTED}"),
        ("2525550123", REDACTED),
        ("+1 252 555 0123", REDACTED),
        ("252.555.0123 after 5", f"{REDACTED} after 5"),
        ("try 555-0123", f"try {REDACTED}"),
        ("email me: pat.smith@hospital.org", f"email me: {REDACTED}"),
        ("this is jane doe speaking", f"this is {REDACTED} speaking"),
        ("Jane Doe", REDACTED),
        ("what causes dystonia at age 16?", "what causes dystonia at age 16?"),
        ("between the ages of 5 and 16", "between the ages of 5 and 16"),
    ],
)
def test_contact_details_and_known_names_are_redacted(
    redactor: Redactor, text: str, expected: str
) -> None:
    assert redactor.redact(text) == expected
