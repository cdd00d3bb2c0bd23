"""README stays true: every command and option of the CLI is documented there."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from syndicate.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def option_names(command: click.Command) -> list[str]:
    names = []
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help", "version"):
            names.append(max(param.opts, key=len))
    return names


def test_readme_shows_both_setup_commands() -> None:
    assert "make demo" in README and "make test" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_in_readme(name: str) -> None:
    command = cli.commands[name]
    assert f"`{name}" in README, name
    for option in option_names(command):
        assert option in README, f"{name} {option}"


def test_global_options_are_in_readme() -> None:
    for option in option_names(cli):
        assert option in README, option
