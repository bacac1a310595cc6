"""What ``histatlas serve`` tells the app it starts: the environment variables both read."""

# The packs to offer, as paths joined with os.pathsep; the first is the default.
PACK_ENV = "HISTATLAS_PACK"
# Which borders the app draws: "builtin" (the gazetteer) or "cshapes" (downloaded).
BORDERS_ENV = "HISTATLAS_BORDERS"
# The folder Streamlit serves at /app/static (the serve root's static/, see dashboard.map.assets).
STATIC_ENV = "HISTATLAS_STATIC_DIR"
