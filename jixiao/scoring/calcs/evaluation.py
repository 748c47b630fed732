"""Rules of the evaluation forms."""
