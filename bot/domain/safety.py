"""What to do right now: safety advice in an urgent acknowledgement, by danger type.

A resident reporting a fire or a gas smell needs one sentence on staying safe before they
need a case number. The words and sentences come from the config's [safety] section (these
are its defaults), so a community can add its gas company's number or its own dangers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_ADVICE = 2  # a fire in a lift lobby is two dangers; more would not be read


@dataclass(frozen=True)
class Danger:
    key: str
    words: tuple[str, ...]  # any of them in the message picks this danger
    advice: str
    categories: tuple[str, ...] = ()  # a case category that picks it when no word does


# A burst pipe (polish15): her own valve stops only her own pipe. Water from the flat above
# or a stairwell pipe (楼道, 管道井: locked, not hers) is stopped by 物业 or the neighbour above;
# where the words do not say, the advice says both.
OWN_PIPE_ADVICE = "请先关上家里的总水阀；水漫到插座附近时先拉闸断电。"
OTHERS_PIPE_ADVICE = (
    "不是自家的水管，关自家总阀没用：请马上打物业电话关阀，楼上漏下来的也可以敲楼上邻居的门；"
    "水漫到插座附近时先拉闸断电。"
)
SOME_PIPE_ADVICE = (
    "是自己家的水管，请先关上家里的总水阀；是楼上或楼道的水管，请马上打物业电话或敲楼上的门"
    "请他们关阀；水漫到插座附近时先拉闸断电。"
)
_OWN_PIPE = re.compile(
    r"我家|自己家|自家|家里|屋里|我屋|厨房|卫生间|厕所|洗手间|阳台|洗衣机|热水器"
)
_OTHERS_PIPE = re.compile(
    r"楼上|天花板|顶上|往下(?:灌|流|淌|滴|漏)|楼道|楼梯|管道井|水井|走廊|过道|公共|单元门|隔壁|对门"
)


def _pipe_advice(text: str) -> str:
    """Whose pipe burst, as the words place it: her own home's, a neighbour's or the
    stairwell's, or unsaid."""
    elsewhere = bool(_OTHERS_PIPE.search(text))
    if _OWN_PIPE.search(text) and not elsewhere:
        return OWN_PIPE_ADVICE
    return OTHERS_PIPE_ADVICE if elsewhere else SOME_PIPE_ADVICE


