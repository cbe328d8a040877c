# syntax=docker/dockerfile:1
# Build stage: install Signpost and its pinned dependencies into a virtualenv.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY app ./app
COPY seed ./seed
RUN pip install --upgrade pip && pip install .

# Run stage: the virtualenv, the migrations and the seed data; no compilers, no root.
# PYTHONPATH puts /srv/signpost/app ahead of the installed copy, so alembic.ini,
# migrations/ and seed/ are found beside it.
FROM python:3.11-slim AS run
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/srv/signpost \
    SIGNPOST_HOST=0.0.0.0 \
    SIGNPOST_PORT=8000 \
    SIGNPOST_DATABASE_URL=sqlite:////data/signpost.db
RUN useradd --create-home --uid 10001 signpost && mkdir /data && chown signpost /data
WORKDIR /srv/signpost
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations ./migrations
COPY app ./app
COPY seed ./seed
USER signpost
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)" || exit 1
# Migrations run at start, so a new image brings its schema with it; seeding is idempotent.
CMD ["sh", "-c", "signpost db upgrade && signpost seed && exec signpost serve"]
