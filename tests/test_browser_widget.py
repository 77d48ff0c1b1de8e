"""The "Let's chat" widget on the patient page, in a real browser against the real
assistant (headless Debian Chromium driven by Playwright; fixtures in conftest)."""

from __future__ import annotations

import os
import re
import signal
from typing import Any, Dict, Iterator, List

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import add_staff_user, assistant_on, log_in
from tools.assistant import RunningAssistant, child_pids, is_rasa_server

PHONE = "252-555-0100"
PROFILE = {"rasa_port": 5109, "action_port": 5159, "web_port": 8109, "hospital_phone": PHONE}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"
PASSWORD = "widget test password"
MARKUP = "<img src=x onerror=alert(1)>"
QUICK_REPLIES = [
    "What is dystonia?",
    "What are the symptoms?",
    "How is it treated?",
    "Talk to a person",
]
WAIT_MS = 30_000  # generous: a busy CI machine answers slowly


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    with assistant_on(tmp_path_factory.mktemp("widget"), PROFILE) as runner:
        add_staff_user(runner, "nav", PASSWORD)
        yield runner


def open_chat(page, web: str = WEB) -> Any:  # type: ignore[no-untyped-def]
    """Open the page at ``web``, click "Let's chat", wait for the opening turn; the log."""
    page.goto(f"{web}/")
    page.get_by_role("button", name="Let's chat").click()
    log = page.get_by_role("log")
    log.get_by_text("I'm an automated program").wait_for(timeout=WAIT_MS)
    return log


def message_box(page) -> Any:  # type: ignore[no-untyped-def]
    return page.get_by_role("textbox", name=re.compile("message", re.I))


def ask(page, question: str, expected: str) -> Any:  # type: ignore[no-untyped-def]
    """Type a question, send it, and return the assistant's message that says ``expected``."""
    message_box(page).fill(question)
    page.get_by_role("button", name="Send").click()
    reply = page.locator(".lc-assistant", has_text=expected).last
    reply.wait_for(timeout=WAIT_MS)
    return reply