DEFAULT_DANGERS: tuple[Danger, ...] = (
    Danger(
        "fire",
        (
            "着火",
            "起火",
            "失火",
            "火灾",
            "烧起来",
            "冒烟",
            "黑烟",
            "烟好大",
            "明火",
            "火苗",
            "烧焦",
            "爆炸",
            "浓烟",
            "全是烟",
            "焦糊",
            "糊味",
            "119",
        ),
        "请马上拨打119；用湿毛巾捂住口鼻，走楼梯离开，不要乘电梯。",
        # No category fallback: 消防安全 also holds urgent things that are no fire (a flower
        # pot thrown from a window), and a fire tip there misleads. Fire is named by its words.
    ),
    Danger(
        "gas",
        ("燃气", "煤气", "天然气"),
        "不要开关电灯和电器、不要点火、不要在屋里打电话；打开门窗通风，马上离开，"
        "到室外再打燃气公司的抢修电话。",
    ),
    Danger(
        "shock",
        ("漏电", "触电", "被电了", "电到人", "被电到", "电倒"),
        "先拉下电闸断电再施救，不要用手直接拉触电的人；有人受伤请拨打120。",
    ),
    # Sparks from a box or a socket: nobody has been shocked, the danger is a fire.
    Danger(
        "sparks",
        ("冒火花", "打火花", "火花", "电线冒烟", "插座冒烟", "电箱冒烟"),
        "不要靠近，也不要用水泼；能安全拉下电闸的先断电，起火请马上拨打119。",
    ),
    Danger(
        "lift",
        # Not 出不来 alone: a child's finger stuck in a door "出不来" is no lift (convo9 u01);
        # a lift report without these words still gets it by its category.
        (
            "困人",
            "被困",
            "困在",
            "关在里面",
            "关在电梯",
            "电梯里出不来",
            "电梯卡住",
            "电梯卡了",
            "卡在电梯",
        ),
        "被困的人请保持冷静，按电梯里的警铃，拨打电梯内张贴的救援电话；不要扒门，不要自己爬出来。",
        ("elevator",),
    ),
    Danger(
        "medical",
        # Someone hurt or taken ill. Not 救命 alone: a parent shouting it about a stuck lift
        # needs the lift advice, not "不要随意搬动病人".
        (
            "昏倒",
            "昏迷",
            "晕倒",
            "晕过去",
            "摔倒",
            "摔了",
            "摔伤",
            "起不来",
            "受伤",
            "流血",
            "出血",
            "骨折",
            "咬出血",
            "没反应",
            "叫不醒",
            "抽搐",
            "喘不上气",
            "胸口疼",
            "没呼吸",
            # Round nine (convo9): a stroke, a wound that will not stop, a bite, a fall one
            # cannot get up from, something swallowed.
            "说不出话",
            "嘴歪",
            "嘴也歪",
            "半边身子",
            "止不住",
            "割",
            "咬了",
            "被咬",
            "爬不起来",
            "站不起来",
            "误吃",
            "误食",
            "误服",
            "吞了",
            "中毒",
            "胸闷",
            "120",
        ),
        "请马上拨打120，说清楼号和门牌；不要随意搬动病人，请人到楼下接救护车。",
    ),
    # Someone not seen for days who does not answer (convo8 B11): the welfare check.
    Danger(
        "welfare",
        (
            "好几天没见",
            "几天没见",
            "好几天没出门",
            "几天没出门",
            "没见出门",
            "几天没下楼",
            "几天没露面",
        ),
        "请马上联系家属或拨打110，请民警到场后开门查看；人倒在屋里请拨打120。",
    ),
    Danger(
        "child",
        ("不见了", "走丢", "丢了", "走失", "找不到了", "找不着了", "没回家", "联系不上"),
        "请马上拨打110，说清走失的人的衣着、长相和最后出现的地方；请邻居帮忙守住小区各个出口。",
    ),
    # Water coming through the ceiling from a flat above (convo9 e06): not the reporter's
    # own pipe, so not "关上家里的总水阀" alone, and nobody missing when the flat is empty.
    Danger(
        "leak_above",
        ("楼上漏水", "楼上渗水", "漏到我家", "渗到我家", "从楼上漏", "天花板漏水", "天花板在滴"),
        "先把漏水处下面的电器和东西挪开，水碰到灯或插座请先拉闸断电；"
        "楼上没人在家时，请物业帮忙关掉楼上的进户水阀。",
    ),
    Danger(
        "water",
        ("水管爆", "爆管", "淹", "全是水"),
        OWN_PIPE_ADVICE,
    ),
    # Something thrown or falling from height: its own danger, so a pot thrown minutes after
    # sparks in the same building is a second emergency, not a voice about the first.
    Danger(
        "falling",
        (
            "高空抛物",
            "往下扔",
            "往楼下扔",
            "扔下来",
            "砸下来",
            "掉下来砸",
            "砸到人",
            "坠物",
            # About to fall where people pass (convo9 v09).
            "要掉下来",
            "快掉下来",
            "摇摇欲坠",
            "要掉了",
        ),
        "请先让楼下的人避开、看好孩子；记下是哪一层、什么东西，可拨打110报警。",
    ),
    # Violence or a threat happening now (convo9 g02, u05): keep away, call the police.
    Danger(
        "violence",
        (
            "拿刀",
            "拿着刀",
            "持刀",
            "动刀",
            "砍人",
            "捅人",
            "打起来",
            "打架",
            "砸门",
            "抢劫",
            "抢包",
            "棍子",
        ),
        "请远离现场、保护好自己，马上拨打110，说清位置和对方的样子；不要上前劝阻。",
    ),
    # Someone outside a window, on a ledge or a roof edge (convo9 u03, u09).
    Danger(
        "height",
        ("窗台外", "空调架", "空调外机", "楼顶边", "天台边", "要跳", "爬到窗", "爬出窗"),
        "请马上拨打119和110，说清楼号和楼层；能进屋的人从屋里稳住他，楼下的人让开，不要大声叫喊。",
    ),
    # A finger or a head stuck in a door, a railing or a gap (convo9 u01).
    Danger(
        "stuck",
        (
            "卡在门",
            "夹在门",
            "手指卡",
            "手卡在",
            "头卡在",
            "脚卡在",
            "卡在栏杆",
            "卡在护栏",
            "卡在缝",
            "夹住了手",
            "夹到手",
            "拔不出来",
        ),
        "不要硬拽；可以用肥皂水慢慢润滑退出，退不出来请拨打119求助，有人受伤请拨打120。",
    ),
)
# An urgent report that names no danger of the list still gets a line on what to do first
# (given by the acknowledgement: `safety_advice` itself names only dangers it recognises).
GENERAL_ADVICE = "请先确保自身安全；有人受伤请拨打120，有火情拨打119，遇到危险拨打110。"


