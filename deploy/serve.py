"""`make serve`: the production stack on this machine, as child processes of this one.

nginx (its own configuration and prefix under var/serve/) in front of gunicorn with the
production settings (DEBUG off, deploy/gunicorn.conf.py), MariaDB (the running server; a
database of its own), a memcached it starts, and the X emulator only when asked
(``--emulator``). Throwaway secrets are made on the first run into var/serve.env, which
git ignores. Ctrl-C or SIGTERM stops everything it started, by PID; so does any child
exiting on its own.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The emulator's demo application (apps/xemulator); real keys go into var/serve.env.
DEMO_KEYS = {
    "X_CONSUMER_KEY": "yubitter-demo-consumer-key-0001",
    "X_CONSUMER_SECRET": "yubitter-demo-consumer-secret-for-the-local-emulator-only",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise SystemExit(f"serve: {what} did not come up within {timeout:.0f} s")


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def page_answers(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status == 200
    except OSError:
        return False


def throwaway_secrets(path: Path) -> dict[str, str]:
    """var/serve.env, made on the first run: a secret key, a Fernet key, X app keys to fill in."""
    if not path.exists():
        from cryptography.fernet import Fernet

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "# Made by `make serve` for this machine only; never commit.\n"
            f"SECRET_KEY={secrets.token_urlsafe(48)}\n"
            f"TOKEN_ENCRYPTION_KEYS={Fernet.generate_key().decode()}\n"
            "# Your X app's OAuth 1.0a keys (without EMULATOR=1, X itself is used).\n"
            "X_CONSUMER_KEY=replace-with-your-x-app-key\n"
            "X_CONSUMER_SECRET=replace-with-your-x-app-secret\n"
        )
        path.chmod(0o600)
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


def ensure_database(url: str) -> None:
    """CREATE DATABASE IF NOT EXISTS on the MariaDB server the URL names."""
    import MySQLdb

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    connection = MySQLdb.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 3306,
        user=parts.username or "root",
        password=parts.password or "",
    )
    try:
        connection.cursor().execute(
            f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4"
            " COLLATE utf8mb4_unicode_ci"
        )
    finally:
        connection.close()


def nginx_config(run: Path, port: int, socket_path: Path, static: Path) -> Path:
    """var/serve/nginx.conf: the deployed site snippet behind a local listener."""
    temp = run / "nginx-temp"
    temp.mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers would switch to "nobody" and lose the socket and files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temps = "".join(
        f"    {kind}_temp_path {temp / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = run / "nginx.conf"
    config.write_text(
        f"{user}worker_processes 1;\n"
        f"pid {run / 'nginx.pid'};\n"
        "error_log stderr warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        f"    access_log {run / 'nginx-access.log'};\n"
        f"{temps}"
        f"    upstream yubitter {{ server unix:{socket_path} fail_timeout=0; }}\n"
        "    server {\n"
        f"        listen 127.0.0.1:{port};\n"
        "        server_name _;\n"
        f"        location /static/ {{ alias {static}/; expires 7d; }}\n"
        f"        include {ROOT / 'deploy' / 'nginx-gateway.conf'};\n"
        "    }\n"
        "}\n"
    )
    return config


class Stack:
    """The child processes, stopped in reverse order by their PIDs."""

    def __init__(self):
        self.children: list[tuple[str, subprocess.Popen]] = []
        # A cache node may die (the gateway carries on without it); the rest may not.
        self.expendable: set[int] = set()
        self.gone: set[int] = set()

    def start(self, name: str, cmd: list[str], env: dict, *, expendable=False) -> subprocess.Popen:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
        self.children.append((name, proc))
        if expendable:
            self.expendable.add(proc.pid)
        return proc

    def exited(self) -> str | None:
        for name, proc in self.children:
            if proc.poll() is None:
                continue
            if proc.pid not in self.expendable:
                return f"{name} exited with {proc.returncode}"
            if proc.pid not in self.gone:
                self.gone.add(proc.pid)
                print(f"serve: {name} {proc.pid} exited; carrying on without it", file=sys.stderr)
        return None

    def stop(self) -> None:
        for _, proc in reversed(self.children):
            if proc.poll() is None:
                proc.terminate()
        for _, proc in reversed(self.children):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=21380, help="nginx listens here")
    parser.add_argument("--database-url", default="mysql://root@127.0.0.1:3306/yubitter_serve")
    parser.add_argument("--emulator", action="store_true", help="run the local X emulator")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memcached", type=int, default=1, help="memcached nodes to start")
    parser.add_argument("--run-dir", type=Path, default=ROOT / "var" / "serve")
    parser.add_argument("--secrets", type=Path, default=ROOT / "var" / "serve.env")
    args = parser.parse_args()
    run = args.run_dir.resolve()

    for binary in ("nginx", "memcached"):
        if shutil.which(binary) is None and not Path(f"/usr/sbin/{binary}").exists():
            raise SystemExit(f"serve: {binary} is not installed (make serve installs it)")
    run.mkdir(parents=True, exist_ok=True)
    socket_path = run / "gunicorn.sock"
    socket_path.unlink(missing_ok=True)
    static = run / "static"
    memcached_ports = [free_port() for _ in range(args.memcached)]
    site = f"http://127.0.0.1:{args.port}"

    env = {**os.environ, **throwaway_secrets(args.secrets)}
    env.update(
        DJANGO_SETTINGS_MODULE="yubitter.settings",
        DEBUG="false",
        XEMULATOR_ENABLED="false",
        DATABASE_URL=args.database_url,
        CACHE_URL="pymemcache://" + ",".join(f"127.0.0.1:{port}" for port in memcached_ports),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on this machine; production serves HTTPS and keeps secure cookies.
        SECURE_COOKIES="false",
        TRUST_X_FORWARDED_PROTO="true",
        KEITAI_CLIENT_ADDRESS_HEADER="X-Real-IP",
        STATIC_ROOT=str(static),
        GUNICORN_BIND=f"unix:{socket_path}",
        GUNICORN_WORKERS=str(args.workers),
    )
    stack = Stack()

    def stop(signum, frame):
        # Once: a second Ctrl-C must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise SystemExit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        for port in memcached_ports:
            memcached = ["memcached", "-l", "127.0.0.1", "-p", str(port), "-U", "0"]
            if os.geteuid() == 0:
                memcached += ["-u", "root"]  # memcached refuses to run as root without it
            stack.start("memcached", [*memcached, "-m", "64"], env, expendable=True)
        if args.emulator:
            emulator_port = free_port()
            emulator = f"http://127.0.0.1:{emulator_port}"
            env.update(DEMO_KEYS)
            env.update(
                X_API_BASE_URL=emulator,
                IMAGE_PROXY_ALLOWED_HOSTS="127.0.0.1,pbs.twimg.com",
                IMAGE_PROXY_ALLOW_PRIVATE_HOSTS=f"127.0.0.1:{emulator_port}",
            )
            stack.start(
                "emulator",
                [PYTHON, "manage.py", "xemulator", "--host", "127.0.0.1"]
                + ["--port", str(emulator_port), "--local-media"],
                {**env, "XEMULATOR_ENABLED": "true"},
            )
        ensure_database(args.database_url)
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["compilemessages", "-l", "ja", "--ignore=.venv", "-v", "0"],
            ["collectstatic", "--noinput", "-v", "0"],
        ):
            subprocess.run([PYTHON, "manage.py", *command], env=env, cwd=ROOT, check=True)
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        stack.start("gunicorn", [gunicorn, "-c", "deploy/gunicorn.conf.py", "yubitter.wsgi"], env)
        wait_for(socket_path.exists, "gunicorn")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        config = nginx_config(run, args.port, socket_path, static)
        stack.start("nginx", [nginx, "-p", str(run), "-c", str(config), "-g", "daemon off;"], env)
        wait_for(lambda: answers(args.port), "nginx")
        # gunicorn's workers load the gateway on their first request: ready means a page.
        wait_for(lambda: page_answers(site + "/"), "the gateway through nginx", timeout=120)
        if args.emulator:
            wait_for(lambda: answers(emulator_port), "the X emulator")
        print(f"\nyubitter (nginx → gunicorn, DEBUG off): {site}/", flush=True)
        if args.emulator:
            print(f"X emulator: {emulator}/  (sign in on it as demo / demo)", flush=True)
        started = ", ".join(f"{name} {proc.pid}" for name, proc in stack.children)
        print(f"processes: {started}. Ctrl-C stops everything.\n", flush=True)
        while not (problem := stack.exited()):
            time.sleep(0.2)
        print(f"serve: {problem}; stopping", file=sys.stderr, flush=True)
        return 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
