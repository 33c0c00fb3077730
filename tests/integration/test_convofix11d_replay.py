"""convofix11d: residents' conversations from the convo11a round that went wrong, replayed
through `linli replay` (the public contract) after the rules they stood for were fixed:

* a neighbour's words beside an emergency in someone else's home ("有人家里着火了", then
  "对 是四楼那家 已经打119了", "5楼那家着火了") are that emergency, not a second one;
* a barbecue stall's noise and its smoke are one stall to talk to: one case;
* a private ballot in words naming the vote's matter ("粉刷那个我家不同意 刚刷了没几年") counts;
* traditional characters ("好評", "E0001又壞了") read as simplified ones;
* an outright request for a listed errand ("能帮忙取个快递吗") is a 帮办, and the address that
  follows continues it, also when the bot first had to ask where she lives;
* a numbered list's preface ("跟物业反映几个事：") is no part of its first item.

Four classifier questions of the round stay in tests/scenarios/convo11a_failing/."""

from __future__ import annotations

from functools import partial

from tests.integration import replay_support
from tests.integration.replay_support import said_in, to

said = said_in("convofix11d")
# This file counted receipts by a shorter stem; kept as it was.
opened = partial(replay_support.opened, receipt="已受理您反映的")


def test_a_second_neighbour_at_a_fire_is_on_the_same_case() -> None:
    group = to(said("fire_second_neighbour_new_case"), "兰亭3号楼邻里群")
    assert group[0].startswith("【紧急】已受理您反映的问题，编号 E0001（消防安全 · 3号楼）")
    assert opened(group) == 1
    assert "E0002" not in "".join(group)
    assert group[1].startswith("收到，您已经联系了119")
    assert "已把您的话记到诉求 E0001" in group[1]
    assert group[-1].startswith("太好了！已把您的话记到诉求 E0001")


def test_a_stalls_noise_and_smoke_are_one_case() -> None:
    out = said("bbq_noise_and_smoke_split_in_two")
    group = to(out, "锦绣3栋楼栋群")
    assert group[0].startswith("已受理您反映的问题，编号 E0001（噪音扰民 · 3号楼）")
    assert "E0002" not in "".join(t for _, t in out)
    assert any(t.startswith("已把您的补充记到诉求 E0001") for t in group)
    mine = to(out, "private:上夜班的小张")
    assert mine[-1].startswith("诉求 E0001 · 噪音扰民 · 3号楼")
    assert "油烟" in mine[-1]


def test_a_ballot_with_its_matter_and_a_reason_counts() -> None:
    out = said("vote_words_with_reason")
    assert to(out, "兰亭3号楼邻里群")[-1].startswith("请私聊我投票")
    assert to(out, "private:李叔")[0].startswith("投票成功：V0001")
    # Her household's ballot, said after a pause with why: the last one counts.
    li = to(out, "private:李婶")
    assert len(li) == 1 and li[0].startswith("已更新您家的投票，以这一次为准：V0001")
    zhang = to(out, "private:张阿姨")
    assert zhang[0].startswith("您是要给投票 V0001")
    assert zhang[1].startswith("投票成功：V0001")
    assert to(out, "private:小陈")[0].startswith("您不在投票 V0001 的表决名单里")


def test_traditional_characters_rate_and_report_it_broke_again() -> None:
    out = said("traditional_rating_and_broke_again")
    group = to(out, "兰亭2号楼邻里群")
    assert "谢谢您的评价（满意）！诉求 E0001 已回访结案。" in group
    assert group[-1].startswith("已记为新诉求 E0002（与 E0001 是同一处），并告诉了原承办党员")
    assert any(t.startswith("【又坏了】您办结的诉求 E0001") for t in to(out, "private:王国强"))


def test_a_parcel_asked_for_privately_is_an_errand_and_her_address_continues_it() -> None:
    mine = to(said("private_parcel_known_resident_opens_case"), "private:小刘妈妈")
    assert mine[0].startswith("您要办「代取快递」，编号 H0001")
    assert mine[1].startswith("好的，已登记：代取快递（H0001）\n地址：2号楼1单元301")
    assert "时间：晚上7点以后在家" in mine[1]
    assert mine[-1] == "您的帮办代办：\nH0001 代取快递 · 待接单"
    assert not any("已受理您反映的问题" in t for t in mine)


def test_a_parcel_from_someone_the_bot_cannot_place_is_kept_not_lost() -> None:
    mine = to(said("private_parcel_unknown_estate_lost"), "private:小刘妈妈")
    assert mine[0].startswith("请问您住哪个小区、几号楼？")
    assert "安排帮办" in mine[0]
    assert mine[1] == "请问是哪个小区的2号楼？（兰亭小区 / 锦绣家园）"
    assert mine[2].startswith("您要办的事我先记着，还没有登记。请告诉我是哪个小区的2号楼")


def test_the_estate_said_at_last_registers_the_errand_with_the_door_she_gave() -> None:
    mine = to(said("private_parcel_estate_answered"), "private:小刘妈妈")
    assert mine[3].startswith("好的，已登记：代取快递（H0001）\n地址：2号楼1单元301")
    assert mine[-1] == "您的帮办代办：\nH0001 代取快递 · 待接单"


def test_a_preface_errands_in_words_and_neighbours_at_a_fire() -> None:
    out = said("preface_and_errand_words")
    estate = to(out, "锦绣家园业主群")
    assert estate[0].startswith("已受理您反映的 3 个问题")
    assert "1. E0001（电梯 · 2号楼）：2栋电梯又停了\n" in estate[0]
    assert "反映几个事" not in estate[0]
    three = to(out, "兰亭3号楼邻里群")
    assert three[0] == "收到，这件事可以帮您办。我私信和您确认地址和时间。"
    assert to(out, "private:张阿姨")[0].startswith("您要办「代购药品」，编号 H0001")
    assert to(out, "兰亭2号楼邻里群") == []  # thanks for an errand done ask for nothing
    assert not to(out, "private:王国强")
    assert three[1].startswith("【紧急】已受理您反映的问题，编号 E0004（消防安全 · 3号楼）")
    assert "已把您的话记到诉求 E0004" in three[2]
    assert three[3].startswith("这个问题已有居民反映，编号 E0004（消防安全 · 3号楼），已合并跟进")
