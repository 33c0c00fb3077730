"""What the community told or asks everyone, answered instead of opening a case (convo4
rule 3): a protest about one's points, a reply to a notice that still holds, a vote or a 议事会
asked about without its code, an opinion on a 议题 open for opinions.
"""

from __future__ import annotations

from bot.chat import phrasing
from bot.chat.context import Context
from bot.chat.notcase import meetings, notices, points, topics, vote_asks, votes
from bot.chat.notcase.base import Run
from bot.domain.community import Person, Role
from bot.domain.deliberation.topics import Stage
from bot.domain.deliberation.votes import Vote
from bot.domain.points import LedgerEntry
from bot.services.deliberation import open_votes

ASK_TOPIC = "您是在对哪个议题提意见？请回复「意见 {first} 您的想法」（换成议题编号）：{codes}。"

WHICH_TOPIC = "您问的是哪个议题？{codes}。发「议题 {first}」看进展（换成议题编号）。"
ASK_MEETING = "最近有几个议事会：{codes}。发「议题 {first}」看时间和地点（换成议题编号）。"
HOW_TO_VOTE = (
    "正在投票：{named}。请私聊我发送「投票 {code} 1」（1 换成选项序号，也可以写选项），"
    "截止前可以改票。"
)
WHICH_VOTE = (
    "现在有几个投票：{named}。您投的是哪一个？"
    "请{how}「投票 {code} {choice}」（换成那个投票的编号）。"
)
ABSENT_TOLD = "【议事会请假】{name}（议题 {code}）：{said}"
ABSENT_NOTED = "好的，已告诉议题 {code} 的牵头人 {organiser}。"


def points_dispute(ctx: Context, said: str) -> bool:
    """A resident's protest about their own points: their rows, privately, and the protest
    passed to whoever keeps the ledger ("对积分有疑问请私聊", says the 公示: convo14b).
    Staff saying "加错了" are correcting someone else's row, not protesting their own."""
    if ctx.sender.id is None or ctx.sender.role >= Role.STAFF or not points.disputes(said):
        return False
    entries = ctx.uow.points.recent(ctx.sender.id, 8)
    if not entries:
        return False  # nobody scored them: the words are about something else
    keepers = _ledger_keepers(ctx, points.disputed(entries))
    for keeper in keepers:
        note = points.for_staff(ctx.sender.name, said, entries, ctx.bot.tz)
        ctx.send(note, person=keeper)
    who = "、".join(k.name for k in keepers)
    ctx.send(points.answer(entries, ctx.bot.tz, who), person=ctx.sender)  # points stay private
    return True


def _ledger_keepers(ctx: Context, row: LedgerEntry | None) -> list[Person]:
    """Who scored the row, when a person did; else the 小区's 书记."""
    if row is not None and row.actor_id is not None:
        actor = ctx.uow.people.get(row.actor_id)
        if actor is not None and actor.id != ctx.sender.id:
            return [actor]
    if ctx.estate_id is None:
        return []
    return list(ctx.uow.people.with_role(ctx.estate_id, Role.SECRETARY))


def notice(ctx: Context, said: str) -> bool:
    if not notices.mentions_fault(said):
        return False  # most messages: no notice needs reading
    group_ids = _groups_heard(ctx)
    if not group_ids:
        return False
    recent = list(ctx.uow.broadcasts.recent(notices.RECENT))
    for group_id in group_ids:
        for held in notices.holding(recent, group_id, ctx.now, ctx.bot.tz):
            if notices.about(said, held):
                ctx.reply(notices.pointer(held))
                return True
    return False


def _names_a_problem(ctx: Context, said: str) -> bool:
    if ctx.classify is None:
        return False
    verdict = ctx.classify(said)
    return verdict.kind == "issue" and (verdict.action == "case" or bool(verdict.terms))


def _groups_heard(ctx: Context) -> list[int]:
    """The groups whose notices this person has read: this one, or privately their 小区's."""
    if ctx.group is not None:
        return [ctx.group.id] if ctx.group.id is not None else []
    if ctx.estate_id is None:
        return []
    return [g.id for g in ctx.uow.groups.all() if g.estate_id == ctx.estate_id and g.id]


def vote(ctx: Context, said: str, run: Run) -> bool:
    words = phrasing.trim(said)
    if ballot_in_words(ctx, words, run):
        return True
    found = votes.kind(words, private=ctx.is_private)
    if found is None:
        return False
    what, choice = found
    if what == "ballot":
        # The ballot finds the one vote open to them, or asks. "选" keeps a leading number a
        # choice: "投票 1和2" would read 1 as the vote's code (convofix11a).
        return run(f"投票 选{choice}")
    if what in ("question", "result") and vote_asks.asked(ctx, words, run, named=what == "result"):
        return True
    if what == "result":
        return False  # no vote of theirs is named: a result of something else
    group = ctx.group
    open_here = open_votes.open_for(
        ctx.uow,
        ctx.sender,
        estate_id=ctx.estate_id,
        building_id=group.building_id if group is not None else ctx.sender.building_id,
    )
    if not open_here:
        return False
    if what == "question" and len(open_here) == 1:
        return run(f"投票进度 {open_here[0].code}")
    first = open_here[0]
    named = "、".join(f"{v.code}「{v.title}」" for v in open_here)
    ctx.reply(HOW_TO_VOTE.format(named=named, code=first.code))
    return True


