"""The synthetic world: generation (``build``), loading (``load``) and checks (``verify``).

>>> from finmkt.data import load
>>> customers = load("customers")

Every dataset is generated from one seed. Each family module (``world``, ``products``,
``competitors``, ``customers``, ...) declares its schemas and a ``generate(rng, frames,
scale)`` function; ``build`` runs them in order, each with its own generator derived
from the seed and the family's name, so adding a family never changes the others.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import queue
import threading
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from finmkt.data import (
    acquisition,
    adoption,
    competitors,
    complaints,
    contacts,
    crosssell,
    customer_value,
    customers,
    funnel,
    history,
    journeys,
    loan_pricing,
    marketing_copy,
    perception,
    price_survey,
    products,
    rate_test,
    referrals,
    retention,
    satisfaction,
    spec,
    suitability,
    transactions,
    world,
)
from finmkt.data.schema import Column, Dataset
from finmkt.paths import DATA_DIR_ENV, data_dir

DEFAULT_SEED = 20251231
MANIFEST = "MANIFEST.json"
TRUTH_DIR = "truth"

#: Family modules in build order (later families may use earlier frames; ``journeys`` reads the
#: consents and refusals of ``contacts`` and adds the pension campaign's SMS and calls to its log).
FAMILIES = [world, products, competitors, adoption, customers,
            acquisition, retention, funnel, history, transactions,
            perception, price_survey, rate_test, loan_pricing,
            contacts, journeys, marketing_copy, suitability, referrals,
            complaints, satisfaction, customer_value, crosssell]
#: Families whose planted answers go to ``truth/planted.json``; every later family with a
#: ``truth(frames)`` function gets its own ``truth/<family>.json``.
_PLANTED_JSON = (world, adoption)

SCHEMAS: dict[str, Dataset] = {s.name: s for fam in FAMILIES for s in fam.SCHEMAS}

__all__ = ["DataError", "SCHEMAS", "build", "generate", "load", "verify", "DEFAULT_SEED"]


class DataError(Exception):
    """A dataset is missing, truncated or malformed. The message names the file and the fix."""


def family_rng(seed: int, family: str) -> np.random.Generator:
    """The generator for one family: derived from the course seed and the family's name."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(zlib.crc32(family.encode()),)))


def generate(seed: int = DEFAULT_SEED, scale: int | None = None, progress: Callable | None = None,
             compact: bool = False) -> dict:
    """Generate every table in memory. Keys starting with ``_truth`` are planted answers.

    The families build repetitive text columns (ids, dates, categories) as pandas
    categoricals, which keeps a million-customer world small in memory; ``build`` writes
    them as they are (``compact=True``). A family sees the earlier families' frames in
    this compact form. By default they are returned as plain string columns, exactly what
    ``load`` gives.
    """
    frames: dict[str, pd.DataFrame] = {}
    for fam in FAMILIES:
        name = fam.__name__.rsplit(".", 1)[-1]
        frames.update(fam.generate(family_rng(seed, name), frames, scale))
        if progress:
            progress(name)
    if not compact:
        frames = {name: _plain(df) for name, df in frames.items()}
    return frames


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every categorical column as a plain string column."""
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    if not cats:
        return df
    df = df.copy()
    for c in cats:
        df[c] = df[c].astype(str)
    return df


def _truth(frames: dict, seed: int, scale: int | None) -> dict:
    out = {"seed": seed, "scale": scale}
    out["world_spec"] = spec.summary(world.city_wm_balance(frames["population"]))
    out.update(world.truth(frames))
    out.update(adoption.truth(frames))
    return out


#: gzip level of compressed tables: 9 (smallest files) for the course world, whose files
#: are committed; 1 for a world built with ``--scale`` (level 9 would take most of the
#: build time of a large world, for a file about a quarter smaller).
GZIP_LEVEL_COURSE = 9
GZIP_LEVEL_SCALED = 1
_FLOAT_FORMAT = "%.10g"
_CHUNK_ROWS = 1 << 19
_MERGE_MAX = 1 << 14  # largest table of combined fields


class _HashingFile:
    """A binary file that hashes (SHA-256) what is written to it."""

    def __init__(self, f):
        self.f, self.sha = f, hashlib.sha256()

    def write(self, data) -> int:
        self.sha.update(data)
        return self.f.write(data)

    def flush(self) -> None:
        self.f.flush()


def _fields(values) -> np.ndarray | None:
    """CSV fields of ``values`` as pandas' ``to_csv`` writes them (bytes, one per value),
    then an empty field (for missing values).

    Integers (and whole floats below 1e10, which "%.10g" writes as integers) and plain
    ASCII text are converted by numpy; anything else is formatted by ``to_csv`` itself
    (with a first dummy column, so that an empty field is written as nothing). ``None``
    if a field spans lines (quoted line breaks).
    """
    arr = np.asarray(values)
    if arr.dtype.kind == "f" and np.isfinite(arr).all() and (np.abs(arr) < 1e10).all() \
            and (arr == np.round(arr)).all():
        arr = arr.astype(np.int64)
    if arr.dtype.kind in "iu":
        return np.append(arr.astype(bytes), b"")
    if arr.dtype.kind in "OU" and pd.api.types.infer_dtype(arr, skipna=False) == "string":
        text = "".join(arr.tolist())
        if text.isascii() and not any(ch in text for ch in ',"\r\n'):
            return np.append(arr.astype(str).astype(bytes), b"")
    frame = pd.DataFrame({"_": np.zeros(len(values), dtype=np.int8), "v": values})
    text = frame.to_csv(index=False, header=False, float_format=_FLOAT_FORMAT, lineterminator="\n")
    lines = text.split("\n")
    if len(lines) != len(values) + 1:
        return None
    fields = [line[2:].encode("utf-8") for line in lines[:-1]]
    return np.array(fields + [b""], dtype=f"S{max(1, *map(len, fields), 1)}")


def _column_fields(col: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """(codes, fields): the column's distinct values formatted once, and each row's code.

    ``fields[codes]`` are the row's CSV fields (code -1: an empty field). ``None`` when the
    shortcut might not reproduce ``to_csv`` (mixed objects, negative zeros, line breaks).
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes, uniques = col.cat.codes.to_numpy(), col.cat.categories
    else:
        if col.dtype == object and pd.api.types.infer_dtype(col, skipna=True) not in ("string", "empty"):
            return None
        if col.dtype.kind == "f" and bool(((col.to_numpy() == 0) & np.signbit(col.to_numpy())).any()):
            return None
        codes, uniques = pd.factorize(col)
    fields = _fields(uniques)
    return None if fields is None else (codes, fields)


