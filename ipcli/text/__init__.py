"""Text: bytes → str → clean Simplified lines, with written guarantees.

``normalize("（一）知識(shí)產權 保護")`` → ``["(一)知识产权保护"]``; ``decode`` tells
GB18030 from Big5, ``script`` converts Traditional → Simplified, ``damage`` finds mojibake.
May import only ``ipcli.model`` and ``ipcli.errors`` (the bottom layer).
"""
