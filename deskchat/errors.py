"""Errors a person can cause or meet. Each carries one sentence meant to be shown as-is.

Anything raised that is not a ``DeskchatError`` is a bug: the faces log its traceback and show
the sentence that says where that log is (``deskchat.logs``)."""

from deskchat.sentences import Sentence


class DeskchatError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user, never a traceback.

    Raised with a ``Sentence`` (``DeskchatError(Sentence("... {n} ...", n=3))``), the error
    keeps it as ``sentence`` so that a face can word it in the reader's language;
    ``str(error)`` is then its English text. Raised with a plain string, ``sentence`` is None.
    """

    def __init__(self, message: "str | Sentence" = "", *args: object) -> None:
        super().__init__(str(message), *args)
        self.sentence = message if isinstance(message, Sentence) else None


class ModelFileError(DeskchatError):
    """The model file is missing, unreadable, not a GGUF, or damaged."""


class ModelLoadError(DeskchatError):
    """llama.cpp refused to load the model (the message carries llama.cpp's reason)."""


class ContextOverflowError(DeskchatError):
    """The prompt plus the answer's budget does not fit the context window."""


class EngineCrashedError(DeskchatError):
    """The engine process died (signal, abort, out-of-memory kill)."""


class EngineStalledError(EngineCrashedError):
    """The engine sent nothing, not even its heartbeat, for too long (hung, or stopped with
    SIGSTOP); deskchat killed it, and it restarts with the model on the next request."""


class AnswerInterruptedError(DeskchatError):
    """An answer broke off mid-way for a reason other than an engine crash (a remote
    server's stream dropped or became unreadable): the text so far is kept and the answer
    is marked interrupted, with this sentence."""


class StoreError(DeskchatError):
    """The history database cannot be opened or written."""


class NotFoundError(DeskchatError):
    """A conversation, message or persona the user named does not exist."""
