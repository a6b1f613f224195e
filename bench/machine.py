"""What the figures were measured on: CPU, cores, memory, OS, both Pythons, the git commit."""

from __future__ import annotations

import platform
import subprocess
from pathlib import Path

import psutil

from bankbot_cli.paths import CORE_VENV, ROOT


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = line.split("=", 1)[1].strip('"')
                return f"{pretty} (Linux {platform.release()})"
    except OSError:
        pass
    return platform.platform()


def _output(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


_PRINT_VERSION = "import platform; print(platform.python_version())"


def describe() -> dict[str, object]:
    dirty = bool(_output(["git", "status", "--porcelain", "--untracked-files=no"]))
    return {
        "cpu": _cpu_model(),
        "cores": psutil.cpu_count(logical=True),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": _os_name(),
        "python_app": platform.python_version(),
        "python_core": _output([str(CORE_VENV / "bin" / "python"), "-c", _PRINT_VERSION]),
        "git_commit": _output(["git", "rev-parse", "--short=12", "HEAD"])
        + (" (+ local changes)" if dirty else ""),
        "load_average_at_start": [round(x, 2) for x in psutil.getloadavg()],
    }
