"""A non-editable install carries its templates, static files, migrations, fonts and commands."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = """
import os, sys
from logistics import create_app, migrate
from logistics.pdf.fonts import FONT_DIR
from logistics.cli import main  # the console script's entry point (logistics/cli/ is a package)
assert "site" in create_app.__code__.co_filename or os.environ["TARGET"] in create_app.__code__.co_filename
app = create_app({"TESTING": True})
assert {"db", "demo", "import", "manifest", "packages", "serve", "worker"} <= set(app.cli.commands)
client = app.test_client()
assert client.get("/login").status_code == 200
assert client.get("/static/app.css").status_code == 200
assert os.path.isfile(os.path.join(migrate.migrations_path(), "env.py"))
assert os.path.isfile(FONT_DIR / "DroidSansFallbackFull.ttf")
print("ok", app.template_folder)
"""


def test_an_installed_copy_finds_templates_migrations_and_fonts(tmp_path):
    target = tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                            "--target", str(target), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    # a folder of templates or fonts missing from pyproject's packages makes setuptools warn at install
    assert "Warning" not in build.stderr, build.stderr[-2000:]
    env = {**os.environ, "PYTHONPATH": str(target), "TARGET": str(target),
           "LOGISTICS_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("LOGISTICS_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok " + str(target))
