"""Parse: normalised lines → a ``Document`` (regions, numbering tree, metadata, tasks).

``parse_text("一、总体要求\\n(一)指导思想。…(保护司负责)")`` → a section ``1`` holding
subsection ``1.1`` with one task for 知识产权保护司; ``parse_text`` never raises.
May import ``ipcli.readers``, ``ipcli.text`` and the bottom layer; never a corpus or a CLI.
"""
