"""Network failures read as one sentence for a person: the likely cause in words, never an
exception's class name ("(gaierror)", "(ConnectError)"), which goes to the log instead."""

from __future__ import annotations

import logging
import socket

import httpx2
import pytest
from huggingface_hub import errors as hf_errors

from deskchat.hub import remote as hub_remote
from deskchat.hub.network import why_unreachable
from deskchat.remote.errors import dropped, unreachable

BASE = "http://lab:8080/v1"
HUB = "https://hub.example"
CLASS_NAMES = ("gaierror", "ConnectError", "ReadError", "OSError", "RemoteProtocolError")


def _dns_failure() -> BaseException:
    try:
        socket.getaddrinfo("name.that.does.not.resolve.invalid", 443)
    except socket.gaierror as exc:
        return exc
    pytest.skip("this machine resolves every name")


def test_the_hub_unreachable_by_name_says_so_without_a_class_name() -> None:
    text = str(hub_remote.unreachable(HUB, _dns_failure()))
    assert text == (
        f"The Hugging Face hub at {HUB} cannot be reached (its name could not be found); "
        "check the network connection. Models already on this computer still work."
    )


def test_the_hub_refusing_the_connection_says_so() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(OSError) as refused:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    text = str(hub_remote.unreachable(HUB, refused.value))
    assert "(the connection was refused)" in text
    assert not any(name in text for name in CLASS_NAMES)


def test_an_unexplained_failure_logs_its_class_and_the_sentence_leaves_it_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    odd = httpx2.ConnectError("something unusual")
    with caplog.at_level(logging.INFO, logger="deskchat.hub.network"):
        assert why_unreachable(odd) is None
        remote_text = str(unreachable(BASE, odd))
        hub_text = str(hub_remote.unreachable(HUB, odd))
    assert remote_text == (
        f"The server at {BASE} cannot be reached; check the address and that the server is running."
    )
    assert hub_text.startswith(f"The Hugging Face hub at {HUB} cannot be reached; check")
    assert "ConnectError" in caplog.text  # the class name is in the log, for whoever debugs


def test_a_dropped_stream_names_no_exception_class() -> None:
    text = str(dropped(BASE, httpx2.RemoteProtocolError("peer closed connection")))
    assert text == (
        f"The connection to the server at {BASE} was lost mid-answer; the text that arrived "
        "is kept."
    )


def test_hub_status_errors_are_translatable_sentences() -> None:
    busy = httpx2.Response(503, request=httpx2.Request("GET", HUB))
    refused = hf_errors.HfHubHTTPError("busy", response=busy)
    error = hub_remote.classify(refused, repo_id="a/b", have_token=False, endpoint=HUB)
    assert error.sentence is not None  # the window words it in the reader's language
    assert str(error) == "The hub had an internal error (HTTP 503); try again shortly."
    missing = hub_remote.classify(
        hf_errors.RepositoryNotFoundError(
            "no", response=httpx2.Response(404, request=httpx2.Request("GET", HUB))
        ),
        repo_id="a/b",
        have_token=False,
        endpoint=HUB,
    )
    assert missing.sentence is not None
    assert str(missing).startswith("There is no repository “a/b” on the hub you can see.")
