"""deskchat as a client of remote OpenAI-compatible servers (llama-server, Ollama, LM Studio,
vLLM, OpenAI itself...): the endpoints a person added, their API keys (in the OS keyring),
and an engine that streams answers from ``POST {base}/chat/completions`` so a remote chat
is kept, counted and stopped like a local one.

Nothing here imports Qt or llama.cpp; the session (``deskchat.services``) drives it.
"""
