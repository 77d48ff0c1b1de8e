"""Live handoff in two real browsers: a care navigator on the console's live page and a
patient in the widget (headless Debian Chromium driven by Playwright; fixtures in
conftest), against the assistant as `make run` starts it."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from tests.conftest import add_staff_user, assistant_on, log_in
from tests.test_browser_widget import WAIT_MS, ask, message_box, serious_violations
from tests.test_browser_widget import open_chat as widget_open_chat
from tools.assistant import RunningAssistant

WAIT_SECONDS = 25  # in line this long: the patient is offered a call back
PROFILE = {
    "rasa_port": 5117,
    "action_port": 5167,
    "web_port": 8117,
    "live_hours": "Mon-Sun 00:00-24:00",  # always within office hours
    "live_wait_seconds": WAIT_SECONDS,
}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"
PASSWORD = "live chat test password"
NAVIGATORS = {"nina": "Nina", "omar": "Omar"}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    with assistant_on(tmp_path_factory.mktemp("live"), PROFILE) as runner:
        for name, shown in NAVIGATORS.items():
            add_staff_user(runner, name, PASSWORD, display_name=shown)
        yield runner


@pytest.fixture
def second_page(browser):  # type: ignore[no-untyped-def]
    """Another person's browser: its own context (cookies, storage)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def open_chat(page) -> Any:  # type: ignore[no-untyped-def]
    return widget_open_chat(page, WEB)


def on_duty(page, name: str) -> Any:  # type: ignore[no-untyped-def]
    """A navigator logs in, opens the live page and says they are available."""
    log_in(page, WEB, name, PASSWORD)
    page.get_by_role("link", name="Live chat").click()
    toggle = page.get_by_role("button", name="I'm available")
    if toggle.get_attribute("aria-pressed") != "true":
        toggle.click()
    assert page.get_by_role("button", name="I'm available").get_attribute("aria-pressed") == "true"
    return page


