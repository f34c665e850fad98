"""The audit chain from the command line: `python -m db.audit_tool verify [--organisation ID]`.

Prints one line per organisation (intact, or the first broken row and why); exits 1 when any chain is
broken, so a cron job or an operator's script can act on it."""

from __future__ import annotations

import argparse
import os
import sys

from db.audit_chain import chained_organisations, verify_chain
from db.session import session_scope


def verify(organisation: str | None) -> int:
    status = 0
    with session_scope() as session:
        for organisation_id in [organisation] if organisation else chained_organisations(session):
            checked, broken = verify_chain(session, organisation_id)
            if broken is None:
                print(f"{organisation_id}: intact, {checked} rows")
                continue
            status = 1
            print(
                f"{organisation_id}: BROKEN at chain row {broken.chain_seq} (audit id {broken.row_id}):"
                f" {broken.problem}; {checked} rows before it are intact"
            )
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.audit_tool")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="verify every organisation's audit chain")
    check.add_argument("--organisation", help="only this organisation")
    args = parser.parse_args(argv)
    return verify(args.organisation)


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)
