"""Words that look like a ballot but can never be counted (convo15): a choice said in the
group under the vote post ("我家同意", "反对！一楼凭什么出钱"), and a ballot cast for somebody
else ("我奶奶不会用手机 我替我家投 同意").

Both left the speaker believing the household had voted: the group words met silence, the
proxy got the 微心愿 hint. A vote counts one private ballot per household from an owner on the
roll (README「投票表决怎么算」); these answers say so and how the household's vote does count.
"""

from __future__ import annotations

from datetime import timedelta

from bot.chat import phrasing
from bot.chat.context import Context
from bot.chat.notcase import votes
from bot.chat.notcase.base import Run
from bot.domain.deliberation.votes import Vote
from bot.services.deliberation import open_votes

# Said once to the whole group, not to each neighbour who answers the vote post with a choice.
GROUP_CHOICE = (
    "在群里回复的「同意」「反对」不计票，群里发的不算。{named}请私聊我发送「投票 {code} 1」"
    "（1 换成选项序号，也可以写选项），截止前可以改票；为了保密，请不要在群里说出您的选择。"
)
# "Once": the same reminder in the same group within this time is not said again.
GROUP_CHOICE_QUIET = timedelta(hours=1)
PROXY = (
    "替别人投的票不计，这次没有计票。{named}每户一票，只能由表决名单上的产权人本人用自己的微信"
    "私聊我投（几人共有的房子，任何一位产权人投都算这一户）。请{who}私聊我发送「投票 {code} 1」"
    "（1 换成选项序号，也可以写选项）；老人不会用手机的，请联系社区工作人员或楼栋党小组长问怎么办。"
)


def choice_in_group(ctx: Context, said: str) -> bool:
    """ "我家同意", "同意 +1", "反对！一楼凭什么出钱" in a group while a vote is open there:
    each neighbour believes they voted. The group hears once that only a private ballot counts
    (as "投票 V0001 同意" in the group is told), then further choices pass in silence; never a
    case. Quoting another message makes the words an answer to that message."""
    group = ctx.group
    if group is None or group.id is None or ctx.message.quote:
        return False
    choice = votes.choice_to_group(phrasing.trim(said))
    if choice is None or _reports(ctx, said, choice):
        return False
    open_here = _open_to(ctx)
    if not open_here:
        return False  # no vote here: "同意" answers a neighbour
    text = GROUP_CHOICE.format(named=_named(open_here), code=open_here[0].code)
    if not ctx.uow.outbox.posted_after(group.id, text, ctx.now - GROUP_CHOICE_QUIET):
        ctx.reply(text, mention=False)  # to everyone who answered the post, not one of them
    return True


def _reports(ctx: Context, said: str, choice: str) -> bool:
    """A reason that reports a problem ("反对！楼道里着火了") goes to the intent engine: the
    vote reminder must never swallow a case, least of all an emergency."""
    if ctx.classify is None or len(phrasing.trim(said)) <= len(choice) + 2:
        return False
    verdict = ctx.classify(said)
    return verdict.kind == "issue" and (verdict.urgent or verdict.action == "case")


def proxy_ballot(ctx: Context, said: str, run: Run) -> bool:
    """ "我替我家投 同意", "我帮我妈投个同意", "我能替老人投票吗" while a vote is open to the
    speaker: not counted, and told that the owner votes herself. An owner on the roll saying
    "替我家投" speaks for his own household: that is his own ballot, taken as such."""
    found = votes.proxy(phrasing.trim(said))
    if found is None:
        return False
    open_here = _open_to(ctx)
    if not open_here:
        return False  # no vote open to them: some other 投票 (a contest, a poll)
    vote = open_here[0]
    if found.household and found.choice and len(open_here) == 1 and _seated(ctx, vote):
        return run(f"投票 {vote.code} {found.choice}")
    if found.kin:
        who = f"产权人本人（您{found.kin}）"
    elif found.household:
        who = "您家登记的产权人本人"
    else:
        who = f"产权人本人（{_yours(found.whom)}）"
    ctx.reply(PROXY.format(named=_named(open_here), who=who, code=vote.code))
    return True


def _open_to(ctx: Context) -> list[Vote]:
    group = ctx.group
    return open_votes.open_for(
        ctx.uow,
        ctx.sender,
        estate_id=ctx.estate_id or ctx.sender.estate_id,
        building_id=group.building_id if group is not None else ctx.sender.building_id,
    )


def _seated(ctx: Context, vote: Vote) -> bool:
    if ctx.sender.id is None or vote.id is None:
        return False
    return bool(ctx.uow.votes.seats_of(vote.id, ctx.sender.id))


def _named(open_here: list[Vote]) -> str:
    return "、".join(f"投票 {v.code}「{v.title}」" for v in open_here)


def _yours(whom: str) -> str:
    """ "我奶奶" said to the bot is "您奶奶" said back."""
    return "您" + whom[1:] if whom.startswith("我") and not whom.startswith("我们") else whom
