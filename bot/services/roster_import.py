"""Import the 党员/居民 roster from the community's own Excel (or CSV) sheet.

The columns are the ones a community's 台账 already has (see TEMPLATE_HEADER); the 联系电话
column may stay in the file but is never read: the bot keeps no phone numbers. Each row is
checked on its own and errors are reported by row number as Excel shows it; good rows are
applied, so fixing one bad row and importing the file again is safe (import is idempotent).

A row is matched to someone the bot knows by 微信号, else by 微信群昵称 / 姓名 within the
小区. A row with a 微信号 nobody has used yet creates that person; a row matching nobody is
left 待匹配 (the person has not spoken in a group yet) — import again later.

Who may change whom (each refusal is a per-row error, and that row changes nothing):
- A 支部书记 only creates or changes people of their own 小区 (or not yet placed in any).
- 社区工作人员 and 管理员 may move a person to another 小区 by 微信号; the result lists the move.
- A name alone never reaches across 小区: a row without 微信号 whose name only matches
  someone of another 小区 is refused; with a new 微信号 it is a new person of its own 小区.
- The config file owns the people it lists ([[members]], [[staff]]): a roster row cannot
  change them, so a restart (which applies the config again) never undoes an import.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from bot.config import CommunityConfig
from bot.domain.community import Building, Estate, Person, Role
from bot.domain.deliberation.votes import VoteError, parse_area
from bot.domain.helpdesk import CARE_FLAGS, FLAGS_KEY, TEAM_KEY, parse_flags
from bot.ports import UnitOfWork
from bot.services.deliberation import households
from bot.services.workbook import append, new_workbook

TEMPLATE_HEADER = (
    "序号",
    "姓名",
    "性别",
    "联系电话",
    "小区",
    "楼栋",
    "身份",
    "党员类别",
    "微信群昵称",
    "微信号",
    "房号",
    "专有部分面积",
    "产权人",
    "关爱类别",
    "帮办代办队",
)
REQUIRED = ("姓名", "小区", "身份")
PARTY_ROLES = {"党员": Role.MEMBER, "楼栋党小组长": Role.LEADER, "支部书记": Role.SECRETARY}
RESIDENT_ROLES = ("居民", "楼长", "单元长", "志愿者", "调解员", "网格员", "党员中心户")
CATEGORIES = ("直管", "在职", "流动", "离退休")
MAX_ROWS = 5000
MAX_COLUMNS = 40  # the template has 15; whatever lies further right is not read
MAX_BYTES = 2 * 1024 * 1024
# An .xlsx is a zip: a 2 MB upload can unpack to gigabytes (a "zip bomb"). A real roster of
# 5000 rows unpacks to a few MB at 5-20x, so these leave ample room and refuse the rest
# before anything is parsed.
MAX_UNPACKED = 30 * 1024 * 1024  # all parts of the file together
MAX_PART = 20 * 1024 * 1024  # any one part (a sheet, the shared strings)
MAX_RATIO = 100  # unpacked / packed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 1000
ROLE_KEY = "身份"  # Person.extra: the resident's role in the roster (楼长, 志愿者 …)


class RosterFileError(ValueError):
    """The file as a whole cannot be read (wrong type, wrong columns); the text says why."""


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it (the header is row 1)
    message: str


@dataclass(frozen=True)
class RosterRow:
    row: int
    name: str
    estate: Estate
    building: Building | None
    role: str
    category: str | None
    nickname: str | None
    wechat_id: str | None
    rooms: tuple[str, ...] = ()  # 房号 within the 楼栋 (1单元101): files the person under a 户
    areas: tuple[Decimal | None, ...] = ()  # 专有部分面积 of each, m²
    owner: bool = False  # 产权人
    # 帮办代办 (issue 14); None: the sheet has no such column, so the person's value stays.
    flags: tuple[str, ...] | None = None
    team: bool | None = None


@dataclass(frozen=True)
class ImportScope:
    """What one import may touch: a secretary's 小区, and the people the config file owns."""

    estate_id: int | None = None  # None: community-wide (社区工作人员, 管理员)
    managed: frozenset[str] = frozenset()  # 微信号 listed in the config file


