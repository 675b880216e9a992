"""The local model library: real folder layouts with tiny real GGUFs, as a user has them."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from deskchat.errors import DeskchatError
from deskchat.hub import gguf_meta
from deskchat.hub import library as library_mod
from deskchat.hub.library import Library, LibraryError, LocalModel
from deskchat.hub.other_apps import AppFolder, ollama_models, other_app_folders
from deskchat.hub.tiny_gguf import write_tiny_gguf

LINUX = {"HOME": "unused"}  # no XDG variables: the defaults under the home apply


@pytest.fixture(scope="module")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The tiny model's bytes, written once and copied into each layout."""
    return write_tiny_gguf(tmp_path_factory.mktemp("tiny") / "tiny.gguf").read_bytes()


def put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def put_ollama(models: Path, data: bytes, namespace: str, model: str, tag: str) -> Path:
    digest = hashlib.sha256(f"{namespace}/{model}:{tag}".encode()).hexdigest()
    blob = put(models / "blobs" / f"sha256-{digest}", data)
    manifest = {
        "schemaVersion": 2,
        "layers": [
            {"mediaType": "application/vnd.ollama.image.template", "digest": "sha256:00"},
            {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}"},
        ],
    }
    path = models / "manifests" / "registry.ollama.ai" / namespace / model / tag
    put(path, json.dumps(manifest).encode())
    return blob


@pytest.fixture
def home(tmp_path: Path, gguf: bytes) -> Path:
    """A Linux home with LM Studio, Ollama, Jan and GPT4All models in their default places."""
    home = tmp_path / "home"
    put(home / ".lmstudio/models/lmstudio-community/Tiny-GGUF/tiny-lms-Q8_0.gguf", gguf)
    put_ollama(home / ".ollama/models", gguf, "library", "tiny", "latest")
    put(home / ".local/share/Jan/data/llamacpp/models/tiny-jan/model.gguf", gguf)
    put(home / ".local/share/nomic.ai/GPT4All/tiny-gpt4all.Q4_0.gguf", gguf)
    return home


@pytest.fixture
def models(tmp_path: Path, gguf: bytes) -> Path:
    """deskchat's models folder: an owner/repo download plus things that must not be listed."""
    root = tmp_path / "models"
    put(root / "bartowski/Tiny-GGUF/tiny-Q4_K_M.gguf", gguf)
    put(root / ".downloads/half-done.gguf", gguf[:1000])
    put(root / ".quarantine/bad.gguf", gguf)
    put(root / "bartowski/Tiny-GGUF/next.gguf.part", gguf[:1000])
    put(root / "bartowski/Tiny-GGUF/README.txt", b"hello")
    put(root / "bartowski/Tiny-GGUF/mmproj-tiny-f16.gguf", gguf)
    return root


def lib(models: Path, tmp_path: Path, home: Path | None = None, **kw: Any) -> Library:
    """A library over ``models`` that sees only the other apps under ``home``."""
    folders = other_app_folders(home, LINUX, "linux") if home else []
    return Library(models, app_folders=folders, cache_path=tmp_path / "cache.json", **kw)


def by_name(models: list[LocalModel]) -> dict[str, LocalModel]:
    return {m.name: m for m in models}


# ---- other apps' folders ------------------------------------------------------------


def test_other_apps_found_in_their_linux_places(home: Path) -> None:
    found = other_app_folders(home, LINUX, "linux")
    assert [(f.app, f.kind) for f in found] == [
        ("LM Studio", "tree"),
        ("Ollama", "ollama"),
        ("Jan", "tree"),
        ("GPT4All", "tree"),
    ]
    assert found[0].path == home / ".lmstudio/models"
    assert other_app_folders(home.parent / "empty-home", {}, "linux") == []


