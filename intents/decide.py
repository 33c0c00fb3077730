"""Stage 6: decide among case / wish / review (待确认) / none from the evidence and the model.

The lexicon is the accountable voice: staff can read why a case was opened. The model moves
borderline lexicon cases: a lexicon case the model finds very unlikely goes to review (or, weak,
is dropped); weak lexicon evidence the model believes goes to review or a case. Since round seven
(a model trained on all the team's text, better alone than the lexicon on unseen text) the model
may also open a case by itself when it is sure and the context reading does not object, and
bring terms the context rules cancelled back to review (never to a case); each setting is off
at 1.1 (intents.lexicon.Settings). Urgent danger is always a case; forwarded articles and talk
about elsewhere never are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from intents.context import Context
from intents.evidence import Evidence
from intents.lexicon import Settings
from intents.model import Action, Kind
from intents.ngram import Opinion

Mode = Literal["lexicon", "model", "combined"]
MODES: tuple[Mode, ...] = ("lexicon", "model", "combined")


@dataclass(frozen=True, slots=True)
class Decision:
    kind: Kind
    action: Action
    category: str | None
    urgent: bool
    score: float  # the evidence behind it on the lexicon's scale
    reason: str


def decide(
    ev: Evidence,
    ctx: Context,
    opinion: Callable[[], Opinion | None],
    settings: Settings,
    mode: Mode = "combined",
    calm: int = 0,
    named_danger: bool = False,
    substance: bool | Callable[[], bool] = True,
    defused: bool = False,
    person: bool = False,
    brief: bool = False,
    anchored: bool = False,
) -> Decision:
    """`opinion` runs the model; it is called only when the decision can depend on it.
    `calm`: 1 when the message says a danger is not happening now (hypothetical, past), 2 when
    it is over or was never real (误报, 找到了); `named_danger`: it names one all the same;
    `defused`: a danger word the lexicon read as none (着火 in 点不着火, 出不来 in 水都出不来);
    `person`: the message names a person who could be at risk (有人, 老人, 孩子).
    `substance`: whether the text says more than a place and a time (`says_something`), or a
    function that tells, asked only when the decision depends on it (rarely).
    `brief`: the message is a few characters (`is_brief`): the n-gram model has too little to
    go on to veto the lexicon (round fourteen).
    `anchored`: a live phrase of the lexicon's category names that category outright
    (`[anchors.<category>]`: 消防通道用铁链锁了 is 消防安全): the category head does not rename it
    (round fifteen)."""
    if ctx.forwarded:
        return Decision("chat", "none", None, False, 0.0, "forwarded")
    if ctx.insult:
        # Abuse at someone (神经病 你全家都漏电) is never a case nor an alarm (its danger words
        # are figures, see the engine's calm); a complaint with abuse in it goes to 待确认.
        d = decide(
            ev,
            replace(ctx, insult=False),
            opinion,
            settings,
            mode,
            max(calm, 1),
            False,
            substance,
            defused,
            person,
            brief,
        )
        if d.urgent:
            # Its only weight was a danger word, and in abuse that is a figure (你全家都漏电).
            return Decision("chat", "none", None, False, d.score, "insult")
        if d.action == "case":
            return replace(d, action="review", reason="insult")
        return d
    if calm and (named_danger or calm == 2) and mode != "model":
        # Talk about a danger that is not happening: never a case by itself. A strong report
        # beside it (上次漏电修好了，现在又…) goes to 待确认 for a person to read.
        lex = _lexicon(ev, ctx, settings)
        if lex.action == "case":
            strong = lex.score >= settings.issue_threshold + (1.5 if calm == 2 else 0.0)
            if strong and mode == "combined" and settings.model_calm_review > 0.0:
                # Safety talk, a past incident or a withdrawn alarm: a person reads it only
                # when the model also sees a report in it.
                op = opinion()
                strong = op is None or op.issue >= settings.model_calm_review
            if strong:
                return Decision("issue", "review", lex.category, False, lex.score, "danger not now")
            return Decision("chat", "none", None, False, lex.score, "danger not now")
        return lex
    if (
        not ev.urgent
        and not calm
        and not ctx.elsewhere  # stricter than for a danger word: the model cannot tell where
        # A danger word the lexicon read as none (灶台点不着火了): the model, which sees the
        # characters 着火, must not bring the alarm back.
        and not defused
        and mode == "combined"
        and settings.model_urgent <= 1.0
    ):
        # Danger in words the lexicon does not have (火好大, 捞上来没反应, 🔥🔥): the model's
        # urgency head, trained on dangers phrased every way and on hypothetical chat.
        op = opinion()
        # The urgency head runs only where the kind head sees a possible report (its cost).
        # A writer unsure there is a problem (楼道里好像有股怪味) raises no alarm on the model's
        # word alone; unsure about a person (一个人躺着 好像是跳下来的, 里面好像有人) with the model
        # this sure, the doubt is about the detail, not the danger (model_hedged_urgent).
        # Round nine.
        at = settings.model_urgent
        if ctx.hedged:
            at = settings.model_hedged_urgent if person else 1.1
        if op is not None and op.issue >= 0.1 and op.urgent >= max(at, settings.model_urgent):
            category = ev.category or (op.category if op.issue >= 0.5 else "other")
            if op.category_p >= settings.model_urgent_category and (
                ev.scores.get(category, 0.0) < settings.issue_threshold + 1.5
            ):
                category = op.category
            return Decision("issue", "case", category, True, max(ev.issue, 3.0), "model urgent")
    if (
        ev.urgent
        and mode == "combined"
        and (settings.model_urgent_veto > 0.0 or settings.model_urgent_calm > 0.0)
    ):
        # Danger words in talk (火锅辣得嘴巴着火, 股市跌得跟电梯失控似的): a model that sees no
        # report and no danger in the message reads them as figures (cross-validated floor on
        # urgent recall, round eight).
        op = opinion()
        veto = settings.model_urgent_veto
        if op is not None and (
            (op.issue + op.wish < veto and op.urgent < veto)
            # Round fourteen: the urgency head alone, trained on dangers phrased every way, sees
            # no danger in a figure or in news (model_urgent_calm).
            or (op.knows_urgency and op.urgent < settings.model_urgent_calm)
        ):
            calmed = replace(ev, urgent=(), urgent_category=None)
            return decide(
                calmed,
                ctx,
                opinion,
                settings,
                mode,
                0,
                False,
                substance,
                False,
                person,
                brief,
                anchored,
            )
    if (
        ev.urgent
        and mode == "combined"
        and settings.model_wish_urgent_veto > 0.0
        and ev.wish >= settings.wish_threshold + 2.0
    ):
        # A danger word as the reason for a request (我爸骨折了 想借个轮椅): several wish words,
        # a model sure of a wish and sure there is no danger now (round thirteen).
        op = opinion()
        if (
            op is not None
            and op.wish >= settings.model_wish_sure
            and op.urgent < settings.model_wish_urgent_veto
        ):
            wish = _model_wish(ev, ctx, op, settings)
            if wish is not None:
                return wish
    if ev.urgent and mode != "model":
        # The danger names the category (smoke → fire_safety, a fall → other) unless it is a
        # plain urgent word with no category of its own; a fairly sure category head names it
        # better (cross-validated: a danger's words say little about whose job it is).
        category = ev.urgent_category or "other"
        weak = ev.scores.get(category, 0.0) < settings.issue_threshold + 1.5
        if any("+" in term for term in ev.urgent):
            # A composed danger (燃气+味) is the lexicon's statement of what it is: a gas leak,
            # not a smell (cross-validated: category 0.781 → 0.783 on the folds).
            weak = False
        if mode == "combined" and settings.model_urgent_category <= 1.0 and weak:
            # A strong lexicon category stands (配电箱漏电 is utilities, whoever got hurt).
            op = opinion()
            if op is not None and op.category_p >= settings.model_urgent_category:
                category = op.category
        return Decision("issue", "case", category, True, max(ev.issue, 3.0), "urgent")
    if mode == "model":
        return _model_only(opinion(), settings)
    d = _report(ev, ctx, opinion, settings, mode, brief, anchored)
    if defused and d.kind == "issue" and ev.category and d.category != ev.category:
        # A danger word the lexicon read as none (燃气灶打不起火): the model, which sees 火,
        # names fire_safety; the lexicon's words name the fault (utilities; round nine).
        d = replace(d, category=ev.category)
    if d.reason == "model sure" and not (substance() if callable(substance) else substance):
        # "2号楼1单元301 晚上7点以后": a place and a time name no problem, however sure the
        # model is that such words come with one; a person may read it (privately: asked what
        # the problem is).
        d = replace(d, action="review", reason="model sure, nothing said")
    if d.action == "case" and ctx.hedged and mode == "combined":
        # 好像, 不知道是不是: the writer is unsure, so a person reads it first — unless the
        # evidence is strong and the model is sure too (楼上好像一直在漏水 滴了一晚上).
        # Doubt said twice (好像 … 也不确定) is doubt: a person reads it whatever the evidence.
        doubts = sum(marker.startswith("hedge:") for marker in ctx.markers)
        op = opinion()
        sure = (
            doubts < 2
            and d.score >= settings.issue_threshold + 1.5
            and (op is None or op.issue >= settings.model_confirms)
        )
        if not sure:
            return replace(d, action="review", reason="hedged")
    return d


def _report(
    ev: Evidence,
    ctx: Context,
    opinion: Callable[[], Opinion | None],
    settings: Settings,
    mode: Mode,
    brief: bool = False,
    anchored: bool = False,
) -> Decision:
    """A message with no danger in it: a case, a wish, 待确认 or nothing."""
    lexicon = _lexicon(ev, ctx, settings)
    if lexicon.action == "wish" and mode == "combined" and settings.model_wish_veto > 0.0:
        # A 微心愿 in words chat also uses (谁家有…借我, 教教我): a person reads it when the
        # model finds no wish in it at all.
        op = opinion()
        if op is not None and _polite_report(ev, op, settings):
            # A polite request about a fault (想麻烦物业修剪一下我家窗外的树 已经碰到玻璃了;
            # 保洁大姐辛苦了 想麻烦您 电梯里有股馊味 能不能帮忙擦擦): the request words are
            # the lexicon's wish words, the fault is a report (round fifteen).
            return _model_category(
                Decision("issue", "case", ev.category, False, ev.issue, "model: a report"),
                op,
                settings,
                anchored=anchored,
            )
        weak = lexicon.score < settings.wish_threshold + 2.0
        if op is not None and op.wish < settings.model_wish_drop and weak:
            # Wish words in thanks for help already given (谢谢党员小陈 帮我把煤气罐扛上楼) or
            # in an offer of help (我可以帮大家代买药): the model is sure there is no request.
            # Several request words (想请人 … 陪我 … 腿脚不方便) still go to a person.
            return Decision("chat", "none", None, False, lexicon.score, "model sure no wish")
        if op is not None and op.wish < settings.model_wish_veto:
            return Decision("wish", "review", None, False, lexicon.score, "model doubts wish")
    if lexicon.kind == "issue" and mode == "combined" and settings.model_wish_over_case <= 1.0:
        # Fault words in a request for help with one's own fault (家里灯泡坏了 谁能帮我换一下,
        # 水管漏了 一个人弄不了 谁能帮我修修): the lexicon's fault words outvote the request, a
        # model sure of a 微心愿 does not (round thirteen). Never an urgent one: dangers were
        # decided above, before any report. A report asked as a question (谁能帮我修一下吗) too.
        op = opinion()
        if (
            op is not None
            and op.wish >= settings.model_wish_over_case
            and op.wish > op.issue
            and not _shared_fault(ev)
        ):
            wish = _model_wish(ev, ctx, op, settings, over_case=True)
            if wish is not None:
                return wish
    if lexicon.reason == "question" and mode == "combined" and settings.model_question_case <= 1.0:
        # A complaint asked as a question (电梯怎么又坏了？有人管吗): the lexicon alone cannot
        # tell it from a question about the thing, a model this sure of a report can.
        op = opinion()
        if op is not None and op.issue >= settings.model_question_case:
            return _model_category(
                replace(lexicon, action="case", reason="model answers"),
                op,
                settings,
                anchored=anchored,
            )
    if lexicon.reason == "elsewhere" and mode == "combined" and settings.model_wish_sure <= 1.0:
        # A request for help asked with a word of elsewhere in it (想问问有人能帮我爸在网上申请
        # 高龄补贴吗): a kind head sure of a wish makes it one (round thirteen).
        op = opinion()
        if op is not None and op.wish >= settings.model_wish_sure:
            wish = _model_wish(ev, ctx, op, settings)
            if wish is not None:
                return wish
    if lexicon.reason == "question" and mode == "combined" and settings.model_question_drop > 0.0:
        # A question about a thing (家里路由器卡 是小区网络的问题还是我家的 怎么排查) the model
        # is sure reports nothing: silence rather than 待确认 (round fourteen).
        op = opinion()
        if op is not None and op.issue < settings.model_question_drop:
            return Decision("chat", "none", None, False, lexicon.score, "model: a question")
    if mode == "lexicon" or lexicon.reason == "elsewhere" or lexicon.action in ("wish", "review"):
        return lexicon
    if lexicon.action == "case" and lexicon.score >= settings.issue_threshold + 1.5:
        if settings.model_strong_veto <= 0.0:
            return lexicon  # strong evidence: the model is not asked
        op = opinion()
        # Sure it is chat, that is: a model sure of a 微心愿 ("楼道的灯坏了 想请人帮忙换一个
        # 我眼睛不好") doubts whose job it is, not that something is wrong.
        if op is not None and op.issue + op.wish < settings.model_strong_veto and not brief:
            return Decision(
                "issue", "review", lexicon.category, False, lexicon.score, "model doubts"
            )
        if op is not None and op.category_p >= settings.model_category_strong:
            # Strong words name a thing; a sure category head knows better whose job it is.
            return _model_category(
                lexicon, op, settings, settings.model_category_strong, anchored=anchored
            )
        return lexicon
    op = opinion()
    if op is None:
        return lexicon
    return _model_category(
        _combine(lexicon, ev, ctx, op, settings, brief), op, settings, anchored=anchored
    )


def _polite_report(ev: Evidence, op: Opinion, settings: Settings) -> bool:
    """A lexicon wish that is a report: the kind head is `model_sure_case` sure of a report
    and the lexicon found a category's words beside the request words."""
    return (
        op.issue >= settings.model_sure_case
        and op.issue > op.wish
        and ev.category is not None
        and ev.scores.get(ev.category, 0.0) >= 1.0
    )