def config_people(config: CommunityConfig) -> frozenset[str]:
    """The 微信号 whose role, 小区 and 楼栋 the config file sets at every start."""
    staff = (s.wechat_id for s in config.staff if s.wechat_id)
    return frozenset((*(m.wechat_id for m in config.members), *staff))


@dataclass
class ImportResult:
    updated: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # matched nobody yet
    moved: list[str] = field(default_factory=list)  # "name（old 小区 → new 小区）"
    errors: list[RowError] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return len(self.updated) + len(self.created)


# ---- reading --------------------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """The sheet as rows of text cells; the first row is the header.

    Blocking (it parses the file): the console runs it on a thread of its own, never on the
    event loop nor on the worker the bot's messages go through.
    """
    if len(data) > MAX_BYTES:
        raise RosterFileError("文件太大（超过 2MB），请分成几个文件导入。")
    name = filename.lower()
    if name.endswith(".csv"):
        return _read_csv(data)
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    raise RosterFileError("请上传 Excel（.xlsx）或 CSV 文件。旧版 .xls 请先另存为 .xlsx。")


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterFileError("CSV 文件的编码无法识别，请用 Excel 另存为 .xlsx 再导入。")
    try:
        rows = []
        for row in csv.reader(io.StringIO(text)):
            rows.append([cell.strip() for cell in row[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except csv.Error as exc:
        raise RosterFileError(f"CSV 文件格式有误：{exc}") from None


def check_archive(data: bytes) -> None:
    """Refuse an .xlsx whose parts would unpack too big, from the zip's directory alone.

    Python's zipfile never unpacks more than a part's declared size (a part that lies fails
    its CRC check), so checking the declared sizes bounds what openpyxl can be made to read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise RosterFileError("无法打开这个 Excel 文件，请确认是 .xlsx 格式。") from None
    too_big = RosterFileError(
        "这个 Excel 文件解压后太大，不像是一份正常的名册，没有导入。"
        "请在 Excel 里把名册复制到一个新文件，另存为 .xlsx 再导入；名册很长时请分成几个文件。"
    )
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise too_big
    for part in parts:
        if part.file_size > MAX_PART:
            raise too_big
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise too_big


def _read_xlsx(data: bytes) -> list[list[str]]:
    check_archive(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise RosterFileError("无法打开这个 Excel 文件，请确认是 .xlsx 格式。") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        # Bounded both ways: a sheet may claim a million rows or 16384 columns.
        for values in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True):
            rows.append([_cell(v) for v in values])
        return rows
    except RosterFileError:
        raise
    except Exception:  # a damaged sheet inside a readable zip
        raise RosterFileError("无法读取这个 Excel 文件的内容，请确认是 .xlsx 格式。") from None
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---- checking -------------------------------------------------------------------------------


