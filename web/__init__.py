"""The web cabinet: server-rendered Russian pages served by the API's own FastAPI app (`install`)."""
