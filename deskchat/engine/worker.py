"""The engine process: owns the llama.cpp model and answers requests from one pipe.

This is the only module that imports llama_cpp for inference. It runs in a child process
(spawn), so a crash in llama.cpp kills only this process, and unloading means exiting it.
"""

from __future__ import annotations

import codecs
import ctypes
import gc
import logging
import os
import random
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from deskchat import logs
from deskchat.chat.generation import (
    GPU_LAYERS_ALL,
    GPU_LAYERS_AUTO,
    Done,
    FinishReason,
    ModelInfo,
    Piece,
    PromptPart,
    PromptProgress,
    SamplingParams,
    Tokens,
    load_problem,
)
from deskchat.chat.model_names import display_name
from deskchat.engine.backend import describe_backend
from deskchat.engine.chat_states import ChatStates
from deskchat.engine.context_options import flash_attention, ggml_type, swa_keeps
from deskchat.engine.grammar_sampler import FirstBytes, GrammarSampler
from deskchat.engine.llama_log import LlamaLog
from deskchat.engine.lookup_decoder import LookupSteps, PlainSteps, Steps
from deskchat.engine.protocol import (
    Alive,
    Event,
    Failed,
    GenerateRequest,
    InfoRequest,
    KvStates,
    Loaded,
    LoadRequest,
    Pieces,
    ShutdownRequest,
    StatesRequest,
    TokenizeRequest,
    Unloaded,
    UnloadRequest,
)
from deskchat.engine.stops import StopMatcher
from deskchat.sentences import Sentence

HEARTBEAT_S = 0.5  # how often a busy engine says it is alive (the client's patience: STALL_S)
PROGRESS_S = 0.1  # a prompt being read reports its progress at most this often


