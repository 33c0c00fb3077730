"""The model's one-lookup scoring (a table joined from the heads at load time) gives exactly what
each head gives reading the n-grams itself: same probabilities to the last bit."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents.ngram import URGENT, Head, NgramModel, Opinion, ngrams

PACKAGED = Path(__file__).resolve().parents[2] / "intents" / "data" / "model.json"
TEXTS = [
    "3号楼电梯又坏了，停在8楼不动",
    "楼道里好像有股煤气味 有点慌",
    "谁能帮我家老人取个快递",
    "今天天气真好 大家出去走走",
    "好",
    "http://example.com/a/very/long/link 电梯坏了",
    "电梯电梯电梯坏了坏了",  # repeated n-grams count once
]


def _heads_alone(model: NgramModel, text: str) -> tuple[list[float], list[float], list[float]]:
    grams = ngrams(text)
    urgent = model.urgent_head.probabilities(grams) if model.urgent_head else []
    return (
        model.kind_head.probabilities(grams),
        model.category_head.probabilities(grams),
        urgent,
    )


def _seen(op: Opinion) -> tuple[list[float], str, float, float]:
    return list(op.kind.values()), op.category, op.category_p, op.urgent


@pytest.mark.parametrize("text", TEXTS)
def test_the_joined_table_scores_exactly_as_each_head_alone(text: str) -> None:
    model = NgramModel.load(PACKAGED)
    assert model.urgent_head is not None
    kind, category, urgent = _heads_alone(model, text)
    op = model.opinion(text)
    assert list(op.kind.values()) == kind
    assert (op.category, op.category_p) == (
        model.category_head.labels[category.index(max(category))],
        max(category),
    )
    assert op.urgent == urgent[model.urgent_head.labels.index(URGENT)]
    # An opinion made without the sums (as scripts/intents_sweep.py copies one) reads the
    # n-grams through each head and agrees.
    plain = Opinion(op.kind, model.category_head, ngrams(text), model.urgent_head)
    assert _seen(plain) == _seen(op)


def _small(urgent: bool) -> NgramModel:
    # Heads that know different n-grams, one n-gram known to no head but the category's.
    kind = Head(
        ("issue", "wish", "chat"),
        (0.1, -0.2, 0.3),
        {"电梯": (1.5, -0.5, -1.0), "坏": (0.7, 0.0, -0.7), "帮": (-0.2, 1.1, -0.9)},
    )
    category = Head(
        ("elevator", "facilities", "other"),
        (0.0, 0.1, -0.1),
        {"电梯": (2.0, -1.0, -1.0), "灯": (-1.0, 2.0, -1.0)},
    )
    danger = Head(("calm", URGENT), (0.5, -0.5), {"困": (-1.0, 1.0), "坏": (0.1, -0.1)})
    return NgramModel(kind, category, {}, danger if urgent else None)


@pytest.mark.parametrize("urgent", [True, False])
@pytest.mark.parametrize("text", ["电梯坏了 困人", "楼道灯坏了", "帮帮忙", "你好"])
def test_heads_that_know_different_n_grams_and_a_file_without_urgency(
    text: str, urgent: bool
) -> None:
    model = _small(urgent)
    kind, category, danger = _heads_alone(model, text)
    op = model.opinion(text)
    assert list(op.kind.values()) == kind
    assert op.category_p == max(category)
    assert op.urgent == (danger[1] if urgent else 0.0)


def test_a_row_that_does_not_match_its_labels_is_refused() -> None:
    kind = Head(("issue", "wish", "chat"), (0.0, 0.0, 0.0), {"电梯": (1.0, 0.0)})
    category = Head(("other",), (0.0,), {})
    with pytest.raises(ValueError, match="do not match"):
        NgramModel(kind, category, {})
