"""The Rasa action server: answers from the knowledge base, case facts, calculators and escalation."""
