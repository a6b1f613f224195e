"""Train only when the model's inputs changed: config, domain, data and our own components."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bankbot_cli.paths import CORE_VENV, MODEL_CACHE, MODELS, RASA, ROOT

MODEL_INPUTS = ("config.yml", "domain.yml", "data", "bot/components", "bot/resources")


def fingerprint(root: Path = ROOT, inputs: tuple[str, ...] = MODEL_INPUTS) -> str:
    digest = hashlib.sha256()
    for name in inputs:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".pyc" or "__pycache__" in file.parts or not file.exists():
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(key: str, models: Path = MODELS) -> Path:
    return models / f"bankbot-{key}.tar.gz"


def core_env() -> dict[str, str]:
    """Environment for Rasa: our components importable, no telemetry, quiet TensorFlow."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def train_command(out_dir: Path, model_name: str) -> list[str]:
    """`rasa train` of the whole model into `out_dir` (run in ROOT with core_env()); the bench
    times it into a temporary directory, so that models/ and the cache are left alone. Run as
    bot/rasa_train.py: Rasa's command without two warnings that are false for our pipeline."""
    return [
        str(CORE_VENV / "bin" / "python"),
        "-m",
        "bot.rasa_train",
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "data",
        "--out",
        str(out_dir),
        "--fixed-model-name",
        model_name,
    ]


def ensure_model(force: bool = False, log=print) -> Path:
    """The model for the current inputs: reused from models/ or the cache, else trained."""
    key = fingerprint()
    target = model_path(key)
    cached = model_path(key, MODEL_CACHE)
    if not force and target.exists():
        log(f"model {target.name} is up to date (inputs unchanged)")
        return target
    if not force and cached.exists():
        MODELS.mkdir(parents=True, exist_ok=True)
        shutil.copy2(cached, target)
        log(f"model {target.name} taken from the cache {MODEL_CACHE}")
        return target
    if not RASA.exists():
        sys.exit("The core runtime is missing: run `make setup` first.")
    log(f"training model {target.name} (config, domain or data changed) ...")
    started = time.monotonic()
    MODELS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        train_command(MODELS, target.name.removesuffix(".tar.gz")), cwd=ROOT, env=core_env(), check=False
    )
    if done.returncode != 0:
        sys.exit(f"bankbot: training failed (rasa train exited with {done.returncode}); see its output above")
    log(f"trained {target.name} in {time.monotonic() - started:.0f} s")
    try:
        MODEL_CACHE.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, cached)
    except OSError as exc:  # a read-only home must not fail training
        log(f"could not cache the model: {exc}")
    return target
