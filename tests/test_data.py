"""The synthetic world: determinism, planted truths, loaders' errors, --scale."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from finmkt.data import (
    DEFAULT_SEED,
    SCHEMAS,
    DataError,
    build,
    generate,
    load,
    verify,
)
from finmkt.data.world import wm_cell_truth
from finmkt.paths import DATA_DIR_ENV, data_dir

COMMITTED = data_dir()


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("world")
    build(out)
    return out


def _floats_close(a, b, rel: float = 1e-9) -> bool:
    """JSON values equal, floats to ``rel`` (the last bits of a least-squares or BLAS sum
    differ between processors; every table is byte-exact)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_floats_close(a[k], b[k], rel) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_floats_close(x, y, rel) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)
    return a == b


def test_regeneration_is_byte_identical(rebuilt):
    """Every table regenerates byte for byte; the planted answers in truth/*.json to 1e-9."""
    committed = json.loads((COMMITTED / "MANIFEST.json").read_text())
    again = json.loads((rebuilt / "MANIFEST.json").read_text())
    stale = "datasets/ is stale: run `finmkt data build` and commit datasets/"
    assert again["files"].keys() == committed["files"].keys(), stale
    for rel, entry in committed["files"].items():
        if rel.endswith(".json"):
            assert _floats_close(json.loads((rebuilt / rel).read_text()), json.loads((COMMITTED / rel).read_text())), rel
        else:
            assert again["files"][rel] == entry, f"{rel}: {stale}"
            assert (rebuilt / rel).read_bytes() == (COMMITTED / rel).read_bytes(), rel
    assert (rebuilt / "README.md").read_text() == (COMMITTED / "README.md").read_text()


def test_committed_files_match_manifest():
    assert verify(COMMITTED) == []


def test_another_seed_gives_another_world():
    a = load("survey")  # the default seed's (the committed files are its, test_regeneration_is_byte_identical)
    b = generate(DEFAULT_SEED + 1)["survey"]
    assert not a.equals(b.astype(a.dtypes.to_dict()))


def test_every_dataset_has_a_documented_schema(rebuilt):
    """Every table the generator builds has a schema, and the data dictionary (which
    ``build`` writes from the schemas: test_regeneration_is_byte_identical compares it with
    the committed one) explains every file and column."""
    manifest = json.loads((rebuilt / "MANIFEST.json").read_text())
    tables = {rel for rel in manifest["files"] if "/" not in rel}  # truth/ holds the planted answers
    assert tables == {schema.filename for schema in SCHEMAS.values()}
    readme = (COMMITTED / "README.md").read_text()
    for schema in SCHEMAS.values():
        assert f"`{schema.filename}`" in readme
        for col in schema.columns:
            assert col.meaning, f"{schema.name}.{col.name} has no meaning"
            assert f"`{col.name}`" in readme


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_load_gives_the_schema_columns(name):
    df = load(name)
    assert list(df.columns) == SCHEMAS[name].column_names
    assert len(df) > 0


def test_world_is_coherent():
    d, p = load("districts"), load("population")
    assert (p.groupby("district")["adults"].sum().reindex(d["district"]).to_numpy() == d["adults"].to_numpy()).all()
    assert ((d["adults"] < d["population"]) & (d["households"] < d["population"])).all()
    c = load("customers")
    assert len(c) >= 20_000 and c["customer_id"].is_unique
    licensed = set(d.loc[d["licensed"], "district"])
    assert set(c["district"]) <= licensed, "the bank's customers live where it is licensed"
    h, prod = load("holdings"), load("products")
    assert set(h["customer_id"]) <= set(c["customer_id"])
    assert set(h["product_id"]) <= set(prod["product_id"])
    invest = prod[prod["risk_level"].notna() & (prod["risk_level"] != "")]
    assert set(invest["risk_level"]) <= {"R1", "R2", "R3", "R4", "R5"}
    assert set(c["risk_tolerance"]) == {"C1", "C2", "C3", "C4", "C5"}


def test_world_is_calibrated_on_market_facts():
    """Magnitudes in line with MARKET_FACTS.md: a mid-sized city, WM penetration near the
    national per-person rate, the bank a mid-sized player."""
    d, f = load("districts"), load("market_facts").set_index("key")["base"]
    national_penetration = f["national_wm_investors"] / (f["credit_cards_in_issue"] / f["credit_cards_per_person"])
    truth = json.loads((COMMITTED / "truth" / "planted.json").read_text())
    city_penetration = truth["wm_holders"] / d["population"].sum()
    assert 0.5 < city_penetration / national_penetration < 1.2
    mb = load("market_balances")
    wm = mb[(mb["product_line"] == "wealth_management") & (mb["year"] == mb["year"].max())]
    share = wm.loc[wm["institution"] == "Minghu Bank", "balance"].sum() / wm["balance"].sum()
    assert 0.04 < share < 0.15


