"""The lawyers' desk on the web, where lawyers take the cases the assistant hands to a person
(the tickets themselves live in stores/); also retention, backups and the monthly report."""
