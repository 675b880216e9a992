"""Chat templates: turning a list of turns into the one text a model continues.

A GGUF's ``tokenizer.chat_template`` is Jinja written by whoever made the file: untrusted.
It is rendered in Jinja's immutable sandbox, where reaching Python internals
(``__class__``, ``__globals__``, ``mro()``...) raises instead of running, inside a separate
renderer process with a deadline, a memory limit and an output cap (template_renderer says
why), so no construct can exhaust the machine: each limit is refused with one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from deskchat.chat.template_renderer import RENDER_SECONDS, RendererStopped, renderer
from deskchat.chat.template_sandbox import MAX_OUTPUT
from deskchat.chat.turns import Turn
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence

# "messages": no template here; a remote server receives the turns and applies its own
TemplateSource = Literal["override", "gguf", "builtin", "transcript", "messages"]


class TemplateError(DeskchatError):
    """A chat template could not be rendered."""


class TemplateLimitError(TemplateError):
    """A chat template was stopped at a limit on time, memory or output."""


CHATML = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
# Llama 3.0: no system header of its own.
LLAMA3 = (
    "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>"
    "\n\n{{ m.content | trim }}<|eot_id|>{% endfor %}"
    "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"
)
# Llama 3.1+ always opens with a system header naming its knowledge cut-off and today's date
# (``date_string``, else today as "26 Jul 2024"), the system text after it.
LLAMA31 = (
    "{{ bos_token }}{% if date_string is not defined %}"
    "{% set date_string = strftime_now('%d %b %Y') %}{% endif %}"
    "{% if messages and messages[0].role == 'system' %}"
    "{% set system_message = messages[0].content | trim %}{% set messages = messages[1:] %}"
    "{% else %}{% set system_message = '' %}{% endif %}"
    "<|start_header_id|>system<|end_header_id|>\n\n"
    "Cutting Knowledge Date: December 2023\nToday Date: {{ date_string }}\n\n"
    "{{ system_message }}<|eot_id|>"
    "{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>"
    "\n\n{{ m.content | trim }}<|eot_id|>{% endfor %}"
    "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"
)
# Qwen2.5: ChatML with a system prompt of its own when the chat has none.
QWEN25 = (
    "{% if messages and messages[0].role == 'system' %}"
    "<|im_start|>system\n{{ messages[0].content }}<|im_end|>\n"
    "{% else %}<|im_start|>system\n"
    "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n{% endif %}"
    "{% for m in messages %}{% if m.role != 'system' or not loop.first %}"
    "<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
# Gemma has no system role: the system text opens the first user turn.
GEMMA = (
    "{{ bos_token }}{% set sys = namespace(text='') %}"
    "{% for m in messages if m.role == 'system' %}"
    "{% set sys.text = sys.text + m.content + '\n\n' %}{% endfor %}"
    "{% for m in messages if m.role != 'system' %}"
    "<start_of_turn>{{ 'model' if m.role == 'assistant' else 'user' }}\n"
    "{% if m.role == 'user' %}{{ sys.text }}{% set sys.text = '' %}{% endif %}"
    "{{ m.content | trim }}<end_of_turn>\n{% endfor %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)
# Mistral v0.1 / Mixtral: "[INST] … [/INST]" with spaces; no system role, so the system text
# goes before the first user message (as deskchat folds it into a template that refuses one).
MISTRAL = (
    "{{ bos_token }}{% set sys = namespace(text='') %}"
    "{% for m in messages if m.role == 'system' %}"
    "{% set sys.text = sys.text + m.content + '\n\n' %}{% endfor %}"
    "{% for m in messages if m.role != 'system' %}{% if m.role == 'user' %}"
    "[INST] {{ sys.text }}{{ m.content }} [/INST]{% set sys.text = '' %}"
    "{% else %}{{ m.content }}{{ eos_token }}{% endif %}{% endfor %}"
)
# Mistral Nemo (tokenizer v3, Tekken): "[INST]…[/INST]" without spaces, and the system text
# before the last user message, not the first.
MISTRAL_NEMO = (
    "{% if messages and messages[0].role == 'system' %}"
    "{% set system_message = messages[0].content %}{% set messages = messages[1:] %}{% endif %}"
    "{{ bos_token }}{% for m in messages %}{% if m.role == 'user' %}"
    "{% if loop.last and system_message is defined %}"
    "[INST]{{ system_message }}\n\n{{ m.content }}[/INST]"
    "{% else %}[INST]{{ m.content }}[/INST]{% endif %}"
    "{% elif m.role == 'assistant' %}{{ m.content }}{{ eos_token }}{% endif %}{% endfor %}"
)
PHI3 = (
    "{% for m in messages %}<|{{ m.role }}|>\n{{ m.content }}<|end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)

BUILTIN_TEMPLATES: dict[str, str] = {
    "chatml": CHATML,
    "llama3": LLAMA3,
    "llama3.1": LLAMA31,
    "qwen2.5": QWEN25,
    "gemma": GEMMA,
    "mistral": MISTRAL,
    "mistral-nemo": MISTRAL_NEMO,
    "phi3": PHI3,
}

# Which built-in fits a model with no template of its own, by architecture or name.
# The first hint found in "name architecture" wins: the more particular ones come first.
_BUILTIN_BY_HINT: tuple[tuple[str, str], ...] = (
    *(
        (f"llama{sep}3{dot}{minor}", "llama3.1")
        for sep in ("-", "", " ")
        for dot in "._"
        for minor in "123"
    ),
    ("llama-3", "llama3"),
    ("llama3", "llama3"),
    ("gemma", "gemma"),
    ("mistral-nemo", "mistral-nemo"),
    ("mistral nemo", "mistral-nemo"),
    ("ministral", "mistral-nemo"),
    ("mistral", "mistral"),
    ("mixtral", "mistral"),
    ("phi3", "phi3"),
    ("phi-3", "phi3"),
    ("qwq", "chatml"),  # QwQ (architecture qwen2) has no system prompt of its own
    ("qwen2.5", "qwen2.5"),
    ("qwen2", "qwen2.5"),  # the architecture of Qwen2 and Qwen2.5 alike
    ("qwen", "chatml"),
    ("hermes", "chatml"),
    ("chatml", "chatml"),
)
# A model without a template is only treated as a chat model when its name says it was
# tuned for instructions; otherwise it is a base model and gets the transcript.
_INSTRUCT_NAME = re.compile(r"(instruct|chat|[-_.]it\b|[-_.]it[-_.]|hermes|assistant)", re.I)

TRANSCRIPT_PREAMBLE = (
    "The following is a conversation between a helpful assistant and a human. "
    "The assistant answers the human's questions truthfully and helpfully."
)
TRANSCRIPT_STOPS = ("\nHuman:", "\nUser:", "\n\nHuman", "<end_of_turn>", "</s>")


@dataclass(frozen=True)
class ChatTemplate:
    """How one model's prompts are written. ``name`` says which template for the UI."""

    source: TemplateSource
    name: str
    text: str = ""  # the Jinja source; empty for the transcript
    stops: tuple[str, ...] = ()

    def render(
        self,
        turns: Sequence[Turn],
        *,
        bos_token: str = "",
        eos_token: str = "",
        add_generation_prompt: bool = True,
        options: Mapping[str, bool | str] | None = None,
        tools: Sequence[Mapping[str, Any]] | None = None,
        documents: Sequence[Mapping[str, str]] | None = None,
    ) -> str:
        """The prompt for ``turns``; ``options`` are the template options it reads
        (``enable_thinking``, ``reasoning_effort`` …, see chat/template_options), passed as
        variables beside the messages (ignored by the transcript and by a server's own);
        ``tools``: the OpenAI function schemas offered (None: no tools); ``documents``: the
        passages for a template that takes them itself (chat/passages; None: none)."""
        if self.source == "transcript":
            return render_transcript(turns)
        if self.source == "messages":
            return render_messages(turns)
        return render_jinja(
            self.text,
            turns,
            bos_token=bos_token,
            eos_token=eos_token,
            add_generation_prompt=add_generation_prompt,
            options=options,
            tools=tools,
            documents=documents,
        )


