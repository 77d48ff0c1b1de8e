"""One page per language: the Spanish page answers Spanish questions from its own
sentences; without one, the English passage comes with a Spanish lead-in.

The Spanish page here (tests/data/pages-es) is test text, never the hospital's."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, Tuple

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from bot.content.__main__ import main as content_main
from bot.content.__main__ import page_language, read_pages
from bot.content.answers import mirror_pieces
from bot.content.knowledge import PageKnowledge
from bot.content.page import ContentError, Section, parse_page
from bot.content.store import load_pages
from bot.db import session_scope
from bot.settings import Settings
from tests.conftest import TrackerFactory, bot_event, build_knowledge, user_event

PAGES = Path(__file__).parent / "data" / "pages-es"
ENGLISH_TEXT = (PAGES / "sample-page.txt").read_text(encoding="utf-8")
SPANISH_TEXT = (PAGES / "sample-page.es.txt").read_text(encoding="utf-8")
LATER = [user_event("hola", "greet"), bot_event("disclaimer"), bot_event("smalltalk")]


@pytest.fixture(scope="module")
def bilingual(nlp, tmp_path_factory) -> PageKnowledge:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("bilingual") / "content.db"
    return build_knowledge(ENGLISH_TEXT, f"sqlite:///{db}", nlp, es=SPANISH_TEXT)


@pytest.fixture(scope="module")
def english_only(nlp, tmp_path_factory) -> PageKnowledge:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("english") / "content.db"
    return build_knowledge(ENGLISH_TEXT, f"sqlite:///{db}", nlp)


def test_spanish_headings_and_a_named_heading_get_the_contract_ids() -> None:
    page = parse_page(SPANISH_TEXT, "es")
    assert [s.id for s in page.sections] == ["overview", "treatment"]
    assert page.section("treatment").heading == "Tratamiento de prueba"
    assert page.language == "es"


def test_an_unknown_heading_says_how_to_name_its_section() -> None:
    with pytest.raises(ContentError, match=r"line 2: .*# section <id>: <heading>"):
        parse_page("# note\nTítulo desconocido\n\nUna oración de prueba.\n", "es")


def test_a_page_file_names_its_language() -> None:
    assert page_language(Path("page.txt")) == "en"
    assert page_language(Path("page.es.txt")) == "es"
    with pytest.raises(ContentError, match="'fr'"):
        page_language(Path("page.fr.txt"))


def test_each_spanish_question_is_answered_from_the_spanish_sentences(
    bilingual: PageKnowledge,
) -> None:
    what_is = bilingual.answer("ask_what_is", language="es")
    pain = bilingual.answer("ask_pain", language="es")
    types = bilingual.answer("ask_types", language="es")
    treatment = bilingual.answer("ask_treatment", language="es")
    assert what_is is not None and what_is.language == "es"
    assert what_is.text == "Oración de prueba uno del resumen. Oración de prueba dos, la del dolor."
    assert pain is not None and pain.text == "Oración de prueba dos, la del dolor."
    assert types is not None
    assert types.text.splitlines() == [
        "Oración de prueba que abre la lista:",
        "",
        "• Viñeta de prueba uno.",
        "• Viñeta de prueba dos.",
    ]
    assert treatment is not None and treatment.heading == "Tratamiento de prueba"
    assert (treatment.section, treatment.language) == ("treatment", "es")
    english = bilingual.answer("ask_pain")
    assert english is not None and english.text == "The movements can sometimes cause pain."


def test_a_translation_without_the_section_leaves_it_to_the_english_page(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    overview_only = SPANISH_TEXT.split("Tratamiento de prueba\n\nOración")[0]
    overview_only = overview_only.replace("# section treatment: Tratamiento de prueba\n", "")
    knowledge = build_knowledge(
        ENGLISH_TEXT, f"sqlite:///{tmp_path / 'c.db'}", nlp, es=overview_only
    )
    answer = knowledge.answer("ask_treatment", language="es")
    assert answer is not None and answer.language == "en"
    assert answer.text.startswith("Other drugs include injections")


def test_the_build_reads_every_page_of_a_folder_into_one_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    assert content_main(["build", "--source", str(PAGES), "--db-url", url]) == 0
    with session_scope(url) as session:
        pages = load_pages(session)
    assert sorted(pages) == ["en", "es"]
    assert pages["es"].section("overview").heading == "¿Qué es la distonía?"


def test_a_folder_without_an_english_page_builds_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    only_spanish = tmp_path / "pages"
    only_spanish.mkdir()
    (only_spanish / "page.es.txt").write_text(SPANISH_TEXT, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'app.db'}"
    assert content_main(["build", "--source", str(only_spanish), "--db-url", url]) == 1
    assert "one English page" in capsys.readouterr().err
    assert len(read_pages(PAGES)) == 2


def _answer(knowledge: PageKnowledge, tracker, domain) -> CollectingDispatcher:  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    action = ActionAnswer(knowledge, Settings(page_url="http://localhost:8000/"))
    asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher


def test_a_spanish_question_gets_the_english_passage_with_a_spanish_lead_in(
    english_only: PageKnowledge, make_tracker: TrackerFactory, domain: Dict[str, Any]
) -> None:
    tracker = make_tracker("¿cómo se trata?", "ask_treatment", history=LATER, slots={"lang": "es"})
    [message] = _answer(english_only, tracker, domain).messages
    lead_in, passage = message["text"].split("\n\n", 1)
    assert "solo está en inglés" in lead_in
    assert passage == (
        "Other drugs include injections of Botulinum toxin (Botox). Surgery is sometimes needed."
    )
    assert message["custom"]["kind"] == "answer"
    assert message["custom"]["lang"] == "es"
    assert message["custom"]["section"] == "treatment"
    assert message["custom"]["source"]["url"].endswith("#treatment")
    [button] = message["buttons"]
    assert button == {"title": "Hablar con una persona en español", "payload": "/request_human"}


def test_with_the_spanish_page_the_answer_is_its_own_sentences_without_a_lead_in(
    bilingual: PageKnowledge, make_tracker: TrackerFactory, domain: Dict[str, Any]
) -> None:
    tracker = make_tracker("¿duele?", "ask_pain", history=LATER, slots={"lang": "es"})
    [message] = _answer(bilingual, tracker, domain).messages
    assert message["text"] == "Oración de prueba dos, la del dolor."
    assert message["custom"]["lang"] == "es"
    assert not message.get("buttons")


def test_an_english_question_is_unchanged_beside_a_spanish_page(
    bilingual: PageKnowledge, make_tracker: TrackerFactory, domain: Dict[str, Any]
) -> None:
    tracker = make_tracker("does it hurt", "ask_pain", history=LATER, slots={"lang": "en"})
    [message] = _answer(bilingual, tracker, domain).messages
    assert message["text"] == "The movements can sometimes cause pain."
    assert message["custom"]["lang"] == "en"


def test_other_conditions_are_recognised_in_spanish(knowledge: PageKnowledge) -> None:
    for text in ("¿qué causa la epilepsia?", "es lo mismo que el parkinson", "mi migraña"):
        found = [m.entity for m in knowledge.matcher.find(text)]
        assert "other_condition" in found, text


def test_a_translation_that_splits_sentences_otherwise_gives_the_whole_passage() -> None:
    english = parse_page(ENGLISH_TEXT).section("overview")
    spanish = parse_page(SPANISH_TEXT, "es").section("overview")

    def with_sentences(section: Section, sentences: Tuple[str, ...]) -> Section:
        passages = tuple(replace(p, sentences=sentences) for p in section.passages)
        return replace(section, passages=passages)

    two, one = with_sentences(english, ("a", "b")), with_sentences(spanish, ("x",))
    assert mirror_pieces([(0, 1)], two, one) == [(0, None)]  # not another sentence
    assert mirror_pieces([(0, 1)], two, with_sentences(spanish, ("x", "y"))) == [(0, 1)]


def test_a_spanish_question_naming_a_treatment_narrows_the_answer_to_it(
    knowledge: PageKnowledge,
) -> None:
    terms = {m.value for m in knowledge.matcher.find("¿el bótox sirve para la distonía?")}
    assert terms == {"botox"}
    answer = knowledge.answer("ask_treatment", terms, "es")
    whole = knowledge.answer("ask_treatment", (), "es")
    assert answer is not None and whole is not None
    assert "Botulinum toxin" in answer.text and len(answer.text) < len(whole.text)
