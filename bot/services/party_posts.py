"""督办 for the 党员群, held to the end of one SLA sweep batch and posted together.

Cases slip on their own clocks, so one tick can bring the 组长 step of one case and the 书记
step of another (or several of each): posted one by one, the 党员群 got a run of 【督办】 in
the same minute, each buzzing every phone. Held here, everything one tick has for one group
goes out as one post, the messages one after another, a blank line between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.cases import Case
from bot.domain.community import Group
from bot.services.mailer import Mailer, party_group

# A post longer than this many 督办 is split: a wall of text is not read either.
MOST_PER_POST = 5


@dataclass
class _Waiting:
    mail: Mailer  # the first case's: its keys are unique and its account is the group's
    group: Group
    urgent: bool
    texts: list[str] = field(default_factory=list)


@dataclass
class PartyPosts:
    """What one batch has for each 党员群; `post` sends it (call it before the commit)."""

    waiting: dict[tuple[int, bool], _Waiting] = field(default_factory=dict)

    def add(self, mail: Mailer, case: Case, text: str) -> bool:
        """Hold `text` for the case's 党员群; False when the 小区 has none on record."""
        group = party_group(mail.uow, case.estate_id, mail.account)
        if group is None or group.id is None:
            return False
        # An urgent 督办 goes out at once, the others wait out the quiet hours: never mixed.
        key = (group.id, case.urgent)
        self.waiting.setdefault(key, _Waiting(mail, group, case.urgent)).texts.append(text)
        return True

    def post(self) -> int:
        """Queue the held posts, one per group (and urgency); returns how many were queued."""
        posted = 0
        for waiting in self.waiting.values():
            texts = waiting.texts
            for start in range(0, len(texts), MOST_PER_POST):
                text = "\n\n".join(texts[start : start + MOST_PER_POST])
                waiting.mail.send(text, group=waiting.group, chase=True, urgent=waiting.urgent)
                posted += 1
        self.waiting.clear()
        return posted
