"""The staff console in a real browser: headless Chromium (Debian's), driven by Playwright
(the ``browser`` and ``page`` fixtures in conftest)."""

from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from tests.conftest import add_staff_user, assistant_on, log_in
from tools.assistant import RunningAssistant, customs

PROFILE = {"rasa_port": 5107, "action_port": 5157, "web_port": 8107}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"
PASSWORD = "browser test password"
MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    with assistant_on(tmp_path_factory.mktemp("browser"), PROFILE) as runner:
        add_staff_user(runner, "nav", PASSWORD)
        yield runner


def test_a_navigator_reads_a_conversation_and_markup_stays_text(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    sender = f"browser-{uuid.uuid4().hex[:8]}"
    assistant.send(sender, "what causes dystonia?")
    assistant.send(sender, MARKUP)
    log_in(page, WEB, "nav", PASSWORD)
    page.get_by_role("link", name=sender).click()
    body = page.locator("main")
    body.get_by_text("ask_causes").first.wait_for()
    assert "basal ganglia" in body.inner_text()
    assert body.get_by_text(MARKUP, exact=True).count() == 1  # shown as text
    assert page.locator("main img").count() == 0 and page.dialogs == []  # type: ignore[attr-defined]


def test_a_navigator_works_a_handoff_from_new_to_done(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    sender = f"browser-{uuid.uuid4().hex[:8]}"
    for message in (
        "can someone call me?",
        "Robin Browser",
        "252-555-0177",
        "afternoons",
        "Questions about treatment",
        "yes",
    ):
        assistant.send(sender, message)
    reference = customs(assistant.send(sender, "yes"))[-1]["handoff_id"]
    log_in(page, WEB, "nav", PASSWORD)
    page.get_by_role("link", name="Handoff queue").click()
    page.get_by_role("link", name=reference).click()
    assert "(252) 555-0177" in page.locator("main").inner_text()
    page.get_by_role("button", name="Assign to me").click()
    assert page.locator("#status").inner_text() == "in progress"
    page.get_by_label("Add a note").fill("Called back, left a message")
    page.get_by_role("button", name="Add note").click()
    page.get_by_label("Move to").select_option("done")
    page.get_by_role("button", name="Save status").click()
    assert page.locator("#status").inner_text() == "done"
    assert "Called back, left a message" in page.locator("main").inner_text()
