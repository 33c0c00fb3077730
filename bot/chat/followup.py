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
    r"|停|冒|积水|断|卡|异响|有味|有异味|黑着|一样|老样子|那样|原样)"
)
_PERSISTS = re.compile(rf"{_STILL}(?:是|在|有点|会|那么|这么|在往下|是在)?{_FAULT}")
_NOT_FIXED = re.compile(
    r"(?:没|没有|未|不)(?:能|给)?(?:修|弄|搞|处理|解决|整|疏通|通|换|装|清理|清)(?:好|完|掉|彻底)"
    r"|(?:没|没有|未)(?:解决|处理|修复|修)"
    r"|(?:没|不)(?:管用|起作用|见效|好使)"
)
# "修好了吗", "是不是还漏", "还没修好吗": asking, not telling.
_QUESTION = re.compile(r"(?:吗|么|嘛|了没|没有|是不是[^，,。！!]*)[\s?？。.!！~～]*$|^是不是")
MAX_FOLLOWUP = 60  # a longer message tells a story of its own


def says_unfixed(text: str) -> bool:
    """The words say the problem is still there after the work (not a question about it)."""
    said = " ".join(text.split())
    if not said or len(said) > MAX_FOLLOWUP or _QUESTION.search(said):
        return False
    return bool(_PERSISTS.search(said) or _NOT_FIXED.search(said))
