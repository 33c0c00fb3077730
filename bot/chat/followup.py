"""Words that say a finished job is not finished: "还没修好啊 还在滴水", "怎么又漏了".

After 办结 the reporter is asked to rate. A complaint from her about the same thing while
that question waits is her answer (不满意), not a new report: the pipeline's handlers ask
`says_unfixed()` before opening a second case for one leak (issue 11, convo2 C4).

The rule is a persistence marker next to a fault ("还在滴水", "又坏了", "还是不亮") or a
negated repair ("没修好", "没有解决", "没弄好"). A question ("修好了吗") is no complaint, and
praise is not a fault ("还是挺好的").
"""

from __future__ import annotations

import re

# Still / again, then at most a few words, then a fault.
_STILL = r"(?:还|仍然?|依然|依旧|照样|照旧|又|一直)"
_FAULT = (
    r"(?:坏|漏|堵|滴|渗|臭|吵|响|不亮|不通|不行|不转|不出水|不热|没水|没电|没热水|没信号"
    r"|停|冒|积水|断|卡|异响|有味|有异味|黑着|一样|老样子|那样|原样"
    # "还是按不亮", "还是刷不开", "还是冲不下去": a verb and what it fails to do
    r"|[按刷打拧冲关点开用]不(?:亮|开|动|响|上|下去|出来|出水|灵|好使))"
)
# "还是砰砰响", "还在哗哗地漏": a sound word or two may stand between (convo9).
_PERSISTS = re.compile(
    rf"{_STILL}(?:是|在|有点|会|那么|这么|在往下|是在)?(?:[砰哗嘀滴咣哐嗡吱呼]{{1,2}}地?)?{_FAULT}"
)
_NOT_FIXED = re.compile(
    r"(?:没|没有|未|不)(?:能|给)?(?:修|弄|搞|处理|解决|整|疏通|通|换|装|清理|清)(?:好|完|掉|彻底)"
    r"|(?:没|没有|未)(?:解决|处理|修复|修)"
    r"|(?:没|不)(?:管用|起作用|见效|好使)"
    # "怎么就办结了？", "根本没人来换": the case was closed with the work not done (convo9)
    r"|(?:怎么|咋|凭什么)(?:就|都)?(?:办结|结案|完结|关)了|根本没(?:有)?人来(?:换|修|弄|看|处理)"
)
# "修好了吗", "是不是还漏", "还没修好吗": asking, not telling.
_QUESTION = re.compile(r"(?:吗|么|嘛|了没|没有|是不是[^，,。！!]*)[\s?？。.!！~～]*$|^是不是")
# "哪里好了", "好什么好", "根本没好": the close itself is denied, whatever follows (convo14b).
_DENIED = re.compile(
    r"(?:哪里|哪儿|哪)(?:好|修好|弄好|解决)了|好什么好|修什么修|(?:根本|压根儿?|一点都?)(?:没|没有)好"
)
# "还是按不亮 你们是不是没来啊": a statement and a question in two clauses; the statement counts.
_CLAUSES = re.compile(r"[\s，,。！!？?；;~～、]+")
MAX_FOLLOWUP = 60  # a longer message tells a story of its own


def denies_repair(text: str) -> bool:
    """ "哪里好了", "好什么好": the words deny the close itself, so they are about the case just
    closed whatever thing they name."""
    return bool(_DENIED.search(text))


def says_unfixed(text: str) -> bool:
    """The words say the problem is still there after the work (not a question about it)."""
    said = " ".join(text.split())
    if not said or len(said) > MAX_FOLLOWUP:
        return False
    if denies_repair(said):
        return True
    if not _QUESTION.search(said):
        return bool(_PERSISTS.search(said) or _NOT_FIXED.search(said))
    clauses = [c for c in _CLAUSES.split(said) if c]
    return len(clauses) > 1 and any(
        not _QUESTION.search(c) and (_PERSISTS.search(c) or _NOT_FIXED.search(c)) for c in clauses
    )


