"""The lawyers' desk: tickets for the cases the assistant hands to a person."""
