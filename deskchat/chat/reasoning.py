"""Reasoning ("thinking") models: which format a model thinks in, and a streaming parser
that splits an answer into its reasoning and the answer itself, piece by piece.

Formats (learned from llama.cpp's ``common/chat.cpp``, which detects them the same way,
from the model's chat template):
- ``think``: ``<think>`` … ``</think>`` (Qwen3, QwQ, DeepSeek-R1 distills, GLM …), including
  templates that open the thought themselves, so the output starts mid-thought and only
  ``</think>`` appears;
- ``bracket``: ``[THINK]`` … ``[/THINK]`` (Magistral);
- ``harmony``: gpt-oss channels, ``<|channel|>analysis<|message|>`` … ``<|end|>``, then
  ``<|start|>assistant<|channel|>final<|message|>`` and the answer;
- ``none``: everything is the answer.

A tag may arrive split across pieces: the parser holds back any tail that could still
become a tag and decides when the next piece comes (or at the end).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ReasoningFormat = Literal["none", "think", "bracket", "harmony"]
Channel = Literal["reasoning", "answer"]

_PAIRS: dict[str, tuple[str, str]] = {
    "think": ("<think>", "</think>"),
    "bracket": ("[THINK]", "[/THINK]"),
}
HARMONY_ANALYSIS = "<|channel|>analysis<|message|>"
HARMONY_FINAL = "<|channel|>final<|message|>"
# what separates harmony messages; dropped from both channels
HARMONY_MARKUP = ("<|end|>", "<|start|>assistant", "<|start|>", "<|return|>", "<|call|>")


def detect_format(template: str | None) -> ReasoningFormat:
    """The reasoning format a chat template announces (``none`` when it announces none)."""
    text = template or ""
    if "<|channel|>" in text:
        return "harmony"
    if "[THINK]" in text:
        return "bracket"
    if "<think>" in text or "</think>" in text:
        return "think"
    return "none"


def opens_thinking(fmt: ReasoningFormat, prompt: str) -> bool:
    """Whether the rendered prompt already opened a thought (it ends with the opening tag,
    as R1 distills' templates do), so the output starts as reasoning."""
    pair = _PAIRS.get(fmt)
    return pair is not None and prompt.rstrip().endswith(pair[0])


@dataclass(frozen=True)
class Split:
    """One run of text, and which channel it belongs to."""

    channel: Channel
    text: str


class ReasoningParser:
    """Feed it the answer's pieces; it returns them as reasoning and answer runs."""

    def __init__(self, fmt: ReasoningFormat, *, thinking: bool = False) -> None:
        self.format = fmt
        self._channel: Channel = "reasoning" if thinking and fmt != "none" else "answer"
        self._held = ""
        self.thought = self._channel == "reasoning"  # whether any reasoning was seen
        self._done_thinking = False
        self._final = False
        self._trim = True  # whitespace right after a switch (``<think>\n``) is markup

    @property
    def in_reasoning(self) -> bool:
        return self._channel == "reasoning"

    def feed(self, text: str) -> list[Split]:
        if self.format == "none":
            return [Split("answer", text)] if text else []
        self._held += text
        out: list[Split] = []
        while self._held:
            step = self._step()
            if step is None:  # only a possible tag's start is left: wait for more
                break
            out.extend(step)
        return _merged(out)

    def finish(self) -> list[Split]:
        """Whatever is still held back (an unfinished tag is plain text after all)."""
        self._final = True
        out: list[Split] = []
        while self._held and (step := self._step()) is not None:
            out.extend(step)
        held, self._held = self._held, ""
        return _merged([*out, *self._emit(held)])

    # -- the state machine -----------------------------------------------------------------

    def _markers(self) -> dict[str, Channel | None]:
        """The strings that switch channel (or, with None, are dropped) from here."""
        if self.format == "harmony":
            marks: dict[str, Channel | None] = {HARMONY_ANALYSIS: "reasoning"}
            marks[HARMONY_FINAL] = "answer"
            marks.update(dict.fromkeys(HARMONY_MARKUP))
            return marks
        opening, closing = _PAIRS[self.format]
        if self._channel == "reasoning":
            return {closing: "answer"}
        # after a finished thought, a new opening tag is text (models quote tags)
        return {} if self._done_thinking else {opening: "reasoning"}

    def _step(self) -> list[Split] | None:
        held, markers = self._held, self._markers()
        found = _first(held, markers)
        if found is not None:
            at, marker = found
            rest = held[at:]
            longer = any(len(m) > len(rest) and m.startswith(rest) for m in markers)
            if longer and not self._final:
                return None  # a longer marker may still be coming here
            before = held[:at]
            self._held = held[at + len(marker) :]
            out = self._emit(before)
            target = markers[marker]
            if target is not None:
                self._switch(target)
            return out
        keep = 0 if self._final else _partial_tail(held, markers)
        if keep == len(held):
            return None
        self._held = held[len(held) - keep :] if keep else ""
        return self._emit(held[: len(held) - keep])

    def _emit(self, text: str) -> list[Split]:
        if self._trim:
            text = text.lstrip()
            self._trim = not text
        return [Split(self._channel, text)] if text else []

    def _switch(self, target: Channel) -> None:
        if self._channel == "reasoning" and target == "answer":
            self._done_thinking = True
        if target == "reasoning":
            self.thought = True
        self._channel = target
        self._trim = True


def _first(text: str, markers: dict[str, Channel | None]) -> tuple[int, str] | None:
    """The earliest marker in ``text`` (the longest, where several start there)."""
    best: tuple[int, str] | None = None
    for marker in markers:
        at = text.find(marker)
        if at < 0:
            continue
        if best is None or at < best[0] or (at == best[0] and len(marker) > len(best[1])):
            best = (at, marker)
    return best


def _partial_tail(text: str, markers: dict[str, Channel | None]) -> int:
    """How many characters at the end of ``text`` could be the start of a marker."""
    longest = 0
    for marker in markers:
        for n in range(min(len(marker) - 1, len(text)), longest, -1):
            if marker.startswith(text[-n:]):
                longest = n
                break
    return longest


def _merged(splits: list[Split]) -> list[Split]:
    out: list[Split] = []
    for s in splits:
        if not s.text:
            continue
        if out and out[-1].channel == s.channel:
            out[-1] = Split(s.channel, out[-1].text + s.text)
        else:
            out.append(s)
    return out


def split_whole(fmt: ReasoningFormat, text: str, *, thinking: bool = False) -> tuple[str, str]:
    """(reasoning, answer) of a whole answer, as the streaming parser would split it."""
    parser = ReasoningParser(fmt, thinking=thinking)
    runs = parser.feed(text) + parser.finish()
    reasoning = "".join(r.text for r in runs if r.channel == "reasoning")
    answer = "".join(r.text for r in runs if r.channel == "answer")
    return reasoning, answer
