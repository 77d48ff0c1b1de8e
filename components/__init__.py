"""Custom Rasa graph components (they import Rasa; the logic they call lives in bot/)."""