def off_duty(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{WEB}/staff/live/")
    toggle = page.get_by_role("button", name="I'm available")
    if toggle.get_attribute("aria-pressed") == "true":
        toggle.click()
    assert page.get_by_role("button", name="I'm available").get_attribute("aria-pressed") == "false"


def ask_for_a_person_and_chat(patient) -> Any:  # type: ignore[no-untyped-def]
    log = open_chat(patient)
    ask(patient, "what causes dystonia", "basal ganglia")
    patient.get_by_role("button", name="Talk to a person").click()
    log.get_by_role("button", name="Chat now").click(timeout=WAIT_MS)
    status = patient.locator(".lc-live")
    status.get_by_text("number 1 in line").wait_for(timeout=WAIT_MS)
    return log


def test_a_patient_chats_with_a_navigator_who_hands_back_to_the_assistant(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
    second_page,  # type: ignore[no-untyped-def]
) -> None:
    navigator, patient = on_duty(page, "nina"), second_page
    log = ask_for_a_person_and_chat(patient)

    waiting = navigator.locator("#waiting")
    waiting.get_by_text("what causes dystonia").wait_for(timeout=WAIT_MS)  # questions so far
    assert re.search(r"Waiting \d+ min \d+ s", waiting.inner_text())
    assert serious_violations(navigator) == []
    waiting.get_by_role("button", name="Accept").click()
    navigator.wait_for_url(re.compile(r"/staff/live/chats/\d+$"))
    transcript = navigator.get_by_role("log", name="Conversation")
    assert "what causes dystonia" in transcript.inner_text()  # the history comes along

    log.get_by_text("You're now chatting with Nina, care navigator").wait_for(timeout=WAIT_MS)
    patient.locator(".lc-live").get_by_text("Chatting with Nina").wait_for(timeout=WAIT_MS)
    navigator.get_by_label("Message to the patient").fill("Hi, I'm Nina. How can I help?")
    navigator.get_by_role("button", name="Send").click()
    said = log.locator(".lc-navigator", has_text="How can I help?")
    said.wait_for(timeout=WAIT_MS)
    assert said.locator(".lc-who").inner_text() == "Nina, care navigator"
    # announced to screen readers: the conversation is a polite live region
    assert log.get_attribute("aria-live") == "polite" and log.get_attribute("role") == "log"
    assert serious_violations(patient) == []

    replies_before = log.locator(".lc-assistant").count()
    message_box(patient).fill("what causes dystonia")
    patient.get_by_role("button", name="Send").click()
    transcript.locator(".patient", has_text="what causes dystonia").nth(1).wait_for(timeout=WAIT_MS)
    patient.wait_for_timeout(1500)
    assert log.locator(".lc-assistant").count() == replies_before  # the assistant is quiet

    message_box(patient).fill("my husband collapsed and is not breathing")
    patient.get_by_role("button", name="Send").click()
    emergency = log.locator(".lc-emergency").last
    emergency.wait_for(timeout=WAIT_MS)
    assert "911" in emergency.inner_text()
    navigator.get_by_role("alert").filter(has_text="Possible emergency").wait_for(timeout=WAIT_MS)
    assert serious_violations(navigator) == []

    navigator.get_by_role("button", name="End chat").click()
    navigator.wait_for_url(f"{WEB}/staff/live/")
    log.get_by_text("Nina has ended the chat").wait_for(timeout=WAIT_MS)
    assert patient.locator(".lc-live").is_hidden()
    answer = ask(patient, "how is dystonia treated", "individualized approach")
    assert answer.locator(".lc-source").count() == 1
    off_duty(navigator)


def test_with_nobody_available_a_patient_gets_the_callback_form(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    log = open_chat(page)
    page.locator(".lc-human").click()  # the widget's own button, below the conversation
    log.get_by_text("What name should the care navigator ask for?").wait_for(timeout=WAIT_MS)
    assert log.get_by_role("button", name="Chat now").count() == 0


def test_when_nobody_accepts_in_time_the_patient_is_offered_a_call_back(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
    second_page,  # type: ignore[no-untyped-def]
) -> None:
    navigator = on_duty(page, "nina")
    log = ask_for_a_person_and_chat(second_page)
    navigator.locator("#waiting").get_by_role("button", name="Accept").wait_for(timeout=WAIT_MS)
    missed = log.get_by_text("no care navigator could take your chat")
    missed.wait_for(timeout=(WAIT_SECONDS + 30) * 1000)
    log.get_by_text("What name should the care navigator ask for?").wait_for(timeout=WAIT_MS)
    navigator.locator("#waiting").get_by_text("Nobody is waiting.").wait_for(timeout=WAIT_MS)
    # the form goes on as a callback request, the conversation's questions kept
    message_box(second_page).fill("Robin Live")
    second_page.get_by_role("button", name="Send").click()
    log.get_by_text(re.compile("phone number or email", re.I)).wait_for(timeout=WAIT_MS)
    off_duty(navigator)


def test_two_navigators_race_to_accept_and_one_gets_the_chat(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
    second_page,  # type: ignore[no-untyped-def]
    browser,  # type: ignore[no-untyped-def]
) -> None:
    nina = on_duty(page, "nina")
    omar = on_duty(second_page, "omar")
    context = browser.new_context()
    try:
        ask_for_a_person_and_chat(context.new_page())
        for navigator in (nina, omar):  # both see the patient waiting
            navigator.locator("#waiting").get_by_role("button", name="Accept").wait_for(
                timeout=WAIT_MS
            )
        for navigator in (nina, omar):  # and both press Accept at once
            navigator.evaluate("document.querySelector('#waiting form button').click()")
        for navigator in (nina, omar):
            navigator.wait_for_function(
                "location.pathname.includes('/chats/') || "
                "document.body.innerText.includes('Another care navigator accepted that chat')",
                timeout=WAIT_MS,
            )
        landed = [re.search(r"/chats/\d+$", p.url) is not None for p in (nina, omar)]
        assert sorted(landed) == [False, True]
        winner, loser = (nina, omar) if landed[0] else (omar, nina)
        winner.get_by_label("Message to the patient").wait_for()
        shown = loser.goto(winner.url)  # a chat someone else took is not theirs to read
        assert shown is not None and shown.status == 404
    finally:
        context.close()
    off_duty(nina)
    off_duty(omar)
