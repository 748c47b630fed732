"""Rules of the assessment forms."""
