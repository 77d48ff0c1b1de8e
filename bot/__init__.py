"""The "Let's chat" dystonia assistant: plain Python, testable without Rasa."""
