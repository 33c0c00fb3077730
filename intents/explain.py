"""`explain`: what each stage of the engine saw for one message, as plain data for staff and
lexicon work (`linli intents explain`). It changes when that view changes, not the pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from intents.ngram import Opinion

if TYPE_CHECKING:
    from intents.engine import Trace


def describe(trace: Trace, tokens: list[str], op: Opinion | None) -> dict[str, Any]:
    """`tokens`: jieba's words of the normalised text; `op`: the model's opinion of it."""
    ev = trace.evidence
    return {
        "normalised": trace.text,
        "tokens": tokens,
        "terms": [
            f"{h.term}@{h.start}:{state}"
            for h, state in zip(trace.hits, trace.context.status, strict=True)
        ],
        "context": {
            "markers": list(trace.context.markers),
            "forwarded": trace.context.forwarded,
            "irony": trace.context.irony,
            "question": trace.context.question,
            "elsewhere": trace.context.elsewhere,
        },
        "evidence": {
            "scores": {k: round(v, 2) for k, v in ev.scores.items()},
            "category": ev.category,
            "issue": round(ev.issue, 2),
            "wish": round(ev.wish, 2),
            "chat": round(ev.chat, 2),
            "urgent": list(ev.urgent),
            "cancelled": list(ev.cancelled),
            "terms": ev.terms,
        },
        "model": None
        if op is None
        else {
            "kind": {k: round(v, 3) for k, v in op.kind.items()},
            "category": op.category,
            "category_p": round(op.category_p, 3),
        },
        "decision": {
            "action": trace.decision.action,
            "kind": trace.decision.kind,
            "category": trace.decision.category,
            "urgent": trace.decision.urgent,
            "reason": trace.decision.reason,
        },
    }
