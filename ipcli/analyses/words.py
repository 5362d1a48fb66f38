"""Word segmentation for ``diff`` — jieba, loaded only when a diff needs it.

``segment("深入开展地理标志助力乡村振兴行动")`` → ``["深入开展", "地理", "标志", "助力",
"乡村振兴", "行动"]``: jieba's dictionary plus ``data/terms.txt`` (IP-policy
vocabulary) and any words the caller adds (department names, short 《titles》),
so domain terms stay whole. Loading jieba costs ~0.7 s; no other command imports
this module.
"""
from __future__ import annotations

import functools
import logging
import re
from importlib import resources
from typing import Callable, Iterable

_WORD_FREQ = 20_000  # high enough that added terms win over their parts
_NUMBER = re.compile(r"^[\d.,%%〇零一二三四五六七八九十百千万亿两第年月日号个项家条]+$")
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
STOPWORDS = frozenset("""
的 了 和 与 及 或 等 在 对 为 是 将 把 以 并 其 由 从 向 于 按 按照 根据 通过 进一步 加强 推进 推动 开展
实施 完善 健全 建立 强化 提升 提高 做好 积极 深入 持续 加大 加快 促进 坚持 全面 有关 相关 工作 方面 各类
各项 重点 重要 建设 发展 体系 机制 制度 我国 我局 各地 地区 部门 单位 以及 有效 不断 更加 进行 组织 落实
支持 服务 一批 一个 若干 主要 其他 同时 具体 结合 围绕 依法 着力 切实 充分 认真 统筹 相应 要求 情况 问题
社会 提供 信息 协调 协同 联动 利用 实际 需求 关于 各级 等等 以上 以下 之间 之中 方式 内容 范围 过程 水平
能力 作用 基础 保障 措施 政策 任务 目标 活动 行动 规范 管理 形成 实现 开发 出台 制定 做到 确保 有序 重大
""".split())


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    text = resources.files("ipcli.data").joinpath("terms.txt").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            jieba.add_word(line.strip(), freq=_WORD_FREQ)
    return jieba


def segmenter(extra_words: Iterable[str] = ()) -> Callable[[str], list[str]]:
    """A function cutting text into words, with ``extra_words`` kept whole."""
    jieba = _jieba()
    for word in extra_words:
        if 2 <= len(word) <= 12:
            jieba.add_word(word, freq=_WORD_FREQ)
    return jieba.lcut


def is_keyword(word: str) -> bool:
    """Words worth counting for keyword shifts: no stop-words, numbers or punctuation."""
    word = word.strip()
    return (len(word) >= 2 and word not in STOPWORDS and not _NUMBER.match(word)
            and _WORDLIKE.search(word) is not None)
