"""Choosing what to download: each of a repository's files labelled for this machine
(fits on GPU / fits in RAM / tight / won't fit) and one marked as recommended, plus the
starter list offered on first start."""

from __future__ import annotations

import json
from dataclasses import dataclass

from deskchat import paths
from deskchat.hub.fit import FitReport, MachineMemory, assess, estimate_needed, recommend
from deskchat.hub.gguf_header import KVShape, kv_shape, parse_header_prefix
from deskchat.hub.remote import HubClient, HubError, ModelChoice, RepoFiles


@dataclass(frozen=True)
class ChoiceFit:
    choice: ModelChoice
    report: FitReport
    recommended: bool


@dataclass(frozen=True)
class Starter:
    repo_id: str
    filename: str
    title: str
    note: str


def remote_shape(hub: HubClient, repo: RepoFiles) -> KVShape | None:
    """The model's attention shape, read from the header of the repository's smallest file
    (every quantization of a repo shares it), so the KV-cache estimate is exact. None when
    the header cannot be fetched: the estimate then falls back to a conservative formula."""
    if not repo.choices:
        return None
    first = repo.choices[0].filename
    try:
        header = parse_header_prefix(hub.header_prefix(repo.repo_id, first, repo.commit))
    except (HubError, ValueError):
        return None
    return kv_shape(header.fields)


def assess_choices(
    repo: RepoFiles,
    memory: MachineMemory,
    *,
    gpu_offload: bool,
    n_ctx: int,
    shape: KVShape | None,
    cache_types: tuple[str, str] = ("f16", "f16"),
) -> list[ChoiceFit]:
    params = repo.gguf.get("total")
    parameters = int(params) if isinstance(params, int | float) and params > 0 else None
    if shape is not None and shape.context_length:
        n_ctx = min(n_ctx, shape.context_length)
    reports = [
        assess(
            estimate_needed(
                c.size, n_ctx, shape=shape, parameters=parameters, cache_types=cache_types
            ),
            memory,
            gpu_offload=gpu_offload,
            n_ctx=n_ctx,
        )
        for c in repo.choices
    ]
    best = recommend(
        [(c.quantization, c.size) for c in repo.choices],
        memory,
        gpu_offload=gpu_offload,
        n_ctx=n_ctx,
        shape=shape,
        cache_types=cache_types,
    )
    return [
        ChoiceFit(c, r, i == best)
        for i, (c, r) in enumerate(zip(repo.choices, reports, strict=True))
    ]


def pick_choice(repo: RepoFiles, fits: list[ChoiceFit], wanted: str | None) -> ModelChoice:
    """A choice by file name, quantization label ("Q4_K_M") or, with nothing asked for, the
    recommended one. Raises HubError with the available names."""
    if wanted:
        w = wanted.lower()
        for c in repo.choices:
            names = {c.name.lower(), c.quantization.lower(), *(p.path.lower() for p in c.parts)}
            if w in names or any(n.rsplit("/", 1)[-1] == w for n in names):
                return c
        options = ", ".join(c.quantization or c.name for c in repo.choices) or "none"
        raise HubError(f"{repo.repo_id} has no GGUF file “{wanted}”; its files: {options}.")
    for f in fits:
        if f.recommended:
            return f.choice
    if not repo.choices:
        raise HubError(f"{repo.repo_id} has no GGUF model files.")
    raise HubError(
        f"None of {repo.repo_id}'s files fits this machine comfortably; name one explicitly "
        "to download it anyway."
    )


def starters() -> list[Starter]:
    """Small instruct models worth offering on first start (resources/starters.json)."""
    raw = json.loads((paths.resources_dir() / "starters.json").read_text(encoding="utf-8"))
    return [Starter(**entry) for entry in raw]
