"""The frozen app's entry point. The engine process is this same executable started again
by multiprocessing (spawn), which freeze_support() turns into the engine instead of a
second window."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from deskchat.__main__ import main

    sys.exit(main())