# The people an emergency is about: "人出来了", "孩子回来了" (not "老鼠出来了", "水回来了").
_PERSON = r"(?:人|孩子|娃|小孩|老人|老头子?|老太太?|老伴|老公|老婆|爸|妈|爷爷|奶奶|姥姥|姥爷|他|她)"
# The reporter takes her report back: "搞错了 是我家孩子按了急停", "撤回刚才说的", "E0001 没事了";
# or the danger is over: "孩子找到了 虚惊一场", "火已经灭了", "人救出来了" (convo3 D25).
_RETRACTED = re.compile(
    r"(?:搞|弄|看|报|说|听)错了|误报|撤回|撤销|不用(?:修|来|管|处理|麻烦)了?|没事了|没问题了"
    r"|(?:已经|现在|又|自己)(?:好了|恢复了?|正常了|修好了|弄好了|处理好了|解决了|搞好了|弄完了)"
    r"|恢复正常|可以关了?"
    # "哦不对 是有人搬家把电梯锁住了 没坏": nothing broke after all (convo9)
    r"|^(?:哦|噢|啊|呃)?不对[^，,。]{0,20}?(?:没坏|没有坏|没事|不是坏)|(?<![还都])没坏(?![的吗么])"
    r"|虚惊一场|(?:找|寻)(?:到|着)了|(?:火|明火)(?:已经|被)?(?:灭|扑灭)了|已经(?:灭|扑灭)了"
    rf"|{_PERSON}(?:已经|自己|被)?(?:回来了|回家了|(?:救|放|弄|拉|接)?出来了)"
)
# "没找到", "还没回来", "火还没灭", "人还没出来": the opposite of a stand-down.
_NOT_OVER = re.compile(r"(?:没|没有|还没|不)(?:找|寻|回|灭|扑|救|放|弄|拉|出)")


def says_retracted(text: str) -> bool:
    """The words take a report back or say the problem went away by itself."""
    said = " ".join(text.split())
    if not said or len(said) > MAX_FOLLOWUP or _QUESTION.search(said):
        return False
    return bool(_RETRACTED.search(said)) and not _NOT_OVER.search(said)


# Someone reports what they did about an emergency, not a new one: "已经打了119了 说马上到",
# "打了燃气公司电话了 说半小时到", "物业的人来了" (convo3 D1, D38). The words about the call or
# the arrival aside, nothing is left but fillers.
_CALLED_SOMEONE = re.compile(
    r"(?:打了|打过|拨了|叫了|联系了|报了)[^，,。！!？?\s]{0,8}?(?:电话|热线|维保|物业|保安|电工)"
    r"|(?:物业|保安|维保|电工|师傅|民警|警察|消防|救护车|120|119|110|燃气公司|电梯公司)"
    r"(?:的人|车|员)?(?:已经?|都|也)?(?:到了|来了|在了|到场|赶到了?|赶来了|在路上|上来了|过来了)"
    # "120说马上到", "消防那边说五分钟到", "119马上就来" (convo10): the promise of the arrival
    r"|(?:救护车|消防车|急救|消防|民警|警察|120|119|110)(?:那边|的人|车)?(?:说|讲|回复|答复)?"
    r"(?:马上|很快|立刻|一会儿?|[0-9一二两三四五六七八九十几半]+分钟(?:内|后|左右)?)(?:就)?"
    r"(?:到|来|过来|赶到|赶过来|出发了?)了?"
)
_FILLER = re.compile(
    r"(?:已经?|刚才?|刚刚|我|我们|他们|他|她|了|过|说|马上|很快|一会儿?|半小时|[0-9一二两三四五十几半]+分钟"
    r"|就|到|来|快|呢|啊|吧|哈|的|在|路上|正在|赶过来|等着?|着|大家|放心|别急|电话|也)+"
)
MAX_CALL_REPORT = 30


# Which home it is, said by a neighbour beside the call: "对 是四楼那家 已经打119了", "是502那
# 家". Where the emergency is, no new problem (convo11a): taken out with the fillers.
_WHICH_HOME = re.compile(
    r"^(?:对的?|是的|嗯+)?[\s，,]*(?:就)?是?\s*"
    r"(?:[0-9一二三四五六七八九十两]+\s*(?:号楼|栋|楼|层|单元|室|号)?\s*)+(?:的|那|这)?(?:家|户|边)"
)


