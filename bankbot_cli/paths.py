"""Where things are: the project root, the two runtimes, models, logs and caches."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("BANKBOT_ROOT", Path(__file__).resolve().parents[1]))
CORE_VENV = ROOT / ".venv-core"
APP_VENV = ROOT / ".venv"
RASA = CORE_VENV / "bin" / "rasa"
# `rasa run` for serving: Rasa's own command with our run-time fix (bot/rasa_server.py).
RASA_SERVER = [str(CORE_VENV / "bin" / "python"), "-m", "bot.rasa_server"]
MODELS = ROOT / "models"
VAR = ROOT / "var"
LOGS = Path(os.environ.get("BANKBOT_LOG_DIR", VAR / "logs"))
# Trained models are also kept outside the work tree, keyed by their inputs' hash, so a fresh
# clone (CI, a second checkout) reuses a model already trained for the same inputs.
MODEL_CACHE = Path(os.environ.get("BANKBOT_MODEL_CACHE", Path.home() / ".cache" / "bankbot" / "models"))
