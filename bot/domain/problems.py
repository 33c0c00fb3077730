"""Several problems in one message: "路灯不亮了，还有垃圾桶满了好几天没人倒".

People list what is wrong in one breath, joined by 还有/另外/以及/再就是. Only such a
joiner makes a message a list; the message is then cut at the joiners, and each clause is
classified on its own (the caller does that with the intent engine). Clauses naming no
problem ("晚上黑得很") stay with the problem before them. Problems of one category in one
building stay one case, except numbered items naming different things (convo8: a list
"1.门禁刷不开 2.楼道灯不亮" is two things to follow up); problems of different categories,
or in different buildings, are different cases, each with its own handlers.

A clause that tells what the problem before it did is that problem, whatever the engine
calls it (convofix3 #3): "楼上漏水了，还有我家天花板都湿了" is one leak, not a leak and a
ceiling. Such a clause names an effect of the earlier fault (a leak wets, stains and moulds
what lies below; a blocked drain backs up and smells; a power cut stops what runs on it), or
says outright that it follows ("导致…", "搞得…"), and names no other building.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot.domain.likeness import same_problem

# Things of a building people name when they list what is broken ("楼道灯不亮了，还有单元门的
# 门禁也坏了"): two clauses each naming a different one of these are two things to follow up,
# as a numbered list's items are (convofix13). Longest first: 楼道灯 before 灯.
_THING_WORDS = (
    "楼道灯",
    "路灯",
    "灯",
    "门禁",
    "单元门",
    "防盗门",
    "电梯",
    "垃圾桶",
    "垃圾",
    "水管",
    "下水道",
    "井盖",
    "信报箱",
    "监控",
    "车棚",
    "充电桩",
    "台阶",
    "扶手",
    "窗户",
    "玻璃",
    "暖气",
    "化粪池",
    "水箱",
    "绿化",
    "草坪",
    "树枝",
    "树",
    "地锁",
    "栏杆",
    "外墙",
    "墙皮",
    "屋顶",
    "楼顶",
    "对讲",
    "消防栓",
    "灭火器",
    "道闸",
    "路面",
    "健身器材",
    "座椅",
    "长椅",
    "楼梯",
    "电表箱",
    "水表",
    # A reporter's second report a minute later names one of these (convo3 D: "减速带掉了一截"
    # after her "闭门器坏了"): another thing, never a 补充 on the first (round fourteen).
    "减速带",
    "车库",
    "车位",
    "闭门器",
)
_THINGS = "|".join(sorted(_THING_WORDS, key=len, reverse=True))
_THING = re.compile(_THINGS)
# 还有 before a measure word is "there is a …" or "still a bit", no list: "还有股烧焦的味道",
# "还有点漏" (convo3 D24: "股烧焦的味道" became a case of its own).
_JOINER = re.compile(
    r"还有就是|再有就是|再就是|还有(?!一?股|点|些)|另外|以及|此外|再有|顺便说一下|顺便"
    r"|(?<=[，,；;。！!\s])而且(?=[\u4e00-\u9fff]{0,6}?(?:" + _THINGS + r"))"
)
_EDGES = "，,；;。！!？?、 \t\n"
# A numbered list: "1.电梯坏了 2.楼道灯不亮 3.垃圾没清", "1、…\n2、…", "①…②…", "(1)…(2)…".
# Each item is a problem of its own (convofix6 R6): a community worker reads a list as that
# many things to follow up, one case each, the receipt naming every one. A number only counts
# at the start or after a break, and not before another digit ("下午3.30", "2号楼").
# Said aloud (convo15): "一是…；二是…；三是…", "第一，…第二，…", "第一点是…" number the items
# as surely as "1." does. Only with 是 or a pause after the ordinal, so "第一次…第二次…" (a story
# told in order) and "第一个路灯" stay words.
_ORDINAL = "一二三四五六七八九十"
_SAID_NUMBER = (
    rf"(?:^|(?<=[\s，,；;。！!？?：:]))"
    rf"(?:[{_ORDINAL}](?:是|就是)|第[{_ORDINAL}](?:个|点|条|件)?(?:是|就是)"
    rf"|第[{_ORDINAL}](?:点|条|件)?\s*[，,、:：])"
)
_NUMBERED = re.compile(
    r"(?:^|(?<=[\s，,；;。！!？?]))(?:\d{1,2}|[一二三四五六七八九十])\s*[.．、)）:：](?!\d)"
    rf"|[①②③④⑤⑥⑦⑧⑨⑩]|[(（]\d{{1,2}}[)）]|{_SAID_NUMBER}"
)
# (a fault, what it does around it): a clause saying the second after the first is the first.
_CONSEQUENCES = (
    (
        re.compile(r"漏水|渗水|跑水|漏了|爆管|水管(?:破|裂|爆)|滴水|往下滴|淌水|冒水"),
        re.compile(r"湿|潮|渗|滴|霉|水渍|水印|泡|鼓包|起皮|掉皮|墙皮|脱落|积水|淹|漏"),
    ),
    # A smell is the drain's only when nothing else is named ("垃圾桶满了发臭" is the bin's).
    (
        re.compile(r"堵|不通|下不去"),
        re.compile(r"返水|反水|冒水|溢|漫|^(?:一股|有股|有|全是|都是)?(?:臭味|异味|味道?|臭)"),
    ),
    (re.compile(r"停电|断电|跳闸"), re.compile(r"不亮|停了|停运|不动了|用不了|不能用|没电|黑")),
    (re.compile(r"着火|失火|起火|冒烟"), re.compile(r"烟|呛|熏|焦")),
    # Sparks, a short circuit or hot wiring: the smoke and the burning smell are theirs (D24).
    (
        re.compile(r"火花|冒火|打火|短路|电线|配电|电箱|插座|电表箱"),
        re.compile(r"烟|焦|糊|烧|味|噼里啪啦|响"),
    ),
    # One source of nuisance, several nuisances (convo11a): "楼下烧烤摊吵到一两点 还有油烟" is
    # one stall to talk to, whatever the engine files the smoke under. Said of a stall, a
    # restaurant, a building site or a renovation, its noise, smoke, smell and dust are its.
    (
        re.compile(
            r"烧烤|烤串|撸串|大排档|夜宵|夜市|摊[子位点儿]?|饭店|餐馆|饭馆|餐厅|小吃店|火锅店"
            r"|工地|施工|装修|KTV|酒吧|歌厅|棋牌室|广场舞"
        ),
        re.compile(
            r"^(?:一股|有股|有|全是|都是|那个|而且|又)?"
            r"(?:油烟|烟味|浓烟|烟雾|烟[大多]|烟太|冒烟|熏|呛|味道?|异味|臭味?"
            r"|吵|噪音?|声音|音响|喇叭|灰尘|扬尘|粉尘|灰[大多]|震)"
        ),
    ),
)
# A clause that says it follows from what came before: "导致…", "搞得家里…".
_FOLLOWS = re.compile(r"^(?:导致|造成|结果|弄得|搞得|害得|所以|以至于|连)")


class Place(Protocol):
    @property
    def building(self) -> str | None: ...


class Verdict(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def category(self) -> str | None: ...
    @property
    def location(self) -> Place: ...


@dataclass
class Problem:
    category: str
    building: str | None  # the building its clauses name, or the one named before them
    clauses: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "；".join(self.clauses)


def clauses(text: str) -> list[str] | None:
    """The clauses of a message that lists things, or None when it does not list anything.

    还有 alone may be "still" (怎么还有垃圾, 还有人在里面); the caller's category check keeps
    such a message whole, since its clauses name one problem between them.
    """
    numbered = len(_NUMBERED.findall(text)) >= 2
    if not numbered and not _JOINER.search(text):
        return _also(text)
    # Only the joiners cut: the words between two joiners are read together, so a symptom
    # ("声音太大 吵得慌") stays with its cause.
    found = [p.strip(_EDGES) for p in _JOINER.split(text)]
    if numbered:
        found = [q.strip(_EDGES) for p in found for q in _NUMBERED.split(p)]
    found = [p for p in found if p]
    return found if len(found) >= 2 else None


# "楼道灯不亮，门口垃圾也三天没人收了": after a break, another thing then 也 is one more
# problem (convo9); a person or a place of the speaker then 也 ("我家也是", "楼上也漏") is not.
_ALSO_THING = re.compile(rf"^[\u4e00-\u9fff]{{0,4}}?(?:{_THINGS})[\u4e00-\u9fff]{{0,2}}?也")
_BREAK = re.compile(r"[，,；;。！!\s]+")


def _also(text: str) -> list[str] | None:
    parts = [p for p in _BREAK.split(text.strip(_EDGES)) if p]
    if len(parts) < 2 or not any(_ALSO_THING.match(p) for p in parts[1:]):
        return None
    return parts


def problems(text: str, classify: Callable[[str], Verdict]) -> list[Problem] | None:
    """The distinct problems of a listing message, in order; None when it names fewer than two.

    A clause is a problem when the engine reads it as an issue with a category. A clause
    that is not stays with the problem before it (or the first one, when it leads).
    """
    parts = clauses(text)
    if parts is None:
        return None
    numbered = len(_NUMBERED.findall(text)) >= 2
    found: list[Problem] = []
    leading: list[str] = []
    building: str | None = None
    for part in parts:
        verdict = classify(part)
        named = verdict.location.building
        building = named or building
        category = verdict.category if verdict.kind == "issue" else None
        same = next(
            (
                p
                for p in (found if numbered else reversed(found))
                if (p.category, p.building) == (category, building)
                # A numbered item is a thing of its own unless it names the item's thing
                # again: "1.门禁刷不开 2.楼道灯不亮" is two cases of one category (convo8);
                # so is a listed clause naming another thing of the building (convofix13).
                and (same_problem(p.text, part) if numbered else not _other_thing(p.text, part))
            ),
            None,
        )
        if category is not None and same is None:
            same = _caused_by(part, named, found)
        if category is None:
            (found[-1].clauses if found else leading).append(part)
        elif same is not None:
            same.clauses.append(part)
        else:
            found.append(Problem(category, building, [part]))
    if len(found) < 2:
        return None
    found[0].clauses[:0] = [c for c in leading if not (numbered and _is_preface(c, text))]
    return found


def _other_thing(before: str, clause: str) -> bool:
    """ "楼道灯不亮了" / "单元门的门禁也坏了": the clause names a thing of the building, the
    problem before it names another, and nothing ties the two (one fault said twice, "电梯坏了，
    还有电梯门也关不上", names the same thing; "灯不亮，还有楼道灯也…" a lamp either way)."""
    mine, theirs = set(_THING.findall(clause)), set(_THING.findall(before))
    if not mine or not theirs:
        return False
    if any(a in b or b in a for a in mine for b in theirs):
        return False
    return not same_problem(before, clause)


def _is_preface(clause: str, text: str) -> bool:
    """The words before a numbered list's first item ("跟物业反映几个事：①…②…"): they
    introduce the items and are none of them, so no item's summary starts with them."""
    first = _NUMBERED.search(text)
    return first is not None and clause.strip(_EDGES + "：:") in text[: first.start()]


# Taking the stairs is a way down, not a report about them: "电梯不动 我走楼梯下来的".
_ROUTE = re.compile(r"(?:走|爬|从|顺着)楼梯")


def names_another_thing(before: str, text: str) -> bool:
    """The words name a thing of the building ("垃圾桶", "楼道灯") that `before` does not."""
    theirs = set(_THING.findall(before))
    return any(
        not any(a in b or b in a for b in theirs) for a in _THING.findall(_ROUTE.sub("", text))
    )


def effect_of(cause: str, text: str) -> bool:
    """The words tell what the fault in `cause` does around it ("堵了" → "臭得不行")."""
    return any(c.search(cause) and e.search(text) for c, e in _CONSEQUENCES)


def _caused_by(part: str, building: str | None, found: list[Problem]) -> Problem | None:
    """The problem before this clause that it tells the effect of, if any (newest first).

    A clause naming a building the problem did not name is about that building: never an
    effect from here.
    """
    for problem in reversed(found):
        if building is not None and problem.building != building:
            continue
        if _FOLLOWS.match(part) and problem is found[-1]:
            return problem
        if effect_of(problem.text, part):
            return problem
    return None
