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
    """['12 prompt + 30 completion = 42 tokens', '5 evaluated, rest cached', 'TTFT 85 ms',
    '41.3 tok/s'] — whichever the message has; estimated counts start with "≈"."""
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
