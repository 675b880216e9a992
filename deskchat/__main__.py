"""``python -m deskchat`` and the ``deskchat`` command."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the engine process in a frozen bundle
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] == "gui":
        from deskchat.gui.app import run_gui

        return run_gui(args[1:])
    from deskchat.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
