"""Lexicon data: loading, merging and validating the TOML files (and a community's additions).

Every file under `intents/data/` is a fragment of one document; fragments and the community's
extra dict are deep-merged (tables merge, lists extend, scalars override), so a community can add
a word to any section in its config without touching code. The merged shape:

    [settings]            thresholds (see `Settings`)
    [issue.<category>]    label, terms = {word = weight}, negative = [phrase, …]
    [problem]             terms: generic complaint words (坏了, 没人管 …), need a category
    [wish]                terms: 微心愿 signals (想请人, 帮我, 独居 …), negative
    [chat]                terms: signals of small talk (谢谢, 修好了, 通知 …), subtracted
    [urgent]              terms = [word, …]; negative = [phrase, …]
    words                 extra segmentation words for the tokenizer
    [objects.<category>]  terms = [thing, …]: names a thing (路灯, 井盖); counts with a fault
    [faults]              terms = [state, …]: 不亮, 漏, 堵, 没了; counts with an object nearby
    [nuisance.<category>] terms = [noun, …]: a complaint by itself (恶臭, 违建, 群租)
    [anchors.<category>]  terms = [phrase, …]: a complaint by itself that also says whose job it
                          is (消防通道被锁): the model's category head does not rename it
    [urgent.category]     <category> = [urgent word, …]: where a danger with no other category goes
    [urgent.compose.<name>] category, hazard = [..], sign = [..]: a danger by composition, a
                          hazard and a sign that it is happening now in one sentence
    [context]             context rules (see intents/context.py)
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from intents.model import CATEGORIES

DATA_PACKAGE = "intents.data"
OBJECT_WEIGHT = 1.0
FAULT_WEIGHT = 1.5
NUISANCE_WEIGHT = 2.5
USER_DICT = "userdict.txt"


class LexiconError(ValueError):
    """The lexicon data is malformed (unknown category, non-numeric weight …)."""


@dataclass(frozen=True, slots=True)
class Settings:
    issue_threshold: float = 2.0
    wish_threshold: float = 2.0
    # Above this, an issue term sequence wins over wish phrasing ("帮我看看 电梯困人了").
    wish_over_issue: float = 1.0
    # Confidence is a logistic of the margin over the threshold; this is its slope.
    confidence_slope: float = 1.2
    # Irony (真有素质👍 beside dog mess): the category score plus this, praise not subtracted.
    irony_bonus: float = 1.0
    # A question with evidence this close to the threshold goes to review, not a case.
    question_margin: float = 1.0
    # The model: below model_veto a weak lexicon case goes to review; at model_review weak
    # lexicon evidence goes to review, at model_case (with evidence near the threshold) to a
    # case; at model_alone_review a message with no lexicon evidence goes to review.
    model_veto: float = 0.1
    # Below this (and below the strong-evidence line) a lexicon case is dropped as chat.
    model_drop: float = 0.0
    model_review: float = 0.5
    model_case: float = 0.9
    model_alone_review: float = 0.85
    # With no lexicon evidence, not a question, not about elsewhere: the model this sure opens
    # a case by itself (round six; 1.1 = never).
    model_alone_case: float = 1.1
    # A strong lexicon case is still sent to review when the model is this sure it is chat.
    model_strong_veto: float = 0.0
    # The model's urgency head at this level makes a danger the lexicon has no word for urgent
    # (never when the message is hypothetical, past, forwarded or retracted).
    model_urgent: float = 1.1
    # The category head at this probability names an urgent issue's category.
    model_urgent_category: float = 1.1
    # A message about a danger that is not happening goes to 待确认 only with the model at this.
    model_calm_review: float = 0.0
    # A lexicon wish the model gives less than this goes to 待确认 instead.
    model_wish_veto: float = 0.0
    # With any lexicon evidence and the model at least this sure it is an issue: a case.
    model_confirms: float = 1.1
    # The category head at this probability names an issue's category (not an urgent one's).
    model_category: float = 1.1
    # ... and of a strong lexicon case (round seven; 1.1 = the lexicon's category stands).
    model_category_strong: float = 1.1
    # A complaint the lexicon reads as a question goes to a case with the model this sure.
    model_question_case: float = 1.1
    # Terms the context rules cancelled (万一, 上次, 你们那) with the model this sure: 待确认.
    model_explained_review: float = 1.1
    # A lexicon danger the model finds no report in at all (kind head: issue + wish below this,
    # urgency head below it too) is read as talk (火锅辣得嘴巴着火, 股市跟电梯失控似的): its
    # danger words stop making it an alarm; the rest of the decision runs as usual. 0 = off.
    model_urgent_veto: float = 0.0
    # A hedged message (好像, 不知道是不是) the urgency head is this sure of is urgent all the same
    # (round nine: 楼下一个人躺着 好像是跳下来的; 1.1 = hedged messages never urgent on the model).
    model_hedged_urgent: float = 1.1
    # A 微心愿 in words the lexicon has no wish term for (有没有退休老师能周末帮着辅导辅导): the
    # kind head this sure of a wish makes it one when the context does not object (thanks, a
    # notice, elsewhere, the past); at model_wish_alone_review it goes to 待确认 (1.1 = never).
    model_wish_alone: float = 1.1
    # ... and a lexicon wish the kind head gives less than this (thanks for help given, an offer
    # of help, talk about the 微心愿 scheme) is chat, not 待确认 (0 = never).
    model_wish_drop: float = 0.0
    model_wish_alone_review: float = 1.1
    # A lexicon case (fault words: 灯泡坏了, 水管漏) the kind head gives a wish at least this, and
    # more than a report, is a request for help with one's own fault (谁能帮我修一下): a 微心愿 on
    # the model's word when the context does not object (round thirteen; 1.1 = never).
    model_wish_over_case: float = 1.1
    # ... and a kind head this sure of a wish is not stopped by a word of elsewhere or of chat
    # (我在外地出差 有没有邻居能帮忙代买一盒降压药, 想请人教我妈用微信视频): the writer asks here
    # for help with something of theirs; the past, a notice or a forward still object (1.1 = they
    # always do).
    model_wish_sure: float = 1.1
    # A lexicon danger word in a request for help (我爸骨折了 想借个轮椅, 脚崴了 帮我把菜拎上楼):
    # with the lexicon's wish evidence at wish_threshold + 2, a kind head model_wish_sure of a
    # wish and an urgency head below this, the danger is the reason for the request, not news of
    # one (round thirteen; 0 = a danger word always makes an alarm).
    model_wish_urgent_veto: float = 0.0
    # Round fourteen: a lexicon danger word the urgency head gives less than this is a figure or
    # news (股市跌得跟电梯坠落一样, 角色全被电死了, 某地一个孩子被砸伤): no alarm; the report
    # decision runs as usual (0 = a danger word is an alarm whatever the urgency head says).
    model_urgent_calm: float = 0.0
    # Round fourteen: a report the lexicon reads as a question (question_margin) that the kind head
    # gives an issue less than this asks about something (怎么排查, 是否有处罚规定): silence.
    model_question_drop: float = 0.0
    # Round fourteen: a message of at most this many Han characters (对面那套房子群租,
    # 外墙脱落 好吓人) gives the n-gram model too little to veto a lexicon case with (0 = never).
    model_brief_chars: float = 0.0
    # Round fifteen: the kind head this sure of a report opens a case although the context
    # rules object (的时候, 路上, 平时 read as supposition or elsewhere) or the lexicon read the
    # request words of a polite report as a 微心愿 (想麻烦物业修剪一下…树枝碰到玻璃了); never a
    # forward, a notice, abuse or a danger that is not happening (1.1 = never).
    model_sure_case: float = 1.1


@dataclass(frozen=True, slots=True)
class Compose:
    """A danger named by two words that are each harmless alone: a hazard (燃气, 电梯, a person)
    and a sign that it is happening (味, 喷, 关里面, 胸口疼) in one sentence."""

    name: str
    category: str
    hazard: frozenset[str]
    sign: frozenset[str]
    # Longer words that hold a half and mean something else (烟 in 烟头, 油烟, 烟感器).
    exclude: frozenset[str] = frozenset()
    # Both halves name a state that is a danger only for a person at risk (好几天没见出门 +
    # 敲门没人应: a neighbour, not 物业): the composed danger needs a person word too.
    person: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    settings: Settings
    categories: dict[str, dict[str, float]]
    problem: dict[str, float]
    wish: dict[str, float]
    chat: dict[str, float]
    urgent: frozenset[str]
    negative: frozenset[str]
    words: tuple[str, ...]
    user_dict: tuple[str, ...] = field(default=())
    urgent_category: dict[str, str] = field(default_factory=dict)
    urgent_weak: frozenset[str] = frozenset()
    urgent_people: frozenset[str] = frozenset()
    # Urgency needs the danger to be happening now: a doubt marker anywhere in the message
    # (昨天, 演练, 已经灭了) withdraws it unless a now-marker (正在, 快来, 刚才) is there too.
    urgent_now: frozenset[str] = frozenset()
    urgent_doubt: frozenset[str] = frozenset()
    urgent_over: frozenset[str] = frozenset()
    urgent_harm: frozenset[str] = frozenset()
    urgent_compose: tuple[Compose, ...] = ()
    # A condition (万一, 假如) keeps a danger supposed even beside a recurrence word (还是).
    urgent_conditional: frozenset[str] = frozenset()
    # A figure of speech or a joke (气得我要爆炸, 😂): no danger, whatever else the message says
    # (a recurrence word beside it, 又跌停了, does not make it current).
    urgent_figure: frozenset[str] = frozenset()
    # A danger named as a memory or a label of the past (上次着火那家, 以前漏过电, 我那次被关在
    # 电梯里): no danger now, even beside a recurrence word (…又搬回来住了).
    urgent_memory: frozenset[str] = frozenset()
    # The same named as a label (上次着火那家): withdrawn even beside 现在.
    urgent_past_label: frozenset[str] = frozenset()
    # Now-words that are an instruction inside a condition (要是…马上出门): advice.
    urgent_instruction: frozenset[str] = frozenset()
    # Advice words withdraw urgency only when they come before the danger (IntentEngine).
    urgent_advice: frozenset[str] = frozenset()
    # Smoke that is nobody's danger (抽烟, 油烟): the model alone may not call it an alarm.
    urgent_harmless: frozenset[str] = frozenset()
    # Round fifteen: phrases that name their category outright (消防通道用铁链锁了 is 消防安全
    # whatever else the message says); `[anchors.<category>]`, also terms of that category.
    anchors: frozenset[str] = frozenset()
    context: dict[str, Any] = field(default_factory=dict)

    def all_terms(self) -> set[str]:
        terms: set[str] = set(self.problem) | set(self.wish) | set(self.chat) | set(self.urgent)
        terms |= set(self.urgent_category) | self.urgent_weak | self.urgent_harm
        for weights in self.categories.values():
            terms |= set(weights)
        return terms


def deep_merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `extra` into a copy of `base`: tables recurse, lists extend, scalars override."""
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        current = merged.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            merged[key] = deep_merge(current, value)
        elif (
            isinstance(current, list) and isinstance(value, Iterable) and not isinstance(value, str)
        ):
            merged[key] = [*current, *value]
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _merge_into(base: dict[str, Any], extra: Mapping[str, Any]) -> None:
    for key, value in extra.items():
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            _merge_into(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(value)
        else:
            base[key] = value


def load_raw(data_dir: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """Read every TOML fragment (sorted, so merging is deterministic) and the jieba user dict."""
    root: Traversable = resources.files(DATA_PACKAGE) if data_dir is None else data_dir
    document: dict[str, Any] = {}
    for entry in sorted(_toml_files(root), key=lambda item: str(item)):
        try:
            # Fragments are fresh dicts: merge in place (a deep copy per fragment costs more
            # than reading them).
            _merge_into(document, tomllib.loads(entry.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise LexiconError(f"{entry}: {exc}") from exc
    user_dict_file = root.joinpath(USER_DICT)
    lines = (
        user_dict_file.read_text(encoding="utf-8").splitlines() if user_dict_file.is_file() else []
    )
    return document, [line for line in lines if line.strip() and not line.startswith("#")]


def _toml_files(root: Traversable) -> Iterable[Traversable]:
    for entry in root.iterdir():
        if entry.is_dir():
            yield from _toml_files(entry)
        elif entry.name.endswith(".toml"):
            yield entry


def build_lexicon(document: Mapping[str, Any], user_dict: Iterable[str] = ()) -> Lexicon:
    settings_raw = dict(document.get("settings", {}))
    try:
        settings = Settings(**{k: float(v) for k, v in settings_raw.items()})
    except TypeError as exc:
        raise LexiconError(f"unknown setting in {sorted(settings_raw)}") from exc

    negative: set[str] = set()
    categories: dict[str, dict[str, float]] = {}
    for category, table in dict(document.get("issue", {})).items():
        if category not in CATEGORIES:
            raise LexiconError(f"unknown category {category!r}; expected one of {CATEGORIES}")
        categories[category] = _weights(table.get("terms", {}), f"issue.{category}")
        negative.update(_phrases(table.get("negative", [])))

    sections: dict[str, dict[str, float]] = {}
    for name in ("problem", "wish", "chat"):
        table = dict(document.get(name, {}))
        sections[name] = _weights(table.get("terms", {}), name)
        negative.update(_phrases(table.get("negative", [])))
    urgent_table = dict(document.get("urgent", {}))
    negative.update(_phrases(urgent_table.get("negative", [])))

    # Compositional evidence: objects and nuisance nouns join their category at fixed weights
    # (an object alone stays below the threshold, an object with a fault passes it; a nuisance
    # noun passes alone); an explicit weight in the category file wins.
    anchors: set[str] = set()
    for category, table in dict(document.get("anchors", {})).items():
        if category not in CATEGORIES:
            raise LexiconError(f"anchors.{category}: unknown category")
        for word in _phrases(dict(table).get("terms", [])):
            categories.setdefault(category, {}).setdefault(word, NUISANCE_WEIGHT)
            anchors.add(word)
    for section, weight in (("objects", OBJECT_WEIGHT), ("nuisance", NUISANCE_WEIGHT)):
        for category, table in dict(document.get(section, {})).items():
            if category not in CATEGORIES:
                raise LexiconError(f"{section}.{category}: unknown category")
            terms = categories.setdefault(category, {})
            for word in _phrases(dict(table).get("terms", [])):
                terms.setdefault(word, weight)
    for word in _phrases(dict(document.get("faults", {})).get("terms", [])):
        sections["problem"].setdefault(word, FAULT_WEIGHT)
    urgent_category: dict[str, str] = {}
    for category, words in dict(urgent_table.get("category", {})).items():
        if category not in CATEGORIES:
            raise LexiconError(f"urgent.category.{category}: unknown category")
        for word in _phrases(words):
            urgent_category[word] = category
    compose: list[Compose] = []
    for name, table in dict(urgent_table.get("compose", {})).items():
        if not isinstance(table, Mapping):
            raise LexiconError(f"urgent.compose.{name} must be a table")
        category = str(table.get("category", "other"))
        if category not in CATEGORIES:
            raise LexiconError(f"urgent.compose.{name}: unknown category {category!r}")
        hazard = frozenset(_phrases(table.get("hazard", [])))
        sign = frozenset(_phrases(table.get("sign", [])))
        if not hazard or not sign:
            raise LexiconError(f"urgent.compose.{name} needs hazard and sign words")
        exclude = frozenset(_phrases(table.get("exclude", [])))
        person = bool(table.get("person", False))
        compose.append(Compose(str(name), category, hazard, sign, exclude, person))
    context = document.get("context", {})
    if not isinstance(context, Mapping):
        raise LexiconError("[context] must be a table")

    return Lexicon(
        settings=settings,
        categories={c: categories[c] for c in CATEGORIES if c in categories},
        problem=sections["problem"],
        wish=sections["wish"],
        chat=sections["chat"],
        urgent=frozenset(_phrases(urgent_table.get("terms", []))),
        negative=frozenset(negative),
        words=tuple(_phrases(document.get("words", []))),
        user_dict=tuple(user_dict),
        urgent_category=urgent_category,
        urgent_weak=frozenset(_phrases(urgent_table.get("weak", []))),
        urgent_people=frozenset(_phrases(urgent_table.get("people", []))),
        urgent_now=frozenset(_phrases(urgent_table.get("now", []))),
        urgent_doubt=frozenset(_phrases(urgent_table.get("doubt", []))),
        urgent_over=frozenset(_phrases(urgent_table.get("over", []))),
        urgent_harm=frozenset(_phrases(urgent_table.get("harm", []))),
        urgent_compose=tuple(compose),
        urgent_conditional=frozenset(_phrases(urgent_table.get("conditional", []))),
        urgent_figure=frozenset(_phrases(urgent_table.get("figure", []))),
        urgent_memory=frozenset(_phrases(urgent_table.get("memory", []))),
        urgent_past_label=frozenset(_phrases(urgent_table.get("past_label", []))),
        urgent_instruction=frozenset(_phrases(urgent_table.get("instruction", []))),
        urgent_advice=frozenset(_phrases(urgent_table.get("advice", []))),
        urgent_harmless=frozenset(_phrases(urgent_table.get("harmless", []))),
        context=dict(context),
        anchors=frozenset(anchors),
    )


def load_lexicon(extra: Mapping[str, Any] | None = None, data_dir: Path | None = None) -> Lexicon:
    document, user_dict = load_raw(data_dir)
    if extra:
        document = deep_merge(document, extra)
    return build_lexicon(document, user_dict)


def _weights(table: Any, where: str) -> dict[str, float]:
    if not isinstance(table, Mapping):
        raise LexiconError(f"{where}.terms must be a table of word = weight")
    weights: dict[str, float] = {}
    for word, weight in table.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise LexiconError(f"{where}.terms.{word}: weight must be a number, got {weight!r}")
        word = word.strip()
        if word:
            weights[word] = float(weight)
    return weights


def _phrases(items: Any) -> list[str]:
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise LexiconError(f"expected a list of phrases, got {items!r}")
    return [str(item).strip() for item in items if str(item).strip()]
