"""An LMS download (zip) as input to ``finmkt grade``, unpacked by nbgrader's ``zip_collect``.

LMSs (Canvas, Moodle, ...) hand out a class's submissions as one zip whose file names
carry the student: Canvas names each file ``<login>_<user id>_<submission id>_<file>``
(``<login>_LATE_...`` when late) and appends ``-1``, ``-2`` to a re-uploaded file's name.
:func:`unpack_lms_zip` builds a throw-away nbgrader course, puts the zip where
``nbgrader zip_collect`` expects it (``downloaded/<assignment>/archive/``) and lets
nbgrader extract it and map each file name to a student with its
``FileNameCollectorPlugin`` and a ``named_regexp``. The result is nbgrader's
``submitted/<student>/<assignment>/<notebook>.ipynb`` folder, which the grading code
reads like any other submissions folder.

The only thing supplied here is the regular expression; the mapping is nbgrader's.
Nothing is written outside the folder the caller provides (a temporary folder).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

#: Canvas's "Download Submissions" names: ``<login>_<numbers>_<numbers>_<notebook>.ipynb``,
#: also ``<login>_LATE_<numbers>_<numbers>_...``; a re-upload suffix (``-1``, ``-2``) is not
#: part of the notebook name. nbgrader matches the regex from the start of each extracted
#: file's full path, hence the leading ``(?:.*/)?``; the student's part must start with a
#: letter or digit (so macOS's ``__MACOSX/._*`` copies never match).
DEFAULT_PATTERN = (r"(?:.*/)?(?P<student_id>[A-Za-z0-9][\w.-]*?)_(?:LATE_)?\d+_\d+_"
                   r"(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$")

#: Named groups nbgrader's FileNameCollectorPlugin requires.
REQUIRED_GROUPS = ("student_id", "file_id")

#: How many file names a warning shows.
SHOWN = 3


class LmsZipError(Exception):
    """The zip cannot be used (missing, damaged, nothing matches, nbgrader refused it)."""


def is_zip_input(path: Path) -> bool:
    """True if ``--submissions`` names a zip file (``*.zip`` or any existing file), not a folder."""
    path = Path(path)
    return not path.is_dir() and (path.suffix.lower() == ".zip" or path.is_file())


def check_pattern(pattern: str | None) -> str:
    """The regex to use (the default if ``pattern`` is None); raises LmsZipError if unusable.

    It must compile and contain the named groups ``student_id`` and ``file_id``, which
    nbgrader's FileNameCollectorPlugin requires.
    """
    if pattern is None:
        return DEFAULT_PATTERN
    try:
        groups = re.compile(pattern).groupindex
    except re.error as exc:
        raise LmsZipError(f"--zip-pattern is not a valid regular expression: {exc}") from None
    missing = [g for g in REQUIRED_GROUPS if g not in groups]
    if missing:
        raise LmsZipError("--zip-pattern must contain the named groups (?P<student_id>...) and "
                          f"(?P<file_id>...); missing: {', '.join(missing)}")
    return pattern


def check_zip(zip_path: Path) -> list[str]:
    """The names of the files in the zip; raises LmsZipError if it is missing, damaged or empty."""
    zip_path = Path(zip_path)
    if not zip_path.exists():
        raise LmsZipError(f"no such zip file: {zip_path}")
    if not zip_path.is_file():
        raise LmsZipError(f"not a zip file: {zip_path}")
    try:
        with zipfile.ZipFile(zip_path) as z:
            bad = z.testzip()
            names = [i.filename for i in z.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise LmsZipError(f"{zip_path} is not a readable zip file (damaged or incomplete "
                          f"download?): {exc}") from None
    if bad is not None:
        raise LmsZipError(f"{zip_path} is damaged (bad data in {bad!r}); download it again")
    if not names:
        raise LmsZipError(f"{zip_path} contains no files")
    return names


def assignment_notebooks(course: Path, assignment: str) -> list[str]:
    """Names (without ``.ipynb``) of the assignment's source notebooks in the course, or []."""
    from nbgrader.coursedir import CourseDirectory

    from finmkt.grading.nbg import course_config

    try:
        cfg = course_config(Path(course), Path(course) / "grading")
        cd = CourseDirectory(config=cfg)
        folder = Path(cd.format_path(cd.source_directory, ".", assignment))
    except Exception:  # noqa: BLE001 - only used for a warning; grading reports the real problem
        return []
    return sorted(p.stem for p in folder.glob("*.ipynb"))


