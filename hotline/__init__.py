"""The 12351 worker-hotline assistant: the `hotline` command and the process supervisor, on top of everything."""