def test_other_apps_on_macos_and_windows_and_moved_folders(tmp_path: Path, gguf: bytes) -> None:
    mac = tmp_path / "mac"
    support = mac / "Library/Application Support"
    put(support / "Jan/data/llamacpp/models/a/model.gguf", gguf)
    put(support / "nomic.ai/GPT4All/b.gguf", gguf)
    assert {f.path for f in other_app_folders(mac, {}, "darwin")} == {
        support / "Jan/data/llamacpp/models",
        support / "nomic.ai/GPT4All",
    }

    win = tmp_path / "win"
    env = {"APPDATA": str(win / "Roaming"), "LOCALAPPDATA": str(win / "Local")}
    put(win / "Local/nomic.ai/GPT4All/c.gguf", gguf)
    put(win / "Roaming/Jan/data/llamacpp/models/d/model.gguf", gguf)
    put(win / ".ollama/models/blobs/x", b"")
    assert {(f.app, f.path) for f in other_app_folders(win, env, "win32")} == {
        ("GPT4All", win / "Local/nomic.ai/GPT4All"),
        ("Jan", win / "Roaming/Jan/data/llamacpp/models"),
        ("Ollama", win / ".ollama/models"),
    }

    # Moved: LM Studio's home pointer, OLLAMA_MODELS, GPT4All's modelPath setting.
    moved = tmp_path / "moved"
    put(moved / "lms/models/p/r/e.gguf", gguf)
    (moved / ".lmstudio-home-pointer").write_text(f"{moved / 'lms'}\n")
    put(moved / "ollama-store/blobs/y", b"")
    put(moved / "gpt/f.gguf", gguf)
    put(moved / ".config/nomic.ai/GPT4All.ini", f"[General]\nmodelPath={moved / 'gpt'}\n".encode())
    env = {"OLLAMA_MODELS": str(moved / "ollama-store")}
    assert {f.path for f in other_app_folders(moved, env, "linux")} == {
        moved / "lms/models",
        moved / "ollama-store",
        moved / "gpt",
    }


def test_ollama_names_match_ollama_list_and_skip_non_gguf(tmp_path: Path, gguf: bytes) -> None:
    store = tmp_path / "ollama"
    put_ollama(store, gguf, "library", "tiny", "latest")
    put_ollama(store, gguf, "someone", "custom", "q4")
    put_ollama(store, b"not a gguf at all", "library", "safetensors", "latest")
    put(store / "manifests/registry.ollama.ai/library/broken/latest", b"{not json")
    assert [m.name for m in ollama_models(store)] == ["someone/custom:q4", "tiny:latest"]
    assert ollama_models(tmp_path / "nowhere") == []


# ---- scanning -----------------------------------------------------------------------


def test_scan_lists_every_model_once_with_header_metadata(
    models: Path, home: Path, tmp_path: Path
) -> None:
    found = lib(models, tmp_path, home).scan()
    assert [(m.name, m.source) for m in found] == [
        ("Tiny-GGUF/tiny-lms-Q8_0.gguf", "LM Studio"),
        ("Tiny-GGUF/tiny-Q4_K_M.gguf", "deskchat"),
        ("tiny-gpt4all.Q4_0.gguf", "GPT4All"),
        ("tiny-jan", "Jan"),
        ("tiny:latest", "Ollama"),
    ]
    own = by_name(found)["Tiny-GGUF/tiny-Q4_K_M.gguf"]
    assert own.repo_id == "bartowski/Tiny-GGUF" and own.owned
    assert (own.architecture, own.context_length, own.has_chat_template) == ("llama", 4096, True)
    assert own.quantization == "F32"  # the header, not the misleading file name
    assert own.parameters > 0 and own.error is None
    assert own.size_bytes == own.path.stat().st_size
    assert by_name(found)["Tiny-GGUF/tiny-lms-Q8_0.gguf"].repo_id == "lmstudio-community/Tiny-GGUF"
    assert not any(m.owned for m in found if m.source != "deskchat")


