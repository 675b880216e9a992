"""How each tool-call format reads: one small program per format over ``Reader``'s
primitives (``deskchat.chat.tool_stream``), the markers as llama.cpp's ``common/chat.cpp``
knows them. Each program runs over the whole answer: text until a call's opening marker, the
call (or calls), text again, to the end.
"""

from __future__ import annotations

import json

from deskchat.chat.tool_stream import CallKeys, MalformedError, NotACall, Reader, Unfinished, Wait

TOOL_CALL = "<tool_call>"
PYTHON_TAG = "<|python_tag|>"
MISTRAL_CALLS = "[TOOL_CALLS]"
MISTRAL_ARGS = "[ARGS]"
MISTRAL_CALL_ID = "[CALL_ID]"
GRANITE_CALL = "<|tool_call|>"
ACTION = "Action:"
START_ACTION = "<|START_ACTION|>"
END_ACTION = "<|END_ACTION|>"
R7B_MARKUP = ("<|START_RESPONSE|>", "<|END_RESPONSE|>")
DEEPSEEK_CALLS = "<｜tool▁calls▁begin｜>"
# what R1's distills write for it now and then (llama.cpp accepts the same)
DEEPSEEK_CALLS_ALSO = ("<｜tool_calls_begin｜>", "<｜tool calls begin｜>", "<｜tool▁calls｜>")
DEEPSEEK_CALL = "<｜tool▁call▁begin｜>"
DEEPSEEK_SEP = "<｜tool▁sep｜>"
DEEPSEEK_CALL_END = "<｜tool▁call▁end｜>"
DEEPSEEK_CALLS_END = "<｜tool▁calls▁end｜>"
HARMONY_TO = " to=functions."
# a call in gpt-oss's harmony: the recipient in the channel, or in the role
HARMONY_OPENERS = (
    "<|channel|>commentary" + HARMONY_TO,
    "<|channel|>analysis" + HARMONY_TO,
    "<|start|>assistant" + HARMONY_TO,
)
HARMONY_MESSAGE = "<|message|>"
HARMONY_CALL = "<|call|>"
FUNCTIONARY_TO = ">>>"

NAME_LIMIT = 64  # a tool name's longest (OpenAI's rule)
LLAMA_KEYS = CallKeys(args=("parameters", "arguments"), first=("name", "type"))
COMMAND_R_KEYS = CallKeys(name=("tool_name",), args=("parameters",), id=("tool_call_id",))


def hermes(r: Reader) -> Wait[None]:
    """``<tool_call>{"name": …, "arguments": {…}}</tool_call>``, as often as the model
    likes (Hermes 2/3, Qwen 2.5 / 3, and the many templates that copied them)."""
    while (opener := (yield from r.text_until((TOOL_CALL,)))) is not None:
        if (yield from r.attempt(opener, lambda: _hermes_call(r))):
            yield from r.skip_space()


def _hermes_call(r: Reader) -> Wait[None]:
    yield from r.call_object()
    yield from r.optional("</tool_call>")


def llama3(r: Reader) -> Wait[None]:
    """Llama 3.1 / 3.2 / 3.3: the answer itself is the call, ``{"name": …, "parameters":
    {…}}`` (several, apart by ``;`` or a new line), or a call follows ``<|python_tag|>``:
    the same JSON, or a built-in tool's ``brave_search.call(query="…")``."""
    yield from r.skip_space()
    if (yield from r.peek()) == "{":
        yield from r.attempt("", lambda: _llama_calls(r))
    while (opener := (yield from r.text_until((PYTHON_TAG,)))) is not None:
        yield from r.attempt(opener, lambda: _python_tag_call(r))


def _llama_calls(r: Reader) -> Wait[None]:
    while True:
        yield from r.call_object(LLAMA_KEYS)
        yield from r.optional(";")
        yield from r.skip_space()
        if (yield from r.peek()) != "{":
            return


