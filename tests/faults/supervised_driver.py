"""Runs bankbot_cli.stack's supervisor over small HTTP servers, for tests/faults/test_supervisor.py.

argv: LOG_DIR PORT [--crashing]. One service, `web`, answers GET /health on PORT; with
--crashing it exits at once, every time, so the supervisor has to give up.
"""

from __future__ import annotations

import os
import sys

os.environ["BANKBOT_LOG_DIR"] = sys.argv[1]

from bankbot_cli.stack import RestartPolicy, Service, Stack  # noqa: E402

port = int(sys.argv[2])
HUNG_AFTER = 3.0  # seconds without a health answer before the supervisor kills the child
crashing = "--crashing" in sys.argv
serve = (
    "raise SystemExit(3)"
    if crashing
    else f"import http.server as h; h.test(h.SimpleHTTPRequestHandler, port={port}, bind='127.0.0.1')"
)
web = Service("web", [sys.executable, "-c", serve], "127.0.0.1", port, "/", dict(os.environ))
stack = Stack(
    [web],
    log=lambda line: print(line, flush=True),
    restarts=RestartPolicy(first_backoff=0.1, max_backoff=0.4, probe_every=0.2, hung_after=HUNG_AFTER),
)
stack.start()
if not crashing:
    stack.wait_ready(timeout=30)
    print("ready.", flush=True)
sys.exit(stack.run_until_stopped())
