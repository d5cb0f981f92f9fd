"""Errors that stop a command before it can report findings: the CLI turns each into exit code 2."""


class UsageError(Exception):
    """The command cannot run as asked: a missing folder, an unreadable input, a bad option. The message names the file."""