def _python_tag_call(r: Reader) -> Wait[None]:
    yield from r.skip_space()
    if (yield from r.peek()) == "{":
        yield from _llama_calls(r)
        return
    name, _ = yield from r.until((".call(",), NAME_LIMIT)
    r.start_call(name.strip())
    arguments: dict[str, object] = {}
    yield from r.skip_space()
    while not (yield from r.optional(")")):
        key, _ = yield from r.until(("=",), NAME_LIMIT)
        if not key.strip().isidentifier():
            raise MalformedError(f"{key.strip()[:64]!r} is not an argument's name")
        arguments[key.strip()] = json.loads((yield from r.json_value()))
        if not (yield from r.optional(",")):
            yield from r.expect(")")
            break
    text = json.dumps(arguments, ensure_ascii=False)
    r.args_delta(text)
    r.end_call(text)


def mistral(r: Reader) -> Wait[None]:
    """Mistral: ``[TOOL_CALLS][{"name": …, "arguments": {…}, "id": …}, …]`` (Nemo, Small
    3.0/3.1), or ``[TOOL_CALLS]name[ARGS]{…}`` per call (Magistral, Devstral, Ministral 3),
    with ``[CALL_ID]id`` before ``[ARGS]`` in Mistral Small 3.2. Both read either way."""
    while (opener := (yield from r.text_until((MISTRAL_CALLS,)))) is not None:
        if (yield from r.attempt(opener, lambda: _mistral_calls(r))):
            yield from r.skip_space()


def _mistral_calls(r: Reader) -> Wait[None]:
    yield from r.skip_space()
    if (yield from r.peek()) == "[":
        yield from r.call_array()
        return
    name, marker = yield from r.until((MISTRAL_ARGS, MISTRAL_CALL_ID), NAME_LIMIT)
    call_id = None
    if marker == MISTRAL_CALL_ID:
        call_id, _ = yield from r.until((MISTRAL_ARGS,), NAME_LIMIT)
    yield from r.named_call(name.strip(), (call_id or "").strip() or None)


def granite(r: Reader) -> Wait[None]:
    """IBM Granite 3.x: ``<|tool_call|>[{"name": …, "arguments": {…}}, …]``."""
    while (opener := (yield from r.text_until((GRANITE_CALL,)))) is not None:
        if (yield from r.attempt(opener, r.call_array)):
            yield from r.skip_space()


def command_r(r: Reader) -> Wait[None]:
    """Command R / R+: ``Action: ```json [{"tool_name": …, "parameters": {…}}] ``` ``."""
    while (opener := (yield from r.text_until((ACTION,)))) is not None:
        if (yield from r.attempt(opener, lambda: _action(r))):
            yield from r.skip_space()


def _action(r: Reader) -> Wait[None]:
    yield from r.skip_space()
    fenced = (yield from r.lookahead(("```json", "```"))) is not None
    if fenced:
        if not (yield from r.optional("```json")):
            yield from r.optional("```")
    elif (yield from r.peek()) != "[":
        raise NotACall  # "Action:" in a sentence
    yield from r.call_array(COMMAND_R_KEYS)
    if fenced:
        yield from r.optional("```")


def command_r7b(r: Reader) -> Wait[None]:
    """Command R7B: ``<|START_ACTION|>[{"tool_call_id": …, "tool_name": …, "parameters":
    {…}}]<|END_ACTION|>``; its ``<|START_RESPONSE|>`` markup around answers is dropped."""
    while (marker := (yield from r.text_until((START_ACTION, *R7B_MARKUP)))) is not None:
        if marker == START_ACTION and (yield from r.attempt(marker, lambda: _r7b_action(r))):
            yield from r.skip_space()


def _r7b_action(r: Reader) -> Wait[None]:
    yield from r.call_array(COMMAND_R_KEYS)
    yield from r.optional(END_ACTION)