# Dangers that happen to one person (not to a place many people see): two people's words
# about them are two emergencies unless they name the same person or place (F7).
PERSONAL = frozenset(("medical", "child", "shock", "welfare", "stuck"))
# Words that put the danger in the speaker's own home or family.
_OWN = re.compile(
    r"我家|我们家|俺家|家里|屋里|厨房|卧室|客厅|卫生间|阳台|我爸|我妈|我老伴|老伴|老头子|老太太"
    r"|我老公|我老婆|我爱人|我儿子|我女儿|我孙|我奶奶|我爷爷|我外婆|我姥姥|我婆婆|我公公"
)
# The home itself as the place; "我家老头子被关在电梯里" is family in a lift many can see.
_HOME_ROOM = re.compile(
    r"家里|屋里|厨房|卧室|客厅|卫生间|阳台"
    r"|(?:我|我们|俺)家(?=着火|起火|失火|冒烟|燃气|煤气|天然气|漏电|水管|进水|淹|全是)"
)


# Danger words read as no danger (convo8 B1, B2), as the intent engine reads them: a stove or
# water heater that won't light (打不着火, 点不起火) is no fire, and 出不来 said of water, gas or a
# car (洗澡水都出不来) is no one shut in a lift; 没燃气 is no gas, not a leak. Taken out before
# the words pick the advice.
_NO_DANGER = re.compile(
    r"[打点](?:不|没)[着起燃上]火?|不着火|打着火|(?:没有?|不出)火苗|火苗都没有"
    r"|(?:水|气|车|车子|票|钱|卡|信号|声音|画面)(?:都|也|一直|老是|总是|半天|还是|根本|就是)?出不来"
    r"|出不来(?:热?水|气|车)"
    # Gas that is not there (是不是没燃气了) is a supply fault, not a leak.
    r"|没有?(?:燃气|煤气|天然气)"
    # A neighbour away from home ("楼上没人在家联系不上") is nobody missing (convo9).
    r"|(?:没人在家|家里没人|不在家|楼上|楼下|邻居|房东|物业|对门)[^，,。！!？?]{0,6}?联系不上"
)


# Something thrown from above in plain words (convo10): "有人从楼上扔了个酒瓶下来", "楼上有人
# 往外抛东西", "丢了袋垃圾下来". Read as 高空抛物; 丢 alone is also "to lose" ("楼上丢了猫").
_THROWN = re.compile(
    r"(?:楼上|窗外|窗户|阳台|楼顶)[^，,。！!？?\s]{0,4}?(?:扔|抛|泼)"
    r"|(?:扔|丢|抛|砸)了?[^，,。！!？?\s]{0,6}?下(?:来|去)"
)


