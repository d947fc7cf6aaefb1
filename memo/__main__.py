"""`python -m memo` runs the command-line interface."""

from memo.cli import main

main()
