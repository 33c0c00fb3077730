"""A suggestion moved on in words: "S0001 这个建议挺好 转成议题吧", "把S0002转为议题" (convo14b).

The suggestion's code and the words that make it a topic, in any order and with anything
around them, are the 书记's 转为议题; only a 书记 or staff may (the pipeline checks).

The title she gives is kept (polish15): 「转为议题 S0001 电动车充电桩」 (the command, quoted or
decorated) and "S0001 转成议题 标题叫电动车充电桩" name the topic; without a title the topic is
named after the suggestion. Other words around the code ("这个建议挺好") are no title.
"""

from __future__ import annotations

import re

from bot.chat.phrasing.text import Rewrite

_CODE = re.compile(r"(?<![A-Za-z0-9])[Ss]\s*(\d{1,9})(?!\d)")
_TO_TOPIC = re.compile(r"转(?:成|为|到)?议题|立(?:为|成)?议题|作为议题|拿到议事会|上议事会")


# The command's own order, whatever wraps it: "「转为议题 S0001 电动车充电桩」", "转为议题S0001，…".
_COMMAND_ORDER = re.compile(
    r"^[「『“\"'（(【\s]*(?:把\s*)?(?:转为|转成|转)议题\s*[:：]?\s*[Ss]\s*\d{1,9}"
    r"[\s,，:：]*(?P<title>.*?)[」』”\"'）)】\s]*$"
)
# A title named as one: "标题叫…", "标题：…", "题目就叫…", "议题名称是…", "就叫…吧".
_MARKED = re.compile(
    r"(?:(?:议题)?(?<!问)(?:标题|题目|名称|名字)(?:就|可以)?(?:叫做?|是|为|写成?|用)?[:：\s]*|就叫做?)"
    r"(?P<title>(?![叫是为]).+)$"
)
_TAIL = re.compile(
    r"[\s,，。.!！~～」』”\"'）)】]*(?:吧|啊|哈|了|就行|就好|即可)?[\s,，。.!！~～]*$"
)


def topic_title(words: str) -> str:
    """The title in the words after the code: "标题叫电动车充电桩吧" → "电动车充电桩"; a title
    given plainly stays as it is."""
    marked = _MARKED.search(words)
    title = marked["title"] if marked is not None else words
    title = _TO_TOPIC.split(title)[0]  # "标题叫充电桩 转成议题吧": the title ends before them
    return _TAIL.sub("", title.strip(" :：,，")).strip()


def promote(text: str, **_: bool) -> Rewrite | None:
    codes = {int(m[1]) for m in _CODE.finditer(text)}
    if len(codes) != 1 or not _TO_TOPIC.search(text):
        return None
    code = f"S{codes.pop():04d}"
    ordered = _COMMAND_ORDER.match(text)
    marked = _MARKED.search(text)
    title = topic_title(ordered["title"]) if ordered is not None else ""
    if not title and marked is not None:
        title = topic_title(marked.group(0))
    return Rewrite(f"转为议题 {code} {title}".strip(), "secretary")