def _model_category(
    d: Decision,
    op: Opinion,
    settings: Settings,
    level: float | None = None,
    anchored: bool = False,
) -> Decision:
    """A confident category head names the category (cross-validated: it is right more often
    than the lexicon's best bucket when it is this sure), unless the lexicon's category is
    anchored: named by a phrase that says whose job it is outright (锁了消防通道; round
    fifteen)."""
    at = settings.model_category if level is None else level
    if d.kind != "issue" or d.urgent or op.category_p < at or anchored:
        return d
    # Built directly, not by dataclasses.replace: this runs for most reports, and replace
    # costs several times a plain construction.
    return Decision(d.kind, d.action, op.category, d.urgent, d.score, d.reason)


# Context that objects to the model deciding alone: the lexicon found no report, and the
# message reads as hypothetical, advice, past or settled, about somewhere else, forwarded or a
# notice. The model reads characters, not scope: 万一电梯坏了 has every n-gram of a report.
_OBJECTING_ROLES = frozenset(
    {
        "hypothetical",
        "hypothetical_suffix",
        "suggestion",
        "past",
        "elsewhere",
        "elsewhere_place",
        "forwarded",
        "notice",
    }
)


def _explained_away(ev: Evidence) -> bool:
    """A context rule cancelled a term (negation, hypothetical, past, elsewhere, not now), or
    a lexicon negative phrase took every term there was (不停电动车 is a sign, not a fault).
    A negative phrase that only vetoes a shorter term inside it (门 in 门口) beside other
    evidence explains nothing away (round seven, cross-validated)."""
    if ev.cancelled and ev.issue <= 0:
        return True
    return any(not term.endswith(":negative") for term in ev.cancelled)


