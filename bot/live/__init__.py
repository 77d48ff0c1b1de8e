"""Live chat with a care navigator: who is on duty, the waiting line, who has which chat.

Plain Python on the app database (shared by every web app and action server process);
the web app moves the conversation itself through Rasa's HTTP API (bot/web/rasa_api.py).
"""
