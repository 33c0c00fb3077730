"""Round nine (engine9): rules from the lead's known misses and from the failure classes of the
retired blind6/blind7 sets, each a class of message checked on variants written for the test,
each with near-miss counter-examples."""

from __future__ import annotations

import pytest

from intents.engine import IntentEngine


# A stove or water heater that will not light is a utilities fault: the lexicon's words name it,
# the model (which sees 火) must not rename it fire_safety.
@pytest.mark.parametrize(
    "text",
    [
        "燃气灶打不起火 是不是没气了",
        "燃气灶打不着火了",
        "家里煤气灶点不起火 麻烦看看",
        "热水器打不着火了 是不是没燃气了",
    ],
)
def test_failed_ignition_keeps_the_lexicon_category(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.category == "utilities" and not intent.urgent


# ... while a gas leak beside the same words is still an alarm.
@pytest.mark.parametrize(
    "text",
    ["燃气灶漏气了 一股味 打不着火", "煤气味好大 灶也打不着火了 快来人"],
)
def test_gas_leak_beside_failed_ignition_is_urgent(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).urgent


# A delivery at a door nobody opens is life, not a broken door: no case (a person may glance).
@pytest.mark.parametrize(
    "text",
    [
        "外卖小哥敲门也没人应",
        "朋友敲了半天门没人开 原来我在楼下遛弯",
        "朋友来了叫门没人应 我在楼下",
    ],
)
def test_knocking_at_a_door_is_not_a_door_fault(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action != "case" and not intent.urgent


# ... but a door that is broken, or an old person who does not answer for days, is.
@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("单元门坏了关不上", False),
        ("3栋的防盗门锁坏了 门关不上", False),
        ("独居的王奶奶好几天没出门了 敲门没人应 快来看看", True),
    ],
)
def test_broken_door_and_silent_neighbour_still_count(
    engine: IntentEngine, text: str, urgent: bool
) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent == urgent


