"""Entry point for ``python -m generator``."""

import sys

try:
    from generator.cli import main
except KeyboardInterrupt:
    # Ctrl-C while still importing: nothing has been read or written yet.
    print("interrupted; nothing was written.", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
