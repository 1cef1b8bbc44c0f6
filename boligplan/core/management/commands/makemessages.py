"""Django's makemessages, also finding `_lazy(...)`: the code imports gettext_lazy under that name
in places (`from django.utils.translation import gettext_lazy as _lazy`), which xgettext would
otherwise skip. Run as `make messages` (docs/architecture.md, "Language")."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
