"""帮助: what the bot can do, for residents and for party members.

In a group the answer is short (a few lines everyone sees, the commands residents use most and
where to find the rest); privately it is the whole list for the sender's role. The same group
help is not posted again within `REPEAT_WINDOW` (convofix3 #5): the next asker gets one line
pointing up to it and to the private 帮助.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.chat.context import Context
from bot.chat.router import Router
from bot.domain.community import Role

MAX_GROUP_LINES = 5
REPEAT_WINDOW = timedelta(minutes=10)  # per group: the help just posted is still on screen
JUST_POSTED = "用法刚刚发在群里了，往上翻一翻就能看到；私聊我「帮助」看全部用法。"
HOW_TO_REPORT = (
    "直接在群里说哪里出了问题就行，例如“3号楼电梯坏了”“2栋门口垃圾三天没人收”，"
    "我会记下编号并交给党员跟进；查进度发「进度 编号」。"
)

# One line per flow, as 帮助 lists it: the answer to "怎么 + the flow".
HOW_TO = {
    "报名": "发「活动」看近期活动和编号，再发「报名 编号」，例如「报名 3」，就报上了；"
    "取消发「取消报名 3」，查自己报了哪些发「我的报名」。",
    "积分": "私聊我发「我的积分」查余额和明细；「积分规则」看怎么挣分，「积分超市」看能换什么。",
    "投票": "私聊我发「投票 V0001 1」（换成群里投票通知上的编号和选项序号，也可以写选项），"
    "截止前可以改票。",
    "心愿": "发「心愿 想请人帮忙做的事」，例如「心愿 想请人帮忙换个灯泡」；"
    "党员认领后会联系您，「我的心愿」看进展。",
    "帮办": "发「代办 想办的事」，例如「代办 代缴水电费」，我私信和您确认地址和时间；"
    "「帮办清单」看能代办哪些事，「我的帮办」看进展。",
    "说事": "发「说事 您的建议」，我记下并转给社区；议题征求意见时发「意见 Y0001 您的想法」。",
}
HOW_TO_CHECK = "查进度发「进度 编号」，例如「进度 E0001」；您反映过的所有问题发「我的诉求」。"


def group_help_text(ctx: Context) -> str:
    """The help a whole group reads: at most five lines, the rest is one private 帮助 away."""
    lines = [
        f"您好，我是{ctx.bot.name}：在群里直接说问题（例如“3号楼电梯坏了”），我记下并交给党员跟进。",
        "· 查进度「进度 E0001」 · 我反映的「我的诉求」 · 办结后回复「满意」「基本满意」「不满意」",
        "· 活动「活动」「报名 3」 · 微心愿「心愿 想请人帮忙…」 · 积分「我的积分」",
    ]
    if ctx.sender.role >= Role.MEMBER:
        lines.append(
            "· 党员：「认领 E0001」（或引用诉求回复“我来”）、「办结 E0001 结果」、「待认领」"
        )
    lines.append("私聊我「帮助」看全部用法。")
    return "\n".join(lines)


def help_text(ctx: Context) -> str:
    lines = [
        f"您好，我是{ctx.bot.name}，帮大家把小区里的问题记下来、交给党员、跟到办结。",
        "· 反映问题：直接在群里说，例如“3号楼电梯坏了”",
        "· 查进度：发送「进度 E0001」（换成您的编号）",
        "· 查我反映过的问题：发送「我的诉求」",
        "· 办结后评价：回复「满意」「基本满意」或「不满意」（也可回复 1、2、3）",
        "· 一定要报事：发「#报事 问题」或 @我 说出问题，就会受理",
    ]
    if ctx.sender.role >= Role.MEMBER:
        lines += [
            "党员：「认领 E0001」接单（也可引用诉求消息回复“认领”或“我来”），"
            "「进展 E0001 内容」「方案 E0001 内容」「办结 E0001 结果」，"
            "「退回 E0001 原因」，「待认领」看本楼栋待办",
        ]
    lines.append("· 党群阵地活动：发送「活动」查看，「报名 3」报名，「取消报名 3」取消")
    lines.append("· 微心愿：发送「心愿 想请人帮忙…」，「心愿墙」看大家的心愿")
    lines.append("· 帮办代办：发送「代办 代缴水电费」，「帮办清单」看能代办哪些事")
    lines.append("· 积分：「我的积分」查余额，「积分超市」看能兑换什么")
    lines.append("· 说事：发送「说事 您的建议」；议题征求意见时发送「意见 Y0001 您的想法」")
    lines.append("· 投票表决：私聊我发送「投票 V0001 1」（换成群里通知的编号和选项）")
    if ctx.sender.role >= Role.MEMBER:
        lines.append("党员：「认领 W0001」认领微心愿，「我的星级」看本月党员积分")
        lines.append(
            "议事：「议题 标题」立议题，「征求意见 Y0001」「意见汇总 Y0001」「推进 Y0001」"
            "「跳过 Y0001 议事会 原因」「提级 Y0001」「落实 Y0001 要办的事」"
        )
    if ctx.sender.role >= Role.LEADER:
        lines.append(
            "楼栋党小组长（私聊我）：每天的【待确认】消息，是诉求回复「是 Q0001」，"
            "不是回复「不是 Q0001」；「待确认」随时查看"
        )
    if ctx.sender.role >= Role.SECRETARY:
        lines.append(
            "积分（私聊我）：「加分 @名字 志愿服务 2小时」「扣分 @名字 飞线充电」「更正 #12 原因」"
        )
        lines.append("书记/社区：「派单 E0001 @党员名字」，「统计」看本周诉求（也可「统计 本月」）")
        lines.append(
            "发通知（私聊我）：「通知 全部 内容」「通知 3号楼 内容」，预览后回复「确认」；"
            "活动：「新活动」「签到 3 @名字」「报名名单 3」"
        )
        lines.append("投票表决（私聊我）：「新投票」，下面每行写 标题、范围、截止 等")
    return "\n".join(lines)


def build_router() -> Router:
    router = Router("help")

    @router.command("帮助", "help", "菜单", "?", "？")
    def show_help(ctx: Context, _args: re.Match[str]) -> None:
        if ctx.group is None or ctx.group.id is None:
            ctx.reply(help_text(ctx))
            return
        text = group_help_text(ctx)
        since = ctx.now - REPEAT_WINDOW
        ctx.reply(JUST_POSTED if ctx.uow.outbox.posted_after(ctx.group.id, text, since) else text)

    @router.command("怎么报修", "怎么报事")
    def how_to_report(ctx: Context, _args: re.Match[str]) -> None:
        """ "怎么报修啊": the one answer asked for, not the whole manual."""
        ctx.reply(HOW_TO_REPORT)

    @router.command("用法", args=r"(?P<flow>\S*)")
    def how_to(ctx: Context, args: re.Match[str]) -> None:
        """ "怎么投票", "怎么许心愿": the how-to of the flow named (convo4 F22), else 帮助."""
        answer = HOW_TO.get(args["flow"])
        if answer is None:
            show_help(ctx, args)
            return
        ctx.reply(answer)

    # The one line asked for (D18): "@邻里小助手 怎么查我报的事", "请问在群里怎么报名活动啊".
    @router.command("怎么查进度")
    def how_to_check(ctx: Context, _args: re.Match[str]) -> None:
        ctx.reply(HOW_TO_CHECK)

    @router.command("怎么报名")
    def how_to_sign_up(ctx: Context, _args: re.Match[str]) -> None:
        ctx.reply(HOW_TO["报名"])

    return router
