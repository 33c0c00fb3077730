"""Stage 6: decide among case / wish / review (待确认) / none from the evidence and the model.

The lexicon is the accountable voice: staff can read why a case was opened. The model moves
borderline lexicon cases: a lexicon case the model finds very unlikely goes to review; weak
lexicon evidence the model believes goes to review; the model alone never opens a case. Urgent
danger is always a case; forwarded articles and talk about elsewhere never are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from intents.context import Context
from intents.evidence import Evidence
from intents.lexicon import Settings
from intents.model import Action, Kind
from intents.ngram import Opinion

Mode = Literal["lexicon", "model", "combined"]
MODES: tuple[Mode, ...] = ("lexicon", "model", "combined")


@dataclass(frozen=True, slots=True)
class Decision:
    kind: Kind
    action: Action
    category: str | None
    urgent: bool
    score: float  # the evidence behind it on the lexicon's scale
    reason: str


def decide(
    ev: Evidence,
    ctx: Context,
    opinion: Callable[[], Opinion | None],
    settings: Settings,
    mode: Mode = "combined",
) -> Decision:
    """`opinion` runs the model; it is called only when the decision can depend on it."""
    if ctx.forwarded:
        return Decision("chat", "none", None, False, 0.0, "forwarded")
    if ev.urgent and mode != "model":
        # The danger names the category (smoke → fire_safety, a fall → other) unless it is a
        # plain urgent word with no category of its own.
        category = ev.urgent_category or "other"
        return Decision("issue", "case", category, True, max(ev.issue, 3.0), "urgent")
    if mode == "model":
        return _model_only(opinion(), settings)
    lexicon = _lexicon(ev, ctx, settings)
    if mode == "lexicon" or lexicon.reason == "elsewhere" or lexicon.action in ("wish", "review"):
        return lexicon
    if lexicon.action == "case" and lexicon.score >= settings.issue_threshold + 1.5:
        return lexicon  # strong evidence: the model is not asked
    op = opinion()
    if op is None:
        return lexicon
    return _combine(lexicon, ev, ctx, op, settings)


def _lexicon(ev: Evidence, ctx: Context, settings: Settings) -> Decision:
    threshold = settings.issue_threshold
    if ctx.elsewhere and ctx.question and ev.issue < threshold + 2.0:
        return Decision("chat", "none", None, False, ev.issue, "elsewhere")
    issue = ev.issue
    if ctx.irony and ev.category:
        # Praise beside a nuisance is the complaint: the praise words must not cancel it.
        issue = ev.scores.get(ev.category, 0.0) + settings.irony_bonus
    if ev.wish >= settings.wish_threshold and ev.wish + settings.wish_over_issue >= issue:
        return Decision("wish", "wish", None, False, ev.wish, "wish")
    if ev.category and issue >= threshold:
        if ctx.question and issue < threshold + settings.question_margin:
            return Decision("issue", "review", ev.category, False, issue, "question")
        return Decision("issue", "case", ev.category, False, issue, "lexicon")
    return Decision("chat", "none", None, False, issue, "below threshold")


def _model_only(op: Opinion | None, settings: Settings) -> Decision:
    if op is None:
        return Decision("chat", "none", None, False, 0.0, "no model")
    if op.issue >= 0.5:
        return Decision("issue", "case", op.category, False, 0.0, "model")
    if op.wish >= 0.5:
        return Decision("wish", "wish", None, False, 0.0, "model")
    return Decision("chat", "none", None, False, 0.0, "model")


def _combine(
    lex: Decision, ev: Evidence, ctx: Context, op: Opinion, settings: Settings
) -> Decision:
    if lex.action == "case":
        if op.issue < settings.model_veto:
            return Decision("issue", "review", lex.category, False, lex.score, "model doubts")
        return lex
    if ev.cancelled and ev.issue < settings.issue_threshold:
        # Context explained the words away (万一, 上次, 没有): the model may not bring them back.
        return lex
    category = ev.category or op.category
    if ev.issue > 0 and op.issue >= settings.model_review:
        if op.issue >= settings.model_case and ev.issue >= settings.issue_threshold - 1.0:
            return Decision("issue", "case", category, False, ev.issue, "model agrees")
        return Decision("issue", "review", category, False, ev.issue, "model")
    if op.issue >= settings.model_alone_review:
        return Decision("issue", "review", category, False, ev.issue, "model alone")
    if ev.wish > 0 and op.wish >= settings.model_review:
        return Decision("wish", "review", None, False, ev.wish, "model wish")
    return lex
