"""A throwaway PostgreSQL cluster on loopback, made with initdb and pg_ctl in a temporary folder.

Used by the tests (when no TUTOR_TEST_POSTGRES_URL is given) and by the benchmarks. As a script:

    python tests/helpers/pg_cluster.py [--durable]   # start one, print its URL, stop on Enter

Passwords are checked on TCP (scram-sha-256), so a wrong password is refused as on a real server.
Run as root, the server runs as the `postgres` user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

SUPERUSER = "tutor_admin"
PASSWORD = "s3cret-admin-pw"  # a throwaway cluster on loopback; the tests also need a password


def find_bindir() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<newest>/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def _run(argv: list[str]) -> None:
    done = subprocess.run(_as_server_user(argv), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:2])} failed:\n{done.stdout}\n{done.stderr}")


class Cluster:
    """A running throwaway cluster: its superuser's URL, and pg_ctl to stop, start or restart it."""

    def __init__(self, bindir: Path, folder: Path, url: str) -> None:
        self.bindir = bindir
        self.data = folder / "data"
        self.log = folder / "log"
        self.url = url

    def _pg_ctl(self, *args: str) -> None:
        _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", *args])

    def start(self) -> None:
        self._pg_ctl("start")

    def running(self) -> bool:
        status = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"]
        done = subprocess.run(_as_server_user(status), capture_output=True, check=False)
        return done.returncode == 0

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; `fast` ends every session (as a failover does), `immediate` crashes."""
        self._pg_ctl("-m", mode, "stop")

    def restart(self, mode: str = "fast") -> None:
        """Stop and start again, as `pg_ctl restart -m fast` does in an upgrade or a failover."""
        self._pg_ctl("-m", mode, "restart")


@contextlib.contextmanager
def cluster(
    bindir: Path, *, durable: bool = False, max_connections: int = 100
) -> Iterator[Cluster]:
    """Start a cluster in a temporary folder; yields it running; stops and deletes it.

    Without `durable`, fsync is off: fast for tests, and a crash loses nothing that matters.
    """
    folder = Path(tempfile.mkdtemp(prefix="tutor-pg-"))
    data = folder / "data"
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
    port = free_port()
    settings = {
        "listen_addresses": "127.0.0.1",
        "port": str(port),
        "unix_socket_directories": str(folder),
        "max_connections": str(max_connections),
        "logging_collector": "off",
    }
    if not durable:
        settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
    try:
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth-host=scram-sha-256",
                "--auth-local=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = '{value}'\n" for name, value in settings.items())
        running = Cluster(
            bindir, folder, f"postgresql://{SUPERUSER}:{PASSWORD}@127.0.0.1:{port}/postgres"
        )
        running.start()
        try:
            yield running
        finally:
            # A test may have left it stopped; `immediate`: nothing in it needs to survive.
            with contextlib.suppress(RuntimeError):
                running.stop("immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def throwaway_cluster(
    bindir: Path, *, durable: bool = False, max_connections: int = 100
) -> Iterator[str]:
    """A cluster as `cluster` starts it; yields only the superuser's URL."""
    with cluster(bindir, durable=durable, max_connections=max_connections) as running:
        yield running.url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--durable", action="store_true", help="keep fsync on (for benchmarks)")
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        sys.exit("no initdb found: install PostgreSQL (apt-get install postgresql)")
    with throwaway_cluster(bindir, durable=args.durable) as url:
        print(url, flush=True)
        sys.stdin.readline()


if __name__ == "__main__":
    main()
