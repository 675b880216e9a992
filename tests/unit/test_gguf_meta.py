"""Model files: every mistake a person can make is one sentence, before llama.cpp sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskchat.chat.generation import LoadOptions
from deskchat.chat.model_names import display_name
from deskchat.errors import ModelFileError
from deskchat.hub import tiny_gguf
from deskchat.hub.gguf_meta import check_model_file, read_gguf_info
from deskchat.services.model_loader import check_memory, fit_context


def test_header_fields_of_a_real_gguf(tiny_model: Path) -> None:
    info = read_gguf_info(tiny_model)
    assert info.architecture == "llama"
    assert info.name == "tiny-test-chat"
    assert info.quantization == "F32"
    assert info.context_length == tiny_gguf.CONTEXT
    assert (info.n_layers, info.n_head_kv, info.head_dim_k) == (2, 2, 16)
    assert info.has_chat_template and "im_start" in (info.chat_template or "")
    assert info.parameters > 10_000
    assert info.kv_cache_bytes(1000) == 2 * 2 * (16 + 16) * 1000 * 2


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "missing.gguf", "There is no file at"),
        (lambda d: d, "is a folder"),
        (
            lambda d: _write(d / "notes.gguf", b"hello, I am a text file"),
            "is not a GGUF model file",
        ),
        (lambda d: _write(d / "empty.gguf", b""), "is not a GGUF model file"),
    ],
)
def test_bad_paths_get_one_sentence(tmp_path: Path, make: object, expected: str) -> None:
    with pytest.raises(ModelFileError) as caught:
        read_gguf_info(make(tmp_path))  # type: ignore[operator]
    assert expected in str(caught.value)
    assert "Traceback" not in str(caught.value)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_truncated_download_is_recognised(tiny_model: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    data = tiny_model.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ModelFileError, match="incomplete") as caught:
        read_gguf_info(cut)
    assert f"{len(data) * 2 // 3:,} bytes" in str(caught.value)
    assert "download it again" in str(caught.value)


def test_file_one_tensor_short_reports_expected_and_actual_size(
    tiny_model: Path, tmp_path: Path
) -> None:
    cut = tmp_path / "short.gguf"
    data = tiny_model.read_bytes()
    cut.write_bytes(data[:-64])
    with pytest.raises(ModelFileError, match="incomplete") as caught:
        read_gguf_info(cut)
    assert f"{len(data) - 64:,}" in str(caught.value)


def test_header_cut_short_is_recognised(tiny_model: Path, tmp_path: Path) -> None:
    cut = tmp_path / "header.gguf"
    cut.write_bytes(tiny_model.read_bytes()[:200])
    with pytest.raises(ModelFileError, match="incomplete"):
        read_gguf_info(cut)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = _write(tmp_path / "locked.gguf", b"GGUF\x03\x00\x00\x00")

    def deny(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)  # root ignores chmod, so deny at the call
    with pytest.raises(ModelFileError, match="permission denied"):
        check_model_file(locked)


def test_context_too_big_for_memory_is_refused_with_numbers(tiny_model: Path) -> None:
    info = read_gguf_info(tiny_model)
    with pytest.raises(ModelFileError, match="context cache") as caught:
        check_memory(info, n_ctx=4096, available=100_000)
    assert "4,096-token context" in str(caught.value)
    check_memory(info, n_ctx=4096, available=10**10)  # plenty: no complaint


def test_context_is_capped_at_the_trained_length(tiny_model: Path) -> None:
    info = read_gguf_info(tiny_model)
    assert fit_context(info, LoadOptions(n_ctx=1_000_000)).n_ctx == tiny_gguf.CONTEXT
    assert fit_context(info, LoadOptions(n_ctx=512)).n_ctx == 512


@pytest.mark.parametrize(
    ("general_name", "file_name", "shown"),
    [
        # the converter's title-casing of a checkpoint id: the file name says more
        (
            "Smollm2 135M 8k Lc100K Mix1 Ep2",
            "SmolLM2-135M-Instruct-Q8_0.gguf",
            "SmolLM2 135M Instruct",
        ),
        ("Gemma 3 270m", "gemma-3-270m-q4_k_m.gguf", "Gemma 3 270m"),  # a real name, kept
        ("Llama 3.2 1B Instruct", "Llama-3.2-1B-Instruct-Q4_K_M.gguf", "Llama 3.2 1B Instruct"),
        (None, "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", "Qwen2.5 0.5B Instruct"),
        ("", "phi-3-mini-4k-instruct-fp16.gguf", "phi 3 mini 4k instruct"),
        ("models", "Llama-3.2-1B-Instruct.IQ2_XXS.gguf", "Llama 3.2 1B Instruct"),
        ("/content/llama", "mistral-7b-v0.1-00001-of-00003.gguf", "mistral 7b v0.1"),
        # a generic file name says less than even a title-cased name
        ("Smollm2 135M 8k Lc100K Mix1 Ep2", "model.gguf", "Smollm2 135M 8k Lc100K Mix1 Ep2"),
    ],
)
def test_the_name_shown_is_a_real_name_with_its_capitals(
    general_name: str | None, file_name: str, shown: str
) -> None:
    assert display_name(general_name, file_name) == shown


def test_the_tiny_models_name_is_its_own(tiny_model: Path) -> None:
    assert read_gguf_info(tiny_model).display_name == "tiny-test-chat"
