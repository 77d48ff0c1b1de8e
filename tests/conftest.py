"""Shared fixtures: settings on a temp folder, the real and sample pages, a knowledge
base built through the real store, and rasa-sdk tracker/dispatcher/domain."""

from __future__ import annotations

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
from bot.content.store import build_store, load_page
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


def build_knowledge(page_text: str, db_url: str, nlp) -> PageKnowledge:  # type: ignore[no-untyped-def]
    build_store(parse_page(page_text), db_url, lambda t: split_sentences(nlp, t), "test")
    with session_scope(db_url) as session:
        return PageKnowledge(load_page(session), TermMatcher(nlp))


@pytest.fixture(scope="session")
def knowledge(nlp, tmp_path_factory) -> PageKnowledge:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("content") / "content.db"
    return build_knowledge(PAGE_COPY.read_text(encoding="utf-8"), f"sqlite:///{db}", nlp)


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def user_event(
    text: str, intent: str, entities: List[Dict[str, Any]] | None = None
) -> Dict[str, Any]:
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
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


def add_staff_user(
    runner: RunningAssistant, name: str, password: str, role: str = "navigator"
) -> None:
    """Make an account with the CLI, as an administrator would, for a running assistant."""
    import os
    import subprocess
    import sys

    env = {**os.environ, **runner.env, "PYTHONPATH": str(PROJECT_ROOT)}  # type: ignore[attr-defined]
    made = subprocess.run(
        [sys.executable, "-m", "bot.staff", "add-user", name, "--role", role, "--password-stdin"],
        input=password + "\n",
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
