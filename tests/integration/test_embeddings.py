"""Embeddings with real llama.cpp: a tiny random-weight BERT GGUF the tests write, in the
embedding engine process, through the service and POST /v1/embeddings (the `openai`
client). Random weights make the vectors meaningless, so the tests check what a caller
relies on: dimensions, unit length, order, batching, truncation, crashes, refusals."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import openai
import pytest

from deskchat.app_state import AppState, SettingsError
from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.engine.embed_client import EmbedClient
from deskchat.engine.embed_protocol import EmbedLoadRequest
from deskchat.errors import DeskchatError, EngineCrashedError, ModelFileError
from deskchat.hub.gguf_meta import read_gguf_info
from deskchat.hub.library import Library
from deskchat.hub.tiny_embed_gguf import CONTEXT, N_EMBD, write_tiny_embed_gguf
from deskchat.server import OpenAIServer
from deskchat.services.api_turns import ApiTurns
from deskchat.services.embeddings import EmbeddingService, NoEmbeddingModelError
from deskchat.services.model_loader import load_model
from tests.conftest import run_cli
from tests.helpers.waits import wait_until

SENTENCES = [
    "hello world",
    "the cat sat on the mat",
    "the dog and the cat",
    "you are the world",
    "is it 42?",
]


@pytest.fixture(scope="session")
def embed_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_embed_gguf(tmp_path_factory.mktemp("embed") / "tiny-test-embed.gguf")


@pytest.fixture(scope="module")
def embedder(embed_model: Path) -> Iterator[EmbedClient]:
    with EmbedClient() as client:
        client.load(EmbedLoadRequest(str(embed_model), n_threads=1))
        yield client


def test_vectors_have_the_models_dimensions_and_unit_length(embedder: EmbedClient) -> None:
    reply = embedder.embed(SENTENCES)
    vectors = reply.matrix()
    assert vectors.shape == (len(SENTENCES), N_EMBD)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert reply.truncated == 0 and reply.tokens > len(SENTENCES)
    assert embedder.model is not None
    assert (embedder.model.dims, embedder.model.pooling) == (N_EMBD, "mean")
    # different texts, different vectors
    assert len({row.tobytes() for row in vectors}) == len(SENTENCES)


def test_a_batch_gives_the_vectors_of_one_text_at_a_time(embedder: EmbedClient) -> None:
    many = [f"{s} {i}" for i in range(40) for s in SENTENCES]  # several llama.cpp calls
    together = embedder.embed(many).matrix()
    alone = np.vstack([embedder.embed([text]).matrix() for text in many[:12]])
    assert np.allclose(together[:12], alone, atol=1e-5)


def test_vectors_match_plain_llama_cpp_python(embedder: EmbedClient, embed_model: Path) -> None:
    import llama_cpp

    llm = llama_cpp.Llama(
        model_path=str(embed_model), embedding=True, n_ctx=512, n_threads=1, verbose=False
    )
    try:
        plain = np.array(llm.embed(SENTENCES, normalize=True))
    finally:
        llm.close()
    assert np.allclose(embedder.embed(SENTENCES).matrix(), plain, atol=1e-5)


def test_a_text_longer_than_the_context_is_cut_and_counted(embedder: EmbedClient) -> None:
    fits = "a " * (CONTEXT - 2)  # [CLS], one token a word, [SEP]: exactly the context
    reply = embedder.embed([fits, "a " * 300, "hello"])
    assert reply.truncated == 1
    vectors = reply.matrix()
    assert np.allclose(vectors[0], vectors[1], atol=1e-5)  # cut to what fits, [SEP] kept
    first = embedder.embed([fits])
    assert first.truncated == 0 and first.tokens == CONTEXT
    # the documents code splits chunks by these counts, which are never cut
    assert embedder.count_tokens([fits, "a " * 300, "hello"]) == [CONTEXT, 302, 3]


def test_token_ids_embed_like_their_text_and_bad_ones_are_a_sentence(
    embedder: EmbedClient,
) -> None:
    import llama_cpp

    text = "the cat sat"
    vocab_model = llama_cpp.Llama(
        model_path=embedder.model.path if embedder.model else "",
        vocab_only=True,
        verbose=False,
    )
    try:
        ids = vocab_model.tokenize(text.encode())
    finally:
        vocab_model.close()
    both = embedder.embed([text, ids]).matrix()
    assert np.allclose(both[0], both[1], atol=1e-6)
    with pytest.raises(DeskchatError, match="outside the vocabulary"):
        embedder.embed([[1, 2, 10**6]])


def test_an_empty_text_is_a_sentence_and_the_engine_goes_on(embed_model: Path) -> None:
    with EmbedClient() as client:
        # a vocabulary without [CLS]/[SEP] would give no tokens; this one gives two
        client.load(EmbedLoadRequest(str(embed_model), n_threads=1))
        with pytest.raises(DeskchatError, match="Input 2 is empty"):
            client.embed(["hello", []])
        assert client.embed(["hello"]).count == 1


def test_a_crash_while_embedding_is_a_sentence_and_the_next_call_restarts(
    embed_model: Path,
) -> None:
    with EmbedClient() as client:
        client.load(EmbedLoadRequest(str(embed_model), n_threads=1))
        first_pid = client.pid
        assert first_pid is not None
        texts = [f"the cat sat on the mat {i}" for i in range(20000)]

        def kill_when_busy() -> None:
            wait_until(lambda: client._stale, timeout=60, what="the embedding to start")
            os.kill(first_pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_when_busy)
        killer.start()
        with pytest.raises(EngineCrashedError, match=r"stopped \(signal 9.*while embedding"):
            client.embed(texts)
        killer.join()
        assert client.embed(["hello"]).count == 1  # a fresh engine, the same model
        assert client.pid != first_pid


def test_the_header_tells_embedding_models_from_chat_models(
    embed_model: Path, tiny_model: Path, tmp_path: Path
) -> None:
    assert read_gguf_info(embed_model).kind == "embedding"
    assert read_gguf_info(tiny_model).kind == "chat"
    folder = tmp_path / "models"
    folder.mkdir()
    for model in (embed_model, tiny_model):
        (folder / model.name).write_bytes(model.read_bytes())
    library = Library(folder, other_apps=False, cache_path=tmp_path / "cache.json")
    kinds = {m.path.name: m.kind for m in library.scan()}
    assert kinds == {embed_model.name: "embedding", tiny_model.name: "chat"}
    with pytest.raises(ModelFileError, match=r"is an embedding model.*cannot chat"):
        load_model(EngineClient(), str(embed_model), LoadOptions())


def test_the_service_starts_lazily_and_follows_the_setting(
    embed_model: Path, tiny_model: Path, tmp_path: Path
) -> None:
    state = AppState(path=tmp_path / "settings.json")
    with pytest.raises(SettingsError, match="no file at"):
        state.update(embedding_model=str(tmp_path / "missing.gguf"))
    service = EmbeddingService(lambda: state.current.embedding_model, n_threads=1)
    try:
        assert not service.configured
        with pytest.raises(NoEmbeddingModelError, match="No embedding model is set"):
            service.embed(["hello"])
        state.update(embedding_model=str(tiny_model))
        with pytest.raises(ModelFileError, match="not an embedding model"):
            service.embed(["hello"])
        state.update(embedding_model=str(embed_model))
        many = [f"text {i}" for i in range(600)]  # more than one engine request
        result = service.embed_counted(many)
        assert result.vectors.shape == (600, N_EMBD)
        assert result.model.name == "tiny-test-embed"
        assert np.allclose(service.embed(many[-3:]), result.vectors[-3:], atol=1e-5)
        assert service.count_tokens(["hello world"]) == [4]  # [CLS] hello world [SEP]
    finally:
        service.close()


@pytest.fixture(scope="module")
def served(tiny_engine: EngineClient, embed_model: Path) -> Iterator[tuple[str, str]]:
    service = EmbeddingService(lambda: str(embed_model), n_threads=1)
    with (
        OpenAIServer(ApiTurns(tiny_engine, embeddings=service), port=0) as with_model,
        OpenAIServer(ApiTurns(tiny_engine), port=0) as without,
    ):
        yield with_model.url, without.url
    service.close()


def test_the_api_answers_embeddings_in_openais_format(served: tuple[str, str]) -> None:
    with openai.OpenAI(base_url=served[0], api_key="unused", max_retries=0) as client:
        answer = client.embeddings.create(input=SENTENCES[:3], model="text-embedding-3-small")
        one = client.embeddings.create(input="hello world", model="x", encoding_format="float")
        ids = client.embeddings.create(input=[[2, 5, 3], [2, 6, 3]], model="x")
    assert [d.index for d in answer.data] == [0, 1, 2]
    assert all(d.object == "embedding" and len(d.embedding) == N_EMBD for d in answer.data)
    assert np.allclose(np.linalg.norm([d.embedding for d in answer.data], axis=1), 1, atol=1e-5)
    assert answer.model == "tiny-test-embed"
    assert answer.usage.prompt_tokens == answer.usage.total_tokens > 3
    assert np.allclose(one.data[0].embedding, answer.data[0].embedding, atol=1e-5)
    assert len(ids.data) == 2


def test_the_api_refuses_embeddings_without_a_model(served: tuple[str, str]) -> None:
    with (
        openai.OpenAI(base_url=served[1], api_key="unused", max_retries=0) as client,
        pytest.raises(openai.BadRequestError, match="No embedding model is set"),
    ):
        client.embeddings.create(input="hello", model="x")
    with openai.OpenAI(base_url=served[0], api_key="unused", max_retries=0) as client:
        with pytest.raises(openai.BadRequestError, match="dimensions cannot be 8"):
            client.embeddings.create(input="hello", model="x", dimensions=8)
        with pytest.raises(openai.BadRequestError, match="input must be"):
            client.embeddings.create(input=[], model="x")


def test_models_list_shows_which_model_is_for_embeddings(
    embed_model: Path, tiny_model: Path
) -> None:
    for model in (embed_model, tiny_model):
        imported = run_cli("models", "import", "--link", str(model))
        assert imported.returncode == 0, imported.stderr
    listed = run_cli("models", "list")
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line.split()[1] for line in listed.stdout.splitlines() if line}
    assert lines == {"tiny-test-embed.gguf": "embedding", "tiny-test-chat.gguf": "chat"}
