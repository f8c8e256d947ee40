"""Formulas in exported HTML without a CDN: nbgrader feedback and the formgrader's views.

nbgrader's feedback template calls nbconvert's ``mathjax()`` macro, which loads MathJax
from a CDN, so a feedback file opened offline shows raw ``$...$``. :func:`configure`
(called from the course's ``nbgrader_config.py``) puts ``nbconvert/`` of this package
first on the HTML exporter's template path: its ``base/mathjax.html.j2`` embeds MathJax 3
(SVG output, no font files) from the ``django-static-mathjax`` package in each page.
Every feedback file is self-contained (about 2 MB larger) and can be sent through an LMS.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

#: Template folder whose base/mathjax.html.j2 shadows nbconvert's.
TEMPLATES = Path(__file__).resolve().parent / "nbconvert"


def mathjax_file(component: str = "tex-svg") -> Path:
    """The MathJax 3 component file shipped by the ``mathjax`` module (django-static-mathjax)."""
    import mathjax

    path = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5" / f"{component}.js"
    if not path.exists():
        raise FileNotFoundError(f"MathJax component {component!r} not found at {path}: "
                                "reinstall the pinned django-static-mathjax (pip install -r requirements.txt)")
    return path


@functools.lru_cache(maxsize=4)
def mathjax_script(component: str = "tex-svg") -> str:
    """Jinja filter ``finmkt_mathjax``: the component's code, safe inside ``<script>``."""
    return mathjax_file(component).read_text(encoding="utf-8").replace("</script", "<\\/script")


def nbgrader_templates() -> str:
    """nbgrader's own template folder (feedback/, formgrade/), which nbgrader adds by default."""
    import nbgrader

    return os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates")


def configure(c) -> None:
    """Set ``c`` (an nbgrader config) so exported HTML embeds MathJax instead of a CDN link."""
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), nbgrader_templates()]
    filters = dict(c.HTMLExporter.filters) if "filters" in c.HTMLExporter else {}
    filters["finmkt_mathjax"] = "finmkt.jupyter.feedback.mathjax_script"
    c.HTMLExporter.filters = filters