def _config_text(root: Path, pattern: str) -> str:
    """nbgrader_config.py of the throw-away course (overrides any user or system config)."""
    return "\n".join([
        '"""Throw-away nbgrader course of finmkt grade: nbgrader zip_collect of an LMS zip."""',
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.root = {str(root)!r}",
        'c.CourseDirectory.source_directory = "source"',
        'c.CourseDirectory.release_directory = "release"',
        'c.CourseDirectory.submitted_directory = "submitted"',
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(root / 'gradebook.db')!r}",
        'c.ZipCollectApp.collect_directory_structure = "{downloaded}/{assignment_id}/{collect_step}"',
        'c.ZipCollectApp.downloaded_directory = "downloaded"',
        'c.ZipCollectApp.archive_directory = "archive"',
        'c.ZipCollectApp.extracted_directory = "extracted"',
        'c.ZipCollectApp.extractor_plugin = "nbgrader.plugins.ExtractorPlugin"',
        'c.ZipCollectApp.collector_plugin = "nbgrader.plugins.FileNameCollectorPlugin"',
        "c.ZipCollectApp.strict = False",
        '# only zip archives (a stray .gz would stop the whole collection)',
        'c.ExtractorPlugin.zip_ext = [".zip"]',
        'c.FileNameCollectorPlugin.valid_ext = [".ipynb"]',
        f"c.FileNameCollectorPlugin.named_regexp = {pattern!r}",
        "",
    ])


def _collector(pattern: str):
    """nbgrader's FileNameCollectorPlugin with ``pattern``, logging nowhere."""
    from nbgrader.plugins import FileNameCollectorPlugin

    quiet = logging.getLogger("finmkt.grading.lms.collector")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    return FileNameCollectorPlugin(named_regexp=pattern, valid_ext=[".ipynb"], log=quiet)


