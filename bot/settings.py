"""One typed settings object; the only place the environment is read.

Every value can be overridden with an environment variable named
``LETSCHAT_<FIELD>`` (for example ``LETSCHAT_RASA_PORT=5006``).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import List

from pydantic import BaseSettings, validator

from bot.live.hours import OfficeHours, parse_hours
from bot.live.timing import Timing

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Marked placeholders: the hospital replaces these before going live.
PLACEHOLDER_PHONE = "[hospital phone line — placeholder, set LETSCHAT_HOSPITAL_PHONE]"
PLACEHOLDER_RESPONSE_TIME = (
    "[typical response time — placeholder, set LETSCHAT_HANDOFF_RESPONSE_TIME]"
)
PLACEHOLDER_RESPONSE_TIME_ES = (
    "[tiempo de respuesta — placeholder, set LETSCHAT_HANDOFF_RESPONSE_TIME_ES]"
)


class Settings(BaseSettings):
    """Where things live and how the servers are reached (embedded default)."""

    project_root: Path = PROJECT_ROOT
    var_dir: Path = PROJECT_ROOT / "var"
    # The page copies: NAME.txt in English, NAME.es.txt in Spanish (bot/content/__main__.py).
    content_source: Path = PROJECT_ROOT / "data" / "content"
    # The app database: content store and handoff requests (default: SQLite in var_dir).
    database_url: str | None = None
    spacy_pipeline_dir: Path = PROJECT_ROOT / "build" / "spacy-en"
    safety_dev_dir: Path = PROJECT_ROOT / "data" / "safety"  # trains the safety classifier
    safety_classifier_path: Path = PROJECT_ROOT / "build" / "safety-classifier.joblib"
    model_path: Path = PROJECT_ROOT / "models" / "dystonia.tar.gz"

    # Rasa and the action server: never reachable from outside (a loopback or private
    # address only). The web app, which patients reach, binds web_host.
    host: str = "127.0.0.1"
    web_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8000
    retention_days: int = 365  # conversations, closed requests and logs older are purged
    web_https: bool = False  # behind TLS: Secure cookies and HSTS
    # Reverse proxies in front of the web app: waitress takes the patient's address from
    # the X-Forwarded-For they add (for the rate limits) when the request comes from
    # web_trusted_proxy ("*": any address); 0 trusts no such header.
    web_proxies: int = 0
    web_trusted_proxy: str = "127.0.0.1"
    # Where the rate limits count: memory (one web process) or redis://... (several).
    rate_limit_storage_url: str = "memory://"
    chat_session_limit: int = 20  # messages a minute from one chat session
    chat_address_limit: int = 60  # from one patient's address
    login_address_limit: int = 10  # login attempts a minute from one address
    staff_idle_minutes: int = 30  # a console session unused this long ends
    staff_session_hours: int = 12  # and none lasts longer than a shift
    api_token_days: int = 90  # staff API tokens expire; a new one replaces the old
    rasa_socketio: bool = False  # Rasa's socket.io channel, off unless a widget needs it
    # How long the web app waits for Rasa's reply (the widget waits 8 s); a later
    # answer still reaches the widget, from the conversation's history.
    rasa_reply_seconds: float = 6.0

    # Scaled profile: a PostgreSQL tracker store and a Redis lock store.
    tracker_store_url: str | None = None  # default: SQLite file in var_dir
    lock_store_url: str | None = None  # e.g. redis://127.0.0.1:6379/1
    # More than one Rasa server (on consecutive ports from rasa_port) needs both, and
    # HAProxy in front of them on balancer_port (bot/balancer.py).
    rasa_servers: int = 1
    balancer_port: int = 5004
    haproxy_path: Path = Path("/usr/sbin/haproxy")  # Debian's package (scripts/ensure-haproxy)
    # How long a conversation's lock outlives a Rasa server that died holding it (Rasa's
    # TICKET_LOCK_LIFETIME, 60 s by default): its conversation waits this long on another
    # server. A turn longer than this could overlap the conversation's next one; turns
    # here take well under a second, and the web app gives up on one after 120 s.
    rasa_lock_lifetime_seconds: int = 20

    # Live chat with a care navigator (bot/live). The web app pauses the assistant, adds
    # a navigator's words and hands back through Rasa's HTTP API (token-protected, on
    # the internal address only).
    live_hours: str = "Mon-Fri 08:00-17:00"  # e.g. "Mon-Fri 08:00-17:00, Sat 09:00-12:00"
    live_timezone: str = "America/New_York"
    live_wait_seconds: int = 120  # in line this long: offered a call back instead
    live_navigator_seen_seconds: int = 45  # a navigator's live page unheard of: off duty
    live_patient_gone_seconds: int = 20  # a waiting patient's widget unheard of: left

    page_title: str = "Dystonia — patient education page"
    page_url: str = "http://localhost:8000/"
    hospital_phone: str = PLACEHOLDER_PHONE
    handoff_response_time: str = PLACEHOLDER_RESPONSE_TIME
    handoff_response_time_es: str = PLACEHOLDER_RESPONSE_TIME_ES  # the same, in Spanish

    def response_time_in(self, language: str) -> str:
        """The promised response time in the patient's language (English, Spanish)."""
        return self.handoff_response_time_es if language == "es" else self.handoff_response_time

    class Config:
        env_prefix = "LETSCHAT_"
        frozen = True  # hashable, so caches can be keyed by settings

    @validator("host")
    def internal_address(cls, value: str) -> str:  # noqa: N805 (pydantic's signature)
        """Rasa's API and the action server must not face the internet."""
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            if value != "localhost":
                raise ValueError("host must be an IP address (loopback or private)") from None
            return value
        if address.is_unspecified or not (address.is_loopback or address.is_private):
            raise ValueError(
                f"host {value} would expose Rasa and the action server: use a loopback or "
                "private address (patients reach the web app, on web_host)"
            )
        return value

    @validator("live_hours")
    def readable_hours(cls, value: str) -> str:  # noqa: N805
        parse_hours(value, "UTC")
        return value

    @validator("live_timezone")
    def known_zone(cls, value: str) -> str:  # noqa: N805
        parse_hours("", value)
        return value

    @property
    def office_hours(self) -> OfficeHours:
        return parse_hours(self.live_hours, self.live_timezone)

    @property
    def live_timing(self) -> Timing:
        return Timing(
            wait=timedelta(seconds=self.live_wait_seconds),
            navigator_seen=timedelta(seconds=self.live_navigator_seen_seconds),
            patient_gone=timedelta(seconds=self.live_patient_gone_seconds),
        )

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.var_dir / 'letschat.db'}"

    @property
    def rasa_ports(self) -> List[int]:
        return [self.rasa_port + i for i in range(max(1, self.rasa_servers))]

    @property
    def rasa_url(self) -> str:
        """Where the web app and the health check reach Rasa: the one server, or the
        balancer in front of several."""
        port = self.rasa_port if self.rasa_servers <= 1 else self.balancer_port
        return f"http://{self.host}:{port}"

    @property
    def tracker_db_path(self) -> Path:
        return self.var_dir / "tracker.db"

    @property
    def resolved_tracker_store_url(self) -> str:
        return self.tracker_store_url or f"sqlite:///{self.tracker_db_path}"

    @property
    def secrets_dir(self) -> Path:
        return self.var_dir / "secrets"

    @property
    def local_web_url(self) -> str:
        """Where this machine reaches the web app (a wildcard bind is reached on loopback)."""
        wildcard = self.web_host in ("0.0.0.0", "::", "")  # noqa: S104 (recognised, not bound)
        return f"http://{'127.0.0.1' if wildcard else self.web_host}:{self.web_port}"

    @property
    def action_endpoint_url(self) -> str:
        return f"http://{self.host}:{self.action_port}/webhook"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
