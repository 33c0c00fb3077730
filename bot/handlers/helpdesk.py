"""帮办代办 in chat: 「代办 代缴水电费」/「帮办 …」, 地址, 帮办清单, 我的帮办, 取消帮办.

接单, 进展, 办结 and the rating words are shared with cases: their handlers hand H-codes to the
`Desk` built here (as 认领 hands W-codes to 微心愿). Requests are recognised by the explicit
代办/帮办 words plus the services' names and synonyms, not by the intent engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.chat import referral
from bot.chat.context import Context
from bot.chat.phrasing.answers import SAME_ADDRESS
from bot.chat.router import LocationView, Router
from bot.chat.wishlike import errand_need
from bot.domain.community import Person, Role
from bot.domain.helpdesk import (
    LIVE,
    Catalog,
    HelpRequest,
    Refused,
    Service,
    Status,
    door_said,
    eligible,
    on_team,
    parse_code,
    public_line,
    split_details,
)
from bot.handlers.home import ask_where
from bot.services import home
from bot.services.helpdesk import requests
from bot.services.helpdesk.team import offered_to, place
from bot.services.points_policy import PointsPolicy
from bot.services.proof import Finished

HELP_CODE = r"(?P<help>[Hh]\s*\d{1,9})"
_LEADING_CODE = re.compile(r"^\s*([Hh]\s*\d{1,9})(?:[\s:：,，、]+|$)(.*)$", re.DOTALL)
USAGE = "代办 代缴水电费"
# Asking someone to do it for me: 帮我/帮忙/替我/代我, 谁能/有没有人/找人/请人 (帮).
_ASKED_FOR = re.compile(
    r"帮(?:我|俺|咱|忙|帮我|一下我|下我)|替我|代我|(?:谁|有没有人|有人|找人|请人|求人)(?:能|可以|有空)?帮"
)
MAX_REQUEST = 60  # a longer text is a story or a notice, not a request
# An outright request names the errand right after the asking words ("能帮忙取个快递吗", "谁能
# 帮我奶奶买点降压药"): the service is found this close behind them, with no fault between
# ("帮我看看 快递柜坏了" reports a locker), and the words are no thanks for an errand done.
_OUTRIGHT_REACH = 12
_FAULT_BETWEEN = re.compile(r"坏|故障|不了|不能用|用不了|打不开|不亮|堵|漏|锁住")
_DONE_OR_THANKED = re.compile(
    r"(?:谢谢|感谢|多亏)[^，,。！!\s]{0,6}帮|帮[^，,。！!\s]{0,4}?(?:取|拿|买|交|缴|送|搬|剪|理)好?了"
)
HELD_FOR_WHERE = (
    "您要办的事我先记着，还没有登记。请告诉我{where}（例如“{example}”），我就为您安排。"
)
ASK_DETAILS = "请回复上门地址和希望的时间，例如「地址 3号楼2单元502 明天上午」。"


@dataclass(frozen=True)
class Desk:
    """帮办代办 as the shared commands see it: each method says whether it handled the message."""

    policy: PointsPolicy
    catalog: Catalog

    def takes_wish(self, ctx: Context, text: str) -> bool:
        """A wish that names a listed service its sender may have ("帮我代缴水电费") is a
        帮办代办 request: the service has a team, a time limit and a way to confirm the
        address. Anything else stays a 微心愿, refusal reasons and all."""
        service = self.catalog.match(text)
        if service is None or ctx.estate_id is None or not eligible(service, ctx.sender):
            return False
        _ask(ctx, self.catalog, text.strip())
        return True

    def offers(self, ctx: Context, text: str) -> bool:
        """A request for help that names a listed service, without the 代办/帮办 word and
        whatever the engine made of it ("能不能帮我拿个快递", "谁能帮我交一下电费"): the
        帮办 flow when its sender may have the service, else nothing (the message goes on as
        the engine read it). Only a request to have it done counts: "我帮邻居拿了快递" and
        "快递在哪拿" are no request."""
        said = " ".join(text.split())
        if len(said) > MAX_REQUEST or _DONE_OR_THANKED.search(said):
            return False  # "谢谢小王帮忙取了快递": done, no request
        if _ASKED_FOR.search(said) is not None:
            if _FAULT_BETWEEN.search(said) and outright_service(said, self.catalog) is None:
                return False  # "帮我看看 快递柜坏了 取不了快递": a fault to report
            return self.takes_wish(ctx, said)
        # "想理个发 出不了门", "药吃完了 腿脚不方便": a listed errand and a difficulty of her
        # own, no 帮我 (convo10). She gets the 帮办 flow, or privately why not and what else.
        need = errand_need(said)
        if need is None or ctx.estate_id is None or self.catalog.match(need) is None:
            return False
        if ctx.classify is not None and ctx.classify(said).urgent:
            return False  # "腿脚不方便 摔倒了 要去医院": an emergency first
        _ask(ctx, self.catalog, need)
        return True

    def asked_outright(self, ctx: Context, text: str) -> bool:
        """An outright request for a listed service, whatever the engine made of it ("你好
        想问问能帮忙取个快递吗 我今天加班" read as a problem of 其他): the 帮办 flow when its
        sender may have the service, or the question where she lives when the bot cannot
        place her privately (convo11a). An emergency said with it is left to the case."""
        said = " ".join(text.split())
        if len(said) > MAX_REQUEST or _DONE_OR_THANKED.search(said):
            return False
        service = outright_service(said, self.catalog)
        if service is None:
            return False
        if ctx.estate_id is None:
            if not ctx.is_private:
                return False
            _ask(ctx, self.catalog, said)  # asks where she lives and keeps her words
            return True
        return self.takes_wish(ctx, said)

    def _handed_back(self, ctx: Context, request: HelpRequest, reason: str) -> None:
        """The volunteer hears it is back with the team; the resident that another one is
        being found (with what the volunteer said she needs), never "进展：弄不了"."""
        ctx.reply(f"好的，帮办 {request.code} 已退回，我们会另找队员。谢谢您！")
        requester = _requester(ctx, request)
        if requester is not None:
            said = f"队员留言：{reason}。" if reason else ""
            ctx.send(
                f"您的帮办 {request.code}（{request.service_name}）原来的队员去不了，"
                f"我们正在帮您另找队员，请放心。{said}",
                person=requester,
            )
        requests.offer(ctx.uow, self.catalog, request, ctx.bot.account, ctx.now, skip=ctx.sender.id)

    def status(self, ctx: Context, token: str) -> None:
        """「进度 H0001」: where a 帮办 stands, to the resident who asked or the team member
        who took it (convo2 C58); to anyone else the same words as for a missing code."""
        shown = token.upper().replace(" ", "")
        try:
            request = find_request(ctx, token)
        except Refused as refused:
            ctx.reply(str(refused))
            return
        mine = ctx.sender.id is not None and ctx.sender.id in (
            request.requester_id,
            request.claimer_id,
        )
        if not (mine or ctx.sender.role >= Role.SECRETARY):
            ctx.reply(str(requests.missing(shown)))  # the words a missing code gets
            return
        claimer = ctx.uow.people.get(request.claimer_id) if request.claimer_id else None
        who = f"，由 {claimer.name} 办理" if claimer is not None else ""
        lines = [f"帮办 {request.code}「{request.service_name}」：{request.status.label}{who}"]
        if request.status is Status.DRAFT:
            lines.append(ASK_DETAILS)
        elif request.status is Status.OPEN:
            lines.append("正在为您找帮办代办队员，有人接单会告诉您。")
        assert request.id is not None
        files = ctx.uow.evidence.for_help(request.id)
        if files:
            lines.append(f"办理材料：照片、语音或视频 {len(files)} 个")  # the proof (F1)
        if ctx.group is not None:
            ctx.send("\n".join(lines), person=ctx.sender)
            ctx.reply("已私信告诉您。")
            return
        ctx.reply("\n".join(lines))

    def claims(self, ctx: Context, token: str | None) -> bool:
        if token is None:
            return False
        try:
            request = find_request(ctx, token)
            result = requests.claim(ctx.uow, self.catalog, request, ctx.sender, ctx.now)
        except Refused as refused:
            ctx.reply(str(refused))
            return True
        if not result.won:
            if result.holder is not None and result.holder.id == ctx.sender.id:
                ctx.reply(f"帮办 {request.code} 已经由您接单了。")
            else:
                holder = result.holder.name if result.holder else "其他队员"
                ctx.reply(f"帮办 {request.code} 已由 {holder} 接单，谢谢您的热心！")
            return True
        details = requests.details_for_claimer(ctx.uow, self.catalog, request)
        if ctx.group is not None:
            ctx.reply(f"接单成功：帮办 {request.code}，地址和联系方式已私信您。谢谢！")
            ctx.send(details, person=ctx.sender)
        else:
            ctx.reply(details)
        requester = _requester(ctx, request)
        if requester is not None:
            ctx.send(
                f"您申请的「{request.service_name}」（{request.code}）已由帮办代办队员 "
                f"{ctx.sender.name} 接单，会按约定时间和您联系。",
                person=requester,
            )
        return True

    def acts(self, ctx: Context, verb: str, text: str) -> bool:
        """进展/办结/退回 whose text starts with an H-code."""
        found = _LEADING_CODE.match(text)
        if found is None:
            return False
        body = " ".join(found[2].split())
        try:
            request = find_request(ctx, found[1])
            if verb == "退回":
                requests.hand_back(ctx.uow, self.catalog, request, ctx.sender, body, ctx.now)
                self._handed_back(ctx, request, body)
                return True
            if verb == "进展":
                if not body:
                    raise Refused(f"请写上进展，例如「进展 {request.code} 已到药店，正在排队」。")
                requests.progress(ctx.uow, request, ctx.sender, body, ctx.now)
            else:
                award = requests.finish(
                    ctx.uow,
                    self.policy,
                    self.catalog,
                    request,
                    ctx.sender,
                    body,
                    ctx.now,
                    ctx.bot.tz,
                )
        except Refused as refused:
            ctx.reply(str(refused))
            return True
        ctx.help_id = request.id  # a photo he sent just before is its proof of work (F1)
        requester = _requester(ctx, request)
        if verb == "进展":
            ctx.reply(
                f"已记录帮办 {request.code} 的进展" + ("，并告诉了居民。" if requester else "。")
            )
            if requester is not None:
                ctx.send(f"您的帮办 {request.code} 有进展：{body}", person=requester)
            return True
        booked = ""
        if award is not None and award.entry is not None and award.entry.points:
            booked = f"已为您记「{award.entry.rule}」{award.entry.points:+d} 积分。"
        ctx.reply(
            f"帮办 {request.code} 已办结（{request.hours:g}小时，{request.persons}人次）。"
            f"{booked}辛苦了，谢谢您！"
        )
        if requester is not None:
            result = f"：{request.result}" if request.result else "。"
            ctx.send(
                f"您申请的「{request.service_name}」（{request.code}）已办好{result}\n"
                f"请评价这次服务：回复「满意 {request.code}」、「基本满意 {request.code}」"
                f"或「不满意 {request.code}」。",
                person=requester,
            )
            assert ctx.sender.id is not None and requester.id is not None
            ctx.finished = Finished(
                request.code, ctx.sender.id, (requester.id,), help_id=request.id
            )
        return True


def outright_service(said: str, catalog: Catalog) -> Service | None:
    """The listed service asked for right after words that ask someone to do it, if any."""
    for asked in _ASKED_FOR.finditer(said):
        near = said[asked.end() : asked.end() + _OUTRIGHT_REACH]
        service = catalog.match(near)
        if service is not None and not _FAULT_BETWEEN.search(near):
            return service
    return None


def build_router(desk: Desk) -> Router:
    router = Router("helpdesk")
    catalog = desk.catalog

    @router.command("代办", "帮办", "帮办代办", args=r"(?P<text>.*)", usage=USAGE)
    def ask(ctx: Context, args: re.Match[str]) -> None:
        _ask(ctx, catalog, args["text"].strip())

    @router.command("帮办清单", "代办清单", "帮办代办清单")
    def listing(ctx: Context, _args: re.Match[str]) -> None:
        ctx.reply(_listing(ctx, catalog))

    @router.command(
        "地址", "上门地址", args=rf"(?:{HELP_CODE}\s*)?(?P<text>.*)", usage="地址 3号楼502 明天上午"
    )
    def details(ctx: Context, args: re.Match[str]) -> None:
        _details(ctx, catalog, args["help"], args["text"])

    @router.command("取消帮办", "取消代办", args=rf"{HELP_CODE}?", usage="取消帮办 H0001")
    def cancel(ctx: Context, args: re.Match[str]) -> None:
        _cancel(ctx, args["help"])

    @router.command("我的帮办", "我的代办")
    def mine(ctx: Context, _args: re.Match[str]) -> None:
        _mine(ctx, catalog)

    return router


def _ask(ctx: Context, catalog: Catalog, text: str) -> None:
    if not catalog.services:
        if ctx.addressed:
            ctx.reply("本社区还没有开通帮办代办。有困难可以发「心愿 …」登记微心愿。")
        return
    if not text:
        ctx.reply(_listing(ctx, catalog))
        return
    estate_id = ctx.estate_id
    if estate_id is None:
        if ctx.is_private:
            ask_where(ctx, "安排帮办")
        else:
            ctx.reply("请在您所在的楼栋群或业主群里申请帮办代办，方便安排本楼的队员。")
        return
    if _already_asked(ctx, catalog, text):
        return
    try:
        request, service = requests.ask(
            ctx.uow,
            catalog,
            estate_id=estate_id,
            requester=ctx.sender,
            group=ctx.group,
            text=text,
            now=ctx.now,
            building=ctx.classify(text).location.building if ctx.classify else None,
        )
    except Refused as refused:
        # Said privately: nobody else in the group needs to read why.
        if ctx.group is not None:
            ctx.reply("抱歉，这项帮办暂时办不了，原因和其他办法我私信告诉您。")
        ctx.send(str(refused), person=ctx.sender)
        point = requests.referral_point(ctx.uow, catalog, estate_id, text)
        if point is not None:
            referral.refer(ctx.sender, point.contact(), ctx.now)  # "那我该找谁啊" (convo15)
        return
    door = door_said(text) if ctx.group is None else None
    if door is not None:
        _details(ctx, catalog, request.code, door)  # the door came with it: nothing to ask
        return
    due = f"一般{service.turnaround}办好。" if service.turnaround else ""
    door = _door_in(ctx, text)
    if door is not None and _confirmed_at_once(ctx, catalog, request, door, text, due):
        return
    question = f"您要办「{service.name}」，编号 {request.code}。{due}\n{ASK_DETAILS}"
    if ctx.group is not None:
        # The group does not learn what (买药, 陪同就医 say something about one's health).
        ctx.reply("收到，这件事可以帮您办。我私信和您确认地址和时间。")
    ctx.send(question, person=ctx.sender)


# A door said digit by digit after the unit: "一单元一零一" (the classifier reads 号楼 and 单元).
_ROOM_AFTER_UNIT = re.compile(
    r"单元\s*([0-9]{3,4}|[零〇一二三四五六七八九幺]{3,4})(?![0-9零〇一二三四五六七八九])"
)
_DIGIT_OF = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "幺": "1"}


def _door_in(ctx: Context, text: str) -> str | None:
    return home_named(text, ctx.classify(text).location) if ctx.classify is not None else None


def home_named(text: str, where: LocationView) -> str | None:
    """The home the request itself names, building and door ("三号楼一单元一零一" ->
    "3号楼1单元101"); None unless both are said: a building alone is not where to knock."""
    room = where.room
    if room is None:
        said = _ROOM_AFTER_UNIT.search(text)
        room = "".join(_DIGIT_OF.get(c, c) for c in said[1]) if said else None
    if where.building is None or room is None:
        return None
    unit = f"{where.unit}单元" if where.unit else ""
    return f"{where.building}号楼{unit}{room}"


def _confirmed_at_once(
    ctx: Context, catalog: Catalog, request: HelpRequest, door: str, text: str, due: str
) -> bool:
    """ "代办 帮我交一下电费 … 三号楼一单元一零一": the address is in the request, so it is not
    asked again (convofix12): the request opens at once (as soon as possible, or the time said)
    and goes to the team; she hears the code and how to change or cancel."""
    when = split_details(text)[1]
    try:
        team = requests.confirm(
            ctx.uow,
            catalog,
            request,
            ctx.sender,
            f"{door} {when}".strip(),
            ctx.now,
            ctx.bot.account,
        )
    except Refused:
        return False
    who = "已通知帮办代办队员" if team else "已转给帮办代办点安排"
    if ctx.group is not None:
        ctx.reply(f"收到，这件事可以帮您办，编号 {request.code}。{who}，详情我私信您。")
    ctx.send(
        f"您要办「{request.service_name}」，编号 {request.code}。{due}\n"
        f"地址：{request.address}\n时间：{request.wanted}\n{who}，有人接单会告诉您。"
        f"想改时间直接告诉接单的队员；想取消请回复「取消帮办 {request.code}」。",
        person=ctx.sender,
    )
    return True


def _already_asked(ctx: Context, catalog: Catalog, text: str) -> bool:
    """The same service asked for again while her request for it is open ("代办 交燃气费"
    after "想请人帮我交一下燃气费"): one record for one need, not two teams sent (D47)."""
    service = catalog.match(text)
    if service is None or ctx.sender.id is None:
        return False
    mine = ctx.uow.helpdesk.of_person(ctx.sender.id)
    open_one = next(
        (r for r in mine if r.service_key == service.key and r.status in (Status.DRAFT, *LIVE)),
        None,
    )
    if open_one is None:
        return False
    door = _door_in(ctx, text) if open_one.status is Status.DRAFT else None
    due = f"一般{service.turnaround}办好。" if service.turnaround else ""
    if door is not None and _confirmed_at_once(ctx, catalog, open_one, door, text, due):
        return True  # asked again, this time with the door: that is the answer we waited for
    more = f"\n{ASK_DETAILS}" if open_one.status is Status.DRAFT else ""
    state = open_one.status.label
    said = f"您已经申请过「{service.name}」，编号 {open_one.code}（{state}）。{more}"
    if ctx.group is not None:
        ctx.reply("您已经申请过这项帮办，我私信告诉您编号。")
    ctx.send(said, person=ctx.sender)
    return True


def _details(ctx: Context, catalog: Catalog, token: str | None, text: str) -> None:
    try:
        draft = find_request(ctx, token) if token else ctx.uow.helpdesk.draft_of(ctx.sender.id or 0)
    except Refused as refused:
        ctx.reply(str(refused))
        return
    if draft is None or draft.status is not Status.DRAFT or draft.requester_id != ctx.sender.id:
        if ctx.is_private:
            ctx.reply(f"您现在没有待确认的帮办代办。需要帮忙请发送「{USAGE}」。")
        return  # "地址 …" in a group from someone with nothing pending is ordinary talk
    if ctx.group is not None:
        ctx.reply("为保护您的隐私，地址请私信发给我。")
        return
    same = SAME_ADDRESS.match(text)
    if same is not None:
        earlier = _earlier_address(ctx, draft)
        if earlier is None:
            ctx.reply("没找到您上次登记的地址，请把地址写全，例如「地址 3号楼2单元502 明天上午」。")
            return
        text = f"{earlier} {text[same.end() :].strip()}".strip()
    try:
        team = requests.confirm(ctx.uow, catalog, draft, ctx.sender, text, ctx.now, ctx.bot.account)
    except Refused as refused:
        ctx.reply(str(refused))
        return
    who = "已通知帮办代办队员" if team else "已转给帮办代办点安排"
    ctx.reply(
        f"好的，已登记：{draft.service_name}（{draft.code}）\n地址：{draft.address}\n"
        f"时间：{draft.wanted}\n{who}，有人接单会告诉您。想取消请回复「取消帮办 {draft.code}」。"
    )


def _earlier_address(ctx: Context, draft: HelpRequest) -> str | None:
    """The address of the person's latest other 帮办 that has one: what "同上" points to."""
    mine = [
        r
        for r in ctx.uow.helpdesk.of_person(ctx.sender.id or 0)
        if r.requester_id == ctx.sender.id and r.id != draft.id and r.address
    ]
    return max(mine, key=lambda r: r.id or 0).address if mine else None


def cancel_request(ctx: Context, token: str | None) -> None:
    """「取消帮办 H0001」, and 「取消 H0001」 through bot.handlers.cancelling."""
    _cancel(ctx, token)


def _cancel(ctx: Context, token: str | None) -> None:
    try:
        if token:
            request = find_request(ctx, token)
        else:
            mine = [
                r
                for r in ctx.uow.helpdesk.of_person(ctx.sender.id or 0)
                if r.requester_id == ctx.sender.id
                and r.status in (Status.DRAFT, Status.OPEN, Status.CLAIMED)
            ]
            if not mine:
                ctx.reply("您现在没有可以取消的帮办代办。")
                return
            request = mine[0]
        before = request.status
        requests.cancel(ctx.uow, request, ctx.sender, ctx.now)
    except Refused as refused:
        ctx.reply(str(refused))
        return
    ctx.reply(f"帮办 {request.code}「{request.service_name}」已取消。有需要随时再找我。")
    if before is Status.CLAIMED and request.claimer_id is not None:
        claimer = ctx.uow.people.get(request.claimer_id)
        if claimer is not None:
            ctx.send(f"居民已取消帮办 {request.code}，不用再去了，谢谢您！", person=claimer)
    elif before is Status.OPEN:
        # Nobody took it yet, but the team was asked to: tell them, so nobody goes to do what
        # the resident no longer needs (convo15 helpdesk_cancel: her son paid the bill).
        for member in offered_to(ctx.uow, request):
            ctx.send(
                f"居民已取消帮办 {request.code}「{request.service_name}」，不用接单了。",
                person=member,
            )


def _mine(ctx: Context, catalog: Catalog) -> None:
    """「我的帮办」 by role (convo4 F38): a resident's own requests; a team member's own
    orders and the 小区's waiting ones, even before he has taken any."""
    rows = list(ctx.uow.helpdesk.of_person(ctx.sender.id or 0))
    waiting: list[HelpRequest] = []
    if on_team(ctx.sender, catalog):
        waiting = list(
            ctx.uow.helpdesk.find(estate_id=ctx.sender.estate_id, status=Status.OPEN, limit=10)
        )
    if not rows and not waiting:
        if home.is_waiting(ctx.sender):
            # Her request is held until she says where she lives: say so, not "no record".
            half = home.building_said(ctx.sender)
            example = home.example(ctx.uow)
            if half:
                example = example.removesuffix("3号楼")  # the building is known: the 小区 only
            where = f"是哪个小区的{half}号楼" if half else "您住哪个小区、几号楼"
            ctx.reply(HELD_FOR_WHERE.format(where=where, example=example))
            return
        if on_team(ctx.sender, catalog):
            ctx.reply("您还没有接过帮办，现在也没有待接单的帮办。有新的会私信通知您。")
        else:
            ctx.reply(f"您还没有帮办代办记录。需要帮忙请发送「{USAGE}」。")
        return
    lines = ["您的帮办代办："] if rows else []
    for r in rows:
        role = "（您接的单）" if r.claimer_id == ctx.sender.id else ""
        lines.append(f"{r.code} {r.service_name} · {r.status.label}{role}")
    if waiting:
        lines.append("待接单：")
        lines += [public_line(r, place(ctx.uow, r)) for r in waiting]
        lines.append("回复「接单 编号」接单。")
    ctx.send("\n".join(lines), person=ctx.sender)
    if ctx.group is not None:
        ctx.reply("已私信告诉您。")


def _listing(ctx: Context, catalog: Catalog) -> str:
    if not catalog.services:
        return "本社区还没有开通帮办代办。有困难可以发「心愿 …」登记微心愿。"
    point = requests.point_for(ctx.uow, catalog, ctx.estate_id)
    lines = ["【帮办代办清单】", *catalog.listing()]
    lines.append(f"需要时发送「代办 服务名称」，例如「{USAGE}」。")
    if point is not None:
        lines.append(f"也可以到{point.contact()}。")
    return "\n".join(lines)


def _requester(ctx: Context, request: HelpRequest) -> Person | None:
    return ctx.uow.people.get(request.requester_id) if request.requester_id else None


def find_request(ctx: Context, token: str) -> HelpRequest:
    """The 帮办 an H-code names (Refused when there is none)."""
    return requests.find(ctx.uow, parse_code(token), token.upper().replace(" ", ""), ctx.sender)
