"""Rules of the monitor forms."""
