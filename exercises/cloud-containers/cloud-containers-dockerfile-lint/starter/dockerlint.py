"""Lint Dockerfiles for the mistakes that hurt AI service images most."""


def lint(dockerfile_text: str) -> list[tuple[int, str]]:
    """Sorted (line, rule) findings."""
    # TODO
    raise NotImplementedError
