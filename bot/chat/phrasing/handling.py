"""A handler's words under a case code: the command word after the code, news, or done.

"E0001 办结 水管换好了", "E0002进展：师傅下午到", "E0001 已联系电工，下午到" (进展),
"E0001 已经修好了" (办结).
"""

from __future__ import annotations

import re

from bot.chat.phrasing.text import ANY_CODE, CASE, QUESTION, Rewrite, clauses, clean_note

# A code in front of the command word: "E0001 办结 水管换好了", "E0002进展：师傅下午到",
# "Y0001的议事会改到周四晚上七点半".
_CODE_FIRST = re.compile(
    r"^(?P<code>[EeWwHhYyQq]\s*\d+)[\s,，:：]*(?:的)?(?:已经?(?=办结|进展|方案))?"
    r"(?P<verb>办结|进展|方案|认领|接单|退回|进度|已实现|派单给|派给|派单|评议|意见|议事会)"
    r"(?P<rest>.*)$",
    re.S,
)
_THANKS_ONLY = re.compile(r"(?:谢谢|感谢|多谢|辛苦了?|谢谢大家)[\s,，。.!！~～]*")
_ACTS = frozenset(("办结", "进展", "方案", "退回"))
_ASKS_WHERE = re.compile(r"在哪|哪里|几点|哪天|什么时间|啥时间|地点")
# What a handler writes under a code without a command word: done, or else news. "沟通了",
# "电话打通了" are talk, not a pipe running again (convofix11c).
DONE = re.compile(
    r"(?:已经?|都)?(?:修|换|弄|搞|处理|清理|清|疏通|(?<![沟交普])(?<!电话打)通|装|补|办|解决|整改|完工|完成"
    r"|交|缴|买|取|拿|送)(?:好|完|掉|了|回来了|到了)"
    r"|已(?:经)?(?:修复|解决|办结|完工|完成|疏通|处理|更换|清理)|搞定|弄妥|完事"
)
# A step done with the work still ahead (convofix11c): "灯管买好了 下午换", "药拿到了 正在送
# 过去", "灯泡明天买了再换", "已经和502沟通了，晚上接根管子". The work named after a time word,
# or "正在/准备/再…", is still to come: news (进展), never 办结. Leaving-words ("大家晚上下楼注意
# 安全", "这两天先别踩") name no work, so "换好了 大家晚上注意安全" still closes.
_WORK = r"(?:换|修|装|接|送|补|弄|搞|处理|安装|更换|维修|疏通|清理|拿|买|取|交|缴|上门|过去|过来)"
_AHEAD = _WORK + r"(?![好完了掉到])"  # "今天换好了", "下午修完了" are done, not planned
_STILL_TO_DO = re.compile(
    r"正在|正要|准备|打算|还要|还得|待会儿?|等会儿?|回头再|一会儿?(?:就|再)?"
    + _AHEAD
    + r"|(?:今天|今晚|明天|明早|后天|上午|下午|中午|晚上|傍晚|晚点|周末)(?:再|就|去|来|会)?"
    + _AHEAD
    + r"|再"
    + _AHEAD
)


def finished(said: str) -> bool:
    """Whether a handler's words under a code say the work is done (else they are news)."""
    return DONE.search(said) is not None and _STILL_TO_DO.search(said) is None


# A handler giving a case back: it goes back to the pool with the words as the reason.
_HAND_BACK = re.compile(r"退回(?:吧|了|去)?(?:$|[\s,，。!！])")
# "物业管不了 得城管来" says whose job it is, not that he gives the case back (convofix14d).
_CANNOT = re.compile(
    r"(?<!物业)(?<!社区)(?<!小区)(?<!街道)(?<!居委会)(?:弄|修|办|处理|管|搞)不了"
    r"|另找(?:人|别人)|换个人|不归我管"
)
_FOR_NOW = re.compile(r"今天|今晚|暂时|现在|目前|一时|明天|下午|晚上|等")  # "今天修不了" is news
# The holder gives the case up in his own words (convofix15b): he asks for someone else to take
# it ("麻烦找人接一下", "安排别人吧"), which is a 退回 whatever else he says; or he is laid up or
# away ("我昨晚发烧住院了", "这几天回不去", "接不了"), a 退回 unless the words say when he goes
# on ("我出差了 明天回来就弄" is news). Either way the 书记/党小组 must act on it, and his
# illness is never relayed to the resident as "progress".
_ASKS_ANOTHER = re.compile(
    r"找(?:个|其他|别的)?人(?:接|替|顶)|(?:找|换)(?:个|一个)?(?:别人|其他人|其他党员)(?:接|跟|吧|$|\s)"
    r"|换(?:个|一个)?人(?:接|跟|负责|吧|$|\s)|安排(?:一下)?(?:别人|其他人|其他党员|别的党员)"
    r"|(?:别人|其他人|其他党员)(?:帮忙|帮我)?(?:接|替|顶)(?:一下|手|上|过去)|转给别人"
)  # not "找人来修", "安排人下午去修", "换个人来看": arranging the repair is news
_LAID_UP = re.compile(
    r"我[^，,。\s]{0,6}?(?:住院|生病|病了|发烧|出差|在外地|回老家|去外地)"
    r"|接不了|跟不了|跟进不了|回不去|回不来|走不开|顾不上|脱不开身"
)


