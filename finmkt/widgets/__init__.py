"""Interactive ipywidgets tools of the lessons, one module per topic.

Each builder returns a widget (display it as a cell's last line) and keeps its
computation in a plain function that the unit tests call directly.
"""
