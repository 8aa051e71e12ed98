"""Use cases over storage: what the command line and the web app call."""