def _csv_chunks(df: pd.DataFrame):
    """The CSV text of ``df`` (header first) as UTF-8 chunks, byte-identical to
    ``df.to_csv(index=False, float_format="%.10g", lineterminator="\\n")``.

    Every column's distinct values are formatted once (:func:`_fields`); the rows are
    then assembled with numpy, a chunk of rows at a time: each row's fields side by side
    in a fixed-width byte matrix padded with NUL bytes, which are dropped. Frames the
    shortcut cannot reproduce exactly go through ``to_csv``, in chunks.
    """
    yield df.iloc[:0].to_csv(index=False, lineterminator="\n").encode("utf-8")
    columns = [_column_fields(df[c]) for c in df.columns]
    if any(c is None for c in columns):  # the general path, in chunks
        for start in range(0, len(df), _CHUNK_ROWS):
            yield df.iloc[start:start + _CHUNK_ROWS].to_csv(
                index=False, header=False, float_format=_FLOAT_FORMAT, lineterminator="\n").encode("utf-8")
        return
    # each field table gets its separator; neighbouring columns with few distinct values
    # are merged into one table of their combinations (fewer, wider copies per row)
    seps = [b","] * (len(columns) - 1) + [b"\n"]
    groups: list[tuple[list, np.ndarray]] = []  # ([(codes, size), ...], table)
    for (codes, fields), sep in zip(columns, seps, strict=True):
        table = np.char.add(fields, sep)
        if groups and len(groups[-1][1]) * len(table) <= _MERGE_MAX:
            parts, prev = groups[-1]
            groups[-1] = ([*parts, (codes, len(table))], np.char.add(prev[:, None], table[None, :]).reshape(-1))
        else:
            groups.append(([(codes, len(table))], table))
    widths = [table.dtype.itemsize for _, table in groups]
    buf = np.empty((min(_CHUNK_ROWS, len(df)), sum(widths)), dtype=np.uint8)
    keep = np.empty(buf.size, dtype=bool)
    for start in range(0, len(df), _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, len(df))
        rows = buf[:stop - start]
        pos = 0
        for (parts, table), w in zip(groups, widths, strict=True):
            code = np.zeros(stop - start, dtype=np.int64)
            for codes, size in parts:  # code -1 (missing) is the table's last, empty field
                code = code * size + codes[start:stop].astype(np.int64) % size
            rows[:, pos:pos + w] = table[code].view(np.uint8).reshape(-1, w)
            pos += w
        flat = rows.reshape(-1)
        mask = keep[:flat.size]
        np.not_equal(flat, 0, out=mask)
        yield flat[mask]  # the NUL padding dropped


