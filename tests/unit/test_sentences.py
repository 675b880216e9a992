"""Core sentences: English by default, worded in another language by a face."""

from __future__ import annotations

import pickle

from deskchat.errors import ContextOverflowError, DeskchatError
from deskchat.sentences import Reader, Sentence

OVERFLOW = "This conversation needs {tokens} tokens plus {answer} for the answer."


def test_the_english_sentence_formats_numbers_as_the_app_always_has() -> None:
    sentence = Sentence(OVERFLOW, tokens=12345, answer=512)
    assert str(sentence) == "This conversation needs 12,345 tokens plus 512 for the answer."
    assert str(Sentence("{rate:.1f} tok/s", rate=41.26)) == "41.3 tok/s"


def test_an_error_carries_its_sentence_and_reads_as_before() -> None:
    sentence = Sentence(OVERFLOW, tokens=12345, answer=512)
    error = ContextOverflowError(sentence)
    assert str(error) == str(sentence) and error.sentence == sentence
    assert DeskchatError("Plain words.").sentence is None
    again = pickle.loads(pickle.dumps(error))  # it crosses processes and threads
    assert isinstance(again, ContextOverflowError) and again.sentence == sentence


def test_a_translation_fills_the_same_fields_in_its_own_order() -> None:
    sentence = Sentence(OVERFLOW, tokens=12345, answer=512)
    chinese = {OVERFLOW: "为回答预留 {answer} 个，本对话共需 {tokens} 个 token。"}
    assert (
        sentence.worded(lambda t: chinese.get(t, t))
        == "为回答预留 512 个，本对话共需 12,345 个 token。"
    )


def test_nested_sentences_are_translated_and_a_broken_translation_falls_back() -> None:
    inner = Sentence("stopped")
    outer = Sentence("{why}; your conversation is saved.", why=inner)
    table = {"stopped": "已停止", "{why}; your conversation is saved.": "{why}；对话已保存。"}
    assert outer.worded(lambda t: table.get(t, t)) == "已停止；对话已保存。"
    assert outer.worded(lambda t: "{nonsense}") == "stopped; your conversation is saved."


def test_english_text_reads_back_into_its_sentence() -> None:
    reader = Reader([OVERFLOW, "{rate:.1f} tok/s", "{anything}"])
    back = reader.read("This conversation needs 12,345 tokens plus 512 for the answer.")
    assert back is not None and back.template == OVERFLOW
    assert back.worded(lambda t: "需要 {tokens}（{answer}）") == "需要 12,345（512）"
    rate = reader.read("41.3 tok/s")
    assert rate is not None and rate.worded(lambda t: "{rate:.1f} token/秒") == "41.3 token/秒"
    assert reader.read("Something else entirely.") is None  # a bare "{anything}" reads nothing


def test_several_sentences_read_back_one_by_one() -> None:
    crash = "The engine stopped ({why}) while {doing}."
    reader = Reader([crash, "signal {number:d}, {name}", "generating", "Your chat is saved."])
    text = "The engine stopped (signal 11, SIGSEGV) while generating. Your chat is saved."
    first, second = reader.read_all(text)
    assert isinstance(first, Sentence) and first.template == crash
    assert first.fields["doing"] == Sentence("generating")  # a field never spans a sentence
    assert second == Sentence("Your chat is saved.")
    assert reader.read_all("Nothing known. Your chat is saved.") == [
        "Nothing known.",
        Sentence("Your chat is saved."),
    ]


def test_a_sentence_that_ends_a_field_reads_back_whole() -> None:
    saved = "{error} Your chat is saved."
    reader = Reader([saved, "The engine stopped ({why}) while {doing}.", "generating"])
    back = reader.read(
        "The engine stopped (signal 9, SIGKILL) while generating. Your chat is saved."
    )
    assert back is not None and back.template == saved
    error = back.fields["error"]
    assert isinstance(error, Sentence) and error.fields["doing"] == Sentence("generating")
