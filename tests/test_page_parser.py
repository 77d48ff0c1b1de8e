"""The page parser: contract section ids, passages, and clear errors for bad pages."""

from __future__ import annotations

import pytest

from bot.content.page import ContentError, parse_page
from tests.conftest import DATA, PAGE_COPY, SHARED_PAGE

CONTRACT_IDS = [
    "overview",
    "causes",
    "risk-factors",
    "symptoms",
    "diagnosis",
    "treatment",
    "complications",
    "prevention",
    "living-with",
    "when-to-call",
    "key-points",
    "next-steps",
]


@pytest.fixture(scope="module")
def page():  # type: ignore[no-untyped-def]
    return parse_page(PAGE_COPY.read_text(encoding="utf-8"))


def test_every_contract_section_in_page_order(page) -> None:  # type: ignore[no-untyped-def]
    assert [s.id for s in page.sections] == CONTRACT_IDS


def test_restored_treatment_heading_owns_the_treatment_text(page) -> None:  # type: ignore[no-untyped-def]
    treatment = page.section("treatment")
    assert treatment.heading == "How is dystonia treated?"
    assert treatment.passages[0].text.startswith("Health care providers typically take")
    assert not any("individualized" in p.text for p in page.section("diagnosis").passages)


def test_bullets_and_paragraphs(page) -> None:  # type: ignore[no-untyped-def]
    overview = page.section("overview")
    bullets = [p.text for p in overview.passages if p.kind == "bullet"]
    assert len(bullets) == 5
    assert bullets[-1] == "Focal dystonia affects one particular area of your body."
    assert overview.passages[0].kind == "paragraph"


def test_navigation_is_not_content_and_invitation_is_kept(page) -> None:  # type: ignore[no-untyped-def]
    everything = " ".join(p.text for s in page.sections for p in s.passages)
    assert "Back to Overview" not in everything
    assert "See All Treatments" not in everything
    assert page.invitation is not None and page.invitation.startswith("Vidant Health can connect")


def test_copy_differs_from_the_capture_only_by_provenance_and_heading() -> None:
    if not SHARED_PAGE.exists():
        pytest.fail(f"the shared page must sit beside the repo: {SHARED_PAGE}")
    copy = [
        line
        for line in PAGE_COPY.read_text(encoding="utf-8").splitlines()
        if not line.startswith("# ") and line != "How is dystonia treated?"
    ]
    assert copy == SHARED_PAGE.read_text(encoding="utf-8").splitlines()


def test_provenance_line_is_kept(page) -> None:  # type: ignore[no-untyped-def]
    assert any("shared/source/dystonia-patient-page.txt" in line for line in page.provenance)


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("empty-page.txt", "line 1: the page is empty"),
        ("no-headings-page.txt", "line 1: text before the first heading"),
        ("unknown-heading-page.txt", "line 5: heading 'What about migraines' maps to no known"),
        ("empty-section-page.txt", "line 1: heading 'What is dystonia?' has no text"),
        ("duplicate-heading-page.txt", "line 5: heading 'What is dystonia?' repeats line 1"),
    ],
)
def test_malformed_pages_fail_naming_the_line(filename: str, expected: str) -> None:
    with pytest.raises(ContentError) as error:
        parse_page((DATA / filename).read_text(encoding="utf-8"))
    assert expected in str(error.value)
