"""The n-gram second opinion: training (scikit-learn, dev only), the weight table, loading."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from intents.engine import IntentEngine
from intents.lexicon import load_lexicon
from intents.ngram import FORMAT, ModelError, NgramModel, ngrams
from intents.train import CHAT_PRIOR_SHIFT, Sample, fit, write

TINY = [
    Sample("电梯坏了", "issue", "elevator"),
    Sample("电梯又坏了 困人", "issue", "elevator"),
    Sample("楼道灯不亮", "issue", "facilities"),
    Sample("路灯坏了不亮", "issue", "facilities"),
    Sample("想请人帮忙买菜", "wish", None),
    Sample("谁能帮我读报纸", "wish", None),
    Sample("今天天气真好", "chat", None),
    Sample("晚上一起跳舞吧", "chat", None),
    Sample("吃饭了吗", "chat", None),
]


def test_ngrams_are_characters_one_to_three() -> None:
    assert ngrams("电梯 坏") == {"电", "梯", "坏", "电梯", "梯坏", "电梯坏"}


def test_weight_table_reproduces_scikit_learn() -> None:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    model = fit(
        TINY, max_kind_features=10**6, max_category_features=10**6, c=8.0, chat_prior_shift=0.0
    )
    # The same features, fitted directly: the runtime softmax must match predict_proba.
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, sample in enumerate(TINY):
        grams = ngrams(sample.text)
        for gram in grams:
            rows.append(i)
            cols.append(vocab.setdefault(gram, len(vocab)))
            vals.append(1 / math.sqrt(len(grams)))
    matrix = csr_matrix((vals, (rows, cols)), shape=(len(TINY), len(vocab)))
    reference = LogisticRegression(C=8.0, max_iter=2000).fit(matrix, [s.kind for s in TINY])
    expected = reference.predict_proba(matrix[[0]])[0]
    got = model.opinion("电梯坏了").kind
    for label, p in zip(reference.classes_, expected, strict=True):
        assert got[str(label)] == pytest.approx(p, abs=1e-6)


def test_chat_prior_shift_moves_only_the_chat_odds() -> None:
    plain = fit(TINY, chat_prior_shift=0.0).opinion("电梯坏了").kind
    shifted = fit(TINY, chat_prior_shift=0.5).opinion("电梯坏了").kind
    assert fit(TINY).meta["chat_prior_shift"] == CHAT_PRIOR_SHIFT > 0
    # A log-odds shift of the prior: chat against every other kind gains e**0.5, the others
    # keep their odds against each other.
    for label in plain:
        if label != "chat":
            gained = (shifted["chat"] / shifted[label]) / (plain["chat"] / plain[label])
            assert gained == pytest.approx(math.exp(0.5), rel=1e-9)
    others = [label for label in plain if label != "chat"]
    if len(others) == 2:
        a, b = others
        assert shifted[a] / shifted[b] == pytest.approx(plain[a] / plain[b], rel=1e-9)


def test_written_model_loads_and_agrees(tmp_path: Path) -> None:
    model = fit(TINY)
    out = tmp_path / "m.json"
    size = write(model, out)
    assert 0 < size == len(out.read_bytes()) - 1
    loaded = NgramModel.load(out)
    assert loaded.opinion("电梯又坏了").issue == pytest.approx(
        model.opinion("电梯又坏了").issue, abs=1e-2
    )
    assert loaded.opinion("电梯又坏了").category == "elevator"


@pytest.mark.parametrize(
    "content",
    ["not json", json.dumps({"format": "other"}), json.dumps({"format": FORMAT, "kind": {}})],
)
def test_corrupt_model_file_is_refused(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError):
        NgramModel.load(bad)
    with pytest.raises(ModelError):
        IntentEngine.from_files(model_path=bad)


def test_missing_model_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such model file"):
        NgramModel.load(tmp_path / "absent.json")


def test_packaged_model_is_small_and_read_without_scikit_learn() -> None:
    path = Path(__file__).resolve().parents[2] / "intents" / "data" / "model.json"
    assert path.stat().st_size < 400_000
    assert NgramModel.load(path).meta["samples"] > 1000


def _model(
    issue_bias: float, urgent_bias: float | None = None, wish_bias: float = 0.0
) -> NgramModel:
    # A model that believes every message is an issue (or never is), whatever the text.
    raw: dict[str, object] = {
        "format": FORMAT,
        "kind": {
            "labels": ["issue", "wish", "chat"],
            "bias": [issue_bias, wish_bias, 0],
            "weights": {},
        },
        "category": {"labels": ["other"], "bias": [0], "weights": {}},
    }
    if urgent_bias is not None:
        raw["urgent"] = {"labels": ["calm", "urgent"], "bias": [0, urgent_bias], "weights": {}}
    return NgramModel.from_dict(raw)


def test_model_alone_opens_a_case_only_where_the_context_does_not_object() -> None:
    # Round seven: a model sure of a report opens a case by itself (model_alone_case); a
    # question, a supposition or talk about elsewhere leaves it to 待确认 (model_alone_review).
    # (model_sure_case off: round fifteen lets a kind head ≥ 0.9 past those objections, and this
    # model is sure of everything; test_rules15 has that setting's behaviour with the real one.)
    sure_off = {"settings": {"model_sure_case": 1.1}}
    engine = IntentEngine(load_lexicon(sure_off), _model(20.0))
    intent = engine.classify("今天的晚霞颜色好奇怪")
    assert (intent.kind, intent.action) == ("issue", "case")
    objected = ("今天的晚霞颜色好奇怪吗？", "万一电梯坏了", "我们公司楼下的晚霞颜色好奇怪")
    for text in objected:
        assert engine.classify(text).action == "review", text
    off = IntentEngine(
        load_lexicon({"settings": {"model_alone_case": 1.1, "model_sure_case": 1.1}}),
        _model(20.0),
    )
    assert off.classify("今天的晚霞颜色好奇怪").action == "review"


def test_doubting_model_drops_or_reviews_a_weak_lexicon_case() -> None:
    doubting = IntentEngine(load_lexicon(), _model(-20.0))
    # Below model_drop a weak lexicon case is dropped; with model_drop off, it goes to review.
    assert doubting.classify("对面那套房子群租").action == "none"
    # (model_brief_chars off: a message this brief is otherwise not sent to review, round fourteen.)
    settings = {"settings": {"model_drop": 0.0, "model_brief_chars": 0.0}}
    reviewing = IntentEngine(load_lexicon(settings), _model(-20.0))
    assert reviewing.classify("对面那套房子群租").action == "review"
    # Urgent danger is not overruled.
    assert doubting.classify("电梯困人了 快来人").action == "case"
    lexicon_only = IntentEngine(load_lexicon(), None, mode="lexicon")
    assert lexicon_only.classify("对面那套房子群租").action == "case"


def test_doubting_model_sends_even_a_strong_lexicon_case_to_review() -> None:
    # Round three: a model this sure it is chat (below model_strong_veto) is worth a glance.
    doubting = IntentEngine(load_lexicon(), _model(-20.0, wish_bias=-20.0))
    assert doubting.classify("3号楼电梯坏了 一直停在8楼不动 门也打不开").action == "review"
    believing = IntentEngine(load_lexicon(), _model(5.0))
    assert believing.classify("3号楼电梯坏了 一直停在8楼不动 门也打不开").action == "case"
    # Round seven: a model sure it is a 微心愿 doubts whose job it is, not that something broke.
    wishing = IntentEngine(load_lexicon(), _model(-20.0, wish_bias=5.0))
    assert wishing.classify("3号楼电梯坏了 一直停在8楼不动 门也打不开").action == "case"


def test_urgency_head_flags_danger_the_lexicon_lacks_but_not_hypotheticals() -> None:
    alarmed = IntentEngine(load_lexicon(), _model(5.0, urgent_bias=20.0))
    intent = alarmed.classify("窝草 对面楼那边全红了")
    assert intent.urgent and intent.action == "case"
    # A hypothetical or past message never takes urgency from the model.
    assert not alarmed.classify("万一对面楼那边全红了咋整").urgent
    assert not alarmed.classify("昨天对面楼那边全红了").urgent
    calm = IntentEngine(load_lexicon(), _model(5.0))  # a file without the head: never urgent
    assert not calm.classify("窝草 对面楼那边全红了").urgent


def test_urgency_head_round_trips(tmp_path: Path) -> None:
    samples = [*TINY, Sample("快来人 有人倒地不动了", "issue", "other", 1.0, True)]
    model = fit(samples)
    assert model.urgent_head is not None
    path = tmp_path / "m.json"
    write(model, path)
    loaded = NgramModel.load(path)
    text = "快来人 有人倒地不动了"
    assert loaded.opinion(text).urgent == pytest.approx(model.opinion(text).urgent, abs=1e-3)
    assert loaded.opinion(text).urgent > loaded.opinion("今天天气不错").urgent


def test_weak_labels_without_categories_still_train() -> None:
    weak = [Sample(s.text, s.kind, None) for s in TINY]
    model = fit(weak)
    assert model.opinion("电梯坏了").category == "other"
    assert set(model.kind_head.labels) == {"issue", "wish", "chat"}


def _biased(kind: list[float], category: dict[str, float] | None = None) -> NgramModel:
    # Round four: a model whose opinion is fixed by its biases, whatever the text.
    cats = category or {"other": 0.0}
    return NgramModel.from_dict(
        {
            "format": FORMAT,
            "kind": {"labels": ["issue", "wish", "chat"], "bias": kind, "weights": {}},
            "category": {"labels": list(cats), "bias": list(cats.values()), "weights": {}},
        }
    )


WISH = "想请人帮忙陪我老伴去医院复查 我腿脚不方便"


def test_a_lexicon_wish_the_model_finds_no_wish_in_goes_to_review() -> None:
    lexicon_only = IntentEngine(load_lexicon(), None, mode="lexicon")
    assert lexicon_only.classify(WISH).action == "wish"
    doubting = IntentEngine(load_lexicon(), _biased([0.0, -20.0, 5.0]))
    intent = doubting.classify(WISH)
    assert (intent.kind, intent.action) == ("wish", "review")
    believing = IntentEngine(load_lexicon(), _biased([0.0, 5.0, 0.0]))
    assert believing.classify(WISH).action == "wish"


def test_talk_about_a_past_danger_is_reviewed_only_when_the_model_sees_a_report() -> None:
    text = "昨天3号楼电梯困人了 那部电梯老是坏 门也关不上"
    doubting = IntentEngine(load_lexicon(), _biased([-20.0, 0.0, 5.0]))
    believing = IntentEngine(load_lexicon(), _biased([5.0, 0.0, 0.0]))
    assert not doubting.classify(text).urgent and not believing.classify(text).urgent
    assert doubting.classify(text).action == "none"
    assert believing.classify(text).action == "review"


def test_a_sure_category_head_names_an_urgent_issue_s_category() -> None:
    text = "有人触电了 倒在地上 快来人"
    unsure = IntentEngine(
        load_lexicon(), _biased([5.0, 0.0, 0.0], {"other": 0.0, "utilities": 0.0})
    )
    sure = IntentEngine(load_lexicon(), _biased([5.0, 0.0, 0.0], {"other": 0.0, "utilities": 9.0}))
    assert unsure.classify(text).urgent and sure.classify(text).urgent
    assert unsure.classify(text).category == "other"
    assert sure.classify(text).category == "utilities"


def test_urgency_head_sure_of_no_danger_calms_a_danger_word() -> None:
    # Round fourteen (model_urgent_calm): a lexicon danger word the urgency head is sure is no
    # danger (股市跌得跟电梯坠落一样) raises no alarm; the report decision runs as usual.
    settings = {"settings": {"model_urgent_calm": 0.02, "model_urgent_veto": 0.0}}
    calm = IntentEngine(load_lexicon(settings), _model(5.0, urgent_bias=-20.0))
    intent = calm.classify("电梯困人了 快来人")
    assert not intent.urgent and intent.kind == "issue"
    # An urgency head that sees a danger, or a file without the head, leaves the alarm.
    alarmed = IntentEngine(load_lexicon(settings), _model(5.0, urgent_bias=0.0))
    assert alarmed.classify("电梯困人了 快来人").urgent
    headless = IntentEngine(load_lexicon(settings), _model(5.0))
    assert headless.classify("电梯困人了 快来人").urgent
    off = IntentEngine(
        load_lexicon({"settings": {"model_urgent_calm": 0.0, "model_urgent_veto": 0.0}}),
        _model(5.0, urgent_bias=-20.0),
    )
    assert off.classify("电梯困人了 快来人").urgent


def test_a_question_the_model_finds_no_report_in_is_silence() -> None:
    # Round fourteen (model_question_drop): a question with a problem word (路由器卡 是小区网络的
    # 问题吗) the kind head finds no report in goes nowhere instead of to 待确认. (question_margin
    # 2 here so that the weak case 单元门坏了 reads as a question; model_drop off so that the
    # doubting model does not drop it first.)
    text = "单元门坏了吗？"

    def engine(drop: float, issue_bias: float) -> IntentEngine:
        settings = {"question_margin": 2.0, "model_drop": 0.0, "model_question_drop": drop}
        return IntentEngine(
            load_lexicon({"settings": settings}), _model(issue_bias, wish_bias=-20.0)
        )

    before = engine(0.0, -20.0).trace(text)
    assert before is not None and before.decision.reason == "question"
    assert before.decision.action == "review"
    assert engine(0.2, -20.0).classify(text).action == "none"
    # A model that sees a report keeps it for a person (or a case, model_question_case).
    assert engine(0.2, 0.0).classify(text).action in ("review", "case")


def test_a_brief_message_is_not_vetoed_by_the_model() -> None:
    # Round fourteen (model_brief_chars): a few characters (对面那套房子群租) give the n-gram model
    # too little to go on; a longer message with the same report the model doubts goes to 待确认.
    def engine(chars: float) -> IntentEngine:
        settings = {"model_brief_chars": chars, "model_drop": 0.0}
        return IntentEngine(load_lexicon({"settings": settings}), _model(-20.0, wish_bias=-20.0))

    assert engine(8.0).classify("对面那套房子群租").action == "case"
    assert engine(0.0).classify("对面那套房子群租").action == "review"
    longer = "对面那套房子群租 住了十几个人 天天进进出出的"
    assert engine(8.0).classify(longer).action == "review"
