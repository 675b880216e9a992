"""The numbers shown with every answer, as sentences both faces word (the terminal in
English, the window in the reader's language)."""

from __future__ import annotations

from deskchat.sentences import Sentence
from deskchat.store.records import Message

FINISH_NOTES = {
    "cancelled": Sentence("stopped"),
    "length": Sentence("cut at max tokens"),
    "context": Sentence("context full"),
}


ESTIMATED = "≈"  # marks counts guessed from the text (a remote server that sent no usage)


def token_sentences(m: Message) -> list[Sentence]:
    """['12 prompt + 30 completion = 42 tokens', '340 thinking + 52 answer tokens',
    '5 evaluated, rest cached', 'TTFT 85 ms', '41.3 tok/s'] — whichever the message has;
    estimated counts start with "≈"."""
    facts = []
    about = ESTIMATED if m.tokens_estimated else ""
    if m.prompt_tokens is not None and m.completion_tokens is not None:
        facts.append(
            Sentence(
                "{about}{prompt} prompt + {completion} completion = {total} tokens",
                about=about,
                prompt=m.prompt_tokens,
                completion=m.completion_tokens,
                total=m.prompt_tokens + m.completion_tokens,
            )
        )
        split = reasoning_split(m)
        if split is not None:
            facts.append(split)
    elif m.prompt_tokens is not None and about:  # an interrupted remote answer
        facts.append(Sentence("{about}{prompt} prompt tokens", about=about, prompt=m.prompt_tokens))
    if (
        m.prompt_tokens is not None
        and m.prompt_evaluated is not None
        and m.prompt_evaluated < m.prompt_tokens
    ):
        facts.append(Sentence("{evaluated} evaluated, rest cached", evaluated=m.prompt_evaluated))
    if m.ttft_ms is not None:
        facts.append(Sentence("TTFT {ms:,.0f} ms", ms=m.ttft_ms))
    if m.tokens_per_s:
        facts.append(Sentence("{about}{rate:.1f} tok/s", about=about, rate=m.tokens_per_s))
    return facts


def reasoning_split(m: Message) -> Sentence | None:
    """'340 thinking + 52 answer tokens' for a reasoning model's answer (the completion
    counts both: the thought's tokens are generated like the answer's)."""
    if not m.reasoning or m.reasoning_tokens is None or m.completion_tokens is None:
        return None
    thinking = min(m.reasoning_tokens, m.completion_tokens)
    return Sentence(
        "{thinking} thinking + {answer} answer tokens",
        thinking=thinking,
        answer=m.completion_tokens - thinking,
    )


def seconds_text(seconds: float) -> str:
    """'0.4', '3.2', '12': tenths while they matter."""
    return f"{seconds:.1f}" if seconds < 10 else f"{seconds:.0f}"


def thought_summary(seconds: float | None, tokens: int | None) -> Sentence:
    """'Thought for 12 s · 340 tokens' — whichever of the two is known."""
    if seconds is not None and tokens:
        return Sentence(
            "Thought for {seconds} s · {tokens} tokens",
            seconds=seconds_text(seconds),
            tokens=tokens,
        )
    if seconds is not None:
        return Sentence("Thought for {seconds} s", seconds=seconds_text(seconds))
    if tokens:
        return Sentence("Thought · {tokens} tokens", tokens=tokens)
    return Sentence("Thought")


def stopped_while_thinking(m: Message) -> bool:
    """The answer ended (stopped, cut, crashed) before the thought did: no answer yet."""
    return bool(m.reasoning) and not m.content.strip() and m.finish_reason not in (None, "stop")


def thought_sentence(m: Message) -> Sentence | None:
    """The collapsed thinking block's line for a stored answer: 'Thought for 12 s · 340
    tokens', or 'Stopped while thinking · 40 tokens' when no answer came; None without a
    thought."""
    if not m.reasoning:
        return None
    if stopped_while_thinking(m):
        if m.reasoning_tokens:
            return Sentence("Stopped while thinking · {tokens} tokens", tokens=m.reasoning_tokens)
        return Sentence("Stopped while thinking")
    seconds = m.reasoning_ms / 1000.0 if m.reasoning_ms is not None else None
    return thought_summary(seconds, m.reasoning_tokens)


def token_facts(m: Message) -> list[str]:
    """The same facts in English (the terminal's)."""
    return [str(fact) for fact in token_sentences(m)]


def finish_sentence(m: Message) -> Sentence | None:
    """Why the answer ended, when it is worth saying (not for a natural end)."""
    return FINISH_NOTES.get(m.finish_reason or "")


def finish_note(m: Message) -> str | None:
    """The same in English (the terminal's)."""
    note = finish_sentence(m)
    return None if note is None else str(note)
