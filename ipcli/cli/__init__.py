"""The command line: click commands, the session that wires the layers, Rich views.

``ipcli extract --dept 保护司`` → ``tasks.extract_command`` → ``analyses.workload``,
printed by ``render.tasks_table`` (a terminal) or ``output.emit_data`` (a pipe).
The only layer that imports click and Rich; it may import every layer below.
"""
from .app import cli, main

__all__ = ["cli", "main"]