def says_help_called(text: str, called: bool) -> bool:
    """The words only tell that help was called or has come (`called`: the safety module
    found an emergency number called or arrived), perhaps with which home it is."""
    said = " ".join(text.split())
    if not said or len(said) > MAX_CALL_REPORT or _QUESTION.search(said):
        return False
    said = _WHICH_HOME.sub(" ", said).strip() or said
    rest = _CALLED_SOMEONE.sub(" ", said)
    if not called and rest == said:
        return False
    rest = re.sub(r"(?:打了|打过|拨了|叫了|报了警?|报警了?)?\s*(?:119|120|110|报警)", " ", rest)
    rest = _FILLER.sub("", re.sub(r"[\W_]+", "", rest))
    return len(rest) <= 2


# Waiting too long: "都两天了还没人来修", "你们到底管不管", "怎么还没人来".
_NUMBER = r"[0-9一二两三四五六七八九十几半]+"
_WAIT = (
    rf"(?:{_NUMBER}|好几|这么|那么)个?多?(?:天|小时|个?钟头?|个?礼拜|个?星期|周|个?月|久)"
    r"|好久|半天|一上午|一下午|一晚上"
)
_IMPATIENT = re.compile(
    r"还没(?:有)?人(?:来|管|修|处理|理|回)|怎么还没|到底(?:管不管|有没有人|什么时候|啥时候)"
    rf"|(?:都|已经)(?:{_NUMBER})个?多?(?:天|个?小时|个?礼拜|个?星期|周|个?月)了"
    r"|没(?:有)?人(?:管|理|来|回|修|处理)|还要等多久|等了(?:好久|半天|一天|几天)|催一下|催催"
    # "有没有人管管", "谁管", "还没修好" on a case still open (convo3 D8, D9, D21, D54)
    r"|有没有人(?:管|来|理|接|认领)|有人管(?:吗|没|不|么)"
    r"|(?:还是|还|都)?没(?:有)?人(?:认领|接单|接)|谁(?:来)?管|到底(?:修不修|来不来)|还没(?:有)?(?:修|弄|处理|解决|搞)好"
    # "等了两天了", "等半天了", "还没动静", "人呢？？" (convo10): waiting, in her own words
    rf"|等了(?:{_WAIT})(?=了|还|都|也|没|$|[^\w])|等(?:{_WAIT})了"
    r"|等到现在|(?:我|我们)?等(?:你们|了)?(?:好久|半天)了"
    r"|^(?:人|师傅|维修的人?|修的人|物业的?人?|你们的?人?)(?:呢|呐|去哪了|在哪儿?)[啊呀\W_]*$"
    # The same in Cantonese (convofix14a): 冇 is 没有, 嚟 is 来, 仲 is 还, 点解 is 为什么 —
    # "有冇人理啊", "冇人理", "点解冇人嚟", "仲未有人嚟".
    r"|有冇人(?:管|理|嚟|来|跟|睇|处理)|冇(?:人|人哋)(?:管|理|嚟|来|跟|睇|处理)"
    r"|点解(?:仲)?(?:冇|未有)人|仲(?:系|係)?(?:冇|未有)人"
)


def says_impatient(text: str) -> bool:
    """The words complain that nobody has come yet (a question form is fine here)."""
    said = " ".join(text.split())
    return bool(said) and len(said) <= MAX_FOLLOWUP and bool(_IMPATIENT.search(said))


# A neighbour agreeing under a report: "+1", "我家也是 冻死了", "同问 啥时候能好", "同上".
_AGREES = re.compile(
    r"^(?:\+\s*1|＋1|加一|同上|同问|同感|附议|一样|同样|我也是|我家也是|我们家也是|我们这也是"
    r"|我这也是|俺家也是|我家也一样|我家也这样|我们也是|我家也|我们家也|我们楼也是|也是)"
    r"(?:[啊呀哈了的啦！!，,。.\s]|$)"
)
MAX_AGREEMENT = 20


