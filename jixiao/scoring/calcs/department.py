"""Rules of the department forms."""
