"""Errors a person can cause or meet. Each carries one sentence meant to be shown as-is."""


class DeskchatError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user, never a traceback."""


class ModelFileError(DeskchatError):
    """The model file is missing, unreadable, not a GGUF, or damaged."""


class ModelLoadError(DeskchatError):
    """llama.cpp refused to load the model (the message carries llama.cpp's reason)."""


class ContextOverflowError(DeskchatError):
    """The prompt plus the answer's budget does not fit the context window."""


class EngineCrashedError(DeskchatError):
    """The engine process died (signal, abort, out-of-memory kill)."""


class AnswerInterruptedError(DeskchatError):
    """An answer broke off mid-way for a reason other than an engine crash (a remote
    server's stream dropped or became unreadable): the text so far is kept and the answer
    is marked interrupted, with this sentence."""


class StoreError(DeskchatError):
    """The history database cannot be opened or written."""


class NotFoundError(DeskchatError):
    """A conversation, message or persona the user named does not exist."""
