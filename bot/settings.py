"""One typed settings object; the only place the environment is read.

Every value can be overridden with an environment variable named
``LETSCHAT_<FIELD>`` (for example ``LETSCHAT_RASA_PORT=5006``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Marked placeholders: the hospital replaces these before going live.
PLACEHOLDER_PHONE = "[hospital phone line — placeholder, set LETSCHAT_HOSPITAL_PHONE]"
PLACEHOLDER_RESPONSE_TIME = (
    "[typical response time — placeholder, set LETSCHAT_HANDOFF_RESPONSE_TIME]"
)


class Settings(BaseSettings):
    """Where things live and how the servers are reached (embedded default)."""

    project_root: Path = PROJECT_ROOT
    var_dir: Path = PROJECT_ROOT / "var"
    content_source: Path = PROJECT_ROOT / "data" / "content" / "dystonia-patient-page.txt"
    # The app database: content store and handoff requests (default: SQLite in var_dir).
    database_url: str | None = None
    spacy_pipeline_dir: Path = PROJECT_ROOT / "build" / "spacy-en"
    safety_dev_dir: Path = PROJECT_ROOT / "data" / "safety"  # trains the safety classifier
    safety_classifier_path: Path = PROJECT_ROOT / "build" / "safety-classifier.joblib"
    model_path: Path = PROJECT_ROOT / "models" / "dystonia.tar.gz"

    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8000
    retention_days: int = 365  # conversations and closed requests older than this are purged
    web_https: bool = False  # behind TLS: session cookies get the Secure flag
    # Reverse proxies in front of the web app: their X-Forwarded-For names the patient's
    # address (for the chat rate limit); 0 trusts no such header.
    web_proxies: int = 0

    # Scaled profile: a PostgreSQL tracker store and a Redis lock store.
    tracker_store_url: str | None = None  # default: SQLite file in var_dir
    lock_store_url: str | None = None  # e.g. redis://127.0.0.1:6379/1
    rasa_enable_api: bool = False  # the HTTP API can replace the model: off unless asked

    page_title: str = "Dystonia — patient education page"
    page_url: str = "http://localhost:8000/"
    hospital_phone: str = PLACEHOLDER_PHONE
    handoff_response_time: str = PLACEHOLDER_RESPONSE_TIME

    class Config:
        env_prefix = "LETSCHAT_"
        frozen = True  # hashable, so caches can be keyed by settings

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.var_dir / 'letschat.db'}"

    @property
    def tracker_db_path(self) -> Path:
        return self.var_dir / "tracker.db"

    @property
    def secrets_dir(self) -> Path:
        return self.var_dir / "secrets"

    @property
    def action_endpoint_url(self) -> str:
        return f"http://{self.host}:{self.action_port}/webhook"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
