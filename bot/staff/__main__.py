"""``python -m bot.staff add-user NAME --role navigator|admin [--display-name "Nina"]
--password-stdin``, ``api-token``, ``purge``.

There is no default account and no default password: an administrator makes each
account here, typing or piping the password on standard input.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime, timedelta, timezone
from typing import Sequence

from bot.db import session_scope
from bot.db.migrate import upgrade
from bot.settings import get_settings
from bot.staff.accounts import (
    AccountError,
    create_user,
    find_user,
    new_api_token,
    set_display_name,
)
from bot.staff.audit import record
from bot.staff.models import ROLES
from bot.staff.retention import purge_older_than


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass("Password: ")


def issue_token(url: str, name: str) -> int:
    with session_scope(url) as session:
        user = find_user(session, name)
        if user is None:
            print(f"no such user: {name!r}", file=sys.stderr)
            return 1
        lifetime = timedelta(days=get_settings().api_token_days)
        try:
            token = new_api_token(user, datetime.now(timezone.utc), lifetime)
        except AccountError as error:
            print(f"no token issued: {error}", file=sys.stderr)
            return 1
        record(session, user.id, "api_token.issued", user.username)
        expires = user.api_token_expires_at
    print(token)  # shown once; only its hash is stored
    print(f"expires {expires:%Y-%m-%d %H:%M} UTC", file=sys.stderr)
    return 0


def run_purge(days: int) -> int:
    try:
        purged = purge_older_than(get_settings(), days, None)
    except ValueError as error:
        print(f"nothing purged: {error}", file=sys.stderr)
        return 1
    print(
        f"purged {purged.conversations} conversations and {purged.handoffs} closed handoff "
        f"requests older than {days} days"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.staff")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="create a staff account")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--display-name", help='shown to patients in a live chat ("Nina")')
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    token = commands.add_parser("api-token", help="issue a new API token for a user")
    token.add_argument("name")
    purge = commands.add_parser("purge", help="delete conversations and closed requests")
    purge.add_argument(
        "--older-than", type=int, metavar="DAYS", default=get_settings().retention_days
    )
    args = parser.parse_args(argv)
    url = get_settings().resolved_database_url
    upgrade(url)
    if args.command == "api-token":
        return issue_token(url, args.name)
    if args.command == "purge":
        return run_purge(args.older_than)
    try:
        with session_scope(url) as session:
            user = create_user(session, args.name, args.role, _read_password(args.password_stdin))
            if args.display_name is not None:
                set_display_name(user, args.display_name)
            record(session, user.id, "user.created", f"{user.username} ({user.role})")
    except AccountError as error:
        print(f"no account made: {error}", file=sys.stderr)
        return 1
    print(f"made {args.role} account {args.name!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
