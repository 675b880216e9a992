"""What the model manager shows for a repository's file names."""

from __future__ import annotations

from deskchat.hub.quant import quality_rank, quantization, split_name
from deskchat.hub.remote import RemoteFile, group_choices


def test_quantization_is_read_from_common_naming_styles() -> None:
    assert quantization("Llama-3.2-1B-Instruct-Q4_K_M.gguf") == "Q4_K_M"
    assert quantization("qwen2.5-0.5b-instruct-q4_k_m.gguf") == "Q4_K_M"
    assert quantization("phi-3.IQ4_XS.gguf") == "IQ4_XS"
    assert quantization("model-fp16.gguf") == "F16"
    assert quantization("Q8_0/big-Q8_0-00001-of-00002.gguf") == "Q8_0"
    assert quantization("notes.gguf") == ""


def test_split_parts_are_recognised() -> None:
    s = split_name("sub/Big-Q8_0-00002-of-00003.gguf")
    assert s is not None and (s.stem, s.part, s.total) == ("Big-Q8_0", 2, 3)
    assert split_name("Big-Q8_0.gguf") is None


def test_quality_order_prefers_more_bits() -> None:
    assert quality_rank("Q8_0") > quality_rank("Q6_K") > quality_rank("Q4_K_M")
    assert quality_rank("Q4_K_M") > quality_rank("IQ2_XS") > quality_rank("nonsense")


def test_a_repository_listing_becomes_models_with_summed_sizes() -> None:
    files = [
        RemoteFile("README.md", 10, None),
        RemoteFile("m-Q4_K_M.gguf", 400, "a"),
        RemoteFile("mmproj-m-f16.gguf", 100, "b"),  # a vision projector, not a chat model
        RemoteFile("Q8_0/m-Q8_0-00001-of-00002.gguf", 500, "c"),
        RemoteFile("Q8_0/m-Q8_0-00002-of-00002.gguf", 300, "d"),
        RemoteFile("m-F16-00001-of-00002.gguf", 900, "e"),  # its second part is missing
    ]
    choices = group_choices(files)
    assert [(c.name, c.quantization, c.size) for c in choices] == [
        ("m-Q4_K_M.gguf", "Q4_K_M", 400),
        ("m-Q8_0.gguf", "Q8_0", 800),
    ]
    assert choices[1].filename == "Q8_0/m-Q8_0-00001-of-00002.gguf"
