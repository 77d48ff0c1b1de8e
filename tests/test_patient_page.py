"""The patient page rendered from the content store, with a contract-id anchor per section."""

from __future__ import annotations

import re
from pathlib import Path

from bot.content.__main__ import build
from bot.settings import Settings
from bot.web import create_app
from tests.test_page_parser import CONTRACT_IDS


def test_every_section_has_its_anchor_and_bullets_are_lists(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path)
    defaults = Settings()
    build(defaults.content_source, settings.resolved_database_url, defaults.spacy_pipeline_dir)
    html = create_app(settings).test_client().get("/").get_data(as_text=True)
    assert re.findall(r'<section id="([a-z-]+)"', html) == CONTRACT_IDS
    causes = html.split('id="causes"')[1].split("</section>")[0]
    assert "basal ganglia" in causes and "<h2" in causes
    overview = html.split('id="overview"')[1].split("</section>")[0]
    assert overview.count("<li>") == 5
    assert "Let’s chat." in html and "Back to Overview" not in html
