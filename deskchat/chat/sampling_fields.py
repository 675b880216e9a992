"""The sampling fields a person can set, each defined once: its range, step, help (English
and Simplified Chinese) and the names the faces give it.

The Sampling tab, the persona dialog, the CLI flags and the API server's checks are all
generated from ``FIELDS``; defaults come from ``SamplingParams`` itself. The policy for a
value out of range is to refuse it with a sentence naming the field and its range, never to
clamp it: a value stored in a persona, a chat or the settings file is never changed behind
the person's back (a 3.0 repeat penalty must not quietly become 2.0).

Ranges are the widest that mean something to llama.cpp and that every face accepts.
Temperature stops at 2 and the penalties at ±2 as OpenAI's API does; the repeat penalty
goes to 10 as llama.cpp's server allows (1 is off, below 1 favours repeats). The API server
also takes OpenAI's 64-bit seeds and keeps their low 32 bits, as llama.cpp does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from deskchat.chat.generation import SamplingParams
from deskchat.errors import DeskchatError

Kind = Literal["real", "whole", "texts"]
SEED_RANDOM = -1  # what the faces write for "a new random answer each time" (None inside)
SEED_MAX = 2**32 - 1  # llama.cpp seeds are 32-bit


@dataclass(frozen=True)
class SamplingField:
    name: str  # the SamplingParams field, also the API's name for it
    kind: Kind
    label: str
    label_zh: str
    help: str
    help_zh: str
    cli_flag: str
    minimum: float | None = None
    maximum: float | None = None  # None: no upper limit
    step: float = 1
    decimals: int = 0  # shown after the point; 0 for whole numbers

    @property
    def default(self) -> Any:
        return getattr(SamplingParams(), self.name)

    @property
    def api_field(self) -> str:
        return self.name

    def range_text(self) -> str:
        """'between 0 and 2', 'at least 1'."""
        if self.minimum is None:
            return ""
        if self.maximum is None:
            return f"at least {_number(self.minimum)}"
        return f"between {_number(self.minimum)} and {_number(self.maximum)}"

    def problem(self, value: Any, called: str | None = None) -> str | None:
        """The sentence that refuses ``value`` (naming the field as ``called``, by default
        its API name), or None when the value is fine."""
        name = called or self.name
        if self.kind == "texts":
            if isinstance(value, list | tuple) and all(isinstance(s, str) for s in value):
                return None
            return f"{name} must be a string or a list of strings."
        if value is None and self.name == "seed":
            return None  # a new random answer each time
        number = int if self.kind == "whole" else int | float
        if isinstance(value, bool) or not isinstance(value, number) or math.isnan(value):
            what = "a whole number" if self.kind == "whole" else "a number"
            return f"{name} must be {what}, {self.range_text()}."
        low = -math.inf if self.minimum is None else self.minimum
        high = math.inf if self.maximum is None else self.maximum
        if not low <= value <= high:
            return f"{name} must be {self.range_text()}, not {_number(value)}."
        return None

    def normalized(self, value: Any) -> Any:
        """A value that passed ``problem``, as SamplingParams holds it."""
        if self.kind == "texts":
            return tuple(value)
        if value is None:
            return None
        if self.name == "seed" and value == SEED_RANDOM:
            return None
        return int(value) if self.kind == "whole" else float(value)


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"


FIELDS: tuple[SamplingField, ...] = (
    SamplingField(
        "temperature",
        "real",
        "Temperature",
        "温度",
        "Randomness. Lower: focused and repeatable (0 always picks the likeliest token); "
        "higher: more varied and creative, and more mistakes.",
        "随机性。调低：更专注、可重复（0 总是选最可能的 token）；调高：更多样、更有创意，"
        "也更容易出错。",
        "--temp",
        0.0,
        2.0,
        0.05,
        2,
    ),
    SamplingField(
        "top_p",
        "real",
        "Top P",
        "Top P",
        "Sample only from the likeliest tokens that together reach this probability. "
        "Lower: safer words; 1: no limit.",
        "只从累计概率达到该值的最可能 token 中采样。调低：用词更稳妥；1：不限制。",
        "--top-p",
        0.0,
        1.0,
        0.05,
        2,
    ),
    SamplingField(
        "top_k",
        "whole",
        "Top K",
        "Top K",
        "Sample only from the K likeliest tokens. Lower: more predictable; 0: no limit.",
        "只从最可能的 K 个 token 中采样。调低：更可预测；0：不限制。",
        "--top-k",
        0,
        None,
        1,
    ),
    SamplingField(
        "min_p",
        "real",
        "Min P",
        "Min P",
        "Drop tokens less likely than this fraction of the likeliest one. Higher: fewer "
        "odd words; 0: off.",
        "丢弃概率低于最可能 token 该比例的 token。调高：更少奇怪的词；0：关闭。",
        "--min-p",
        0.0,
        1.0,
        0.01,
        2,
    ),
    SamplingField(
        "repeat_penalty",
        "real",
        "Repeat penalty",
        "重复惩罚",
        "Above 1 discourages repeating recent tokens; too high makes the text unnatural. 1: off.",
        "大于 1 会抑制重复最近的 token；过高会让文字不自然。1：关闭。",
        "--repeat-penalty",
        0.0,
        10.0,
        0.05,
        2,
    ),
    SamplingField(
        "presence_penalty",
        "real",
        "Presence penalty",
        "存在惩罚",
        "Above 0 pushes toward tokens not used yet (new topics); below 0 toward those "
        "already used.",
        "大于 0 倾向于尚未出现的 token（新话题）；小于 0 倾向于已出现的 token。",
        "--presence-penalty",
        -2.0,
        2.0,
        0.1,
        2,
    ),
    SamplingField(
        "frequency_penalty",
        "real",
        "Frequency penalty",
        "频率惩罚",
        "Above 0 discourages a token more the more often it was used; below 0 encourages it.",
        "大于 0 时，token 用得越多越受抑制；小于 0 时反而受鼓励。",
        "--frequency-penalty",
        -2.0,
        2.0,
        0.1,
        2,
    ),
    SamplingField(
        "max_tokens",
        "whole",
        "Max tokens",
        "最大 token 数",
        "The longest answer, in tokens. The answer also stops when the context is full.",
        "回答的最大长度（token）。上下文满时回答也会停止。",
        "--max-tokens",
        1,
        None,
        64,
    ),
    SamplingField(
        "seed",
        "whole",
        "Seed",
        "随机种子",
        "-1: a new random answer each time; any other number repeats the same answer for "
        "the same settings.",
        "-1：每次得到新的随机回答；其他数字：相同设置下重复同样的回答。",
        "--seed",
        SEED_RANDOM,
        SEED_MAX,
        1,
    ),
    SamplingField(
        "dry_multiplier",
        "real",
        "DRY multiplier",
        "DRY 乘数",
        "DRY penalises continuing a passage already in the text, more the longer it gets. "
        "Higher: fewer loops; 0: off (0.8 is a common choice).",
        "DRY 会惩罚延续文中已出现过的片段，片段越长惩罚越重。调高：更少循环；0：关闭（常用 0.8）。",
        "--dry-multiplier",
        0.0,
        5.0,
        0.05,
        2,
    ),
    SamplingField(
        "dry_base",
        "real",
        "DRY base",
        "DRY 底数",
        "How fast the DRY penalty grows with each repeated token. Higher: long repeats are "
        "stopped sooner.",
        "DRY 惩罚随每个重复 token 增长的速度。调高：长的重复更早被阻止。",
        "--dry-base",
        1.0,
        4.0,
        0.05,
        2,
    ),
    SamplingField(
        "dry_allowed_length",
        "whole",
        "DRY allowed length",
        "DRY 允许长度",
        "Repeats up to this many tokens go unpunished (names, common phrases). Lower: stricter.",
        "不超过这么多 token 的重复不受惩罚（名字、常用短语）。调低：更严格。",
        "--dry-allowed-length",
        0,
        None,
        1,
    ),
    SamplingField(
        "dry_penalty_last_n",
        "whole",
        "DRY range",
        "DRY 范围",
        "How many recent tokens DRY looks back over. -1: the whole context; 0: off.",
        "DRY 回看的最近 token 数。-1：整个上下文；0：关闭。",
        "--dry-penalty-last-n",
        -1,
        None,
        64,
    ),
    SamplingField(
        "xtc_probability",
        "real",
        "XTC probability",
        "XTC 概率",
        "How often XTC leaves out the likeliest tokens (all but the least likely of those "
        "above the threshold), for less predictable wording. 0: off.",
        "XTC 略过最可能 token 的频率（只留下超过阈值者中最不可能的那个），让措辞更不可预测。"
        "0：关闭。",
        "--xtc-probability",
        0.0,
        1.0,
        0.05,
        2,
    ),
    SamplingField(
        "xtc_threshold",
        "real",
        "XTC threshold",
        "XTC 阈值",
        "Tokens at least this likely count as top choices for XTC. Lower: more are left "
        "out; above 0.5: XTC does nothing.",
        "概率不低于该值的 token 算作 XTC 的首选。调低：略过更多；高于 0.5：XTC 不起作用。",
        "--xtc-threshold",
        0.0,
        1.0,
        0.01,
        2,
    ),
    SamplingField(
        "stop",
        "texts",
        "Stop strings",
        "停止字符串",
        "The answer ends when the model writes one of these.",
        "模型写出其中任意一个时，回答结束。",
        "--stop",
    ),
    SamplingField(
        "dry_sequence_breakers",
        "texts",
        "DRY sequence breakers",
        "DRY 序列断点",
        "A repeat DRY penalises never runs across one of these (by default a new line, "
        '":", a quote and "*").',
        'DRY 惩罚的重复不会跨过其中任意一个（默认：换行、":"、引号和 "*"）。',
        "--dry-sequence-breaker",
    ),
)
TEXTS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "texts")

BY_NAME: dict[str, SamplingField] = {f.name: f for f in FIELDS}
NUMBERS: tuple[SamplingField, ...] = tuple(f for f in FIELDS if f.kind != "texts")


def validate(values: dict[str, Any]) -> dict[str, str]:
    """The sentence for every bad value, by field; empty when all are fine. Keys that are
    not sampling fields a person sets are not this table's business and are left alone."""
    found: dict[str, str] = {}
    for name, value in values.items():
        spec = BY_NAME.get(name)
        if spec is not None:
            sentence = spec.problem(value)
            if sentence:
                found[name] = sentence
    return found


def checked(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as SamplingParams holds them, or DeskchatError with one sentence per bad
    value. The one policy: refuse, never clamp (a stored value is never silently changed)."""
    problems = validate(values)
    if problems:
        raise DeskchatError(" ".join(problems.values()))
    return {
        name: BY_NAME[name].normalized(value) if name in BY_NAME else value
        for name, value in values.items()
    }
