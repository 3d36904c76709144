import sys

from medblog.cli import main

sys.exit(main())