def deepseek(r: Reader) -> Wait[None]:
    """DeepSeek R1 / V3: ``<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>
    NAME\\n```json\\n{…}\\n```<｜tool▁call▁end｜>…<｜tool▁calls▁end｜>``; V3.1 writes
    ``NAME<｜tool▁sep｜>{…}`` in the call instead."""
    openers = (DEEPSEEK_CALLS, *DEEPSEEK_CALLS_ALSO)
    while (opener := (yield from r.text_until(openers))) is not None:
        if (yield from r.attempt(opener, lambda: _deepseek_calls(r))):
            yield from r.skip_space()


def _deepseek_calls(r: Reader) -> Wait[None]:
    first = True
    while True:
        yield from r.skip_space()
        if (yield from r.optional(DEEPSEEK_CALLS_END)):
            return
        began = yield from r.optional(DEEPSEEK_CALL)
        if not began and not first:
            return  # text after the calls, without their closing marker
        first = False
        head, _ = yield from r.until((DEEPSEEK_SEP,), NAME_LIMIT)
        if head.strip() == "function":  # R1 / V3: the name on the line after the separator
            name, _ = yield from r.until(("\n",), NAME_LIMIT)
            yield from r.optional("```json")
            yield from r.named_call(name.strip())
            yield from r.optional("```")
        else:
            yield from r.named_call(head.strip())
        yield from r.optional(DEEPSEEK_CALL_END)


def harmony(r: Reader) -> Wait[None]:
    """gpt-oss: ``<|channel|>commentary to=functions.NAME <|constrain|>json<|message|>{…}
    <|call|>`` (or ``<|start|>assistant to=functions.NAME<|channel|>commentary json
    <|message|>``). Everything else passes through with its markup, for the reasoning parser
    (``ToolFormat.before_reasoning``)."""
    # the prompt ends with "<|start|>assistant", so the answer may open with the recipient
    opener = yield from r.lookahead((HARMONY_TO, HARMONY_TO.lstrip()))
    if opener is not None:
        r.take(len(opener))
        yield from r.attempt(opener, lambda: _harmony_call(r))
    while (opener := (yield from r.text_until(HARMONY_OPENERS))) is not None:
        yield from r.attempt(opener, lambda: _harmony_call(r))


def _harmony_call(r: Reader) -> Wait[None]:
    name, _ = yield from r.until((" ", "<|"), NAME_LIMIT)
    yield from r.until((HARMONY_MESSAGE,), NAME_LIMIT)  # the channel and "<|constrain|>json"
    yield from r.named_call(name)
    yield from r.optional(HARMONY_CALL)


def functionary(r: Reader) -> Wait[None]:
    """Functionary v3.2: the answer opens with its recipient, ``all\\n`` text or a tool's
    ``NAME\\n{…}``, and every ``>>>`` names the next one; ``python`` takes raw code."""
    opener: str | None = ""
    while opener is not None:
        yield from r.attempt(opener, lambda: _functionary_turn(r))
        opener = yield from r.text_until((FUNCTIONARY_TO,))


def _functionary_turn(r: Reader) -> Wait[None]:
    try:
        name, _ = yield from r.until(("\n",), NAME_LIMIT)
    except Unfinished:
        raise NotACall from None  # a short answer without a recipient line
    if name == "all":
        r.drop_raw()  # "all\n" is markup: text follows
        return
    if not name or not name.replace("-", "_").isidentifier():
        raise NotACall
    if (yield from r.peek()) == "{" or name != "python":
        yield from r.named_call(name)
        return
    r.start_call(name)  # raw code, streamed as the JSON of {"code": …}
    r.args_delta('{"code": "')
    code = yield from r.stream_until(FUNCTIONARY_TO, lambda piece: r.args_delta(_escaped(piece)))
    r.args_delta('"}')
    r.end_call(json.dumps({"code": code}, ensure_ascii=False))


def _escaped(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]
