"""Whose office: a national unit's everyday name in a local government's notice.

The registry reads ``办公室``, ``知识产权局``, ``统计局`` and ``海关`` (its *word
aliases*) as 国家知识产权局办公室, 国家知识产权局, 国家统计局 and 海关总署, which is
right in a national notice. In a notice that a province, city or county issues
(``浙江省知识产权局关于印发…的通知``: the issuer is a local unit by its form),
``(办公室负责)`` is the issuer's own office and ``(统计局负责)`` the local bureau: such
a department becomes ``local`` with no canonical name, like ``市财政局``. Full
names and other aliases (``国家知识产权局办公室``, ``保护司``) are never changed; a
notice whose issuer is not known keeps the national reading, and so does a
forwarding notice (``浙江省知识产权局转发国家知识产权局关于…的通知``): the text it
forwards is the other body's.
"""
from __future__ import annotations

from ..model import Document
from .registry import Registry, key

_KEPT_KINDS = (None, "local", "generic")


def localise(doc: Document, registry: Registry) -> None:
    """Make word-alias departments of a local notice's tasks local (in place)."""
    issuer = doc.meta.issuer
    if not issuer or "转发" in (doc.meta.notice_title or ""):
        return  # a forwarded document keeps its own reading: the tasks are its issuer's
    found = registry.identify(issuer)
    if found is None or found.kind != "local":
        return
    words = registry.word_alias_keys
    for node in doc.walk():
        for task in node.tasks:
            for dept in task.departments:
                if dept.kind not in _KEPT_KINDS and key(dept.name) in words:
                    dept.canonical, dept.kind = None, "local"
