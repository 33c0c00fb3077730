"""What the bot says when it understood no command and no problem: thanks right after a
case was handled (ask for the rating), and, privately, a pointer to what it can do, chosen
by what it waits for from this person and by their role."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from bot.chat import ballot_words, fallback, loops, phrasing, yesno
from bot.chat.context import Context
from bot.chat.outcome import Outcome
from bot.domain.broadcasts import CHANGE_ASKED, asks_change
from bot.domain.community import Role
from bot.services import home, pending

PRIVATE_HINT = (
    "您好，我是邻里小助手。小区里遇到问题直接告诉我，例如“3号楼电梯坏了”；"
    "查进度发「进度 E0001」，查积分发「我的积分」，发送「帮助」查看全部用法。"
)
# An address and a time said privately, no problem named: what is it about? (convo2 C12)
PLACE_ONLY = (
    "没看明白您要反映什么问题。请直接说说遇到了什么问题，例如“3号楼电梯坏了”。"
    "需要上门帮办请发「代办 要办的事」，发「帮办清单」查看能办哪些事。"
)
_PLACE = re.compile(r"\d+\s*(?:号楼|栋|幢|单元|室)|(?<!\d)\d{3,4}(?!\d)")
# The bot asked where they live and got something else: ask once more, kindly (D33).
WHERE_AGAIN = (
    "您刚才说的事我先记着。请告诉我您住哪个小区、几号楼（例如“兰亭小区3号楼”），我就为您登记。"
)
# What staff and party members came for, not a resident's intro (convo4 F87).
STAFF_HINT = (
    "您好！常用：「待认领」看没人接的诉求，「派单 E0001 @党员名字」派单，"
    "「通知 3号楼 内容」给一栋楼发通知（全部群写「通知 全部 内容」），「通知进度」看刚发的通知，"
    "「新活动」建活动；"
    "全部待办在控制台。发送「帮助」查看全部用法。"
)
MEMBER_HINT = (
    "您好！常用：「待认领」看本楼栋没人接的诉求，「认领 E0001」接单，"
    "「进展 E0001 内容」「办结 E0001 结果」。发送「帮助」查看全部用法。"
)
THANKS_FOR_THE_WORK = timedelta(hours=12)  # "谢谢小孙" soon after 办结 is about the case
RATE_PLEASE = (
    "不客气！诉求 {code} 已经办结，您对处理结果满意吗？"
    "请回复「满意」「基本满意」或「不满意」（也可以回复 1、2、3）。"
)
RATE_HELP_PLEASE = (
    "不客气！帮办 {code} 已经办好，您满意吗？"
    "请回复「满意」「基本满意」或「不满意」（也可以回复 1、2、3）。"
)
# "不是" to "满意吗？": not satisfied, but how much — the resident says (no rating guessed).
NOT_SATISFIED = "抱歉没让您满意。请回复「基本满意」或「不满意」，我们会转告承办的人。"
MAX_THANKS = 16  # thanks and a name or two; longer words say something more
YOU_ARE_WELCOME = "不客气！有事随时告诉我。"
DRAFT_WAITING = "没看懂这句。您的通知 {code} 还在预览：回复「确认」发送，回复「取消」作废。"
REVIEW_WAITING = (
    "没看懂这句。有 {count} 条【待确认】消息等您答复：是诉求回复「是 Q0001」，"
    "不是回复「不是 Q0001」（换成消息的编号）；发「待确认」查看。"
)
_THANKED = re.compile(r"谢谢|感谢|多谢|辛苦|谢啦|3q|thank", re.I)
_ACKNOWLEDGED = re.compile(
    r"(?:好的?|嗯+|哦+|噢|OK|ok|Ok|收到|知道了?|明白了?|了解|行|可以|是的?|对的?|没事|没问题"
    r"|不是|不对|没有|不用|不要|算了)"
    r"[了啦的哈呀啊]*"
)


def thanks_while_rating(ctx: Context, run: Callable[[str], object] | None = None) -> bool:
    """ "谢谢小孙" after the 回访 question: thank back and ask the question again, once.
    The same for a 帮办 just done ("收到了 小孙真好 太感谢了", convo4 F34).
    "亮了亮了 谢谢吴师傅" (the fault gone, and thanks) from the one rating answers it: 满意
    (convofix12), run through `run`."""
    said = phrasing.trim(ctx.text)
    if not (_THANKED.search(said) and len(said) <= MAX_THANKS):
        return False
    waiting = pending.rating_cases(ctx.uow, ctx.sender)
    done = waiting[0].resolved_at if waiting else None
    fixed = run is not None and phrasing.fixed_and_thanked(said)
    if done is None:
        helps = pending.help_ratings(ctx.uow, ctx.sender)
        done = helps[0].done_at if helps else None
        if done is None or ctx.now - done > THANKS_FOR_THE_WORK:
            return False
        if fixed and len(helps) == 1 and run is not None:
            run(f"评价 {helps[0].code} 满意 {said}")
            return True
        ctx.reply(RATE_HELP_PLEASE.format(code=helps[0].code))
        if ctx.is_private:  # "是的" answers it (F5); in a group anyone may say "对"
            yesno.ask(ctx.sender, f"满意 {helps[0].code}", ctx.now, no=NOT_SATISFIED)
        return True
    if ctx.now - done > THANKS_FOR_THE_WORK:
        return False  # thanks a week later are for something else: not a reminder each time
    if fixed and len(waiting) == 1 and run is not None:
        run(f"评价 {waiting[0].code} 满意 {said}")
        return True
    ctx.reply(RATE_PLEASE.format(code=waiting[0].code))
    if ctx.is_private:
        yesno.ask(ctx.sender, f"满意 {waiting[0].code}", ctx.now, no=NOT_SATISFIED)
    return True


def private_small_talk(ctx: Context) -> Outcome:
    """Someone wrote to the bot privately and it understood no command or problem: a person
    expects an answer there, so say what the bot can do (thanks get a thank-you, "好的" nothing)."""
    said = phrasing.trim(ctx.text)
    if not said or _ACKNOWLEDGED.fullmatch(said):
        return Outcome.SILENT
    if _THANKED.search(said) and len(said) <= 12:
        ctx.reply(YOU_ARE_WELCOME)
        return Outcome.HANDLED
    # "我现在多少分了" → 「我的积分」 (convo2 C19)
    where = (
        WHERE_AGAIN.format(example=home.example(ctx.uow)) if home.is_waiting(ctx.sender) else None
    )
    answer = (
        where
        or _ballot_hint(ctx, said)
        or _waiting_hint(ctx)
        or fallback.duty_hint(said, ctx.sender.role)
        or (PLACE_ONLY if _PLACE.search(said) else None)
        or _role_hint(ctx.sender.role)
    )
    # The same question again and again is a loop: one clarification, then a way out (R10).
    asked = loops.clarify(ctx, answer, "where" if where else None)
    if asked is None:
        return Outcome.SILENT
    ctx.reply(asked)
    return Outcome.HANDLED


# The usual words for a vote's options too ("支持", "不赞成"): the question names the option
# they stand for on that vote (ballot_words.confirm_question).
_BARE_CHOICE = re.compile(
    r"(?:我|我家|我们家)?(?:投)?(同意|不同意|赞成|不赞成|支持|不支持|反对|弃权)"
    r"(?:[\s，,、]*\1)*(?:的|了|吧|啊)*"
)


def _ballot_hint(ctx: Context, said: str) -> str | None:
    """A bare "同意" privately while one vote is open for the household: name that vote and
    the reply that counts (D59), rather than the generic intro."""
    found = _BARE_CHOICE.fullmatch(said)
    if found is None:
        return None
    return ballot_words.confirm_question(ctx, ballot_words.open_to(ctx), found[1])


def _role_hint(role: Role) -> str:
    if role >= Role.SECRETARY:
        return STAFF_HINT
    return MEMBER_HINT if role >= Role.MEMBER else PRIVATE_HINT


def draft_change(ctx: Context) -> bool:
    """ "确认 但是时间改一下" while the sender's notice is in preview: a change request, never
    a 确认 (convofix11a); asked what to change instead of a format lesson."""
    if not ctx.is_private or ctx.sender.role < Role.SECRETARY or not asks_change(ctx.text):
        return False
    draft = pending.notice_draft(ctx.uow, ctx.sender, ctx.now)
    if draft is None:
        return False
    ctx.reply(CHANGE_ASKED.format(code=draft.code))
    return True


def _waiting_hint(ctx: Context) -> str | None:
    """What the bot is waiting for from this person, when it did not understand them: a staff
    member with a notice in preview, a 组长 with 待确认 messages (not the residents' greeting)."""
    if ctx.sender.role >= Role.SECRETARY:
        draft = pending.notice_draft(ctx.uow, ctx.sender, ctx.now)
        if draft is not None:
            if asks_change(ctx.text):  # "好的确认，不过时间改一下" (convofix11a)
                return CHANGE_ASKED.format(code=draft.code)
            return DRAFT_WAITING.format(code=draft.code)
    if ctx.sender.role >= Role.LEADER:
        count = pending.review_count(ctx.uow, ctx.sender, ctx.now)
        if count:
            return REVIEW_WAITING.format(count=count)
    return None
