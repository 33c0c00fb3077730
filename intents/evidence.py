"""Stage 4: evidence from the terms that context left live.

- fixed phrases and objects: each category's score is the sum of its live term weights (a
  term inside a longer matched term of the same bucket counts once: 绿化 in 绿化带);
- faults (the [problem] and [faults] words) add to a category only when they sit in the same
  sentence as one of its live terms: 路灯 … 不亮 is a report, 不亮 beside an unrelated 路 is not;
- small-talk signals subtract, except politeness, which is neutral;
- urgency stands alone: a live danger word is urgent whatever else the message says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from intents.automaton import Hit
from intents.context import Context
from intents.lexicon import Lexicon

# (section, category, weight) for one term; section is a category key's "issue", or problem,
# wish, chat, urgent.
Signal = tuple[str, str | None, float]


@dataclass(frozen=True, slots=True)
class Evidence:
    scores: dict[str, float]  # category -> score (with its faults)
    category: str | None
    issue: float  # best category + faults - chat
    wish: float
    chat: float
    urgent: tuple[str, ...]
    urgent_category: str | None
    cancelled: tuple[str, ...]  # terms a context rule took out, "term:rule"
    terms: dict[str, list[str]] = field(default_factory=dict)  # bucket -> live terms kept
    cancelled_issue: float = 0.0  # what the best cancelled category would have scored


def signals_of(lexicon: Lexicon) -> dict[str, tuple[Signal, ...]]:
    """What each lexicon word signals: a category's term, a fault (problem), a wish, small talk,
    a danger, or one side of a composed danger (hazard, sign, exclude)."""
    signals: dict[str, list[Signal]] = {}
    for category, weights in lexicon.categories.items():
        for term, weight in weights.items():
            signals.setdefault(term, []).append(("issue", category, weight))
    for section in ("problem", "wish", "chat"):
        for term, weight in getattr(lexicon, section).items():
            signals.setdefault(term, []).append((section, None, weight))
    dangers = lexicon.urgent | set(lexicon.urgent_category) | lexicon.urgent_weak
    for term in dangers | lexicon.urgent_harm:
        signals.setdefault(term, []).append(("urgent", None, 0.0))
    # Compose words are found (and read in context) like any term, but they are not
    # domain words for jieba: 味 or 喷 alone must not change its segmentation.
    for rule in lexicon.urgent_compose:
        sides = (("hazard", rule.hazard), ("sign", rule.sign), ("exclude", rule.exclude))
        for side, words in sides:
            for term in words:
                signals.setdefault(term, []).append((side, rule.name, 0.0))
    return {term: tuple(entries) for term, entries in signals.items()}


def containers_of(terms: Iterable[str]) -> dict[str, frozenset[str]]:
    """For each term, the other terms that contain it (绿化 → 绿化带), by substring test."""
    terms = list(terms)
    return {t: frozenset(o for o in terms if t != o and t in o) for t in terms}


def gather(
    hits: Sequence[Hit],
    context: Context,
    signals: Mapping[str, tuple[Signal, ...]],
    categories: Sequence[str],
    urgent_category: Mapping[str, str],
    politeness: frozenset[str],
    vetoed: Sequence[str] = (),
    weak_urgent: tuple[frozenset[str], bool, frozenset[str]] = (frozenset(), False, frozenset()),
    compose: Mapping[str, str] | None = None,
    containers: Mapping[str, frozenset[str]] | None = None,
    compose_person: frozenset[str] = frozenset(),
) -> Evidence:
    """`vetoed`: terms a lexicon negative phrase cancelled ("term:negative"); `compose`: the
    compose rules' names and categories (a live hazard and a live sign of one rule in one
    sentence are a danger, named "hazard+sign"); `containers`: for each term of `signals`, the
    other terms of `signals` it is part of (`containers_of`), so that "a term inside a longer
    one found beside it" is a set test instead of a substring test per pair; `compose_person`:
    the compose rules whose danger needs a person at risk in the message as well."""
    if containers is None:
        containers = containers_of({hit.term for hit in hits})
    buckets: dict[str, dict[str, float]] = {}
    sentences: dict[str, set[int]] = {}
    faults: list[tuple[str, float, int]] = []
    dead: dict[str, float] = {}
    urgent: list[str] = []
    cancelled: list[str] = list(vetoed)
    halves: dict[tuple[str, int], dict[str, list[Hit]]] = {}  # (rule, sentence) -> side -> hits
    excluded: dict[str, list[Hit]] = {}  # rule -> its exclude words found (烟头 for 烟)
    for hit, state, sentence in zip(hits, context.status, context.sentence, strict=True):
        for section, category, weight in signals.get(hit.term, ()):
            if section == "exclude" and category:
                excluded.setdefault(category, []).append(hit)
                continue
            if section in ("hazard", "sign"):
                if state == "live" and category:
                    halves.setdefault((category, sentence), {}).setdefault(section, []).append(hit)
                continue
            if section in ("chat", "problem") and hit.term in politeness:
                continue
            # Objects are never negated (没有热水 is itself a fault phrase).
            object_negated = state == "negated" and section == "issue" and weight < 2.0
            if state != "live" and section != "chat" and not object_negated:
                cancelled.append(f"{hit.term}:{state}")
                if section == "issue" and category:
                    dead[category] = dead.get(category, 0.0) + weight
                continue
            if section == "urgent":
                urgent.append(hit.term)
            elif section == "problem":
                faults.append((hit.term, weight, sentence))
            else:
                key = category or section
                buckets.setdefault(key, {})[hit.term] = weight
                if category:
                    sentences.setdefault(category, set()).add(sentence)

    kept: dict[str, list[str]] = {}
    scores: dict[str, float] = {}
    for key, entries in buckets.items():
        outer = [t for t in entries if containers[t].isdisjoint(entries)]
        kept[key] = outer
        # Summed in the same order either way (the same float, bit for bit).
        whole = len(outer) == len(entries)
        scores[key] = sum(entries.values()) if whole else sum(map(entries.__getitem__, outer))

    category = None  # typed str | None by the signals loop above; now the best category
    best = 0.0
    fault_terms: list[str] = []
    for key in categories:  # fixed order breaks ties the same way every time
        if key not in scores:
            continue
        if not faults:
            total = scores[key]
            if total > best:
                category, best, fault_terms = key, total, []
            continue
        near = [(t, w) for t, w, s in faults if s in sentences[key]]
        # A fault inside a longer matched term (坏 in 坏了) is the same evidence.
        names = {t for t, _ in near}
        near = [(t, w) for t, w in near if containers[t].isdisjoint(names)]
        near = list(dict.fromkeys(near))
        total = scores[key] + sum(w for _, w in near)
        scores[key] = total
        if total > best:
            category, best, fault_terms = key, total, [t for t, _ in near]
    if category:
        kept[category] = [*kept[category], *fault_terms]
    chat = scores.get("chat", 0.0)
    wish = scores.get("wish", 0.0)
    issue = best - chat if category else 0.0

    composed: dict[str, str] = {}
    for (rule, _), sides in halves.items():
        if "hazard" not in sides or "sign" not in sides:
            continue  # a danger needs both halves
        # A half inside one of its rule's exclude words is that other word (烟 in 烟头).
        outside = {
            side: [
                h
                for h in found
                if not any(x.start <= h.start and h.end <= x.end for x in excluded.get(rule, ()))
            ]
            for side, found in sides.items()
        }
        pair = next(
            (
                (a, b)
                for a in outside.get("hazard", ())
                for b in outside.get("sign", ())
                # One word cannot be both halves.
                if (a.start, a.end) != (b.start, b.end)
            ),
            None,
        )
        if pair and rule in compose_person and not weak_urgent[1]:
            cancelled.append(f"{pair[0].term}+{pair[1].term}:no person")
        elif pair:
            name = f"{pair[0].term}+{pair[1].term}"
            composed[name] = (compose or {}).get(rule, "other")
            urgent.append(name)
    weak, people, harm = weak_urgent
    live_urgent: tuple[str, ...] = ()
    if urgent:  # most messages name no danger at all
        if not people:
            # Harm words (没反应, 断了) need a person at risk; a category word is not enough.
            cancelled.extend(f"{term}:no person" for term in urgent if term in harm)
            urgent = [term for term in urgent if term not in harm]
        # A danger word inside a longer one (炸了 in 爆炸了) is the same danger, not a second one.
        live_urgent = tuple(
            t for t in dict.fromkeys(urgent) if not any(t != o and t in o for o in urgent)
        )
        if live_urgent and all(term in weak or term in harm for term in live_urgent):
            # Chat uses these words too: urgent only beside a category, a second danger word or a
            # person at risk.
            named = any(
                t not in weak and t not in harm for key in categories for t in buckets.get(key, ())
            )
            if not (named or people or len(live_urgent) > 1):
                cancelled.extend(f"{term}:weak" for term in live_urgent)
                live_urgent = ()
    fallback = None
    for term in live_urgent:
        fallback = urgent_category.get(term) or composed.get(term)
        if fallback:
            break
    return Evidence(
        scores={k: v for k, v in scores.items() if k in categories},
        category=category,
        issue=issue,
        wish=wish - chat * 0.5,
        chat=chat,
        urgent=live_urgent,
        # A danger word without a category of its own (漏电, 触电) takes the message's.
        urgent_category=fallback or ((category or "other") if live_urgent else None),
        cancelled=tuple(dict.fromkeys(cancelled)),
        terms=kept,
        cancelled_issue=max(dead.values(), default=0.0),
    )
