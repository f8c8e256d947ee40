"""Read a submitted notebook defensively and put its nbgrader cells back in order.

Graded, answer and locked cells are identified by their ``grade_id`` against the
instructor's source (the assignment's cells recorded in the gradebook, in the order of
the source notebook). A cell a student edited, deleted, duplicated, retyped or
re-pointed is restored or matched, so correct answers keep their points and nobody
gains any:

* locked cells get the source text and cell type back; metadata always comes from
  the source (``points`` cannot be inflated);
* a locked cell whose metadata was removed is recognised by its text;
* duplicates and cells claiming unknown ids lose their nbgrader metadata (duplicates of
  locked cells are dropped);
* deleted cells are re-inserted from the source at their place.
"""

from __future__ import annotations

import copy
import json
import uuid
import warnings
from dataclasses import dataclass

import nbformat


class InvalidNotebook(Exception):
    """The file is not a notebook nbgrader could read (empty, invalid JSON, not nbformat 4)."""


@dataclass
class SourceCell:
    """One nbgrader cell of the instructor's source notebook, as released."""

    grade_id: str
    cell_type: str
    locked: bool
    source: str     # the instructor's text (with hidden tests), as nbgrader restores it
    shown: str      # the text students received
    meta: dict


def read_notebook(path) -> nbformat.NotebookNode:
    """Parse a submission; raise :class:`InvalidNotebook` with a reason an instructor reads."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidNotebook(f"unreadable file: {exc}") from None
    if not raw.strip():
        raise InvalidNotebook("empty file")
    try:
        data = json.loads(raw.decode("utf-8", errors="replace"))
    except ValueError as exc:
        raise InvalidNotebook(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise InvalidNotebook("not a Jupyter notebook (no list of cells)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the submission's
        raise InvalidNotebook(f"not a readable notebook: {exc}") from None
    cells = []
    for cell in nb.cells:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            continue
        if not isinstance(cell.get("source", ""), str):
            cell["source"] = "".join(cell.get("source") or [])
        if not isinstance(cell.get("metadata"), dict):
            cell["metadata"] = nbformat.NotebookNode()
        cells.append(cell)
    nb.cells = cells
    nb.nbformat, nb.nbformat_minor = 4, 5
    seen: set[str] = set()
    for cell in nb.cells:  # duplicate or missing cell ids would make the file invalid
        cid = cell.get("id")
        if not isinstance(cid, str) or not cid or cid in seen or len(cid) > 64:
            cell["id"] = uuid.uuid4().hex[:12]
        seen.add(cell["id"])
        if cell.cell_type == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
    return nb


def _meta(cell) -> dict:
    m = cell.get("metadata", {}).get("nbgrader")
    return m if isinstance(m, dict) else {}


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def source_cells(release_nb, full: dict[str, str] | None = None) -> list[SourceCell]:
    """The nbgrader cells of the released notebook, in order.

    ``full`` maps grade ids to the gradebook's source text (hidden tests included),
    which is what nbgrader puts back into locked cells before executing them.
    """
    out = []
    for cell in release_nb.cells:
        m = _meta(cell)
        if m.get("grade_id"):
            gid = m["grade_id"]
            text = (full or {}).get(gid, cell.source)
            out.append(SourceCell(gid, cell.cell_type, bool(m.get("locked")), text, cell.source,
                                  copy.deepcopy(m)))
    return out


def _fresh(sc: SourceCell):
    maker = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell,
             "raw": nbformat.v4.new_raw_cell}[sc.cell_type]
    cell = maker(sc.source if sc.locked else sc.shown)
    cell.metadata["nbgrader"] = copy.deepcopy(sc.meta)
    cell["id"] = uuid.uuid4().hex[:12]
    return cell


def repair(nb, release_cells: list[SourceCell]) -> list[str]:
    """Restore ``nb``'s nbgrader cells in place; return what was changed (empty if nothing)."""
    changes: list[str] = []
    src = {sc.grade_id: sc for sc in release_cells}
    by_text = {_norm(t): sc.grade_id for sc in release_cells if sc.locked
               for t in (sc.source, sc.shown) if _norm(t)}

    # candidates for every source id: cells claiming it, or locked text without metadata
    claims: dict[str, list[int]] = {}
    for i, cell in enumerate(nb.cells):
        gid = _meta(cell).get("grade_id")
        if isinstance(gid, str) and gid in src:
            claims.setdefault(gid, []).append(i)
    chosen: dict[int, str] = {}
    for gid, idxs in claims.items():
        sc = src[gid]
        exact = [i for i in idxs if _norm(nb.cells[i].source) in (_norm(sc.source), _norm(sc.shown))]
        chosen[(exact or idxs)[0]] = gid
    for i, cell in enumerate(nb.cells):
        if i in chosen:
            continue
        gid = by_text.get(_norm(cell.source))
        if gid and gid not in chosen.values():
            chosen[i] = gid
            changes.append(f"{gid}: matched by its text")

    out = []
    placed: dict[str, int] = {}
    for i, cell in enumerate(nb.cells):
        m = _meta(cell)
        if i in chosen:
            sc = src[chosen[i]]
            if m != sc.meta and m.get("grade_id") == sc.grade_id:
                diff = sorted(k for k in set(m) | set(sc.meta) if m.get(k) != sc.meta.get(k) and k != "checksum")
                if diff:
                    changes.append(f"{sc.grade_id}: metadata restored ({', '.join(diff)})")
            if sc.locked and (_norm(cell.source) not in (_norm(sc.source), _norm(sc.shown))
                              or cell.cell_type != sc.cell_type):
                changes.append(f"{sc.grade_id}: locked cell restored")
            if sc.locked:
                new = _fresh(sc)
                new["id"] = cell.get("id", new["id"])
                cell = new
            elif cell.cell_type != sc.cell_type:
                changes.append(f"{sc.grade_id}: cell type restored")
                new = _fresh(sc)
                new.source = cell.source
                cell = new
            cell.metadata["nbgrader"] = copy.deepcopy(sc.meta)
            placed[sc.grade_id] = len(out)
            out.append(cell)
            continue
        if m:
            gid = m.get("grade_id")
            if gid in src and src[gid].locked and _norm(cell.source) in (_norm(src[gid].source),
                                                                         _norm(src[gid].shown)):
                changes.append(f"{gid}: duplicate removed")
                continue
            if m.get("grade") or m.get("solution") or m.get("locked") or m.get("task") or gid:
                changes.append(f"{gid or 'cell'}: foreign nbgrader metadata removed")
            del cell.metadata["nbgrader"]
        out.append(cell)

    # re-insert deleted cells after the nearest earlier source cell that is present
    for k, sc in enumerate(release_cells):
        if sc.grade_id in placed:
            continue
        pos = 0
        for prev in reversed(release_cells[:k]):
            if prev.grade_id in placed:
                pos = placed[prev.grade_id] + 1
                break
        out.insert(pos, _fresh(sc))
        for g, p in placed.items():
            if p >= pos:
                placed[g] = p + 1
        placed[sc.grade_id] = pos
        changes.append(f"{sc.grade_id}: deleted cell re-inserted")
    nb.cells = out
    return changes
