"""Template options are offered only when the model's template reads them."""

from __future__ import annotations

from datetime import date

from deskchat.chat.template_options import offered, option_values, variables_read

QWEN3_TAIL = (
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}"
    "{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}{%- endif %}"
)
GPT_OSS_HEAD = "Reasoning: {{ reasoning_effort | default('medium') }}"
LLAMA31_HEAD = "Cutting Knowledge Date: December 2023\nToday Date: {{ date_string }}"


def test_only_the_options_a_template_reads_are_offered() -> None:
    assert [o.name for o in offered(QWEN3_TAIL)] == ["enable_thinking"]
    assert [o.name for o in offered(GPT_OSS_HEAD)] == ["reasoning_effort"]
    assert [o.name for o in offered(LLAMA31_HEAD)] == ["date_string"]
    assert offered("{% for m in messages %}{{ m.content }}{% endfor %}") == ()
    assert offered("{% broken") == () and variables_read(None) == frozenset()


def test_values_are_checked_and_limited_to_what_the_template_reads() -> None:
    assert option_values(QWEN3_TAIL, {"enable_thinking": False, "reasoning_effort": "high"}) == {
        "enable_thinking": False
    }
    assert option_values(GPT_OSS_HEAD, {"reasoning_effort": "extreme"}) == {
        "reasoning_effort": "medium"
    }
    today = option_values(LLAMA31_HEAD, {}, today=date(2024, 7, 26))
    assert today == {"date_string": "26 Jul 2024"}
