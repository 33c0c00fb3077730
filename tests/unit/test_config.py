"""The community file: the demo loads, mistakes are named, `linli init` writes a valid example."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, load_config
from tests.conftest import DEMO_CONFIG, ROOT


def test_demo_community_is_complete() -> None:
    config = load_config(DEMO_CONFIG)
    assert len(config.estates) == 2
    assert sum(len(e.buildings) for e in config.estates) >= 6
    kinds = {(g.estate, g.group_kind.value) for g in config.groups}
    assert ("lanting", "owners") in kinds and ("jinxiu", "owners") in kinds
    for estate in config.estates:
        for building in estate.buildings:
            assert any(
                g.estate == estate.key and g.building == building.number for g in config.groups
            ), f"{estate.name} {building.number} has no 楼栋群"
    assert len(config.members) >= 12
    assert {m.category for m in config.members} == {"直管", "在职", "流动", "离退休"}


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(body, encoding="utf-8")
    return path


BASE = """
[community]
name = "测试社区"
[[estates]]
key = "a"
name = "甲小区"
buildings = [{ number = 1 }]
"""


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ('[[groups]]\ntopic = "g"\nestate = "b"\n', "groups[0].estate"),
        ('[[groups]]\ntopic = "g"\nestate = "a"\nbuilding = 9\n', "groups[0].building"),
        (
            '[[members]]\nname = "x"\nwechat_id = "w"\ncategory = "退休"\nestate = "a"\n',
            "members[0].category",
        ),
        (
            '[[staff]]\nusername = "u"\nname = "n"\npassword_hash = "plain"\n',
            "staff[0].password_hash",
        ),
        ('[[groups]]\ntopic = "g"\nestate = "a"\ncolour = "red"\n', "groups[0].colour"),
        ("[bot]\nmerge_window_minutes = 0\n", "bot.merge_window_minutes"),
    ],
)
def test_wrong_config_names_the_field(tmp_path: Path, extra: str, needle: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, BASE + extra))
    assert needle in str(error.value)


def test_missing_and_unparsable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="linli init"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="TOML"):
        load_config(write(tmp_path, "[community\nname="))


def test_init_writes_a_valid_commented_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "community.toml"
    assert main(["init", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.count("#") > 10  # commented
    config = load_config(target)
    assert config.estates[0].key == "demo"
    assert main(["init", str(target)]) == 1  # never overwrites
    assert main(["check-config", "--config", str(target)]) == 0
    assert "配置正确" in capsys.readouterr().out


def test_check_config_reports_errors_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, BASE + '[[groups]]\ntopic = "g"\nestate = "zz"\n')
    assert main(["check-config", "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "groups[0].estate" in err and "Traceback" not in err


def test_every_optional_section_of_the_example_is_valid(tmp_path: Path) -> None:
    """The commented examples in `linli init` must work when a community uncomments them."""
    template = (ROOT / "bot" / "templates" / "community.example.toml").read_text("utf-8")
    uncommented = "\n".join(
        line[1:] if line.startswith("#") and not line.startswith("# ") and line != "#" else line
        for line in template.splitlines()
    )
    config = load_config(write(tmp_path, uncommented))
    assert config.sla.respond_minutes == 20 and config.sla.urgent.respond_minutes == 5
    assert config.departments[0].categories == ["*"]
    assert config.venues[0].key == "station" and config.activities.preview_day == 25
    assert config.points.rules["志愿服务"].points == 5 and config.wishes.report_days == 7
    assert config.votes.objection_days == 7 and str(config.households[0].area) == "89.5"
    assert config.intents["issue"]["facilities"]["terms"]["旋转门"] == 1.5


def test_community_model_path_is_resolved_and_checked(tmp_path: Path) -> None:
    from bot.bootstrap import make_classifier

    packaged = ROOT / "intents" / "data" / "model.json"
    (tmp_path / "weights.json").write_bytes(packaged.read_bytes())
    config = load_config(write(tmp_path, BASE + '[intents]\nmodel = "weights.json"\n'))
    # Relative to the config file, not to wherever the bot was started.
    assert config.intents["model"] == str(tmp_path / "weights.json")
    engine = make_classifier(config)
    assert engine.classify("3号楼电梯坏了").action == "case"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('[intents]\nmodel = "absent.json"\n', "model 无法使用"),
        ('[intents]\nmodel = "bad.json"\n', "model 无法使用"),
        ("[intents]\nmodel = 3\n", "模型权重文件的路径"),
    ],
)
def test_bad_community_model_stops_the_start(tmp_path: Path, body: str, needle: str) -> None:
    from bot.bootstrap import make_classifier

    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=needle):
        make_classifier(load_config(write(tmp_path, BASE + body)))


# ---- probe10: values that passed the check and then stopped `linli run` with a traceback ----


@pytest.mark.parametrize("zone", ["Mars/Phobos", "../../etc/passwd", "", "Asia/Shanghai\x00"])
def test_an_unknown_time_zone_is_named_at_the_check_not_a_trace_at_start(
    tmp_path: Path, zone: str
) -> None:
    body = BASE.replace('name = "测试社区"', f'name = "测试社区"\ntimezone = "{zone}"')
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, body.replace("\x00", "\\u0000")))
    assert "community.timezone" in str(error.value) and "Asia/Shanghai" in str(error.value)


def test_a_password_hash_argon2_cannot_read_is_named(tmp_path: Path) -> None:
    """It used to pass (the prefix was right) and that account could never log in."""
    staff = '[[staff]]\nusername = "u"\nname = "n"\npassword_hash = "$argon2id$garbage"\n'
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, BASE + staff))
    assert "staff[0].password_hash" in str(error.value) and "linli passwd" in str(error.value)


def test_a_file_nested_past_the_parser_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="TOML"):
        load_config(write(tmp_path, BASE + "x = " + "[" * 5000 + "]" * 5000 + "\n"))
