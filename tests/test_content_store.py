"""The content store: built through SQLAlchemy, replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.content.__main__ import main as content_cli
from bot.content.store import ContentBuild, ContentPassage, load_page
from bot.db import session_scope
from tests.conftest import DATA, PAGE_COPY


def run_build(source: Path, db: Path, monkeypatch: pytest.MonkeyPatch, spacy_dir: Path) -> int:
    monkeypatch.setenv("LETSCHAT_SPACY_PIPELINE_DIR", str(spacy_dir))
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        return content_cli(["build", "--source", str(source), "--db-url", f"sqlite:///{db}"])
    finally:
        get_settings.cache_clear()


@pytest.fixture(scope="module")
def spacy_dir(nlp, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("spacy") / "en"
    nlp.to_disk(path)
    return path


def test_build_then_load_gives_sentences_and_provenance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spacy_dir: Path
) -> None:
    db = tmp_path / "content.db"
    assert run_build(PAGE_COPY, db, monkeypatch, spacy_dir) == 0
    with session_scope(f"sqlite:///{db}") as session:
        page = load_page(session)
        build = session.execute(select(ContentBuild)).scalar_one()
    causes = page.section("causes").passages[0].sentences
    assert causes[0].endswith("basal ganglia.")
    # the bracket opens the sentence it belongs to
    assert (
        causes[3]
        == "(Dystonia, however, doesn't affect your intelligence or your ability to think."
    )
    assert build.built_at.tzinfo is not None
    assert len(build.source_sha256) == 64


def test_a_malformed_page_leaves_the_previous_store_untouched(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    spacy_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "content.db"
    assert run_build(PAGE_COPY, db, monkeypatch, spacy_dir) == 0
    with session_scope(f"sqlite:///{db}") as session:
        before = session.execute(select(func.count(ContentPassage.id))).scalar_one()
    assert run_build(DATA / "unknown-heading-page.txt", db, monkeypatch, spacy_dir) == 1
    assert "line 5" in capsys.readouterr().err
    with session_scope(f"sqlite:///{db}") as session:
        assert session.execute(select(func.count(ContentPassage.id))).scalar_one() == before
        assert load_page(session).section("treatment").heading == "How is dystonia treated?"


def test_a_missing_source_is_reported_not_raised(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    spacy_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_build(tmp_path / "nope.txt", tmp_path / "c.db", monkeypatch, spacy_dir) == 1
    assert "content not built" in capsys.readouterr().err


def test_foreign_keys_are_enforced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spacy_dir: Path
) -> None:
    db = tmp_path / "content.db"
    run_build(PAGE_COPY, db, monkeypatch, spacy_dir)
    with pytest.raises(IntegrityError), session_scope(f"sqlite:///{db}") as session:
        session.add(
            ContentPassage(section_key=999999, position=0, kind="paragraph", text="x", line=1)
        )