def session_id(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("JSON.parse(localStorage.getItem('letschat-session')).id")


def serious_violations(page) -> List[Dict[str, Any]]:  # type: ignore[no-untyped-def]
    """axe-core (bundled in axe-playwright-python, injected into the page): WCAG 2.1 A/AA."""
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(page, options=options)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_patient_asks_and_sees_the_page_answer_with_its_source(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    log = open_chat(page)
    suggested = page.get_by_role("group", name="Suggested replies").get_by_role("button")
    assert suggested.all_inner_texts() == QUICK_REPLIES
    assert message_box(page).evaluate("el => el === document.activeElement")
    answer = ask(page, "what causes dystonia", "basal ganglia")
    assert log.locator(".lc-patient").last.inner_text().startswith("You")  # not only colour
    assert answer.locator(".lc-who").inner_text() == "Assistant"
    source = answer.get_by_role("link", name="What causes dystonia?")
    assert answer.get_by_text("From:").is_visible()
    assert source.get_attribute("href") == "#causes"
    source.click()
    assert page.url.endswith("/#causes")
    assert page.locator("section#causes").is_visible()


def test_quick_replies_and_bullet_lists(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    log = open_chat(page)
    log.get_by_role("button", name="What is dystonia?").click()
    page.locator(".lc-assistant", has_text="affects the way your body moves").last.wait_for(
        timeout=WAIT_MS
    )
    assert log.locator(".lc-patient").last.inner_text().endswith("What is dystonia?")
    types = ask(page, "what kinds of dystonia are there", "Hemidystonia")
    assert types.locator("li").count() == 5
    assert all(not item.startswith("•") for item in types.locator("li").all_inner_texts())


def test_the_whole_widget_works_with_the_keyboard_alone(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    page.goto(f"{WEB}/")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Let's chat":
            break
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.get_by_role("log").get_by_text("I'm an automated program").wait_for(timeout=WAIT_MS)
    assert page.evaluate("document.activeElement.id") == "lc-input"
    page.keyboard.type("what causes dystonia?")
    page.keyboard.press("Enter")
    page.locator(".lc-assistant", has_text="basal ganglia").wait_for(timeout=WAIT_MS)
    for _ in range(8):  # back from the text box to the answer's "Not helpful"
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Not helpful":
            break
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    not_helpful = page.get_by_role("button", name="Not helpful", exact=True).last
    page.wait_for_function(
        "el => el.getAttribute('aria-pressed') === 'true'", arg=not_helpful.element_handle()
    )
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").is_hidden()
    assert page.evaluate("document.activeElement.textContent") == "Let's chat"


def test_a_reload_keeps_the_conversation_and_start_over_begins_a_new_one(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    open_chat(page)
    ask(page, "is dystonia inherited?", "genetic")
    first = session_id(page)
    page.reload()
    log = page.get_by_role("log")  # the panel was open: it opens again, history re-read
    log.get_by_text("is dystonia inherited?").wait_for(timeout=WAIT_MS)
    assert log.locator(".lc-assistant", has_text="genetic").count() >= 1
    assert session_id(page) == first
    page.get_by_role("button", name="Start over").click()
    log.get_by_text("I'm an automated program").wait_for(timeout=WAIT_MS)
    assert log.get_by_text("is dystonia inherited?").count() == 0
    assert session_id(page) != first


def test_thumbs_down_is_shown_in_the_console(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    open_chat(page)
    answer = ask(page, "how is dystonia diagnosed?", "diagnos")
    answer.get_by_role("button", name="Not helpful", exact=True).click()
    answer.get_by_text("Thanks for telling us.").wait_for()
    sender = session_id(page)
    log_in(page, WEB, "nav", PASSWORD)
    page.goto(f"{WEB}/staff/conversations/{sender}")
    assert page.get_by_text("Patient rated it: not helpful (thumbs down)").is_visible()
    page.goto(f"{WEB}/staff/conversations/?flag=feedback")
    assert page.get_by_role("link", name=sender).is_visible()
    page.goto(f"{WEB}/staff/analytics/")
    row = page.locator("#ratings tr", has_text="diagnosis")
    assert int(row.locator("td").nth(2).inner_text()) >= 1


def test_talk_to_a_person_runs_the_care_navigation_request_in_the_widget(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    log = open_chat(page)
    page.locator(".lc-actions").get_by_role("button", name="Talk to a person").click()
    page.locator(".lc-assistant", has_text="name").last.wait_for(timeout=WAIT_MS)
    ask(page, "Jane Widget", "phone number or email")
    ask(page, "(252) 555-0142", "best time")
    ask(page, "weekday mornings", "help with")
    log.get_by_role("button", name="Find a specialist").click()
    page.locator(".lc-assistant", has_text="May a care navigator contact you").wait_for(
        timeout=WAIT_MS
    )
    log.get_by_role("button", name="Yes").click()
    page.locator(".lc-assistant", has_text="Here is what I have").wait_for(timeout=WAIT_MS)
    log.get_by_role("button", name="Yes, send it").click()
    done = page.locator(".lc-assistant", has_text="your reference is")
    done.wait_for(timeout=WAIT_MS)
    assert re.search(r"DYS-[A-Z0-9]{6}", done.inner_text())
    page.reload()
    page.get_by_role("log").get_by_text("your reference is").wait_for(timeout=WAIT_MS)
    patient_said = page.locator(".lc-patient .lc-text").all_inner_texts()
    assert "Yes, send it" in patient_said and "/affirm" not in patient_said


def test_markup_in_messages_stays_text(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    log = open_chat(page)
    message_box(page).fill(MARKUP)
    page.get_by_role("button", name="Send").click()
    log.locator(".lc-patient", has_text=MARKUP).wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(500)
    assert log.locator("img").count() == 0 and page.dialogs == []  # type: ignore[attr-defined]


def test_no_answer_in_time_shows_the_phone_line_and_keeps_the_text(
    assistant: RunningAssistant,
    browser,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    try:
        open_chat(page)
        held: List[Any] = []
        page.route("**/chat/message", lambda route: held.append(route))  # never answered
        message_box(page).fill("what is the outlook for dystonia?")
        page.keyboard.press("Enter")
        typing = page.get_by_role("status").filter(has_text="The assistant is typing")
        typing.wait_for()
        dots = page.locator(".lc-dots")
        assert dots.evaluate("el => getComputedStyle(el).animationName") == "none"  # reduced motion
        notice = page.locator(".lc-assistant", has_text="not answering right now")
        notice.wait_for(timeout=15_000)
        assert PHONE in notice.inner_text()
        assert message_box(page).input_value() == "what is the outlook for dystonia?"
        assert page.locator(".lc-patient", has_text="outlook").count() == 0
        assert typing.count() == 0
        page.unroute("**/chat/message")
        page.route("**/chat/message", lambda route: route.abort())  # unreachable
        page.get_by_role("button", name="Send").click()
        page.locator(".lc-assistant", has_text="not answering right now").nth(1).wait_for()
        assert message_box(page).input_value() == "what is the outlook for dystonia?"
        page.unroute("**/chat/message")
        page.get_by_role("button", name="Send").click()  # back: the same text goes through
        page.locator(".lc-patient", has_text="outlook").wait_for(timeout=WAIT_MS)
        assert message_box(page).input_value() == ""
    finally:
        context.close()


def test_an_answer_later_than_the_wait_is_shown_when_it_arrives(
    assistant: RunningAssistant,
    browser,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        log = open_chat(page)
        (rasa,) = [p for p in child_pids(assistant.process.pid) if is_rasa_server(p)]
        os.kill(rasa, signal.SIGSTOP)  # Rasa busy past the web app's wait
        try:
            message_box(page).fill("how is dystonia diagnosed?")
            page.keyboard.press("Enter")
            promise = log.locator(".lc-assistant", has_text="taking longer than usual")
            promise.wait_for(timeout=15_000)
        finally:
            os.kill(rasa, signal.SIGCONT)
        assert PHONE in promise.inner_text()
        answer = log.locator(".lc-assistant", has_text="Diagnosing dystonia is a multistep")
        answer.wait_for(timeout=WAIT_MS)  # from the history, without a reload
        page.wait_for_timeout(5_000)  # two more polling rounds: nothing is added twice
        messages = log.locator(".lc-msg")
        texts = [messages.nth(i).inner_text() for i in range(messages.count())]
        asked = next(i for i, t in enumerate(texts) if "how is dystonia diagnosed?" in t)
        promised = next(i for i, t in enumerate(texts) if "taking longer than usual" in t)
        answered = next(i for i, t in enumerate(texts) if "Diagnosing dystonia" in t)
        assert asked < promised < answered
        assert sum("how is dystonia diagnosed?" in t for t in texts) == 1
        assert sum("Diagnosing dystonia" in t for t in texts) == 1
    finally:
        context.close()


def test_the_widget_works_320_px_wide(
    assistant: RunningAssistant,
    browser,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        open_chat(page)
        answer = ask(page, "what are the symptoms of dystonia?", "symptom")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        box = page.get_by_role("dialog").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
        for control in (
            page.get_by_role("button", name="Send"),
            page.get_by_role("button", name="Close chat"),
            page.locator(".lc-actions").get_by_role("button", name="Talk to a person"),
            message_box(page),
        ):
            assert control.is_visible()
            edge = control.bounding_box()
            assert edge is not None and edge["x"] + edge["width"] <= 320
        assert answer.get_by_role("button", name="Helpful", exact=True).is_visible()
        assert serious_violations(page) == []
    finally:
        context.close()


def test_axe_finds_no_serious_or_critical_violations(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    page.goto(f"{WEB}/")
    assert serious_violations(page) == []  # the page with the widget closed
    open_chat(page)
    ask(page, "what are the types of dystonia?", "Hemidystonia")
    assert serious_violations(page) == []  # open, with an answer, its source and thumbs
