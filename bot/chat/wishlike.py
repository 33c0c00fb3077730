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
