"""deskchat: private, offline chat with local LLMs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("deskchat")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