class Outbox:
    """The engine's side of the pipe: sends under a lock, and while ``busy`` a thread sends
    ``Alive`` every HEARTBEAT_S. llama.cpp's calls release the GIL (ctypes), so the
    heartbeat goes on during a long load or prompt batch; a stopped or hung process sends
    nothing, which is how the client tells it apart from a slow one."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self._busy = threading.Event()
        threading.Thread(target=self._beat, name="deskchat-heartbeat", daemon=True).start()

    def send(self, event: object) -> None:  # an Event (or an embedding engine's)
        with self._lock:
            self._conn.send(event)

    def busy(self, busy: bool) -> None:
        if busy:
            self._busy.set()
        else:
            self._busy.clear()

    def _beat(self) -> None:
        while True:
            self._busy.wait()
            time.sleep(HEARTBEAT_S)
            if self._busy.is_set():
                try:
                    self.send(Alive())
                except OSError:  # the app went away
                    return


class _NoChatFormatter:
    """Stands in for llama-cpp-python's Jinja2ChatFormatter, which compiles every template
    in a GGUF while the model loads: a template it cannot compile would make the model
    impossible to load. deskchat renders templates itself (sandboxed, with limits) and never
    calls create_chat_completion, so nothing is compiled here."""

    def __init__(self, **_kwargs: Any) -> None:
        pass

    def to_chat_handler(self) -> Any:
        return None


def physical_cores() -> int:
    import psutil

    return max(1, psutil.cpu_count(logical=False) or os.cpu_count() or 1)


class Engine:
    """The state of one engine process: at most one loaded model."""

    def __init__(
        self,
        llama_cpp: Any,
        log: LlamaLog,
        cancel: Any,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._lib = llama_cpp
        self._clock = clock
        self._log = log
        self._cancel = cancel  # multiprocessing.Value('q'): cancel every request id <= it
        self._llm: Any = None
        self._info: ModelInfo | None = None
        self._eog_ids: tuple[int, ...] | None = None
        self._first_bytes: FirstBytes | None = None  # read once per model, when first needed
        self._piece_buffer = ctypes.create_string_buffer(64)
        self._states: ChatStates | None = None  # chats' saved KV states (engine/chat_states)

    # -- requests ------------------------------------------------------------------------

    def load(self, request: LoadRequest) -> Event:
        self.unload()
        opts = request.options
        problem = load_problem(opts)
        if problem is not None:
            return Failed("load", problem)
        gpu_layers = opts.n_gpu_layers
        if gpu_layers == GPU_LAYERS_AUTO:
            gpu_layers = GPU_LAYERS_ALL if self._lib.llama_supports_gpu_offload() else 0
        self._log.clear()
        started = time.perf_counter()
        # the formatter is looked up on the module at load time (see _NoChatFormatter)
        self._lib.llama_chat_format.Jinja2ChatFormatter = _NoChatFormatter
        try:
            with flash_attention(self._lib, opts.flash_attn):
                llm = self._lib.Llama(
                    model_path=request.path,
                    n_ctx=opts.n_ctx,
                    n_threads=opts.n_threads or physical_cores(),
                    n_gpu_layers=gpu_layers,
                    n_batch=opts.n_batch,
                    use_mmap=opts.use_mmap,
                    seed=opts.seed,
                    type_k=ggml_type(self._lib, opts.cache_type_k),
                    type_v=ggml_type(self._lib, opts.cache_type_v),
                    swa_full=opts.swa_full,
                    verbose=False,
                )
        except (ValueError, RuntimeError, OSError) as exc:
            reason = self._log.reason() or str(exc)
            name = Path(request.path).name
            return Failed(
                "load",
                Sentence(
                    "llama.cpp could not load {name}: {reason}.",
                    name=name,
                    reason=reason.rstrip("."),
                ),
            )
        self._llm = llm
        seconds = time.perf_counter() - started
        self._info = self._model_info(request.path, gpu_layers, seconds, request.template_is_text)
        self._states = ChatStates.open(self._lib, request)
        return Loaded(self._info)

    def tokenize(self, request: TokenizeRequest) -> Event:
        if self._llm is None:
            return Failed("no_model", Sentence("No model is loaded."))
        if isinstance(request.text, str):
            ids = self._tokenize(request.text, request.add_bos, request.special)
        else:
            ids = self._tokenize_parts(request.text, request.add_bos)
        if not request.with_pieces:
            return Tokens(tuple(ids))
        model = self._llm._model
        pieces = tuple(model.token_get_text(t) for t in ids)
        data = [self._piece(t, control=True) for t in ids]
        if isinstance(request.text, str):
            data = _without_space_prefix(data, ids, request.text, self._info)
        return Tokens(tuple(ids), pieces, tuple(data))

    def states(self, request: StatesRequest) -> Event:
        if self._states is None:
            return KvStates()
        if request.config is not None:
            return self._states.configure(request.config)
        return self._states.store.usage()

    def unload(self) -> Event:
        if self._states is not None:
            self._states.close(self._llm)  # the chat in the context is kept for next time
            self._states = None
        if self._llm is not None:
            self._llm.close()
            self._llm = None
            self._info = None
            self._eog_ids = None
            self._first_bytes = None
            gc.collect()
        return Unloaded()

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        llm, info = self._llm, self._info
        if llm is None or info is None:
            yield Failed("no_model", Sentence("No model is loaded."), request.request_id)
            return
        received = self._clock()
        rid = request.request_id
        if isinstance(request.prompt, str):
            prompt = self._tokenize(request.prompt, info.add_bos, True)
        else:
            prompt = self._tokenize_parts(request.prompt, info.add_bos)
        n_ctx = llm.n_ctx()
        if len(prompt) >= n_ctx:
            yield Failed(
                "generate",
                Sentence(
                    "The prompt is {tokens} tokens but the context holds {n_ctx}.",
                    tokens=len(prompt),
                    n_ctx=n_ctx,
                ),
                rid,
            )
            return

        restored = self._states is not None and self._states.before_prompt(llm, prompt)
        reused = self._reuse_prefix(prompt)
        evaluated = len(prompt) - reused
        progress = request.progress
        cancelled = yield from self._evaluate_prompt(rid, prompt, reused, received, progress)
        if cancelled is not None:
            yield cancelled
            return
        prompt_eval_s = self._clock() - received
        reason, completion, token_times = yield from self._decode(
            rid, request.sampling, len(prompt), n_ctx, request.show_control
        )
        done = self._done(
            rid, reason, len(prompt), evaluated, completion, received, token_times, prompt_eval_s
        )
        yield replace(done, prompt_restored=reused) if restored else done

    def _evaluate_prompt(
        self, rid: int, prompt: list[int], reused: int, received: float, progress: bool
    ) -> Generator[PromptProgress, None, Done | None]:
        """Feed the prompt after its reused prefix in n_batch chunks; a Done if cancelled
        meanwhile. ``progress``: yield how far it got, when it begins, when it ends, and at
        most every PROGRESS_S between (one clock reading per chunk: nothing measurable)."""
        llm = self._llm
        assert llm is not None
        step, total = max(1, llm.n_batch), len(prompt) - reused
        began = reported = self._clock()
        if progress:
            yield PromptProgress(rid, 0, total, 0.0)
        for start in range(reused, len(prompt), step):
            if self._cancelled(rid):
                return self._done(rid, "cancelled", len(prompt), start - reused, 0, received, [])
            llm.eval(prompt[start : start + step])
            if progress:
                now, done = self._clock(), min(start + step, len(prompt)) - reused
                if done == total or now - reported >= PROGRESS_S:
                    yield PromptProgress(rid, done, total, now - began)
                    reported = now
        return None

    def _decode(
        self, rid: int, sp: SamplingParams, prompt_tokens: int, n_ctx: int, control: bool
    ) -> Generator[Piece, None, tuple[FinishReason, int, list[float]]]:
        """Sample token after token, yielding the text; returns why it ended, how many
        tokens it made and when each was sampled."""
        llm, info = self._llm, self._info
        assert llm is not None and info is not None
        sampler = self._sampler(sp, self._bias(sp))
        steps = self._steps(sp, sampler, min(n_ctx, prompt_tokens + sp.max_tokens))
        stops = StopMatcher(sp.stop)
        # a character split across tokens comes out whole with its last byte; bytes that
        # can never be text (the model wrote them) read as U+FFFD
        utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        is_eog = self._lib.llama_vocab_is_eog
        vocab = llm._model.vocab
        token_times: list[float] = []
        completion = 0
        leading = True
        reason: FinishReason = "length"
        hit_stop_string = False
        try:
            while True:
                token = steps.sample()  # samples and accepts (penalties)
                token_times.append(self._clock())
                if token == info.eos_id or is_eog(vocab, token):
                    reason = "stop"
                    break
                completion += 1
                # stop strings see the raw text ("\nHuman:" may start with the newline)
                shown, stopped = stops.feed(utf8.decode(self._piece(token, control)))
                if leading:  # a transcript's "Assistant:" is followed by a space
                    shown = shown.lstrip()
                    leading = not shown
                if shown or not stopped:
                    yield Piece(rid, shown, (token,))
                if stopped:
                    reason, hit_stop_string = "stop", True
                    break
                if completion >= sp.max_tokens:
                    break
                if prompt_tokens + completion >= n_ctx:
                    reason = "context"
                    break
                if self._cancelled(rid):
                    reason = "cancelled"
                    break
                steps.advance(token)
        finally:
            steps.close()
            sampler.close()
        # A character the answer stopped in the middle of (Stop, the length, the context) is
        # dropped: decoding its first bytes as final would end the answer in "\ufffd".
        utf8.reset()
        if not hit_stop_string:  # text held back as a possible stop string was not one
            tail = stops.flush()
            if tail:
                yield Piece(rid, tail, ())
        return reason, completion, token_times

    def _steps(self, sp: SamplingParams, sampler: Any, end: int) -> Steps:
        """Prompt lookup where the answer stays the same (lookup_decoder): not under a
        grammar (its sampler picks in two passes), nor on a model whose state cannot
        drop the guessed positions (recurrent and hybrid models)."""
        llm, lib = self._llm, self._lib
        model = llm._model.model
        recurrent = lib.llama_model_is_recurrent(model) or lib.llama_model_is_hybrid(model)
        if not sp.prompt_lookup or sp.grammar or recurrent:
            return PlainSteps(llm, sampler)
        return LookupSteps(lib, llm, sampler, end)

    def _bias(self, sp: SamplingParams) -> dict[int, float]:
        """The request's logit bias, with every end-of-generation token banned when the
        answer must ignore EOS."""
        bias = dict(sp.logit_bias)
        if sp.ignore_eos:
            bias.update(dict.fromkeys(self._end_of_generation_ids(), -1e9))
        return bias

    # -- helpers -------------------------------------------------------------------------

    def _tokenize(self, text: str, add_bos: bool, special: bool) -> list[int]:
        assert self._llm is not None and self._info is not None
        return self._without_double_bos(self._token_ids(text.encode("utf-8"), add_bos, special))

    def _token_ids(self, data: bytes, add_bos: bool, special: bool) -> list[int]:
        """llama.cpp's tokens for ``data``, in a buffer sized by the text. llama-cpp-python's
        own tokenize allocates one token for every position of the TRAINING context the file
        claims, on every call, zero-filled while holding the GIL: 3.7 GiB and seconds per
        call (no heartbeat meanwhile) for a header claiming 10^9 tokens."""
        lib, vocab = self._lib, self._llm._model.vocab
        size = len(data) + 2  # a token covers at least one byte; BOS and EOS besides
        for _ in range(2):
            buffer = (lib.llama_token * size)()
            n = lib.llama_tokenize(vocab, data, len(data), buffer, size, add_bos, special)
            if n >= 0:
                ids: list[int] = buffer[:n]  # ctypes slices to a list
                return ids
            size = -n  # llama.cpp says how many it needs
        raise RuntimeError(f"llama.cpp could not tokenize {len(data):,} bytes")

    def _without_double_bos(self, ids: list[int]) -> list[int]:
        # A template that writes {{ bos_token }} itself plus llama.cpp's automatic BOS would
        # give two; models answer worse after a doubled BOS.
        assert self._info is not None
        bos = self._info.bos_id
        if len(ids) >= 2 and ids[0] == bos and ids[1] == bos:
            return ids[1:]
        return ids

    def _tokenize_parts(self, parts: tuple[PromptPart, ...], add_bos: bool) -> list[int]:
        """Markup with its control tokens parsed, messages' text as plain text. When no
        message holds a control token's text (tokenizing it with and without them parsed
        agrees), the whole prompt is tokenized in one pass, exactly as it always was."""
        assert self._llm is not None
        whole = self._tokenize("".join(p.text for p in parts), add_bos, True)
        plain = "\n".join(p.text for p in parts if not p.markup)
        if not plain or self._tokenize(plain, False, True) == self._tokenize(plain, False, False):
            return whole
        ids: list[int] = []
        for part in parts:
            first = add_bos and not ids
            ids += self._token_ids(part.text.encode("utf-8"), first, part.markup)
        return self._without_double_bos(ids)

    def _reuse_prefix(self, prompt: list[int]) -> int:
        """Keep the KV cache for the longest common prefix; return how many tokens it holds."""
        llm = self._llm
        n = min(llm.n_tokens, len(prompt))
        mismatch = np.flatnonzero(llm.input_ids[:n] != np.asarray(prompt[:n]))
        common = int(mismatch[0]) if mismatch.size else n
        common = min(common, len(prompt) - 1)  # the last token is re-evaluated for logits
        if not swa_keeps(self._lib, llm, common):
            common = 0
        if common <= 0 or not llm._ctx.kv_cache_seq_rm(-1, common, -1):
            llm.reset()
            return 0
        llm.n_tokens = common
        return common

    def _piece(self, token: int, control: bool = False) -> bytes:
        """The bytes of one token (``control``: a control token's own text too, else none).
        llama-cpp-python's detokenize uses a fixed 32-byte buffer and silently drops longer
        pieces (runs of spaces in code, '====...')."""
        lib, vocab = self._lib, self._llm._model.vocab
        size = len(self._piece_buffer)
        n = lib.llama_token_to_piece(vocab, token, self._piece_buffer, size, 0, control)
        if n < 0:
            self._piece_buffer = ctypes.create_string_buffer(-n)
            n = lib.llama_token_to_piece(vocab, token, self._piece_buffer, -n, 0, control)
        return self._piece_buffer.raw[: max(n, 0)]

    def _sampler(self, sp: SamplingParams, bias: dict[int, float]) -> Any:
        """llama.cpp's native sampler chain (bias and penalties first, as llama.cpp does):
        no Python runs per token, unlike llama-cpp-python's logits processors (a grammar
        adds one check of the chosen token, and now and then a second pick: grammar_sampler)."""
        llm = self._llm
        chain: Any = self._lib._internals.LlamaSampler()
        self._add_changes(chain, sp, bias)
        openers = self._opener_tokens(sp.grammar_openers)
        if not sp.grammar or (sp.grammar_openers and not openers):
            self._add_pick(chain, sp)
            return chain
        pick: Any = self._lib._internals.LlamaSampler()
        self._add_pick(pick, sp)
        # only tokens the grammar allows are chosen; it is asked about the chain's pick
        # first, not about every token of the vocabulary
        grammar = self._lib.llama_grammar.LlamaGrammar.from_string(sp.grammar, verbose=False)
        if self._first_bytes is None:
            self._first_bytes = FirstBytes(self._lib, llm._model.vocab, int(llm.n_vocab()))
        return GrammarSampler(
            self._lib, llm._model, chain, pick, grammar._grammar, grammar._root, openers,
            self._first_bytes,
        )  # fmt: skip

    def _opener_tokens(self, texts: tuple[str, ...]) -> tuple[int, ...]:
        """The tokens a lazy grammar starts at: each opener the vocabulary writes as one
        token (a tool-call marker such as ``<tool_call>``). One written in several tokens
        could start the grammar in the middle of a token, which llama.cpp cannot take back:
        such an opener is left out (and with none left the answer is free, its calls read
        as they come)."""
        tokens = []
        for text in texts:
            ids = self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
            if len(ids) == 1:
                tokens.append(int(ids[0]))
        return tuple(dict.fromkeys(tokens))

    def _add_changes(self, chain: Any, sp: SamplingParams, bias: dict[int, float]) -> None:
        """The samplers that change logits: the bias, the penalties, then DRY when on."""
        llm = self._llm
        n_vocab = llm.n_vocab()
        if bias:
            chain.add_logit_bias(n_vocab, bias)
        chain.add_penalties(
            n_vocab,
            llm.last_n_tokens_size,
            sp.repeat_penalty,
            sp.frequency_penalty,
            sp.presence_penalty,
        )
        if sp.dry_multiplier > 0:
            last_n = llm.n_ctx() if sp.dry_penalty_last_n < 0 else sp.dry_penalty_last_n
            chain.add_dry(
                llm._model,
                sp.dry_multiplier,
                sp.dry_base,
                sp.dry_allowed_length,
                last_n,
                list(sp.dry_sequence_breakers),
            )

    @staticmethod
    def _add_pick(chain: Any, sp: SamplingParams) -> None:
        """The samplers that choose, in llama.cpp's order: greedy, or top-k, top-p, min-p,
        XTC when on, temperature, a draw (greedy ignores XTC: 0 means the likeliest token)."""
        if sp.temperature <= 0:
            chain.add_greedy()
            return
        seed = sp.seed if sp.seed is not None else random.randrange(2**31)
        chain.add_top_k(sp.top_k)
        chain.add_top_p(sp.top_p, 1)
        chain.add_min_p(sp.min_p, 1)
        if sp.xtc_probability > 0:
            chain.add_xtc(sp.xtc_probability, sp.xtc_threshold, 1, seed)
        chain.add_temp(sp.temperature)
        chain.add_dist(seed)

    def _end_of_generation_ids(self) -> tuple[int, ...]:
        """Every token that ends generation (EOS, <|im_end|>, <end_of_turn>...), found once."""
        if self._eog_ids is None:
            vocab = self._llm._model.vocab
            is_eog = self._lib.llama_vocab_is_eog
            n_vocab = self._info.n_vocab if self._info else 0
            self._eog_ids = tuple(t for t in range(n_vocab) if is_eog(vocab, t))
        return self._eog_ids

    def _cancelled(self, request_id: int) -> bool:
        return bool(self._cancel.value >= request_id)

    @staticmethod
    def _done(
        rid: int,
        reason: FinishReason,
        prompt_tokens: int,
        evaluated: int,
        completion: int,
        received: float,
        token_times: list[float],
        prompt_eval_s: float = 0.0,
    ) -> Done:
        ttft = token_times[0] - received if token_times else 0.0
        decode_tps = 0.0
        if len(token_times) > 1 and token_times[-1] > token_times[0]:
            decode_tps = (len(token_times) - 1) / (token_times[-1] - token_times[0])
        return Done(
            rid, reason, prompt_tokens, evaluated, completion, ttft, decode_tps, prompt_eval_s
        )

    def _model_info(
        self, path: str, gpu_layers: int, load_seconds: float, template_is_text: bool
    ) -> ModelInfo:
        llm = self._llm
        meta: dict[str, str] = dict(llm.metadata)
        model = llm._model
        bos, eos = llm.token_bos(), llm.token_eos()

        def text(token: int) -> str:
            return model.token_get_text(token) if token >= 0 else ""

        return ModelInfo(
            path=path,
            name=display_name(meta.get("general.name"), Path(path).name),
            architecture=meta.get("general.architecture", "unknown"),
            n_ctx=llm.n_ctx(),
            n_ctx_train=model.n_ctx_train(),
            n_vocab=model.n_vocab(),
            bos_token=text(bos),
            eos_token=text(eos),
            bos_id=bos,
            eos_id=eos,
            add_bos=bool(model.add_bos_token()),
            # llama.cpp gives every value as text: a template stored as a number reads "7"
            chat_template=meta.get("tokenizer.chat_template") if template_is_text else None,
            n_gpu_layers=gpu_layers,
            load_seconds=load_seconds,
        )


def _without_space_prefix(
    data: list[bytes], ids: list[int], text: str, info: ModelInfo | None
) -> list[bytes]:
    """The pieces without the space a SentencePiece vocabulary puts before the text (it
    writes "hello" as "▁hello"), which llama.cpp's own detokenize leaves out too."""
    first = 1 if info is not None and ids and ids[0] == info.bos_id else 0
    prefixed = first < len(data) and data[first].startswith(b" ") and not text.startswith(" ")
    if prefixed and b"".join(data[first:]) == b" " + text.encode("utf-8"):
        return [*data[:first], data[first][1:], *data[first + 1 :]]
    return data


