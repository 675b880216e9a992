"""Chat templates: the exact text each model family receives, and hostile templates."""

from __future__ import annotations

import pytest

from deskchat.chat.templates import (
    BUILTIN_TEMPLATES,
    TRANSCRIPT_STOPS,
    ChatTemplate,
    TemplateError,
    choose_template,
    render_jinja,
)
from deskchat.chat.turns import Turn
from deskchat.hub.tiny_gguf import CHATML_TEMPLATE

CHAT = [
    Turn("system", "Answer in one sentence only."),
    Turn("user", "What is a token?"),
    Turn("assistant", "A piece of text."),
    Turn("user", "And lollipop?"),
]


def render(name: str) -> str:
    return ChatTemplate("builtin", name, BUILTIN_TEMPLATES[name]).render(
        CHAT, bos_token="<s>", eos_token="</s>"
    )


def test_chatml_matches_the_format_models_were_trained_on() -> None:
    assert render("chatml") == (
        "<|im_start|>system\nAnswer in one sentence only.<|im_end|>\n"
        "<|im_start|>user\nWhat is a token?<|im_end|>\n"
        "<|im_start|>assistant\nA piece of text.<|im_end|>\n"
        "<|im_start|>user\nAnd lollipop?<|im_end|>\n"
        "<|im_start|>assistant\n"
    )


def test_llama3_headers_and_generation_prompt() -> None:
    text = render("llama3")
    assert text.startswith("<s><|start_header_id|>system<|end_header_id|>\n\nAnswer in one")
    assert text.count("<|eot_id|>") == 4
    assert text.endswith("<|start_header_id|>assistant<|end_header_id|>\n\n")


def test_gemma_folds_the_system_prompt_into_the_first_user_turn() -> None:
    text = render("gemma")
    assert text == (
        "<s><start_of_turn>user\nAnswer in one sentence only.\n\nWhat is a token?<end_of_turn>\n"
        "<start_of_turn>model\nA piece of text.<end_of_turn>\n"
        "<start_of_turn>user\nAnd lollipop?<end_of_turn>\n"
        "<start_of_turn>model\n"
    )


def test_mistral_inst_blocks_with_system_before_first_message() -> None:
    assert render("mistral") == (
        "<s>[INST] Answer in one sentence only.\n\nWhat is a token? [/INST]"
        "A piece of text.</s>[INST] And lollipop? [/INST]"
    )


def test_phi3_roles_and_end_markers() -> None:
    text = render("phi3")
    assert text.startswith("<|system|>\nAnswer in one sentence only.<|end|>\n<|user|>\n")
    assert text.endswith("<|user|>\nAnd lollipop?<|end|>\n<|assistant|>\n")


def test_a_gguf_template_is_rendered_like_huggingface_does() -> None:
    text = render_jinja(CHATML_TEMPLATE, CHAT)
    assert text == render("chatml")


def test_transcript_lets_a_base_model_continue_as_the_assistant() -> None:
    template = choose_template(
        override=None, gguf_template=None, architecture="gemma3", model_name="Gemma 3 270m"
    )
    assert template.source == "transcript"
    assert "\nHuman:" in template.stops and template.stops == TRANSCRIPT_STOPS
    text = template.render(CHAT)
    assert text.startswith("The following is a conversation between a helpful assistant")
    assert "Answer in one sentence only." in text
    assert "Human: What is a token?\nAssistant: A piece of text.\nHuman: And lollipop?" in text
    assert text.endswith("\nAssistant:")


@pytest.mark.parametrize(
    ("override", "gguf", "arch", "name", "source", "chosen"),
    [
        ("{{ 'x' }}", CHATML_TEMPLATE, "llama", "any", "override", "custom"),
        ("gemma", CHATML_TEMPLATE, "llama", "any", "override", "gemma"),
        (None, CHATML_TEMPLATE, "llama", "any", "gguf", "from the model file"),
        (None, None, "llama", "Meta-Llama-3-8B-Instruct", "builtin", "llama3"),
        (None, None, "gemma2", "gemma-2-2b-it", "builtin", "gemma"),
        (None, None, "llama", "Mistral-7B-Instruct-v0.3", "builtin", "mistral"),
        (None, None, "phi3", "Phi-3-mini-4k-instruct", "builtin", "phi3"),
        (None, None, "qwen2", "Qwen2.5-0.5B-Instruct", "builtin", "qwen2.5"),
        (None, None, "qwen3", "Qwen3-0.6B-Instruct", "builtin", "chatml"),
        (None, None, "qwen2", "QwQ-32B-Chat", "builtin", "chatml"),
        (None, None, "llama", "Llama-3.1-8B-Instruct", "builtin", "llama3.1"),
        (None, None, "llama", "Meta-Llama-3.3-70B-Instruct", "builtin", "llama3.1"),
        (None, None, "llama", "llama3.2-3b-instruct", "builtin", "llama3.1"),
        (None, None, "llama", "Mistral-Nemo-Instruct-2407", "builtin", "mistral-nemo"),
        (None, None, "llama", "Ministral-8B-Instruct-2410", "builtin", "mistral-nemo"),
        (None, None, "llama", "Mixtral-8x7B-Instruct-v0.1", "builtin", "mistral"),
        (None, None, "nemotron", "Nemotron-Mini-4B-Instruct", "builtin", "chatml"),
        (None, None, "llama", "TinyLlama base", "transcript", "transcript (base model)"),
    ],
)
def test_template_sources_in_order(
    override: str | None, gguf: str | None, arch: str, name: str, source: str, chosen: str
) -> None:
    template = choose_template(
        override=override, gguf_template=gguf, architecture=arch, model_name=name
    )
    assert (template.source, template.name) == (source, chosen)


