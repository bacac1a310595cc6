"""``python -m dashboard.cli``: the same as the ``histatlas`` command."""

import sys

from dashboard.cli.commands import main

sys.exit(main())
