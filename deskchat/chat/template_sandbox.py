"""What runs inside the template renderer process: the sandbox and its serve loop.

A chat template is Jinja from a stranger. The immutable sandbox keeps it away from Python
internals; the guards here make the common ways to exhaust the machine (padding to a huge
width, doubling a string, squaring a number, nested loops) fail at once with a reason. They
are a fast path, not the guarantee: the guarantee is the process boundary (a deadline, a
memory limit and an output cap, see ``template_renderer``), which no construct can get around.

Only the stdlib and jinja2 are imported here: this module is the target of a spawned process
(in a PyInstaller bundle too), and a small import keeps its start quick.
"""

from __future__ import annotations

import inspect
import json
import operator
import re
import signal
import string
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache, wraps
from multiprocessing.connection import Connection
from typing import Any, NoReturn

from jinja2 import Template, nodes
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension, loopcontrols
from jinja2.parser import Parser
from jinja2.runtime import Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

MAX_OUTPUT = 4 * 1024 * 1024  # characters of prompt: far beyond any context window
MAX_STRING = MAX_OUTPUT  # longest string a template may build by joining, padding, replacing
MAX_REPEAT = 100_000  # longest string/list a template may build by multiplication
MAX_ITEMS = 100_000  # longest list a template may build by adding, batching, slicing
MAX_EXPONENT = 64
MAX_INT_BITS = 4096
MAX_LOOP_ITEMS = 1_000_000  # all range() items of one render together
MAX_INDENT = 100  # tojson's indent

# A reply: (kind, detail, more). kind: "text" (detail is the prompt), "refused" (the template
# called raise_exception), "unsafe", "broken", "recursion", "memory", "output", "failed".
Reply = tuple[str, str, str]


class Refusal(Exception):  # noqa: N818 -- the template's own refusal, not a failure
    """raise_exception() in a template."""


