"""Whether a danger the message names is happening now: the urgency-state words.

People at risk (老人, 孩子), now (正在, 快来), doubt, over (误报, 找到了), a condition (万一), a
figure of speech and advice (千万, 不要) are found with the other terms in the engine's one scan;
this reads them. It changes when the urgency rules change, not when the pipeline does.
"""

from __future__ import annotations

from collections.abc import Sequence

from intents.automaton import Hit
from intents.context import Context
from intents.evidence import Evidence
from intents.lexicon import Lexicon


class UrgencyStates:
    def __init__(self, lexicon: Lexicon) -> None:
        self.people = lexicon.urgent_people
        self.now = lexicon.urgent_now
        self.doubt = lexicon.urgent_doubt
        self.over = lexicon.urgent_over
        self.conditional = lexicon.urgent_conditional
        self.figure = lexicon.urgent_figure
        self.memory = lexicon.urgent_memory
        self.past_label = lexicon.urgent_past_label
        self.instruction = lexicon.urgent_instruction
        self.advice = lexicon.urgent_advice
        self.weak = lexicon.urgent_weak
        self.harmless = lexicon.urgent_harmless
        # Set differences `doubted` reads for every message, made once here.
        self._now_but_present = self.now - {"现在"}
        self._over_unfixed = self.over - _FIXED

    @property
    def words(self) -> frozenset[str]:
        """Every state word (what the engine's scan looks for on the urgency side)."""
        return frozenset().union(
            self.people,
            self.now,
            self.doubt,
            self.over,
            self.conditional,
            self.figure,
            self.memory,
            self.past_label,
            self.advice,
            self.harmless,
        )

    def present(self, text: str, found: Sequence[Hit]) -> list[Hit]:
        """The state words found that the text does not merely ask about (是不是着火了)."""
        return [
            h
            for h in found
            if not asked(text, h) and not inside_word(text, h) and not self.denied(text, h)
        ]

    def denied(self, text: str, hit: Hit) -> bool:
        """不是演习, 并非误报: a doubt or all-clear word denied is the opposite, the danger is real
        (round nine: 火警铃响了 楼道里有烟 不是演习 was read as a drill)."""
        if hit.term not in self.over and hit.term not in self.doubt:
            return False
        before = text[max(hit.start - 2, 0) : hit.start]
        # 没有水了 holds 有水了 but says the opposite: a 没 right before denies it too.
        return before in _DENIALS or before[-1:] in ("没", "未")

    def calm(
        self, found: Sequence[Hit], hits: Sequence[Hit], context: Context, evidence: Evidence
    ) -> int:
        """How far the message is from a danger happening now: 0 now (or no sign otherwise),
        1 doubted, 2 over (see `doubted`)."""
        if not found:
            # No state word (most messages): no advice either, so both advice tests are False.
            return self.doubted(set(), context, evidence)
        states = {h.term for h in found}
        return self.doubted(
            states,
            context,
            evidence,
            self.advice_first(found, hits, evidence),
            self.advice_first(found, hits, evidence, self.conditional),
        )

    def advice_first(
        self,
        found: Sequence[Hit],
        hits: Sequence[Hit],
        evidence: Evidence,
        words: frozenset[str] | None = None,
    ) -> bool:
        """An advice word (千万, 不要, 一定要; or `words`) before the first danger: the danger
        sits inside the advice (千万不要在楼道充电 容易着火). After a danger already reported it is
        the warning people shout in an emergency (煤气味好大 大家千万别开灯) and withdraws
        nothing."""
        words = self.advice if words is None else words
        advice = [h.start for h in found if h.term in words]
        if not advice:
            return False
        if not evidence.urgent:
            return True  # no danger reported: it keeps the model's urgency head away too
        danger_words = {part for term in evidence.urgent for part in term.split("+")}
        dangers = [h.start for h in hits if h.term in danger_words]
        return not dangers or min(advice) < min(dangers)

    def doubted(
        self,
        states: set[str],
        context: Context,
        evidence: Evidence,
        advice_first: bool = False,
        condition_first: bool = False,
    ) -> int:
        """How far the message is from a danger happening now: 0 now (or no sign otherwise),
        1 doubted, 2 over. Over: a retraction or all-clear anywhere (刚才那个是误报, 孩子找到了).
        Doubted: a past or forwarded marker or a condition (万一, 假如) anywhere in the message
        (not only in the danger's own clause), a time in the past (昨天), or a question naming
        nothing but words chat also uses and no person at risk, unless the message also says now
        (正在, 快来, 刚才, 还在)."""
        roles = {m.split(":", 1)[0] for m in context.markers}
        if not evidence.urgent and not states.isdisjoint(self.harmless):
            # Smoke from a cigarette or a wok (有人在楼道里抽烟 味道好大): the model's urgency head
            # sees 烟 and would call it a fire; with no danger word of the lexicon's, no alarm
            # (round nine). The report itself is decided as usual.
            return 1
        if not states.isdisjoint(self.figure) and states.isdisjoint(self.now):
            return 1  # a figure of speech or a joke, even beside 又 or 还是
        if not states.isdisjoint(self.memory) and states.isdisjoint(self.now):
            return 1  # a danger remembered (那年着过火 现在又重新装修了), even beside 又
        if not states.isdisjoint(self.past_label) and states.isdisjoint(self._now_but_present):
            # A household named by its old fire (上次着火那家 现在装修好了 又搬回来住了): 现在
            # there is the time the memory is set against, not a danger happening now.
            return 1
        if not states.isdisjoint(self._over_unfixed):
            # An all-clear beats a recurrence word as it beats a now-marker (刚才报的那个是假警报
            # 报警器电池没电了一直叫: 一直 is the detector's; round nine) — but a repair does not
            # (上次漏电修好了 现在又冒火花了: the danger is back).
            return 2
        if "recurrence" in roles:
            # 又, 还是 keep a past danger current, not a supposed one (假如…还是…).
            return int(not states.isdisjoint(self.conditional))
        now = states & self.now
        if now and now <= self.instruction and condition_first:
            # 要是闻到怪味 马上出门: what to do if, not what is happening (a condition after a
            # danger reported, 全是烟 要是有人在家 赶紧出来, is the emergency's own instruction).
            return 1
        if (
            now
            and now <= {"现在"}
            and (roles & {"past", "forwarded"} or not states.isdisjoint(self.doubt))
        ):
            # 去年掉下来个晾衣杆 差点砸到我 现在走路都绕开: 现在 sets today against the memory
            # (round nine); 正在, 快来, 还在 would say it is happening.
            return 1
        if now:
            return 0
        if roles & {"past", "forwarded"}:
            return 1
        # Advice words (注意, 平时, 怕) elsewhere in the message do not make a danger supposed:
        # they already cancel what follows them in their own sentence. A condition does,
        # wherever it stands (万一, 假如).
        if "hypothetical" in roles and not states.isdisjoint(self.conditional):
            return 1
        if advice_first or not states.isdisjoint(self.doubt):
            return 1
        weak_only = all(t in self.weak for t in evidence.urgent)
        # A question for help about a person (我妈摔了起不来 有人能帮下吗) is still a report.
        people = not states.isdisjoint(self.people)
        return int(context.question and weak_only and bool(evidence.urgent) and not people)


def asked(text: str, hit: Hit) -> bool:
    """不是着火 denies a fire, but 是不是着火了 asks whether there is one: a denial inside 是不是
    is a question, not an all-clear."""
    return hit.term.startswith("不是") and text[max(hit.start - 1, 0) : hit.start] == "是"


# All-clear words that say something was repaired: a recurrence word brings the danger back.
_FIXED = frozenset({"修好了", "已经修好", "现在好了", "自己弄好", "已经修好了"})

# Denials right before a doubt or all-clear word (不是演习 means it is real).
_DENIALS = frozenset({"不是", "并非", "并不", "绝非"})

# Words that end in 是 (要是, 还是, 就是): a state word starting with 是 right after one of these
# characters is read from the middle of that word (要是有人在家 is no "是有人在" all-clear).
_BEFORE_SHI = frozenset("要若还就可但于总只真倒硬老都也不正而或像算凡")


def inside_word(text: str, hit: Hit) -> bool:
    """Whether a state word beginning with 是 starts inside a longer word (要|是有人在)."""
    return hit.term.startswith("是") and text[max(hit.start - 1, 0) : hit.start] in _BEFORE_SHI
