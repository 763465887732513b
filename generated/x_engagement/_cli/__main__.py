"""`python -m x_engagement._cli`: the same as the `x-engagement` console script."""

from x_engagement._cli.main import main

raise SystemExit(main())
