"""Code the grader runs inside each kernel, outside the student's cells.

``PREAMBLE`` runs once in a fresh kernel before any student code: it pre-imports the
heavy libraries (so each notebook does not pay for them) and records the pristine
objects a submission could patch to fake a passing test (error reporting, comparison
helpers, builtins). ``GUARD`` runs silently before every graded test cell and puts
every recorded object back, so the test runs against the real ones; it prints the
names it had to restore (the grader reports them as tampering). Error-display and
event hooks are held back during the test cell only (the course installs its own) and
``UNGUARD`` puts them back after it; the grader judges the test cell by the kernel's
execute reply, which those hooks do not change.

``BLOCK`` keeps the course's reference answers (``finmkt.methods``) out of the kernel: the
preamble puts an import hook first on ``sys.meta_path`` before any student code runs, and
every guard puts it back (first again, ``finmkt.methods`` dropped from ``sys.modules``), so
a call of the course's reference code fails with :data:`BLOCKED_MESSAGE`. The hook is a
guard, not a lock: inside the sandbox the files themselves are hidden as well
(:mod:`finmkt.grading.sandbox`).
"""

#: The package that holds the course's reference methods (the answer key in Python).
BLOCKED_PACKAGE = "finmkt.methods"

#: What a graded kernel says when student code imports :data:`BLOCKED_PACKAGE`.
BLOCKED_MESSAGE = ("finmkt.methods holds the course's reference answers and is not available in a "
                   "graded class; write the exercise in your own code")

#: The import block, as the kernel runs it (the unit tests exec the same text).
#: ``install()`` puts the hook first on ``sys.meta_path`` and forgets any imported
#: ``finmkt.methods``; it returns what it undid (empty when the block was in place).
BLOCK = r'''
import sys

BLOCKED = __BLOCKED__
MESSAGE = __MESSAGE__


def _blocked(fullname):
    return fullname == BLOCKED or fullname.startswith(BLOCKED + ".")


class ReferenceBlock:
    """Import hook: refuses the course's reference code; every other import passes by."""

    def find_spec(self, fullname, path=None, target=None):
        if _blocked(fullname):
            raise ImportError(MESSAGE, name=fullname)
        return None

    def invalidate_caches(self):
        pass


HOOK = ReferenceBlock()


def install():
    undone = []
    meta_path = sys.meta_path
    if not any(f is HOOK for f in meta_path):
        undone.append("sys.meta_path (finmkt.methods import block)")
    if not meta_path or meta_path[0] is not HOOK:
        meta_path[:] = [HOOK] + [f for f in meta_path if f is not HOOK]
    for name in [n for n in list(sys.modules) if _blocked(n)]:
        del sys.modules[name]
        undone.append(f"sys.modules[{name!r}]")
    parent = sys.modules.get(BLOCKED.rpartition(".")[0])
    if parent is not None and BLOCKED.rpartition(".")[2] in vars(parent):
        delattr(parent, BLOCKED.rpartition(".")[2])
        undone.append(f"{BLOCKED} (attribute of its package)")
    return undone
'''.replace("__BLOCKED__", repr(BLOCKED_PACKAGE)).replace("__MESSAGE__", repr(BLOCKED_MESSAGE))

