from openapi_sdkgen.cli import main

raise SystemExit(main())
