"""ipcli: structure, tasks, search and diff for Chinese IP policy notices."""
__version__ = "0.1.0"
