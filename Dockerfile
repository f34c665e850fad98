# One image for every Nastavnik process of the production shape (docker-compose.yml): the API by default,
# the worker with `python worker.py`, the one-shot migration with `python -m db.migrate`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app

# The locked dependencies first, so a change of the code alone does not reinstall them.
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

RUN groupadd --system --gid 10001 nastavnik \
    && useradd --system --uid 10001 --gid nastavnik --home-dir /app --no-create-home nastavnik

COPY --chown=nastavnik:nastavnik . .

USER nastavnik

EXPOSE 8000

CMD ["uvicorn", "api.app:app", "--host", "0.0.0.0", "--port", "8000"]
