"""The settings file (JSON in the config folder): defaults for loading and sampling.

A damaged file never stops the app: it is kept aside as settings.json.broken and the
defaults are used, with a sentence saying so.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from deskchat import paths
from deskchat.chat.generation import FLASH_ATTENTION, KV_CACHE_TYPES, LoadOptions, SamplingParams
from deskchat.chat.prompt import OVERFLOW_POLICIES, OverflowPolicy
from deskchat.chat.sampling_fields import TEXTS
from deskchat.json_files import write_json_atomically


@dataclass(frozen=True)
class Settings:
    load: LoadOptions = field(default_factory=LoadOptions)
    sampling: SamplingParams = field(default_factory=SamplingParams)
    overflow_policy: OverflowPolicy = "rolling"
    default_persona: str = "assistant"
    last_model: str | None = None
    language: str = ""  # "" follows the system; "en" or "zh_CN"
    theme: Literal["system", "light", "dark"] = "system"
    models_dir: str = ""  # "" is the default folder under the data directory
    extra_model_folders: tuple[str, ...] = ()  # scanned in place, never copied
    scan_other_apps: bool = True  # list LM Studio / Ollama / Jan / GPT4All models too
    download_concurrency: int = 2
    # the OpenAI-compatible server (deskchat.server); its API key lives in the keyring
    server_enabled: bool = False
    server_host: str = "127.0.0.1"
    server_port: int = 8765
    server_cors: str = ""  # an origin allowed to call it from a web page; "" allows none
    server_log_history: bool = False  # keep each API request as a conversation
    # tool calls in a chat (services/agent_loop): seconds one call may take, calls per answer
    tool_call_timeout_s: float = 60.0
    max_tool_calls: int = 8
    parallel_tool_calls: bool = True  # an answer may make several calls at once
    # chats' saved KV states (engine/kv_states.py): MB kept in RAM, then MB on disk (0: none)
    kv_states_ram_mb: int = 1024
    kv_states_disk_mb: int = 4096
    # the GGUF embedding model for documents and POST /v1/embeddings ("" for none)
    embedding_model: str = ""
    # passages from a chat's documents given with each message (chat/passages), at most
    doc_passages: int = 6


MAX_DOC_PASSAGES = 50


def fits(value: Any, default: Any) -> bool:
    """Whether a value read from the file has the type its setting needs."""
    if default is None:
        return value is None or isinstance(value, int)  # optional numbers (seed, threads)
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, tuple):
        return isinstance(value, list | tuple)
    return isinstance(value, type(default))


def _pick(cls: Any, data: dict[str, Any]) -> Any:
    """The dataclass from ``data``, keeping known keys whose values have the right type
    (a hand-edited or damaged value falls back to its default, not to a crash later)."""
    defaults = cls()
    values = {
        f.name: data[f.name]
        for f in fields(cls)
        if f.name in data and fits(data[f.name], getattr(defaults, f.name))
    }
    for name in (*TEXTS, "grammar_openers"):
        if name in values:
            values[name] = tuple(str(s) for s in values[name])
    if "logit_bias" in values:
        values["logit_bias"] = tuple(tuple(x) for x in values["logit_bias"])
    return cls(**values)


# the load options that are one of a few names, with those names
LOAD_CHOICES: dict[str, tuple[str, ...]] = {
    "flash_attn": FLASH_ATTENTION,
    "cache_type_k": tuple(KV_CACHE_TYPES),
    "cache_type_v": tuple(KV_CACHE_TYPES),
}


def _load_options(data: dict[str, Any]) -> LoadOptions:
    """The load options from the file: a name that is not one of its choices falls back to
    the default, and flash attention saved as true (before it could be auto) reads "on"."""
    if data.get("flash_attn") is True:
        data = {**data, "flash_attn": "on"}
    data = {k: v for k, v in data.items() if k not in LOAD_CHOICES or v in LOAD_CHOICES[k]}
    options: LoadOptions = _pick(LoadOptions, data)
    return options


_TOP_LEVEL = (
    "models_dir",
    "extra_model_folders",
    "scan_other_apps",
    "download_concurrency",
    "server_enabled",
    "server_host",
    "server_port",
    "server_cors",
    "server_log_history",
    "tool_call_timeout_s",
    "max_tool_calls",
    "kv_states_ram_mb",
    "kv_states_disk_mb",
    "embedding_model",
    "doc_passages",
    "parallel_tool_calls",
)


def _pick_top(raw: dict[str, Any]) -> dict[str, Any]:
    """Top-level plain settings whose stored values have the right type."""
    defaults = Settings()
    values = {k: raw[k] for k in _TOP_LEVEL if k in raw and fits(raw[k], getattr(defaults, k))}
    if "extra_model_folders" in values:
        values["extra_model_folders"] = tuple(
            str(f) for f in values["extra_model_folders"] if isinstance(f, str) and f
        )
    if values.get("download_concurrency", 1) < 1:
        values.pop("download_concurrency")
    if not 1 <= values.get("server_port", 1) <= 65535:
        values.pop("server_port")
    if not values.get("server_host", "-").strip():
        values.pop("server_host")
    if values.get("tool_call_timeout_s", 1.0) <= 0:
        values.pop("tool_call_timeout_s")
    if values.get("max_tool_calls", 1) < 1:
        values.pop("max_tool_calls")
    for budget in ("kv_states_ram_mb", "kv_states_disk_mb"):
        if values.get(budget, 0) < 0:
            values.pop(budget)
    if not 1 <= values.get("doc_passages", 1) <= MAX_DOC_PASSAGES:
        values.pop("doc_passages")
    return values


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, and a sentence if the file had to be set aside."""
    path = path or paths.settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        settings = Settings(
            load=_load_options(raw.get("load", {})),
            sampling=_pick(SamplingParams, raw.get("sampling", {})),
            overflow_policy=raw.get("overflow_policy", "rolling"),
            default_persona=raw.get("default_persona", "assistant"),
            last_model=raw.get("last_model"),
            language=raw.get("language", ""),
            theme=raw.get("theme", "system"),
            **_pick_top(raw),
        )
        if settings.theme not in ("system", "light", "dark"):
            settings = replace(settings, theme="system")
        if settings.overflow_policy not in OVERFLOW_POLICIES:
            settings = replace(settings, overflow_policy="rolling")
        return settings, None
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        broken = path.with_suffix(".json.broken")
        try:
            path.replace(broken)
        except OSError:
            broken = path
        return (
            Settings(),
            f"The settings file was damaged ({exc}); kept it as {broken} and used defaults.",
        )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a file."""
    write_json_atomically(path or paths.settings_path(), asdict(settings))
