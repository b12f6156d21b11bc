"""The foundation every other package stands on: settings (one snapshot of the environment,
read once per process), logging with personal numbers masked, the client for Rasa's HTTP
API, and the vocabulary every layer shares (urgency levels, ticket statuses, their Chinese
names, how a phone number is written, the reply-metadata format). It imports nothing of
ours, so anything may import it (docs/architecture.md)."""
