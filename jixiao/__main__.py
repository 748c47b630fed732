"""`python -m jixiao …` is the `jixiao` command (for machines where the console script is not on PATH)."""
from .cli.app import main

main()
