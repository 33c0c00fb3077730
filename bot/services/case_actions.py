"""Who hears what after a case action, whoever took it: a party member in the chat or staff
in the console. One place for each message, so residents and members read the same words.

Each function queues its messages through the caller's Mailer, after the action itself (in
bot/services/claims.py) succeeded; the answer to whoever acted is the caller's business.
"""

from __future__ import annotations

from bot.domain.cases import Case, EventKind
from bot.domain.community import Person, Role
from bot.domain.escalation import describe
from bot.services import mailer as audience
from bot.services.mailer import Mailer

RATE_PROMPT = "请您评价：回复「满意」「基本满意」或「不满意」（也可以回复 1、2、3）。"
TEXT_LIMIT = 300  # a progress note, plan, result or reason is cut to this many characters


def clip(text: str) -> str:
    """A long note cut to TEXT_LIMIT, so the residents' group is not flooded."""
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def claimed(mail: Mailer, case: Case, member: Person) -> None:
    assert case.id is not None
    if set(mail.uow.cases.reporter_ids(case.id)) | {case.reporter_id} == {member.id}:
        return  # his own report: "会尽快和您联系" would be to himself (convo3 D34)
    mail.to_reporters(
        case, f"您反映的诉求 {describe(case)}已由党员 {member.name} 认领，会尽快和您联系。"
    )


def dispatched(
    mail: Mailer, case: Case, target: Person, actor: Person, before: Person | None
) -> None:
    """The member it goes to, the one it was taken from, and the residents. A leader taking
    it herself, or a member handing on his own, is not told what they just did."""
    if target.id != actor.id:
        handed = before is not None and before.id == actor.id
        mail.send(
            f"【{'转交' if handed else '派单'}】{actor.name} 把诉求 {describe(case)}"
            f"{'交给' if handed else '派给'}您：{case.summary}\n"
            f"请尽快联系居民；有进展发送「进展 {case.code} 内容」，"
            f"完成后发送「办结 {case.code} 结果」。",
            person=target,
            chase=True,
            urgent=case.urgent,
        )
    if before is None:
        # "E0001 麻烦找人接一下": the member who just gave it back asked for someone and
        # hears who it went to, as the one it is taken from does (convofix15b).
        before = _handed_back_by(mail, case)
    if before is not None and before.id not in (target.id, actor.id):
        moved = "接手" if target.id == actor.id else f"改派给 {target.name}"
        mail.send(
            f"诉求 {case.code} 已由 {actor.name} {moved}，谢谢您的付出。",
            person=before,
            chase=True,
            urgent=case.urgent,
        )
    mail.to_reporters(case, f"您反映的诉求 {describe(case)}已安排党员 {target.name} 承办。")


def handed_back(mail: Mailer, case: Case, reason: str, by: Person | None = None) -> None:
    """退回: the 党员群 is asked for a new claimer, and the residents hear that their case is
    being given to someone else (convo3 D54: told of the claim, they must hear of its end;
    the member's reason is for the members, it may name a company or a neighbour).

    The building's 党小组长 hears of a hand-back with the next notice and arranges someone;
    when she is the one giving it back (a 组长 in hospital, convofix15b) nobody in the building
    is left to arrange it, so the 书记 hears it privately at once."""
    mail.to_party_group(
        case,
        f"【重新认领】诉求 {describe(case)}被退回（{reason}），请发送「认领 {case.code}」接单。",
    )
    mail.to_reporters(
        case, f"您反映的诉求 {describe(case)}正在重新安排党员承办，安排好后会告诉您。"
    )
    if by is None or not Role.LEADER <= by.role < Role.SECRETARY:
        return
    leaders = [p for p in audience.building_party(mail.uow, case) if p.role is Role.LEADER]
    if any(p.id != by.id for p in leaders):
        return  # another 组长 of the building arranges it (the notice reaches her)
    mail.to_people(
        [p for p in audience.secretaries(mail.uow, case) if p.id != by.id],
        f"【退回】党小组长 {by.name} 退回了诉求 {describe(case)}：{reason}\n"
        f"本楼栋没有其他党小组长安排，请派单：发送「派单 {case.code} @党员名字」。",
        urgent=case.urgent,
    )


def _handed_back_by(mail: Mailer, case: Case) -> Person | None:
    """Who gave the case back, when nobody took it between that 退回 and this 派单."""
    assert case.id is not None
    moves = [
        e
        for e in mail.uow.cases.events(case.id)
        if e.kind in (EventKind.CLAIMED, EventKind.DISPATCHED, EventKind.RETURNED)
    ]
    if moves and moves[-1].kind == EventKind.DISPATCHED:
        moves.pop()  # this 派单 itself
    last = moves[-1] if moves else None
    if last is None or last.kind != EventKind.RETURNED or last.actor_id is None:
        return None
    return mail.uow.people.get(last.actor_id)


def progressed(mail: Mailer, case: Case, text: str, *, plan: bool) -> None:
    """进展 / 方案, told to the residents who reported."""
    what = "的解决方案" if plan else "有新进展"
    mail.to_reporters(case, f"您反映的诉求 {describe(case)}{what}：{text}")


def resolved(mail: Mailer, case: Case, text: str) -> None:
    """办结: the residents are told and asked to rate."""
    result = f"：{text}" if text else "。"  # a bare 办结 says no result
    mail.to_reporters(case, f"您反映的诉求 {describe(case)}已办结{result}\n{RATE_PROMPT}")


def reopened(mail: Mailer, case: Case, actor: Person, reason: str) -> None:
    """Staff reopened the case: the residents, and the member who carries it on."""
    mail.to_reporters(case, f"您反映的诉求 {describe(case)}已重新办理：{reason}")
    assignee = mail.uow.people.get(case.assignee_id) if case.assignee_id is not None else None
    if assignee is not None:
        mail.send(
            f"诉求 {describe(case)}已由{actor.name}重新打开：{reason}\n"
            f"请继续办理，完成后发送「办结 {case.code} 结果」。",
            person=assignee,
            chase=True,
            urgent=case.urgent,
        )


def rated_unsatisfied(mail: Mailer, case: Case, assignee: Person, said: str = "") -> None:
    """不满意 reopened the case: its member hears it privately, with the clock restarted
    (and the resident's own words when she said more than the rating: "还在滴水")."""
    words = f"居民说：{clip(said)}\n" if said else ""
    mail.send(
        f"【重新办理】居民对诉求 {describe(case)}的办理结果不满意，已重新打开，"
        f"时限重新计算。{words}请尽快再联系居民，发送「进展 {case.code} 内容」告知进展。",
        person=assignee,
        chase=True,
        urgent=case.urgent,
    )
