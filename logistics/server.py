"""Serving in several processes: gunicorn's master forks workers that each run threads (POSIX only).

Every worker builds its own app after the fork, so no worker shares a database connection
with another; the master only watches them (and starts a new one if one dies).
"""
from __future__ import annotations

import sys
from typing import Any

import click


def serve_processes(host: str, port: int, processes: int, threads: int) -> None:
    """Run gunicorn with ``processes`` gthread workers of ``threads`` threads each, until stopped."""
    if sys.platform == "win32":
        raise click.UsageError("--processes needs a POSIX system (gunicorn); on Windows run one "
                               "`logistics serve` per port behind a load balancer")
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            settings: dict[str, Any] = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": processes, "worker_class": "gthread", "threads": threads,
                "proc_name": "logistics", "timeout": 120, "graceful_timeout": 30,
                # Forwarded headers are the app's to judge (LOGISTICS_TRUSTED_PROXIES), not gunicorn's.
                "forwarded_allow_ips": "",
            }
            if "control_socket_disable" in self.cfg.settings:
                # gunicorn 24+ opens a control socket at one fixed path per user: two servers
                # on one host would share it, and nothing here uses it.
                settings["control_socket_disable"] = True
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            from logistics import create_app

            return create_app()

    Server().run()
