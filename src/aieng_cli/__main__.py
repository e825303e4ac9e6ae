"""`python -m aieng_cli` runs the CLI."""

from .cli import main

main()
