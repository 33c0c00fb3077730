"""Questions that mean a command without a code: "我有多少积分", "最近有什么活动吗", "怎么用".

People ask for a list or their own record in words rather than with the command word. Each
rule names what is asked for (a noun people use for it) and the ways of asking around it;
a message must be short and nothing but the question, so "积分制度不公平" or "活动室的灯坏了"
stay speech. Only commands without arguments are reached here: anything that needs a code
goes through `phrasing`.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_QUESTION = 20  # a longer message says something besides asking
_WANTS = re.compile(r"^\W*(?:我想|我要|想|我也想)")

_DECOR = r"\s,.!?;:~…、，。！？；：～“”\"'（）()\u2600-\u27bf\U0001f000-\U0001faff\ufe0f"
_STRIP = re.compile(rf"^[{_DECOR}]+|[{_DECOR}]+$")
# Openings and closings around a question that carry no meaning of their own.
_OPENING = re.compile(
    r"^(?:(?:请问|请|麻烦(?:你|您)?|(?:你好|您好|哈喽|嗨)(?:呀|啊|哇)?|小助手|机器人|在吗|那个|嗯+|哦+|问一下|问下|想问一下?"
    rf"|帮(?:我|忙)?|给我|我想|我要|想"
    # About the bot itself (D18): "这个机器人能干啥", "小助手 我不会用 教教我怎么报修".
    rf"|这个(?!月)|这(?=机器人|小助手)|邻里小助手|我?不(?:太)?会用|教教我|教(?:一下)?我|在群里|群里"
    # "请问这个群怎么报修", "家里东西坏了在群里怎么报修" (convo10): where, and a breakdown
    # that names nothing, say no more than the bare question ("水管坏了怎么报修" names one).
    rf"|在?(?:这个|咱们?|我们)?群(?:里|上|内)?(?=怎|如何|咋|在哪|有人|有谁|谁)|(?:有人|有谁|谁)知道"
    rf"|(?:我|我们)?(?:家里?|屋里)?(?:的)?(?:东西|什么东西|设施|电器)(?:坏了|坏掉了|出问题了|有问题)(?:的话)?"
    rf")[{_DECOR}]*)+"
)
# "小助手在吗", "帮助一下", "我不会用": someone looking for the bot gets its short help.
_PRESENCE = re.compile(
    r"(?:邻里)?(?:小助手|机器人)(?:你)?在(?:吗|么|不|没|嘛)?|帮助(?:一下)?|我?不(?:太)?会用(?:啊|呀)?"
)
# "这个怎么用啊 我不会弄", "怎么用啊 教教我" (convo14): a plea after the question adds nothing.
_PLEA = (
    r"(?:我|俺)?(?:还是|真|都)?不(?:太)?会(?:用|弄|操作|搞)?"
    r"|(?:谁|有人|谁能|哪位|能不能|可以)?(?:来)?教(?:教|一下)?(?:我|俺)(?:一下|下)?(?:吧|吗|呗)?"
    r"|帮帮我"
)
_TRAILING_PLEA = re.compile(rf"(?:[{_DECOR}]*(?:{_PLEA}))+[{_DECOR}]*$")
# Nothing but openings and pleas still asks for help when it is about using the bot:
# "我不会用这个机器人 谁教教我"; "这个我不会" alone is talk about anything.
_ABOUT_USE = re.compile(r"不(?:太)?会用|(?:机器人|小助手).*教|教.*(?:机器人|小助手)")
_CLOSING = re.compile(r"(?:呢|吗|嘛|呀|啊|哦|哈|了|啦|没有|没|一下|下)+$")
_LOOK = r"(?:查(?:一下|查|询)?|看(?:一下|看)?|瞧瞧|问问|显示|告诉我|说说|列(?:一下|出)?)?"
_MY = r"(?:我(?:的|家的?)?|自己的?|咱的?)?"
_HOW_MUCH = r"(?:是|有|还有|剩|还剩|一共|总共|攒了|攒)?(?:多少|几分|几个|多少分|多少了)?"
_WHICH = r"(?:有|都有|还有)?(?:什么|啥|哪些|哪几个|几个|没有|安排)?"
_HOW = r"怎么|怎样|如何|咋"
# The flows people ask how to use, as they name them; `flow_of` says which 用法 answers.
_FLOWS = (
    r"报名(?:活动)?|活动报名|参加活动|报活动|查积分|看积分|查分|用积分|投票|投|许心愿|许愿|发心愿|提心愿"
    r"|登记心愿|申请帮办|申请代办|找人代办|帮办|代办|提建议|说事|提意见"
)
_NOW = r"(?:现在|目前|一共|总共|都)?"
# Points named as one's own or as "these": "这些积分", "我攒的积分", "那些分".
_THESE_POINTS = rf"(?:(?:{_MY}|我?攒的|我?这些|我?那些|这|那)积分|(?:这些|那些)分)"
_WHEN = r"(?:最近|近期|这周|本周|下周|这个月|本月|下个月|周末|今天|明天)?"

# (the question, the command it means); first match wins, so the narrower ones come first.
_QUESTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), command)
    for pattern, command in (
        (
            rf"{_LOOK}{_MY}积分(?:超市|商城)(?:里)?{_WHICH}(?:东西|商品)?"
            # "积分超市能换什么" (convo10): the question word after the verb too
            r"(?:能|可以)?(?:换|兑换)?(?:的|的东西)?(?:些|点)?(?:什么|啥|哪些)?(?:东西|商品)?",
            "积分超市",
        ),
        # "这些积分能换点啥东西不", "积分怎么用", "攒的积分有啥用" (convo14): asking what the
        # points are good for is asking for the 积分超市, whatever the verb or the question tag.
        (
            rf"{_THESE_POINTS}(?:都|还|到底)?(?:能|可以|能够)?"
            r"(?:(?:换|兑换|兑|花|用|使)(?:点|些)?(?:什么|啥|哪些)?(?:东西|礼品|礼物|商品)?"
            r"|(?:干|做)(?:什么|啥|嘛|点啥)?(?:用的?|的)?|有(?:什么|啥|点啥)用(?:处)?|拿来干(?:啥|什么|嘛)(?:的|用)?"
            r"|当钱(?:用|花))(?:不|没)?"
            rf"|{_THESE_POINTS}(?:该|要)?(?:怎么|咋|如何|怎样)(?:用|花|使用|兑换|换)(?:的)?",
            "积分超市",
        ),
        (r"(?:怎么|如何)(?:用积分)?(?:兑换|换)(?:东西|礼品)?", "积分超市"),
        (rf"{_LOOK}{_MY}{_NOW}积分{_NOW}{_HOW_MUCH}", "我的积分"),
        (rf"{_MY}{_NOW}{_HOW_MUCH}积分", "我的积分"),
        # "我有多少分", "我现在几分了" (convo10): her points, the word 积分 left out.
        (r"我(?:现在|目前|一共|总共)?(?:有|还有|还剩|剩|攒了)?(?:多少分|几分)", "我的积分"),
        # "给我加分了没有", "扫雪那次给我加上分了吗" (convo15): whether a row reached her
        # ledger is her 我的积分 (its recent rows); "没给我加上" is a protest, read before this.
        (
            r"(?:(?:上回|上次|前几天|前天|昨天|那天)?[^\s，,。]{0,6}?(?:那次|那回|那天|的时候|活动))?"
            r"(?:给|帮)(?:我|俺)(?:加|记)(?:上|了)?(?:积)?分|(?:我的?|俺的?)?(?:积)?分(?:加|记)上"
            r"|(?:加|记)(?:上|了)?(?:积)?分",  # "给我加分了吗" once 给我 and 了吗 are trimmed
            "我的积分",
        ),
        (rf"{_LOOK}{_MY}(?:都|还)?(?:报了?(?:名)?(?:的)?){_WHICH}活动", "我的报名"),
        (r"我(?:都|还)?报(?:了|名了|名的)?(?:哪些|什么|啥|几个)(?:活动)?(?:来着)?", "我的报名"),
        # "今天还有哪些诉求没人接", "现在有没有没人接的单" (convo9 G): the 待认领 list.
        (
            rf"{_WHEN}(?:现在|目前)?(?:还)?(?:有)?"
            r"(?:(?:哪些|什么|啥|几件|多少|没有)(?:诉求|单子?|事)?|诉求|单子?)"
            r"(?:是)?(?:没人|没有人|还没人)(?:接|认领|管)(?:的)?(?:诉求|单子?|事)?",
            "待认领",
        ),
        # "我手上还有几件没办完", "我还有哪些没办的": the member's own 我的任务.
        (
            r"我(?:手上|手里|这边)?(?:还)?(?:有)?(?:几件|多少件?|哪些|什么|啥)?(?:诉求|单子?|事)?"
            r"(?:没办完|没办|没处理完?|没结|在办|要办)(?:的)?(?:诉求|单子?|事)?",
            "我的任务",
        ),
        # "我手上有几个单子", "我接了哪些", "我手上的单子" (convo13b): what he holds.
        (
            r"我(?:手上|手里|这边)?(?:现在|目前)?(?:都|还|一共|总共)?有"
            r"(?:几个|几件|几单|多少个?|多少件|哪些|什么|啥)(?:单子?|任务|活儿?)"
            r"|我(?:手上|手里)(?:现在|目前)?(?:都|还|一共|总共)?有"
            r"(?:几个|几件|几单|多少个?|多少件|哪些|什么|啥)?(?:诉求|单子?|任务|活儿?)"
            r"|我(?:现在|目前)?(?:都|还|一共|总共)?(?:接了|认领了|领了|接过|认领过)"
            r"(?:几个|几件|几单|多少个?|多少件|哪些|什么|啥)(?:单子?|诉求|任务|活儿?)?"
            r"|我(?:手上|手里)?(?:接|认领|领)?的(?:单子?|任务|活儿?)(?:有哪些|有几个|有多少)?"
            r"|我(?:手上|手里)的(?:诉求|单子?|任务|活儿?)(?:有哪些|有几个|有多少)?",
            "我的任务",
        ),
        # "我这个月星级咋样", "我的星级怎么样": the member's stars.
        (rf"{_MY}{_WHEN}(?:的)?星级(?:咋样|怎么样|如何|多少|几颗|几星)?", "我的星级"),
        # "我报上了没有啊", "报名报上了吗": whether one's sign-up went through (convo4 F5).
        (r"(?:我|俺)?(?:报名)?(?:报上|报进去|报成功|报名成功)", "我的报名"),
        (rf"{_MY}积分(?:加|加上|到账|记上)", "我的积分"),
        (rf"{_LOOK}{_WHEN}{_WHICH}(?:党群)?活动{_WHICH}", "活动"),
        (rf"{_LOOK}{_WHEN}活动(?:有哪些|有什么|有啥|安排|预告|列表)", "活动"),
        (
            rf"{_LOOK}{_MY}(?:反映|报|提|说)(?:过)?的(?:问题|事|事情|诉求)"
            r"(?:怎么样了?|处理(?:得)?(?:怎么样|咋样)了?|到哪(?:一步)?了?|有(?:人管|进展)了?)?",
            "我的诉求",
        ),
        # "我提的建议怎么样了", "我那个建议有回音了吗": the bot promised "有回音私聊告诉您".
        (
            rf"{_LOOK}(?:我|俺|自己|咱)(?:的|家的?)?(?:那个|那条)?(?:提|说|反映|给)?(?:过)?的?(?:建议|说事)"
            r"(?:怎么样了?|咋样了?|有(?:回音|回复|下文|人看|人管)了?|到哪(?:一步)?了?|呢)?",
            "我的说事",
        ),
        (
            rf"{_LOOK}{_MY}(?:申请的?)?(?:帮办|代办)(?:的事)?"
            r"(?:怎么样了?|到哪(?:一步)?了?|办好了没|办得怎么样了?|进度|有人接了?吗?)?",
            "我的帮办",
        ),
        (rf"{_LOOK}(?:有哪些|有什么|大家的)?(?:微)?心愿(?:墙)?{_WHICH}", "心愿墙"),
        (
            rf"{_LOOK}{_MY}(?:诉求|诉球|诉秋|素求|问题)(?:进度|怎么样了?|处理得?怎么样了?)?",
            "我的诉求",
        ),
        # "@机器人 进度呢", "进展怎么样了": without a code, the sender's own cases.
        (r"(?:现在)?(?:进度|进展|处理进度)(?:怎么样了?|如何了?|到哪了?|咋样了?)?", "我的诉求"),
        (rf"{_LOOK}(?:还有)?待确认(?:的)?(?:消息)?{_WHICH}(?:几条|多少条?|几个)?", "待确认"),
        (rf"{_LOOK}(?:能|可以)?(?:帮办|代办)(?:哪些|什么|啥)(?:事|事情)?", "帮办清单"),
        # "积分怎么才能多挣点", "怎么挣积分": how points are earned is the 积分规则. So is how
        # they are counted (convo15): "积分是怎么算的", "怎么算积分", "加分标准是啥",
        # "积分按什么算的" ("积分怎么算错了" stays a protest: nothing may follow the verb).
        (
            r"积分(?:是|要|该)?(?:怎么|如何|咋|怎样)(?:才能|能|可以)?(?:多)?"
            r"(?:挣|赚|攒|得|加|算|计算|计|记|评|给)(?:点|些|分)?(?:的)?"
            r"|(?:怎么|如何|咋)(?:才能|能|可以)?(?:多)?(?:挣|赚|攒|得|加|算|计算|计|记)(?:点|些)?积分"
            r"|(?:积分|加分|计分|记分)(?:的)?(?:规则|标准|规定|办法|算法)"
            r"(?:是)?(?:什么|啥|有哪些|是怎样的|怎么定的)?"
            r"|(?:积分|分)(?:是)?(?:按|根据|照)(?:什么|啥)(?:算|计|给|加|记)(?:的)?",
            "积分规则",
        ),
        # "怎么报名活动", "怎么投票", "怎么许心愿": the how-to of that one flow (convo4 F22).
        (rf"(?:{_HOW})(?:才能|能|可以|去)?(?P<flow>{_FLOWS})", "用法"),
        (rf"(?P<flow>{_FLOWS})(?:要|该|得)?(?:{_HOW})(?:弄|办|操作|用|搞)", "用法"),
        (
            r"(?:这个)?(?:你|您|机器人|小助手|小程序)?(?:都)?(?:能|可以|会)"
            r"(?:干|做|帮我?干?|帮我?做)?(?:什么|啥|些什么|哪些事|嘛|些啥)(?:用)?"
            r"|(?:这个)?(?:你|您|机器人|小助手)?(?:有|有点)(?:什么|啥)用(?:处)?"
            r"|(?:你|您|机器人|小助手)?(?:都)?(?:能|会)(?:干|做)"  # "会干嘛啊" once 嘛啊 is trimmed
            r"|(?:怎么|如何|咋)(?:用|使用)(?:你|机器人|小助手)?|有(?:什么|啥|哪些)功能|使用说明|用法"
            r"|(?:这个)?(?:你|您|机器人|小助手)?是(?:谁|干什么的|干嘛的|干啥的|做什么的)",
            "帮助",
        ),
        (
            r"(?:怎么|如何|咋|在哪)(?:查|看)(?:一下)?(?:进度|进展|我?(?:报|反映|提)的(?:事|问题|诉求))"
            r"|(?:进度|我?(?:报|反映)的(?:事|问题))(?:怎么|咋|在哪)(?:查|看)",
            "怎么查进度",
        ),
        (r"(?:怎么|如何|咋)(?:查|看)积分|积分(?:怎么|咋|在哪)(?:查|看)", "我的积分"),
        (r"(?:怎么|如何|咋)(?:报名|参加)(?:活动)?|活动(?:怎么|咋)(?:报名|参加)", "怎么报名"),
        (
            r"(?:在哪|去哪|到哪)?(?:怎么|如何|咋)(?:报事|反映问题|报修|提问题|反映|找物业修)"
            # "我想报修怎么弄" (convo9 G)
            r"|(?:报事|报修|反映问题)(?:要|该|得)?(?:怎么|如何|咋)(?:弄|办|操作|报|搞)",
            "怎么报修",
        ),
    )
)


@lru_cache(maxsize=4096)
def question_command(text: str) -> str | None:
    """The code-less command a short question asks for, or None when it is not one.

    Kept by text (a function of the words alone): asked about nearly every message, often
    twice, it tried some fifty patterns each time, and chat repeats ("好的", "收到")."""
    if not text or len(text) > MAX_QUESTION * 2:
        return None
    bare = _STRIP.sub("", text)
    if _PRESENCE.fullmatch(bare):
        return "帮助"
    bare = _TRAILING_PLEA.sub("", _OPENING.sub("", bare))
    bare = _STRIP.sub("", _CLOSING.sub("", _STRIP.sub("", bare)))
    if not bare:
        return "帮助" if _ABOUT_USE.search(text) else None
    if len(bare) > MAX_QUESTION:
        return None
    for pattern, command in _QUESTIONS:
        found = pattern.fullmatch(bare)
        if found is None:
            continue
        if command == "用法":
            return f"用法 {flow_of(found['flow'])}"
        if command == "我的报名" and _WANTS.match(text):
            return "活动"  # "我想报名活动" wants one to sign up for, not their own list
        return command
    return None


def flow_of(words: str) -> str:
    """The flow a how-to question names: 报名, 积分, 投票, 心愿, 帮办 or 说事."""
    for word, flow in (("报", "报名"), ("活动", "报名"), ("分", "积分"), ("投", "投票")):
        if word in words:
            return flow
    if "愿" in words:
        return "心愿"
    if "办" in words:
        return "帮办"
    return "说事"
