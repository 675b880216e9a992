"""Models on disk and (later) on Hugging Face: GGUF metadata, the local library, downloads."""
