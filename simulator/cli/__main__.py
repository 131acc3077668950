"""``python -m simulator.cli``: the ``xieshang`` command."""

import sys

from . import main

sys.exit(main())
