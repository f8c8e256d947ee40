"""``finmkt classroom``: one class on one machine, on JupyterHub with the nbgrader exchange.

:func:`setup` lays out a class folder from a roster (a CSV with the columns ``id`` and
``role``, the role ``trainee`` or ``instructor``)::

    <class>/class.json             the roster, the course folder, the addresses (read by the hub's config)
    <class>/jupyterhub_config.py   two lines: ``configure(c, <class>)`` below
    <class>/passwords.json         the local trial's two passwords and the class's API token (mode 0600)
    <class>/exchange/              nbgrader's exchange (``c.Exchange.root``), writable by everyone (0777)
    <class>/jupyter/nbgrader_config.py   every server's nbgrader settings: exchange, course id,
                                   the trainee's student id (the hub user name)
    <class>/home/<id>/             each user's home and server root (trainees fetch into it)
    <class>/hub/                   the hub's database, cookie secret and logs

:func:`configure` is the JupyterHub configuration: JupyterHub (pinned in requirements.txt)
with its proxy ``configurable-http-proxy`` (pinned, installed by ``make classroom`` into
``.venv/chp``), JupyterHub's ``SharedPasswordAuthenticator`` for a local trial (one
password for trainees, one for instructors; only roster ids may log in) and
:class:`ClassSpawner`, JupyterHub's ``SimpleLocalProcessSpawner`` with each user's home
under the class folder. Every server runs as the hub's OS user: fine for a trial on one
machine, not isolation (docs/CLASSROOM.md has the production set-up: system users,
``LocalProcessSpawner`` or ``DockerSpawner``, a real authenticator).

Trainee servers are ``finmkt lab`` trainee mode with the Assignment List: their home holds
only the start page until they fetch a module from the exchange. Instructor servers are
``finmkt lab --instructor``, rooted at the course folder, with the Formgrader.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

COURSE_ID = "finmkt"
ROLES = ("trainee", "instructor")
#: configurable-http-proxy installed by the kit (``make classroom``): <venv>/chp/node_modules/.bin/
PROXY_ENV = "FINMKT_PROXY"
STUDENT_ENV = "FINMKT_STUDENT_ID"
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-.")


class ClassroomError(ValueError):
    """Bad roster or class folder: reported in one line."""


@dataclass
class Roster:
    trainees: list[str]
    instructors: list[str]

    @property
    def users(self) -> list[str]:
        return [*self.instructors, *self.trainees]


def read_roster(path: Path) -> Roster:
    """Read a roster CSV (header ``id,role``). Ids are lower-case letters, digits, ``_-.``."""
    path = Path(path)
    if not path.is_file():
        raise ClassroomError(f"No roster file {path}: write a CSV with the header 'id,role' "
                             "and one line per person (role trainee or instructor)")
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        fields = [h.strip().lower() for h in reader.fieldnames or []]
        if "id" not in fields or "role" not in fields:
            raise ClassroomError(f"{path}: the first line must be the header 'id,role', not {','.join(fields) or 'empty'}")
        people: dict[str, str] = {}
        for n, row in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            uid, role = row.get("id", ""), row.get("role", "").lower()
            if not uid and not role:
                continue
            if not uid or set(uid) - _ID_CHARS or uid[0] in "-.":
                raise ClassroomError(f"{path} line {n}: id {uid!r} must be lower-case letters, digits, '_', '-' or '.'")
            if role not in ROLES:
                raise ClassroomError(f"{path} line {n}: role {role!r} must be trainee or instructor")
            if uid in people:
                raise ClassroomError(f"{path} line {n}: {uid!r} is listed twice")
            people[uid] = role
    roster = Roster([u for u, r in people.items() if r == "trainee"],
                    [u for u, r in people.items() if r == "instructor"])
    if not roster.instructors:
        raise ClassroomError(f"{path}: the roster has no instructor (role instructor)")
    return roster


def proxy_command() -> str:
    """The configurable-http-proxy the kit installed (``$FINMKT_PROXY`` overrides)."""
    override = os.environ.get(PROXY_ENV)
    path = Path(override) if override else Path(sys.prefix) / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
    if not path.exists():
        raise ClassroomError(f"configurable-http-proxy is not installed at {path}: run `make classroom` "
                             "(it installs the pinned proxy from the npm registry; needs Node.js and npm)")
    return str(path)


def _nbgrader_config(exchange: Path) -> str:
    return f'''"""nbgrader settings of every server of the class (written by finmkt classroom)."""
import os

c = get_config()  # noqa: F821
c.Exchange.root = {str(exchange)!r}
c.CourseDirectory.course_id = {COURSE_ID!r}
# All servers of a local trial run as one OS user: the student id is the hub user name,
# and every submission in the exchange belongs to that one user (nbgrader's collect would
# warn "owned by ...; cheating attempt?" for each). With one OS user per trainee, remove both.
if os.environ.get({STUDENT_ENV!r}):
    c.CourseDirectory.student_id = os.environ[{STUDENT_ENV!r}]
c.ExchangeCollect.check_owner = False
'''


def setup(class_dir: Path, roster: Roster, course: Path, ip: str = "127.0.0.1", port: int = 8000,
          hub_port: int | None = None, proxy_api_port: int | None = None) -> dict:
    """Write the class folder (idempotent: homes, exchange contents and passwords are kept).

    The hub listens on ``ip:port``; its internal API and the proxy's API on 127.0.0.1,
    by default on the next two ports."""
    class_dir = Path(class_dir).resolve()
    course = Path(course).resolve()
    if not (course / "nbgrader_config.py").is_file():
        raise ClassroomError(f"No nbgrader_config.py in {course}: --course must be the course folder")
    for sub in ("home", "hub", "jupyter"):
        (class_dir / sub).mkdir(parents=True, exist_ok=True)
    exchange = class_dir / "exchange"
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777)  # nbgrader: the exchange root is writable by every user
    (class_dir / "jupyter" / "nbgrader_config.py").write_text(_nbgrader_config(exchange), encoding="utf-8")
    passwords = class_dir / "passwords.json"
    if not passwords.exists():
        passwords.touch(mode=0o600)
        passwords.write_text(json.dumps({"trainee": secrets.token_urlsafe(9),
                                         "instructor": secrets.token_urlsafe(32),
                                         "api_token": secrets.token_hex(32)}, indent=1), encoding="utf-8")
    info = {"course": str(course), "course_id": COURSE_ID, "trainees": roster.trainees,
            "instructors": roster.instructors, "ip": ip, "port": port,
            "hub_port": hub_port or port + 1, "proxy_api_port": proxy_api_port or port + 2, "exchange": str(exchange)}
    (class_dir / "class.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    (class_dir / "jupyterhub_config.py").write_text(
        "# JupyterHub configuration of the class (written by finmkt classroom; the settings are in class.json)\n"
        "from finmkt.classroom import configure\n\n"
        f"configure(c, {str(class_dir)!r})  # noqa: F821\n", encoding="utf-8")
    return info


def passwords(class_dir: Path) -> dict:
    return json.loads((Path(class_dir) / "passwords.json").read_text(encoding="utf-8"))


def hub_command(class_dir: Path) -> list[str]:
    """The JupyterHub command of a class folder (run in that folder)."""
    jupyterhub = Path(sys.executable).parent / "jupyterhub"
    return [str(jupyterhub), "-f", str(Path(class_dir) / "jupyterhub_config.py")]


# --- the hub side: imported by jupyterhub_config.py --------------------------------------

try:
    from jupyterhub.spawner import SimpleLocalProcessSpawner as _Base
except ImportError:  # the kit works without the hub installed (self-study)
    _Base = object


class ClassSpawner(_Base):
    """JupyterHub's SimpleLocalProcessSpawner, each user's home under the class folder,
    running ``finmkt lab``'s trainee or instructor mode."""

    def _class(self) -> dict:
        return json.loads((Path(self.config_class_dir) / "class.json").read_text(encoding="utf-8"))

    @property
    def config_class_dir(self) -> str:
        return os.path.dirname(self.home_dir_template.split("{username}")[0].rstrip("/"))

    def _mode(self) -> str:
        return "instructor" if self.user.name in self._class()["instructors"] else "trainee"

    def _launch(self):
        from finmkt import jupyter

        info = self._class()
        if self._mode() == "instructor":
            return jupyter.lab_command("instructor", root=Path(info["course"]))
        return jupyter.lab_command("trainee", root=Path(self.home_dir), exchange=info["exchange"])

    def make_preexec_fn(self, name):
        home, root = self.home_dir, str(self._launch().root)

        def preexec():  # as finmkt lab: the server runs in its root (nbgrader reads ./nbgrader_config.py)
            os.makedirs(home, 0o755, exist_ok=True)
            os.chdir(root)

        return preexec

    def get_args(self):
        launch = self._launch()
        # finmkt lab's settings minus `python -m jupyterlab` (the hub runs jupyterhub-singleuser)
        return [*super().get_args(), *launch.argv[3:], *hub_server_args(self._mode())]

    def get_env(self):
        env = super().get_env()
        env["LOGNAME"] = self.user.name
        env["JUPYTER_CONFIG_PATH"] = str(Path(self.config_class_dir) / "jupyter")
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", os.defpath)
        if self._mode() == "trainee":
            env[STUDENT_ENV] = self.user.name
        return env

    async def start(self):
        if self._mode() == "trainee":
            prepare_trainee_home(Path(self.home_dir))
        return await super().start()


