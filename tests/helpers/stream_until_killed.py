"""Run by the kill -9 test: a real app process streaming a long answer from the real engine."""

from __future__ import annotations

import sys

from deskchat.chat.generation import LoadOptions
from deskchat.services.app import open_app
from deskchat.services.model_loader import load_model


def main(model: str) -> None:
    app = open_app()
    load_model(app.engine, model, LoadOptions(n_ctx=4096, n_threads=1))
    conversation = app.session.new_conversation()
    for turn in ("first question", "second question"):
        for _ in app.session.send(conversation.id, turn, max_tokens=4, ignore_eos=True):
            pass
    print("streaming", flush=True)
    for _ in app.session.send(
        conversation.id, "now a very long answer", max_tokens=4000, ignore_eos=True, temperature=0.0
    ):
        pass
    print("finished before the kill", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
