"""The worker channel: a python-telegram-bot application that relays to Rasa."""
