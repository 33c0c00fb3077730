"""Round fourteen (engine14): rules read from blind11's misses by failure class (blind11 is
training material since this round). Each test is one rule; its examples are the rule's
phrasings, written for the test, beside the messages the rule must leave alone."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


# A false alarm called a 乌龙, a Cantonese all-clear, someone spared: the danger is over or was
# never real, so no alarm (urgent.toml `over`).
@pytest.mark.parametrize(
    "text",
    [
        "早上那个冒烟的车 是车主在车里抽烟 憋出来的 乌龙了",
        "刚才说楼道着火 闹了个乌龙 是有人在烧艾条",
        "唔使惊 头先嗰啲烟系楼下烧嘢食 冇火烛",
        "唔使慌 电梯啱啱困人 而家冇事",
        "我闺女说她们公司楼里电梯关人了 还好她没在里面",
        "听说隔壁楼电梯困人了 幸好没人受伤",
    ],
)
def test_alarm_over_or_unreal_is_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# ... while a danger reported now stays an alarm.
@pytest.mark.parametrize(
    "text",
    [
        "楼道冒烟了 不是乌龙 快来人",
        "5号楼电梯困人了 里面有个老人 快来",
        "楼下垃圾桶着火了 快来人",
    ],
)
def test_danger_now_stays_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"


# A danger word as a figure for the market, a game, an exam or a thing mistaken for another
# (urgent.toml `figure`): no alarm.
@pytest.mark.parametrize(
    "text",
    [
        "这几天股市跌得跟电梯坠落一样 我那点养老钱全套里头了",
        "大盘今天又跳水了 跌得跟坠楼似的",
        "群里有人玩原神吗 我号里的水系角色全被电死了 求带",
        "王者又输了 我的角色被对面烧死了",
        "我家娃期末考试考糊了 我心里在着火",
        "把我们广场舞的音响当成走丢的东西送到物业去了 哈哈",
    ],
)
def test_danger_figure_is_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# Hearsay asked about and news from an unnamed place (urgent.toml `doubt`): no alarm.
@pytest.mark.parametrize(
    "text",
    [
        "刚看到一个帖子 有人说电梯里跳会让电梯掉下来 是真的吗",
        "有人说充电宝放电梯里会爆炸 真的假的",
        "某地一个孩子被楼上扔下的啤酒瓶砸伤了 太可怕了",
    ],
)
def test_hearsay_is_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# A child's home or workplace, a place left unnamed (context.toml `elsewhere`): news from there is
# not a report of ours. A far city alone is no marker (a grandchild in 深圳 asks for a grandmother
# here: the next test).
@pytest.mark.parametrize(
    "text",
    [
        "我儿子家在深圳 租的那个房子 房东不给修热水器 打12345也推来推去",
        "闺女单位那个小区天天停电 城里的物业都这样吗",
        "我儿子在成都 说那边小区不让电动车进电梯 咱这边有没有",
        "某地某小区物业把业主堵在门外不让进 这合法吗",
        "某网红小区 人脸识别认不出业主 认出了狗",
        "女儿家那边的电梯老坏 我去一趟爬了十八楼",
        "昨天去儿子家 他们那楼下天天有人吵架",
    ],
)
def test_news_from_elsewhere_is_no_case(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "none"


@pytest.mark.parametrize(
    "text",
    [
        "各位叔叔阿姨好 我是4号楼2单元刘奶奶的孙女 在深圳上班过年才回得去 奶奶一个人住 "
        "想请哪位好心的邻居每周有空去看看她 陪她说说话 谢谢大家了🙏",
        "我在北京上班回不来 我妈住3号楼 一个人 灯泡坏了换不了 哪位邻居能帮个忙 谢谢",
    ],
)
def test_far_away_family_asking_for_help_here_is_a_wish(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "wish"


# ... while our own building stays a report, whoever mentions a relative.
@pytest.mark.parametrize(
    "text",
    [
        "我儿子回来住 发现我们5号楼的电梯又坏了 一直没人修",
        "闺女来看我 说咱们楼道的灯坏了好几天了 快修一下",
    ],
)
def test_our_own_building_stays_a_report(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and intent.action in ("case", "review")


# A fault gone after a visit and praised, a fire already out, a working life told as a memory
# (context.toml `past`): not a case.
@pytest.mark.parametrize(
    "text",
    [
        "电梯那个异响 维保来调了一下 今天坐已经没声了 好评",
        "水泵那个噪音 师傅来换了个零件 已经没声了",
        "火已经灭了 就是垃圾桶里的烟头引着的 没啥事",
        "我年轻的时候在水厂上班 那会停水都是我们去抢修",
    ],
)
def test_fault_gone_or_remembered_is_no_case(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert not intent.urgent and intent.action != "case"


# ... while a fault that came back is a report again.
@pytest.mark.parametrize(
    "text",
    [
        "电梯那个异响上次修好了 今天又开始响了 咯噔咯噔的",
        "电梯异响好几天了 一直没人来修 今天坐还是咯噔咯噔响",
    ],
)
def test_fault_back_again_is_a_report(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.kind == "issue" and intent.action == "case"


# Dangers blind11 showed the lexicon had no words for (urgent.toml `terms`, `weak`, `now`):
# someone shut in said with 着 or 把人关里, water pouring into a home, a loose thing that may
# fall any moment, a live wire down or cracking ice beside people, English from a stuck
# resident, a shock felt now whatever habit is named too.
@pytest.mark.parametrize(
    "text",
    [
        "电梯里困着人 打物业电话没人接",
        "3号楼电梯又把人关里了 快来人",
        "楼顶水箱漏水往家里灌 天花板在滴",
        "阳台的防盗窗松了 挂在半空 随时会掉 底下有人走",
        "小区门口电线断了耷拉在地上 有小孩在旁边",
        "池塘冰面上有几个小孩在滑 冰都裂了",
        "stuck in the elevator 6栋 help!! 手机快没电了",
        "路灯杆子漏电 我碰了一下手麻了 小孩经常摸",
    ],
)
def test_danger_words_round_fourteen(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.urgent and intent.action == "case"


# ... and what they must leave alone: a figure, the past, a thing that is fine.
@pytest.mark.parametrize(
    "text",
    [
        "耳机的线断了 换一根就好",
        "去年电梯把人关里了一次 后来修好了",
        "物业查过了 煤气味是隔壁饭店排的 大家放心",
        "我随时掉线 网太差了",
    ],
)
def test_danger_words_round_fourteen_left_alone(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# Problem words in talk (chat.toml, round fourteen): a nuisance denied as praise, a fault word
# for one's own body, a law discussed.
@pytest.mark.parametrize(
    "text",
    [
        "楼上的小姐姐唱歌好好听 每天晚上八点准时 不吵不吵 是夸",
        "隔壁小孩练琴 我是在夸 不吵不吵",
        "我这个腰啊 就跟那生了锈的水管子一样 一动嘎吱响",
        "我这老腰 跟漏风的窗户似的",
        "民法典里面说高空抛物找不到人 整栋楼一起赔 这个规定合理吗 讨论一下",
    ],
)
def test_problem_words_in_talk_round_fourteen(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action not in ("case", "wish")


# ... while a complaint that says it is not one stays a complaint.
@pytest.mark.parametrize(
    "text",
    [
        "楼上天天半夜唱歌 吵得睡不着 不是吐槽 是真的受不了了",
        "楼道灯坏了一个礼拜了 讨论一下谁去找物业",
    ],
)
def test_complaint_beside_talk_words_stays(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "case"


# A dialect all-clear with the cause found, and a door reader that does not answer (round
# fourteen, after retraining): no alarm.
@pytest.mark.parametrize(
    "text",
    [
        "啥子漏电哦 是我屋头电饭锅的插头松了 现在好了 莫担心",
        "刚才冒烟的是锅 关火了 莫慌",
        "小区门禁刷脸没反应 我爸在门口进不来",
        "门禁卡刷了没反应 奶奶在外面进不来",
    ],
)
def test_all_clear_and_door_reader_are_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent
