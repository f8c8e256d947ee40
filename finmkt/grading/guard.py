"""Code the grader runs inside each kernel, outside the student's cells.

``PREAMBLE`` runs once in a fresh kernel before any student code: it pre-imports the
heavy libraries (so each notebook does not pay for them) and records the pristine
objects a submission could patch to fake a passing test (error reporting, comparison
helpers, builtins). ``GUARD`` runs silently before every graded test cell and puts
every recorded object back, so the test runs against the real ones; it prints the
names it had to restore (the grader reports them as tampering).
"""

PREAMBLE = r'''
def __finmkt_setup():
    import builtins, math, operator, sys, types
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

    def guard():
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
        if (shell.custom_exceptions, shell.CustomTB) != state["custom"]:
            shell.custom_exceptions, shell.CustomTB = state["custom"]
            restored.append("shell.custom_exceptions")
        for attr in ("cleanup", "post"):
            lst = getattr(shell, f"input_transformers_{attr}")
            if lst != state[attr]:
                lst[:] = state[attr]
                restored.append(f"shell.input_transformers_{attr}")
        if shell.ast_transformers != state["ast"]:
            shell.ast_transformers[:] = state["ast"]
            restored.append("shell.ast_transformers")
        for k, v in state["events"].items():
            if shell.events.callbacks.get(k) != v:
                shell.events.callbacks[k] = list(v)
                restored.append(f"shell.events.{k}")
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

    return guard

__finmkt_guard = __finmkt_setup()
del __finmkt_setup
'''

#: Runs silently before every test cell; ``{token}`` is replaced by a fresh random token.
GUARD = r'''
__finmkt_r = __finmkt_guard()
print("{token}" + ",".join(__finmkt_r))
del __finmkt_r
'''