def choose_template(
    *,
    override: str | None,
    gguf_template: str | None,
    architecture: str = "",
    model_name: str = "",
) -> ChatTemplate:
    """Pick the template source in the order: user override, the GGUF's own, a built-in
    matched on architecture/name (instruction-tuned models only), the base-model transcript."""
    if override and override.strip():
        if override.strip() in BUILTIN_TEMPLATES:
            name = override.strip()
            return ChatTemplate("override", name, BUILTIN_TEMPLATES[name])
        return ChatTemplate("override", "custom", override)
    if gguf_template and gguf_template.strip():
        return ChatTemplate("gguf", "from the model file", gguf_template)
    hints = f"{model_name} {architecture}".lower()
    if _INSTRUCT_NAME.search(model_name):
        for hint, name in _BUILTIN_BY_HINT:
            if hint in hints:
                return ChatTemplate("builtin", name, BUILTIN_TEMPLATES[name])
        return ChatTemplate("builtin", "chatml", CHATML)
    return ChatTemplate("transcript", "transcript (base model)", "", TRANSCRIPT_STOPS)


def render_transcript(turns: Sequence[Turn]) -> str:
    """A plain conversation a base model can continue, ending with "Assistant:"."""
    system = "\n\n".join(t.content.strip() for t in turns if t.role == "system")
    parts = [TRANSCRIPT_PREAMBLE + (f"\n\n{system}" if system else ""), ""]
    for turn in turns:
        if turn.role == "user":
            parts.append(f"Human: {turn.content.strip()}")
        elif turn.role == "assistant":
            parts.append(f"Assistant: {turn.content.strip()}")
    parts.append("Assistant:")
    return "\n".join(parts)


