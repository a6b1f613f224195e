"""Private PostgreSQL, Redis and RabbitMQ servers of a test run, from the machine's server binaries,
in a temporary directory, on free ports: for the fault tests (restarting or killing them disturbs
nobody else) and for `make test` on a machine where the shared servers are not running
(tests/support/services.py). Each is stopped by close(); the shared servers are never touched."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.stack import free_port


def accepts_connections(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _wait(ready, what: str, timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} did not start within {timeout:.0f} s. {tail}")
        time.sleep(0.1)


def postgres_bin_dir() -> Path | None:
    """Debian's /usr/lib/postgresql/<version>/bin (the newest), else wherever initdb is on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def rabbitmq_script(name: str) -> str | None:
    """The real script, not Debian's /usr/sbin wrapper, which runs it as the rabbitmq user
    against /var/lib/rabbitmq (the shared node's Erlang cookie and directory)."""
    real = Path("/usr/lib/rabbitmq/bin") / name
    return str(real) if real.exists() else shutil.which(name)


def server_missing(service: str) -> bool:
    """Whether the binaries to start a private `service` (postgres, redis, rabbitmq) are absent."""
    if service == "postgres":
        return postgres_bin_dir() is None
    if service == "redis":
        return shutil.which("redis-server") is None
    return rabbitmq_script("rabbitmq-server") is None


class PrivatePostgres:
    """PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres`
    user (which Debian's package creates), so the cluster lives in its own directory under /tmp
    owned by that user (pytest's tmp dirs are private to root)."""

    def __init__(self) -> None:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="bankbot-pg-"))
        self._as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_user:
            shutil.chown(self.root, "postgres")
        self.data = self.root / "data"
        self.port = free_port()
        try:
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
            self._ctl("start")
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *argv: str) -> None:
        command = [*self._as_user, str(self.bin_dir / program), *argv]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode:
            raise RuntimeError(f"{program} {' '.join(argv)} failed: {done.stderr[-2000:]}")

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl",
            action,
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.root / "pg.log"),
            "-o",
            options,
            *extra,
        )

    def restart(self) -> None:
        """A fast restart (open connections are cut), back when it accepts connections again."""
        self._ctl("restart", "-m", "fast")
        self.wait_ready()

    def wait_ready(self, timeout: float = 60) -> None:
        def ready() -> bool:
            probe = [str(self.bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"]
            return subprocess.run(probe, check=False).returncode == 0

        _wait(ready, "PostgreSQL", timeout, self.root / "pg.log")

    def close(self) -> None:
        try:
            self._ctl("stop", "-m", "immediate")
        except RuntimeError:
            pass  # already gone (e.g. a Ctrl-C reached it); the directory goes all the same
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in the terminal reaches pytest, which then stops it
        )  # fmt: skip
        self.wait_ready()

    def wait_ready(self, timeout: float = 30) -> None:
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=1)

        def ready() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        try:
            _wait(ready, "Redis", timeout)
        finally:
            client.close()

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def close(self) -> None:
        self.kill()


def _free_port_below(limit: int) -> int:
    """A free port under `limit`: rabbitmqctl listens on the node's distribution port + 10000."""
    for _ in range(200):
        port = free_port()
        if port < limit:
            return port
    raise RuntimeError(f"no free port below {limit}")


class PrivateRabbitMQ:
    """A RabbitMQ node of its own: its own node name, AMQP and distribution ports, its own epmd
    (ERL_EPMD_PORT) and Erlang cookie (HOME), data and logs under a temporary directory, and
    none of /etc/rabbitmq (whose listener is the shared node's 5672). Booting takes a while, so
    the constructor only starts it; wait_ready() waits."""

    def __init__(self) -> None:
        server = rabbitmq_script("rabbitmq-server")
        if server is None:
            raise RuntimeError("no RabbitMQ server (rabbitmq-server): apt-get install rabbitmq-server")
        self.root = Path(tempfile.mkdtemp(prefix="bankbot-rabbitmq-"))
        self.port = free_port()
        self.epmd_port = free_port()
        self.node = f"bankbot-test-{os.getpid()}@localhost"
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}/"
        (self.root / "home").mkdir()
        (self.root / "rabbitmq.conf").write_text(f"listeners.tcp.1 = 127.0.0.1:{self.port}\n")
        (self.root / "rabbitmq-env.conf").write_text("")
        (self.root / "enabled_plugins").write_text("[].\n")
        self.env = os.environ | {
            "HOME": str(self.root / "home"),  # the Erlang cookie the node and rabbitmqctl share
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(_free_port_below(55000)),
            "ERL_EPMD_PORT": str(self.epmd_port),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_CONF_ENV_FILE": str(self.root / "rabbitmq-env.conf"),
            "RABBITMQ_CONFIG_FILE": str(self.root / "rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.root / "advanced.config"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.root / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(self.root / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.root / "log"),
            "RABBITMQ_LOGS": str(self.root / "log" / "rabbit.log"),
        }
        self.log = self.root / "server.out"
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [server], cwd=self.root, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 180) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"RabbitMQ exited ({self.process.returncode}): {self.log.read_text()[-2000:]}"
                )
            return accepts_connections("127.0.0.1", self.port)

        _wait(ready, "RabbitMQ", timeout, self.log)

    def ctl(self, *args: str) -> subprocess.CompletedProcess:
        """rabbitmqctl against this node."""
        ctl = rabbitmq_script("rabbitmqctl") or "rabbitmqctl"
        return subprocess.run(
            [ctl, "-n", self.node, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)  # the node shuts down cleanly
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait()
            epmd = shutil.which("epmd")
            if epmd:  # the node started its own epmd on ERL_EPMD_PORT; it would outlive the run
                subprocess.run(
                    [epmd, "-port", str(self.epmd_port), "-kill"], capture_output=True, check=False
                )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
