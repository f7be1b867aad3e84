"""Every process of a deployment signs with one key: started together, on one folder or one database."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from logistics import create_app
from logistics.config import ConfigurationError
from logistics.secret import instance_secret
from tests.conftest import BACKENDS

PROCESSES = 20  # on the instance folder, where the race was; on PostgreSQL nothing is made, fewer do
REPO = Path(__file__).resolve().parents[2]

# Each process imports everything first, says it is ready, then waits for the go file, so that
# all of them reach the key at about the same moment; it prints the key it would sign with, or
# the refusal.
STARTER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from logistics import api, cli, create_app, migrate, web
    from logistics.config import ConfigurationError
    go, ready = Path(sys.argv[1]), Path(sys.argv[2])
    ready.touch()
    while not go.exists():
        time.sleep(0.002)
    try:
        app = create_app()
    except ConfigurationError as error:
        print("refused:", error)
        sys.exit(3)
    print("key:", app.secret_key)
""")


def _start_together(tmp_path: Path, env: dict[str, str], count: int = PROCESSES) -> list[tuple[int, str]]:
    """Start ``count`` real processes, let them go at once; return each one's exit code and output."""
    go, ready = tmp_path / "go", tmp_path / "ready"
    ready.mkdir()
    env = {**env, "PYTHONPATH": str(REPO)}
    processes = [subprocess.Popen([sys.executable, "-c", STARTER, str(go), str(ready / str(index))],
                                  env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for index in range(count)]
    deadline = time.monotonic() + 300  # a machine shared with other work imports slowly
    while len(list(ready.iterdir())) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    go.touch()
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        outcomes.append((process.returncode, out.strip() or err.strip()[-2000:]))
    return outcomes


def _environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGISTICS_")}
    return {**env, "LOGISTICS_INSTANCE_PATH": str(tmp_path / "instance"), **variables}


def test_processes_started_together_on_one_instance_folder_share_one_complete_key(tmp_path):
    """Each also migrates the embedded database on first start: one does, the others wait and find it done."""
    outcomes = _start_together(tmp_path, _environment(tmp_path))
    assert all(code == 0 for code, _ in outcomes), outcomes
    keys = {output.removeprefix("key: ") for _, output in outcomes}
    assert len(keys) == 1, keys
    key = keys.pop()
    assert len(key) == 64 and key == (tmp_path / "instance" / "secret_key").read_text()
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in (tmp_path / "instance").iterdir() if "secret" in p.name) == ["secret_key"]


@pytest.fixture
def postgres_url(request):
    if "postgresql" not in BACKENDS:
        pytest.skip("LOGISTICS_TEST_BACKENDS leaves PostgreSQL out")
    return request.getfixturevalue("postgres_database")


def test_processes_on_one_postgresql_database_without_a_key_all_refuse_and_say_what_to_set(
        tmp_path, postgres_url):
    outcomes = _start_together(tmp_path, _environment(tmp_path, LOGISTICS_DATABASE_URL=postgres_url), 6)
    assert all(code == 3 for code, _ in outcomes), outcomes
    assert all("set LOGISTICS_SECRET_KEY to the same random value" in output for _, output in outcomes)
    assert not (tmp_path / "instance" / "secret_key").exists()  # nothing made that another host lacks


def test_processes_on_one_postgresql_database_sign_with_the_key_they_are_given(tmp_path, postgres_url):
    key = "k" * 20 + "0123456789abcdef"
    outcomes = _start_together(tmp_path, _environment(tmp_path, LOGISTICS_DATABASE_URL=postgres_url,
                                                      LOGISTICS_SECRET_KEY=key), 6)
    assert outcomes == [(0, f"key: {key}")] * 6


def test_a_short_key_is_refused_with_its_length_and_the_length_wanted(monkeypatch):
    monkeypatch.setenv("LOGISTICS_SECRET_KEY", "s3cret")
    with pytest.raises(ConfigurationError, match="has 6 characters: use at least 32"):
        create_app({"TESTING": True})


def test_an_empty_key_file_left_by_an_older_version_is_refused_not_used(tmp_path):
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(ConfigurationError, match="holds 0 characters.*delete it"):
        instance_secret(tmp_path)


def test_the_command_line_shows_the_refusal_without_a_traceback(tmp_path, postgres_url):
    bindir = os.path.dirname(sys.executable)
    result = subprocess.run([os.path.join(bindir, "logistics"), "db", "current"], capture_output=True,
                            text=True, timeout=120,
                            env=_environment(tmp_path, LOGISTICS_DATABASE_URL=postgres_url))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: LOGISTICS_SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr
