# Linli itself. Build context: the repository root (see compose.yaml).
# Python 3.11: python-wechaty 0.10.7 imports telnetlib, which Python 3.13 removed.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /opt/linli
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY intents ./intents
COPY storage ./storage
RUN pip install .
RUN useradd --system --home /var/lib/linli --create-home linli
USER linli
WORKDIR /var/lib/linli
ENV LINLI_DATA_DIR=/var/lib/linli
CMD ["linli", "run"]
