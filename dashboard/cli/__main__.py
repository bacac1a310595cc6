"""``python -m dashboard.cli``: the same as the ``histatlas`` command."""

import sys

from dashboard.cli.main import main

sys.exit(main())
