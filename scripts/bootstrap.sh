#!/usr/bin/env bash
# Sets up the two Python runtimes: .venv (app, Python >= 3.11) and .venv-core (Rasa 3.6, Python 3.10).
# Idempotent: each venv carries a stamp with the hash of its requirement files and is rebuilt only when it changes.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

find_python310() {
  local c
  for c in "${PYTHON310:-}" python3.10; do
    if [ -n "$c" ] && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  # pyenv installs that are not the selected global version are still usable directly.
  if command -v pyenv >/dev/null 2>&1; then
    for c in "$(pyenv root)"/versions/3.10*/bin/python3.10; do
      [ -x "$c" ] && { echo "$c"; return 0; }
    done
  fi
  return 1
}

find_python311plus() {
  local c
  for c in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    if [ -n "$c" ] && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  return 1
}

setup_app() {
  local want; want="$(hash_of pyproject.toml requirements/app.lock)"
  if [ -f .venv/.stamp ] && [ "$(cat .venv/.stamp)" = "$want" ]; then
    say "app runtime .venv is up to date"; return 0
  fi
  local py; py="$(find_python311plus)" || { echo "Python 3.11 or newer is required for the app runtime: install python3.11 (e.g. 'apt-get install python3.11' or 'pyenv install 3.11')." >&2; exit 1; }
  say "creating app runtime .venv with $py ($("$py" --version))"
  rm -rf .venv
  "$py" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip wheel setuptools
  say "installing the app (gateway, actions, bank, CLI, tests) from requirements/app.lock"
  .venv/bin/python -m pip install --quiet -c requirements/app.lock -e ".[dev]"
  echo "$want" > .venv/.stamp
}

setup_core() {
  local want; want="$(hash_of requirements/core.txt)"
  if [ -f .venv-core/.stamp ] && [ "$(cat .venv-core/.stamp)" = "$want" ]; then
    say "core runtime .venv-core is up to date"; return 0
  fi
  local py; py="$(find_python310)" || { echo "Rasa 3.6 needs Python 3.10, which was not found: install python3.10 (e.g. 'pyenv install 3.10' or 'apt-get install python3.10 python3.10-venv') or set PYTHON310=/path/to/python3.10." >&2; exit 1; }
  say "creating core runtime .venv-core with $py ($("$py" --version)); Rasa and TensorFlow take a few minutes the first time"
  rm -rf .venv-core
  "$py" -m venv .venv-core
  .venv-core/bin/python -m pip install --quiet --upgrade "pip<25" wheel
  .venv-core/bin/python -m pip install --quiet -r requirements/core.txt
  echo "$want" > .venv-core/.stamp
}

setup_browser() {
  # The widget and console tests drive Debian's Chromium through Playwright (no browser download).
  if command -v chromium >/dev/null 2>&1; then
    say "chromium is installed (browser tests)"; return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    say "chromium not found: the browser tests will be skipped (install it with 'apt-get install chromium')"
  fi
}

setup_services() {
  # PostgreSQL, Redis or RabbitMQ not running: the test run starts a private server in its place
  # (tests/conftest.py) from the server's binaries, installed here when missing.
  local missing; missing="$(.venv/bin/python -m tests.support.services)"
  if [ -z "$missing" ]; then
    say "test services: running, or their servers are installed for private ones"; return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's $missing for the tests' private servers"
    # shellcheck disable=SC2086 # one word per package
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    say "not running and not installed: $missing; the tests that need them will fail (install them, or point BANKBOT_TEST_*_URL at running servers)"
  fi
}

case "${1:-all}" in
  app) setup_app ;;
  core) setup_core ;;
  browser) setup_browser ;;
  services) setup_services ;;
  all) setup_app; setup_core ;;
  *) echo "usage: $0 [app|core|browser|services|all]" >&2; exit 2 ;;
esac
