"""What only some roles may do in the console, in one table checked for every request.

社区工作人员 (staff) run the community's daily work everywhere; a 支部书记 (secretary) does the
same within one 小区. Only the 管理员 (admin) changes what the bot is connected to:
binding a WeChat group to a 小区/楼栋 decides where the bot speaks and whose messages become
cases, so a wrong binding leaks residents' words into another estate. A roster import changes
people's roles (who may claim cases, who is a 党员): an admin may import for every 小区, a
secretary for their own; staff may read and export it but not rewrite it. Accounts and API
tokens live in the config file only: whoever may edit that file on the server is the admin.
"""

from __future__ import annotations

from aiohttp import web

from bot.domain.staff import StaffRole, StaffUser

ADMIN, SECRETARY, STAFF = StaffRole.ADMIN, StaffRole.SECRETARY, StaffRole.STAFF

RESTRICTED: dict[tuple[str, str], frozenset[StaffRole]] = {
    ("POST", "/groups/{group_id}/bind"): frozenset({ADMIN}),
    # Which bot account speaks in a group is the connection itself: the admin's to change;
    # the accounts' states are the whole district's operations, shown to staff and admins.
    ("POST", "/groups/{group_id}/account"): frozenset({ADMIN}),
    ("GET", "/accounts"): frozenset({ADMIN, STAFF}),
    ("POST", "/roster/import"): frozenset({ADMIN, SECRETARY}),
    # Ending someone's absence (销假) changes who is chased: a 书记 for her 小区, or an admin.
    ("POST", "/roster/{person_id}/back"): frozenset({ADMIN, SECRETARY}),
}
REFUSED = "只有管理员可以做这件事。如需要，请联系社区管理员。"


def allowed(request: web.Request, user: StaffUser) -> bool:
    resource = request.match_info.route.resource
    if resource is None:
        return True
    roles = RESTRICTED.get((request.method, resource.canonical))
    return roles is None or user.role in roles


def may(user: StaffUser, method: str, path: str) -> bool:
    """For templates: show a form only to those who may send it."""
    roles = RESTRICTED.get((method, path))
    return roles is None or user.role in roles
