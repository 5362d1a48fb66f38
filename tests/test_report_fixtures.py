"""Notices for the workbook and report tests, in the style of real 工作要点.

Two years of one city's work points: 2023 in Simplified with full-width
punctuation (GB18030), 2024 in Traditional with half-width punctuation (Big5), with
labelled markers and 完成时限, lead/participant markers (swapped between the years),
deadline-after markers and 长期坚持. ``write_corpus(folder)`` writes them.
"""
from __future__ import annotations

from pathlib import Path

NOTICE_2023 = """杭州市知识产权局关于印发《2023年知识产权保护工作要点》的通知
杭知发〔2023〕5号
各区、县（市）知识产权局，市级有关部门：
现将《2023年知识产权保护工作要点》印发给你们，请认真贯彻落实。
杭州市知识产权局
2023年3月1日
2023年知识产权保护工作要点
一、强化知识产权行政保护
（一）完善行政裁决制度。推进专利侵权纠纷行政裁决规范化建设，统一裁决标准。（责任单位：市市场监管局、市司法局；完成时限：2023年12月底前）
（二）加强海外维权援助。建立海外知识产权纠纷应对指导机制。（市商务局牵头，市贸促会配合）
（三）打击商标侵权。开展“蓝天”专项整治行动，严厉打击商标恶意注册行为。（市市场监管局负责，2023年6月底前完成）
二、促进知识产权转化运用
（一）实施专利转化专项计划。推动高校和科研院所专利向中小企业转移转化。（市科技局负责，2024年6月前完成）
（二）发展知识产权金融。扩大知识产权质押融资规模。<script>alert(1)</script>（市财政局、市金融办负责）
（三）培育数据知识产权。探索数据知识产权登记制度。（市数据资源局负责，长期坚持）
"""

NOTICE_2024 = """杭州市知識產權局關於印發《2024年知識產權保護工作要點》的通知
杭知發〔2024〕3號
各區、縣(市)知識產權局,市級有關部門:
現將《2024年知識產權保護工作要點》印發給你們,請認真貫徹落實。
杭州市知識產權局
2024年2月20日
2024年知識產權保護工作要點
一、強化知識產權行政保護
(一)完善行政裁決制度。推進專利侵權糾紛行政裁決規範化建設,統一裁決標準。(責任單位:市市場監管局、市司法局;完成時限:2024年12月底前)
(二)加強海外維權援助。建立海外知識產權糾紛應對指導機制,發布海外風險預警。(市貿促會牽頭,市商務局配合)
(三)加強地理標誌保護。開展地理標誌專用標誌使用核查。(市農業農村局負責,2024年9月底前完成)
二、促進知識產權轉化運用
(一)實施專利轉化專項計劃。推動高校和科研院所專利向中小企業轉移轉化。(市科技局負責,2025年6月前完成)
(二)發展知識產權金融。擴大知識產權質押融資規模。(市財政局、市金融辦負責)
(三)培育數據知識產權。建設數據知識產權登記平台。(市數據資源局負責,長期堅持)
"""


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hz-2023-work-points.txt").write_bytes(NOTICE_2023.encode("gb18030"))
    (folder / "hz-2024-work-points.txt").write_bytes(NOTICE_2024.encode("big5"))
    return folder
