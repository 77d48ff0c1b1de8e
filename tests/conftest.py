"""Shared fixtures: settings on a temp folder, the real and sample pages, a knowledge
base built through the real store, and rasa-sdk tracker/dispatcher/domain."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content.knowledge import PageKnowledge
from bot.content.matcher import TermMatcher
from bot.content.page import parse_page
from bot.content.store import build_store, load_pages
from bot.db import session_scope
from bot.nlp import build_pipeline, split_sentences
from bot.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from tools.assistant import RunningAssistant

DATA = Path(__file__).parent / "data"
PAGE_COPY = PROJECT_ROOT / "data" / "content" / "dystonia-patient-page.txt"
SHARED_PAGE = PROJECT_ROOT.parent / "shared" / "source" / "dystonia-patient-page.txt"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return build_pipeline()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(var_dir=tmp_path / "var", page_url="http://localhost:8000/")


@pytest.fixture
def web_settings(tmp_path: Path) -> Settings:
    """Settings for the web app on a temp folder (its app and tracker databases)."""
    return Settings(var_dir=tmp_path / "var")


def build_knowledge(page_text: str, db_url: str, nlp, **translations: str) -> PageKnowledge:  # type: ignore[no-untyped-def]
    """A knowledge base of the English ``page_text`` and, by language code, its translations."""
    pages = [(parse_page(page_text), "test")]
    pages += [(parse_page(text, language), "test") for language, text in translations.items()]
    build_store(pages, db_url, lambda t: split_sentences(nlp, t))
    with session_scope(db_url) as session:
        return PageKnowledge(load_pages(session), TermMatcher(nlp))


@pytest.fixture(scope="session")
def knowledge(nlp, tmp_path_factory) -> PageKnowledge:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("content") / "content.db"
    return build_knowledge(PAGE_COPY.read_text(encoding="utf-8"), f"sqlite:///{db}", nlp)


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def variation(domain: Dict[str, Any], name: str, lang: str = "en") -> Dict[str, Any]:
    """The variation of response ``name`` a patient writing in ``lang`` gets."""
    variants: List[Dict[str, Any]] = domain["responses"][name]
    return next(v for v in variants if v["custom"]["lang"] == lang)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def user_event(
    text: str, intent: str, entities: List[Dict[str, Any]] | None = None
) -> Dict[str, Any]:
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": [{"name": intent, "confidence": 0.9}],  # as Rasa's NLU gives it
        "entities": entities or [],
    }
    return {"event": "user", "text": text, "parse_data": parse}


def bot_event(kind: str) -> Dict[str, Any]:
    return {"event": "bot", "text": "...", "data": {"custom": {"kind": kind}}}


TrackerFactory = Callable[..., Tracker]


@pytest.fixture
def make_tracker() -> TrackerFactory:
    """A tracker whose latest message is ``text`` with ``intent``, after ``history``."""

    def factory(
        text: str,
        intent: str,
        entities: List[Dict[str, Any]] | None = None,
        history: List[Dict[str, Any]] | None = None,
        slots: Dict[str, Any] | None = None,
    ) -> Tracker:
        latest = user_event(text, intent, entities)
        events = [{"event": "session_started"}, *(history or []), latest]
        return Tracker(
            "patient-1",
            slots or {"handoff_offered": False},
            latest["parse_data"],
            events,
            False,
            None,
            {},
            "action_listen",
        )

    return factory


@contextmanager
def assistant_on(var_dir: Path, profile: Dict[str, Any]) -> Iterator[RunningAssistant]:
    """The whole assistant started as `make run` does, on its own ports and databases.

    ``profile`` holds settings (rasa_port, action_port, web_port, and optionally
    database_url, tracker_store_url, lock_store_url); the content is built into the
    profile's app database first.
    """
    from bot.content.__main__ import build as build_content
    from tools.assistant import start_assistant

    database_url = profile.get("database_url", f"sqlite:///{var_dir / 'letschat.db'}")
    env = {f"LETSCHAT_{k.upper()}": str(v) for k, v in profile.items()}
    env.update(LETSCHAT_VAR_DIR=str(var_dir), LETSCHAT_DATABASE_URL=database_url)
    defaults = Settings()
    build_content(defaults.content_source, database_url, defaults.spacy_pipeline_dir)
    tracker_url = profile.get("tracker_store_url", f"sqlite:///{var_dir / 'tracker.db'}")
    with start_assistant(env, var_dir / "serve.log", profile["rasa_port"], tracker_url) as runner:
        runner.env = env  # type: ignore[attr-defined]
        yield runner


RESTART_SECONDS = 300  # the launcher's restart pause, the server's start and its warm-up


def server_pid(runner: RunningAssistant, module: str) -> int:
    """The process id of one of the launcher's servers (``rasa``, ``actions``, ...)."""
    from bot.serve import RASA_ENTRY
    from tools.assistant import child_pids, runs_module

    entry = RASA_ENTRY if module == "rasa" else module  # Rasa starts through our entry
    found = [p for p in child_pids(runner.process.pid) if runs_module(p, entry)]
    assert found, f"no {module} server running"
    return found[0]


