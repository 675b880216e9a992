"""Hostile chat templates are stopped within seconds, with one sentence, whatever they do.

The corpus is built from building blocks (each way to pad, to double, to grow a number, to
loop, to recurse, to fill a list, to flood the output), so what it covers is a class of
constructs rather than a list of strings. Guards in the sandbox refuse most of them at once;
what gets past them meets the renderer process's deadline, memory cap and output cap. The app
process itself never holds the garbage: its RSS is checked around every render.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import psutil
import pytest

from deskchat.chat.template_renderer import RendererStopped, TemplateRenderer, renderer
from deskchat.chat.template_sandbox import MAX_OUTPUT
from deskchat.chat.templates import (
    BUILTIN_TEMPLATES,
    ChatTemplate,
    TemplateError,
    TemplateLimitError,
    render_jinja,
)
from deskchat.chat.turns import Turn
from tests.conftest import REPO

CHAT = [Turn("system", "Be brief."), Turn("user", "What is a token?")]
HUGE = 10**9

UNSAFE_STRING = "The chat template tried something unsafe and was stopped (the template tried to build a huge string)."  # noqa: E501
UNSAFE_LIST = "The chat template tried something unsafe and was stopped (the template tried to build a huge list)."  # noqa: E501
UNSAFE_NUMBER = "The chat template tried something unsafe and was stopped (the template tried to build a huge number)."  # noqa: E501
UNSAFE_TEXT = "The chat template tried something unsafe and was stopped (the template tried to build a huge text)."  # noqa: E501
UNSAFE_LOOPS = (
    "The chat template tried something unsafe and was stopped (the template loops too many times)."
)
TOO_LONG = "The chat template took too long to render (over 2 s) and was stopped."
TOO_MUCH_MEMORY = "The chat template tried to use too much memory and was stopped."
TOO_MUCH_TEXT = (
    f"The chat template produced too much text (over {MAX_OUTPUT:,} characters) and was stopped."
)
RECURSES = "The chat template failed: it recurses without end."


# -- the building blocks ------------------------------------------------------------------------

# Every filter or str method that makes its result longer than its input by a width or count.
PADDING = {
    "center filter": f"{{{{ 'a'|center({HUGE}) }}}}",
    "indent filter": f"{{{{ 'a\\nb'|indent({HUGE}, true) }}}}",
    "indent by a string": "{{ ('a\\n' * 1000)|indent('x' * 100000, true) }}",
    "wordwrap filter": "{{ ('ab ' * 10000)|wordwrap(1, wrapstring='x' * 10000) }}",
    "replace filter": "{{ ('a' * 100000)|replace('a', 'b' * 1000) }}",
    "format filter width": f"{{{{ '%{HUGE}s'|format('a') }}}}",
    "format filter precision": f"{{{{ '%.{HUGE}f'|format(1.0) }}}}",
    "join filter": "{{ (['x' * 100000] * 100)|join }}",
    "join filter separator": "{{ ('a' * 100000)|list|join('y' * 1000) }}",
    "tojson indent": f"{{{{ messages|tojson(indent={HUGE}) }}}}",
    "str.center": f"{{{{ 'a'.center({HUGE}) }}}}",
    "str.ljust": f"{{{{ 'a'.ljust({HUGE}) }}}}",
    "str.rjust": f"{{{{ 'a'.rjust({HUGE}, '-') }}}}",
    "str.zfill": f"{{{{ '1'.zfill({HUGE}) }}}}",
    "str.expandtabs": f"{{{{ 'a\\tb'.expandtabs({HUGE}) }}}}",
    "str.replace": "{{ ('a' * 100000).replace('a', 'b' * 1000) }}",
    "str.replace empty": "{{ ('a' * 100000).replace('', 'b' * 1000) }}",
    "str.join": "{{ '-'.join(['x' * 100000] * 100) }}",
    "str.format width": f"{{{{ '{{:>{HUGE}}}'.format(1) }}}}",
    "str.format nested width": f"{{{{ '{{:>{{w}}}}'.format(1, w={HUGE}) }}}}",
    "str.format repeated field": "{{ ('{0}' * 30000).format('x' * 1000) }}",
    "str.format_map": f"{{{{ '{{a:>{HUGE}}}'.format_map({{'a': 1}}) }}}}",
    "percent width": f"{{{{ '%{HUGE}s' % 'a' }}}}",
    "percent star width": f"{{{{ '%*s' % ({HUGE}, 'a') }}}}",
    "percent repeated key": "{{ ('%(a)s' * 20000) % {'a': 'x' * 1000} }}",
    "multiplication": f"{{{{ 'a' * {HUGE} }}}}",
}

# Ways to double a string in a loop: 40 doublings would be a terabyte.
DOUBLE_A_STRING = {
    "~": "ns.s ~ ns.s",
    "+": "ns.s + ns.s",
    "join filter": "[ns.s, ns.s]|join",
    "str.join": "''.join([ns.s, ns.s])",
    "percent": "'%s%s' % (ns.s, ns.s)",
    "str.format": "'{0}{0}'.format(ns.s)",
    "replace filter": "ns.s|replace('a', 'aa')",
    "str.replace": "ns.s.replace('a', 'aa')",
    "center filter": "ns.s|center(ns.s|length * 2)",
    "str.ljust": "ns.s.ljust(ns.s|length * 2, 'a')",
    "format filter": "'%s%s'|format(ns.s, ns.s)",
    "~ inside a string filter": "(ns.s ~ ns.s)|string",
}

DOUBLE_A_LIST = {
    "+": "ns.s + ns.s",
    "sum filter": "[ns.s, ns.s]|sum(start=[])",
    "sum filter with start": "[ns.s]|sum(start=ns.s)",
}

# Ways to grow an integer: squaring 40 times makes a number of 2**40 bits.
GROW_A_NUMBER = {
    "squaring": "ns.x * ns.x",
    "cubing": "ns.x * ns.x * ns.x",
    "a power": "ns.x ** 2",
    "the largest allowed power": "ns.x ** 64",
}

NESTED_RANGES = {
    "two deep": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "three deep": "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "range in a loop filter": "{% for a in range(100000) %}{{ range(100000)|length }}{% endfor %}",
}

# Constructs no guard can count in advance: the deadline stops them.
TOO_SLOW = {
    "nested loops over a string": "{% set s = 'x' * 100000 %}"
    "{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    "nested loops over lists": "{% set l = range(1000)|list %}"
    "{% for a in l %}{% for b in l %}{% for c in l %}{% endfor %}{% endfor %}{% endfor %}",
    "a macro that calls itself twice": "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}"
    "{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    "a list that holds itself twice, printed": "{% set ns = namespace(l='x') %}"
    "{% for i in range(100) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}",
    "a recursive loop that branches": "{% for x in [1, 2] recursive %}"
    "{% if loop.depth < 60 %}{{ loop([1, 2]) }}{% endif %}{% endfor %}",
    "sorting in a loop": "{% set l = range(100000)|list %}"
    "{% for i in range(100000) %}{% set s = l|sort(reverse=true) %}{% endfor %}",
}

# Memory no guard sees: many different strings, each of an allowed size.
MEMORY_BOMBS = {
    "distinct strings in a list": "{% set ns = namespace(l=[]) %}{% for i in range(6000) %}"
    "{% set ns.l = ns.l + [('x' * 100000) ~ i] %}{% endfor %}{{ ns.l|length }}",
    "distinct padded strings": "{{ range(6000)|map('string')|map('center', 100000)|list|length }}",
    "distinct indented strings": "{{ range(6000)|map('string')|map('indent', 'x' * 100000, true)"
    "|list|length }}",
}

# Doubling by routes that capture or re-print output instead of joining strings: each step is
# legal and nothing counts it, so the memory cap or the deadline (whichever comes first on the
# machine) stops it.
DOUBLE_UNSEEN = {
    "a block set": "{% set t %}{{ ns.s }}{{ ns.s }}{% endset %}{% set ns.s = t %}",
    "a macro's output": "{% set ns.s = d(ns.s) %}",
    "a dict printed": "{% set ns.s = {'a': ns.s, 'b': ns.s}|string %}",
    "tojson of a pair": "{% set ns.s = [ns.s, ns.s]|tojson %}",
}
DOUBLE_UNSEEN_LOOP = (
    "{% macro d(s) %}{{ s }}{{ s }}{% endmacro %}{% set ns = namespace(s='a') %}"
    "{% for i in range(40) %}STEP{% endfor %}{{ ns.s|length }}"
)

OUTPUT_BOMBS = {
    "a loop printing": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    "a loop printing messages": "{% for i in range(100000) %}{{ messages }}{% endfor %}",
    "two large prints": "{{ 'x'|center(3000000) }}{{ 'y'|center(3000000) }}",
    "a loop printing padding": "{% for i in range(1000) %}{{ 'x'|center(100000) }}{% endfor %}",
}

RECURSION = {
    "a macro calling itself": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "a recursive loop": "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "a caller calling itself": "{% macro f() %}{{ caller() }}{% endmacro %}"
    "{% macro g() %}{% call f() %}{{ g() }}{% endcall %}{% endmacro %}{{ g() }}",
}


def _loop(init: str, body: str, times: int = 40) -> str:
    field = init.split("=", maxsplit=1)[0]
    return (
        f"{{% set ns = namespace({init}) %}}{{% for i in range({times}) %}}"
        f"{{% set ns.{field} = {body} %}}{{% endfor %}}{{{{ ns|string|length }}}}"
    )


def _corpus() -> Iterator[tuple[str, str, str | tuple[str, ...]]]:
    for name, source in PADDING.items():
        yield f"pads: {name}", source, UNSAFE_STRING
    for name, body in DOUBLE_A_STRING.items():
        yield f"doubles a string: {name}", _loop("s='a'", body), UNSAFE_STRING
    for name, body in DOUBLE_A_LIST.items():
        yield f"doubles a list: {name}", _loop("s=[1]", body), UNSAFE_LIST
    for name, body in GROW_A_NUMBER.items():
        yield f"grows a number: {name}", _loop("x=3", body), UNSAFE_NUMBER
    for name, source in NESTED_RANGES.items():
        yield f"nested ranges: {name}", source, UNSAFE_LOOPS
    yield "builds a list: batch", f"{{{{ [1]|batch({HUGE}, 0)|list }}}}", UNSAFE_LIST
    yield "builds a list: slice", f"{{{{ []|slice({HUGE})|list }}}}", UNSAFE_LIST
    yield "builds a list: multiplication", f"{{{{ [1] * {HUGE} }}}}", UNSAFE_STRING
    yield "lorem ipsum", "{{ lipsum(1000000) }}", UNSAFE_TEXT
    for name, source in TOO_SLOW.items():
        yield f"too slow: {name}", source, TOO_LONG
    for name, source in MEMORY_BOMBS.items():
        yield f"memory: {name}", source, TOO_MUCH_MEMORY
    for name, step in DOUBLE_UNSEEN.items():
        source = DOUBLE_UNSEEN_LOOP.replace("STEP", step)
        yield f"doubles unseen: {name}", source, (TOO_MUCH_MEMORY, TOO_LONG)
    for name, source in OUTPUT_BOMBS.items():
        yield f"output: {name}", source, TOO_MUCH_TEXT
    for name, source in RECURSION.items():
        yield f"recursion: {name}", source, RECURSES


CORPUS = list(_corpus())


@pytest.fixture(scope="module", autouse=True)
def _renderer_stops_with_the_tests() -> Iterator[None]:
    yield
    pid = renderer().pid
    renderer().close()
    assert pid is None or not psutil.pid_exists(pid) or _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _warm() -> None:
    """Start the renderer outside the timed part (a previous case may have killed it)."""
    assert render_jinja("{{ 'ok' }}", CHAT) == "ok"


@pytest.mark.parametrize(
    ("source", "sentence"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_a_hostile_template_is_refused_with_its_sentence_within_seconds(
    source: str, sentence: str | tuple[str, ...]
) -> None:
    _warm()
    app = psutil.Process()
    rss_before = app.memory_info().rss
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        render_jinja(source, CHAT)
    took = time.monotonic() - started
    assert str(caught.value) in ((sentence,) if isinstance(sentence, str) else sentence)
    assert caught.value.sentence is not None
    assert took < 3.0, f"refused after {took:.1f} s"
    assert app.memory_info().rss - rss_before < 200 * 1024 * 1024, "the app itself grew"
    _warm()  # and the next template renders


def test_the_corpus_covers_every_way_to_be_stopped() -> None:
    sentences = {c[2] for c in CORPUS if isinstance(c[2], str)}
    assert {TOO_LONG, TOO_MUCH_MEMORY, TOO_MUCH_TEXT, UNSAFE_STRING, UNSAFE_LOOPS} <= sentences
    assert len(CORPUS) >= 60


def test_a_limit_is_not_tried_again_with_the_system_text_folded_in() -> None:
    _warm()
    started = time.monotonic()
    with pytest.raises(TemplateLimitError):
        render_jinja(TOO_SLOW["nested loops over a string"], CHAT)
    assert time.monotonic() - started < 3.0


def test_long_conversations_are_not_mistaken_for_attacks() -> None:
    """The guards bite at millions of characters; a long chat with documents is far below."""
    document = "A paragraph of a long document that was retrieved into the prompt.\n" * 15_000
    turns = [Turn("user", "Summarize this part. " * 500), Turn("assistant", "Done. " * 500)]
    chat = [Turn("system", document), *turns * 50, Turn("user", "Thanks.")]
    for name in ("chatml", "gemma", "mistral", "llama3", "phi3"):
        text = ChatTemplate("builtin", name, BUILTIN_TEMPLATES[name]).render(chat)
        assert document.strip() in text, name
        assert text.count("Summarize this part.") == 50 * 500, name
    padded = "{{ messages[0].content|indent(8)|center(2000000)|replace('.', '!')|length }}"
    assert int(render_jinja(padded, chat)) > 1_000_000


def test_real_formatting_still_works() -> None:
    source = (
        "{{ '%-6s|%5.2f' % ('tok', 3.14159) }} {{ '{:>8}|{:^5}'.format('a', 'b') }} "
        "{{ 'x'.center(9, '*') }} {{ ', '.join(['a', 'b']) }} {{ [1, 2]|sum }} "
        "{{ 3 ** 4 * 2 }} {{ 'ab' ~ 'cd' }} {{ [[1], [2]]|sum(start=[]) }} {{ '7'.zfill(3) }}"
    )
    assert render_jinja(source, CHAT) == (
        "tok   | 3.14        a|  b   ****x**** a, b 3 162 abcd [1, 2] 007"
    )


def test_after_a_stop_the_next_render_works_in_a_fresh_renderer() -> None:
    _warm()
    before = renderer().pid
    with pytest.raises(TemplateLimitError):
        render_jinja(TOO_SLOW["nested loops over lists"], CHAT)
    assert render_jinja("{{ messages|length }}", CHAT) == "2"
    assert renderer().pid != before


def test_renders_from_several_threads_each_get_their_own_answer() -> None:
    results: dict[int, str] = {}

    def render(n: int) -> None:
        results[n] = render_jinja("{{ messages[-1].content }}", [*CHAT, Turn("user", str(n))])

    threads = [threading.Thread(target=render, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {n: str(n) for n in range(8)}


def test_where_the_address_space_is_not_capped_the_rss_is_watched() -> None:
    """As on macOS and Windows, where RLIMIT_AS is missing or not enforced."""
    watched = TemplateRenderer(headroom=256 * 1024 * 1024, cap_address_space=False)
    try:
        with pytest.raises(RendererStopped) as caught:
            watched.render(MEMORY_BOMBS["distinct strings in a list"], {"messages": []})
        assert caught.value.limit == "memory"
        assert watched.render("{{ 1 + 1 }}", {})[:2] == ("text", "2")
    finally:
        watched.close()
    assert watched.pid is None


def test_the_renderer_does_not_outlive_the_app() -> None:
    script = (
        "from deskchat.chat.templates import render_jinja\n"
        "from deskchat.chat.template_renderer import renderer\n"
        "if __name__ == '__main__':\n"
        "    render_jinja('{{ 1 }}', [])\n"
        "    print(renderer().pid)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    pid = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and not _is_zombie(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not psutil.pid_exists(pid) or _is_zombie(pid)