def hub_server_args(mode: str) -> list[str]:
    """What a server started by a hub needs beyond ``finmkt lab``'s settings.

    - A terminal's shell that keeps the server's PATH (the kit's tools first). Without a tty
      (as under a hub) Jupyter starts terminals as login shells, and a login shell's
      ``/etc/profile`` resets PATH on Debian and Ubuntu: ``finmkt`` and ``nbgrader`` would be
      "command not found" in an instructor's terminal.
    - Instructors: the Formgrader is a JupyterLab panel, an iframe of their own server's
      pages, which JupyterHub (4.1 and later) forbids by default (``frame-ancestors 'none'``:
      the panel stays blank). nbgrader's documented setting lets the server's pages be framed
      by pages of the hub's own address (``'self'``) again; trainees keep ``'none'``.
    """
    shell = os.environ.get("SHELL") or "/bin/bash"
    args = ["--ServerApp.terminado_settings=" + json.dumps({"shell_command": [shell]})]
    if mode == "instructor":
        args.append("--ServerApp.tornado_settings=" + json.dumps(
            {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}))
    return args


def prepare_trainee_home(home: Path) -> None:
    """A trainee's home in a class: the start page and first-launch layout, no lessons
    (they come from the exchange: Assignment List → Fetch)."""
    from finmkt import jupyter, workspace
    from finmkt.paths import release_dir, repo_root

    home.mkdir(parents=True, exist_ok=True)
    workspace.write_generated(home / workspace.START_PAGE, workspace.start_page(release_dir(), classroom=True))
    dictionary = repo_root() / "datasets" / "README.md"
    if dictionary.exists():
        workspace.write_generated(home / workspace.DATA_DICTIONARY, dictionary.read_text(encoding="utf-8"))
    jupyter.first_launch_workspace(home / ".jupyter" / "workspaces")


