"""The tiny test model lives in deskchat itself (the bundle's self-test writes it too)."""

from deskchat.hub.tiny_gguf import CHATML_TEMPLATE, write_tiny_gguf

__all__ = ["CHATML_TEMPLATE", "write_tiny_gguf"]
