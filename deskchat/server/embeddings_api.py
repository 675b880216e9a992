"""POST /v1/embeddings in OpenAI's shape, over the app's embedding service.

``input`` is a string, a list of strings, a list of token ids or a list of those;
``encoding_format`` "float" (lists of numbers) or "base64" (little-endian float32, what the
official Python client asks for by default). Any ``model`` name is taken (clients and
libraries often send OpenAI's own names); the reply names the model that answered.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from deskchat.errors import DeskchatError, EngineCrashedError, ModelLoadError
from deskchat.server.errors import ApiError, bad_request
from deskchat.server.records import Progress
from deskchat.services.embeddings import EmbeddingService, NoEmbeddingModelError, Text

MAX_INPUTS = 2048  # OpenAI's own limit on one request's inputs


def parse_input(value: Any) -> list[Text]:
    """The texts (or token lists) of ``input``, as a 400 with a sentence when malformed."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not value:
        raise bad_request("input must be a string or a non-empty list of strings.", "input")
    if all(_is_token(v) for v in value):
        return [[int(v) for v in value]]
    texts: list[Text] = []
    for item in value:
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, list) and item and all(_is_token(v) for v in item):
            texts.append([int(v) for v in item])
        else:
            raise bad_request(
                "Each input must be a string or a non-empty list of token ids.", "input"
            )
    if len(texts) > MAX_INPUTS:
        raise bad_request(f"At most {MAX_INPUTS} inputs fit one request.", "input")
    return texts


def _is_token(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def embeddings_reply(
    service: EmbeddingService | None, body: dict[str, Any], progress: Progress
) -> dict[str, Any]:
    """The response body, or ``ApiError``."""
    if service is None or not service.configured:
        raise bad_request(
            "No embedding model is set in deskchat; choose one in Settings or start the server"
            " with --embedding-model PATH.",
            "model",
        )
    if not isinstance(body.get("model"), str) or not body["model"].strip():
        raise bad_request("The request needs a model name.", "model")
    texts = parse_input(body.get("input"))
    encoding = body.get("encoding_format", "float")
    if encoding not in ("float", "base64"):
        raise bad_request('encoding_format must be "float" or "base64".', "encoding_format")
    try:
        dims = service.model.dims
        if body.get("dimensions") not in (None, dims):
            raise bad_request(
                f"This model makes {dims}-dimensional vectors; dimensions cannot be"
                f" {body['dimensions']}.",
                "dimensions",
            )
        result = service.embed_counted(texts)
    except NoEmbeddingModelError as exc:
        raise bad_request(str(exc), "model") from None
    except DeskchatError as exc:  # a crash or a load failure is the server's; the rest the input's
        progress.error = str(exc)
        if isinstance(exc, EngineCrashedError):
            raise ApiError(500, str(exc), code="engine_crashed") from None
        raise ApiError(500 if isinstance(exc, ModelLoadError) else 400, str(exc)) from None
    name = Path(result.model.path).stem
    progress.model = name
    progress.prompt_tokens = result.tokens
    data = [
        {
            "object": "embedding",
            "index": i,
            "embedding": (
                base64.b64encode(row.astype("<f4").tobytes()).decode("ascii")
                if encoding == "base64"
                else row.tolist()
            ),
        }
        for i, row in enumerate(result.vectors)
    ]
    usage = {"prompt_tokens": result.tokens, "total_tokens": result.tokens}
    return {"object": "list", "data": data, "model": name, "usage": usage}
