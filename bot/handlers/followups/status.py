"""Where her case stands, asked without a command: "我报的那个怎么样了", "灯的事咋样了",
"进渡E0001" (convo3 D7, D8) — the one case, a list, or one line asking which one.
"""

from __future__ import annotations

import re

from bot.chat.context import Context
from bot.chat.followup import BARE_ASK, about_the_repair, asks_repair, asks_status, says_impatient
from bot.domain.cases import Case, format_place, render_status
from bot.handlers.followups.common import CODE, fits
from bot.handlers.followups.own import chase

_MARKS = re.compile(r"[^\w]")
_BARE_REST = 3  # "进渡E0001": a misspelt 进度 and her code
_ASKING = re.compile(r"[吗呢么?？]\W*$|了没|怎么样|咋样|到哪|什么时候|啥时候|有人管")

NO_CASES = "您还没有反映过问题。在群里直接说出遇到的问题（例如“3号楼电梯坏了”），我们就会受理。"
_COMMON = frozenset(
    {"今天", "明天", "昨天", "现在", "天气", "什么", "时候", "一下", "怎么", "这个", "那个"}
)


def status_question(ctx: Context) -> bool:
    """ "我报的那个怎么样了", "我反映的下水道的事有人管吗", "灯的事咋样了": where her report
    stands (and a nudge when she asks whether anyone is on it), never a new case (convo3 D7,
    D8). A thing named must be in one of her cases; "my report" alone is her open ones."""
    asked = asks_status(ctx.message.text)
    if asked is None:
        return False
    mine, subject = asked
    cases = [c for c in ctx.uow.cases.by_reporter(ctx.sender.id or 0, limit=10) if _here(ctx, c)]
    # "水管的事呢" names a thing (its characters are no "来修" however they read).
    thing = bool(subject) and _NAMES_THEN_NE.search(ctx.message.text) is not None
    if thing and _WHO_COMES.fullmatch(subject):
        thing = False  # "人呢？？", "师傅呢": who was to come, no thing of hers (convo10)
    repair = about_the_repair(subject) if subject else asks_repair(ctx.message.text)
    if not mine and repair and not thing:
        # "什么时候来修", "修了没": no thing named, only the repair: her open case here.
        cases = [c for c in cases if c.status.is_open and fits(ctx, c, None, None)]
        if not cases:
            return False
        subject = ""
    elif subject:
        named = [c for c in cases if mentions(c, subject, places=not thing)]
        if not named and not mine:
            return False  # "今天天气怎么样": not about her report
        cases = named or cases
    elif not mine:
        return False  # "进度呢", "有人管吗": the commands and the chase read those
    open_ = [c for c in cases if c.status.is_open]
    if len(cases) > 1 and _ALL.search(ctx.message.text):
        _list(ctx, cases)  # "我报过的那几件事都怎么样了": all of them, not "which one?"
        return True
    if BARE_ASK.match("".join(ctx.message.text.split())):
        # "那个呢": about her open case here; with none it is talk, with several ask which.
        if not open_:
            return False
        if len(open_) > 1:
            which(ctx, open_)
            return True
    elif subject and len(open_) > 1 and len(cases) > 1 and all(c.status.is_open for c in cases):
        which(ctx, open_)  # "门禁那个呢" and two open cases name 门禁: which one?
        return True
    if len(open_) == 1 or (len(cases) == 1 and subject):
        case = (open_ or cases)[0]
        if case.status.is_open and says_impatient(ctx.message.text):
            chase(ctx, case)
        else:
            ctx.stored.case_id = case.id
            show(ctx, case)
        return True
    _list(ctx, open_ or cases)
    return True


_PLACES = frozenset(
    {"楼道", "门口", "小区", "院子", "院里", "楼下", "楼上", "单元", "大门", "楼前"}
)
_NAMES_THEN_NE = re.compile(r"呢[\W_]*$")
_WHO_COMES = re.compile(r"(?:人|师傅|维修的人?|修的人|物业的?人?|你们的?人?|党员)+")
# Asking after several at once: "那几件事都怎么样了", "我报的那些", "所有的问题".
_ALL = re.compile(r"几件|那几|那些|这些|所有|全部|每一?件|各个|都怎么样|都咋样|都什么情况")
WHICH_ONE = "您问的是哪一件？{items}。请回复「进度 编号」。"


def which(ctx: Context, cases: list[Case]) -> None:
    """One line listing the candidates, rather than a guess or silence (convo8)."""
    items = "；".join(f"{c.code}「{_short(c.summary)}」" for c in cases[:4])
    ctx.reply(WHICH_ONE.format(items=items))


def _short(summary: str, width: int = 14) -> str:
    return summary if len(summary) <= width else summary[: width - 1] + "…"


def _here(ctx: Context, case: Case) -> bool:
    return ctx.estate_id is None or case.estate_id == ctx.estate_id


def mentions(case: Case, subject: str, *, places: bool = True) -> bool:
    """Her words name the case's thing: "下水道" in "门口的下水道堵了", "灯" in "楼道灯坏了".
    Without `places` a place alone ("楼道里的猫呢") names nothing of the case."""
    if subject in case.summary and (places or subject not in _PLACES):
        return True
    if not places:
        subject = subject.replace("的", "")  # "门口的狗" shares "口的" with "门口的路灯"
    pairs = {subject[i : i + 2] for i in range(len(subject) - 1)} - _COMMON
    if not places:
        pairs -= _PLACES
    return any(pair in case.summary for pair in pairs)


def _list(ctx: Context, cases: list[Case]) -> None:
    if not cases:
        ctx.reply(NO_CASES)
        return
    lines = ["您反映过的诉求："]
    for case in cases[:5]:
        where = format_place(case.building, case.unit, None) if ctx.group else case.place
        place = f" · {where}" if where else ""
        lines.append(f"{case.code} {case.category_label}{place} · {case.status.label}")
    lines.append("发送「进度 编号」查看详情。")
    ctx.reply("\n".join(lines))


def asks_about(text: str) -> bool:
    """Her code with next to nothing else, or a question: she asks where it stands."""
    rest = _MARKS.sub("", CODE.sub("", text))
    return len(rest) <= _BARE_REST or bool(_ASKING.search(text))


def show(ctx: Context, case: Case) -> None:
    assert case.id is not None
    events = list(ctx.uow.cases.events(case.id))
    ctx.reply(render_status(case, events, ctx.bot.tz, in_group=ctx.group is not None))
