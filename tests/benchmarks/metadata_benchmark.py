"""Reading a model's metadata takes milliseconds whatever its vocabulary: the starter model
(Gemma 3 270M, 262,144 tokens) read the old way (the ``gguf`` package's GGUFReader, which
decodes every vocabulary entry) and the new way (deskchat's header reader, which skips the
vocabulary and reads its BOS/EOS entries by index), side by side in interleaved rounds.

Then the click-to-ready time of "Use the starter model" at the service level, the calls the
window makes off its GUI thread, from the click to a loaded model: the starter assembled
(into a fresh models folder: "cold"; already there: "warm"), its header read for the Model
tab, and the load (which reads the header again, then starts the engine and loads). The
same with the old reader in the header reads' place, interleaved.

Reports medians and the ratios old / new.

Run: .venv/bin/python -m tests.benchmarks.metadata_benchmark [--rounds 3]
     [--click-rounds 2] [--model PATH]   (default: the starter model, assembled once)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import gguf

from deskchat.chat.generation import LoadOptions
from deskchat.hub.gguf_meta import GGUFInfo, read_gguf_info
from deskchat.services import model_loader
from deskchat.services.app import open_app
from deskchat.services.starter import starter_model_path

Reader = Callable[[Path], object]


def old_read(path: Path) -> dict[str, Any]:
    """What read_gguf_info did before: the gguf package's reader, and the same fields."""
    reader = gguf.GGUFReader(path, "r")
    fields: dict[str, Any] = {}
    for key in (
        "general.architecture",
        "general.name",
        "general.file_type",
        "tokenizer.chat_template",
        "tokenizer.ggml.bos_token_id",
        "tokenizer.ggml.eos_token_id",
    ):
        field = reader.fields.get(key)
        if field is not None and field.data:
            fields[key] = field.parts[field.data[0]]
    fields["parameters"] = sum(int(t.n_elements) for t in reader.tensors)
    fields["data_end"] = max(int(t.data_offset) + int(t.n_bytes) for t in reader.tensors)
    return fields


def new_read(path: Path) -> GGUFInfo:
    return read_gguf_info(path)


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


@contextmanager
def old_header_reads() -> Iterator[None]:
    """The load's header read done the old way first (its cost), then the new way (the
    GGUFInfo the load needs)."""
    original: Callable[[str | os.PathLike[str]], GGUFInfo] = read_gguf_info

    def slow(path: str | os.PathLike[str]) -> GGUFInfo:
        old_read(Path(path))
        return original(path)

    setattr(model_loader, "read_gguf_info", slow)  # noqa: B010 - the name load_model calls
    try:
        yield
    finally:
        setattr(model_loader, "read_gguf_info", original)  # noqa: B010


def click_to_ready(models: Path, reader: Reader) -> dict[str, float]:
    """The window's steps after a click on "Use the starter model", in seconds."""
    app = open_app()
    try:
        started = time.perf_counter()
        path = starter_model_path(models, progress=lambda _done, _total: None)
        assembled = time.perf_counter()
        reader(path)  # the Model tab shows the model's metadata
        read = time.perf_counter()
        info, _ = app.load_model(str(path), LoadOptions(n_ctx=2048))
        ready = time.perf_counter()
    finally:
        app.close()
    return {
        "assemble": assembled - started,
        "read": read - assembled,
        "load": ready - read,
        "engine load": info.load_seconds,
        "total": ready - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--click-rounds", type=int, default=2)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="deskchat-metadata-benchmark-"))
    os.environ["DESKCHAT_HOME"] = str(home)  # a throwaway history, settings and models
    model = args.model or starter_model_path(home / "starter")
    ways: dict[str, Reader] = {"old": old_read, "new": new_read}

    print(f"model: {model.name} ({model.stat().st_size / 1e6:.1f} MB)")
    new_read(model)  # the file in the page cache for both
    header: dict[str, list[float]] = {"old": [], "new": []}
    for n in range(args.rounds):
        for way in ("old", "new") if n % 2 == 0 else ("new", "old"):
            seconds = timed(lambda: ways[way](model))  # noqa: B023 - called at once
            header[way].append(seconds)
            print(f"round {n + 1}: {way} reader: {seconds * 1000:,.1f} ms")
    old_s, new_s = statistics.median(header["old"]), statistics.median(header["new"])
    print(f"median metadata read: old {old_s * 1000:,.1f} ms, new {new_s * 1000:,.1f} ms")
    print(f"ratio old / new: {old_s / new_s:,.0f}x")

    if args.model is not None:
        return  # click-to-ready is the starter's
    clicks: dict[tuple[str, str], list[dict[str, float]]] = {}
    for n in range(args.click_rounds):
        for way in ("old", "new") if n % 2 == 0 else ("new", "old"):
            models = home / f"models-{n}-{way}"
            for state in ("cold", "warm"):  # the first click assembles, a later one not
                if way == "old":
                    with old_header_reads():
                        steps = click_to_ready(models, old_read)
                else:
                    steps = click_to_ready(models, new_read)
                clicks.setdefault((way, state), []).append(steps)
                print(
                    f"round {n + 1}: {way} reader, {state}: "
                    + ", ".join(f"{k} {v:.2f} s" for k, v in steps.items())
                )
    for state in ("cold", "warm"):
        medians = {
            way: statistics.median(s["total"] for s in clicks[(way, state)])
            for way in ("old", "new")
        }
        print(
            f"median click-to-ready ({state}): old {medians['old']:.2f} s, "
            f"new {medians['new']:.2f} s, ratio old / new {medians['old'] / medians['new']:.1f}x"
        )
        parts = clicks[("new", state)]
        print(
            f"  new, {state}, median steps: "
            + ", ".join(f"{k} {statistics.median(s[k] for s in parts):.2f} s" for k in parts[0])
        )


if __name__ == "__main__":
    main()
