"""Reading OpenAI request bodies into typed requests, refusing what this server cannot do.

Unknown fields are ignored (clients send extras meant for other servers), but a field that
would change the answer and is not supported here (``n`` > 1, logprobs, JSON mode for text
completions) is refused with a sentence instead of being silently dropped. Structured output
and tools are read by ``deskchat.server.tool_requests``. Besides OpenAI's fields,
llama.cpp's server extensions ``top_k``, ``min_p``, ``repeat_penalty`` and ``ignore_eos``
are accepted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from deskchat.chat.sampling_fields import BY_NAME, FIELDS
from deskchat.chat.template_options import OPTIONS, option_problem
from deskchat.chat.tools import ToolSpec
from deskchat.chat.turns import Turn
from deskchat.sentences import Sentence
from deskchat.server.errors import bad_request
from deskchat.server.tool_requests import read_tools, response_format_grammar, tool_calls
from deskchat.services.tool_turns import ToolChoice

COMPLETION_DEFAULT_MAX_TOKENS = 16  # OpenAI's default for /v1/completions
SEED_MASK = 0xFFFFFFFF  # llama.cpp seeds are 32-bit
OPTION_NAMES = tuple(o.name for o in OPTIONS)


@dataclass(frozen=True)
class GenerationRequest:
    """What both endpoints share. ``sampling``: the SamplingParams fields the client set;
    ``max_tokens`` None means "up to the end of the context window"."""

    model: str
    stream: bool = False
    include_usage: bool = False
    max_tokens: int | None = None
    sampling: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChatRequest(GenerationRequest):
    system: str = ""  # every system/developer message, in order, folded into one
    turns: tuple[Turn, ...] = ()
    # reasoning_effort and chat_template_kwargs: what the model's template gets beside them
    template_options: dict[str, bool | str] = field(default_factory=dict)
    tools: tuple[ToolSpec, ...] = ()
    tool_choice: ToolChoice = field(default_factory=lambda: ToolChoice("none"))


@dataclass(frozen=True)
class CompletionRequest(GenerationRequest):
    prompt: str = ""


def parse_json(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad_request(f"The request body is not valid JSON: {exc}.") from None
    except RecursionError:  # hostile nesting ([[[[…]]]]): the parser's stack gives out
        raise bad_request(
            str(Sentence("The request body is nested too deeply to be read as JSON."))
        ) from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def parse_chat(body: dict[str, Any]) -> ChatRequest:
    fields = _Fields(body)
    fields.refuse_unsupported(chat=True)
    system, turns = _messages(body.get("messages"))
    max_tokens = fields.max_tokens("max_completion_tokens")
    if max_tokens is None:
        max_tokens = fields.max_tokens("max_tokens")
    common = fields.common()
    grammar = response_format_grammar(body.get("response_format"))
    if grammar:  # the answer follows the JSON it asked for
        common["sampling"]["grammar"] = grammar
    tools, choice = read_tools(body)
    return ChatRequest(
        **common,
        max_tokens=max_tokens,
        system=system,
        turns=turns,
        template_options=_template_options(body),
        tools=tools,
        tool_choice=choice,
    )


def parse_completion(body: dict[str, Any]) -> CompletionRequest:
    fields = _Fields(body)
    fields.refuse_unsupported(chat=False)
    max_tokens = fields.max_tokens("max_tokens")
    return CompletionRequest(
        **fields.common(),
        max_tokens=COMPLETION_DEFAULT_MAX_TOKENS if max_tokens is None else max_tokens,
        prompt=_prompt(body.get("prompt")),
    )


class _Fields:
    """Typed access to a body's fields; a wrong type or range is a 400 naming the field."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body

    def common(self) -> dict[str, Any]:
        model = self.body.get("model")
        if not isinstance(model, str) or not model:
            raise bad_request("The request needs a model: the id /v1/models lists.", "model")
        n = self.integer("n", 1)
        if n not in (None, 1):
            raise bad_request("Only n=1 is supported: ask again for another answer.", "n")
        stream = bool(self.boolean("stream"))
        options = self.body.get("stream_options")
        include_usage = False
        if options is not None:
            if not stream:
                raise bad_request(
                    "stream_options is only allowed with stream=true.", "stream_options"
                )
            if not isinstance(options, dict):
                raise bad_request("stream_options must be an object.", "stream_options")
            include_usage = options.get("include_usage") is True
        return {
            "model": model,
            "stream": stream,
            "include_usage": include_usage,
            "sampling": self.sampling(),
        }

    def sampling(self) -> dict[str, Any]:
        """The sampling table's fields (its ranges, its sentences) and the server's extras.
        ``max_tokens`` is read by the endpoint (its name and default differ)."""
        values: dict[str, Any] = {}
        for spec in FIELDS:
            if spec.name in ("max_tokens", "seed"):
                continue
            value = self.body.get(spec.api_field)
            if value is None:
                continue
            if spec.kind == "texts" and isinstance(value, str):
                value = [value]
            problem = spec.problem(value, spec.api_field)
            if problem:
                raise bad_request(problem, spec.api_field)
            values[spec.name] = spec.normalized(value)
        # OpenAI's seeds are 64-bit; llama.cpp keeps the low 32 bits (-1 is its "random")
        seed = self.integer("seed", -(2**63), 2**63 - 1)
        if seed is not None:
            values["seed"] = seed & SEED_MASK
        values["ignore_eos"] = self.boolean("ignore_eos")
        values["logit_bias"] = self.logit_bias()
        return {k: v for k, v in values.items() if v is not None}

    def refuse_unsupported(self, *, chat: bool) -> None:
        body = self.body
        if body.get("functions") or body.get("function_call"):
            raise bad_request(
                str(Sentence("functions is OpenAI's old field for tools: send tools instead.")),
                "functions",
            )
        if not chat and body.get("tools"):
            raise bad_request(
                "Tools are only for chat completions (/v1/chat/completions).", "tools"
            )
        response_format = body.get("response_format")
        if not chat and (
            response_format is not None
            and (not isinstance(response_format, dict) or response_format.get("type") != "text")
        ):
            raise bad_request(
                "Only plain text answers are supported (response_format).", "response_format"
            )
        if body.get("logprobs") or body.get("top_logprobs"):
            raise bad_request("logprobs are not supported by this server.", "logprobs")
        if not chat:
            if body.get("echo"):
                raise bad_request("echo is not supported by this server.", "echo")
            if body.get("suffix"):
                raise bad_request("suffix (fill-in-the-middle) is not supported.", "suffix")
            if body.get("best_of") not in (None, 1):
                raise bad_request("Only best_of=1 is supported.", "best_of")

    def max_tokens(self, name: str) -> int | None:
        """The answer's length under either of OpenAI's names, in the table's range."""
        value = self.body.get(name)
        if value is None:
            return None
        problem = BY_NAME["max_tokens"].problem(value, name)
        if problem:
            raise bad_request(problem, name)
        return int(value)

    def integer(self, name: str, low: int, high: int | None = None) -> int | None:
        value = self.body.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad_request(f"{name} must be a whole number.", name)
        if value < low or (high is not None and value > high):
            limit = f"at least {low}" if high is None else f"between {low} and {high}"
            raise bad_request(f"{name} must be {limit}, not {value}.", name)
        return value

    def boolean(self, name: str) -> bool | None:
        value = self.body.get(name)
        if value is not None and not isinstance(value, bool):
            raise bad_request(f"{name} must be true or false.", name)
        return value

    def logit_bias(self) -> tuple[tuple[int, float], ...] | None:
        value = self.body.get("logit_bias")
        if value is None:
            return None
        if not isinstance(value, dict):
            raise bad_request("logit_bias must map token ids to numbers.", "logit_bias")
        bias: list[tuple[int, float]] = []
        for key, number in value.items():
            try:
                token = int(key)
            except ValueError:
                raise bad_request(
                    f"logit_bias key {key!r} is not a token id.", "logit_bias"
                ) from None
            ok = isinstance(number, int | float) and not isinstance(number, bool)
            if token < 0 or not ok or not -100 <= number <= 100:
                raise bad_request(
                    "logit_bias maps token ids to numbers between -100 and 100.", "logit_bias"
                )
            bias.append((token, float(number)))
        return tuple(bias)


