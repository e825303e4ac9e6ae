"""{{ cookiecutter.project_name }}: a multi-tenant AI SaaS (workspaces, document chat, usage limits)."""

__version__ = "0.1.0"