# Asking someone to go to a place on one's behalf: the place is the errand's destination, not
# news from elsewhere (帮我去菜市场买点菜 is a 微心愿).
@pytest.mark.parametrize(
    "text",
    [
        "想请人帮我去菜市场买点菜 我刚出院",
        "谁能帮我到菜市场带点菜 腿摔了下不了楼",
        "想找个志愿者陪我去菜市场 我眼睛不好",
    ],
)
def test_errand_to_a_place_is_a_wish(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "wish"


# ... while news from the market stays chat.
@pytest.mark.parametrize(
    "text",
    ["菜市场今天白菜才八毛", "刚从菜市场回来 人好多", "菜市场那边停电了吗 你们知道吗"],
)
def test_the_market_itself_is_elsewhere(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "none"


# A lamp that went out (灯灭了) is no all-clear: 灭了 withdraws an alarm only for a fire.
@pytest.mark.parametrize(
    "text",
    [
        "楼道的线路烧起来了 顺着墙往上窜 灯全灭了",
        "我被关在电梯里了 灯灭了 按铃没人理",
    ],
)
def test_light_going_out_does_not_withdraw_a_danger(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).urgent


@pytest.mark.parametrize(
    "text",
    ["刚才楼道那个火已经灭了 大家放心", "厨房油锅起火 火灭了 没人受伤", "火已经扑灭了 谢谢大家"],
)
def test_fire_out_is_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# 不是演习: a drill denied is a real alarm; a drill announced is none.
@pytest.mark.parametrize(
    "text",
    ["火警铃响了 楼道里有烟 不是演习 大家快下楼", "真的着火了 不是演练 5楼在冒烟"],
)
def test_denied_drill_is_real(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).urgent


@pytest.mark.parametrize(
    "text",
    ["明天上午消防演习 火警铃会响 大家别慌", "刚才是演练 楼道里的烟是烟饼 不是真着火"],
)
def test_announced_drill_is_not(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# 求扩散 under a missing grandmother is a plea for help, not a forwarded chain message.
@pytest.mark.parametrize(
    "text",
    [
        "我奶奶在小区门口走丢了 穿红棉袄 拄拐杖 耳朵不好 求扩散",
        "求扩散 我家孩子在小区里找不到了 穿蓝衣服 五岁",
    ],
)
def test_plea_to_spread_a_missing_person_is_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent


@pytest.mark.parametrize(
    "text",
    [
        "【扩散】今天中午在超市门口捡到一个钱包 失主请联系超市服务台",
        "紧急扩散！某地一小区电梯突然坠落 专家提醒坐电梯千万别扒门",
        "转发扩散：最近有人冒充燃气公司上门检查收费 大家提高警惕",
    ],
)
def test_chain_messages_stay_forwarded(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "none" and not intent.urgent


# Denied or explained alarms (没着火 是烧烤店的烟, 没冒烟 是水汽), a lift named by its old
# incident, and "it may well" (整不好就着火) are not urgent.
@pytest.mark.parametrize(
    "text",
    [
        "刚才的消息不对 没着火 是烧烤店的烟",
        "我下去看了没冒烟啦 是热水器排的水汽",
        "楼下没有着火 是有人在烧烤",
        "上次困梯那部电梯说修好了 今天又卡在三楼了 还是老毛病",
        "整不好就着火 嘎哈在楼道充电啊 我就说说 咱楼没看见",
        "搞不好哪天就要出事 楼道里堆的电瓶车太多了",
    ],
)
def test_denied_past_and_supposed_dangers_are_not_urgent(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# ... beside the same words said of a danger now.
@pytest.mark.parametrize(
    "text",
    [
        "楼下着火了 烟好大 快跑",
        "电梯卡在三楼了 里面关着人",
        "楼道里电瓶车着火了 快来人",
    ],
)
def test_the_same_dangers_now_are_urgent(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).urgent


# Dangers in words the lexicon lacked (blind6/blind7's danger class): a fall nobody answers, a
# woman in labour, carbon monoxide from coal, water rising now, something about to fall where
# people pass, a plea for one's life.
@pytest.mark.parametrize(
    "text",
    [
        "恁快来吧 俺家门口那个大爷栽倒了 喊不应",
        "我媳妇要生了 电梯又坏了 谁来帮忙抬一下",
        "屋里烧着煤炉子 我头好晕 浑身没劲",
        "地下室的水漫上来了 水还在涨",
        "客厅进水了 已经没过脚背",
        "树枝快断了 正对着儿童乐园",
        "楼顶的铁皮被风掀起来了 随时要飞下来",
        "救救我 我动不了",
        "有个娃把手伸进快递柜的门缝拔不出来了",
    ],
)
def test_new_danger_words_are_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent


# ... and their near misses: talk, a count, a figure of speech, a thing not a person.
@pytest.mark.parametrize(
    "text",
    [
        "下面是今天晚报的内容：我市今年将改造老旧小区120个 涉及加装电梯",
        "这个月电费120块 比上个月多",
        "热得我嗓子都冒烟了 谁要一起去喝冰饮",
        "这周的工作量能把人累到晕倒",
        "房价还在涨 真买不起",
        "我媳妇说楼下新开的面馆不错",
        "冬天烧炭火锅真香",
        "钥匙插在锁里拔不出来了 有师傅会弄吗",
    ],
)
def test_their_near_misses_are_not_urgent(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# A spark that happened once (冒过火花) and food poured on the ground (倒在地上) are no alarm;
# a spark now and a person on the ground are.
@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("家里插座冒过火花以后就不敢用了 想请懂电的志愿者帮我换个新的", False),
        ("楼下喂猫的把猫粮和剩饭倒在地上 招了一堆苍蝇", False),
        ("插座正在冒火花 还有焦味", True),
        ("有个老人倒在地上起不来", True),
    ],
)
def test_once_and_poured_are_not_now(engine: IntentEngine, text: str, urgent: bool) -> None:
    assert engine.classify(text).urgent == urgent


# A child not home hours after school, a phone that does not answer: missing, urgent; the 小区's
# own road is ours (小区路上), not the city's.
@pytest.mark.parametrize(
    "text",
    [
        "我家闺女放学没回来 电话也打不通 有人见到吗",
        "俺家闺女十二岁 下午说去同学家 到现在没回 同学说没来过",
        "有辆车在小区路上自燃了",
    ],
)
def test_missing_child_and_our_road_are_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent


@pytest.mark.parametrize(
    "text",
    [
        "上班路上看到有车着火了",
        "我闺女家那边停水了吗",
        "老是担心楼上掉东西下来 走路都绕着楼走",
        "去年楼上掉下来个晾衣杆 差点砸到我 现在走路都绕开",
        "要系有人困喺电梯入面 打边个电话啊",
        "上礼拜那个走丢的爷爷后来找到没有 一直惦记着",
        "去年被狗咬的事还没完 那条狗现在还是不拴绳 今天又冲我家孩子叫",
    ],
)
def test_elsewhere_worry_and_memory_are_not_urgent(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# Chat with problem words (blind6/blind7's overfire class): another city, someone else's building,
# the office car park, a joke passed on, a fault already put right.
@pytest.mark.parametrize(
    "text",
    [
        "楼道的灯今天有人来换了 谢谢",
        "隔壁市的小区物业跑路了 垃圾没人清 臭了一个月 好惨",
        "看到一个段子：物业费交了 电梯还是坏的 这叫付费爬楼 哈哈哈",
        "我的车在公司停车场被划了 气死了 监控也没拍到",
        "她们楼下的路灯坏了一半 还是咱们这好",
    ],
)
def test_overfire_chat_is_not_acted_on(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action not in ("case", "wish")


# ... beside the same faults here and now.
@pytest.mark.parametrize(
    "text",
    [
        "楼道的灯坏了 有人来换吗",
        "咱们小区的垃圾没人清 臭了一个月",
        "车在小区停车场被划了 监控也没拍到",
    ],
)
def test_the_same_faults_here_are_cases(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).action == "case"


# Unsure about a detail of a person in danger (好像是跳下来的, 里面好像有人): urgent when the
# model's urgency head is sure; unsure whether there is a problem at all (好像有股怪味): 待确认.
@pytest.mark.parametrize(
    "text",
    [
        "快下来人！！！12号楼楼下一个人躺着 好像是跳下来的",
        "天然气报警器一直叫 邻居家敲不开门 里面好像有人",
    ],
)
def test_hedged_detail_of_a_person_in_danger_is_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert intent.action == "case" and intent.urgent


@pytest.mark.parametrize(
    "text",
    ["楼道里好像有股怪味", "好像有人在楼道里抽烟 味道好大", "我一个人在家 好无聊"],
)
def test_hedged_without_a_person_at_risk_is_not_urgent(engine: IntentEngine, text: str) -> None:
    intent = engine.classify(text)
    assert not intent.urgent


# trainwrite10's safe look-alikes: children's play, scares, exaggeration, an alarm called off
# beside a recurrence word, a danger said to be impossible.
@pytest.mark.parametrize(
    "text",
    [
        "孩子期末考砸了 家里快爆炸了",
        "孩子一到游乐场就跑没影了 追得我腿都断了",
        "刚才报的那个是假警报 报警器电池没电了一直叫",
        "孩子玩消防车玩具 天天喊着火啦着火啦",
        "我女儿在玩过家家 说她是医生 叫我装晕倒",
        "别吓唬孩子说不听话就被狗咬",
        "物业说电梯坠落是不可能的 有安全钳",
    ],
)
def test_play_scares_and_all_clear_are_not_urgent(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


# ... while a repaired danger that is back is urgent again.
@pytest.mark.parametrize(
    "text",
    ["上次漏电修好了 现在又冒火花了", "煤气罐快爆炸了 快来人", "孩子从滑梯上摔下来 腿断了 在哭"],
)
def test_a_danger_back_or_real_is_urgent(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).urgent


# Smoke from a cigarette or a wok is no alarm on the model's word; a fire it starts is.
@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("有人在楼道里抽烟 味道好大", False),
        ("楼下饭店的油烟熏得人受不了", False),
        ("有人在楼道抽烟 烟头把纸箱点着了 着火了 快来人", True),
    ],
)
def test_smoking_is_no_alarm_but_its_fire_is(engine: IntentEngine, text: str, urgent: bool) -> None:
    assert engine.classify(text).urgent == urgent


# Supply back, nobody shut in, moxa smoke, a meeting like a stuck lift, mosquito bites: no alarm
# (trainwrite10's chat the model's urgency head took for danger).
@pytest.mark.parametrize(
    "text",
    [
        "来电了",
        "有水了",
        "没人被困 电梯停在那是在做保养 门口挂了牌",
        "今天的会议像被困在电梯里 出不去又没人救",
        "晚上去湖边散步 蚊子太多了 被咬了十几个包",
        "刚才有人问谁家冒烟 是3楼在烧艾条",
    ],
)
def test_all_clear_and_figures_are_no_alarm(engine: IntentEngine, text: str) -> None:
    assert not engine.classify(text).urgent


@pytest.mark.parametrize("text", ["停电了 电梯里困人了", "楼道里在冒烟 好呛 快来人"])
def test_real_alarms_beside_them_stay(engine: IntentEngine, text: str) -> None:
    assert engine.classify(text).urgent


# 没有水了 holds 有水了 (an all-clear) but says the opposite; a pet lost is no alarm on the
# model's word; a stove that will not light (…了) is still a utilities report.
@pytest.mark.parametrize(
    ("text", "urgent", "action"),
    [
        ("小区停水 已经三天没有水了", False, "case"),
        ("谁看见一只白色的泰迪 走丢了 主人着急", False, None),
        ("灶台点不着火了", False, "case"),
        ("我家孩子走丢了 穿红衣服 谁看见了", True, "case"),
    ],
)
def test_denied_all_clear_pets_and_stoves(
    engine: IntentEngine, text: str, urgent: bool, action: str | None
) -> None:
    intent = engine.classify(text)
    assert intent.urgent == urgent
    assert action is None or intent.action == action
