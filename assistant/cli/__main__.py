"""``python -m assistant.cli`` runs the ``sharecheck`` console script."""

import sys

from assistant.cli.main import main

sys.exit(main())