def render_messages(turns: Sequence[Turn]) -> str:
    """The messages a remote server receives, as role-labelled blocks: what "show prompt"
    shows for a server that applies its own template, and what its tokens are estimated
    from (the label lines stand for the few tokens each message costs around its text)."""
    blocks = [f"[{turn.role}]\n{turn.content}" for turn in turns]
    return "\n\n".join([*blocks, "[assistant]\n"])


# For engines that take messages: the budget and "show prompt" work as for a template.
MESSAGES_TEMPLATE = ChatTemplate("messages", "the server's own (sent as messages)")


def render_jinja(
    source: str,
    turns: Sequence[Turn],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
    options: Mapping[str, bool | str] | None = None,
    tools: Sequence[Mapping[str, Any]] | None = None,
    documents: Sequence[Mapping[str, str]] | None = None,
) -> str:
    """Render a chat template in the sandbox of the template renderer process. A template
    that does not accept a system turn gets the system text folded into the first user turn
    instead (unless it was stopped at a limit: trying again would only take as long).
    Earlier tool calls carry their arguments as the object where the template writes them
    with ``| tojson`` (Qwen's, Llama 3.1's), else as JSON text, as transformers users pass
    them to each."""
    as_object = _TOJSON_ARGUMENTS.search(source) is not None
    messages = [t.as_dict(object_arguments=as_object) for t in turns]
    extra: dict[str, Any] = dict(options or {})
    extra["tools"] = [dict(t) for t in tools] if tools else None
    extra["documents"] = [dict(d) for d in documents] if documents else None
    try:
        return _render(source, messages, bos_token, eos_token, add_generation_prompt, extra)
    except TemplateLimitError:
        raise
    except TemplateError:
        if not any(m["role"] == "system" for m in messages):
            raise
        folded = _fold_system(messages)
        return _render(source, folded, bos_token, eos_token, add_generation_prompt, extra)


# a template that writes a call's arguments with tojson wants them as an object
_TOJSON_ARGUMENTS = re.compile(r"arguments['\"]?\]?\s*\|\s*tojson")


def _render(
    source: str,
    messages: list[dict[str, Any]],
    bos_token: str,
    eos_token: str,
    add_generation_prompt: bool,
    options: dict[str, Any],
) -> str:
    options = dict(options)
    tools = options.pop("tools", None)
    documents = options.pop("documents", None)
    context = {
        **options,  # the template options first: they never replace the messages or tokens
        "messages": [_with_thinking(m) for m in messages],
        "bos_token": bos_token,
        "eos_token": eos_token,
        "add_generation_prompt": add_generation_prompt,
        # as transformers passes them: defined, None when the chat has none
        "tools": tools,
        "documents": documents,
    }
    try:
        kind, detail, more = renderer().render(source, context)
    except RendererStopped as stopped:
        raise TemplateLimitError(_stopped_sentence(stopped)) from None
    if kind == "text":
        return detail
    raise _template_error(kind, detail, more)


def _with_thinking(message: dict[str, Any]) -> dict[str, Any]:
    """An earlier thought under ``thinking`` too, as transformers aliases it (gpt-oss's
    template reads ``thinking``, most others ``reasoning_content``)."""
    if "reasoning_content" not in message:
        return message
    return {"thinking": message["reasoning_content"], **message}


def _stopped_sentence(stopped: RendererStopped) -> Sentence:
    if stopped.limit == "time":
        return Sentence(
            "The chat template took too long to render (over {seconds} s) and was stopped.",
            seconds=RENDER_SECONDS,
        )
    if stopped.limit == "memory":
        return Sentence("The chat template tried to use too much memory and was stopped.")
    return Sentence(
        "The chat template failed: {kind}: {reason}.",
        kind="the template renderer stopped",
        reason=f"exit code {stopped.exit_code}",
    )


def _template_error(kind: str, detail: str, more: str) -> TemplateError:
    """The sentence for the renderer's reply ``kind`` (see template_sandbox.render)."""
    if kind == "output":
        return TemplateLimitError(
            Sentence(
                "The chat template produced too much text (over {limit} characters) "
                "and was stopped.",
                limit=MAX_OUTPUT,
            )
        )
    if kind == "memory":
        return TemplateLimitError(
            Sentence("The chat template tried to use too much memory and was stopped.")
        )
    if kind == "refused":
        return TemplateError(
            Sentence("The chat template refused this conversation: {reason}", reason=detail)
        )
    if kind == "unsafe":
        return TemplateError(
            Sentence(
                "The chat template tried something unsafe and was stopped ({why}).", why=detail
            )
        )
    if kind == "broken":
        return TemplateError(Sentence("The chat template is broken: {reason}.", reason=detail))
    if kind == "recursion":
        return TemplateError(Sentence("The chat template failed: it recurses without end."))
    return TemplateError(
        Sentence("The chat template failed: {kind}: {reason}.", kind=detail, reason=more)
    )


def _fold_system(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    for m in rest:
        if m["role"] == "user":
            m["content"] = f"{system}\n\n{m['content']}"
            break
    return rest
