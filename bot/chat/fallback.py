"""What a party member or staff evidently meant when no command matched (convo2 C19, C53).

The private fallback used to greet everyone as a resident ("小区里遇到问题直接告诉我…"), even
the 书记 who wrote "帮我给3号楼发个通知 周三上午电梯年检" — or worse, a deduction with a fault
in it ("扣小王5分 楼道飞线充电") was read as a report. A message in private that names a
duty (通知, 加分/扣分, 交给/出差, 谁报名了) from someone who has that duty gets one line that
shows the command; a resident asking about points gets 「我的积分」.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.domain.community import Role

NOTICE = (
    "发通知请写「通知 3号楼 内容」，只发到3号楼的楼栋群；几栋楼写「通知 3号楼 4号楼 内容」，"
    "整个小区写「通知 小区名 内容」，全部群写「通知 全部 内容」。我会先给您预览，确认后再发。"
)
# A 组长 or 书记 asking how to give a case to a member (convofix14e, convo14b file 15).
DISPATCH = (
    "派单请发「派单 E0001 @党员名字」（E0001 换成诉求编号），"
    "我会通知接单的党员和反映问题的居民。发「待认领」可以看没人接的诉求和编号。"
)
POINTS = (
    "加分请写「加分 @名字 事由」，扣分请写「扣分 @名字 事由」，"
    "例如「加分 @赵大爷 志愿服务 2小时」。"
)
HANDOVER = (
    "要把诉求交给别人：请发「退回 E0001 原因」，由书记重新派单；书记可以直接「派单 E0001 @党员」。"
)
SIGNUPS = "查看报名请发「报名名单 1」（1 换成活动编号）。"
MY_POINTS = "查积分请发「我的积分」。"

# "扣小王5分", "给赵大爷加2分", "加分": a number of points given or taken, a name between.
_SCORE = r"(?:加|扣|减)(?:了|上|掉)?[^\s，,。]{0,6}?[0-9一二两三四五六七八九十几]+\s*分|加分|扣分"
# "发个通知", and asking how: "停水通知咋发", "怎么给3号楼发停水通知" (convofix14e, file 01).
_HOW = r"(?:怎么|咋|如何|怎样|咋样)"
_NOTICE = (
    r"发(?:个|一个|一条|条)?通知|群发|通知(?:一下|大家|各位)"
    rf"|通知(?:该|要|应该)?{_HOW}发|{_HOW}[^\s，,。？?]{{0,8}}发[^\s，,。？?]{{0,6}}通知"
)
# "我想让吴师傅去看看 这个怎么弄", "怎么派单": a how-question about giving a case to someone.
# The how-words are asking for a way ("怎么弄"), never "怎么没人来修" / "怎么办 让物业来修"
# / "怎么搞的", which are complaints.
_HOW_TO = rf"{_HOW}(?:弄|派|操作|安排|做|整|交给|让)(?!的)"
_DISPATCH = (
    rf"(?=.*{_HOW_TO})"
    r"(?=.*(?:派单|派给|派人|派个人|(?:让|叫|请|安排)[^\s，,。？?]{1,5}?(?:去|来)))"
)
_HANDOVER = r"交给|转给|转交|出差|没空|顾不上"
_SIGNUPS = r"谁报(?:了|名)|报名(?:的)?(?:人|名单|情况)|报了(?:多少|几个)人"
_MY_POINTS = r"多少分|几分了|积分(?:多少|有多少|是多少)"

# (lowest role, what the words name, the line to answer); the first that fits wins.
_RULES: tuple[tuple[Role, re.Pattern[str], str], ...] = (
    (Role.LEADER, re.compile(_SCORE), POINTS),
    (Role.SECRETARY, re.compile(_NOTICE), NOTICE),
    (Role.LEADER, re.compile(_DISPATCH), DISPATCH),
    (Role.MEMBER, re.compile(_HANDOVER), HANDOVER),
    (Role.MEMBER, re.compile(_SIGNUPS), SIGNUPS),
    (Role.RESIDENT, re.compile(_MY_POINTS), MY_POINTS),
)
MAX_HINTED = 80


def duty_hint(text: str, role: Role, waiting: Callable[[], Sequence[str]] = tuple) -> str | None:
    """The command line a private message evidently asks for, given the sender's role;
    `waiting`: the codes of the unclaimed cases within the sender's reach (for 派单)."""
    if not text or len(text) > MAX_HINTED:
        return None
    for lowest, words, line in _RULES:
        if role >= lowest and words.search(text):
            if line is DISPATCH:
                return _dispatch_line(text, waiting())
            return _with_code(line, text) if line is HANDOVER else line
    return None


_NAMED = re.compile(
    r"(?:让|叫|请|安排|派给)(?P<name>[^\s，,。？?让叫请去来]{2,4}?)(?:去|来|看|处理|吧|$)"
)


_NOBODY = {"别人", "其他人", "别的人", "谁", "谁去", "人去", "党员"}


def _dispatch_line(text: str, waiting: Sequence[str]) -> str:
    """The 派单 line with what she said filled in: the member she named, and the case when
    she wrote its code or only one waits in her reach."""
    named = _NAMED.search(text)
    if named and named["name"] in _NOBODY:
        named = None
    code = re.search(r"[Ee]\s*(\d{1,8})(?!\d)", text)
    case = f"E{int(code[1]):04d}" if code else (waiting[0] if len(waiting) == 1 else None)
    if not (named or case):
        return DISPATCH
    who = f"@{named['name']}" if named else "@党员名字"
    line = f"派单请发「派单 {case or 'E0001'} {who}」"
    if case is None:
        line += "（E0001 换成诉求编号，发「待认领」可以查）"
    return line + "，我会通知接单的党员和反映问题的居民。"


def _with_code(line: str, text: str) -> str:
    """The handover line with the case the member wrote ("E0003交给别人吧" → 退回 E0003)."""
    code = re.search(r"[Ee]\s*(\d{1,8})(?!\d)", text)
    return line.replace("E0001", f"E{int(code[1]):04d}") if code else line


# "本周情况怎么样", "这周统计一下 多少件 办了几件", "本月办结率多少" from a 书记 or staff: the
# week's or month's case figures (「统计」, convofix14e, convo14b file 11). Rates and counts
# say it alone; a period needs 情况/数据 with it. Counts of other things (报名, 积分, 投票…)
# are their own commands' business.
_FIGURES = re.compile(r"统计|办结率|满意率|解决率|响应率|多少件|几件|(?:办|结|处理)了多少")
_PERIOD_LOOK = re.compile(
    r"(?:本周|这周|这个?星期|这个?礼拜|本月|这个?月|上周|上个?月|今天)(?:的|以来)?"
    r"(?:情况|数据|工作|报表|汇总|总结)"
)
_OTHER_COUNTS = re.compile(r"报名|积分|投票|表决|意见|心愿|帮办|代办|通知|活动|[A-Za-z]\s*\d")


def asks_figures(text: str) -> bool:
    """Whether a private message asks for the period's case figures."""
    if not text or len(text) > MAX_HINTED or _OTHER_COUNTS.search(text):
        return False
    return bool(_FIGURES.search(text) or _PERIOD_LOOK.search(text))