def gives_up(before: str, rest: str) -> bool:
    """The words around a case code from its holder give it back (see `_ASKS_ANOTHER`)."""
    said = f"{before} {rest}"
    if _ASKS_ANOTHER.search(said):
        return True
    return bool(_LAID_UP.search(said)) and not _FOR_NOW.search(said)


_HAND_BACK_WORDS = re.compile(r"[\s,，。]*(?:那就|就|帮我|麻烦)?退回(?:吧|去|给你们|了)*[\s,，。]*")
_LEADING_PARTICLES = re.compile(r"^(?:吧|了|啊|呀)+[\s,，。!！]*")
# The completion phrase as a whole: "处理完毕" is one phrase, never "处理完" + "毕" (D55).
_VERB_ECHO = re.compile(
    r"^(?:已经?|都)?(?:办结|处理完毕|处理完成|完毕|完成|处理完|搞定)(?:了|啦)?[\s,，。.:：!！]*"
)


_HELP = re.compile(r"(?<![A-Za-z])[Hh]\s*(\d+)")
# Done, said alone as the first clause: "修好了 维保换了个零件", "搞定了".
# Done, said alone as the first clause: "修好了 维保换了个零件". Repair words only: "搞定了 今天的
# 菜买好了" is chat, whoever says it.
_DONE_ALONE = re.compile(
    r"(?:已经?|都)?(?:修|换|弄|处理|清理|疏通|维修)(?:好|完)了?|已经?(?:修复|维修好|处理好|处理完)了?"
)


# Done in everyday words (convo10): "搞定了", "OK了", "弄妥了", or the thing working again
# ("电梯好了", "灯亮了", "水通了", "电梯能用了"). Not repair words: these close only when every
# clause of the message says done, so "搞定了 今天的菜买好了" stays chat; a bare "好了" (no
# thing named) is a word of every conversation and closes nothing.
_DONE_PLAIN = re.compile(
    r"(?:都|已经?|全|总算|终于)?(?:搞定|弄完|弄好|搞好|弄妥|完事|完工|OK|ok|Ok|ＯＫ)(?:了|啦|喽|咯|哒)"
)
_WORKS_AGAIN = re.compile(
    r"(?P<thing>[\u4e00-\u9fff]{1,6}?)(?:已经?|又|都|现在|总算|终于)?"
    r"(?:好|好使|能用|可以用|能坐|可以坐|能开|亮|通|不漏|不响|不堵|通畅|正常|恢复正常|恢复)(?:了|啦|喽|咯)"
)
# What may stand beside the done words: "可以用了", "大家放心", "没问题了", thanks.
_CONFIRMS = re.compile(
    r"(?:现在|已经?|都)?(?:可以用|能用|能坐|可以坐|正常|没问题|没事|好使)了?(?:啦|哈|啊)?"
    r"|大家(?:放心|可以用了?)|(?:请|大家)?放心(?:吧|哈)?|(?:谢谢|感谢|辛苦)(?:大家|你们)?(?:了|啦)?"
    r"|收工|完美|妥妥的?"
)
_NOT_A_THING = frozenset(
    {"都", "这", "那", "我", "你", "他", "她", "就", "也", "现在", "已经", "总算"}
)


# "菜买好了", "作业写好了": something done, not a thing working again.
_DOING = re.compile(r"的|[买做吃写洗弄修办搞交拿取送收备打学看玩煮烧炒]$|今天|昨天|明天")


