"""`python -m {{ cookiecutter.package_name }}` runs the `agent` command line."""

from .cli import main

main()
