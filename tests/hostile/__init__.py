"""Hostile inputs: builders that write one bad input each, for the intake tests and a whole `jixiao check` run."""
