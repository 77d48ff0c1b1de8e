"""Rasa's endpoints rendered from settings, and secrets made on first run."""

from __future__ import annotations

import stat
from pathlib import Path

from bot.endpoints import api_token, endpoints_config
from bot.secret_files import generated_secret
from bot.settings import Settings


def test_embedded_default_is_sqlite_with_no_lock_store(tmp_path: Path) -> None:
    config = endpoints_config(Settings(var_dir=tmp_path))
    assert config["tracker_store"]["dialect"] == "sqlite"
    assert config["tracker_store"]["db"] == str(tmp_path / "tracker.db")
    assert config["action_endpoint"]["url"] == "http://127.0.0.1:5055/webhook"
    assert "lock_store" not in config


def test_scaled_profile_uses_postgres_and_redis(tmp_path: Path) -> None:
    config = endpoints_config(
        Settings(
            var_dir=tmp_path,
            tracker_store_url="postgresql://bot:s%40cret@db.local:5433/letschat",
            lock_store_url="redis://cache.local:6380/2",
        )
    )
    store = config["tracker_store"]
    assert (store["dialect"], store["url"], store["port"], store["db"]) == (
        "postgresql",
        "db.local",
        5433,
        "letschat",
    )
    assert (store["username"], store["password"]) == ("bot", "s@cret")
    assert config["lock_store"] == {
        "type": "redis",
        "url": "cache.local",
        "port": 6380,
        "db": 2,
        "key_prefix": "letschat",
    }


def test_secrets_are_made_once_and_private(tmp_path: Path) -> None:
    first = generated_secret(tmp_path / "secrets", "x")
    assert generated_secret(tmp_path / "secrets", "x") == first and len(first) >= 32
    assert stat.S_IMODE((tmp_path / "secrets" / "x").stat().st_mode) == 0o600
    assert api_token(Settings(var_dir=tmp_path)) == api_token(Settings(var_dir=tmp_path))