def ballot_in_words(ctx: Context, words: str, run: Run) -> bool:
    """ "粉刷那个我家不同意", "我选1", "我改成同意": a ballot on the vote the words name, or on
    the one vote open where the sender lives. A bare "同意" is left to the one-line question
    that names the vote (small_talk, D59); words naming no open vote are something else."""
    said = votes.ballot(words)
    if said is None or not (said.ref or said.marked):
        return False
    if not ctx.is_private and not said.ref and "投" not in words:
        return False  # "我选1" in a group may be any choice among neighbours
    open_here = _open_here(ctx)
    meant = votes.meant(said.ref, open_here) if said.ref else open_here
    if not meant:
        return False  # "不同意物业涨价" with no vote about it: not a ballot
    if len(meant) > 1:
        named = "、".join(f"{v.code}「{v.title}」" for v in meant)
        how = "回复" if ctx.is_private else "私聊我发送"
        ctx.reply(WHICH_VOTE.format(named=named, code=meant[0].code, choice=said.choice, how=how))
        return True
    return run(f"投票 {meant[0].code} {said.choice}")  # in a group: 请私聊我投票


def _open_here(ctx: Context) -> list[Vote]:
    group = ctx.group
    return open_votes.open_for(
        ctx.uow,
        ctx.sender,
        estate_id=ctx.estate_id,
        building_id=group.building_id if group is not None else ctx.sender.building_id,
    )


def meeting(ctx: Context, said: str, run: Run) -> bool:
    away = meetings.absent(said)
    if ctx.estate_id is None or not (away or meetings.asks(said)):
        return False
    topics_here = ctx.uow.topics.find(estate_id=ctx.estate_id)
    held = {t.id: ctx.uow.topics.meetings(t.id) for t in topics_here if t.id and not t.closed}
    coming = meetings.coming(topics_here, held, ctx.now)
    if away and len(coming) == 1:
        # Replying to the reminder: the organiser hears it, the invitee hears that he did.
        topic = coming[0]
        organiser = ctx.uow.people.get(topic.organiser_id) if topic.organiser_id else None
        if organiser is not None and organiser.id != ctx.sender.id:
            ctx.send(
                ABSENT_TOLD.format(name=ctx.sender.name, code=topic.code, said=said),
                person=organiser,
            )
            ctx.reply(ABSENT_NOTED.format(code=topic.code, organiser=organiser.name))
            return True
        return False
    if away:
        return False
    if len(coming) == 1:
        return run(f"议题 {coming[0].code}")
    if len(coming) > 1:
        codes = "、".join(f"{t.code}「{t.title}」" for t in coming)
        ctx.reply(ASK_MEETING.format(codes=codes, first=coming[0].code))
        return True
    return False


def topic_asked(ctx: Context, said: str, run: Run) -> bool:
    """ "上回说的电动车不进楼道那个事 后来咋样了", "电动车那个议题有结果了吗" (convo14): where the
    topic the words name stands, as 「议题 Y0001」 shows it, whatever its stage. A fault in the
    words ("楼道里电动车着火了 现在怎么样了") is a report unless they call it a matter talked
    over; several topics named: one line naming them."""
    if ctx.estate_id is None or not topics.asks_status(said):
        return False
    named = topics.named_by(said, ctx.uow.topics.find(estate_id=ctx.estate_id))
    if not named or (not topics.talked_over(said) and _names_a_problem(ctx, said)):
        return False
    if len(named) == 1:
        return run(f"议题 {named[0].code}")
    codes = "、".join(f"{t.code}「{t.title}」" for t in named[:5])
    ctx.reply(WHICH_TOPIC.format(codes=codes, first=named[0].code))
    return True


def topic(ctx: Context, said: str, run: Run) -> bool:
    if ctx.estate_id is None or not topics.may_be_opinion(said):
        return False
    if topics.asks_status(said):
        return False  # "那个议题有结果了吗" asks; it is nobody's opinion (convo14)
    consulting = ctx.uow.topics.find(estate_id=ctx.estate_id, stage=Stage.CONSULTING)
    meant = topics.on_topic(said, consulting)
    if meant and not topics.says_opinion(said) and _names_a_problem(ctx, said):
        return False  # "停车场的灯坏了 应该修修" is a report, though parking is being discussed
    if len(meant) == 1:
        return run(f"意见 {meant[0].code} {said}")
    if len(meant) > 1:
        codes = "、".join(f"{t.code}「{t.title}」" for t in meant)
        ctx.reply(ASK_TOPIC.format(first=meant[0].code, codes=codes))
        return True
    return False
