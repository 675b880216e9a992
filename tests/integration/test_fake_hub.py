"""The fake hub speaks the hub's protocol: the real huggingface_hub client reads it correctly."""

from __future__ import annotations

import hashlib
import types
from pathlib import Path

import httpx2
import pytest
from huggingface_hub import (
    HfApi,
    constants,
    file_download,
    get_hf_file_metadata,
    hf_hub_download,
    hf_hub_url,
)
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.hf_api import RepoFile, RepoFolder

from tests.helpers.fake_hub import FakeHub

REPO = "org/Tiny-GGUF"
GGUF = bytes(range(256)) * 64  # 16 KiB
GGUF_INFO = {"total": 16384, "architecture": "gemma3", "context_length": 32768}


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    fake_hub.valid_tokens.add("hf_good")
    fake_hub.add_repo(
        REPO,
        {"tiny-Q4_K_M.gguf": GGUF, "README.md": b"# tiny\n", "sub/tiny-Q8_0.gguf": b"q8"},
        downloads=10, likes=3, gguf=GGUF_INFO,
    )  # fmt: skip
    fake_hub.add_repo("org/big-gguf", {"big.gguf": b"b" * 10}, downloads=500, likes=1)
    fake_hub.add_repo("org/big-safetensors", {"model.safetensors": b"s"}, downloads=9000)
    fake_hub.add_repo("org/secret-gguf", {"s.gguf": b"s"}, private=True, downloads=99999)
    fake_hub.add_repo("org/gated-gguf", {"g.gguf": GGUF}, gated="manual")
    return fake_hub


def test_list_models_searches_filters_and_sorts(hub: FakeHub) -> None:
    api = HfApi(endpoint=hub.url, token=False)
    found = list(api.list_models(search="BIG", filter="gguf", sort="downloads"))
    assert [m.id for m in found] == ["org/big-gguf"]
    found = list(api.list_models(filter="gguf", sort="downloads", limit=2))
    assert [m.id for m in found] == ["org/big-gguf", REPO], "private repos are hidden"
    assert found[1].downloads == 10 and found[1].likes == 3 and found[1].gated is False
    assert found[1].author == "org" and "gguf" in (found[1].tags or [])
    assert found[1].last_modified is not None and found[1].gguf == GGUF_INFO
    expanded = list(api.list_models(filter="gguf", expand=["downloads", "gated"]))
    assert {m.id: m.gated for m in expanded}["org/gated-gguf"] == "manual"
    assert expanded[0].likes is None, "expand returns only what was asked for"
    authed = HfApi(endpoint=hub.url, token="hf_good").list_models(filter="gguf", sort="downloads")
    assert next(iter(authed)).id == "org/secret-gguf"


def test_model_info_and_tree(hub: FakeHub) -> None:
    api = HfApi(endpoint=hub.url, token=False)
    sha256 = hashlib.sha256(GGUF).hexdigest()
    info = api.model_info(REPO, files_metadata=True)
    assert info.sha == hub.commit(REPO) and len(info.sha) == 40
    sizes = {s.rfilename: (s.size, s.lfs.sha256 if s.lfs else None) for s in info.siblings or []}
    assert sizes["tiny-Q4_K_M.gguf"] == (len(GGUF), sha256)
    assert sizes["README.md"] == (7, None)
    info = api.model_info(REPO, expand=["gguf", "sha", "gated"])
    assert (info.sha, info.gated, info.gguf) == (hub.commit(REPO), False, GGUF_INFO)
    assert info.siblings is None and info.downloads is None
    entries = list(api.list_repo_tree(REPO, recursive=True, revision=info.sha))
    files = {e.path: e for e in entries if isinstance(e, RepoFile)}
    assert [e.path for e in entries if isinstance(e, RepoFolder)] == ["sub"]
    assert files["tiny-Q4_K_M.gguf"].size == len(GGUF) and files["README.md"].lfs is None
    assert files["tiny-Q4_K_M.gguf"].lfs is not None
    assert files["tiny-Q4_K_M.gguf"].lfs.sha256 == sha256
    assert files["sub/tiny-Q8_0.gguf"].size == 2
    assert "sub/tiny-Q8_0.gguf" not in {e.path for e in api.list_repo_tree(REPO)}
    with pytest.raises(RevisionNotFoundError):
        api.model_info(REPO, revision="nope")


def test_metadata_download_and_ranges(hub: FakeHub, tmp_path: Path) -> None:
    url = hf_hub_url(REPO, "tiny-Q4_K_M.gguf", endpoint=hub.url)
    meta = get_hf_file_metadata(url, token=False)
    sha256 = hashlib.sha256(GGUF).hexdigest()
    assert (meta.commit_hash, meta.etag, meta.size) == (hub.commit(REPO), sha256, len(GGUF))
    assert meta.location.startswith(f"{hub.cdn_url}/_cdn/{sha256}?")
    small = get_hf_file_metadata(hf_hub_url(REPO, "README.md", endpoint=hub.url), token=False)
    assert small.size == 7 and small.etag is not None and len(small.etag) == 40
    path = hf_hub_download(
        REPO, "tiny-Q4_K_M.gguf", endpoint=hub.url, cache_dir=tmp_path, token=False
    )
    assert Path(path).read_bytes() == GGUF and hub.bytes_served(REPO, "tiny-Q4_K_M.gguf") == len(
        GGUF
    )
    with httpx2.Client(follow_redirects=True) as client:
        tail = client.get(url, headers={"Range": "bytes=16000-"})
        assert tail.status_code == 206 and tail.content == GGUF[16000:]
        assert tail.headers["Content-Range"] == f"bytes 16000-16383/{len(GGUF)}"
        assert client.get(url, headers={"Range": "bytes=10-19"}).content == GGUF[10:20]
        too_far = client.get(url, headers={"Range": f"bytes={len(GGUF)}-"})
        assert too_far.status_code == 416 and too_far.headers["Content-Range"] == "bytes */16384"
        stale = client.get(url, headers={"Range": "bytes=10-", "If-Range": '"other"'})
        assert stale.status_code == 200 and stale.content == GGUF


