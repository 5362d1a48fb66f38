"""Options that mean nothing or contradict themselves are errors, not silently resolved.

click keeps the last value of an option given twice and accepts an empty string
as a value; ipcli refuses both, with one ``Error: … Hint: …`` line (exit 2)::

    ipcli extract --due-before 2024-01-01 --due-before 2025-01-01
    Error: --due-before is given 2 times; it takes one value. Hint: keep one of them …
    ipcli extract --dept ""
    Error: --dept is empty. Hint: give a value, e.g. --dept 保护司 …

Options declared ``multiple=True`` (``extract --dept 商标局 --dept 保护司``) may repeat;
so may flags (``--strict --strict`` still means --strict).
"""
from __future__ import annotations

from collections import Counter

import click
from click.core import ParameterSource

from ..errors import UsageError

_EXAMPLES = {"--dept": "--dept 保护司", "--encoding": "--encoding gb18030",
             "--corpus": "--corpus ~/notices", "--title": "--title 2024年度分析",
             "--output": "-o 结果.json", "--registry": "--registry 部门.yaml",
             "--sqlite": "--sqlite 政策.sqlite"}
_HINTS = {"--due-before": "write it as YYYY-MM-DD, e.g. --due-before 2024-01-01, "
                          "or leave out --due-before"}


def check_repeats(order: list) -> None:
    """``order``: the parameters in the order the parser met them (once per use)."""
    counts = Counter(p for p in order if isinstance(p, click.Option))
    for option, times in counts.items():
        if times > 1 and not option.multiple and not option.count and not option.is_flag:
            name = "/".join(option.opts)
            raise UsageError(f"{name} is given {times} times; it takes one value",
                             "keep one of them (which one is meant cannot be guessed)")


def check_empty(ctx: click.Context, params: list) -> None:
    """A text option given on the command line as ``""`` or spaces only."""
    for param in params:
        if not isinstance(param, click.Option) or param.is_flag or param.name is None:
            continue
        if ctx.get_parameter_source(param.name) is not ParameterSource.COMMANDLINE:
            continue
        value = ctx.params.get(param.name)
        values = value if isinstance(value, tuple) else (value,)
        if any(isinstance(v, str) and not v.strip() for v in values):
            name = _longest(param)
            example = _EXAMPLES.get(name, f"{name} {param.metavar or 'VALUE'}")
            optional = "" if param.required else f", or leave out {name}"
            raise UsageError(f"{name} is empty", _HINTS.get(name) or
                             f"give a value, e.g. {example}{optional}")


def _longest(option: click.Option) -> str:
    return max(option.opts, key=len)


class StrictMixin:
    """Checks repeats before click parses (it would keep the last value) and empty
    values after."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing and args:
            try:
                _, _, order = self.make_parser(ctx).parse_args(args=list(args))
            except click.UsageError as exc:  # the hint names this command's --help
                exc.ctx = exc.ctx if exc.ctx is not None and exc.ctx.parent else ctx
                raise
            check_repeats(order)
        rest = super().parse_args(ctx, args)
        if not ctx.resilient_parsing:
            check_empty(ctx, self.get_params(ctx))
        return rest


class StrictCommand(StrictMixin, click.Command):
    pass


class StrictGroup(StrictMixin, click.Group):
    command_class = StrictCommand
    group_class = type