def configure(c, class_dir: str) -> None:
    """The JupyterHub configuration of the class in ``class_dir`` (see the module's docstring)."""
    class_dir = Path(class_dir)
    info = json.loads((class_dir / "class.json").read_text(encoding="utf-8"))
    pw = passwords(class_dir)
    hub = class_dir / "hub"
    c.JupyterHub.ip = info["ip"]
    c.JupyterHub.port = info["port"]
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = info["hub_port"]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{info['proxy_api_port']}"
    c.ConfigurableHTTPProxy.command = [proxy_command()]
    c.ConfigurableHTTPProxy.pid_file = str(hub / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{hub / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(hub / "cookie_secret")
    c.JupyterHub.pid_file = str(hub / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True  # stopping the hub stops every server it started

    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = pw["trainee"]
    c.SharedPasswordAuthenticator.admin_password = pw["instructor"]
    c.Authenticator.admin_users = set(info["instructors"])
    c.Authenticator.allowed_users = set(info["trainees"]) | set(info["instructors"])

    # The class's own API token (passwords.json "api_token"): scripts an instructor runs
    # (and the kit's test) start servers and act for users through the hub's REST API.
    c.JupyterHub.services = [{"name": "finmkt-classroom", "api_token": pw["api_token"]}]
    c.JupyterHub.load_roles = [{"name": "finmkt-classroom", "services": ["finmkt-classroom"],
                                "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users"]}]

    c.JupyterHub.spawner_class = ClassSpawner
    c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab"
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 90
    # A stopped server gets SIGINT, then SIGTERM after this many seconds (default 10). Seen here: a
    # server idles about 8 s after SIGINT before it exits; on SIGTERM it exits at once, its kernels
    # shut down. Stopping the hub (Ctrl+C) stops every server this way.
    c.LocalProcessSpawner.interrupt_timeout = 3
    c.SimpleLocalProcessSpawner.home_dir_template = str(class_dir / "home" / "{username}")


def summary(class_dir: Path, info: dict) -> str:
    pw = passwords(class_dir)
    return (f"Class of {len(info['trainees'])} trainee(s) and {len(info['instructors'])} instructor(s): "
            f"http://{info['ip']}:{info['port']}/\n"
            f"  trainees log in with their roster id and the password {pw['trainee']}\n"
            f"  instructors ({', '.join(info['instructors'])}) with the password {pw['instructor']}\n"
            f"  (both in {Path(class_dir) / 'passwords.json'}); exchange {info['exchange']}, course id {info['course_id']}")


# --- one container per user (deploy/kubernetes) -------------------------------------------

def singleuser_command(environ: dict | None = None, home: Path | None = None):
    """What a container's server runs (``python -m finmkt.classroom singleuser``):
    ``jupyterhub-singleuser`` with ``finmkt lab``'s trainee mode (``$FINMKT_MODE`` unset or
    ``trainee``: rooted at the home, start page only, the Assignment List when the exchange is
    mounted) or instructor mode (``instructor``: rooted at ``$FINMKT_COURSE``, which is seeded
    from the image's course on first start). Returns the launch and the full command."""
    from finmkt import jupyter
    from finmkt.paths import repo_root

    environ = os.environ if environ is None else environ
    home = Path(home) if home else Path.home()
    mode = environ.get("FINMKT_MODE", "trainee")
    if mode not in ROLES:
        raise ClassroomError(f"FINMKT_MODE must be trainee or instructor, not {mode!r}")
    if mode == "instructor":
        course = Path(environ.get("FINMKT_COURSE") or home / "course")
        if not (course / "nbgrader_config.py").exists():  # first start: the image's course, editable
            import shutil

            course.mkdir(parents=True, exist_ok=True)
            for name in ("solutions", "notebooks"):
                shutil.copytree(repo_root() / name, course / name, dirs_exist_ok=True)
            shutil.copy2(repo_root() / "nbgrader_config.py", course / "nbgrader_config.py")
        launch = jupyter.lab_command("instructor", root=course)
    else:
        prepare_trainee_home(home)
        launch = jupyter.lab_command("trainee", root=home)
    argv = [str(Path(sys.executable).parent / "jupyterhub-singleuser"), *launch.argv[3:], *hub_server_args(mode)]
    return launch, argv


def _main(argv: list[str]) -> int:
    if argv[:1] != ["singleuser"]:
        print("usage: python -m finmkt.classroom singleuser [JUPYTER OPTIONS]", file=sys.stderr)
        return 2
    try:
        launch, command = singleuser_command()
    except ClassroomError as exc:
        print(f"finmkt: error: {exc}", file=sys.stderr)
        return 2
    command += argv[1:]
    os.chdir(launch.root)
    os.execve(command[0], command, launch.environ())


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
