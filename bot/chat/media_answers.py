"""What to say about a photo, voice note or video, once it is kept: a receipt where one
helps (the sender spoke to the bot, or the file went on a case), silence otherwise, so that
thirty files at once do not bring thirty answers."""

from __future__ import annotations

from bot.chat.context import Context
from bot.domain.cases import Case
from bot.domain.helpdesk import Status as HelpStatus
from bot.services import pending
from bot.services.evidence import MB, EvidenceDesk, Intake, Taken

MEDIA_WAITING = (
    "收到您的{label}，已保存。我暂时只能看懂文字：请用文字说说遇到了什么问题，"
    "例如“3号楼电梯坏了”，{label}会一并记上。"
)
MEDIA_ATTACHED = "已把您的{label}记到诉求 {code}，承办党员会看到。"
MEDIA_ATTACHED_HANDLER = "已把{label}记到诉求 {code} 的办理材料里。"
MEDIA_WAITING_HELP = (
    "收到您的{label}，已保存。接着发「办结 {code} 结果」或「进展 {code} 内容」，"
    "{label}会记到帮办 {code} 的办理材料里。"
)
MEDIA_ATTACHED_HELP = "已把{label}记到帮办 {code} 的办理材料里。"
MEDIA_HANDLED_CASE = (
    "已把您的{label}记到刚办结的诉求 {code}，承办党员会看到。"
    "如果是新的问题，请用文字说说遇到了什么问题。"
)
MEDIA_TOO_LARGE = (
    "这个文件太大（超过 {mb} MB），没有保存。请发照片或 1 分钟以内的短视频，或用文字说明。"
)
MEDIA_UNREADABLE = "这个文件打不开，没有保存。请直接发照片，或用文字说明情况。"
MEDIA_UNAVAILABLE = "这个文件没能收到，请再发一次，或用文字说明情况。"


def help_receipt(intake: Intake, desk: EvidenceDesk, *, answered: bool) -> str | None:
    """The volunteer's proof photo for his 帮办: a receipt for him alone (F1), once."""
    if intake.taken is Taken.ATTACHED and intake.first and not answered:
        assert intake.help is not None
        return MEDIA_ATTACHED_HELP.format(label=intake.kind.label, code=intake.help.code)
    if intake.taken is Taken.TOO_LARGE:
        return MEDIA_TOO_LARGE.format(mb=desk.policy.max_bytes // MB)
    if intake.taken is Taken.UNREADABLE:
        return MEDIA_UNREADABLE
    return None


def media_answer(ctx: Context, intake: Intake, desk: EvidenceDesk) -> str | None:
    """The answer to a file that is not a volunteer's 帮办 proof, or None for silence."""
    label = intake.kind.label
    # Someone expects us to take the file: they spoke to the bot, or it was meant for a case.
    expected = ctx.addressed or intake.case is not None
    match intake.taken:
        case Taken.ATTACHED if (
            intake.first and intake.case is not None and handlers_file(ctx, intake)
        ):
            return MEDIA_ATTACHED_HANDLER.format(label=label, code=intake.case.code)
        case Taken.ATTACHED if ctx.is_private and intake.first and intake.case is not None:
            return MEDIA_ATTACHED.format(label=label, code=intake.case.code)
        case Taken.WAITING if ctx.addressed and intake.first:
            taken = _help_in_hand(ctx)
            if taken is not None:  # a volunteer's proof photo sent before his 办结 (F1)
                return MEDIA_WAITING_HELP.format(label=label, code=taken)
            return MEDIA_WAITING.format(label=label)
        case Taken.TOO_LARGE if expected:
            return MEDIA_TOO_LARGE.format(mb=desk.policy.max_bytes // MB)
        case Taken.UNREADABLE if expected:
            return MEDIA_UNREADABLE
        case Taken.UNAVAILABLE if ctx.addressed:
            return MEDIA_UNAVAILABLE
    return None


def _help_in_hand(ctx: Context) -> str | None:
    """The code of the one 帮办 the sender took and has not finished, if exactly one."""
    person = ctx.sender.id
    if person is None:
        return None
    mine = [
        r
        for r in ctx.uow.helpdesk.of_person(person)
        if r.claimer_id == person and r.status is HelpStatus.CLAIMED
    ]
    return mine[0].code if len(mine) == 1 else None


def handlers_file(ctx: Context, intake: Intake) -> bool:
    case = intake.case
    return intake.taken is Taken.ATTACHED and case is not None and case.assignee_id == ctx.sender.id


def just_handled(ctx: Context, intake: Intake) -> Case | None:
    """The sender's case waiting for their rating, for a file sent to the bot with no case
    of its own (a report, a quote, a handler's 办结) near it."""
    if intake.taken is not Taken.WAITING or not ctx.addressed or intake.evidence is None:
        return None
    waiting = pending.rating_cases(ctx.uow, ctx.sender)
    return waiting[0] if waiting else None
