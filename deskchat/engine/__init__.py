"""Inference. The llama.cpp model lives in a child process (``worker``); callers talk to it
through ``EngineClient`` with the typed messages of ``protocol``."""