PREAMBLE = r'''
def __finmkt_setup():
    import builtins, math, operator, sys, types
    # first of all: the course's reference answers cannot be imported (see BLOCK)
    block = {"__name__": "__finmkt_block"}
    exec(__FINMKT_BLOCK__, block)
    block["install"]()
    import IPython.core.interactiveshell as _ish
    import ipykernel.ipkernel as _ipk
    import ipykernel.kernelbase as _kb
    mods = {"builtins": builtins, "math": math, "operator": operator}
    try:
        import numpy, numpy.testing
        mods["numpy"] = numpy
        mods["numpy.testing"] = numpy.testing
    except ImportError:
        pass
    try:
        import pandas, pandas.testing
        mods["pandas"] = pandas
        mods["pandas.testing"] = pandas.testing
    except ImportError:
        pass
    try:
        import matplotlib
        matplotlib.use("module://matplotlib_inline.backend_inline")
        import matplotlib.pyplot  # noqa: F401
    except ImportError:
        pass
    shell = get_ipython()
    saved = []
    for mname, mod in mods.items():
        for name, value in list(vars(mod).items()):
            if callable(value) and name not in ("input", "raw_input", "getpass") and not name.startswith("__finmkt"):
                saved.append((mname, mod, name, value))
    klasses = [type(shell), _ish.InteractiveShell, _ipk.IPythonKernel, _kb.Kernel]
    # the kernel's messaging: a submission that rewrites replies could turn errors into "ok"
    try:
        import jupyter_client.session as _jcs
        klasses.append(_jcs.Session)
    except ImportError:
        pass
    try:
        import zmq
        from zmq.eventloop.zmqstream import ZMQStream
        klasses += [zmq.Socket, ZMQStream]
    except ImportError:
        pass
    try:
        import ipykernel.iostream as _ios
        klasses += [_ios.OutStream, _ios.IOPubThread]
    except ImportError:
        pass
    kernel = getattr(shell, "kernel", None)
    wiring = {}
    if kernel is not None:
        for name in ("session", "shell_stream", "shell_streams", "iopub_socket", "iopub_thread",
                     "control_stream", "control_thread"):
            if hasattr(kernel, name):
                wiring[name] = getattr(kernel, name)
    instances = [o for o in (kernel, getattr(kernel, "session", None), block["HOOK"]) if o is not None]
    own = [(o, {n: v for n, v in vars(o).items() if callable(v)}) for o in instances]
    klasses.append(block["ReferenceBlock"])
    for klass in klasses:
        for name, value in list(vars(klass).items()):
            if callable(value) or isinstance(value, (property, staticmethod, classmethod)):
                saved.append((klass.__name__, klass, name, value))
    for name in ("run_cell", "run_code", "showtraceback", "_showtraceback", "showsyntaxerror",
                 "run_ast_nodes", "transform_cell", "ex", "ev"):
        if name in vars(shell):
            del vars(shell)[name]
    state = {
        "custom": (shell.custom_exceptions, shell.CustomTB),
        "cleanup": list(shell.input_transformers_cleanup),
        "post": list(shell.input_transformers_post),
        "ast": list(shell.ast_transformers),
        "events": {k: list(v) for k, v in shell.events.callbacks.items()},
        "sys": {n: getattr(sys, n) for n in ("displayhook", "stdout", "stderr")},
        "displayhook": shell.displayhook,
    }
    modules = dict(sys.modules)
    held = {}

    def unguard():
        if "custom" in held:
            shell.custom_exceptions, shell.CustomTB = held.pop("custom")
        if "events" in held:
            for k, v in held.pop("events").items():
                shell.events.callbacks[k] = v

    def guard(hold=True):
        restored = []
        for label, owner, name, value in saved:
            current = (vars(owner) if isinstance(owner, type) else vars(owner)).get(name, None)
            if current is not value:
                setattr(owner, name, value)
                restored.append(f"{label}.{name}")
        inst = vars(shell)
        for name in [n for n in inst if callable(inst[n]) and hasattr(type(shell), n)]:
            del inst[name]
            restored.append(f"shell.{name}")
        for name, value in wiring.items():
            if getattr(kernel, name, None) is not value:
                setattr(kernel, name, value)
                restored.append(f"kernel.{name}")
        for obj, snapshot in own:
            d = vars(obj)
            for name in [n for n in d if callable(d[n]) and d[n] is not snapshot.get(n)]:
                if name in snapshot:
                    d[name] = snapshot[name]
                else:
                    del d[name]
                restored.append(f"{type(obj).__name__}.{name}")
        if not hold:  # after a test cell: the hooks must still be the pristine ones
            if (shell.custom_exceptions, shell.CustomTB) != state["custom"]:
                shell.custom_exceptions, shell.CustomTB = state["custom"]
                restored.append("shell.custom_exceptions")
            for k, v in state["events"].items():
                shell.events.callbacks[k] = list(v)
            return restored + _common()
        # Error display and event hooks may be the course's own (finmkt shows data errors
        # in one line): they are suspended for the test cell and put back after it.
        held["custom"] = (shell.custom_exceptions, shell.CustomTB)
        handler = getattr(shell.CustomTB, "__func__", shell.CustomTB)
        inner = [c.cell_contents for c in (getattr(handler, "__closure__", None) or ())
                 if callable(getattr(c, "cell_contents", None))]
        course = any(str(getattr(f, "__module__", "")).startswith("finmkt.") for f in inner)
        if shell.custom_exceptions and not course:  # reported, not needed for the verdict
            restored.append("shell.custom_exceptions")
        shell.custom_exceptions, shell.CustomTB = state["custom"]
        held["events"] = {k: list(v) for k, v in shell.events.callbacks.items()}
        for k, v in state["events"].items():
            shell.events.callbacks[k] = list(v)
        return restored + _common()

    def _common():
        restored = block["install"]()
        for attr in ("cleanup", "post"):
            lst = getattr(shell, f"input_transformers_{attr}")
            if lst != state[attr]:
                lst[:] = state[attr]
                restored.append(f"shell.input_transformers_{attr}")
        if shell.ast_transformers != state["ast"]:
            shell.ast_transformers[:] = state["ast"]
            restored.append("shell.ast_transformers")
        for n, v in state["sys"].items():
            if getattr(sys, n) is not v:
                setattr(sys, n, v)
                restored.append(f"sys.{n}")
        if shell.displayhook is not state["displayhook"]:
            shell.displayhook = state["displayhook"]
            restored.append("shell.displayhook")
        for name, mod in modules.items():
            if name in mods and sys.modules.get(name) is not mod:
                sys.modules[name] = mod
                restored.append(f"sys.modules[{name!r}]")
        if sys.gettrace() is not None:
            sys.settrace(None)
            restored.append("sys.settrace")
        if sys.getprofile() is not None:
            sys.setprofile(None)
            restored.append("sys.setprofile")
        return restored

    return guard, unguard

__finmkt_guard, __finmkt_unguard = __finmkt_setup()
del __finmkt_setup
'''.replace("__FINMKT_BLOCK__", repr(BLOCK))

#: Runs silently before every test cell; ``{token}`` is replaced by a fresh random token.
GUARD = r'''
__finmkt_r = __finmkt_guard()
print("{token}" + ",".join(__finmkt_r))
del __finmkt_r
'''

#: Runs silently after every test cell: checks that nothing was patched *during* the test
#: (a function the test called may patch things; the grader then voids the test cell's
#: result) and puts back the display/event hooks the guard held.
UNGUARD = r'''
__finmkt_r = __finmkt_guard(hold=False)
__finmkt_unguard()
print("{token}" + ",".join(__finmkt_r))
del __finmkt_r
'''
