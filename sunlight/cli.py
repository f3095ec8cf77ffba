"""The `sunlight` console command: Django's manage.py plus the verbs an operator needs.

sunlight start [--demo] [--port 8000]   migrate, (build the demo city), serve web + worker together
sunlight web | worker                   run one of the two processes (production: one each per host)
sunlight demo                           build or refresh the demo city (idempotent)
sunlight audit verify                   check the event log's hash chain
sunlight backup [PATH] | restore ARCHIVE [--force]   one archive of database, media and keys
sunlight rotate_field_key [--new-key] [--drop-old]   re-encrypt personal data under a new key
sunlight calendar seed|status|set ...   working-day calendar
sunlight <any manage.py command>        e.g. sunlight createsuperuser
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def _manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sunlight", *argv])


def _run_manage(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "sunlight.cli", *args], check=True)


def _preflight() -> int:
    """Before serving: write the field-key file on first start, then refuse to run if the system checks
    (including the database-tagged one that decrypts a sample of personal data) report an error."""
    for args in (("ensure_field_key",), ("check", "--database", "default", "--fail-level", "ERROR")):
        code = subprocess.run([sys.executable, "-m", "sunlight.cli", *args]).returncode
        if code:
            print(
                "启动前检查未通过，未启动服务。 / The start-up check failed; not serving.", file=sys.stderr, flush=True
            )
            return code
    return 0


def _web_command(host: str, port: int) -> list[str]:
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "sunlight.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--threads",
        os.environ.get("WEB_THREADS", "4"),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
    ]


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "sunlight.cli", "run_huey"]


def _follower_commands() -> list[list[str]]:
    """With the top-k search engine, each web host follows the database with its own copy (docs/search-engine.md)."""
    if not os.environ.get("SEARCH_ENGINE"):
        return []
    return [[sys.executable, "-m", "sunlight.cli", "search_engine", "follow"]]


def _serve(commands: list[list[str]], banner: str = "") -> int:
    """Run these processes together; when one ends or on Ctrl+C / SIGTERM, stop them all."""
    procs = [subprocess.Popen(command) for command in commands]
    if banner:
        print(banner, flush=True)

    def stop(*_):
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    return max((p.returncode or 0) for p in procs)


def start(argv: list[str]) -> int:
    """Embedded mode: one command brings up the web server and the background worker together."""
    import argparse

    parser = argparse.ArgumentParser(prog="sunlight start")
    parser.add_argument("--demo", action="store_true", help="build the demo city first (idempotent)")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)

    _run_manage("migrate", "--noinput", "-v", "0")
    _run_manage("ensure_field_key")
    _run_manage("collectstatic", "--noinput", "-v", "0")
    if args.demo:
        _run_manage("demo")
    if code := _preflight():
        return code
    return _serve(
        [_web_command(args.host, args.port), _worker_command(), *_follower_commands()],
        f"\n阳光政务平台已启动 / Sunlight is running: http://{args.host}:{args.port}/  (Ctrl+C 停止 / to stop)\n",
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verb = argv[0] if argv else "help"
    if verb == "start":
        return start(argv[1:])
    if verb in ("web", "worker") and (code := _preflight()):
        return code
    if verb == "web":
        port = int(os.environ.get("PORT", "8000"))
        web = _web_command(os.environ.get("HOST", "0.0.0.0"), port)
        if followers := _follower_commands():
            return _serve([web, *followers])
        os.execv(sys.executable, web)
    if verb == "worker":
        argv = ["run_huey", *argv[1:]]
    if verb in {"help", "-h", "--help"} and len(argv) <= 1:
        print(__doc__)
        argv = ["help"]
    _manage(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
