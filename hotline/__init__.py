"""The 12351 worker-hotline assistant: command line, configuration and process supervision."""
