from ._driver.cli import main

raise SystemExit(main())
