"""The pip pins (requirements.txt) and the conda pins (environment.yml) agree."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[_norm(name)] = version.strip()
    return pins


def conda_pins(text: str | None = None) -> dict[str, str]:
    pins = {}
    text = (ROOT / "environment.yml").read_text() if text is None else text
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.fullmatch(r"-\s*([A-Za-z0-9_.\-]+)\s*(==|=)\s*([0-9][^\s]*)", line)
        if m and m.group(1) != "python":
            pins[_norm(m.group(1))] = m.group(3)
    return pins


def test_every_pip_pin_is_exact_and_commented():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert "==" in line, f"not pinned: {line}"
            assert "#" in line, f"say why the dependency is there: {line}"


def test_conda_and_pip_pin_the_same_versions():
    pip, conda = pip_pins(), conda_pins()
    assert pip, "no pins parsed from requirements.txt"
    assert pip == conda, {
        "only in pip": sorted(set(pip) - set(conda)),
        "only in conda": sorted(set(conda) - set(pip)),
        "different": {k: (pip[k], conda[k]) for k in set(pip) & set(conda) if pip[k] != conda[k]},
    }


def test_parser_notices_a_changed_pin():
    """The comparison is not vacuous: a conda pin edited away from pip's is seen."""
    text = (ROOT / "environment.yml").read_text()
    pandas = pip_pins()["pandas"]
    edited = conda_pins(text.replace(f"pandas={pandas}", "pandas=0.0.1"))
    assert conda_pins(text)["pandas"] == pandas
    assert edited["pandas"] == "0.0.1" and edited != pip_pins()


def test_python_floor_matches_pyproject():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.11"' in pyproject
    assert "python=3.11" in (ROOT / "environment.yml").read_text()
