"""The foundation every other package stands on: settings from the environment, logging
with personal numbers masked, and the client for Rasa's HTTP API. It imports nothing of
ours, so anything may import it: casework/knowledge (domain), actions/bot/desk (adapters)
and hotline (the CLI on top)."""
