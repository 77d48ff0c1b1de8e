"""Conversations: Rasa's events (the source of truth) and the console's read model."""

from bot.conversations.events import (
    ANSWER_ID_LENGTH,
    OPEN_CHAT_INTENT,
    Turn,
    all_turns,
    assistant_message,
    events,
    fold_replies,
    has_events,
    latest_patient_intent,
    latest_patient_message,
    metadata,
    patient_messages_with_replies,
    patient_texts,
    slot_values,
    transcript,
    turns_after,
)
from bot.conversations.queries import ConversationFilter, count_conversations, list_conversations
from bot.conversations.read_model import FLAGS, ConversationRow, Flag
from bot.conversations.upkeep import forget_conversations

__all__ = [
    "ANSWER_ID_LENGTH",
    "OPEN_CHAT_INTENT",
    "FLAGS",
    "ConversationFilter",
    "ConversationRow",
    "Flag",
    "Turn",
    "all_turns",
    "assistant_message",
    "count_conversations",
    "events",
    "fold_replies",
    "forget_conversations",
    "has_events",
    "latest_patient_intent",
    "latest_patient_message",
    "list_conversations",
    "metadata",
    "patient_messages_with_replies",
    "patient_texts",
    "slot_values",
    "transcript",
    "turns_after",
]
