"""{{ cookiecutter.project_name }}: a multi-tenant AI SaaS."""

__version__ = "0.1.0"
