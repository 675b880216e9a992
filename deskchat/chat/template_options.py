"""Template options a person can set — offered only when the model's chat template reads them.

Reasoning models' templates take switches beside the messages: ``enable_thinking`` (Qwen3,
GLM, Gemma 4 …), ``reasoning_effort`` (gpt-oss: low / medium / high), Granite's
``thinking``, and Llama 3.x's ``date_string`` (today's date in its system header). Which
ones a template reads is found by parsing it (never running it): Jinja's own analysis of
the variables a template uses but does not set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from jinja2 import Environment, TemplateSyntaxError, meta
from jinja2.ext import loopcontrols

from deskchat.chat.template_sandbox import GenerationTag
from deskchat.sentences import Sentence

OptionKind = Literal["switch", "choice", "date"]


@dataclass(frozen=True)
class TemplateOption:
    """One option: its variable, what kind of value it takes, and its default."""

    name: str
    kind: OptionKind
    default: bool | str
    choices: tuple[str, ...] = ()


OPTIONS: tuple[TemplateOption, ...] = (
    TemplateOption("enable_thinking", "switch", True),
    TemplateOption("thinking", "switch", False),
    TemplateOption("reasoning_effort", "choice", "medium", ("low", "medium", "high")),
    TemplateOption("date_string", "date", ""),
)
_BY_NAME = {o.name: o for o in OPTIONS}
THINKING_SWITCHES = ("enable_thinking", "thinking")  # what a "Think" switch sets

# only parses (never renders), so escaping does not arise
_PARSER = Environment(extensions=[loopcontrols, GenerationTag], autoescape=False)  # noqa: S701


def variables_read(source: str | None) -> frozenset[str]:
    """The variables ``source`` reads without setting them (empty when it cannot be parsed:
    a broken template offers nothing, and says why when it is rendered)."""
    if not source:
        return frozenset()
    try:
        return frozenset(meta.find_undeclared_variables(_PARSER.parse(source)))
    except (TemplateSyntaxError, RecursionError, MemoryError, ValueError):
        return frozenset()


def offered(source: str | None) -> tuple[TemplateOption, ...]:
    """The options this template reads, in the table's order."""
    used = variables_read(source)
    return tuple(o for o in OPTIONS if o.name in used)


def option_values(
    source: str | None, chosen: dict[str, bool | str], *, today: date | None = None
) -> dict[str, bool | str]:
    """What the template gets: the person's choices for the options it reads (defaults for
    the rest it reads), never a variable it does not read. ``date_string`` is today's date
    in Llama 3's "26 Jul 2024" form unless set."""
    values: dict[str, bool | str] = {}
    for option in offered(source):
        value = chosen.get(option.name, option.default)
        if option.kind == "switch":
            values[option.name] = bool(value)
        elif option.kind == "choice":
            text = str(value)
            values[option.name] = text if text in option.choices else str(option.default)
        elif value:
            values[option.name] = str(value)
        else:
            values[option.name] = (today or date.today()).strftime("%d %b %Y")
    return values


def option(name: str) -> TemplateOption:
    return _BY_NAME[name]


def option_problem(name: str, value: object) -> Sentence | None:
    """Why ``value`` cannot be given to the option ``name`` (None when it can): the one
    check behind the window, the terminal and the API's ``chat_template_kwargs``."""
    found = _BY_NAME.get(name)
    if found is None:
        return Sentence(
            "There is no template option {name}; the options are: {names}.",
            name=name,
            names=", ".join(_BY_NAME),
        )
    if found.kind == "switch" and not isinstance(value, bool):
        return Sentence("{name} must be true or false.", name=name)
    if found.kind == "choice" and value not in found.choices:
        return Sentence(
            "{name} must be one of {choices}, not {value}.",
            name=name,
            choices=", ".join(found.choices),
            value=repr(value),
        )
    if found.kind == "date" and not isinstance(value, str):
        return Sentence("{name} must be a date written as text, such as 26 Jul 2024.", name=name)
    return None