def parse_rows(
    table: Sequence[Sequence[str]],
    estates: Sequence[Estate],
    buildings: Sequence[Building],
    scope_estate_id: int | None = None,
) -> tuple[list[RosterRow], list[RowError]]:
    if not table or not any(table[0]):
        raise RosterFileError("文件是空的。请下载模板，按模板的列填写。")
    header = [h.strip() for h in table[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise RosterFileError(
            f"表头不对：缺少「{'」「'.join(missing)}」列。第一行应是："
            f"{'、'.join(TEMPLATE_HEADER)}。请下载模板对照。"
        )
    if len(table) - 1 > MAX_ROWS:
        raise RosterFileError(f"一次最多导入 {MAX_ROWS} 行，请分成几个文件。")
    col = {h: i for i, h in reversed(list(enumerate(header))) if h}
    rows: list[RosterRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in enumerate(table[1:], start=2):
        value = {h: (cells[i].strip() if i < len(cells) else "") for h, i in col.items()}
        if not any(value.values()):
            continue  # blank line
        try:
            row = _check(number, value, estates, buildings, scope_estate_id)
        except ValueError as problem:
            errors.append(RowError(number, str(problem)))
            continue
        key = (row.estate.key, row.wechat_id or row.nickname or row.name)
        if key in seen:
            errors.append(RowError(number, f"与第 {seen[key]} 行重复（{row.name}）。"))
            continue
        seen[key] = number
        rows.append(row)
    return rows, errors


def _check(
    number: int,
    value: dict[str, str],
    estates: Sequence[Estate],
    buildings: Sequence[Building],
    scope: int | None,
) -> RosterRow:
    name = value.get("姓名", "")
    if not name:
        raise ValueError("姓名没有填写。")
    if len(name) > 40:
        raise ValueError("姓名太长（最多 40 个字）。")
    estate = _estate(value.get("小区", ""), estates)
    if scope is not None and estate.id != scope:
        raise ValueError(f"「{estate.name}」不是您负责的小区，不能导入。")
    building = None
    if value.get("楼栋"):
        number_text = _building_number(value["楼栋"])
        building = next(
            (b for b in buildings if b.estate_id == estate.id and b.number == number_text), None
        )
        if building is None:
            raise ValueError(f"{estate.name}没有「{value['楼栋']}」这个楼栋。")
    role = value.get("身份", "")
    category = value.get("党员类别") or None
    if role not in PARTY_ROLES and role not in RESIDENT_ROLES:
        allowed = "、".join([*PARTY_ROLES, *RESIDENT_ROLES])
        raise ValueError(f"身份「{role[:20]}」不认识，可填：{allowed}。")
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"党员类别「{category[:20]}」应为 直管、在职、流动 或 离退休。")
    if role in PARTY_ROLES and category is None:
        raise ValueError("党员需要填写党员类别（直管、在职、流动 或 离退休）。")
    if role == "楼栋党小组长" and building is None:
        raise ValueError("楼栋党小组长需要填写楼栋。")
    wechat_id = value.get("微信号") or None
    if wechat_id is not None and not re.fullmatch(r"[A-Za-z][-_A-Za-z0-9]{3,63}", wechat_id):
        raise ValueError(f"微信号「{wechat_id[:30]}」格式不对。")
    nickname = value.get("微信群昵称") or None
    if nickname is not None and len(nickname) > 40:
        raise ValueError("微信群昵称太长（最多 40 个字）。")
    rooms, areas, owner = _household(value, building)
    flags = parse_flags(value["关爱类别"]) if "关爱类别" in value else None
    team = None
    if "帮办代办队" in value:
        answer = value["帮办代办队"].strip()
        if answer not in ("", "是", "否"):
            raise ValueError(f"帮办代办队「{answer[:10]}」应填 是 或 否（不是可以留空）。")
        team = answer == "是"
    return RosterRow(
        number,
        name,
        estate,
        building,
        role,
        category,
        nickname,
        wechat_id,
        rooms,
        areas,
        owner,
        flags,
        team,
    )


def _household(
    value: dict[str, str], building: Building | None
) -> tuple[tuple[str, ...], tuple[Decimal | None, ...], bool]:
    """房号, 专有部分面积 and 产权人: optional; what 投票表决 counts households and areas by.
    An owner of several units lists them in one row: 房号 "1单元201、1单元202", 面积 "120、60.5"."""
    rooms = tuple(r for r in re.split(r"[、,，;；\s]+", value.get("房号", "")) if r)
    area_text, owner_text = value.get("专有部分面积", "").strip(), value.get("产权人", "")
    if not rooms:
        if area_text or owner_text:
            raise ValueError("填了面积或产权人，请同时填写房号。")
        return (), (), False
    if building is None:
        raise ValueError("填了房号，请同时填写楼栋。")
    if any(len(r) > 32 for r in rooms) or len(rooms) > 20:
        raise ValueError("房号太长（每个最多 32 个字，最多 20 套）。")
    texts = [t for t in re.split(r"[、,，;；\s]+", area_text) if t]
    if texts and len(texts) != len(rooms):
        raise ValueError(f"填了 {len(rooms)} 个房号，面积要对应写 {len(rooms)} 个（用顿号隔开）。")
    try:
        areas = tuple(parse_area(t) for t in texts) if texts else (None,) * len(rooms)
    except VoteError as problem:
        raise ValueError(str(problem)) from None
    if owner_text not in ("", "是", "否"):
        raise ValueError(f"产权人「{owner_text[:10]}」请填 是 或 否。")
    return rooms, areas, owner_text == "是"


def _estate(text: str, estates: Sequence[Estate]) -> Estate:
    text = text.strip()
    if not text:
        raise ValueError("小区没有填写。")
    for estate in estates:
        if text in (estate.name, estate.key) or estate.name.startswith(text):
            return estate
    names = "、".join(e.name for e in estates)
    raise ValueError(f"没有「{text[:20]}」这个小区（现有：{names}）。")


_CN = {c: str(i) for i, c in enumerate("零一二三四五六七八九")}


def _building_number(text: str) -> str:
    core = re.sub(r"(号楼|号|栋|幢|座|#)$", "", text.strip())
    if core == "十":
        return "10"
    if core and all(c in _CN for c in core):
        core = "".join(_CN[c] for c in core)
    return str(int(core)) if core.isdigit() else core


# ---- applying -------------------------------------------------------------------------------


def apply_rows(
    uow: UnitOfWork, rows: Iterable[RosterRow], now: datetime, scope: ImportScope = ImportScope()
) -> ImportResult:
    result = ImportResult()
    estates = {e.id: e.name for e in uow.estates.all()}
    for row in rows:
        try:
            person = _match(uow, row, scope)
        except ValueError as refused:
            result.errors.append(RowError(row.row, str(refused)))
            continue
        if person is None and row.wechat_id:
            person = uow.people.add(
                Person(
                    wechat_id=row.wechat_id,
                    display_name=row.nickname or row.name,
                    first_seen=now,
                )
            )
            result.created.append(row.name)
        elif person is None:
            result.pending.append(row.name)
            if row.building is not None and row.building.id is not None:
                # The units are recorded (unverified) until their owner is matched.
                assert row.estate.id is not None
                for room, area in zip(row.rooms, row.areas, strict=True):
                    uow.households.upsert(row.estate.id, row.building.id, room, area, now)
            continue
        else:
            result.updated.append(row.name)
            if person.estate_id not in (None, row.estate.id):
                old = estates.get(person.estate_id, "")
                result.moved.append(f"{row.name}（{old} → {row.estate.name}）")
        _update(person, row)
        if row.building is not None:
            assert row.estate.id is not None and row.building.id is not None
            for room, area in zip(row.rooms, row.areas, strict=True):
                households.attach(
                    uow, person, row.estate.id, row.building.id, room, area, row.owner, now
                )
    return result


def _match(uow: UnitOfWork, row: RosterRow, scope: ImportScope) -> Person | None:
    """The person this row is about, None if nobody yet; ValueError if not the importer's."""
    if row.wechat_id:
        found = uow.people.by_wechat_id(row.wechat_id)
        if found is not None:
            _may_change(found, row, scope)
            return found
    for name in dict.fromkeys(n for n in (row.nickname, row.name) if n):
        named = uow.people.by_display_name(name)
        here = [p for p in named if p.estate_id in (None, row.estate.id)]
        if len(here) == 1:
            _may_change(here[0], row, scope)
            return here[0]
        if named and not here and not row.wechat_id:
            # With a 微信号 the row is someone new instead (that 微信号 is nobody's yet).
            raise ValueError(
                f"「{name}」是其他小区的人，这一行没有导入。"
                "如果是本小区同名的另一个人，请填写他的微信号再导入。"
            )
    return None


def _may_change(person: Person, row: RosterRow, scope: ImportScope) -> None:
    # The 小区 check comes first, so a secretary learns nothing about other 小区's people.
    if scope.estate_id is not None and person.estate_id not in (None, scope.estate_id):
        raise ValueError(f"「{row.name}」是其他小区的人，您只能导入本小区的人，这一行没有导入。")
    if person.role >= Role.STAFF or person.wechat_id in scope.managed:
        raise ValueError(
            f"「{row.name}」登记在配置文件里，身份、小区和楼栋以配置文件为准，"
            "这一行没有导入；要修改请改配置文件。"
        )


def _update(person: Person, row: RosterRow) -> None:
    person.real_name = row.name
    person.estate_id = row.estate.id
    if row.building is not None:
        person.building_id = row.building.id
    if row.role in PARTY_ROLES:
        person.role = PARTY_ROLES[row.role]
    elif row.category:
        person.role = Role.MEMBER  # a party member who is also, say, 楼长
    else:
        person.role = Role.RESIDENT
    person.category = row.category if row.category else None
    extra = dict(person.extra or {})
    if row.role in RESIDENT_ROLES and row.role != "居民":
        extra[ROLE_KEY] = row.role
    else:
        extra.pop(ROLE_KEY, None)
    if row.flags is not None:
        if row.flags:
            extra[FLAGS_KEY] = "、".join(row.flags)
        else:
            extra.pop(FLAGS_KEY, None)
    if row.team is not None:
        if row.team:
            extra[TEAM_KEY] = "是"
        else:
            extra.pop(TEAM_KEY, None)
    person.extra = extra  # a new dict, so the JSON column is seen as changed


def import_table(
    uow: UnitOfWork, table: Sequence[Sequence[str]], now: datetime, scope: ImportScope
) -> ImportResult:
    """Check and apply a sheet already read (see read_table); errors in row order."""
    rows, errors = parse_rows(
        table, list(uow.estates.all()), list(uow.estates.buildings()), scope.estate_id
    )
    result = apply_rows(uow, rows, now, scope)
    result.errors = sorted([*errors, *result.errors], key=lambda e: e.row)
    return result


# ---- the template ---------------------------------------------------------------------------


def template_workbook(estates: Sequence[Estate]) -> Workbook:
    book, sheet = new_workbook("名册")
    append(sheet, TEMPLATE_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    first = estates[0].name if estates else "兰亭小区"
    owner = ("1单元101", "89.50", "是")
    append(
        sheet, (1, "张三", "男", "", first, "3号楼", "党员", "在职", "张三", "", *owner, "", "是")
    )
    append(
        sheet, (2, "李阿姨", "女", "", first, "3号楼", "楼长", "", "李阿姨", "", "", "", "", "", "")
    )
    care = ("高龄、独居", "")
    append(
        sheet, (3, "王奶奶", "女", "", first, "3号楼", "居民", "", "王奶奶", "", "", "", "", *care)
    )
    widths = (6, 10, 6, 14, 12, 8, 14, 10, 14, 18, 12, 14, 8, 16, 12)
    for column, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("填写说明")
    for line in (
        ("列", "说明"),
        ("姓名", "必填"),
        ("小区", "必填，写小区名称，如 " + "、".join(e.name for e in estates)),
        ("楼栋", "如 3号楼、3栋 或 3；楼栋党小组长必填"),
        ("身份", "必填：" + "、".join([*PARTY_ROLES, *RESIDENT_ROLES])),
        ("党员类别", "党员必填：直管、在职、流动、离退休"),
        ("微信群昵称", "在群里显示的名字，用来对应到群成员"),
        ("微信号", "选填；填了能准确对应"),
        ("联系电话", "可以保留在表里，系统不会读取或保存电话号码"),
        ("房号", "选填，如 1单元101（一人多套用顿号隔开）；投票表决按户计票，需同时填楼栋"),
        ("专有部分面积", "选填，房屋专有部分面积（平方米），如 89.50；按民法典第278条表决时用"),
        ("产权人", "选填：是 或 否。同一房号可有多位产权人（共有），一户只算一票"),
        ("关爱类别", "选填，帮办代办用：" + "、".join(CARE_FLAGS) + "，可填多个，用顿号隔开"),
        ("帮办代办队", "选填：是 表示这位党员或志愿者是帮办代办队员，会收到本楼的帮办代办派单"),
    ):
        append(notes, line)
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 60
    return book
