"""A request for a hand at home is a 微心愿, not a public case (convo3 D52).

"想请人帮忙把我家厨房漏水的水龙头换一个 我眼睛不好 弄不了" names a fault (the engine reads
a 水电 case), but it is the classic 微心愿 of the seeds: someone asks for help (请人帮忙),
with something inside their own home (我家, 家里), because of a personal difficulty (眼睛不好,
弄不了). A public case would post it in the group and send it to the building's handlers; a
wish stays private until its owner agrees. All three must be said; a shared place (楼道,
电梯, 门口) or danger keeps it a case.
"""

from __future__ import annotations

import re

_ASKS = re.compile(
    r"(?:请|找|麻烦|求)(?:个|一个)?(?:人|谁|邻居|好心人)(?:来)?帮|谁能帮|有没有人(?:能|可以)?帮"
    r"|(?:想|能)?请(?:你们|大家)?帮(?:个)?忙"
    # "想找个会弄手机的年轻人，帮我…" (convo9): whom she looks for, then 帮
    r"|找(?:个|一个|位)?[^，,。！!？?]{0,8}?(?:人|年轻人|小伙子|姑娘|志愿者|邻居|后生)[，,\s]?(?:来)?帮"
)
_AT_HOME = re.compile(
    r"我家(?!门口|楼下|楼上|对面|附近)|家里|我屋|屋里|自己家|我的|我自己|帮我把(?:我|和|跟)"
)
_DIFFICULTY = re.compile(
    r"眼睛不好|眼神不好|腿脚不好|腿不好|腰不好|手不好|行动不便|不方便|年纪大|年纪也大|老了"
    r"|(?:弄|修|换|搬|拿|扛|够|搞|学)不(?:了|动|着|来|会|懂|明白)|不会(?:弄|修|换|用)|一个人住|独居"
    r"|身体不好"
)
_SHARED = re.compile(r"楼道|电梯|单元门|门口|小区|路灯|垃圾|车库|楼梯|化粪|下水道|外墙|公共")


def help_at_home(text: str) -> bool:
    """Whether the message asks for a hand with something in the sender's own home."""
    return bool(
        _ASKS.search(text)
        and _AT_HOME.search(text)
        and _DIFFICULTY.search(text)
        and not _SHARED.search(text)
    )


# An elderly resident's need for a listed errand, said without 帮办/代办/心愿 or 帮我 (convo10):
# "想理个发 出不了门", "养老金认证我不会弄", "陪我去医院复查 孩子不在家", "药吃完了 腿脚不方便".
# The words name something the 帮办 list offers (the desk matches it) and a difficulty of her
# own that keeps her from doing it herself; "今天去理了个发" and "养老金认证在哪弄啊" name none.
_CANNOT_HERSELF = re.compile(
    r"出不了门|出不去|出不得门|下不了楼|下不去|下楼不方便|出门不方便|走不动|走不了路|走路不方便"
    r"|腿脚不(?:方便|好|灵便|利索)|腿不(?:方便|好)|行动不便|身体不好|眼睛不好|看不清|年纪大了?|岁数大了?"
    r"|(?:孩子|儿子|女儿|儿女|子女|家里人|老伴|小孩)(?:们)?(?:都)?不在(?:家|身边|跟前)|在外地"
    r"|没人(?:陪|帮|管|带)|一个人(?:住|在家|去不了)|独居|瘫|坐轮椅|拄拐"
    r"|不会(?:弄|办|用|操作|搞|弄手机)|(?:弄|办|搞|整)不(?:了|来|明白|懂)|(?:学|看)不会"
)
_ACCOMPANY = re.compile(r"陪我|带我|陪俺|带俺")
# A thing run out, said for the errand it needs: "药吃完了" wants 买药.
_RAN_OUT = re.compile(r"药(?:快|都|已经)?(?:吃|用)?(?:完|没)了")
_PAST_OR_ELSEWHERE = re.compile(r"(?:理|剪|办|买|交|取|拿)了|在哪|哪里|哪儿|帮(?:邻居|别人|他|她)")


def errand_need(text: str) -> str | None:
    """The words to match against the 帮办 list when they ask for an errand by a difficulty of
    her own; None when they do not (the desk still asks the list whether one is named)."""
    said = "".join(text.split())
    if not said or len(said) > 40 or _PAST_OR_ELSEWHERE.search(said):
        return None
    if not (_CANNOT_HERSELF.search(said) or _ACCOMPANY.search(said)):
        return None
    if _SHARED.search(said):
        return None  # "电梯坏了 我腿脚不方便下不了楼": a shared fault, a case
    spaced = " ".join(text.split())
    return f"{spaced} 买药" if _RAN_OUT.search(said) else spaced
