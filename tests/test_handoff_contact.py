"""Contact details and free text typed into the handoff form."""

from __future__ import annotations

import pytest

from bot.handoff.contact import EMAIL, PHONE, Contact, Problem, check_text, parse_contact
from bot.handoff.flow import field_to_change, is_page_question, offer_phone_line


@pytest.mark.parametrize(
    "text",
    [
        "(252) 555-0123",
        "252-555-0123",
        "252.555.0123",
        "2525550123",
        "252 555 0123",
        "+1 252 555 0123",
        "1-252-555-0123",
        "+1 (252) 555-0123",
        "my cell is 252 555 0123",
        "call me at (252)555-0123 please",
    ],
)
def test_us_phone_spellings_are_accepted(text: str) -> None:
    contact = parse_contact(text)
    assert contact == Contact(PHONE, "+12525550123")
    assert contact.display == "(252) 555-0123"


def test_an_extension_is_kept() -> None:
    contact = parse_contact("252-555-0123 ext 12")
    assert isinstance(contact, Contact) and contact.display == "(252) 555-0123 ext. 12"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("555-0123", "area code"),
        ("123-456-7890", "complete US phone number"),
        ("252-555-012", "complete US phone number"),
        ("+44 20 7946 0958", "US phone number"),
        ("call me", "US phone number"),
        ("911", "complete US phone number"),
        ("", "US phone"),
    ],
)
def test_bad_phone_numbers_are_refused_with_a_clear_reason(text: str, says: str) -> None:
    problem = parse_contact(text)
    assert isinstance(problem, Problem) and says in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jane@example.com", "jane@example.com"),
        ("Jane.Doe@Hospital.org", "Jane.Doe@hospital.org"),
        ("email me at pat+dys@example.co.uk.", "pat+dys@example.co.uk"),
    ],
)
def test_emails_are_accepted(text: str, expected: str) -> None:
    assert parse_contact(text) == Contact(EMAIL, expected)


@pytest.mark.parametrize("text", ["jane@", "@example.com", "jane@@example.com", "jane@exa mple"])
def test_bad_emails_are_refused(text: str) -> None:
    problem = parse_contact(text)
    assert isinstance(problem, Problem) and "email" in problem.message


def test_free_text_is_kept_as_typed_within_its_limit() -> None:
    assert check_text("name", "  <b>Jane</b>   Doe ") == "<b>Jane</b> Doe"
    too_long = check_text("need", "x" * 501)
    assert isinstance(too_long, Problem) and "500" in too_long.message
    assert isinstance(check_text("best_time", "   "), Problem)


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("change my name", "contact_name"),
        ("the phone number is wrong", "contact"),
        ("use my email instead", "contact"),
        ("a different time", "best_time"),
        ("what I need help with", "help_need"),
        ("hmm", None),
    ],
)
def test_which_field_to_change(text: str, slot: str) -> None:
    assert field_to_change(text) == slot


def test_page_questions_are_told_from_answers() -> None:
    content = {"ask_causes"}
    assert is_page_question("what causes dystonia?", "ask_causes", 0.95, content)
    assert not is_page_question("Jane Doe", "ask_causes", 0.95, content)
    assert not is_page_question("what causes dystonia?", "ask_causes", 0.5, content)


def test_phone_line_offered_from_the_third_bad_try() -> None:
    assert [offer_phone_line(n) for n in (1, 2, 3, 4)] == [False, False, True, True]
