# histatlas in a container: the install step is Streamlit Community Cloud's (and CI's:
# `make deploy-env` runs the same `pip install -r requirements.txt`, and tests/deploy runs
# the CMD below from that install as an unprivileged user with a read-only package and home).
#
#   docker build -t histatlas .
#   docker run --read-only --tmpfs /tmp -p 8501:8501 histatlas
FROM python:3.11-slim-bookworm

WORKDIR /src
COPY pyproject.toml requirements.txt README.md LICENSE ./
COPY dashboard ./dashboard
COPY events ./events
COPY geodata ./geodata
RUN pip install --no-cache-dir -r requirements.txt

# Not root; nothing is written inside the installed package, and the user cache (shapes,
# Leaflet's copy) lives in /tmp, the one writable place of a read-only root filesystem.
RUN useradd --system --uid 10001 --create-home histatlas
USER histatlas
WORKDIR /home/histatlas
ENV XDG_CACHE_HOME=/tmp/histatlas-cache

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
CMD ["histatlas", "serve", "--host", "0.0.0.0", "--port", "8501"]
