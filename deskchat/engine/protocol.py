"""The typed messages between the app and the engine process: the pipe's requests and
its events. What they carry (load options, sampling, model info, pieces, ``Done``) is the
app-wide vocabulary in ``deskchat.chat.generation``.

Requests go parent -> child, events child -> parent, pickled over a multiprocessing pipe.
Keep them plain dataclasses of built-in types so they stay cheap to pickle per token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from deskchat.chat.generation import (
    BackendInfo,
    Done,
    LoadOptions,
    ModelInfo,
    Piece,
    PromptPart,
    PromptProgress,
    SamplingParams,
    Tokens,
)
from deskchat.sentences import Sentence

# ---- requests ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KvStateConfig:
    """Where and how much of chats' KV states the engine keeps (engine/kv_states.py)."""

    folder: str | None = None  # None: in RAM only (gone with the engine)
    ram_bytes: int = 1 << 30
    disk_bytes: int = 4 << 30
    min_tokens: int = 256  # a shorter context is quicker to read again than to save


@dataclass(frozen=True)
class LoadRequest:
    path: str
    options: LoadOptions = field(default_factory=LoadOptions)
    # False: the file's tokenizer.chat_template is not text (deskchat read its type), so the
    # model has no template of its own
    template_is_text: bool = True
    states: KvStateConfig | None = None  # None: no chat's KV state is kept


@dataclass(frozen=True)
class TokenizeRequest:
    # a bare string is tokenized as it is (``special``: its control tokens parsed); parts
    # have their markup parsed and their messages' text read as plain text
    text: str | tuple[PromptPart, ...]
    add_bos: bool = True
    special: bool = True
    # also return each token's vocabulary entry and bytes (for the "tokens" view)
    with_pieces: bool = False


@dataclass(frozen=True)
class GenerateRequest:
    request_id: int
    prompt: str | tuple[PromptPart, ...]  # see TokenizeRequest.text
    sampling: SamplingParams = field(default_factory=SamplingParams)
    # the text of control tokens in the pieces too (gpt-oss's harmony channel markers, which
    # the reasoning parser reads); otherwise they print as nothing
    show_control: bool = False
    # send PromptProgress events while the prompt is read (the window's progress line)
    progress: bool = False


@dataclass(frozen=True)
class UnloadRequest:
    pass


@dataclass(frozen=True)
class InfoRequest:
    pass


@dataclass(frozen=True)
class ShutdownRequest:
    pass


@dataclass(frozen=True)
class StatesRequest:
    """How much the saved KV states hold (``KvStates``); ``config``: new budgets first."""

    config: KvStateConfig | None = None


Request = (
    LoadRequest
    | TokenizeRequest
    | GenerateRequest
    | UnloadRequest
    | InfoRequest
    | ShutdownRequest
    | StatesRequest
)

# ---- events / replies ----------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    info: ModelInfo


@dataclass(frozen=True)
class Pieces:
    """Several pieces sent at once: a fast stream is batched so the app wakes up a few
    times a second instead of once per token (the first piece always goes alone)."""

    request_id: int
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Unloaded:
    pass


@dataclass(frozen=True)
class Failed:
    """A request failed inside the engine; ``message`` is one sentence for the user (a
    ``Sentence`` pickles as plain data, so the window can word it in its language)."""

    kind: Literal["load", "tokenize", "generate", "embed", "no_model", "internal"]
    message: str | Sentence
    request_id: int | None = None


@dataclass(frozen=True)
class KvStates:
    """The saved KV states of the loaded model and load options: how many, and their bytes
    in RAM and on disk (a state may be in both)."""

    states: int = 0
    ram_bytes: int = 0
    disk_bytes: int = 0


@dataclass(frozen=True)
class Alive:
    """The engine's heartbeat, about once a second while it works on a request (loading,
    evaluating a prompt, generating): an engine that sends nothing for a while is hung."""


Event = (
    Loaded
    | Tokens
    | PromptProgress
    | Piece
    | Pieces
    | Done
    | Unloaded
    | BackendInfo
    | KvStates
    | Failed
    | Alive
)
# what a generation sends before its Done (a call's reply never is one of these)
STREAMED = (PromptProgress, Piece, Pieces, Done)


def as_dict(obj: Any) -> dict[str, Any]:
    """A JSON-ready view of an event (for logs and the CLI's --json output)."""
    from dataclasses import asdict

    return asdict(obj)
