"""Kernels inside a bubblewrap sandbox, talking to the grader over IPC sockets.

The sandbox sees only the system's read-only runtime (``/usr``, the Python install,
the virtual environment, the ``finmkt`` package and the datasets), a private
``/tmp`` and home, its own scratch copy of one submission (read-write) and the
folder holding the kernel's sockets. The course's reference answers are not in it:
the installed ``finmkt/methods`` (the package the kernel imports, wherever it is
installed), ``solutions/`` and the datasets' planted ``truth/`` are covered with an
empty folder (the kernel's import hook, :data:`finmkt.grading.guard.BLOCK`, also
refuses ``finmkt.methods``). It has no network (a private network
namespace), its own PID namespace (every process it starts dies with it) and an
address-space limit.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client import BlockingKernelClient

from finmkt.paths import data_dir, repo_root

#: Where the submission's scratch copy appears inside the sandbox.
SANDBOX_WORK = "/home/student/submission"
SANDBOX_IPC = "/run/finmkt-kernel"
#: Largest file a submission may write (its scratch copy, /tmp, its error log).
FILE_LIMIT = 512 << 20

_ETC_FILES = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd",
              "group", "hosts", "fonts", "mime.types", "ssl"]


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create namespaces on this machine."""


def bwrap_path() -> str | None:
    """The bubblewrap executable, if installed."""
    return shutil.which("bwrap")


def _python_roots() -> list[str]:
    """Folders the kernel's Python needs: the interpreter install and the environment."""
    roots = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix), sys.prefix}
    exe = os.path.realpath(sys.executable)
    roots.add(str(Path(exe).parent.parent))
    return sorted(roots)


#: Instructor paths hidden inside the sandbox if they happen to lie under a mounted folder.
DEFAULT_HIDDEN = ["/usr/local/share/nbgrader", "/srv/nbgrader"]


def hidden_course_paths() -> list[str]:
    """The course's answer-bearing folders, always hidden in the sandbox (when they lie under
    a mounted folder): the reference methods of the *installed* ``finmkt`` package (for an
    editable install, the repository's ``finmkt/methods``), the solutions and the datasets'
    planted truth."""
    import finmkt

    pkg = Path(finmkt.__file__).resolve().parent
    return [str(pkg / "methods"), str(repo_root() / "solutions"), str(data_dir() / "truth")]


def _inside(path: str, roots: list[str]) -> bool:
    return any(path != r and path.startswith(r.rstrip("/") + "/") for r in roots)


