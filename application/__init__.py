"""The application layer: what the JSON API and the web cabinet both do.

Each module is one concept (pairs, programmes, participants, matching). Its service functions are
keyword-only: they take the database session, the acting person and the Temporal link, check the scope,
run the command and return a model or raise a `domain.errors.DomainError`. The faces only translate:
the API into problem+json, the cabinet into a page with the refusal shown in place. No rule, scope check,
query or Russian message is written in a face.
"""
