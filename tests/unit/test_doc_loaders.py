"""Every kind of document deskchat reads, from real files the tests write, and the files it
cannot read: each refused with one sentence, hostile ones within bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskchat.docs.loaders import kind_of, load
from deskchat.docs.parts import DocumentError, Limits, Location, Section
from tests.helpers.doc_files import write_docx, write_pdf, write_zip_bomb_docx


def sections(path: Path, limits: Limits | None = None) -> list[Section]:
    return list(load(path, limits))


def refusal(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(DocumentError) as caught:
        sections(path, limits)
    assert caught.value.sentence is not None  # a translatable sentence, not a traceback
    return str(caught.value)


def test_a_multi_page_pdf_is_read_page_by_page(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "report.pdf",
        [["Quarterly report", "Revenue grew (a lot)."], ["Second page: llamas."], ["Third."]],
    )
    found = sections(path)
    assert [s.location.pages for s in found] == [(1, 1), (2, 2), (3, 3)]
    assert "Revenue grew (a lot)." in found[0].text
    assert "llamas" in found[1].text
    assert str(found[1].location.describe()) == "page 2"


def test_a_pdf_with_a_blank_page_among_text_pages_skips_it(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "mixed.pdf", [["Only page with words."]], blank_pages=2)
    assert [s.location.pages for s in sections(path)] == [(1, 1)]


def test_an_encrypted_pdf_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "secret.pdf", [["hidden"]], password="hunter2")
    assert refusal(path) == (
        "secret.pdf is protected by a password; deskchat cannot read encrypted PDFs."
    )


def test_a_pdf_encrypted_with_an_empty_password_opens(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "open.pdf", [["anyone may read this"]], password="")
    assert "anyone may read this" in sections(path)[0].text


def test_a_scanned_pdf_without_text_is_refused(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [], blank_pages=3)
    assert refusal(path) == (
        "scan.pdf has no text layer (a scanned PDF?); deskchat cannot read text from images."
    )


@pytest.mark.parametrize("data", [b"%PDF-1.7\nnot really", b"", b"\x89PNG\r\n\x1a\n...."])
def test_a_broken_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    assert refusal(path).startswith("broken.pdf cannot be read as a PDF: ")


def test_a_pdf_with_too_many_pages_is_refused(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "long.pdf", [["a"], ["b"], ["c"]])
    assert "more than the 2 deskchat reads" in refusal(path, Limits(max_pages=2))


def test_a_word_file_keeps_its_heading_path_and_tables(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "guide.docx",
        [
            ("h1", "User guide"),
            ("p", "Welcome to the guide."),
            ("h2", "Installing"),
            ("p", "Run the installer."),
            ("table", "OS,Command;Linux,apt install;Mac,brew install"),
            ("h2", "Using"),
            ("p", "Open the app."),
        ],
    )
    found = sections(path)
    assert [(s.text.split("\n")[0], s.location.heading) for s in found] == [
        ("Welcome to the guide.", ("User guide",)),
        ("Run the installer.", ("User guide", "Installing")),
        ("OS | Command", ("User guide", "Installing")),
        ("Open the app.", ("User guide", "Using")),
    ]
    assert "Linux | apt install" in found[2].text
    assert str(found[3].location.describe()) == "User guide › Using"


def test_a_zip_bomb_named_docx_is_refused_unread(tmp_path: Path) -> None:
    path = write_zip_bomb_docx(tmp_path / "bomb.docx")
    assert "refused as a possible zip bomb" in refusal(path)


@pytest.mark.parametrize("data", [b"PK\x03\x04 broken", b"plain text, not a zip"])
def test_a_broken_word_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    assert refusal(path).startswith("broken.docx cannot be read as a Word document: ")


def test_html_drops_scripts_styles_and_navigation(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        """<!doctype html><html><head><title>T</title><style>p {color: red}</style>
        <script>var secret = "do not index";</script></head><body>
        <nav><a href="/">Home</a> <a href="/about">About menu</a></nav>
        <header>Site banner</header>
        <h1>Llama care</h1><p>Llamas eat <b>hay</b> &amp; grass.</p>
        <div hidden>hidden text</div>
        <h2>Water</h2><p>They drink water.<br>Every day.</p>
        <script>alert("x")</script><noscript>enable js</noscript>
        <footer>Copyright footer</footer></body></html>""",
        encoding="utf-8",
    )
    found = sections(path)
    text = "\n".join(s.text for s in found)
    for furniture in ("secret", "About menu", "banner", "color", "hidden text", "footer", "js"):
        assert furniture not in text
    assert [(s.text, s.location.heading) for s in found] == [
        ("Llamas eat hay & grass.", ("Llama care",)),
        ("They drink water.\nEvery day.", ("Llama care", "Water")),
    ]


def test_broken_html_still_gives_its_text(tmp_path: Path) -> None:
    path = tmp_path / "broken.htm"
    path.write_text("<p>unclosed <b>bold <div><script>x = 1", encoding="utf-8")
    assert [s.text for s in sections(path)] == ["unclosed bold"]


def test_markdown_paragraphs_have_heading_paths_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "# Project\n\nIntro line.\n\n## Build\n\n```sh\n# not a heading\nmake\n```\n\n"
        "Setext title\n============\n\nUnder it.\n",
        encoding="utf-8",
    )
    found = sections(path)
    assert [(s.location.heading, s.location.lines) for s in found] == [
        (("Project",), (3, 3)),
        (("Project", "Build"), (7, 10)),
        (("Setext title",), (15, 15)),
    ]
    assert "# not a heading" in found[1].text


def test_plain_text_in_chinese_keeps_its_line_ranges(tmp_path: Path) -> None:
    path = tmp_path / "笔记.txt"
    path.write_text("北京是中国的首都。\n长城很长。\n\n第二段落。\n", encoding="utf-8")
    found = sections(path)
    assert [(s.text, s.location.lines) for s in found] == [
        ("北京是中国的首都。\n长城很长。", (1, 2)),
        ("第二段落。", (4, 4)),
    ]
    assert str(found[0].location.describe()) == "lines 1–2"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Grüße aus Köln".encode("utf-16"), "Grüße aus Köln"),
        ("café crème".encode("cp1252"), "café crème"),
        ("\ufeffwith a BOM".encode(), "with a BOM"),
    ],
)
def test_text_in_other_encodings_is_read(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "other.txt"
    path.write_bytes(data)
    assert sections(path)[0].text == expected


def test_source_code_is_read_as_line_ranges(tmp_path: Path) -> None:
    path = tmp_path / "tool.py"
    path.write_text("import os\n\n\ndef main():\n    return os.getcwd()\n", encoding="utf-8")
    assert kind_of(path) == "code"
    assert [s.location.lines for s in sections(path)] == [(1, 1), (4, 5)]
    assert sections(path)[1].text == "def main():\n    return os.getcwd()"


def test_csv_rows_are_labelled_by_the_header(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text(
        'city,country,note\nParis,France,"capital, on the Seine"\n\nOsaka,Japan,\n',
        encoding="utf-8",
    )
    found = sections(path)
    assert [(s.text, s.location.rows) for s in found] == [
        ("city: Paris\ncountry: France\nnote: capital, on the Seine", (2, 2)),
        ("city: Osaka\ncountry: Japan", (4, 4)),
    ]
    assert str(found[0].location.describe()) == "row 2"


def test_json_values_are_spelled_out_by_their_paths(tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    path.write_text(
        json.dumps({"name": "Lamp shop", "items": [{"name": "lamp", "price": 12.5}]}),
        encoding="utf-8",
    )
    found = sections(path)
    assert [(s.text, s.location.heading) for s in found] == [
        ("name: Lamp shop", ("name",)),
        ("items[0].name: lamp\nitems[0].price: 12.5", ("items",)),
    ]


def test_deeply_nested_json_is_bounded(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert refusal(deep) == "deep.json nests too deeply to be read as JSON."
    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps({"a": {"b": {"c": {"d": [1, 2]}}}}), encoding="utf-8")
    found = sections(nested, Limits(max_depth=2))
    assert found[0].text == 'a.b: {"c": {"d": [1, 2]}}'


def test_broken_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"a": 1,', encoding="utf-8")
    assert refusal(path).startswith("bad.json cannot be read as a JSON file: ")


def test_a_huge_line_is_read_within_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("x" * 2_000_000, encoding="utf-8")
    assert len(sections(path)[0].text) == 2_000_000
    assert "characters of text" in refusal(path, Limits(max_chars=1_000_000))


def test_a_file_too_big_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    assert refusal(path, Limits(max_bytes=1000)) == (
        "big.txt is 5.0 KB, more than the 1.0 KB deskchat reads from one file."
    )


def test_binary_data_and_unknown_kinds_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "data.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    assert refusal(binary) == "data.txt is not a text file (it holds binary data)."
    image = tmp_path / "photo.jpg"
    image.write_bytes(b"\xff\xd8\xff")
    assert refusal(image).startswith("photo.jpg is a kind of file deskchat cannot read;")


def test_a_missing_file_is_a_sentence(tmp_path: Path) -> None:
    assert refusal(tmp_path / "gone.md") == ("gone.md cannot be opened: No such file or directory.")


def test_locations_survive_the_database_round_trip() -> None:
    location = Location(pages=(3, 4), heading=("A", "B"), lines=(1, 9), rows=(2, 2))
    assert Location.from_json(location.to_json()) == location
    assert str(location.describe()) == "A › B, pages 3–4, lines 1–9, row 2"
    assert str(Location().describe()) == "the whole file"


def test_deeply_nested_html_is_read_without_recursion(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<div>" * 20_000
        + "deep text"
        + "</div>" * 20_000
        + ("<nav>" * 5_000 + "menu" + "</nav>" * 5_000)
        + "<nav>menu" * 1_000
        + "</nav>" * 1_000
        + "<p>after</p>",
        encoding="utf-8",
    )
    assert [s.text for s in sections(path)] == ["deep text", "after"]