def _a_thing(word: str) -> bool:
    return word not in _NOT_A_THING and _DOING.search(word) is None


# The closing word itself, without a code (convofix11b): "已办结", "办结了", "可以结案了",
# "已办结 疏通了" (the words after it are the result), "已处理完毕". And "搞定" said alone.
_CLOSED_WORD = re.compile(
    r"(?:已经?|都|可以|能)?(?:办结|结案|处理完毕)(?:了|啦|喽|咯)?|(?:已经?|都)?搞定(?:啦|喽|咯)?"
)


def done_without_code(text: str, **_: bool) -> Rewrite | None:
    """ "修好了 维保换了个零件", "搞定了", "电梯好了" from someone who handles exactly one open
    case (or names the thing of one he holds): its 办结."""
    parts = clauses(text)
    if not parts or ANY_CODE.search(text) or _HELP.search(text) or QUESTION.search(text):
        return None
    if _DONE_ALONE.fullmatch(parts[0]) is not None:
        return Rewrite(f"办结 {' '.join(parts)}", "sole_case")
    if _CLOSED_WORD.fullmatch(parts[0]) is not None:
        if "搞定" not in parts[0]:
            return Rewrite(f"办结 {' '.join(parts[1:])}".strip(), "sole_case")
        if len(parts) == 1:
            return Rewrite("办结 搞定", "sole_case")  # "搞定！" alone: done, nothing more said
    thing = ""
    done = False
    for part in parts:
        works = _WORKS_AGAIN.fullmatch(part)
        if _DONE_PLAIN.fullmatch(part) or _DONE_ALONE.fullmatch(part):
            done = True
        elif works is not None and _a_thing(works["thing"]) and not thing:
            thing, done = works["thing"], True
        elif not _CONFIRMS.fullmatch(part):
            return None  # another subject beside the done words: chat
    if not done:
        return None
    return Rewrite(f"办结 {' '.join(parts)}", "sole_case", about=thing)


# "今天去不了，明天上午去", "今天有事 明天一早过去看", "已经联系师傅了 下午到": a handler's
# plan for the one case he holds, said without its code: news (进展) for the resident, who
# would otherwise wait without knowing (convofix7 left this getting the help text).
_WHEN = (
    r"(?:今天|今晚|明天|明早|明儿|后天|上午|下午|中午|晚上|傍晚|一会儿?|等会儿?|待会儿?|晚点|稍后"
    r"|一早|马上|这就|周末|周[一二三四五六日天]|星期[一二三四五六日天]|[0-9一二三四五六七八九十两]+点)"
)
_COMING = re.compile(
    rf"(?:我|我们|师傅|物业|电工)?(?:{_WHEN})+(?:半|左右|前|后|再|就|会|一定|肯定|准时)*"
    r"(?:过去|过来|去|来|到|上门)(?:看看?|修|处理|弄|换|一趟|一下|现场)?(?:了|哈|啊|吧|的)*"
)
_CONTACTED = re.compile(
    r"(?:已经?|刚刚?)?(?:联系|约|叫)(?:了|好了|上了)?(?:物业|师傅|电工|维修|维保|厂家|水电工)"
    r"(?:了|师傅)?|(?:我|师傅)?在路上了?|(?:我|师傅)?(?:快|马上)到了?"
)
_NOT_TODAY = re.compile(
    r"(?:今天|今晚|上午|下午|现在)?(?:我)?"
    # whose the errand is: "单位加班", "公司临时开会", "家里有事" (convo10b A1)
    r"(?:在?(?:单位|公司|厂里|厂子|家里|孩子|老人|医院)(?:里|上|那边)?)?(?:要|得|在)?"
    r"(?:实在|临时|突然)?(?:有事|有点事|去不了|来不了|走不开|没空"
    r"|脱不开身|不在家|在外地|出差|加班|开会|值班|生病了?)(?:了|啦|呀|啊)*"
)
# "收到", "好的" in front of the plan answer the 派单 or the alert: the plan is the news.
_ACK = re.compile(r"(?:收到|好的?|行|明白|没问题|OK|ok|Ok|嗯+)(?:了|啦|哈|呀)*")
_SORRY = re.compile(r"不好意思|抱歉|对不起|麻烦(?:您|你)?(?:再)?等(?:一下|等)?|别着急|放心")


