"""``python -m pap_guide`` runs the same command line as ``pap-guide``."""

import sys

from pap_guide.cli import main

sys.exit(main())