# "我们这层也有", "我们五楼也冒水了", "楼上也是", "我家也停了": who or where, then 也 — the same
# thing here too (convo8). The place is the speaker's own (a floor, a home, a unit), never
# another building by number, which is a report about that building.
_ALSO_HERE = re.compile(
    r"^(?:我家|我们家|俺家|咱家|我这|我这边|我们这|我们这边|这边|这层|我们这层|我们层"
    r"|我们单元|我们这个?单元|我们楼|我们这栋|楼上|楼下|隔壁|对门|对面|我们?(?:这|那)?一?层"
    r"|我们?(?:这|那)?[0-9一二三四五六七八九十两]+(?:楼|层|单元)|[0-9一二三四五六七八九十两]+(?:楼|层)"
    r"|(?:我|我们)?(?:那|这)边)"
    r"(?:的|家|里|这|那|边)*(?:好像|感觉)?也(?:都|一样|在)?"
    r"(?:是|有|一样|这样|那样|停|漏|冒|堵|坏|没|闻|臭|吵|不|听|看到|积|进|断|黑|响|卡|渗|湿|满)"
)
_ALSO_NOT = re.compile(r"[吗么?？]|不是|没有|没事|正常|好的|挺好")
MAX_ALSO = 16


def says_same_here(text: str) -> bool:
    """A short "me too" under a neighbour's report: "+1", "我家也是", "我们这层也有",
    "我们五楼也冒水了" (not "我家也没事", "我们楼也有吗")."""
    said = " ".join(text.split())
    if not 0 < len(said) <= MAX_AGREEMENT:
        return False
    if _AGREES.match(said):
        return True
    compact = "".join(said.split())
    return (
        len(compact) <= MAX_ALSO
        and _ALSO_HERE.match(compact) is not None
        and not _ALSO_NOT.search(compact)
    )


# "楼下也是", "我们单元也一样": agreement that names nothing of its own, so no category either
# ("楼下" is a noise word of the lexicon; here it only says where the speaker is).
_ALSO_BARE = re.compile(r"也(?:都)?(?:是|一样|这样|那样|有)(?:的|啊|呀|哈|了|啦|[！!。.，,])*$")


def names_nothing(text: str) -> bool:
    """A "me too" that names no thing: any category the engine guessed is the place's."""
    compact = "".join(text.split())
    return bool(_AGREES.fullmatch(compact) or _ALSO_BARE.search(compact))


def says_same_here_at_length(text: str) -> bool:
    """ "+1 我家娃昨天下午也被那块板刮了一下 滑梯得修了": agreement first, then the speaker's
    own story of the same thing (convofix12). Longer than `says_same_here` allows, still no
    question ("+1 啥时候修啊" asks) and no story of its own past a follow-up's length."""
    said = " ".join(text.split())
    if not said or len(said) > MAX_FOLLOWUP or _QUESTION.search(said) or _ALSO_NOT.search(said):
        return False
    return _PLUS_ONE.match(said) is not None


# The explicit agreement marks; "我家也是 …" at length is left to the engine and 待确认.
_PLUS_ONE = re.compile(r"^(?:[+＋]\s*1(?!\d)|加一|同上|附议|同感)(?:[啊呀哈了的啦！!，,。.\s]|$)")


def opens_with_me_too(text: str) -> bool:
    """The words start by saying "here too" ("我家也是 水龙头开最大就一点点"), however long."""
    compact = "".join(text.split())
    return bool(_AGREES.match(" ".join(text.split())) or _ALSO_HERE.match(compact))


