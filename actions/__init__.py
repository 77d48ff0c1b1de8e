"""Thin rasa-sdk actions: tracker in, events out. The logic lives in bot/."""
