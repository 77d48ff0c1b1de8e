"""Handoff storage: migrations from empty, stored once, consent required, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select

import bot.content.store  # noqa: F401  (tables on the metadata)
from bot.db import Base, get_engine, session_scope
from bot.db.migrate import downgrade, upgrade
from bot.handoff.__main__ import main as handoff_cli
from bot.handoff.contact import EMAIL, PHONE, Contact
from bot.handoff.models import HandoffRequest
from bot.handoff.store import HandoffDetails, create_request, idempotency_key, list_requests


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    return url


def details(**changes: object) -> HandoffDetails:
    values = dict(
        sender_id="patient-7",
        name="Jane <b>Doe</b>",
        contact=Contact(PHONE, "+12525550123"),
        best_time="mornings",
        need="Find a specialist",
        sections_asked=["causes", "treatment"],
        consent=True,
    )
    values.update(changes)
    return HandoffDetails(**values)  # type: ignore[arg-type]


def test_migrations_run_up_from_empty_and_match_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    tables = set(inspect(get_engine(url)).get_table_names())
    assert {"handoff_requests", "content_sections", "content_passages", "alembic_version"} <= tables
    with get_engine(url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    downgrade(url, "base")
    assert "handoff_requests" not in inspect(get_engine(url)).get_table_names()


def test_a_request_is_stored_once_for_the_same_form(db_url: str) -> None:
    key = idempotency_key("patient-7", "1700000000.0")
    with session_scope(db_url) as session:
        first = create_request(session, details(), key)
    with session_scope(db_url) as session:
        again = create_request(session, details(), key)  # "yes" twice, or a retry
        count = session.execute(select(func.count(HandoffRequest.id))).scalar_one()
    assert again.reference == first.reference and count == 1
    assert first.reference.startswith("DYS-") and len(first.reference) == 10
    assert first.status == "new" and first.created_at.tzinfo is not None


def test_a_new_form_makes_a_new_request(db_url: str) -> None:
    with session_scope(db_url) as session:
        a = create_request(session, details(), idempotency_key("patient-7", "1"))
        b = create_request(session, details(), idempotency_key("patient-7", "2"))
    assert a.reference != b.reference


def test_no_consent_no_storage(db_url: str) -> None:
    with session_scope(db_url) as session, pytest.raises(ValueError):
        create_request(session, details(consent=False), "k")
    with session_scope(db_url) as session:
        assert list_requests(session) == []


def test_cli_lists_and_exports_as_typed(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with session_scope(db_url) as session:
        create_request(session, details(), "k1")
        create_request(
            session,
            details(name="Sam", contact=Contact(EMAIL, "sam@example.com"), sender_id="patient-8"),
            "k2",
        )
    monkeypatch.setenv("LETSCHAT_DATABASE_URL", db_url)
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        assert handoff_cli(["list"]) == 0
        listing = capsys.readouterr().out
        assert handoff_cli(["list", "--json"]) == 0
        exported = json.loads(capsys.readouterr().out)
    finally:
        get_settings.cache_clear()
    assert "Jane <b>Doe</b>" in listing and "sam@example.com" in listing
    assert listing.splitlines()[0].split()[:3] == ["reference", "status", "created_at"]
    assert {row["name"] for row in exported} == {"Jane <b>Doe</b>", "Sam"}
    assert exported[0]["sections_asked"] == ["causes", "treatment"]