PIECE_BATCH_S = 0.03  # a fast stream is sent ~30 times a second, a slow one token by token


def stream_batched(events: Iterator[Event], conn: Connection | Outbox) -> None:
    """Send generation events, batching pieces that come faster than ``PIECE_BATCH_S``."""
    pending: list[Piece] = []
    last = 0.0

    def flush() -> None:
        if pending:
            conn.send(
                pending[0] if len(pending) == 1 else Pieces(pending[0].request_id, tuple(pending))
            )
            pending.clear()

    for event in events:
        if isinstance(event, Piece):
            pending.append(event)
            now = time.monotonic()
            if now - last >= PIECE_BATCH_S:
                flush()
                last = now
            continue
        flush()
        conn.send(event)
    flush()


def _answer(engine: Engine, llama_cpp: Any, request: object) -> Event:
    """The reply to one request that is not a generation."""
    if isinstance(request, LoadRequest):
        return engine.load(request)
    if isinstance(request, TokenizeRequest):
        return engine.tokenize(request)
    if isinstance(request, UnloadRequest):
        return engine.unload()
    if isinstance(request, InfoRequest):
        return describe_backend(llama_cpp)
    if isinstance(request, StatesRequest):
        return engine.states(request)
    return Failed("internal", f"Unknown engine request {type(request).__name__}.")