def test_split_damaged_and_incomplete_models(models: Path, tmp_path: Path, gguf: bytes) -> None:
    extra = tmp_path / "extra"
    put(extra / "big-00001-of-00002.gguf", gguf)
    put(extra / "big-00002-of-00002.gguf", gguf)
    put(extra / "sub/lonely-00001-of-00003.gguf", gguf)
    put(extra / "broken.gguf", gguf[: len(gguf) // 2])
    single = by_name(lib(models, tmp_path).scan())["Tiny-GGUF/tiny-Q4_K_M.gguf"]

    found = by_name(lib(models, tmp_path, extra_folders=[extra]).scan())
    big = found["big.gguf"]
    assert big.path == extra / "big-00001-of-00002.gguf" and len(big.parts) == 2
    assert big.size_bytes == 2 * len(gguf) and big.source == "folder" and big.error is None
    assert big.parameters == 2 * single.parameters
    assert "missing" in (found["lonely.gguf"].error or "")
    assert "lonely-00002-of-00003.gguf" in (found["lonely.gguf"].error or "")
    assert "download it again" in (found["broken.gguf"].error or "")
    assert all(m.error is None for n, m in found.items() if n not in ("lonely.gguf", "broken.gguf"))


def test_folders_seen_twice_and_unreadable_folders(models: Path, tmp_path: Path) -> None:
    (models / "bartowski/back-to-top").symlink_to(models)  # a folder cycle
    (models / "loop.gguf").symlink_to(models / "loop.gguf")  # a file that points at itself
    (models / "dangling.gguf").symlink_to(tmp_path / "deleted.gguf")
    library = lib(models, tmp_path, extra_folders=[models, tmp_path / "missing"])
    assert [m.source for m in library.scan()] == ["deskchat"]  # not again as "folder"
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    locked = models / "bartowski"
    locked.chmod(0)
    try:
        assert library.scan() == []
    finally:
        locked.chmod(0o755)


def test_rescan_uses_the_cache_until_a_file_changes(
    models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real = gguf_meta.read_gguf_info

    def counting(path: Path) -> object:
        calls.append(Path(path))
        return real(path)

    monkeypatch.setattr(library_mod, "read_gguf_info", counting)
    first = lib(models, tmp_path).scan()
    assert len(calls) == 1
    assert lib(models, tmp_path).scan() == first  # a new instance reads the saved cache
    assert len(calls) == 1
    target = first[0].path
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    lib(models, tmp_path).scan()
    assert calls == [target, target]
    (tmp_path / "cache.json").write_text("{damaged")
    assert [m.name for m in lib(models, tmp_path).scan()] == [first[0].name]


# ---- import -------------------------------------------------------------------------


def test_import_copy(
    models: Path, tmp_path: Path, gguf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_mod, "_CHUNK", 64 * 1024)
    src = put(tmp_path / "downloads/my-model.Q4_K_M.gguf", gguf)
    seen: list[tuple[int, int]] = []
    library = lib(models, tmp_path)
    model = library.import_file(src, "copy", progress=lambda d, t: seen.append((d, t)))
    assert model.path == models / "imported/my-model.Q4_K_M.gguf"
    assert model.path.read_bytes() == gguf and src.exists()
    assert (model.source, model.owned, model.error) == ("deskchat", True, None)
    assert len(seen) > 1 and seen[-1] == (len(gguf), len(gguf))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert library.find(model.path) == model
    assert library.import_file(src, "copy").path == model.path  # the same file: no error
    assert library.import_file(model.path, "link") == model  # already deskchat's: no link
    assert not (models / "linked.json").exists()

    other = put(tmp_path / "elsewhere/my-model.Q4_K_M.gguf", gguf[:-1] + b"\x01")
    with pytest.raises(LibraryError, match="A different model named my-model"):
        library.import_file(other, "copy")


def test_import_copy_of_a_split_model(models: Path, tmp_path: Path, gguf: bytes) -> None:
    put(tmp_path / "dl/big-00001-of-00002.gguf", gguf)
    second = put(tmp_path / "dl/big-00002-of-00002.gguf", gguf)
    model = lib(models, tmp_path).import_file(second, "copy")
    assert model.path == models / "imported/big-00001-of-00002.gguf"
    assert len(model.parts) == 2 and model.name == "big.gguf"


def test_import_link_keeps_the_file_in_place(models: Path, tmp_path: Path, gguf: bytes) -> None:
    src = put(tmp_path / "my-collection/linked-model.gguf", gguf)
    model = lib(models, tmp_path).import_file(src, "link")
    assert (model.path, model.source, model.owned) == (src, "linked", False)
    assert not (models / "imported").exists()
    again = lib(models, tmp_path).scan()  # a new instance: the link was saved
    assert [m.name for m in again if m.source == "linked"] == ["linked-model.gguf"]

    lib(models, tmp_path).delete(model)  # "delete" only forgets a link
    assert src.read_bytes() == gguf
    assert all(m.source != "linked" for m in lib(models, tmp_path).scan())


def test_moved_linked_file_is_listed_with_a_sentence(
    models: Path, tmp_path: Path, gguf: bytes
) -> None:
    src = put(tmp_path / "usb/gone.gguf", gguf)
    lib(models, tmp_path).import_file(src, "link")
    src.unlink()
    gone = by_name(lib(models, tmp_path).scan())["gone.gguf"]
    assert "no longer in" in (gone.error or "") and gone.size_bytes == 0


def test_import_refuses_non_gguf_and_helper_files(
    models: Path, tmp_path: Path, gguf: bytes
) -> None:
    notes = put(tmp_path / "notes.gguf", b"just some text, not a model")
    with pytest.raises(DeskchatError, match="not a GGUF model file"):
        lib(models, tmp_path).import_file(notes, "copy")
    proj = put(tmp_path / "mmproj-model-f16.gguf", gguf)
    with pytest.raises(LibraryError, match="not a chat model"):
        lib(models, tmp_path).import_file(proj, "link")
    assert not (models / "imported").exists() and not (models / "linked.json").exists()


def test_import_refuses_when_the_disk_is_too_full(
    models: Path, tmp_path: Path, gguf: bytes
) -> None:
    src = put(tmp_path / "big.gguf", gguf)
    library = lib(models, tmp_path, disk_free=lambda p: 1000)
    with pytest.raises(LibraryError, match=r"needs 515\.\d KB and .* has 1\.0 KB free"):
        library.import_file(src, "copy")
    assert list((models / "imported").iterdir()) == []


def test_cancel_or_disk_full_during_copy_leaves_nothing(
    models: Path, tmp_path: Path, gguf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_mod, "_CHUNK", 64 * 1024)
    src = put(tmp_path / "big.gguf", gguf)
    seen: list[int] = []
    with pytest.raises(DeskchatError, match="Import cancelled"):
        lib(models, tmp_path).import_file(
            src, "copy", progress=lambda d, t: seen.append(d), cancelled=lambda: bool(seen)
        )
    assert list((models / "imported").iterdir()) == []

    def disk_fills(done: int, total: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(LibraryError, match=r"disk filled up while copying big\.gguf"):
        lib(models, tmp_path).import_file(src, "copy", progress=disk_fills)
    assert list((models / "imported").iterdir()) == []


# ---- delete -------------------------------------------------------------------------


def test_delete_own_model_removes_files_and_empty_folders(models: Path, tmp_path: Path) -> None:
    library = lib(models, tmp_path)
    (own,) = library.scan()
    (models / "bartowski/Tiny-GGUF/mmproj-tiny-f16.gguf").unlink()
    (models / "bartowski/Tiny-GGUF/README.txt").unlink()
    (models / "bartowski/Tiny-GGUF/next.gguf.part").unlink()
    library.delete(own)
    assert not (models / "bartowski").exists() and models.is_dir()
    assert library.scan() == []


def test_delete_refuses_other_apps_and_added_folders(
    models: Path, home: Path, tmp_path: Path, gguf: bytes
) -> None:
    extra = tmp_path / "extra"
    put(extra / "mine.gguf", gguf)
    found = by_name(lib(models, tmp_path, home, extra_folders=[extra]).scan())
    lms = found["Tiny-GGUF/tiny-lms-Q8_0.gguf"]
    with pytest.raises(LibraryError, match="belongs to LM Studio; deskchat does not delete"):
        lib(models, tmp_path).delete(lms)
    with pytest.raises(LibraryError, match="in a folder you added"):
        lib(models, tmp_path).delete(found["mine.gguf"])
    assert lms.path.exists() and (extra / "mine.gguf").exists()
    assert lib(models, tmp_path).folder_of(lms) == lms.path.parent


def test_app_folder_of_kind_tree_can_be_injected(models: Path, tmp_path: Path, gguf: bytes) -> None:
    put(tmp_path / "lms/pub/repo/x.gguf", gguf)
    folders = [AppFolder("LM Studio", tmp_path / "lms")]
    library = Library(models, app_folders=folders, cache_path=tmp_path / "c.json")
    assert "repo/x.gguf" in by_name(library.scan())
    assert all(m.source == "deskchat" for m in Library(models, other_apps=False).scan())
