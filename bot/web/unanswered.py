"""Unanswered questions: grouped with counts, tagged by staff, exported as NLU YAML."""

from __future__ import annotations

from typing import FrozenSet, List

import yaml
from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for

from bot.conversations import patient_messages_with_replies
from bot.db import get_engine, session_scope
from bot.nlp import load_pipeline
from bot.staff.audit import record
from bot.staff.unanswered import group_messages, is_unanswered, nlu_yaml, tag, tags
from bot.web.auth import db_url, login_required, settings
from bot.web.conversations import tracker_url

blueprint = Blueprint("unanswered", __name__, url_prefix="/staff/unanswered")


def intents() -> List[str]:
    domain = yaml.safe_load((settings().project_root / "domain.yml").read_text("utf-8"))
    return sorted(domain["intents"])


def content_words(text: str) -> FrozenSet[str]:
    nlp = load_pipeline(settings().spacy_pipeline_dir)
    return frozenset(t.lemma_ for t in nlp(text.lower()) if t.is_alpha and not t.is_stop)


def unanswered_texts() -> List[str]:
    engine = get_engine(tracker_url())  # one pool per process, not per request
    with engine.connect() as connection:
        turns = patient_messages_with_replies(connection)
    return [t.text for t in turns if t.text and is_unanswered(t.intent, t.confidence, t.kind)]


@blueprint.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    groups = group_messages(unanswered_texts(), content_words)
    with session_scope(db_url()) as db:
        tagged = tags(db)
    return render_template("unanswered.html", groups=groups, tagged=tagged, intents=intents())


@blueprint.post("/tag")
@login_required
def tag_message():  # type: ignore[no-untyped-def]
    text, intent = request.form.get("text", ""), request.form.get("intent", "")
    if text and intent in intents():
        with session_scope(db_url()) as db:
            tag(db, text, intent, g.user.id)
            record(db, g.user.id, "nlu.tagged", f"{intent}: {text[:80]}")
    return redirect(url_for("unanswered.index"))


@blueprint.get("/export.yml")
@login_required
def export():  # type: ignore[no-untyped-def]
    with session_scope(db_url()) as db:
        body = nlu_yaml(tags(db), intents())
        record(db, g.user.id, "nlu.exported", "")
    current_app.logger.info("NLU tags exported by %s", g.user.username)
    return Response(
        body,
        mimetype="text/yaml",
        headers={"Content-Disposition": "attachment; filename=nlu-tagged.yml"},
    )
