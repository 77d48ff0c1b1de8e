"""Exports never carry names, phone numbers, emails, dates of birth or record numbers."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.handoff.contact import Contact, parse_contact
from bot.redaction import REDACTED, Redactor, scrub_log_line, session_ref


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor.with_known_values(
        ["Jane Doe", "(252) 555-0142", "+12525550142", "jo@example.com", ""]
    )


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
        ("Jane called", f"{REDACTED} called"),  # part of a stored name, capitalised
        ("what causes dystonia at age 16?", "what causes dystonia at age 16?"),
        ("between the ages of 5 and 16", "between the ages of 5 and 16"),
        # the spellings a privacy officer typed
        ("(252)555-0171", REDACTED),
        ("252/555/0172", REDACTED),
        ("1-252-555-0174", REDACTED),
        ("ZQ_ROE+chat@Example.ORG", REDACTED),
        ("my name is Zelda Quixote", f"my name is {REDACTED}"),
        ("my name is zelda quixote and i have spasms", f"my name is {REDACTED} and i have spasms"),
        ("Hi, I'm Zelda Quixote.", f"Hi, I'm {REDACTED}."),
        ("I'm tired of the spasms", "I'm tired of the spasms"),
        ("me llamo Zelda Quixote", f"me llamo {REDACTED}"),
        ("hola, soy Zelda", f"hola, soy {REDACTED}"),
        ("DOB 03/14/1962", REDACTED),
        ("born March 14, 1962 in Raleigh", f"{REDACTED} in Raleigh"),
        ("my birthday is 3-14-62", f"my {REDACTED}"),
        ("nací el 14 de marzo de 1962", REDACTED),
        ("MRN: A12345678", REDACTED),
        ("my record number is 4458812", f"my {REDACTED}"),
        ("my MRN is 1234", f"my {REDACTED}"),
        ("I’m Rosa Diaz", f"I’m {REDACTED}"),
        ("born on the 3rd of March 1985 in town", f"{REDACTED} in town"),
        ("I have an idea 123", "I have an idea 123"),
        ("zip 27834", f"zip {REDACTED}"),
    ],
)
def test_identifying_details_are_redacted(redactor: Redactor, text: str, expected: str) -> None:
    assert redactor.redact(text) == expected


SEPARATORS = ["-", ".", " ", "/", "", " - ", ". "]
PREFIXES = ["", "1", "1-", "1 ", "+1", "+1 ", "+1-", "1.", "001 "]
CONTEXTS = ["{}", "call me at {} after 5", "my cell: {}.", "({}) is best", "tel {}, thanks"]


@st.composite
def accepted_spellings(draw):  # type: ignore[no-untyped-def]
    """A valid US number written as a patient might, that the handoff form accepts."""
    area = draw(st.integers(200, 989))
    exchange = draw(st.integers(200, 999))
    line = draw(st.integers(0, 9999))
    national = f"{area}{exchange}{line:04d}"
    number = phonenumbers.parse(national, "US")
    assume(phonenumbers.is_valid_number(number))
    style = draw(st.sampled_from(["hand", "E164", "INTERNATIONAL", "NATIONAL", "RFC3966"]))
    if style == "hand":
        sep = draw(st.sampled_from(SEPARATORS))
        area_part = f"({area})" if draw(st.booleans()) else str(area)
        spelled = f"{draw(st.sampled_from(PREFIXES))}{area_part}{sep}{exchange}{sep}{line:04d}"
    else:
        spelled = phonenumbers.format_number(number, getattr(phonenumbers.PhoneNumberFormat, style))
    if draw(st.booleans()):
        spelled += draw(st.sampled_from([" ext. 12", " x204", " extension 7"]))
    text = draw(st.sampled_from(CONTEXTS)).format(spelled)
    contact = parse_contact(text)
    assume(isinstance(contact, Contact))
    return text, f"{line:04d}", f"{exchange}"


@settings(max_examples=400, deadline=None)
@given(accepted_spellings())
def test_every_phone_spelling_the_form_accepts_is_redacted(case) -> None:  # type: ignore[no-untyped-def]
    text, line, exchange = case
    redacted = Redactor().redact(text)
    assert line not in redacted and exchange not in redacted, (text, redacted)


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(
        r"[A-Za-z0-9][A-Za-z0-9._+-]{0,20}@[A-Za-z0-9-]{1,12}\.(org|com|net|co\.uk|ORG)",
        fullmatch=True,
    )
)
def test_every_email_address_is_redacted(address: str) -> None:
    redacted = Redactor().redact(f"write to {address} please")
    assert "@" not in redacted and redacted.startswith("write to ")


def test_stored_contacts_are_redacted_in_every_shown_spelling() -> None:
    stored = Contact("phone", "+12525550199")
    redactor = Redactor.with_known_values([stored.value, stored.display, "Zelda Quixote"])
    for text in ("+12525550199", "(252) 555-0199", "ZELDA QUIXOTE said", "zelda quixote"):
        assert "0199" not in redactor.redact(text) and "elda" not in redactor.redact(text).lower()


def test_log_lines_keep_timestamps_but_lose_contacts_and_session_ids() -> None:
    session = "Jq3kLm9PzX8vB2nR5tYwQa"
    line = (
        f"2026-11-24 08:42:39,123 ERROR handoff not stored for {session}: "
        "('Zelda', '+12525550171', 'zq@example.org')"
    )
    scrubbed = scrub_log_line(line)
    assert scrubbed.startswith("2026-11-24 08:42:39,123 ERROR handoff not stored for ")
    for secret in (session, "2525550171", "zq@example.org"):
        assert secret not in scrubbed
    assert session_ref(session) != session and session not in session_ref(session)
    rasa = (
        'ERROR rasa.core.channels.rest  - {"text": "my daughter has \\"spasms\\"", '
        '"event": "rest.message.received.timeout", "level": "error"}'
    )
    assert scrub_log_line(rasa) == (
        'ERROR rasa.core.channels.rest  - {"text": "[redacted]", '
        '"event": "rest.message.received.timeout", "level": "error"}'
    )
    assert "daughter" not in scrub_log_line("slots {'need': 'my daughter', 'x': 1}")
    assert scrub_log_line("rasa.core.processor  - Loaded LetsChatSQLTrackerStore") == (
        "rasa.core.processor  - Loaded LetsChatSQLTrackerStore"
    )