def serve(conn: Connection, cancel: Any, log_path: str | None) -> None:
    """Entry point of the engine process (multiprocessing target)."""
    # Ctrl-C in a terminal reaches the whole process group: the app decides what it means
    # (stop the answer), so the engine must not die of it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if log_path:  # a rotating engine.log: llama.cpp's lines and this process's bugs
        logs.use_log(Path(log_path), tag="engine")
    log = LlamaLog(logging.getLogger("deskchat.llama") if log_path else None)
    import llama_cpp

    log.install(llama_cpp)
    engine = Engine(llama_cpp, log, cancel)
    outbox = Outbox(conn)
    while True:
        outbox.busy(False)
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the app went away
            break
        if isinstance(request, ShutdownRequest):
            break
        outbox.busy(True)
        try:
            if isinstance(request, GenerateRequest):
                stream_batched(engine.generate(request), outbox)
                continue
            reply = _answer(engine, llama_cpp, request)
        except Exception as exc:  # noqa: BLE001 - a bug: log it, report it, keep serving
            rid = getattr(request, "request_id", None)
            reply = Failed("internal", logs.log_bug(exc, f"serving {type(request).__name__}"), rid)
        try:
            outbox.send(reply)
        except (BrokenPipeError, OSError):
            break
    outbox.busy(False)
    engine.unload()