def bwrap_args(work: Path, ipc: Path, hide: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The bubblewrap command line (without the program to run).

    ``hide``: folders (course, submissions, output, exchange) that must stay invisible;
    each one lying under a read-only mounted folder is covered with an empty tmpfs.
    """
    args = [bwrap_path() or "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/home",
            "--tmpfs", "/run"]
    for d in ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"]:
        if os.path.lexists(d):
            args += ["--ro-bind-try", d, d] if not os.path.islink(d) else ["--symlink", os.readlink(d), d]
    for name in _ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    seen = set()
    for root in _python_roots():
        if root not in seen and not root.startswith("/usr"):
            args += ["--ro-bind", root, root]
            seen.add(root)
    # the course package (never the solutions, the gradebook or the submissions)
    pkg = Path(__file__).resolve().parent.parent  # the installed finmkt package
    args += ["--ro-bind", str(pkg), str(pkg)]
    data = data_dir()
    if data.exists():
        args += ["--ro-bind", str(data), str(data)]
    mounted = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc", *seen, str(pkg), str(data)]
    for h in [*DEFAULT_HIDDEN, *hidden_course_paths(), *hide]:
        h = os.path.realpath(h)
        if os.path.isdir(h) and _inside(h, mounted):
            args += ["--tmpfs", h]
    args += ["--bind", str(work), SANDBOX_WORK, "--bind", str(ipc), SANDBOX_IPC,
             "--chdir", SANDBOX_WORK, "--setenv", "HOME", "/home/student",
             "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib", "--setenv", "TMPDIR", "/tmp"]
    return args


def _limits(memory_bytes: int | None):
    def apply():
        os.setsid()
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    return apply


@dataclass
class Kernel:
    """One fresh kernel, used for one notebook and then killed."""

    proc: subprocess.Popen
    client: BlockingKernelClient
    work: Path
    ipc: Path
    sandboxed: bool
    started: float = field(default_factory=time.monotonic)

    def alive(self) -> bool:
        """True while the kernel's process (or its sandbox) is running."""
        return self.proc.poll() is None

    def kill(self) -> None:
        """Kill the kernel with every process it started, and remove its files."""
        try:
            self.client.stop_channels()
        except Exception:  # noqa: BLE001 - best effort
            pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        shutil.rmtree(self.ipc, ignore_errors=True)
        shutil.rmtree(self.work, ignore_errors=True)


def start_kernel(scratch_root: Path, *, sandbox: bool, memory_bytes: int | None,
                 startup_timeout: float = 60, hide: tuple[str, ...] = ()) -> Kernel:
    """Start a kernel (in the sandbox unless ``sandbox`` is false) and wait until it answers."""
    scratch_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="work-", dir=scratch_root))
    # the kernel's sockets live in the system's temporary folder, not under ``scratch_root``: a
    # Unix socket path is limited to 107 bytes, and an instructor's output folder can be deeper
    ipc = Path(tempfile.mkdtemp(prefix="finmkt-ipc-"))
    key = uuid.uuid4().hex
    inner_ipc = SANDBOX_IPC if sandbox else str(ipc)
    conn = {"transport": "ipc", "ip": f"{inner_ipc}/k", "shell_port": 1, "iopub_port": 2,
            "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": key,
            "signature_scheme": "hmac-sha256", "kernel_name": "python3"}
    (ipc / "kernel.json").write_text(json.dumps(conn))
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "LANG": "C.UTF-8",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JPY_SESSION_NAME": "",
           "NBGRADER_EXECUTION": "autograde"}
    kernel_cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", f"{inner_ipc}/kernel.json",
                  "--HistoryManager.enabled=False"]
    if sandbox:
        cmd = bwrap_args(work, ipc, hide) + ["--setenv", "PATH", env["PATH"]] + kernel_cmd
        env.pop("PATH")
        env = {**env, "PATH": "/usr/bin:/bin"}
        cwd = None
    else:
        cmd, cwd = kernel_cmd, str(work)
        env["HOME"] = str(work)
    with (ipc / "stderr.log").open("wb") as log:  # a file: a flood on fd 2 can never block the kernel
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=log, preexec_fn=_limits(memory_bytes))
    conn_host = dict(conn, ip=f"{ipc}/k")
    client = BlockingKernelClient()
    client.load_connection_info(conn_host)
    kernel = Kernel(proc, client, work, ipc, sandbox)
    deadline = time.monotonic() + startup_timeout
    while not (ipc / "k-1").exists():
        if proc.poll() is not None:
            err = (ipc / "stderr.log").read_bytes()[-2000:].decode(errors="replace")
            kernel.kill()
            raise SandboxUnavailable(f"the kernel did not start: {err.strip()}")
        if time.monotonic() > deadline:
            kernel.kill()
            raise SandboxUnavailable("the kernel did not start in time")
        time.sleep(0.02)
    client.start_channels()
    try:
        client.wait_for_ready(timeout=max(1.0, deadline - time.monotonic()))
    except RuntimeError as exc:
        kernel.kill()
        raise SandboxUnavailable(f"the kernel did not answer: {exc}") from None
    return kernel


def check_sandbox(scratch_root: Path, hide: tuple[str, ...] = ()) -> str | None:
    """None if sandboxed kernels work here, else the reason they do not."""
    if not bwrap_path():
        return "bubblewrap (bwrap) is not installed"
    try:
        k = start_kernel(scratch_root, sandbox=True, memory_bytes=None, startup_timeout=60, hide=hide)
    except SandboxUnavailable as exc:
        return str(exc)
    k.kill()
    return None