def test_survey_estimate_recovers_the_planted_market():
    """The bottom-up method of lesson 01 on the survey recovers the planted TAM within 10%."""
    s, p = load("survey"), load("population")
    fee = load("market_facts").set_index("key").loc["wm_fee_rate", "base"]
    cells = s.groupby(["age_band", "income_band"])
    pen = cells["holds_wm"].mean()
    bal = s[s["holds_wm"] == 1].groupby(["age_band", "income_band"])["wm_balance"].mean()
    adults = p.groupby(["age_band", "income_band"])["adults"].sum()
    estimate = float((adults * pen * bal * fee).sum())
    truth = json.loads((COMMITTED / "truth" / "planted.json").read_text())
    assert abs(estimate / truth["wm_tam_bottom_up"] - 1) < 0.10
    # and the planted cell penetrations themselves
    t = wm_cell_truth().set_index(["age_band", "income_band"])["penetration"]
    big = cells.size() >= 400
    assert np.allclose(pen[big], t[pen[big].index], atol=0.03)


def test_survey_weights_represent_the_population():
    s, p = load("survey"), load("population")
    by_band = s.groupby("age_band")["weight"].sum()
    assert np.allclose(by_band, p.groupby("age_band")["adults"].sum()[by_band.index])


# --- loaders: clear one-line errors -------------------------------------------------

@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "datasets"
    shutil.copytree(COMMITTED, folder)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def _one_line(exc: pytest.ExceptionInfo) -> str:
    msg = str(exc.value)
    assert "\n" not in msg
    return msg


def test_missing_file_names_file_and_fix(data_copy):
    (data_copy / "survey.csv").unlink()
    with pytest.raises(DataError) as exc:
        load("survey")
    msg = _one_line(exc)
    assert "survey.csv" in msg and "missing" in msg and "finmkt data build" in msg


def test_truncated_file_is_detected(data_copy):
    path = data_copy / "customers.csv"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DataError) as exc:
        load("customers")
    msg = _one_line(exc)
    assert "customers.csv" in msg and ("rows" in msg or "malformed" in msg)
    assert any("customers.csv" in p for p in verify(data_copy))


def test_wrong_columns_are_named(data_copy):
    path = data_copy / "population.csv"
    df = pd.read_csv(path).rename(columns={"adults": "people"})
    df.to_csv(path, index=False)
    with pytest.raises(DataError) as exc:
        load("population")
    msg = _one_line(exc)
    assert "adults" in msg and "people" in msg and "population.csv" in msg


def test_empty_and_binary_files(data_copy):
    (data_copy / "districts.csv").write_bytes(b"")
    with pytest.raises(DataError):
        load("districts")
    (data_copy / "products.csv").write_bytes(b"\xff\xfe\x00garbage\x00")
    with pytest.raises(DataError):
        load("products")


def test_unknown_dataset_lists_the_names():
    with pytest.raises(DataError) as exc:
        load("customer")
    assert "customers" in _one_line(exc)


def test_loader_works_from_any_directory(tmp_path):
    code = "from finmkt.data import load; print(len(load('districts')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(len(load("districts")))


# --- scale and CLI -------------------------------------------------------------------

def test_scale_generates_a_bigger_bank(tmp_path, monkeypatch):
    out = tmp_path / "big"
    manifest = build(out, scale=60_000)
    assert manifest["files"]["customers.csv"]["rows"] == 60_000
    monkeypatch.setenv(DATA_DIR_ENV, str(out))
    c = load("customers")
    assert len(c) == 60_000 and c["customer_id"].is_unique
    # the city does not change with the bank's size
    assert load("population").equals(pd.read_csv(COMMITTED / "population.csv", dtype={"adults": "int64"}).astype(load("population").dtypes.to_dict()))


def test_cli_refuses_to_overwrite_course_data_with_a_scaled_world():
    proc = subprocess.run([sys.executable, "-m", "finmkt.cli", "data", "build", "--scale", "1000"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--out" in proc.stderr
    assert verify(COMMITTED) == []


def test_cli_missing_data_dir_is_one_line(tmp_path):
    env = {**__import__("os").environ, DATA_DIR_ENV: str(tmp_path / "nowhere")}
    proc = subprocess.run([sys.executable, "-m", "finmkt.cli", "data", "verify"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "finmkt data build" in proc.stderr


def test_data_error_in_a_notebook_is_one_line_and_still_fails_the_cell(tmp_path):
    """In a kernel, a DataError shows as a one-line error output, and the cell still
    fails (the execute reply is an error, so nbclient and nbgrader see it)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        f"import os\nos.environ['{DATA_DIR_ENV}'] = {str(tmp_path / 'none')!r}\n"
        "from finmkt.data import load\nload('survey')"
    )]
    with pytest.raises(CellExecutionError):
        NotebookClient(nb, kernel_name="python3").execute()
    [out] = nb.cells[0].outputs
    assert out.output_type == "error" and out.ename == "DataError"
    assert len(out.traceback) == 1 and "survey.csv" in out.traceback[0]


def test_market_balances_agree_with_the_planted_wm_market():
    """The city's WM balance in market_balances is the planted world's: fee pool / fee rate."""
    truth = json.loads((COMMITTED / "truth" / "planted.json").read_text())
    fee = load("market_facts").set_index("key").loc["wm_fee_rate", "base"]
    mb = load("market_balances")
    wm_2025 = mb[(mb["product_line"] == "wealth_management") & (mb["year"] == 2025)]["balance"].sum()
    assert abs(wm_2025 * fee / truth["wm_tam_bottom_up"] - 1) < 0.001
