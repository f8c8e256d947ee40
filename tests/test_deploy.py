"""deploy/kubernetes: the single-user image installs exactly the kit's pins, the Helm values parse
and name that image, and the image's server command builds finmkt lab's modes. The Kubernetes
path itself is configured and reviewed, not run here (docs/CLASSROOM.md)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from finmkt import classroom

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "kubernetes"


def _dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")


def test_image_installs_exactly_the_kits_pins():
    text = _dockerfile()
    installs = [re.sub(r"\s+", " ", m).strip() for m in re.findall(r"pip install ([^&\n]+)", text)]
    assert installs == ["--no-cache-dir -r /opt/finmkt/requirements.txt",
                        "--no-cache-dir --no-deps -e /opt/finmkt"], installs
    assert "COPY requirements.txt /opt/finmkt/requirements.txt" in text
    floor = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    base = re.search(r"^FROM python:(\d+\.\d+)", text, re.M).group(1)
    assert floor == f">={base}", (floor, base)
    assert 'CMD ["python", "-m", "finmkt.classroom", "singleuser"]' in text
    for folder in ("finmkt", "notebooks", "solutions", "datasets"):
        assert f"COPY {folder} /opt/finmkt/{folder}" in text and (ROOT / folder).is_dir()


def test_helm_values_parse_and_name_the_image():
    values = yaml.safe_load((DEPLOY / "values.yaml").read_text())
    text = _dockerfile()
    title = re.search(r'org\.opencontainers\.image\.title="([^"]+)"', text).group(1)
    image = values["singleuser"]["image"]
    assert image["name"].rsplit("/", 1)[-1] == title
    assert image["tag"] == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    exchange = re.search(r'c\.Exchange\.root = "([^"]+)"', text).group(1)
    assert [m["mountPath"] for m in values["singleuser"]["storage"]["extraVolumeMounts"]] == [exchange]
    assert values["cull"]["enabled"] and values["cull"]["timeout"] > 0
    assert values["singleuser"]["cpu"]["limit"] and values["singleuser"]["memory"]["limit"]
    assert values["singleuser"]["uid"] == 1000 and "useradd --create-home --uid 1000" in text and "jovyan" in text
    compile(values["hub"]["extraConfig"]["finmkt-roles"], "extraConfig", "exec")


def test_container_server_runs_the_trainee_and_instructor_modes(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    config = tmp_path / "etc"
    config.mkdir()
    (config / "nbgrader_config.py").write_text(f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(exchange)!r}\n")
    import os

    old = os.environ.get("JUPYTER_CONFIG_PATH")
    os.environ["JUPYTER_CONFIG_PATH"] = str(config)
    try:
        home = tmp_path / "home"
        launch, argv = classroom.singleuser_command({"FINMKT_MODE": "trainee"}, home=home)
        assert argv[0].endswith("jupyterhub-singleuser") and launch.exchange == str(exchange)
        assert "--ServerApp.jpserver_extensions=nbgrader.server_extensions.assignment_list=True" in argv
        assert sorted(p.name for p in home.iterdir() if not p.name.startswith(".")) == \
            ["DATA_DICTIONARY.md", "START_HERE.md"]  # no module folders that would block a fetch
        ihome = tmp_path / "teacher"
        launch, argv = classroom.singleuser_command({"FINMKT_MODE": "instructor"}, home=ihome)
        assert launch.root == ihome / "course" and (ihome / "course" / "nbgrader_config.py").exists()
        assert "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=True" in argv
    finally:
        os.environ.pop("JUPYTER_CONFIG_PATH") if old is None else os.environ.__setitem__("JUPYTER_CONFIG_PATH", old)
    try:
        classroom.singleuser_command({"FINMKT_MODE": "admin"}, home=tmp_path / "x")
    except classroom.ClassroomError as exc:
        assert "trainee or instructor" in str(exc)
    else:
        raise AssertionError("a bad FINMKT_MODE must be refused")
