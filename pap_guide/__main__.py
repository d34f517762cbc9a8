"""``python -m pap_guide``: the same as the ``pap-guide`` command."""

import sys

from pap_guide.main import main

sys.exit(main())
