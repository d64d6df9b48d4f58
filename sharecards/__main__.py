"""``python -m sharecards``: the same as the ``sharecards`` command."""

from .cli import main

main()