# A place, a time and the small words around them: what is left is what the message says.
_PLACE_AND_TIME = re.compile(
    r"[0-9０-９零〇一二三四五六七八九十两几半]+\s*"
    r"(?:号楼|栋|幢|座|单元|室|楼|层|号|户|点半|点钟|点|分钟?|刻|天|号)?"
    r"|早上|上午|中午|下午|晚上|傍晚|夜里|今天|明天|后天|昨天|以后|之后|之前|以前|左右|前后"
    r"|都在家|在家|我住|住在|住|家里|这边|那边|我家|小区"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_SUBSTANCE = 3  # Han characters left once the place and the time are gone


def is_brief(text: str, settings: Settings) -> bool:
    """Whether the text has at most `model_brief_chars` Han characters (0 = never brief)."""
    return len(_HAN.findall(text)) <= settings.model_brief_chars


def says_something(text: str) -> bool:
    """Whether the text says more than a place and a time (the model alone needs that)."""
    return len(_HAN.findall(_PLACE_AND_TIME.sub("", text))) >= MIN_SUBSTANCE


def _objects(ev: Evidence, ctx: Context) -> bool:
    """Whether the context reading argues against a report the lexicon did not find."""
    if ctx.question or ctx.elsewhere or ctx.hedged or ev.chat > 0 or _explained_away(ev):
        return True
    return any(marker.split(":", 1)[0] in _OBJECTING_ROLES for marker in ctx.markers)


def _lexicon(ev: Evidence, ctx: Context, settings: Settings) -> Decision:
    threshold = settings.issue_threshold
    if ctx.elsewhere and ctx.question and ev.issue < threshold + 2.0:
        return Decision("chat", "none", None, False, ev.issue, "elsewhere")
    issue = ev.issue
    if ctx.irony and ev.category:
        # Praise beside a nuisance is the complaint: the praise words must not cancel it.
        issue = ev.scores.get(ev.category, 0.0) + settings.irony_bonus
    if ev.wish >= settings.wish_threshold and ev.wish + settings.wish_over_issue >= issue:
        return Decision("wish", "wish", None, False, ev.wish, "wish")
    if ev.category and issue >= threshold:
        if ctx.question and issue < threshold + settings.question_margin:
            return Decision("issue", "review", ev.category, False, issue, "question")
        return Decision("issue", "case", ev.category, False, issue, "lexicon")
    return Decision("chat", "none", None, False, issue, "below threshold")


def _model_only(op: Opinion | None, settings: Settings) -> Decision:
    if op is None:
        return Decision("chat", "none", None, False, 0.0, "no model")
    if op.urgent >= settings.model_urgent:
        return Decision("issue", "case", op.category, True, 0.0, "model urgent")
    if op.issue >= 0.5:
        return Decision("issue", "case", op.category, False, 0.0, "model")
    if op.wish >= 0.5:
        return Decision("wish", "wish", None, False, 0.0, "model")
    return Decision("chat", "none", None, False, 0.0, "model")


def _combine(
    lex: Decision, ev: Evidence, ctx: Context, op: Opinion, settings: Settings, brief: bool = False
) -> Decision:
    if lex.action == "case":
        if op.issue < settings.model_drop:
            wish = _model_wish(ev, ctx, op, settings)
            if wish is not None:
                # Nearly sure it is no report because it is a request for help (家里马桶堵了
                # 一个人弄不了 有没有会弄的邻居搭把手): a 微心愿, not chat.
                return wish
            # Weak lexicon evidence against a model nearly sure it is chat (a problem word in
            # small talk): not even a glance from staff.
            return Decision("chat", "none", None, False, lex.score, "model sure chat")
        if op.issue < settings.model_veto and not brief:
            # A few characters (对面那套房子群租): the n-gram model, trained mostly on longer
            # messages, has too little to go on to send it to 待确认; nearly sure (model_drop
            # above), it still drops it (round fourteen).
            return Decision("issue", "review", lex.category, False, lex.score, "model doubts")
        return lex
    # Context explained the words away (万一, 上次, 没有, 你们那): the model may not bring
    # them back as a case, only to a person's eyes when it is sure (model_explained_review).
    explained = _explained_away(ev) and ev.issue < settings.issue_threshold
    category = ev.category or op.category
    if op.issue >= settings.model_sure_case and op.issue > op.wish and not _settled(ev, ctx):
        # Round fifteen: a kind head this sure of a report is right on unseen text even where
        # the context rules object (十一号楼电梯运行的时候咯噔咯噔响: 的时候 is no supposition;
        # 小区花园小路上全是狗屎: 路上 is no street elsewhere). A notice from the estate is still
        # no report; forwards, dangers that are not happening and abuse were decided before.
        # With report words of its own it is the model confirming the lexicon (no substance
        # test: 🔥🔥🔥 楼道！！！ says enough); without, the model alone (a place and a time
        # alone still go to 待确认).
        reason = "model confirms" if ev.issue > 0 else "model sure"
        return Decision("issue", "case", category, False, ev.issue, reason)
    if not explained:
        if ev.issue > 0 and op.issue >= settings.model_confirms:
            return Decision("issue", "case", category, False, ev.issue, "model confirms")
        if op.issue >= settings.model_alone_case and not _objects(ev, ctx):
            # Everyday words the lexicon has never seen (水龙头拧开半天出来的都是黄的): a model
            # trained on thousands of reports phrased every way is sure, and the context
            # reading finds nothing that makes it talk (a question, elsewhere, a supposition).
            return Decision("issue", "case", category, False, ev.issue, "model sure")
        if ev.issue > 0 and op.issue >= settings.model_review:
            if op.issue >= settings.model_case and ev.issue >= settings.issue_threshold - 1.0:
                return Decision("issue", "case", category, False, ev.issue, "model agrees")
            return Decision("issue", "review", category, False, ev.issue, "model")
        if op.issue >= settings.model_alone_review:
            return Decision("issue", "review", category, False, ev.issue, "model alone")
    elif op.issue >= settings.model_explained_review:
        # A report whose words the context rules read as talk (建议把坏了的路灯修好 现在…):
        # the rules' scope is rough, a sure model sends it to 待确认, never to a case.
        return Decision("issue", "review", category, False, ev.issue, "model explained")
    else:
        # The cancelled terms were a report's (万一, 上次, 下周); a request for help is the
        # kind head's to tell (孙子下周三开家长会 我耳朵背 能不能请谁陪我去听听; round thirteen).
        if settings.model_wish_sure <= 1.0:
            return _model_wish(ev, ctx, op, settings) or lex
        return lex
    if ev.wish > 0 and op.wish >= settings.model_review:
        return Decision("wish", "review", None, False, ev.wish, "model wish")
    return _model_wish(ev, ctx, op, settings) or lex


# What a sure kind head does not overrule (model_sure_case): a notice from the estate, a fault
# the writer sets in the past (上次电梯坏了 修了一个礼拜), a denial, and a lexicon negative phrase
# that read the words as life (外卖小哥敲门也没人应: 敲门 is no broken door). The context rules it
# may overrule are the ones that misread on unseen text: suppositions and advice (的时候, 平时,
# 怕) and elsewhere (小路上).
_SETTLED_ROLES = frozenset({"notice", "past", "past_earlier"})
_SETTLED_STATES = (":past", ":negated", ":negative")


def _settled(ev: Evidence, ctx: Context) -> bool:
    if any(marker.split(":", 1)[0] in _SETTLED_ROLES for marker in ctx.markers):
        return True
    return any(term.endswith(_SETTLED_STATES) for term in ev.cancelled)


# Shared places: a fault there is the estate's to fix whoever asks for a hand (楼道的灯坏了 想请人
# 帮忙换一个 我眼睛不好 is a case); the model, which reads the request, cannot tell whose job it is.
_SHARED_PLACES = (
    "楼道", "走廊", "过道", "电梯", "楼梯", "单元门", "门禁", "大门", "小区", "车库", "车棚",
    "地下室", "楼顶", "天台", "路灯", "公共", "院里", "广场", "绿化", "垃圾", "消防",
)  # fmt: skip


def _shared_fault(ev: Evidence) -> bool:
    """Whether a live report term names a shared place (楼道, 电梯, 单元门, 车棚 …)."""
    return any(
        place in term
        for bucket, terms in ev.terms.items()
        if bucket != "wish"
        for term in terms
        for place in _SHARED_PLACES
    )


# Context that objects to a 微心愿 the lexicon did not find: thanks or other chat words (谢谢
# 志愿者帮我…: help already given), a notice or forward, the past, somewhere else.
_WISH_OBJECTING_ROLES = frozenset({"past", "elsewhere", "elsewhere_place", "forwarded", "notice"})
# ... and those that object even to a kind head sure of a wish (model_wish_sure): the errand's
# place (视频, 网上, 老家, 出差) is no news from elsewhere; help already given or a notice is no
# request.
_WISH_SURE_OBJECTING_ROLES = frozenset({"past", "forwarded", "notice"})


def _model_wish(
    ev: Evidence, ctx: Context, op: Opinion, settings: Settings, over_case: bool = False
) -> Decision | None:
    """A request for help in words the lexicon has no wish term for, on the kind head's word
    (model_wish_alone, model_wish_alone_review); None when the model is not that sure or the
    context objects. A question does not object: a wish is usually asked (谁能帮我…吗).
    `over_case`: the lexicon found a report (model_wish_over_case decided the model is sure
    enough); below model_wish_alone the wish goes to 待确认."""
    floor = min(settings.model_wish_alone, settings.model_wish_alone_review)
    if op.wish < floor and not over_case:
        return None
    sure = op.wish >= settings.model_wish_sure
    if (ctx.elsewhere or ev.chat > 0) and not sure:
        return None
    objecting = _WISH_SURE_OBJECTING_ROLES if sure else _WISH_OBJECTING_ROLES
    if any(marker.split(":", 1)[0] in objecting for marker in ctx.markers):
        return None
    if op.wish >= settings.model_wish_alone:
        return Decision("wish", "wish", None, False, ev.wish, "model wish sure")
    if over_case:
        return Decision("wish", "review", None, False, ev.wish, "model wish over case")
    return Decision("wish", "review", None, False, ev.wish, "model wish alone")