def test_auth_errors_map_to_the_real_exceptions(hub: FakeHub, tmp_path: Path) -> None:
    gated = hf_hub_url("org/gated-gguf", "g.gguf", endpoint=hub.url)
    HfApi(endpoint=hub.url, token=False).model_info("org/gated-gguf")  # metadata is public
    with pytest.raises(GatedRepoError) as anon:
        get_hf_file_metadata(gated, token=False)
    with pytest.raises(GatedRepoError) as denied:
        hf_hub_download(
            "org/gated-gguf", "g.gguf", endpoint=hub.url, cache_dir=tmp_path, token="hf_good"
        )
    assert (anon.value.response.status_code, denied.value.response.status_code) == (401, 403)
    hub.grant("org/gated-gguf", "hf_good")
    path = hf_hub_download(
        "org/gated-gguf", "g.gguf", endpoint=hub.url, cache_dir=tmp_path, token="hf_good"
    )
    assert Path(path).read_bytes() == GGUF
    cdn = [r for r in hub.requests if r.path.startswith("/_cdn/")]
    assert cdn and "authorization" not in cdn[-1].headers, "the token never leaves the hub"
    with pytest.raises(RepositoryNotFoundError):
        HfApi(endpoint=hub.url, token=False).model_info("org/secret-gguf")
    with pytest.raises(RepositoryNotFoundError):
        get_hf_file_metadata(hf_hub_url("org/nope", "x.gguf", endpoint=hub.url), token="hf_good")
    assert HfApi(endpoint=hub.url, token="hf_good").model_info("org/secret-gguf").private is True
    for call in (
        lambda: HfApi(endpoint=hub.url, token="hf_bad").model_info(REPO),
        lambda: get_hf_file_metadata(
            hf_hub_url(REPO, "README.md", endpoint=hub.url), token="hf_bad"
        ),
        lambda: HfApi(endpoint=hub.url).whoami(token="hf_bad"),
    ):
        with pytest.raises(HfHubHTTPError) as bad:
            call()
        assert bad.value.response.status_code == 401
        assert not isinstance(bad.value, RepositoryNotFoundError)
    assert HfApi(endpoint=hub.url).whoami(token="hf_good")["name"] == "tester"
    with pytest.raises(RemoteEntryNotFoundError):
        get_hf_file_metadata(hf_hub_url(REPO, "missing.gguf", endpoint=hub.url), token=False)


def test_faults(hub: FakeHub) -> None:
    url = hf_hub_url(REPO, "tiny-Q4_K_M.gguf", endpoint=hub.url)
    hub.fault(REPO, "tiny-Q4_K_M.gguf", drop_after=1000)
    hub.fault(REPO, "tiny-Q4_K_M.gguf", corrupt=True)
    hub.fault(REPO, "tiny-Q4_K_M.gguf", status=500)
    hub.fault(REPO, "tiny-Q4_K_M.gguf", stall_after=10, stall_seconds=30)
    with httpx2.Client(follow_redirects=True, timeout=httpx2.Timeout(5, read=0.3)) as client:
        got = bytearray()
        with pytest.raises(httpx2.RemoteProtocolError), client.stream("GET", url) as response:
            for chunk in response.iter_bytes():
                got += chunk
        assert bytes(got) == GGUF[:1000]
        corrupt = client.get(url).content
        assert len(corrupt) == len(GGUF) and corrupt != GGUF
        assert client.get(url).status_code == 500
        with pytest.raises(httpx2.ReadTimeout), client.stream("GET", url) as response:
            response.read()
        assert client.get(url).content == GGUF, "faults are used up"
    assert hub.bytes_served(REPO, "tiny-Q4_K_M.gguf") == 1000 + 2 * len(GGUF) + 10


def test_hf_hub_download_resumes_after_a_drop(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_download, "time", types.SimpleNamespace(sleep=lambda _s: None))
    # http_get reads in DOWNLOAD_CHUNK_SIZE (10 MB) pieces; a partial piece is lost on a drop
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 1000)
    hub.fault(REPO, "tiny-Q4_K_M.gguf", drop_after=5000)
    path = hf_hub_download(
        REPO, "tiny-Q4_K_M.gguf", endpoint=hub.url, cache_dir=tmp_path, token=False
    )
    assert Path(path).read_bytes() == GGUF
    assert [r.range for r in hub.requests if r.path.startswith("/_cdn/")] == [None, "bytes=5000-"]
    new_sha = hub.set_file(REPO, "tiny-Q4_K_M.gguf", GGUF[::-1])
    meta = get_hf_file_metadata(hf_hub_url(REPO, "tiny-Q4_K_M.gguf", endpoint=hub.url), token=False)
    assert meta.commit_hash == new_sha and meta.etag == hashlib.sha256(GGUF[::-1]).hexdigest()
