from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from deskchat import paths
from deskchat.chat.generation import LoadOptions, SamplingParams
from deskchat.settings import Settings, load_settings, save_settings


def test_everything_lives_under_deskchat_home(isolated_home: Path) -> None:
    for location in (
        paths.data_dir(),
        paths.config_dir(),
        paths.cache_dir(),
        paths.log_dir(),
        paths.models_dir(),
        paths.db_path(),
        paths.settings_path(),
    ):
        assert isolated_home in location.parents


def test_builtin_personas_are_found_in_resources() -> None:
    assert (paths.resources_dir() / "personas" / "builtin.json").is_file()


def test_settings_round_trip() -> None:
    settings = Settings(
        load=LoadOptions(n_ctx=8192, n_gpu_layers=10),
        sampling=SamplingParams(temperature=0.2, stop=("END",)),
        overflow_policy="stop",
        last_model="/m/x.gguf",
    )
    save_settings(settings)
    loaded, warning = load_settings()
    assert warning is None
    assert loaded == settings


def test_missing_settings_file_gives_defaults() -> None:
    assert load_settings() == (Settings(), None)


def test_damaged_settings_file_is_kept_aside_and_defaults_used() -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{ not json", encoding="utf-8")
    settings, warning = load_settings()
    assert settings == Settings()
    assert warning and "damaged" in warning
    assert path.with_suffix(".json.broken").read_text(encoding="utf-8") == "{ not json"


def test_unknown_keys_from_a_newer_version_are_ignored() -> None:
    save_settings(replace(Settings(), default_persona="expert"))
    text = (
        paths.settings_path()
        .read_text(encoding="utf-8")
        .replace('"overflow_policy"', '"future_thing": 1, "overflow_policy"')
    )
    paths.settings_path().write_text(text, encoding="utf-8")
    settings, warning = load_settings()
    assert warning is None and settings.default_persona == "expert"


def test_a_value_of_the_wrong_type_falls_back_to_its_default() -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(
        '{"load": {"n_ctx": "lots", "n_gpu_layers": 12, "flash_attn": "yes"},'
        ' "sampling": {"temperature": 0.3, "max_tokens": 1.5, "stop": ["END"]}}',
        encoding="utf-8",
    )
    settings, warning = load_settings()
    assert warning is None
    assert settings.load.n_ctx == LoadOptions().n_ctx and settings.load.n_gpu_layers == 12
    assert settings.load.flash_attn == LoadOptions().flash_attn  # "yes" is not a choice
    assert settings.sampling.temperature == 0.3 and settings.sampling.stop == ("END",)
    assert settings.sampling.max_tokens == SamplingParams().max_tokens
