"""deploy/: the systemd units pass `systemd-analyze verify` and the nginx site `nginx -t`
(Debian's nginx, installed by `make install-test`), each where the tool is on the machine."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CT05 = pathlib.Path(sys.executable).with_name("ct05")


def test_every_service_file_is_verified_by_systemd(tmp_path):
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not on this machine")
    env = tmp_path / "ct05.env"
    env.write_text("CT05_DATA_DIR=/srv/ct05/var\n")
    units = sorted((DEPLOY / "systemd").iterdir())
    assert {u.name for u in units} == {
        "ct05-web.service",
        "ct05-worker.service",
        "ct05-remind.service",
        "ct05-remind.timer",
    }
    for unit in units:
        text = unit.read_text().replace("/srv/ct05/.venv/bin/ct05", str(CT05))
        (tmp_path / unit.name).write_text(text.replace("/etc/ct05.env", str(env)))
    done = subprocess.run(
        [tool, "verify", "--man=no", "--recursive-errors=no"]
        + [str(tmp_path / u.name) for u in units],
        capture_output=True,
        text=True,
        timeout=60,
    )
    problems = [line for line in done.stderr.splitlines() if "ct05" in line]
    assert done.returncode == 0 and not problems, done.stderr
    # The timer starts the daily service; it runs `ct05 remind`, then `ct05 purge_imports`.
    daily = (DEPLOY / "systemd" / "ct05-remind.service").read_text()
    assert "ExecStart=/srv/ct05/.venv/bin/ct05 remind\n" in daily
    assert "ExecStart=/srv/ct05/.venv/bin/ct05 purge_imports\n" in daily


def test_the_commands_the_units_run_exist():
    for unit in (DEPLOY / "systemd").glob("*.service"):
        for line in unit.read_text().splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")):
                command = line.split("=", 1)[1].split()
                if command[0].endswith("/ct05"):
                    done = subprocess.run(
                        [str(CT05), command[1], "--help"], capture_output=True, timeout=60
                    )
                    assert done.returncode == 0, line


def test_the_nginx_site_passes_nginx_t(tmp_path):
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if pathlib.Path("/usr/sbin/nginx").exists() else None
    )
    openssl = shutil.which("openssl")
    if nginx is None or openssl is None:
        pytest.skip("nginx (make install-test installs Debian's) or openssl is missing")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=ct05.example.vn", "-keyout", str(tmp_path / "privkey.pem"),
         "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "ct05.conf").read_text().replace("/etc/ssl/ct05", str(tmp_path))
    (tmp_path / "ct05.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/ct05.conf;\n}}\n"
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


def test_the_interpreter_build_script_parses_and_checks_its_source(tmp_path):
    script = DEPLOY / "python" / "build-cpython"
    assert subprocess.run(["sh", "-n", str(script)], timeout=30).returncode == 0
    done = subprocess.run(
        [str(script)],
        env={"DRY_RUN": "1", "WORK": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    # The release the script builds, from Debian's archive, checked by its SHA-256, with the
    # optimizations on.
    assert "python3.13_3.13.5.orig.tar.xz" in done.stdout and "/opt/cpython-3.13" in done.stdout
    text = script.read_text()
    assert "sha256sum -c" in text and "--enable-optimizations --with-lto" in text
    # A test of the profile run (which only counts the hot code) failing by timing does not
    # stop the build.
    assert 'PROFILE_TASK="$PROFILE_TASK"' in text and "--pgo --timeout=1200 || true" in text


def test_make_python_builds_the_interpreter_and_makes_the_venv_again_from_it():
    # `make -n` prints what the target would run without running it.
    done = subprocess.run(
        ["make", "-n", "python"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    lines = done.stdout.splitlines()
    assert "deploy/python/build-cpython" in lines
    build = lines.index("deploy/python/build-cpython")
    assert lines[build + 1] == "rm -rf .venv"
    assert any(line.endswith("install-test PYTHON=/usr/local/bin/python3.13") for line in lines)
