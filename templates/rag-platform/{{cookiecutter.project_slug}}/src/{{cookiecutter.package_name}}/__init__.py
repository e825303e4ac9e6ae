"""{{ cookiecutter.project_name }}: a retrieval-augmented generation service you can run, test and extend."""

__version__ = "0.1.0"