# What the member handling a case tells about it without its code: done or on the way
# ("通开了 现在好了", "师傅已经疏通了 大家放心", "维修工到了 正在弄", convo8).
_NEWS = re.compile(
    r"(?:通|修|换|清|疏|弄|搞|处理|抢修|维修|关|接|装|补)(?:开|好|通|完|掉|上|住|理)了?"
    r"|(?:已经?|正在|在)(?:修|弄|处理|抢修|维修|疏通|清理|联系|安排|换|关)"
    r"|(?:恢复|正常)了|(?:现在|已经)好了|(?:来|通)(?:水|电|气)了|(?:灯|电梯)?(?:亮|能用|能坐)了"
    r"|(?:师傅|维修工|电工|物业|维保|人)(?:已经?)?(?:到了|来了|到场|在路上|过来了)"
    r"|(?:已|已经)(?:修复|解决|办好|完工|完成|疏通|处理)"
)
_NEWS_NOT = re.compile(r"[吗么?？]|没(?:有)?(?:修|弄|通|好|来|到)|不(?:通|亮|行)|还(?:是|在)")


def says_news(text: str) -> bool:
    """The words report progress on a repair (not a question, not a fault still there)."""
    said = "".join(text.split())
    if not said or len(said) > MAX_FOLLOWUP or _NEWS_NOT.search(said):
        return False
    return _NEWS.search(said) is not None


# What the member holding a case tells after going to look, without its code (convofix15b):
# that he looked ("看了 松了两块砖", "去看过了 是灯泡烧了", "检查了一下 线头松了") or when he
# will do the work ("下午拿水泥补一下", "明天带个新灯泡来换"). Read only from the holder of
# the one open case of the group the words fit: from anyone else they are talk or a report.
_LOOKED = re.compile(
    r"^(?:我|刚才?|刚刚|已经?|去|过去|上去|下去|到现场)*(?:看|查看|检查|瞧|看过)"
    r"(?:了|过了?|完了?)(?:一下|一眼|一遍|下)?(?=[\s，,。.!！、]|$|是|发现|原来)"  # not "看了新闻"
)
_WORK_PLAN = re.compile(
    r"(?:上午|下午|中午|晚上|今天|今晚|明天|明早|后天|待会儿?|等会儿?|一会儿?|回头|马上|周[一二三四五六日末])"
    r"[^，,。！!？?\s]{0,8}?(?:修|补|换|弄|处理|装|清理|疏通|粘|焊|刷|买|拿|带)"
)
_VISIT_NOT = re.compile(r"[吗么?？]|没(?:有)?(?:看|去|空|人)|不(?:去|来|了)|来不了|去不了|弄不了")


def says_visit(text: str) -> bool:
    """The words tell a look at the problem or the next step of its repair, not a question or
    a refusal: a handler's progress in plain words ("看了 松了两块砖 下午拿水泥补一下")."""
    said = " ".join(text.split())
    if not said or len(said) > MAX_FOLLOWUP or _VISIT_NOT.search(said):
        return False
    return bool(_LOOKED.search(said) or _WORK_PLAN.search(said))


# The danger was none, or is over, in the words people use after an alarm: "出来了 人没事",
# "是302家炒辣椒呛的", "原来是楼下烧纸", "人都没事", "演习" (convo8). Read only against an
# emergency: these words about a leak or a lamp mean nothing of the kind.
_PEOPLE_SAFE = re.compile(
    r"人(?:都|也)?(?:没事|没受伤|平安|安全|好好的)|没(?:有)?人受伤|都(?:没事|平安|安全)"
    r"|^(?:已经|都)?(?:出来了|救出来了|下来了)"
    r"|(?:不是|没有?|并没有?|根本没有?)(?:着火|起火|火灾|失火|漏气|煤气|燃气泄漏|冒烟)"
)
# A harmless cause: cooking, incense, a drill (convo8); "熬中药", "炖肉", "烧纸" (convo10).
_HARMLESS = (
    r"(?:炒|做饭|烧菜|煮|熬|煎|炖|煲|蒸|炸|烧水|烧糊|糊了|烧焦|烧纸|烧香|上香|烤|熏|抽烟|吸烟|装修"
    r"|电焊|焊|刷漆|油漆|演习|测试|试(?:一下|机)|放鞭炮|鞭炮|烟花|蚊香|艾灸|拔罐|中药|火锅|烧烤"
    r"|水蒸气|蒸汽|误会|闹着玩|恶作剧|小孩按)"
)
_BENIGN = re.compile(
    rf"(?:是|原来是|原来|就是|只是|应该是)[^，,。！!]{{0,10}}?{_HARMLESS}"
    # "我家烧纸呢", "我们家在熬中药": the source owns up, without a 是 (convo10)
    rf"|^(?:没事[，,\s]*)?(?:我家|我们家|俺家|咱家|我这边?|我屋里?|我们这边?)"
    rf"(?:在|正在|刚才|刚刚|刚|今天)?[^，,。！!]{{0,3}}?{_HARMLESS}"
)


