"""``python -m deskchat`` and the ``deskchat`` command."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the engine process in a frozen bundle
    args = sys.argv[1:] if argv is None else argv
    # the composition root: the only module that knows all three faces
    from deskchat.server import OpenAIServer

    if not args or args[0] == "gui":
        from deskchat.gui.app import run_gui

        return run_gui(args[1:], serve=OpenAIServer)
    from deskchat.cli import OtherFaces, run

    return run(args, OtherFaces(serve=OpenAIServer, self_test=_self_test))


def _self_test(data_dir: Path | None) -> int:
    from deskchat.gui import self_test

    return self_test.run(data_dir)


if __name__ == "__main__":
    sys.exit(main())
