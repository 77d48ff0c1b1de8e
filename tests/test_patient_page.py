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
    assert "Back to Overview" not in html
    # The invitation's closing "Let's chat." is the button that opens the widget.
    invitation = html.split('id="lets-chat-invitation">')[1]
    assert invitation.startswith("Vidant Health can connect you to health care professionals")
    assert re.search(
        r"guide you through the treatment process\.</p>\s*<p><button type=\"button\" "
        r"data-letschat-open>Let's chat</button>",
        invitation,
    )
    assert '<script src="/static/letschat.js"' in html


def test_the_widget_script_and_stylesheet_are_served_and_build_no_html(tmp_path: Path) -> None:
    client = create_app(Settings(var_dir=tmp_path)).test_client()
    script = client.get("/static/letschat.js")
    assert script.status_code == 200 and "javascript" in script.content_type
    assert client.get("/static/letschat.css").status_code == 200
    source = script.get_data(as_text=True)
    # Messages go into the page only as text: no HTML-parsing sink anywhere in the widget.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source
