"""`jokko link`, `jokko encode`, `jokko match`: batch linkage on CSV files, without a node.

`link` (plaintext) lives in `plain_cli`; `encode` and `match` (privacy-preserving) in
`pprl_cli`. Both return a process exit code: 0 done, 2 bad input (with line numbers).
"""

from __future__ import annotations


def main(argv: list[str]) -> int:
    command, rest = argv[0], argv[1:]
    if command == "link":
        from jokko.linkage.plain_cli import main as plain_main

        return plain_main(rest)
    from jokko.linkage.pprl_cli import main as pprl_main

    return pprl_main(command, rest)
