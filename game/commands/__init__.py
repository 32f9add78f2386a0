"""Subcommands of the ``brinkmanship`` command, one module each."""