def _write_csv(df: pd.DataFrame, path: Path, gzip_level: int = GZIP_LEVEL_COURSE) -> str:
    """Write ``df`` as CSV (gzip-compressed, mtime 0, if the name ends in .gz); return its SHA-256.

    The bytes are those of ``df.to_csv(path, index=False, float_format="%.10g",
    lineterminator="\\n", compression={"method": "gzip", "mtime": 0, "compresslevel":
    gzip_level})``. A second thread compresses and writes while the next chunk is
    formatted; the hash is taken of the bytes as they are written.
    """
    with open(path, "wb") as raw:
        sink = _HashingFile(raw)
        out = (gzip.GzipFile(filename=str(path), mode="wb", compresslevel=gzip_level, fileobj=sink, mtime=0)
               if path.name.endswith(".gz") else sink)
        chunks: queue.Queue = queue.Queue(maxsize=2)
        failed: list[BaseException] = []

        def writer():
            try:
                while (chunk := chunks.get()) is not None:
                    out.write(chunk)
            except BaseException as exc:  # reported by the caller
                failed.append(exc)
                while chunks.get() is not None:
                    pass

        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        try:
            for chunk in _csv_chunks(df):
                chunks.put(chunk)
        finally:
            chunks.put(None)
            thread.join()
        if failed:
            raise failed[0]
        if out is not sink:
            out.flush()  # as pandas does before closing: a sync-flush block, then the end
            out.close()
    return sink.sha.hexdigest()


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def build(out: Path | None = None, seed: int = DEFAULT_SEED, scale: int | None = None,
          progress: Callable | None = None, writers: int = 2) -> dict:
    """Generate the world and write it to ``out`` (default: the course's ``datasets/``).

    ``writers`` files are written at once (threads; the bytes do not depend on it).

    Writes one CSV per dataset, ``truth/`` (planted answers), ``MANIFEST.json``
    (rows and SHA-256 of every file) and the data dictionary ``README.md``.
    Returns the manifest.
    """
    out = Path(out) if out is not None else data_dir()
    out.mkdir(parents=True, exist_ok=True)
    (out / TRUTH_DIR).mkdir(exist_ok=True)
    frames = generate(seed, scale, progress, compact=True)
    gzip_level = GZIP_LEVEL_COURSE if scale is None else GZIP_LEVEL_SCALED
    files = {}
    jobs = []
    for name, df in frames.items():
        if name.startswith("_truth_"):
            path = out / TRUTH_DIR / f"{name.removeprefix('_truth_')}.csv"
        else:
            schema = SCHEMAS[name]
            if list(df.columns) != schema.column_names:
                raise AssertionError(f"{name}: generated columns {list(df.columns)} != schema")
            path = out / schema.filename
        jobs.append((path, df))
    # the compressed tables take most of the time, and zlib releases the GIL: write them
    # first, on `writers` threads, while the plain tables follow
    jobs.sort(key=lambda j: (not j[0].name.endswith(".gz"), -len(j[1])))
    with ThreadPoolExecutor(max_workers=max(1, writers)) as pool:
        shas = list(pool.map(lambda j: _write_csv(j[1], j[0], gzip_level), jobs))
    for (path, df), sha in zip(jobs, shas, strict=True):
        files[path.relative_to(out).as_posix()] = {"rows": len(df), "sha256": sha}
    truth_path = out / TRUTH_DIR / "planted.json"
    truth_path.write_text(json.dumps(_truth(frames, seed, scale), indent=2, sort_keys=True) + "\n")
    files[truth_path.relative_to(out).as_posix()] = {"rows": None, "sha256": _sha256(truth_path)}
    for fam in FAMILIES:
        if fam in _PLANTED_JSON or not hasattr(fam, "truth"):
            continue
        path = out / TRUTH_DIR / f"{fam.__name__.rsplit('.', 1)[-1]}.json"
        path.write_text(json.dumps(fam.truth(frames), indent=2, sort_keys=True) + "\n")
        files[path.relative_to(out).as_posix()] = {"rows": None, "sha256": _sha256(path)}
    (out / "README.md").write_text(data_dictionary(seed, scale, frames), encoding="utf-8")
    manifest = {"seed": seed, "scale": scale, "files": dict(sorted(files.items()))}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.exists():
        raise DataError(
            f"No dataset manifest at {path}: build the data with `finmkt data build` "
            f"(or unset {DATA_DIR_ENV} to use the course's datasets)."
        )
    return json.loads(path.read_text())