# A lost thing or a lost pet is no lost person (convofix11b): "钥匙丢了", "钱包不见了",
# "狗丢了", "手机找不到了" name no danger; "孩子丢了", "老人走丢了", "小明不见了" still do (an
# unknown subject is read as a person: a missed child is the worst error). "孩子和狗都不见了"
# keeps the child: a thing joined to a person by 和/跟 is not taken out.
_THINGS = (
    r"(?:钥匙|钱包|手机|证件|身份证|银行卡|卡|包|书包|背包|快递|包裹|伞|雨伞|眼镜"
    r"|电动车|自行车|车钥匙|车|钱|现金|东西|衣服|被子|鞋|手表|耳机|充电器|门禁卡|饭卡|公交卡"
    r"|狗|猫|狗狗|猫咪|小狗|小猫|宠物|鸟|鹦鹉|兔子|仓鼠)"
)
_LOST_THING = re.compile(
    rf"(?<![和跟与同]){_THINGS}"
    r"(?:[也都又还]|好像|可能|被人|给|弄|让人)*(?:丢了|弄丢了|丢失了?|不见了|找不到了|找不着了)"
    rf"|(?:丢了|弄丢了)(?:一|两)?[个只条把张串部辆]?{_THINGS}"
)


def _read(text: str) -> str:
    text = _LOST_THING.sub("，", _NO_DANGER.sub("，", text))
    # The throwing words themselves become 高空抛物: "丢了袋垃圾下来" loses nobody.
    return _THROWN.sub("，高空抛物，", text)


def dangers_named(text: str, dangers: Sequence[Danger] = DEFAULT_DANGERS) -> frozenset[str]:
    """The kinds of danger the words name (an emergency number alone names none)."""
    text = _read(text)
    return frozenset(d.key for d in dangers if any(w in text for w in d.words if not w.isdigit()))


def different_dangers(first: str, second: str, dangers: Sequence[Danger] = DEFAULT_DANGERS) -> bool:
    """Both texts name a danger and no danger is common: a fire and a gas leak, a fire and a
    trapped lift are two emergencies, whatever else the words share."""
    a, b = dangers_named(first, dangers), dangers_named(second, dangers)
    return bool(a and b and not a & b)


# Whose home it is, said just before the room: "有人家里着火了", "四楼那家厨房", "邻居家里",
# "302家里" are someone else's home, one a second neighbour may be speaking about (convo11a).
_OTHERS_BEFORE = re.compile(
    r"(?:有人|别人|人家|谁|邻居|隔壁|对门|对面|楼上|楼下|那|哪|某"
    r"|[0-9一二三四五六七八九十两]+\s*(?:号楼|楼|层|室|号|户)?)的?家?$"
)


def _speakers_home(pattern: re.Pattern[str], text: str) -> bool:
    """`pattern` finds a home or family word that is the speaker's own, not one named as
    someone else's by the words just before it."""
    return any(
        not _OTHERS_BEFORE.search(text[max(0, found.start() - 6) : found.start()])
        for found in pattern.finditer(text)
    )


def own_emergency(first: str, second: str, dangers: Sequence[Danger] = DEFAULT_DANGERS) -> bool:
    """One of the two reports is about the speaker's own home ("厨房着火了", "家里燃气味") or,
    for a danger to a person, their own family ("我家老人晕倒了", "我家孩子不见了"): said by two
    different people, these are two emergencies, not one. Someone else's home ("有人家里着火了")
    is a place many may see, as a lift is."""
    if _speakers_home(_HOME_ROOM, first) or _speakers_home(_HOME_ROOM, second):
        return True
    named = dangers_named(first, dangers) | dangers_named(second, dangers)
    personal = bool(named) and named <= PERSONAL
    return personal and (_speakers_home(_OWN, first) or _speakers_home(_OWN, second))


def safety_advice(text: str, category: str, dangers: Sequence[Danger]) -> list[str]:
    """The advice for the dangers `text` names (in the config's order), else the category's.

    Someone who says they already called ("打了120了", "已经报警了", "119已经到了") is told
    so back, and no advice line tells them to call that number again.
    """
    # An emergency number is the weakest word: "电梯里有人 快打119吧" is a lift, not a fire
    # (convo3 D2); it picks a danger only when no other word and not the category does.
    text = _read(text)
    found = [d.advice for d in dangers if any(w in text for w in d.words if not w.isdigit())]
    if not found:
        found = [d.advice for d in dangers if category in d.categories]
    if not found:
        found = [d.advice for d in dangers if any(w in text for w in d.words if w.isdigit())]
    # The default pipe advice, as the words place the pipe (a configured one stays as written).
    found = [_pipe_advice(text) if a == OWN_PIPE_ADVICE else a for a in found]
    advice = list(dict.fromkeys(found))[:MAX_ADVICE]
    called = called_numbers(text)
    if not called:
        return advice
    numbers = [n for n in _SERVICES if n in called]
    said = called_line(text)
    assert said is not None
    dropped = set(numbers) | ({"110", "119"} if POLICE in called else set())
    kept = [line for line in (_without_calls(a, dropped) for a in advice) if line]
    return [said, *kept]


