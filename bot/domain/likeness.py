"""Do two reports from one building name the same problem? Character bigrams of the problem.

Category + building + window alone merged "3号楼楼道灯不亮" into "3号楼门禁坏了" (both 公共设施).
The case keeps only its summary (the terms the intent engine found for its first report are
not stored), so the check reads the two texts: places, particles and punctuation out, then
the character bigrams. Fault, state and filler characters (坏, 不, 亮, 停, 没 …) are one
wildcard: every report shares them, so a bigram of two of them says nothing and is dropped,
while "灯坏" and "灯不" both read "灯_" and "没水" and "停水" both read "_水". Bigrams rather
than jieba words: the same object is found however jieba cuts "楼道灯".

Two reports are one problem when they share a bigram that is not just a place (楼道, 门口) or a
person (物业, 邻居): a thing named in full (垃圾, 路灯), or two bigrams, or a third of the shorter
one's. Either text naming nothing to compare
("3号楼又坏了") leaves place and category to decide, as before.
"""

from __future__ import annotations

import re

# Places ("3号楼2单元502室", "5栋", "三号楼") and everything that is not a Chinese character.
_PLACE = re.compile(
    r"[0-9一二三四五六七八九十两]+\s*(?:号楼|号|栋|幢|座|单元|楼|层|室|户)|[0-9]+(?:-[0-9]+)+"
)
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")
# Particles carry nothing and split an object from its fault: "楼道的灯" reads as "楼道灯".
# 地 is one only after a word ("慢慢地"), never the ground of 地库, 地下室, 地漏 (convo3 D51).
# 着 is one too, but not in 着火: "5栋着火了" names a fire, not nothing (F7).
_PARTICLES = re.compile(
    r"[的了得啊呢吧吗呀哦啦嘛哈]+|着(?!火)|(?<=[\u4e00-\u9fff])地(?![库下漏面板砖铁毯方上])"
)
# Characters every report may share whatever broke: faults, states, degree, time, people.
_GENERIC = frozenset(
    "坏不亮动能用漏堵响臭脏乱没有又还很太都也是在过停开关上下去来好修一直已经总老天今昨晚早"
    "个些这那我们你他她它人请问麻烦谢辛苦丢掉满打叫快赶紧"
)
_ANY = "_"
# Bigrams that say where, not what: sharing only these is no evidence of one problem.
_WHERE = frozenset({"楼道", "门口", "楼_", "_楼", "小区", "院子", "院里", "楼前", "楼后", "大门"})
# Bigrams that say who, not what: "物业不管垃圾" and "物业乱收费" are two problems.
_WHO = frozenset({"物业", "业主", "居民", "邻居", "大家", "师傅", "保安", "保洁", "社区", "谁家"})
SHARED = 1 / 3  # of the shorter report's bigrams, found in the other
ENOUGH = 2  # or this many shared bigrams whatever the lengths ("楼道" + "道灯")


def problem_bigrams(text: str) -> set[str]:
    """The bigrams of `text` with its places, particles and punctuation gone, fault and
    filler characters read as one wildcard, and wildcard pairs dropped."""
    runs = _NOT_HAN.split(_PARTICLES.sub("", _PLACE.sub(" ", text)))
    bigrams = set()
    for run in runs:
        folded = "".join(_ANY if c in _GENERIC else c for c in run)
        bigrams |= {folded[i : i + 2] for i in range(len(folded) - 1)}
    bigrams.discard(_ANY * 2)
    return bigrams


# A building's outage in the words people use for it: "4号楼停电了，整栋楼都黑了" and "4号楼全黑了
# 是停电了吗 有人知道啥时候来电吗" are one outage, however little else the two share (convo9).
_OUTAGES = (
    re.compile(r"停电|没电|断电|跳闸|来电|全黑|(?:整栋|全楼|整个楼)[^，,。]{0,3}黑"),
    re.compile(r"停水|没水|断水|来水|没有水"),
    re.compile(r"停气|没气|断气|没燃气|没有燃气|没天然气"),
)


def same_outage(first: str, second: str) -> bool:
    """Both texts name the same kind of supply outage (electricity, water, gas)."""
    return any(kind.search(first) and kind.search(second) for kind in _OUTAGES)


def same_problem(first: str, second: str) -> bool:
    """True when the two texts name the same thing, or when either names none to compare."""
    if same_outage(first, second):
        return True
    a, b = problem_bigrams(first), problem_bigrams(second)
    if not a or not b:
        return True
    shared = a & b - _WHO
    if not shared - _WHERE:
        return False
    # One shared thing named in full (垃圾, 路灯, 电梯: no wildcard in it) is one problem however
    # long the two complaints around it are ("2栋门口垃圾三天没人收了" / "2栋那边垃圾堆成山了").
    if any(_ANY not in bigram for bigram in shared - _WHERE):
        return True
    return len(shared) >= ENOUGH or len(shared) >= SHARED * min(len(a), len(b))