def verify(folder: Path | None = None) -> list[str]:
    """Check every file against the manifest. Returns a list of problems (empty = all good)."""
    folder = Path(folder) if folder is not None else data_dir()
    problems = []
    for rel, meta in _manifest(folder)["files"].items():
        path = folder / rel
        if not path.exists():
            problems.append(f"{rel}: missing")
        elif _sha256(path) != meta["sha256"]:
            problems.append(f"{rel}: contents differ from the manifest (edited or truncated)")
    return problems


_READ_DTYPES = {"int": "int64", "float": "float64", "str": "string", "bool": "bool"}


def load(name: str) -> pd.DataFrame:
    """Load a dataset of the synthetic world by name, e.g. ``load("customers")``.

    Works from any working directory. Raises :class:`DataError` with a one-line
    message naming the file and the fix when the file is missing, truncated or has
    the wrong columns.
    """
    if name not in SCHEMAS:
        raise DataError(f"Unknown dataset {name!r}. Available: {', '.join(sorted(SCHEMAS))}.")
    schema = SCHEMAS[name]
    folder = data_dir()
    path = folder / schema.filename
    fix = "restore it with `git checkout -- datasets` or rebuild with `finmkt data build`"
    if not path.exists():
        raise DataError(f"Dataset file {path} is missing: {fix}.")
    dtypes = {c.name: _READ_DTYPES[c.dtype] for c in schema.columns if c.dtype in _READ_DTYPES}
    dates = [c.name for c in schema.columns if c.dtype == "date"]
    try:
        header = pd.read_csv(path, nrows=0).columns.tolist()
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError, EOFError) as exc:
        raise DataError(f"Dataset file {path} is unreadable ({type(exc).__name__}): {fix}.") from None
    if header != schema.column_names:
        missing = [c for c in schema.column_names if c not in header]
        extra = [c for c in header if c not in schema.column_names]
        raise DataError(
            f"Dataset file {path} has the wrong columns (missing: {missing or 'none'}, "
            f"unexpected: {extra or 'none'}): {fix}."
        )
    try:
        df = pd.read_csv(path, dtype=dtypes, keep_default_na=False,
                         na_values={c.name: [""] for c in schema.columns if c.dtype in ("float", "date")})
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError, OSError, EOFError) as exc:
        raise DataError(f"Dataset file {path} is malformed ({str(exc).splitlines()[0]}): {fix}.") from None
    expected = _manifest(folder)["files"].get(schema.filename, {}).get("rows")
    if expected is not None and len(df) != expected:
        raise DataError(f"Dataset file {path} has {len(df)} rows, expected {expected} (truncated?): {fix}.")
    for col in dates:
        df[col] = pd.to_datetime(df[col])
    return df


