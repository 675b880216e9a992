"""`deskchat docs add|list|rm|search` as a person uses them, in real subprocesses."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from deskchat.hub.tiny_embed_gguf import write_tiny_embed_gguf
from deskchat.services.app import open_database
from deskchat.settings import Settings, save_settings
from tests.conftest import run_cli
from tests.helpers.doc_files import write_pdf


def test_docs_add_list_search_and_remove(tmp_path: Path) -> None:
    folder = tmp_path / "manuals"
    folder.mkdir()
    (folder / "setup.md").write_text(
        "# Setup\n\n## Linux\n\nInstall the flatpak, then run deskchat.\n", encoding="utf-8"
    )
    write_pdf(folder / "guide.pdf", [["Welcome."], ["Backups are kept for thirty days."]])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")

    added = run_cli("docs", "add", str(folder), "--collection", "manuals")
    assert added.returncode == 1, added.stderr  # one file failed: said, and the rest went on
    out = added.stdout
    assert "failed     broken.pdf: broken.pdf cannot be read as a PDF" in out
    assert "indexed    guide.pdf (2 pages, 1 chunk)" in out
    assert "indexed    setup.md (1 chunk)" in out
    assert out.strip().endswith("manuals: 2 indexed, 0 unchanged, 1 failed.")
    assert "Traceback" not in added.stderr

    again = run_cli("docs", "add", str(folder / "setup.md"), "-c", "manuals")
    assert again.returncode == 0
    assert "unchanged  setup.md" in again.stdout

    listed = run_cli("docs", "list")
    assert listed.stdout.strip() == "manuals: 3 documents, 2 chunks"
    documents = run_cli("docs", "list", "-c", "manuals").stdout
    assert "failed" in documents and "broken.pdf cannot be read as a PDF" in documents
    assert f"{folder / 'setup.md'}  (1 chunk)" in documents

    found = run_cli("docs", "search", "how long are backups kept")
    assert found.returncode == 0
    first = found.stdout.splitlines()[0]
    assert first.startswith(f"{folder / 'guide.pdf'} · pages 1–2")
    assert "Backups are kept for thirty days." in found.stdout
    linux = run_cli("docs", "search", "install flatpak", "--limit", "1").stdout
    assert linux.startswith(f"{folder / 'setup.md'} · Setup › Linux, line 5")

    removed = run_cli("docs", "rm", str(folder / "guide.pdf"), "-c", "manuals")
    assert removed.stdout.strip() == f"removed {folder / 'guide.pdf'}"
    assert "No passages found" in run_cli("docs", "search", "backups").stdout
    gone = run_cli("docs", "rm", "-c", "manuals")
    assert gone.stdout.strip() == "Removed the collection manuals (2 documents)."
    assert "No documents yet" in run_cli("docs", "list").stdout
    missing = run_cli("docs", "search", "x", "-c", "nope")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "deskchat: There is no document collection nope."


def test_with_an_embedding_model_set_chunks_get_vectors_and_search_uses_them(
    tmp_path: Path,
) -> None:
    model = write_tiny_embed_gguf(tmp_path / "tiny-embed.gguf")
    save_settings(replace(Settings(), embedding_model=str(model)))
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Garden\n\nTomatoes need sun.\n\n# Kitchen\n\nBread needs flour.\n", encoding="utf-8"
    )
    added = run_cli("docs", "add", str(notes))
    assert added.returncode == 0, added.stderr
    db, _ = open_database(maintain=False)
    try:
        chunks = db.conn.execute("SELECT COUNT(*) FROM doc_chunks").fetchone()[0]
        vectors = db.conn.execute("SELECT COUNT(*) FROM doc_vectors").fetchone()[0]
    finally:
        db.close()
    assert chunks > 0 and vectors == chunks
    found = run_cli("docs", "search", "what do tomatoes need")
    assert found.returncode == 0, found.stderr
    assert "notes.md" in found.stdout and "Tomatoes need sun." in found.stdout


def test_a_chat_model_set_as_the_embedding_model_is_one_sentence(
    tmp_path: Path, tiny_model: Path
) -> None:
    save_settings(replace(Settings(), embedding_model=str(tiny_model)))
    notes = tmp_path / "notes.txt"
    notes.write_text("Some text.\n", encoding="utf-8")
    added = run_cli("docs", "add", str(notes))
    assert added.returncode != 0
    assert "is not an embedding model" in added.stderr + added.stdout
    assert "Traceback" not in added.stderr


def test_ask_with_docs_gives_the_model_the_passages_and_prints_the_sources(
    tmp_path: Path, tiny_model: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Backups\n\nBackups are kept for thirty days.\n", encoding="utf-8")
    assert run_cli("docs", "add", str(notes), "-c", "office").returncode == 0
    asked = run_cli(
        "ask", "--model", str(tiny_model), "--docs", "office", "--max-tokens", "4",
        "How long are backups kept?",
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    lines = asked.stderr.splitlines()
    assert "Sources:" in lines
    assert "  [1] notes.md · Backups, line 3" in lines
    # the answer keeps which passages it was given
    db, _ = open_database()
    row = db.execute(
        "SELECT m.id, m.conversation_id FROM messages m WHERE m.role = 'assistant' "
        "ORDER BY m.id DESC LIMIT 1"
    ).fetchone()
    sources = db.execute(
        "SELECT path, given FROM answer_sources WHERE message_id = ?", (row[0],)
    ).fetchall()
    assert [(Path(p).name, g) for p, g in sources] == [("notes.md", 1)]
    missing = run_cli("ask", "--model", str(tiny_model), "--docs", "nope", "hi")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "deskchat: There is no document collection nope."


def test_a_new_collection_named_like_a_chats_own_is_refused(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nKeep it short.\n", encoding="utf-8")
    refused = run_cli("docs", "add", str(note), "-c", "chat 3")
    assert refused.returncode != 0
    assert "chat 3 is kept for a chat's own files; choose another name." in refused.stderr
    assert "Traceback" not in refused.stderr
    assert "No documents yet" in run_cli("docs", "list").stdout  # nothing was made