def says_all_clear(text: str) -> bool:
    """After an alarm: nobody is hurt, or the cause was harmless (not a question)."""
    said = " ".join(text.split())
    if not said or len(said) > MAX_FOLLOWUP or _QUESTION.search(said):
        return False
    compact = "".join(said.split())
    if _NOT_OVER.search(compact) and not _PEOPLE_SAFE.search(compact):
        return False
    return bool(_PEOPLE_SAFE.search(compact) or _BENIGN.search(compact))


# She asks about her own report: "我报的那个怎么样了", "我反映的下水道的事有人管吗", "查一下我的
# 报修" (convo3 D7, D8); or about a thing by its name: "路灯那个什么时候能修好啊", "灯的事咋样了".
_MINE = re.compile(
    r"我(?:之前|上午|下午|昨天|前天|早上|晚上|刚才|刚刚|那天|前几天)?(?:报|反映|说|提|投诉|报修|问)"
    r"(?:过|了)?的|我的(?:报修|诉求|问题|投诉|事)|我(?:家)?(?:那个|这个|那件|那)(?:事|问题|报修)"
    # "我那个渗水的事", "我家那个灯的问题": her thing, then 的事 (convo9)
    r"|我(?:家)?(?:那个|这个|那件)[^，,。！!？?\s]{1,6}?的(?:事|问题)"
)
_STATUS = re.compile(
    r"怎么样|咋样|如何了|有人管|有没有人管|谁管|咋办|怎么办|什么时候|啥时候|几时|多久|到哪"
    r"|什么情况|啥情况|有结果了?(?:吗|没)"
    r"|(?:修|弄|处理|办)好了?(?:没|吗)|好了没|处理了?没"
    # "修了没有啊", "有人来看过没", "来修过吗": the question at the end, fillers after it (convo9)
    r"|(?:修|弄|来人|来|看|来看|看过|修过|来过|来看过|处理|解决)了?(?:没有?|吗|么)(?=[啊呀哈啦呢\W_]*$)"
    r"|有(?:消息|动静|回音)(?:吗|没)|进度|进展|结果呢"
    r"|^有人(?:联系|来|去|管|处理|看|修)[^，,。！!？?]{0,8}?了?(?:吗|么|没有?)(?=[啊呀呢\W_]*$)"
    r"|^(?:帮我)?查(?:一下|查|下)?|^看(?:一下|看)"
    # "门禁那个呢", "水管的事呢", "那个呢": a thing (or nothing) named, then 呢 (convo8)
    r"|(?:那个|这个|的事情?|那件事|这件事|那事|的问题|那边)?呢[\W_]*$"
)
_PLACEHOLDER_END = re.compile(
    r"(?:的事情?|的问题|那个|这个|那件事|这件事|那事|这事|的|[呢吗吧啊呀了么嘛])+$"
)
_PLACEHOLDER_START = re.compile(
    r"^(?:小助手|助手|那么|那个|这个|那|这|请问|问一下|想问下?|帮我|我家|我们|我这|我|现在|目前|到底)+"
)
MAX_STATUS_QUESTION = 30
MAX_NAMED_THING = 8  # "单元门禁那个呢": the thing before 呢 is a few characters
BARE_ASK = re.compile(r"^(?:那个|这个|那件事|这件事|那事|这事)呢[\W_]*$")


