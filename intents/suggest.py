"""`linli intents suggest`: lexicon terms proposed from a community's corrections.

A word is proposed for a category when it appears in at least two issues of that category the
engine missed (not opened as a case, or opened under another category), never in the file's
chat lines, and is not already a lexicon term. Candidates are jieba words and character
2–4-grams of the missed texts; a candidate inside a longer candidate with the same support is
dropped. The output is TOML to paste under the community config's [intents] section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from intents.metrics import GoldRecord

if TYPE_CHECKING:
    from intents.engine import IntentEngine

MIN_SUPPORT = 2
WEIGHT = 2.0


def _candidates(engine: IntentEngine, text: str) -> set[str]:
    clean = engine.normalize(text)
    words = {w for w in engine.tokenize(clean) if len(w) >= 2}
    for part in clean.split():
        for size in (2, 3, 4):
            words.update(part[i : i + size] for i in range(len(part) - size + 1))
    return {w for w in words if any("\u4e00" <= ch <= "\u9fff" for ch in w)}


def suggest_terms(engine: IntentEngine, records: Iterable[GoldRecord], top: int = 20) -> str:
    known = engine.lexicon.all_terms()
    missed: dict[str, Counter[str]] = {}
    chat_words: set[str] = set()
    missed_count = 0
    for record in records:
        if record.kind == "chat":
            chat_words |= _candidates(engine, record.text)
            continue
        if record.kind != "issue" or record.category is None:
            continue
        intent = engine.classify(record.text)
        if intent.action == "case" and intent.category == record.category:
            continue
        missed_count += 1
        missed.setdefault(record.category, Counter()).update(_candidates(engine, record.text))
    lines = [
        "# linli intents suggest：从纠正记录中建议的词",
        "# 请逐条核对后粘贴到社区配置的 [intents] 下",
        f"# 漏判或分错类的诉求 {missed_count} 条",
    ]
    for category in sorted(missed):
        counts = missed[category]
        picked = [
            (w, n)
            for w, n in counts.items()
            if n >= MIN_SUPPORT and w not in known and w not in chat_words
        ]
        # Prefer the longest phrase among those with the same support (路灯坏 over 灯坏).
        picked = [
            (w, n) for w, n in picked if not any(w != o and w in o and m == n for o, m in picked)
        ]
        picked.sort(key=lambda item: (-item[1], -len(item[0]), item[0]))
        if not picked:
            continue
        lines.append("")
        lines.append(f"[intents.issue.{category}.terms]")
        for word, n in picked[:top]:
            lines.append(f'"{word}" = {WEIGHT}  # {n} 条')
    if len(lines) == 2:
        lines.append("# 没有可建议的新词")
    return "\n".join(lines) + "\n"