def plan_without_code(text: str, **_: bool) -> Rewrite | None:
    """ "今天去不了，明天上午去" from someone holding exactly one open case: its 进展."""
    if ANY_CODE.search(text) or _HELP.search(text) or QUESTION.search(text) or len(text) > 40:
        return None
    parts = clauses(text)
    if not parts or len(parts) > 4:
        return None
    planned = False
    said: list[str] = []
    about = ""
    for k, part in enumerate(parts):
        if k == 0 and _ACK.fullmatch(part) and len(parts) > 1:
            continue  # "收到 我下午去看看": the ack is not news for the resident
        thing = _THING.match(part) if not said and not about else None
        if thing is not None:
            # "台阶那个今天去不了 明天上午过去": the words name which of his cases (convo10b)
            about, part = thing["thing"], part[thing.end() :]
            if not part:
                continue  # "路灯的事 明天上午过去"
        said.append(part)
        if _COMING.fullmatch(part) or _CONTACTED.fullmatch(part):
            planned = True
        elif not (_NOT_TODAY.fullmatch(part) or _SORRY.fullmatch(part)):
            return None  # "明天上午去医院": his own day, not the case
    if not planned:
        return None
    return Rewrite(f"进展 {' '.join(said)}", "sole_case", about=about)


# The thing a plan names first: "台阶那个", "路灯的事", "井盖这个".
_THING = re.compile(
    r"(?![这那])(?P<thing>[\u4e00-\u9fff]{2,4}?)(?:那个|这个|的事|那事|这事|那件事|这件事)"
)


# "我去不了", "这个我弄不了", "去不了了 退回吧": giving back the one task he holds (R3).
# "这个我跟不了了" (convo13b): following a case up is the member's job too, so 跟不了 / 跟进不了 /
# 顾不上 / 负责不了 / 走不开 give it back like 去不了 does.
_CANNOT_ALONE = re.compile(
    r"(?:这个|这事|这件事|这单|这个单子|这活)?(?:我)?(?:可能|恐怕|估计)?(?:实在|真的?|确实)?"
    r"(?:去不了|来不了|弄不了|修不了|办不了|处理不了|搞不了|接不了|管不了|去不成|没空去|没时间去"
    r"|跟不了|跟进不了|跟不下去|做不了|干不了|顾不上|顾不过来|负责不了|走不开|抽不开身|没法去"
    r"|没办法去|没法跟|没法跟进)"
    r"(?:了|啦|呀|啊)*"
)


def hand_back_without_code(text: str, **_: bool) -> Rewrite | None:
    """ "退回", "我去不了，退回", "这个我弄不了" from someone holding exactly one open case:
    its 退回, the words as the reason (the pipeline finds the case, or asks which)."""
    if ANY_CODE.search(text) or _HELP.search(text) or QUESTION.search(text):
        return None
    parts = clauses(text)
    if not parts or len(parts) > 3:
        return None
    said = "".join(parts)
    handed = any(_HAND_BACK_WORDS.fullmatch(p) for p in parts) or said in ("退回", "退回吧")
    cannot = _CANNOT_ALONE.fullmatch(parts[0]) is not None and not _FOR_NOW.search(said)
    if not (handed or cannot):
        return None
    reason = " ".join(p for p in parts if not _HAND_BACK_WORDS.fullmatch(p)).strip()
    return Rewrite(f"退回 {reason}".strip(), "sole_case")


def code_first(text: str, **_: bool) -> Rewrite | None:
    found = _CODE_FIRST.match(text)
    if found is None:
        return None
    code = found["code"].replace(" ", "")
    rest = _LEADING_PARTICLES.sub("", clean_note(found["rest"]))  # "E0001 退回吧"
    if _THANKS_ONLY.fullmatch(rest):
        rest = ""  # "H0001 已办结了，谢谢": no result said, only thanks
    if found["verb"] in _ACTS and QUESTION.search(found["rest"]):
        return None  # "H0001 办结了吗" asks how it stands: the status rule answers
    verb = "派单" if found["verb"].startswith("派") else found["verb"]
    if verb == "议事会" and (QUESTION.search(rest) or _ASKS_WHERE.search(rest)):
        return None  # "Y0001的议事会在哪开": a resident asking, not an organiser moving it
    return Rewrite(f"{verb} {code} {rest}".strip())