def safety_lines(advice: Sequence[str]) -> list[str]:
    """The advice under one 【安全提示】 header (a fall and a 120 call are two lines, not two
    alarms' worth of headers, convo9)."""
    lines = list(dict.fromkeys(line for line in advice if line))
    return [f"【安全提示】{lines[0]}", *lines[1:]] if lines else []


CALLED = "收到，您{said}，请保持电话畅通，最好请人到楼下接应。"


def called_line(text: str) -> str | None:
    """ "收到，您已经联系了119…" for words saying an emergency number was called, else None."""
    called = called_numbers(text)
    if not called:
        return None
    numbers = [n for n in _SERVICES if n in called]
    return CALLED.format(said=f"已经联系了{'、'.join(numbers)}" if numbers else "已经报警")


POLICE = "报警"  # said of the police and of a fire alike: 110 or 119
# Who a resident may already have called, by the words they use for it.
_SERVICES: dict[str, tuple[str, ...]] = {
    "120": ("120", "急救", "救护车"),
    "119": ("119", "消防"),
    "110": ("110", "警察", "民警", "派出所"),
}
_SERVICE = "|".join(w for words in _SERVICES.values() for w in words)
_CALLED = re.compile(
    rf"(?P<verb>打了|打过|拨了|拨过|叫了|叫过|喊了|联系了|打)(?:电话)?\s*(?:给)?(?P<after>{_SERVICE})"
    rf"|(?P<before>{_SERVICE})(?:电话)?(?:已经?|都|也)?(?:打了|打过|拨了|叫了)"
    rf"|(?P<came>{_SERVICE})(?:车|队|的人|员)?(?:已经?|都|也)?"
    r"(?:到了|来了|在了|到场|赶到|赶来了|在路上|上来了|过来了|在处理)"
    r"|(?P<police>报了警|报过警|报警了|已经?报警)"
)
# Not done yet, or asked: "还没打120", "要不要打119", "快打120", "打120了吗".
_NOT_YET = re.compile(r"(?:没|没有|不|别|要不要|该不该|快|赶紧|马上|先|请|帮忙)$")
_ASKED = re.compile(r"^[了呢]*(?:吗|么|没|没有)")
_DONE_BEFORE = re.compile(r"(?:已经?|刚才?|都)$")
_DONE_MARK = re.compile(r"^(?:了|过)|^[^，,。！!？?\s]{0,3}了")


def called_numbers(text: str) -> set[str]:
    """The emergency numbers the text says were already called or have arrived, and 报警."""
    numbers: set[str] = set()
    for found in _CALLED.finditer(text):
        before, after = text[max(0, found.start() - 3) : found.start()], text[found.end() :]
        if _NOT_YET.search(before) or _ASKED.match(after):
            continue
        if found["verb"] == "打" and not (_DONE_MARK.match(after) or _DONE_BEFORE.search(before)):
            continue  # "打120" alone is an instruction; "已经打120", "打120了" are done
        if found["police"]:
            numbers.add(POLICE)
            continue
        word = found["after"] or found["before"] or found["came"]
        numbers |= {n for n, words in _SERVICES.items() if any(w in word for w in words)}
    return numbers


def _without_calls(advice: str, called: set[str]) -> str:
    """The advice without its clauses telling to call a number already called."""
    clauses = [c for c in advice.split("；") if not any(n in c for n in called)]
    if not clauses:
        return ""
    line = "；".join(clauses).strip("，；")
    return line if line.endswith("。") else line + "。"
