"""A group reply to the bot's own 【征求意见】 post is an opinion (convo4 F60).

The post says "也可以直接在群里回复。每条意见都会转给牵头人": so a short message in a group the
post went to, while the topic is in 征求意见, that speaks of the topic (a word of its title:
"划线好 早该弄了" for 小区停车位重新划线) and gives a view (好, 同意, 有意见, 应该 …), is
recorded as an opinion, as "意见 Y0001 …" would be. Quoting the post is enough on its own.
"""

from __future__ import annotations

import re

from bot.domain.community import Group
from bot.domain.deliberation.topics import Stage, Topic
from bot.ports import UnitOfWork
from bot.services.deliberation.notify import topic_groups

MAX_REPLY = 60  # a longer message is a story or a report, not a reply to the call
_VIEW = re.compile(
    r"好|同意|支持|赞成|反对|意见|建议|应该|早该|该弄|可以|不行|没必要|不需要|需要|赞|👍"
)
# 好 in a greeting or an "OK" gives no view: "大家早上好", "好的".
_GREETINGS = re.compile(
    r"(?:早上|上午|中午|下午|晚上|大家|你|您|都|挺)好|好(?:的|吧|啊|呀|嘞|滴|哒)"
)
# Two-character pieces of a title that say nothing of its subject.
_PLAIN = frozenset(("小区", "议题", "问题", "一下", "重新", "关于", "进行", "社区", "楼栋", "单元"))
_TOPIC_CODE = re.compile(r"(?<![A-Za-z])[Yy]\s*\d+")


def replied_topic(
    uow: UnitOfWork, group: Group, text: str, quote: str | None = None
) -> Topic | None:
    """The topic under 征求意见 this group message answers, or None."""
    if len(text) > MAX_REPLY or _TOPIC_CODE.search(text):
        return None  # a code goes through 「意见 Y0001」 as typed
    quoting = bool(quote and "【征求意见】" in quote)
    if not quoting and not _VIEW.search(_GREETINGS.sub("", text)):
        return None  # no view given: no need to look for topics (most messages are chat)
    if group.estate_id is not None and not uow.messages.may_consult(group.estate_id):
        return None  # the arrival saw no topic of this 小区 in 征求意见: no read
    open_topics = [
        t
        for t in uow.topics.find(estate_id=group.estate_id, stage=Stage.CONSULTING)
        if any(g.id == group.id for g in topic_groups(uow, t))
    ]
    if quoting and quote:
        quoted = [t for t in open_topics if t.code in quote]
        if len(quoted) == 1:
            return quoted[0]
    if not _VIEW.search(text):
        return None
    about = [t for t in open_topics if _speaks_of(t.title, text)]
    return about[0] if len(about) == 1 else None


def _speaks_of(title: str, text: str) -> bool:
    pieces = {title[i : i + 2] for i in range(len(title) - 1)} - _PLAIN
    return any(p in text for p in pieces)
