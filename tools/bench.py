"""``make bench``: this assistant against a `rasa init`-style baseline, same data, same run.

Trains both (timed, no training cache), scores both on the held-out files, starts
each the way `make run` does (one after the other, timing start-up and the first
patient question through the web app the moment "ready" is printed), then, with both
running, measures REST latency with one client sending to each in turn, throughput
and p95 with 8 clients, turn 50 against turn 1 and resident memory. Prints a table
with the ratios and the targets.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

from bot.settings import PROJECT_ROOT, Settings
from tools.assistant import (
    RunningAssistant,
    child_pids,
    is_rasa_server,
    resident_mb,
    start_assistant,
)
from tools.heldout import load_examples, score_model
from tools.load import interleaved_one_client, run_clients, turn_latency
from tools.safety_eval import pipeline_verdicts, score, scored_phrasings

BASELINE_CONFIG = PROJECT_ROOT / "tools" / "baseline-config.yml"
WARMUP_MESSAGES = 20
ONE_CLIENT_MESSAGES = 300
CLIENTS, PER_CLIENT = 8, 60


@dataclass
class Figures:
    heldout_accuracy: float = 0.0
    safety_recall: float = 0.0
    safety_false_alarms: float = 0.0
    train_seconds: float = 0.0
    ready_seconds: float = 0.0
    first_answer_seconds: float = 0.0
    first_answer_ms: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    concurrent_per_second: float = 0.0
    concurrent_p95_ms: float = 0.0
    turn1_ms: float = 0.0
    turn50_ms: float = 0.0
    rasa_rss_mb: float = 0.0
    actions_rss_mb: float = 0.0


def train(config: Path, out: Path, name: str) -> Tuple[Path, float]:
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "RASA_MAX_CACHE_SIZE": "0",
        "RASA_CACHE_DIRECTORY": str(out / f"cache-{name}"),
    }
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "--config",
            str(config),
            "--out",
            str(out),
            "--fixed-model-name",
            name,
        ],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return out / f"{name}.tar.gz", time.perf_counter() - started


def first_answer(web_url: str) -> bool:
    """A patient's question through the web app the moment "ready" is printed: whether
    the page answered it within the web app's wait."""
    request = urllib.request.Request(
        f"{web_url}/chat/message",
        data=json.dumps({"session": uuid.uuid4().hex, "message": "what causes dystonia?"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (localhost)
        kinds = [m.get("custom", {}).get("kind") for m in json.loads(response.read())["messages"]]
    return "answer" in kinds


def serve(
    model: Path, work: Path, ports: Tuple[int, int], figures: Figures, stack: ExitStack
) -> RunningAssistant:
    """Start one assistant until ``stack`` closes; time its start and first answer."""
    env = {
        "LETSCHAT_MODEL_PATH": str(model),
        "LETSCHAT_VAR_DIR": str(work),
        "LETSCHAT_RASA_PORT": str(ports[0]),
        "LETSCHAT_ACTION_PORT": str(ports[1]),
        "LETSCHAT_WEB_PORT": str(ports[0] + 3000),
        "LETSCHAT_DATABASE_URL": Settings().resolved_database_url,
    }
    started = time.perf_counter()
    running = stack.enter_context(start_assistant(env, work / "serve.log", ports[0], ""))
    figures.ready_seconds = time.perf_counter() - started
    asked = time.perf_counter()
    if not first_answer(f"http://127.0.0.1:{env['LETSCHAT_WEB_PORT']}"):
        print("the first question after ready was not answered in time", flush=True)
        figures.first_answer_ms = float("inf")  # reported as missed, not as a figure
    else:
        figures.first_answer_ms = (time.perf_counter() - asked) * 1000
    figures.first_answer_seconds = time.perf_counter() - started
    return running


def measure_serving(
    running: Dict[str, RunningAssistant], questions: List[str], figures: Dict[str, Figures]
) -> None:
    """Both assistants up: one client to each in turn, then each alone under load."""
    urls = [r.rasa_url for r in running.values()]
    interleaved_one_client(urls, questions, WARMUP_MESSAGES)
    measured = interleaved_one_client(urls, questions, ONE_CLIENT_MESSAGES)
    for name, one in zip(running, measured, strict=True):
        figures[name].p50_ms, figures[name].p95_ms = one.p50, one.p95
    for name, assistant in running.items():
        print(f"[{name}] 8 clients, turn 50 ...", flush=True)
        many = run_clients(assistant.rasa_url, questions, CLIENTS, PER_CLIENT)
        figures[name].concurrent_per_second, figures[name].concurrent_p95_ms = (
            many.per_second,
            many.p95,
        )
        by_turn = turn_latency(assistant.rasa_url, questions)
        figures[name].turn1_ms = statistics.median(by_turn[:5])
        figures[name].turn50_ms = statistics.median(by_turn[-5:])
        for pid in child_pids(assistant.process.pid):
            field = "rasa_rss_mb" if is_rasa_server(pid) else "actions_rss_mb"
            setattr(figures[name], field, resident_mb(pid))


ROWS: List[Tuple[str, str, str, float | None, bool]] = [
    # label, field, format, target, higher is better
    ("held-out intent accuracy", "heldout_accuracy", "{:.1%}", 0.95, True),
    ("safety recall (scored splits)", "safety_recall", "{:.1%}", 1.0, True),
    ("safety false alarms (scored)", "safety_false_alarms", "{:.1%}", 0.02, False),
    ("training time (s)", "train_seconds", "{:.1f}", 60, False),
    ("start to ready (s)", "ready_seconds", "{:.1f}", None, False),
    ("first answer after start (s)", "first_answer_seconds", "{:.1f}", None, False),
    ("first answer latency (ms)", "first_answer_ms", "{:.0f}", 6000, False),
    ("1 client p50 (ms)", "p50_ms", "{:.1f}", None, False),
    ("1 client p95 (ms)", "p95_ms", "{:.1f}", 40, False),
    ("8 clients msg/s", "concurrent_per_second", "{:.1f}", 100, True),
    ("8 clients p95 (ms)", "concurrent_p95_ms", "{:.1f}", None, False),
    ("turn 1 (ms, median of 1-5)", "turn1_ms", "{:.1f}", None, False),
    ("turn 50 (ms, median of 46-50)", "turn50_ms", "{:.1f}", None, False),
    ("Rasa server RSS (MB)", "rasa_rss_mb", "{:.0f}", 800, False),
    ("action server RSS (MB)", "actions_rss_mb", "{:.0f}", None, False),
]


def report(ours: Figures, baseline: Figures) -> str:
    lines = [f"{'metric':32} {'ours':>10} {'baseline':>10} {'ratio':>7}  target"]
    for label, name, fmt, target, higher in ROWS:
        mine, base = getattr(ours, name), getattr(baseline, name)
        ratio = f"{mine / base:.2f}" if base else "-"
        verdict = ""
        if target is not None:
            met = mine >= target if higher else mine <= target
            verdict = f"{'>=' if higher else '<='} {target} {'ok' if met else 'MISSED'}"
        lines.append(
            f"{label:32} {fmt.format(mine):>10} {fmt.format(base):>10} {ratio:>7}  {verdict}"
        )
    turn_ratio = ours.turn50_ms / ours.turn1_ms if ours.turn1_ms else 0
    lines.append(
        f"{'turn 50 / turn 1 (ours)':32} {turn_ratio:>10.2f} "
        f"{'':>10} {'':>7}  <= 1.2 {'ok' if turn_ratio <= 1.2 else 'MISSED'}"
    )
    p95_ratio = ours.p95_ms / baseline.p95_ms if baseline.p95_ms else 0
    lines.append(
        f"{'1 client p95 / baseline':32} {p95_ratio:>10.2f} "
        f"{'':>10} {'':>7}  <= 0.5 {'ok' if p95_ratio <= 0.5 else 'MISSED'}"
    )
    return "\n".join(lines)


def train_and_score(config: Path, name: str, work: Path) -> Tuple[Path, Figures]:
    figures = Figures()
    print(f"[{name}] training ...", flush=True)
    model, figures.train_seconds = train(config, work, name)
    print(f"[{name}] scoring held-out files ...", flush=True)
    figures.heldout_accuracy = score_model(model).accuracy
    print(f"[{name}] scoring the safety splits ...", flush=True)
    phrasings = scored_phrasings()
    safety = score(phrasings, pipeline_verdicts(model, phrasings).__getitem__)
    figures.safety_recall, figures.safety_false_alarms = safety.recall, safety.false_alarm_rate
    return model, figures


SCALED_DATABASE = "letschat_bench_scaled"
SCALED_URL = f"postgresql://postgres@127.0.0.1:5432/{SCALED_DATABASE}"


def measure_scaled(model: Path, work: Path, questions: List[str]) -> Tuple[float, float, float]:
    """8 clients through HAProxy in front of two Rasa servers (the scaled profile:
    PostgreSQL tracker store, Redis lock store): msg/s, p95 ms, largest Rasa RSS MB."""
    import sqlalchemy as sa

    from bot.content.__main__ import build as build_content

    admin = sa.create_engine(
        "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {SCALED_DATABASE} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {SCALED_DATABASE}"))
    admin.dispose()
    defaults = Settings()
    build_content(defaults.content_source, SCALED_URL, defaults.spacy_pipeline_dir)
    env = {
        "LETSCHAT_MODEL_PATH": str(model),
        "LETSCHAT_VAR_DIR": str(work),
        "LETSCHAT_RASA_SERVERS": "2",
        "LETSCHAT_RASA_PORT": "5211",
        "LETSCHAT_BALANCER_PORT": "5210",
        "LETSCHAT_ACTION_PORT": "5261",
        "LETSCHAT_WEB_PORT": "8211",
        "LETSCHAT_DATABASE_URL": SCALED_URL,
        "LETSCHAT_TRACKER_STORE_URL": SCALED_URL,
        "LETSCHAT_LOCK_STORE_URL": "redis://127.0.0.1:6379/11",
        "LETSCHAT_RATE_LIMIT_STORAGE_URL": "redis://127.0.0.1:6379/12",
    }
    with start_assistant(env, work / "serve.log", 5210, SCALED_URL) as running:
        run_clients(running.rasa_url, questions, CLIENTS, WARMUP_MESSAGES)
        many = run_clients(running.rasa_url, questions, CLIENTS, PER_CLIENT)
        rss = max(
            resident_mb(pid) for pid in child_pids(running.process.pid) if is_rasa_server(pid)
        )
    return many.per_second, many.p95, rss


def main() -> None:
    questions = [
        text
        for text, _ in load_examples(
            [
                PROJECT_ROOT / "tests" / "nlu-heldout.yml",
                PROJECT_ROOT / "tests" / "nlu-heldout-2.yml",
            ]
        )
    ]
    with tempfile.TemporaryDirectory(prefix="letschat-bench-") as tmp:
        work = Path(tmp)
        configs = {"ours": PROJECT_ROOT / "config.yml", "baseline": BASELINE_CONFIG}
        ports = {"ours": (5205, 5255), "baseline": (5206, 5256)}
        models: Dict[str, Path] = {}
        results: Dict[str, Figures] = {}
        for name, config in configs.items():
            models[name], results[name] = train_and_score(config, name, work)
        with ExitStack() as stack:
            running = {}
            for name in configs:
                print(f"[{name}] starting ...", flush=True)
                running[name] = serve(models[name], work / name, ports[name], results[name], stack)
            print("[both] one client, a message to each in turn ...", flush=True)
            measure_serving(running, questions, results)
        # printed now: a failure in the scaled part must not lose the embedded figures
        print()
        print(report(results["ours"], results["baseline"]), flush=True)
        print("[ours, scaled profile] two Rasa servers behind HAProxy ...", flush=True)
        scaled = measure_scaled(work / "ours.tar.gz", work / "scaled", questions)
    base = results["baseline"]
    per_second, p95, rss = scaled
    ratio = per_second / base.concurrent_per_second if base.concurrent_per_second else 0
    print(
        f"{'8 clients msg/s, 2 Rasa servers':32} {per_second:>10.1f} "
        f"{base.concurrent_per_second:>10.1f} {ratio:>7.2f}  >= 3x baseline "
        f"{'ok' if ratio >= 3 else 'MISSED'}"
    )
    print(
        f"{'8 clients p95 (ms), 2 servers':32} {p95:>10.1f} {base.concurrent_p95_ms:>10.1f} "
        f"{p95 / base.concurrent_p95_ms if base.concurrent_p95_ms else 0:>7.2f}"
    )
    print(f"{'Rasa RSS (MB), each of 2 servers':32} {rss:>10.0f}")


if __name__ == "__main__":
    main()
