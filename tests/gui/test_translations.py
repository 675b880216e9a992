"""English and Simplified Chinese through Qt's translation system."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.gui.message_widget import MessageWidget
from deskchat.sentences import field_names
from deskchat.settings import Settings, save_settings
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from tests.helpers.fake_engine import FakeEngine

TS = paths.resources_dir() / "translations" / "deskchat_zh_CN.ts"
UPDATE = Path(__file__).parents[2] / "packaging" / "update_translations.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_RUN = re.compile(r"[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){2,}")  # 3+ English words


def chinese(text: str) -> bool:
    """Chinese prose: it has Chinese characters and no run of three English words (names
    such as a model's or SIGSEGV may stay as they are)."""
    return bool(CJK.search(text)) and ENGLISH_RUN.search(text) is None


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
        assert window.composer.send_button.accessibleName() == "发送"
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


# -- what the core says, in Chinese -----------------------------------------------------


def test_every_core_sentence_has_a_finished_chinese_translation() -> None:
    """Every Sentence template outside deskchat/gui is in the catalogue's "core" context,
    translated, with the same fields (a missing field would fall back to English)."""
    tool = runpy.run_path(str(UPDATE))
    templates, unreadable = tool["core_templates"]()
    assert not unreadable, f"Sentence() needs a string literal: {unreadable}"
    assert len(templates) > 20  # the stats, overflow, engine, store sentences at least
    core = {
        m.findtext("source") or "": m.find("translation")
        for c in ET.parse(TS).getroot().iter("context")
        if c.findtext("name") == "core"
        for m in c.iter("message")
    }
    for template in templates:
        translation = core.get(template)
        assert translation is not None, f"run packaging/update_translations.py: {template}"
        assert translation.text and translation.get("type") != "unfinished", template
        if re.search("[A-Za-z]", re.sub(r"\{\w+\}", "", template)):  # it has words
            assert CJK.search(translation.text), template
        assert sorted(field_names(translation.text)) == sorted(field_names(template)), template


@pytest.fixture
def chinese_window(qapp: QApplication, qtbot: QtBot) -> Iterator[MainWindow]:
    save_settings(replace(Settings(), language="zh_CN"))
    window = create_window(qapp)
    qtbot.addWidget(window)
    window.show()
    yield window
    for translator in window.translators:
        qapp.removeTranslator(translator)
    window.close()
    window.app.close()


def ask(qtbot: QtBot, window: MainWindow, text: str) -> MessageWidget:
    """Send ``text``; the answer's widget once it has finished."""
    window.composer.edit.setPlainText(text)
    with qtbot.waitSignal(window.controller.answer_finished, timeout=30_000):
        qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.controller.is_generating(), timeout=10_000)
    return [w for w in window.chat.widgets.values() if w.message.role == "assistant"][-1]


def test_an_answers_numbers_read_in_chinese(chinese_window: MainWindow, qtbot: QtBot) -> None:
    chinese_window.app.session.use_engine(FakeEngine(["Hello there, friend."]))
    answer = ask(qtbot, chinese_window, "hello")
    stats = answer.stats.text()
    assert "提示词" in stats and "个 token" in stats and "token/秒" in stats and "毫秒" in stats
    assert chinese(stats), stats
    chinese_window.app.session.use_engine(FakeEngine(["on and on"], endless=True, delay_s=0.01))
    chinese_window.composer.edit.setPlainText("go on")
    with qtbot.waitSignal(chinese_window.controller.answer_delta, timeout=30_000):
        qtbot.keyClick(chinese_window.composer.edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(chinese_window.controller.answer_finished, timeout=30_000) as finished:
        chinese_window.controller.stop()
    stopped = chinese_window.chat.widgets[finished.args[0].message.id].stats.text()
    assert "已停止" in stopped and chinese(stopped), stopped


def test_the_template_is_named_in_chinese(chinese_window: MainWindow, qtbot: QtBot) -> None:
    """The status bar names the loaded model's template in the reader's language."""
    engine = FakeEngine()
    chinese_window.app.session.use_engine(engine)
    chinese_window.controller.engine_changed.emit(engine.model)
    chinese_window.controller.model_loaded.emit(engine.model)
    qtbot.waitUntil(lambda: "模板" in chinese_window.model_label.text())
    assert "from the model file" not in chinese_window.model_label.text()
    assert "来自模型文件" in chinese_window.model_label.text()


def test_a_crashed_engine_is_told_in_chinese(chinese_window: MainWindow, qtbot: QtBot) -> None:
    chinese_window.app.session.use_engine(FakeEngine(["a b c d e f"], crash_after=2))
    answer = ask(qtbot, chinese_window, "hello")
    assert answer.message.status == "interrupted"
    for label in (answer.problem, chinese_window.engine_message):
        assert "信号 11，SIGSEGV" in label.text() and "生成回答" in label.text()
        assert chinese(label.text()), label.text()


def test_a_message_too_long_for_the_context_is_told_in_chinese(
    chinese_window: MainWindow, qtbot: QtBot
) -> None:
    chinese_window.app.session.use_engine(FakeEngine(n_ctx=64))
    chinese_window.composer.edit.setPlainText("word " * 200)
    qtbot.keyClick(chinese_window.composer.edit, Qt.Key.Key_Return)
    label = chinese_window.error_label
    qtbot.waitUntil(label.isVisible, timeout=10_000)
    assert "上下文只能容纳 64 个" in label.text() and chinese(label.text()), label.text()
    assert chinese_window.composer.edit.toPlainText().strip()  # the text comes back


def test_answers_cut_short_by_a_crash_are_told_in_chinese(qapp: QApplication, qtbot: QtBot) -> None:
    db = Database(paths.db_path())
    conversation = ConversationRepo(db).create("cut short")
    messages = MessageRepo(db)
    asked = messages.add(conversation.id, "user", "hello", parent_id=None)
    messages.add(
        conversation.id, "assistant", "Half an ans", parent_id=asked.id, status="streaming"
    )
    db.close()
    save_settings(replace(Settings(), language="zh_CN"))
    window = create_window(qapp)
    qtbot.addWidget(window)
    try:
        notice = window.statusBar().currentMessage()
        assert "1 个回答被中断" in notice and chinese(notice), notice
        window.controller.open_conversation(conversation.id)
        answer = next(w for w in window.chat.widgets.values() if w.message.role == "assistant")
        assert chinese(answer.problem.text()), answer.problem.text()
    finally:
        for translator in window.translators:
            qapp.removeTranslator(translator)
        window.close()
        window.app.close()