def _nbgrader_error(output: str) -> str:
    """The error nbgrader logged (its ``| ERROR]`` lines), else the last line of its output."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    errors = [ln.split("ERROR]", 1)[1].strip() for ln in lines if "| ERROR]" in ln]
    return " ".join(errors) if errors else (lines[-1] if lines else "no output")


def _shown(names: list[str]) -> str:
    more = f" (+{len(names) - SHOWN} more)" if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more


def unpack_lms_zip(zip_path: Path, assignment: str, dest_dir: Path, pattern: str | None = None,
                   notebooks: list[str] | None = None, log: Callable[[str], None] = print) -> Path:
    """Unpack an LMS download with ``nbgrader zip_collect``; return nbgrader's submitted folder.

    ``dest_dir`` (an empty temporary folder) receives a throw-away nbgrader course with
    its own ``nbgrader_config.py``; the zip is linked into
    ``downloaded/<assignment>/archive/`` and ``nbgrader zip_collect <assignment>`` runs
    there in a subprocess (so neither the instructor's course config nor this
    process's state is involved). Each extracted file's path is matched by nbgrader's
    ``FileNameCollectorPlugin`` against ``pattern`` (default :data:`DEFAULT_PATTERN`,
    Canvas names), whose ``student_id`` and ``file_id`` groups name the student and
    the notebook.

    ``notebooks``: the assignment's notebook names, if known; nbgrader then checks
    file ids against them and collected notebooks with other names are warned about.
    ``log`` receives the summary and the warnings (files that match no submission
    name, unexpected notebook names). The extracted copies are removed before
    returning: only ``<dest_dir>/.../submitted/<student>/<assignment>/`` remains.

    Raises LmsZipError (one-line message) for a missing or damaged zip, an unusable
    pattern, a zip in which no file matches, or an nbgrader failure.
    """
    pattern = check_pattern(pattern)
    zip_path = Path(zip_path).resolve()
    members = check_zip(zip_path)
    root = Path(dest_dir).resolve() / "nbgrader"
    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(_config_text(root, pattern))
    if notebooks:
        import nbformat

        release = root / "release" / assignment
        release.mkdir(parents=True)
        for name in notebooks:  # placeholders: nbgrader only reads the released names
            nbformat.write(nbformat.v4.new_notebook(), release / f"{name}.ipynb")
    archive = root / "downloaded" / assignment / "archive"
    archive.mkdir(parents=True)
    link = archive / f"{zip_path.stem}.zip"
    try:
        link.symlink_to(zip_path)
    except OSError:
        shutil.copyfile(zip_path, link)

    from finmkt.paths import tool_env

    proc = subprocess.run([sys.executable, "-m", "nbgrader", "zip_collect", assignment, "--log-level=WARN"],
                          cwd=root, env=tool_env(), capture_output=True, text=True)
    extracted = root / "downloaded" / assignment / "extracted" / zip_path.stem
    files = sorted(p for p in extracted.rglob("*") if p.is_file()) if extracted.is_dir() else []
    collector = _collector(pattern)
    found = {p: collector.collect(str(p)) for p in files}
    if proc.returncode != 0:
        message = f"nbgrader zip_collect failed on {zip_path.name}: {_nbgrader_error(proc.stderr + proc.stdout)}"
        same: dict[tuple[str, str], list[str]] = {}
        for p, info in found.items():
            if info:
                key = (info["student_id"], os.path.splitext(info["file_id"])[0])
                same.setdefault(key, []).append(str(p.relative_to(extracted)))
        dups = next((names for names in same.values() if len(names) > 1), None)
        if dups:
            message += f" (files for the same student and notebook: {_shown(dups)}; keep one in the zip)"
        raise LmsZipError(message)

    submitted = root / "submitted"
    students = sorted(p.name for p in submitted.iterdir() if p.is_dir()) if submitted.is_dir() else []
    if not students:
        ipynb = [m for m in members if m.endswith(".ipynb") and "__MACOSX" not in m]
        example = (ipynb or members)[0]
        raise LmsZipError(f"no file in {zip_path.name} matches the submission-name pattern {pattern} "
                          f"(e.g. {example!r} does not); nbgrader matches the pattern from the start of "
                          "each extracted file's full path (begin it with '.*/'): give one that fits "
                          "with --zip-pattern REGEX")
    unmatched = [str(p.relative_to(extracted)) for p, info in found.items() if not info]
    if unmatched:
        log(f"WARNING: {len(unmatched)} file(s) in {zip_path.name} match no submission name and are "
            f"not graded: {_shown(unmatched)}")
    if notebooks:
        odd = []
        for s in students:
            folder = submitted / s / assignment
            for p in sorted(folder.rglob("*.ipynb")):
                rel = p.relative_to(folder)
                if rel.with_suffix("").as_posix() not in notebooks:
                    odd.append(f"{s}/{rel.as_posix()}")
        if odd:
            log(f"WARNING: {len(odd)} collected notebook(s) are not part of {assignment} "
                f"({', '.join(n + '.ipynb' for n in notebooks)}): {_shown(odd)}")
    notebooks_found = sum(1 for _ in submitted.glob(f"*/{assignment}/**/*.ipynb"))
    log(f"{zip_path.name}: nbgrader zip_collect found {len(students)} student(s), "
        f"{notebooks_found} notebook(s)")
    shutil.rmtree(root / "downloaded", ignore_errors=True)
    return submitted