def _raise_exception(message: str) -> NoReturn:
    raise Refusal(str(message))


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def _tojson(
    value: Any,
    ensure_ascii: bool = False,
    indent: int | str | None = None,
    separators: tuple[str, str] | None = None,
    sort_keys: bool = False,
) -> str:
    """transformers' tojson: plain JSON, no HTML escaping (Jinja's own writes ``<`` as
    ``\\u003c``), non-ASCII kept unless asked, and json.dumps's layout arguments."""
    return json.dumps(
        value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


class GenerationTag(Extension):
    """``{% generation %}``…``{% endgeneration %}``: transformers marks the assistant's
    text with it (its AssistantTracker) for training masks; rendering shows the body."""

    tags = {"generation"}  # noqa: RUF012 -- jinja's Extension declares it a class set

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        call = self.call_method("_body")
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _body(self, caller: Macro) -> str:
        return str(caller())


def _too_big(what: str = "string") -> NoReturn:
    raise SecurityError(f"the template tried to build a huge {what}")


def _check_size(size: int, limit: int = MAX_STRING, what: str = "string") -> None:
    if size > limit:
        _too_big(what)


class _Budget:
    """What one render has used of the loop budget (reset by ``render``)."""

    loop_items = 0


_BUDGET = _Budget()


def _range(*args: int) -> range:
    rng = safe_range(*args)
    _BUDGET.loop_items += len(rng)
    if _BUDGET.loop_items > MAX_LOOP_ITEMS:
        raise SecurityError("the template loops too many times")
    return rng


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    from jinja2.utils import generate_lorem_ipsum

    _check_size(int(n) * int(max), MAX_REPEAT, "text")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


# -- the size a call would produce, checked before it runs ------------------------------------

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _arg_sizes(args: Iterable[Any]) -> tuple[int, int]:
    """The longest text among ``args`` and the largest int (for ``*`` widths)."""
    longest, largest = 0, 0
    for arg in args:
        if isinstance(arg, str):
            longest = max(longest, len(arg))
        elif isinstance(arg, int) and not isinstance(arg, bool):
            largest = max(largest, abs(arg))
            longest = max(longest, 24)
        else:
            longest = max(longest, 64)
    return longest, largest


def _check_percent(fmt: str, values: Any) -> None:
    args = list(values.values()) if isinstance(values, dict) else values
    args = list(args) if isinstance(args, tuple | list) else [args]
    longest, largest = _arg_sizes(args)
    size = len(fmt)
    for width, precision in _PERCENT_SPEC.findall(fmt):
        for number in (width, precision):
            size += largest if number == "*" else int(number or 0)
        size += longest
    _check_size(size)


def _check_str_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    longest, largest = _arg_sizes([*args, *kwargs.values()])
    size = len(fmt)
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format raises the same error itself
    for _literal, name, spec, _conversion in fields:
        if name is None:
            continue
        size += longest + sum(int(n) for n in re.findall(r"\d+", spec or ""))
        if spec and "{" in spec:
            size += largest
    _check_size(size)


def _check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    values = [*args, *kwargs.values()]
    if name in ("center", "ljust", "rjust", "zfill") and values and isinstance(values[0], int):
        _check_size(values[0])
    elif name == "expandtabs":
        tab = values[0] if values and isinstance(values[0], int) else 8
        _check_size(len(text) + text.count("\t") * max(tab, 0))
    elif name == "replace" and len(values) >= 2 and isinstance(values[0], str):
        count = values[2] if len(values) > 2 and isinstance(values[2], int) else -1
        _check_replace(text, values[0], str(values[1]), count)
    elif name in ("format", "format_map"):
        mapping = values[0] if name == "format_map" and values else {}
        _check_str_format(text, args if name == "format" else (), dict(mapping) or kwargs)


def _check_replace(text: str, old: str, new: str, count: int | None) -> None:
    hits = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        hits = min(hits, count)
    _check_size(len(text) + hits * max(len(new) - len(old), 0))


def _check_join(separator: str, items: list[Any]) -> None:
    size = len(separator) * max(len(items) - 1, 0)
    size += sum(len(item) if isinstance(item, str) else 24 for item in items)
    _check_size(size)


def _check_filter(name: str, a: dict[str, Any]) -> None:
    """Refuse a filter call whose result would be huge, from its bound arguments."""
    if name == "center":
        _check_size(int(a.get("width", 80)))
    elif name == "indent":
        width = a.get("width", 4)
        text = str(a["s"])
        per_line = len(width) if isinstance(width, str) else int(width)
        _check_size(len(text) + (text.count("\n") + 1) * per_line)
    elif name == "wordwrap":
        text, width = str(a["s"]), max(int(a.get("width", 79)), 1)
        wrap = a.get("wrapstring") or "\n"
        _check_size(len(text) + (len(text) // width + 1) * len(str(wrap)))
    elif name == "truncate":
        _check_size(len(str(a.get("end", "..."))))
    elif name == "replace":
        _check_replace(str(a["s"]), str(a["old"]), str(a["new"]), a.get("count"))
    elif name == "format":
        _check_percent(str(a["value"]), a.get("kwargs") or a.get("args", ()))
    elif name == "batch":
        _check_size(int(a["linecount"]), MAX_ITEMS, "list")
    elif name == "slice":
        _check_size(int(a["slices"]), MAX_ITEMS, "list")
    elif name == "tojson":
        indent = a.get("indent")
        _check_size(len(indent) if isinstance(indent, str) else int(indent or 0), MAX_INDENT)


def _signature(original: Callable[..., Any]) -> tuple[inspect.Signature, int]:
    """The filter's signature, and how many leading arguments it does not name: jinja's
    async variants take the environment although the function they wrap does not."""
    signature = inspect.signature(original)
    first = next(iter(signature.parameters), "")
    marked = getattr(original, "jinja_pass_arg", None) is not None
    return signature, int(marked and first not in ("environment", "eval_ctx", "context"))


def _guard_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    signature, skip = _signature(original)

    @wraps(original)  # keeps jinja's pass_context/pass_environment marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args[skip:], **kwargs)
        _check_filter(name, bound.arguments)
        return original(*args, **kwargs)

    return guarded


def _guard_materialized(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """join and sum: their items are listed first, so the size is known before the result."""
    signature, skip = _signature(original)
    first = "value" if name == "join" else "iterable"

    @wraps(original)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args[skip:], **kwargs)
        items = list(bound.arguments[first])
        bound.arguments[first] = items
        if name == "join":
            _check_join(str(bound.arguments.get("d", "")), items)
        elif any(isinstance(item, str | list | tuple) for item in items):
            start = bound.arguments.get("start", 0)
            sized = [*items, start]
            size = sum(len(x) for x in sized if isinstance(x, str | list | tuple))
            _check_size(size, MAX_ITEMS, "list")
        return original(*args[:skip], *bound.args, **bound.kwargs)

    return guarded


_SIZED_FILTERS = ("center", "indent", "wordwrap", "truncate", "replace", "format", "batch")


class _GuardedCodeGenerator(CodeGenerator):
    """``a ~ b`` goes through the environment, where its size is checked."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.checked_concat({func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class StrictSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, where touching an unsafe attribute is an error rather than a
    silent empty value: a template that tries to escape fails loudly. Multiplying, adding,
    joining, padding and formatting are checked before they run, so a template cannot make
    the renderer allocate gigabytes by the ordinary route."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self) -> None:
        super().__init__(
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
            extensions=[loopcontrols, GenerationTag],  # as transformers' environment has
        )
        self.filters["tojson"] = _tojson
        self.globals.update(
            range=_range,
            lipsum=_lipsum,
            raise_exception=_raise_exception,
            strftime_now=_strftime_now,
        )
        for name in (*_SIZED_FILTERS, "slice", "tojson"):
            self.filters[name] = _guard_filter(name, self.filters[name])
        for name in ("join", "sum"):
            self.filters[name] = _guard_materialized(name, self.filters[name])

    def checked_concat(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        _check_size(sum(len(p) for p in parts if isinstance(p, str)))
        text = join(parts)
        _check_size(len(text))
        return text

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"the exponent {right} is too large")
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                _check_size(abs(left).bit_length() * right, MAX_INT_BITS, "number")
            return left**right
        if operator_ == "+":
            if isinstance(left, str) and isinstance(right, str):
                _check_size(len(left) + len(right))
            elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
                _check_size(len(left) + len(right), MAX_ITEMS, "list")
            return operator.add(left, right)
        if operator_ == "%":
            if isinstance(left, str):
                _check_percent(left, right)
            return operator.mod(left, right)
        for seq, count in ((left, right), (right, left)):
            sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
            if sized and len(seq) * count > MAX_REPEAT:
                _too_big()
        if isinstance(left, int) and isinstance(right, int):
            _check_size(left.bit_length() + right.bit_length(), MAX_INT_BITS, "number")
        return left * right

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):
            name = getattr(target, "__name__", "")
            if name == "join" and args:
                items = list(args[0])
                _check_join(owner, items)
                args = (items, *args[1:])
            else:
                _check_str_method(owner, name, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        raise SecurityError(
            f"access to attribute {attribute!r} of a {type(obj).__name__!r} is not allowed"
        )


ENV = StrictSandbox()


@lru_cache(maxsize=32)
def _compile(source: str) -> Template:
    return ENV.from_string(source)  # prompt building renders one template many times


def render(source: str, context: dict[str, Any], max_output: int = MAX_OUTPUT) -> Reply:
    """Render ``source`` with ``context``; every outcome is a reply, never an exception."""
    _BUDGET.loop_items = 0
    try:
        chunks: list[str] = []
        size = 0
        for chunk in _compile(source).generate(**context):
            size += len(chunk)
            if size > max_output:
                return ("output", "", "")
            chunks.append(chunk)
        return ("text", "".join(chunks), "")
    except MemoryError:
        return ("memory", "", "")
    except Refusal as exc:
        return ("refused", str(exc), "")
    except SecurityError as exc:
        return ("unsafe", str(exc), "")
    except JinjaTemplateError as exc:
        return ("broken", str(exc), "")
    except RecursionError:
        return ("recursion", "", "")
    except Exception as exc:  # noqa: BLE001 -- untrusted code: any failure is the template's
        return ("failed", exc.__class__.__name__, str(exc))


MEMORY_HEADROOM = 512 * 1024 * 1024  # bytes the renderer may grow by over its start size


def limit_memory(headroom: int = MEMORY_HEADROOM) -> bool:
    """Cap this process's address space at its size now plus ``headroom``, so a template
    that allocates too much meets a MemoryError here. Linux only: elsewhere RLIMIT_AS is
    missing or not enforced, and the parent watches the process's RSS instead."""
    if not sys.platform.startswith("linux"):
        return False
    import os
    import resource
    from pathlib import Path

    pages = int(Path("/proc/self/statm").read_text().split()[0])
    size = pages * os.sysconf("SC_PAGE_SIZE")
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    soft = size + headroom
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    return True


def serve(
    conn: Connection, headroom: int = MEMORY_HEADROOM, cap_address_space: bool = True
) -> None:
    """The renderer process: answer (source, context) requests until the pipe closes.
    ``cap_address_space=False`` leaves the memory to the parent's RSS watch alone (as on
    macOS and Windows; tests use it to check that watch on Linux).

    After running out of memory it answers and exits: the parent starts a fresh one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limited = cap_address_space and limit_memory(headroom)
    conn.send(("ready", str(limited), ""))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        source, context = request
        reply = render(source, context)
        del request, source, context
        try:
            conn.send(reply)
        except MemoryError:
            return  # the parent sees the pipe close and reports the memory
        if reply[0] == "memory":
            return
