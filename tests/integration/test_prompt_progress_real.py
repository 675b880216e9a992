"""Real llama.cpp on the tiny GGUF: a prompt's reading reported from the engine process,
and an answer cut inside a multi-byte character never ending in "\ufffd"."""

from __future__ import annotations

from deskchat.chat.generation import Done, Piece, PromptProgress, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.services.turn import TurnPipeline

LONG = "hello world and you are the lollipop " * 60  # ~400 tokens: 7 chunks of 64


def test_the_engine_reports_how_far_it_read_the_prompt(tiny_engine: EngineClient) -> None:
    plan = TurnPipeline().plan_raw(tiny_engine, LONG, reserve=4)
    sampling = SamplingParams(max_tokens=2, temperature=0.0)
    events = list(tiny_engine.answer(plan, sampling))
    progress = [e for e in events if isinstance(e, PromptProgress)]
    done = events[-1]
    assert isinstance(done, Done)
    first_piece = next(i for i, e in enumerate(events) if isinstance(e, Piece))
    assert all(events.index(p) < first_piece for p in progress)
    assert progress[0].done == 0
    assert progress[-1].done == progress[-1].total == done.prompt_evaluated
    assert done.prompt_evaluated > 300
    assert [p.done for p in progress] == sorted({p.done for p in progress})
    # at most ~10 a second while it reads, whatever the number of chunks
    assert len(progress) <= 2 + int(done.prompt_eval_s / 0.1) + 1

    # the same prompt again: all but its last token come from the cache
    again = [e for e in tiny_engine.answer(plan, sampling) if isinstance(e, PromptProgress)]
    assert [(p.done, p.total) for p in again] == [(0, 1), (1, 1)]


def test_a_plain_generate_sends_no_progress(tiny_engine: EngineClient) -> None:
    events = list(tiny_engine.generate(LONG, SamplingParams(max_tokens=2)))
    assert all(isinstance(e, Piece | Done) for e in events)


CHINESE = 'root ::= "快"+'  # three byte tokens each in the tiny model's vocabulary


def answer_text(engine: EngineClient, max_tokens: int) -> str:
    sampling = SamplingParams(
        max_tokens=max_tokens, temperature=0.0, grammar=CHINESE, ignore_eos=True
    )
    events = list(engine.generate("hello", sampling))
    assert isinstance(events[-1], Done)
    return "".join(e.text for e in events if isinstance(e, Piece))


def test_an_answer_cut_inside_a_character_drops_its_first_bytes(
    tiny_engine: EngineClient,
) -> None:
    split = tiny_engine.tokenize("快", add_bos=False, with_pieces=True)
    assert split.piece_bytes[-3:] == (b"\xe5", b"\xbf", b"\xab")  # a byte token each
    assert answer_text(tiny_engine, 6) == "快快"  # whole characters, split across tokens
    for cut in (4, 5, 7, 8):  # stopped one or two bytes into the next character
        text = answer_text(tiny_engine, cut)
        assert "\ufffd" not in text
        assert text == "快" * (cut // 3)
    assert answer_text(tiny_engine, 2) == ""