HOSTILE = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ messages.__class__.__base__.__subclasses__() }}",
    "{% set x = messages.append({'role': 'user', 'content': 'injected'}) %}{{ x }}",
    "{{ raise_exception.__globals__ }}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_a_hostile_template_is_stopped_not_run(source: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render_jinja(source, CHAT)
    assert "template" in str(caught.value).lower()
    assert "\n" not in str(caught.value).strip()


def test_broken_template_gives_a_sentence() -> None:
    with pytest.raises(TemplateError, match="broken"):
        render_jinja("{% for m in messages %}{{ m.content }", CHAT)


def test_template_refusing_system_role_gets_the_system_text_folded_in() -> None:
    strict = (
        "{% for m in messages %}{% if m.role == 'system' %}"
        "{{ raise_exception('System role not supported') }}{% endif %}"
        "[{{ m.role }}] {{ m.content }}\n{% endfor %}"
    )
    text = render_jinja(strict, CHAT)
    assert text.startswith("[user] Answer in one sentence only.\n\nWhat is a token?")


def test_raise_exception_without_a_system_turn_reports_the_reason() -> None:
    source = "{{ raise_exception('Conversation roles must alternate') }}"
    with pytest.raises(TemplateError, match="must alternate"):
        render_jinja(source, [Turn("user", "hi")])


@pytest.mark.parametrize(
    "source",
    [
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "{{ 10.0 ** 400 }}",
        "{{ 1 / 0 }}",
        "{{ 'a' * 10000000000 }}",
        "{{ [1] * 10000000000 }}",
        "{{ 2 ** 100000000 }}",
    ],
)
def test_templates_that_crash_or_exhaust_memory_fail_with_a_sentence(source: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render_jinja(source, CHAT)
    assert str(caught.value).startswith("The chat template")


def test_loop_controls_render_as_in_command_r7b_templates() -> None:
    source = (
        "{% for m in messages %}{% if m.role == 'system' %}{% continue %}{% endif %}"
        "[{{ m.role }}] {{ m.content }}\n{% if m.role == 'assistant' %}{% break %}{% endif %}"
        "{% endfor %}"
    )
    assert render_jinja(source, CHAT) == "[user] What is a token?\n[assistant] A piece of text.\n"


def test_tojson_is_plain_json_with_json_dumps_arguments() -> None:
    text = "<b>Tom & Jerry's</b> 你好"
    plain = "{{ messages[1].content | tojson }}"
    assert render_jinja(plain, [CHAT[0], Turn("user", text)]) == '"<b>Tom & Jerry\'s</b> 你好"'
    laid_out = (
        "{{ {'z': messages[0].content, 'a': 1} | tojson(indent=2, sort_keys=true, "
        "separators=(',', ': '), ensure_ascii=true) }}"
    )
    assert render_jinja(laid_out, [Turn("user", "你")]) == '{\n  "a": 1,\n  "z": "\\u4f60"\n}'


def test_tools_and_documents_are_none_and_generation_blocks_render_their_body() -> None:
    source = (
        "{{ tools is none }} {{ documents is none }} {{ strftime_now is defined }} "
        "{% generation %}{{ messages[-1].content }}{% endgeneration %}"
    )
    assert render_jinja(source, CHAT) == "True True True And lollipop?"


def test_an_earlier_thought_is_read_as_reasoning_content_and_thinking() -> None:
    source = (
        "{{ messages[0].reasoning_content }}|{{ messages[0].thinking }}|{{ messages[0].content }}"
    )
    turns = [Turn("assistant", "51.", reasoning="17 x 3 = 51")]
    assert render_jinja(source, turns) == "17 x 3 = 51|17 x 3 = 51|51."


def test_qwen25_fallback_writes_its_own_system_prompt_only_when_the_chat_has_none() -> None:
    template = ChatTemplate("builtin", "qwen2.5", BUILTIN_TEMPLATES["qwen2.5"])
    alone = template.render([Turn("user", "Hi")])
    assert alone == (
        "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
        "assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
    )
    assert "Alibaba" not in render("qwen2.5") and render("qwen2.5") == render("chatml")


def test_mistral_nemo_has_no_spaces_and_the_system_text_before_the_last_question() -> None:
    assert render("mistral-nemo") == (
        "<s>[INST]What is a token?[/INST]A piece of text.</s>"
        "[INST]Answer in one sentence only.\n\nAnd lollipop?[/INST]"
    )


def test_a_template_with_generation_blocks_still_offers_its_options() -> None:
    from deskchat.chat.template_options import offered

    source = "{% generation %}{{ m }}{% endgeneration %}{% if enable_thinking %}<think>{% endif %}"
    assert [o.name for o in offered(source)] == ["enable_thinking"]
