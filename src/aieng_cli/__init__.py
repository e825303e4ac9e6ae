"""aieng: a command-line tutor and project scaffolder for people becoming AI engineers."""

__version__ = "0.1.0"
