"""One error family: core code raises these, the CLI prints them on one line, the API maps them."""


class RagError(Exception):
    """Something the user can fix; the message says what and how."""


class LLMUnavailable(RagError):
    """Ollama is unreachable, too slow, or lacks the model; callers fall back to offline mode."""


class DocumentError(RagError):
    """A document could not be read (unsupported type, broken PDF, no text)."""


class GoldenSetError(RagError):
    """The golden set file is missing or malformed."""


class Forbidden(RagError):
    """The caller's key may not do this (another key's document, a collection it lacks)."""


class NotFound(RagError):
    """No such document, job or collection."""