def _template_options(body: dict[str, Any]) -> dict[str, bool | str]:
    """``chat_template_kwargs`` (llama-server's and vLLM's field; only the template options
    deskchat knows are used, other keys are ignored) and OpenAI's ``reasoning_effort``."""
    kwargs = body.get("chat_template_kwargs")
    if kwargs is None:
        kwargs = {}
    if not isinstance(kwargs, dict):
        raise bad_request(
            str(Sentence("chat_template_kwargs must be an object.")), "chat_template_kwargs"
        )
    chosen = {
        name: (kwargs[name], "chat_template_kwargs") for name in OPTION_NAMES if name in kwargs
    }
    effort = body.get("reasoning_effort")
    if effort is not None:  # the request's own field wins over the kwargs
        chosen["reasoning_effort"] = (effort, "reasoning_effort")
    options: dict[str, bool | str] = {}
    for name, (value, param) in chosen.items():
        problem = option_problem(name, value)
        if problem is not None:
            raise bad_request(str(problem), param)
        options[name] = value
    return options


def _messages(messages: Any) -> tuple[str, tuple[Turn, ...]]:
    """System text and turns. System messages go first, folded into one, wherever they
    stood: many chat templates accept a system message only at the start."""
    if not isinstance(messages, list) or not messages:
        raise bad_request(
            "messages must be a non-empty list of {role, content} objects.", "messages"
        )
    system: list[str] = []
    turns: list[Turn] = []
    for i, message in enumerate(messages):
        param = f"messages[{i}]"
        if not isinstance(message, dict):
            raise bad_request(f"{param} must be an object with role and content.", param)
        role = message.get("role")
        if role not in ("system", "developer", "user", "assistant", "tool"):
            raise bad_request(
                f"{param}.role must be 'system', 'user', 'assistant' or 'tool', not {role!r}.",
                f"{param}.role",
            )
        text = _content(message.get("content"), f"{param}.content", role != "user")
        if role in ("system", "developer"):
            if text.strip():
                system.append(text)
        elif role == "tool":
            call_id = message.get("tool_call_id")
            if not isinstance(call_id, str) or not call_id:
                raise bad_request(
                    str(
                        Sentence(
                            "{param} needs the tool_call_id of the call it answers.", param=param
                        )
                    ),
                    f"{param}.tool_call_id",
                )
            name = message.get("name")
            turns.append(
                Turn("tool", text, tool_call_id=call_id, name=_name_of(name, call_id, turns))
            )
        elif role == "assistant" and message.get("tool_calls"):
            calls = tool_calls(message["tool_calls"], f"{param}.tool_calls")
            turns.append(Turn("assistant", text, tool_calls=calls))
        else:
            turns.append(Turn(role, text))
    if not turns:
        raise bad_request("messages must hold at least one user message.", "messages")
    return "\n\n".join(system), tuple(turns)