def note(text: str, **_: bool) -> Rewrite | None:
    """ "E0001 已联系维修师傅" from the case's handler: news (进展), or done (办结); the same
    under a 帮办 code from its volunteer ("H0001 已到营业厅排队了")."""
    helped = _HELP.match(text)
    found_help = _HELP.search(text)
    if helped is None and found_help is not None and len(_HELP.findall(text)) == 1:
        # "水电费都交好了 H0001办结": the code amid the volunteer's words (F3), read as a
        # case code amid a handler's words is.
        if ANY_CODE.search(text):
            return None
        before = clean_note(text[: found_help.start()])
        around = _news_around(found_help[1], before, clean_note(text[found_help.end() :]), "H")
        return Rewrite(around.text, "volunteer") if around is not None else None
    if helped is not None and len(_HELP.findall(text)) == 1:
        rest = clean_note(text[helped.end() :])
        if (
            not rest
            or rest.startswith(("的", "和", "跟", "也", "还", "又", "呢"))
            or QUESTION.search(rest)
        ):
            return None
        if _HAND_BACK.search(rest) or (_CANNOT.search(rest) and not _FOR_NOW.search(rest)):
            # "H0001 这个我弄不了 要本人刷脸 退回吧": back to the team, never news (F81).
            reason = _HAND_BACK_WORDS.sub(" ", rest).strip() or rest
            return Rewrite(f"退回 H{helped[1]} {reason}", "volunteer")
        rest, closing = _closing(rest)
        verb = "办结" if closing or finished(rest) else "进展"
        return Rewrite(f"{verb} H{helped[1]} {rest}".strip(), "volunteer")
    codes = set(CASE.findall(text))
    found = CASE.search(text)
    if found is None or len(codes) != 1:
        return None
    before = clean_note(text[: found.start()])
    rest = clean_note(text[found.end() :])
    if _ACK_ONLY.fullmatch(before):
        before = ""  # "收到，E0001 我叫上物业一起去": the code opens his news (convo9 c13)
    elif _THING.fullmatch(before) and rest:
        before = ""  # "门禁那个 E0001 修好了" (convofix11c): the words name the case, no more
    if _TO_SOMEONE.match(rest):
        return None  # "E0001你跟一下" tells someone else to act: never relayed as news (d07)
    if before:
        return _news_around(found[1], before, rest)
    if not rest or rest.startswith(("的", "和", "跟", "也", "还", "又")):
        return None  # "E0003的水管又漏了" speaks about the case; news starts with a statement
    if WHO_ASKS.search(rest):
        return None  # "E0001现在谁在管" from staff asks, it is never relayed (convo9 e02)
    if (
        _HAND_BACK.search(rest)
        or (_CANNOT.search(rest) and not _FOR_NOW.search(rest))
        or gives_up("", rest)
    ):
        # "E0001 这个我弄不了 得找电梯公司 退回吧": a hand-back, never relayed as news.
        return Rewrite(
            f"退回 E{found[1]} {_HAND_BACK_WORDS.sub('', rest).strip() or rest}", "handler"
        )
    rest, closing = _closing(rest)
    verb = "办结" if closing or finished(rest) else "进展"
    rest = _VERB_ECHO.sub("", rest) or rest  # "E0001 已办结 换了新灯" relays "换了新灯"
    return Rewrite(f"{verb} E{found[1]} {rest}".strip(), "handler")


# A closing word ending the handler's message: "E0001 拧紧了 办结", "… E0001可以办结了"
# (convo3 D3). Not "还没办结", "不能办结": those are news.
_CLOSING = re.compile(
    r"(?<![没未不无])(?:可以|能|就|请|申请)?(?:办结|结案)(?:了|吧|啦)?[\s,，。.!！~～]*"
    r"(?:(?:谢谢|感谢|多谢|辛苦了?)[\s,，。.!！~～]*)?$"
)
_NOT_YET = re.compile(r"(?:没|未|不|不能|无法|还没有?)$")
# Words before the code that make it another command or a question ("请问 E0001", "认领E0001
# 我下午去"): other rules read those.
# 查 and 问 ask only as words of their own: the handler's "维保说明天来检查 E0001 办结",
# "上门慰问了 E0001 办结" end in a word of work that merely ends in the same character; such a
# word alone before the code ("检查 E0001") is still a look-up, never news (convofix15b).
_VERB_BEFORE = re.compile(
    r"(?:进度|认领|接单|办结|进展|方案|退回|派单|派给|评价|满意|已实现|报名|查一下|问下|请问"
    r"|(?<![检排巡调核审普抽复探筛追盘])查|(?<![慰访走顾])问|^\S?[查问]"  # "检查 E0001": a look-up
    r"|关于|那个|这个|看看|看下)$"
)


