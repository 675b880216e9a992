"""Remote OpenAI-compatible servers for both faces: the endpoint list, their API keys, their
model lists, and a ready ``RemoteEngine`` for a chosen model.

Everything that asks the network (``models``, ``open_engine``) blocks: the GUI calls it on
a worker thread. The key of each server lives in the OS keyring (``EndpointKeys``); where
there is none, ``add`` raises ``secrets.NoKeyringError`` and may be called again with
``session_only=True``.
"""

from __future__ import annotations

from dataclasses import replace

from deskchat.errors import DeskchatError
from deskchat.remote.client import OpenAIClient
from deskchat.remote.endpoints import (
    Endpoint,
    EndpointError,
    EndpointStore,
    check_name,
    normalize_base_url,
    parse_remote_ref,
    remote_ref,
)
from deskchat.remote.engine import RemoteEngine
from deskchat.remote.errors import RemoteModelNotFoundError
from deskchat.remote.keys import EndpointKeys
from deskchat.remote.wire import RemoteModel
from deskchat.sentences import Sentence

__all__ = [
    "Endpoint",
    "RemoteAccess",
    "RemoteEngine",
    "RemoteModel",
    "parse_remote_ref",
    "remote_ref",
]


class RemoteAccess:
    def __init__(
        self, store: EndpointStore | None = None, keys: EndpointKeys | None = None
    ) -> None:
        self.store = store or EndpointStore()
        self.keys = keys or EndpointKeys()

    def load(self) -> tuple[list[Endpoint], str | None]:
        """The endpoints, and a sentence if their file had to be set aside."""
        return self.store.load()

    def endpoints(self) -> list[Endpoint]:
        return self.store.all()

    def get(self, name: str) -> Endpoint:
        return self.store.get(name)

    def add(
        self,
        name: str,
        base_url: str,
        *,
        api_key: str | None = None,
        session_only: bool = False,
        key_env: str | None = None,
        default_context: int | None = None,
        extra_sampling: bool | None = None,
    ) -> tuple[Endpoint, str]:
        """Add a server, or update the one with that name (its key stays unless a new one
        is given). Returns it and a sentence saying what happened to the key. The key is
        stored first: when there is no keyring, nothing is saved and
        ``secrets.NoKeyringError`` says so."""
        name = check_name(name)
        try:
            current: Endpoint | None = self.store.get(name)
        except DeskchatError:
            current = None
        if current is not None and current.name != name:
            current = None  # a different server whose name differs only in case
        endpoint = Endpoint(name, normalize_base_url(base_url))
        if current is not None:
            endpoint = replace(current, base_url=endpoint.base_url)
        if key_env is not None:
            endpoint = replace(endpoint, key_env=key_env.strip() or None)
        if default_context is not None:
            if default_context <= 0:
                raise EndpointError("The default context must be a positive number of tokens.")
            endpoint = replace(endpoint, default_context=default_context)
        if extra_sampling is not None:
            endpoint = replace(endpoint, extra_sampling=extra_sampling)
        said = "Its API key is unchanged." if current is not None else "No API key is set."
        if api_key is not None and api_key.strip():
            said = self.keys.set(endpoint, api_key, session_only=session_only)
        elif key_env:
            said = f"Its API key is read from the {key_env} environment variable."
        self.store.put(endpoint)
        return endpoint, said

    def remove(self, name: str) -> Endpoint:
        """Forget a server and its API key."""
        endpoint = self.store.remove(name)
        self.keys.clear(endpoint)
        return endpoint

    def client(self, endpoint: Endpoint) -> OpenAIClient:
        return OpenAIClient(endpoint.base_url, self.keys.get(endpoint))

    def models(self, name: str) -> list[RemoteModel]:
        """The server's model list (GET {base}/models); blocks."""
        client = self.client(self.store.get(name))
        try:
            return client.models()
        finally:
            client.close()

    def open_engine(
        self,
        name: str,
        model_id: str | None = None,
        *,
        context_length: int | None = None,
        models: list[RemoteModel] | None = None,
    ) -> RemoteEngine:
        """An engine for ``model_id`` on server ``name``; blocks while it fetches the model
        list (unless ``models`` is given) to check the model and learn its context length.
        With no ``model_id``, a server offering exactly one model uses that one."""
        endpoint = self.store.get(name)
        client = self.client(endpoint)
        try:
            offered = models if models is not None else client.models()
            model = _pick(endpoint, offered, model_id)
        except BaseException:
            client.close()
            raise
        if context_length:
            n_ctx, source = context_length, "setting"
        elif model.context_length:
            n_ctx, source = model.context_length, "server"
        else:
            n_ctx, source = endpoint.default_context, "default"
        return RemoteEngine(
            endpoint, model.id, context_length=n_ctx, context_source=source, client=client
        )


def _pick(endpoint: Endpoint, offered: list[RemoteModel], model_id: str | None) -> RemoteModel:
    names = ", ".join(m.id for m in offered[:12]) + (" …" if len(offered) > 12 else "")
    if model_id is None:
        if len(offered) == 1:
            return offered[0]
        if not offered:
            raise RemoteModelNotFoundError(
                Sentence(
                    "The server “{name}” at {url} offers no models.",
                    name=endpoint.name,
                    url=endpoint.base_url,
                )
            )
        raise DeskchatError(
            Sentence(
                "The server “{name}” offers {n} models; choose one of them: {names}.",
                name=endpoint.name,
                n=len(offered),
                names=names,
            )
        )
    for model in offered:
        if model.id == model_id:
            return model
    raise RemoteModelNotFoundError(
        Sentence(
            "The server “{name}” at {url} has no model “{model}”; it offers: {names}.",
            name=endpoint.name,
            url=endpoint.base_url,
            model=model_id,
            names=names or Sentence("none"),
        )
    )