def wait_for_line(runner: RunningAssistant, line: str, seen_before: int) -> None:
    """Until the launcher prints ``line`` for the (seen_before + 1)-th time."""
    deadline = time.monotonic() + RESTART_SECONDS
    while runner.log.read_text().count(line) <= seen_before:
        assert runner.process.poll() is None, "the launcher stopped"
        assert time.monotonic() < deadline, f"the launcher never printed {line!r}"
        time.sleep(0.5)


def add_staff_user(
    runner: RunningAssistant,
    name: str,
    password: str,
    role: str = "navigator",
    display_name: str | None = None,
) -> None:
    """Make an account with the CLI, as an administrator would, for a running assistant."""
    import os
    import subprocess
    import sys

    env = {**os.environ, **runner.env, "PYTHONPATH": str(PROJECT_ROOT)}  # type: ignore[attr-defined]
    shown = ["--display-name", display_name] if display_name else []
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.staff",
            "add-user",
            name,
            "--role",
            role,
            *shown,
            "--password-stdin",
        ],
        input=password + "\n",
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr


CHROMIUM = Path(os.environ.get("LETSCHAT_CHROMIUM", "/usr/bin/chromium"))
# Flags a root, closed-network machine needs (the probe's flags; see the env notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless, driven by Playwright: no browser is downloaded.

    Per module: Playwright's sync API holds an event loop open while it runs, which
    tests that call ``asyncio.run`` (Rasa's) must not find.

    ``.ci/run`` installs it from Debian's packages; without it these tests fail, they
    are not skipped.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh browser context (own storage) and page; dialogs are recorded and dismissed."""
    context = browser.new_context()
    page = context.new_page()
    page.dialogs: List[str] = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    yield page
    context.close()


def log_in(page, web: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Log in to the staff console at ``web`` in a browser page."""
    page.goto(f"{web}/staff/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{web}/staff/conversations/")


def kinds(response: Any) -> List[str]:
    """The contract's kind of each turn in a web app ``/chat/`` reply."""
    return [m.get("custom", {}).get("kind") for m in response.json()["messages"]]


def store_events(
    tracker_url: str, sender: str, stored: List[Dict[str, Any]], first_timestamp: float
) -> None:
    """Write a conversation into a tracker store's ``events`` table as Rasa does."""
    import json

    from sqlalchemy import create_engine

    from bot.conversations import events, metadata

    engine = create_engine(tracker_url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        for i, event in enumerate(stored):
            connection.execute(
                events.insert().values(
                    sender_id=sender,
                    type_name=event["event"],
                    timestamp=first_timestamp + i,
                    data=json.dumps(event),
                )
            )
    engine.dispose()
