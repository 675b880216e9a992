"""English and Simplified Chinese through Qt's translation system."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.app import create_window
from deskchat.settings import Settings, save_settings

TS = paths.resources_dir() / "translations" / "deskchat_zh_CN.ts"


def sources(ts: Path) -> set[str]:
    return {m.findtext("source") or "" for m in ET.parse(ts).getroot().iter("message")}


def test_every_ui_string_has_a_chinese_translation() -> None:
    root = ET.parse(TS).getroot()
    for message in root.iter("message"):
        translation = message.find("translation")
        assert translation is not None and translation.text, message.findtext("source")
        assert translation.get("type") != "unfinished", message.findtext("source")
    assert TS.with_suffix(".qm").stat().st_size > 1000


def test_the_translation_file_knows_every_string_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    gui = sorted(str(p) for p in (Path(__file__).parents[2] / "deskchat" / "gui").glob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), *gui, "-ts", str(fresh)], check=True, capture_output=True)
    missing = sources(fresh) - sources(TS)
    assert not missing, f"run packaging/update_translations.py; new strings: {missing}"


def test_chinese_ui(qapp: QApplication, qtbot: QtBot) -> None:
    save_settings(replace(Settings(), language="zh_CN"))
    window = create_window(qapp)
    qtbot.addWidget(window)
    try:
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus[0] == "文件(&F)" and "帮助(&H)" in menus
        assert window.composer.send_button.text() == "发送"
        assert "尚未加载模型" in window.chat.empty.text()
        assert window.tabs.tabText(0) == "模型"
    finally:
        for translator in window.translators:
            qapp.removeTranslator(translator)
        window.close()
        window.app.close()


def test_english_ui(qapp: QApplication, qtbot: QtBot) -> None:
    save_settings(replace(Settings(), language="en"))
    window = create_window(qapp)
    qtbot.addWidget(window)
    assert window.translators == []
    assert next(a.text() for a in window.menuBar().actions()) == "&File"
    window.close()
    window.app.close()