def _spec_section(frames: dict, scale: int | None) -> list[str]:
    """The world specification as a Markdown section (every number from ``spec``)."""
    city = competitors.city_totals(frames["population"])
    bank = spec.bank_balances(city["wealth_management"], scale)
    frac = spec.sampling_fraction(scale)
    extract = scale or spec.DEFAULT_EXTRACT
    holders = frames["adoption"].groupby("product_id")["holders"].last()
    lines = [
        "## The world specification (`finmkt.data.spec`)",
        "",
        "Every dataset derives its magnitudes from one specification of Minghu Bank, so the "
        "tables agree when you cross-check them (`tests/test_coherence.py` proves it):",
        "",
        f"- **Retail customers** bank-wide: {spec.BANK_CUSTOMERS * spec.bank_scale(scale):,.0f}, all living in "
        "the six licensed districts. `customers.csv` is a simple random extract of "
        f"{extract:,} of them: a **sampling fraction of {frac:.2%}**, so an extract count or "
        f"total times {1 / frac:,.1f} estimates the bank-wide figure.",
        "- **Balances by line** (end-2025): the bank's market share times the city's total "
        "(`market_balances.csv`); the extract's holdings, grossed up by the sampling fraction, "
        "add up to them (demand deposits are the part of `assets` not in holdings).",
        "",
        "| line | city total (RMB bn) | Minghu Bank's share | Minghu Bank (RMB bn) |",
        "|---|---|---|---|",
    ]
    for line, share in spec.MARKET_SHARE_2025.items():
        lines.append(f"| {line} | {city[line] / 1e9:,.1f} | {share:.1%} | {bank[line] / 1e9:,.2f} |")
    for line in spec.BANK_OTHER_BALANCES:
        lines.append(f"| {line} (bank only) | | | {bank[line] / 1e9:,.2f} |")
    lines += [
        "",
        "- **Holders per product** bank-wide at 2025-12-31: for products with an adoption "
        "series, its installed base in the last month (`adoption.csv`, column `holders`); for "
        "the others, the specification. The extract holds a binomial draw of each at the "
        "sampling fraction, and holdings' opening months follow the adoption series.",
        "- **Adoption potentials** (Bass m, bank-wide) and the monthly attrition of holders:",
        "",
        "| product | Bass p / month | Bass q / month | potential m | attrition / month | holders 2025-12 |",
        "|---|---|---|---|---|---|",
    ]
    for pid, a in spec.ADOPTION.items():
        lines.append(f"| {pid} | {a.p} | {a.q} | {a.m * spec.bank_scale(scale):,.0f} | {a.attrition:.1%} | "
                     f"{int(holders[pid]):,} |")
    lines += ["", "| product without a series | holders 2025-12 |", "|---|---|"]
    lines += [f"| {pid} | {h * spec.bank_scale(scale):,.0f} |" for pid, h in spec.PRODUCT_HOLDERS.items()]
    lines += [
        "",
        "- **Signals planted in the adoption series**: calendar seasonality (January and March "
        "first-quarter pushes 开门红, the Spring Festival dip in February, quarter ends), "
        f"campaign months ({', '.join(f'{p} {m[:7]}' for p, m, _ in spec.CAMPAIGNS)}), and one "
        f"regulatory shock: from {spec.SHOCK['from_month'][:7]} new adopters of "
        f"{spec.SHOCK['product_id']} fall to {spec.SHOCK['factor']:.0%} of the Bass curve (the "
        "2021 cash-management WM rules capped instant redemption).",
        "- **The survey and the bank**: the survey's Minghu-customer, app and branch columns are "
        "planted so that, weighted, they match the bank's customers and its WM balance.",
        "- **Institutions**: every bank, broker and platform in the world is fictional.",
        "- **The value of a customer** (module 03): one margin model for every customer, monthly "
        f"margin = assets x {spec.MARGIN_NET_SPREAD:.1%} / 12 (net spread) + "
        + ", ".join(f"RMB {v:.0f} per {k.removeprefix('has_').replace('_', ' ')} held"
                    for k, v in spec.MARGIN_PRODUCT_INCOME.items())
        + f" - RMB {spec.MARGIN_COST_TO_SERVE:.0f} cost to serve (`channel_customers.monthly_margin` per "
        "customer, `retention_margins` its mean by segment over the same customers); one LTV "
        f"convention, the sum over t = 1..T of m S(t) / (1 + i)^t with T = {spec.LTV_HORIZON_MONTHS} "
        f"months and i = {spec.DISCOUNT_RATE_MONTHLY:.1%} a month in every lesson (the closed form "
        "m r / (1 + i - r) is its special case S(t) = r^t, T = infinity).",
        "",
    ]
    return lines


def data_dictionary(seed: int = DEFAULT_SEED, scale: int | None = None, frames: dict | None = None) -> str:
    """The data dictionary (``datasets/README.md``), generated from the schemas and the spec."""
    frames = frames if frames is not None else generate(seed, scale)
    lines = [
        "# Datasets: the synthetic world of Minghu (明湖)",
        "",
        "Generated by `finmkt data build` from seed "
        f"{seed}{'' if scale is None else f' at scale {scale:,}'}. Do not edit by hand: "
        "`MANIFEST.json` holds each file's SHA-256 and the test suite proves that "
        "regeneration is byte-identical. Load a table with `finmkt.data.load(\"name\")`.",
        "",
        "`truth/` holds the planted answers (true segments, planted parameters) that the "
        "kit's tests check the reference solutions against. Trainees: no peeking.",
        "",
        *_spec_section(frames, scale),
    ]
    for s in SCHEMAS.values():
        lines += [f"## `{s.filename}`: {s.title}", "", s.description, ""]
        lines += ["| column | type | unit | meaning |", "|---|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {c.unit} | {c.meaning} |" for c in s.columns]
        lines.append("")
    return "\n".join(lines)


def _ipython_one_line_errors() -> None:
    """In a notebook, show a DataError as one line instead of a traceback.

    The handler returns a one-line structured traceback, so IPython still sends a
    normal error output (the cell fails, as it should), just without the stack.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    ip = get_ipython()
    if ip is None:
        return

    def _handler(shell, etype, value, tb, tb_offset=None):
        shell._showtraceback(etype, value, [f"DataError: {value}"])  # a normal error output
        return None

    ip.set_custom_exc((DataError,), _handler)


_ipython_one_line_errors()

# Re-exported for type hints in the lessons.
Column = Column