def _closing(rest: str) -> tuple[str, bool]:
    """The words without a closing 办结 at their end, and whether there was one."""
    found = _CLOSING.search(rest)
    if found is None or _NOT_YET.search(rest[: found.start()]):
        return rest, False
    # "E0001 已办结了", "H0002 都办结了": the 已 belongs to the closing word, not the result.
    before = _DONE_ADVERB.sub("", rest[: found.start()])
    return clean_note(before).rstrip("，,。 "), True


_ACK_ONLY = re.compile(r"(?:收到|好的?|行|明白|OK|ok|嗯+)[\s,，。.!！~～]*")
_TO_SOMEONE = re.compile(r"^(?:你|您)(?:们)?(?:去|来|跟|看|处理|负责|弄|管|帮)")
_TELLS_SOMEONE = re.compile(r"(?:你|您)(?:们)?(?:去|来|跟|处理|负责)")
# The closing word right after the code, more words after it: "E0001办结，两天内别踩边上".
_VERB_THEN_WORDS = re.compile(
    r"^(?:已经?)?(?:办结|结案)(?:了|啦)?[\s,，。.:：!！]+(?P<words>\S.*)$", re.S
)
# A question about who has a case: "E0001现在谁在管", "E0001有人接了吗" (never news, convo9 e02).
WHO_ASKS = re.compile(r"谁|有人(?:接|管|跟|认领)|有没有人|没人(?:接|管)")
_DONE_ADVERB = re.compile(r"[\s,，。]*(?:已经?|都|也|就)?[\s]*$")


def _news_around(number: str, before: str, rest: str, prefix: str = "E") -> Rewrite | None:
    """The code amid the handler's words: "换好了 E0001 办结", "人出来了 没事 … E0001 办结",
    "收到 马上安排 E0001 下午找人打磨刷漆" (convo3 D3, D19). The words after the code are the
    news when there are any; else the words before it are."""
    if _VERB_BEFORE.search(before) or QUESTION.search(before) or QUESTION.search(rest):
        return None
    if WHO_ASKS.search(rest) or WHO_ASKS.search(before) or _TELLS_SOMEONE.search(before):
        return None  # "孙志明你跟一下 E0002" tells someone to act: never relayed as news
    if rest.startswith(("的", "和", "跟", "也", "还", "又", "呢")):
        return None  # "昨天E0001的事谢谢大家" speaks about the case
    cannot = _CANNOT.search(rest) and not _FOR_NOW.search(rest)
    if prefix == "E" and (cannot or gives_up(before, rest)):
        # "临时要出差一周 E0001我弄不了 麻烦换个人": a hand-back, never news (convo9 C).
        reason = clean_note(f"{before} {_HAND_BACK_WORDS.sub(' ', rest).strip()}")
        return Rewrite(f"退回 E{number} {reason}", "holder")
    verb_first = _VERB_THEN_WORDS.match(rest)
    if verb_first is not None and not _THANKS_ONLY.fullmatch(verb_first["words"]):
        # "台阶补好了，E0001办结，两天内别踩边上": the result is all the words around the
        # command word, never "办结，两天内…" relayed as news (convo9 C).
        said = "，".join(
            w for w in (before.rstrip("，,。.; "), clean_note(verb_first["words"])) if w
        )
        return Rewrite(f"办结 {prefix}{number} {said}", "holder")
    after, closing = _closing(rest)
    said = after or before
    verb = "办结" if closing or finished(said) else "进展"
    # Only from the member who holds the case: "大家注意 E0001 是紧急的" from another member
    # is talk about it, not his news (and must not claim it for him).
    return Rewrite(f"{verb} {prefix}{number} {said}", "holder")


MAX_NEWS = 200  # a handler's news under a code may run longer than a rephrased command


def long_note(text: str) -> Rewrite | None:
    """A handler's long news under his code ("E0001：维保师傅说是门锁回路故障，配件下午到（联系
    电话…）", convo3 D19): what `note` reads, past the length of a rephrased command."""
    if len(text) > MAX_NEWS:
        return None
    found = note(text)
    return found if found is not None and found.needs in ("handler", "holder") else None