def asks_status(text: str) -> tuple[bool, str] | None:
    """A question about where a report stands: (whether it says "my report", the thing it
    names, possibly ""), or None when the words ask no such thing."""
    said = "".join(text.split())
    if not said or len(said) > MAX_STATUS_QUESTION:
        return None
    asked = _STATUS.search(said)
    if asked is None:
        return None
    mine = _MINE.search(said)
    if asked[0].rstrip("?？!！。.~～").endswith("呢"):
        if asked.start() == 0:
            return True, ""  # "那个呢", "那件事呢" and nothing else: her report, whichever
        if asked.start() > MAX_NAMED_THING:
            return None  # a sentence ending in 呢 is talk, not a thing named
        if mine is not None and mine[0].startswith("我的"):
            return None  # "我的诉求呢" is the command 我的诉求, said as a question
    subject = said[: asked.start()] if asked.start() > 0 else said[asked.end() :]
    subject = said[: asked.start()] if asked.start() > 0 else said[asked.end() :]
    if mine is not None:
        subject = subject.replace(mine[0], "")
    subject = re.sub(r"[\W_]+", "", subject)
    subject = _PLACEHOLDER_START.sub("", _PLACEHOLDER_END.sub("", subject))
    return mine is not None, subject


# What is left of "什么时候来修", "修了没", "啥时候能修好啊" once the question is out: the
# repair itself, no thing named. From someone with an open case it asks about that case.
_ONLY_THE_REPAIR = re.compile(
    # "师傅今天能来吗", "师傅啥时候来啊", "物业明天会来修吗": who comes and when, no thing
    r"(?:师傅|工人|维修工?|修的人|物业|你们|党员|有人|人|那个)*"
    r"(?:今天|明天|今晚|明早|上午|下午|晚上|待会儿?|一会儿?|几点|到底|究竟|还)*"
    r"(?:能|会|才|可以|给|过|派|有|来|过来|人|能不能|到底)*"
    r"(?:修|修好|修理|维修|处理|解决|弄|弄好|搞|搞好|看看|看|来|人|水|电|气|好|通|管|回复)*"
)


# A bare question about the repair: "修了没", "修好了吗", "什么时候", "好了没有".
_REPAIR_QUESTION = re.compile(
    r"^(?:那|请问|问下|到底|现在|那现在)?(?:(?:修|弄|处理|办|来人|来)好?了?(?:没有?|吗|么)|好了(?:没有?|吗)"
    r"|什么时候|啥时候|几时|要多久|还要多久|怎么样了|咋样了|(?:什么|啥)情况了?|有(?:结果|消息|进展)了?(?:吗|没有?)"
    r"|修不修|管不管|来不来"
    # "有人联系上楼上的了吗", "有人来看过没" (convo9): whether anyone is on it
    r"|有人(?:联系|来|去|管|处理|看|修)[^，,。！!？?]{0,8}?了?(?:吗|么|没有?))[\W_啊呀呢了]*$"
)


def asks_repair(text: str) -> bool:
    return _REPAIR_QUESTION.match("".join(text.split())) is not None


def about_the_repair(subject: str) -> bool:
    """The subject of a status question names no thing, only the repair ("来修", "能修好")."""
    return _ONLY_THE_REPAIR.fullmatch(subject) is not None


# "就是刚才说的那个", "还是上午那个问题", "就是这个": the words point back at her earlier report.
_POINTS_BACK = re.compile(
    r"(?:刚才|刚刚|之前|上午|下午|早上|昨天|昨晚|前面|上次|先前|早先)(?:我)?"
    r"(?:说|报|反映|发|提|讲)(?:过)?的(?:那个|那件事|这个|事|问题)?"
    r"|(?:刚才|刚刚|之前|上午|早上|昨天|上次)那个"
    r"|^(?:就是|还是)(?:这个|那个|这儿|那儿)(?:问题|事|地方|灯|水管)?"
)


def points_back(text: str) -> bool:
    """The words point back at something the sender reported before."""
    said = "".join(text.split())
    return 0 < len(said) <= MAX_FOLLOWUP and _POINTS_BACK.search(said) is not None
