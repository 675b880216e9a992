"""Choosing and loading a model: its metadata before loading, load settings with sensible
automatic defaults, progress that can be cancelled, errors as sentences."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.generation import (
    CONTEXT_MIN,
    FLASH_ATTENTION,
    GPU_LAYERS_ALL,
    GPU_LAYERS_AUTO,
    KV_CACHE_TYPES,
    LoadOptions,
    load_problem,
)
from deskchat.gui.words import say
from deskchat.hub.gguf_meta import GGUFInfo
from deskchat.units import count_text, size_text


def _code(token: str | None) -> str:
    """A special token's text as code (``<bos>`` would be a tag), or a dash."""
    return f"<code>{html.escape(token)}</code>" if token else "–"


class ModelPanel(QWidget):
    load_requested = Signal(str, object)  # path, LoadOptions
    cancel_requested = Signal()
    inspect_requested = Signal(str)
    find_requested = Signal()  # open the model manager

    def __init__(self, defaults: LoadOptions) -> None:
        super().__init__()
        self._defaults = defaults
        self._problem_shown = False
        self.path: str | None = None
        self.info: GGUFInfo | None = None
        layout = self._build_scroll_area()
        self._build_choice(layout)
        layout.addLayout(self._build_load_options(defaults))
        self._build_loading(layout)
        layout.addStretch(1)
        self._layout = layout

    def _build_scroll_area(self) -> QVBoxLayout:
        """The layout of the tab's content, inside a frameless scroll area."""
        # the tab scrolls: with the remote servers below, it is taller than a small window
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        outer.addWidget(scroll)
        return QVBoxLayout(content)

    def _build_choice(self, layout: QVBoxLayout) -> None:
        """The backend line, the ways to choose a model, and the chosen model's metadata."""
        self.backend = QLabel(self.tr("Backend: checking…"))
        self.backend.setObjectName("backendLabel")
        self.backend.setWordWrap(True)
        layout.addWidget(self.backend)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open GGUF file…"))
        self.open_button.clicked.connect(self.choose_file)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.find_button = QPushButton(self.tr("Find models…"))
        self.find_button.setToolTip(
            self.tr("Search Hugging Face, download, and see every model on this computer.")
        )
        self.find_button.clicked.connect(self.find_requested)
        layout.addWidget(self.find_button)
        self.recent = QComboBox()
        self.recent.setPlaceholderText(self.tr("Recent models"))
        self.recent.activated.connect(self._recent_chosen)
        layout.addWidget(self.recent)
        self.meta = QLabel(self.tr("Drop a .gguf file on the window, or open one."))
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.meta)

    def _build_load_options(self, defaults: LoadOptions) -> QFormLayout:
        """Context length, threads, GPU layers and flash attention, set to ``defaults``."""
        form = QFormLayout()
        self.ctx = QSpinBox()
        self.ctx.setRange(CONTEXT_MIN, 1 << 20)
        self.ctx.setSingleStep(1024)
        self.ctx.setValue(defaults.n_ctx)
        self.ctx.setToolTip(
            self.tr(
                "How many tokens the model can see at once: prompt, history "
                "and answer. More context needs more memory."
            )
        )
        form.addRow(self.tr("Context length"), self.ctx)
        self.threads = QSpinBox()
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(self.tr("auto"))
        self.threads.setValue(defaults.n_threads or 0)
        self.threads.setToolTip(
            self.tr("CPU threads for generation; auto uses the physical cores.")
        )
        form.addRow(self.tr("Threads"), self.threads)
        form.addRow(self.tr("GPU layers"), self._build_gpu_layers(defaults))
        self._build_cache_options(form, defaults)
        return form

    def _build_cache_options(self, form: QFormLayout, defaults: LoadOptions) -> None:
        """Flash attention, the KV cache's K and V types, and the sliding-window cache."""
        self.flash = QComboBox()
        for value, text in zip(
            FLASH_ATTENTION, (self.tr("auto"), self.tr("on"), self.tr("off")), strict=True
        ):
            self.flash.addItem(text, value)
        self.flash.setCurrentIndex(FLASH_ATTENTION.index(defaults.flash_attn))
        self.flash.setToolTip(
            self.tr(
                "Computes attention in one pass: less memory, often faster on a GPU. auto "
                "uses it with a GPU backend, or when a quantised V cache needs it; on the CPU "
                "alone it is off (slower there)."
            )
        )
        form.addRow(self.tr("Flash attention"), self.flash)
        self.cache_k, self.cache_v = QComboBox(), QComboBox()
        for box, chosen in (
            (self.cache_k, defaults.cache_type_k),
            (self.cache_v, defaults.cache_type_v),
        ):
            for name in KV_CACHE_TYPES:
                box.addItem(name, name)
            box.setCurrentIndex(list(KV_CACHE_TYPES).index(chosen))
            box.setToolTip(
                self.tr(
                    "How the context cache stores keys (K) and values (V). f16: exact; "
                    "q8_0 halves its memory, nearly as good; q4_0 quarters it, with some loss. "
                    "A quantised V cache needs flash attention."
                )
            )
            box.currentIndexChanged.connect(self._check_combination)
        self.flash.currentIndexChanged.connect(self._check_combination)
        form.addRow(self.tr("K cache"), self.cache_k)
        form.addRow(self.tr("V cache"), self.cache_v)
        self.swa_full = QCheckBox(self.tr("Full-size sliding-window cache"))
        self.swa_full.setChecked(defaults.swa_full)
        self.swa_full.setToolTip(
            self.tr(
                "For models with sliding-window attention (Gemma 3): keep the whole context "
                "in every layer. Off: less memory and slightly faster prompts, but the cache "
                "cannot step back, so regenerating, editing or coming back to a chat reads "
                "its whole prompt again."
            )
        )
        form.addRow("", self.swa_full)

    def _build_gpu_layers(self, defaults: LoadOptions) -> QHBoxLayout:
        """auto / all / custom, and the custom count on a slider."""
        gpu_row = QHBoxLayout()
        self.gpu_mode = QComboBox()
        self.gpu_mode.addItem(self.tr("auto"), GPU_LAYERS_AUTO)
        self.gpu_mode.addItem(self.tr("all"), GPU_LAYERS_ALL)
        self.gpu_mode.addItem(self.tr("custom"), 0)
        self.gpu_layers = QSlider(Qt.Orientation.Horizontal)
        self.gpu_layers.setRange(0, 200)
        self.gpu_layers_value = QLabel("0")
        self.gpu_layers.valueChanged.connect(lambda v: self.gpu_layers_value.setText(str(v)))
        self.gpu_mode.currentIndexChanged.connect(self._gpu_mode_changed)
        gpu_row.addWidget(self.gpu_mode)
        gpu_row.addWidget(self.gpu_layers, 1)
        gpu_row.addWidget(self.gpu_layers_value)
        mode_index = {GPU_LAYERS_AUTO: 0, GPU_LAYERS_ALL: 1}.get(defaults.n_gpu_layers, 2)
        self.gpu_mode.setCurrentIndex(mode_index)
        if mode_index == 2:
            self.gpu_layers.setValue(defaults.n_gpu_layers)
        self._gpu_mode_changed()
        return gpu_row

    def _build_loading(self, layout: QVBoxLayout) -> None:
        """Load and Cancel, the busy bar while loading, and the status line."""
        buttons = QHBoxLayout()
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setEnabled(False)
        self.load_button.clicked.connect(self._load)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_requested)
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("modelStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def add_section(self, widget: QWidget) -> None:
        """Another part of the Model tab (remote servers), below the local model's."""
        self._layout.insertWidget(self._layout.count() - 1, widget)

    def _gpu_mode_changed(self) -> None:
        custom = self.gpu_mode.currentIndex() == 2
        self.gpu_layers.setEnabled(custom)
        self.gpu_layers_value.setVisible(custom)

    def set_backend(self, text: str, offload: bool) -> None:
        self.backend.setText(self.tr("Backend: {b}").format(b=text))
        if not offload:
            self.gpu_mode.setToolTip(
                self.tr("This build runs on the CPU: GPU layers have no effect.")
            )

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            self.recent.addItem(Path(p).name, p)
        self.recent.setCurrentIndex(-1)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.inspect_requested.emit(path)

    def _recent_chosen(self, index: int) -> None:
        path = self.recent.itemData(index)
        if path:
            self.inspect_requested.emit(str(path))

    def show_info(self, path: str, info: GGUFInfo) -> None:
        self.path, self.info = path, info
        template = (
            self.tr("yes")
            if info.has_chat_template
            else self.tr("no (a built-in format or the base-model transcript is used)")
        )
        tokens = self.tr("none named")
        if info.bos_token is not None or info.eos_token is not None:
            tokens = self.tr("start {bos}, end {eos}").format(
                bos=_code(info.bos_token), eos=_code(info.eos_token)
            )
        self.meta.setText(
            f"<b>{html.escape(info.display_name)}</b><br>"
            f"<small>{html.escape(info.path.name)}</small><br>"
            + self.tr("Architecture")
            + f": {html.escape(info.architecture)}<br>"
            + self.tr("Parameters")
            + f": {count_text(info.parameters)}<br>"
            + self.tr("Quantization")
            + f": {info.quantization}<br>"
            + self.tr("File size")
            + f": {size_text(info.size_bytes)}<br>"
            + self.tr("Trained context")
            + f": {info.context_length:,}<br>"
            + self.tr("Chat template")
            + f": {template}<br>"
            + self.tr("Special tokens")
            + f": {tokens}"
        )
        self.meta.setToolTip(str(info.path))
        if info.context_length:
            self.ctx.setMaximum(info.context_length)
            self.ctx.setValue(min(self._defaults.n_ctx, info.context_length))
        self.gpu_layers.setMaximum(max(1, info.n_layers + 1))
        self.load_button.setEnabled(True)
        self.status.setText("")

    def show_error(self, message: str) -> None:
        self.status.setText(message)

    def options(self) -> LoadOptions:
        mode = self.gpu_mode.currentData()
        layers = (
            self.gpu_layers.value() if mode == 0 and self.gpu_mode.currentIndex() == 2 else mode
        )
        return replace(
            self._defaults,
            n_ctx=self.ctx.value(),
            n_threads=self.threads.value() or None,
            n_gpu_layers=int(layers),
            flash_attn=self.flash.currentData(),
            cache_type_k=self.cache_k.currentData(),
            cache_type_v=self.cache_v.currentData(),
            swa_full=self.swa_full.isChecked(),
        )

    def _load(self) -> None:
        if self.path:
            self.load_requested.emit(self.path, self.options())

    def _check_combination(self) -> None:
        """Say at once when the chosen options cannot load together (Load says it too)."""
        problem = load_problem(self.options())
        if problem is not None:
            self.status.setText(say(problem))
        elif self._problem_shown:
            self.status.setText("")
        self._problem_shown = problem is not None

    def show_step(self, text: str, fraction: float) -> None:
        """A step before a load (the starter model being assembled, read): the sentence,
        and a bar at ``fraction`` (0..1; busy while below 0). Nothing else can start."""
        if fraction < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(round(min(fraction, 1.0) * 1000))
        self.progress.show()
        self.cancel_button.hide()
        self.load_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.status.setText(text)

    def set_loading(self, loading: bool) -> None:
        self.progress.setRange(0, 0)  # a load's own length is not known
        self.progress.setVisible(loading)
        self.cancel_button.setVisible(loading)
        self.load_button.setEnabled(not loading and self.path is not None)
        self.open_button.setEnabled(not loading)
        if loading:
            self.status.setText(self.tr("Loading {name}…").format(name=Path(self.path or "").name))

    def show_loaded(self, name: str, n_ctx: int, seconds: float) -> None:
        self.status.setText(
            self.tr("Loaded {name} (context {ctx}) in {s} s.").format(
                name=name, ctx=f"{n_ctx:,}", s=f"{seconds:.1f}"
            )
        )