def _name_of(name: Any, call_id: str, turns: list[Turn]) -> str:
    """A tool result's tool: its own ``name``, else that of the call it answers."""
    if isinstance(name, str) and name:
        return name
    for turn in reversed(turns):
        for call in turn.tool_calls:
            if call.id == call_id:
                return call.name
    return ""


def _content(content: Any, param: str, may_be_empty: bool) -> str:
    if isinstance(content, str):
        return content
    if content is None and may_be_empty:
        return ""
    if isinstance(content, list):
        texts: list[str] = []
        for part in content:
            kind = part.get("type") if isinstance(part, dict) else None
            if kind != "text" or not isinstance(part.get("text"), str):
                raise bad_request(
                    f"{param}: only text parts are supported, not {kind or 'this part'}.", param
                )
            texts.append(part["text"])
        return "\n".join(texts)
    raise bad_request(f"{param} must be a string or a list of text parts.", param)


def _prompt(prompt: Any) -> str:
    if isinstance(prompt, list) and len(prompt) == 1:
        prompt = prompt[0]
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, list) and prompt and all(isinstance(p, str) for p in prompt):
        raise bad_request("Send one prompt per request (n=1 only).", "prompt")
    if isinstance(prompt, list) and prompt and all(isinstance(p, int) for p in prompt):
        raise bad_request("Prompts as token ids are not supported; send text.", "prompt")
    raise bad_request("prompt must be a string.", "prompt")
