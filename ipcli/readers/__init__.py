"""Readers: a file's bytes → numbered lines, tables and furniture (text/HTML/DOCX/PDF/XLSX).

``read("<p>一、总体要求</p>".encode(), "n.html").text`` → ``"一、总体要求"``;
``read_bytes(path)`` gives a file's bytes or one clear ``InputError``.
May import ``ipcli.text`` and the bottom layer (``model``, ``errors``, ``formats``).
"""
