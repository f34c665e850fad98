"""Page routers of the cabinet, one module per page family."""
