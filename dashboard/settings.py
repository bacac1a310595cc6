"""What ``histatlas serve`` tells the app it starts: the environment variables both read."""

# The packs to offer, as paths joined with os.pathsep; the first is the default.
PACK_ENV = "HISTATLAS_PACK"
# Which borders the app draws: "builtin" (the gazetteer) or "cshapes" (downloaded).
BORDERS_ENV = "HISTATLAS_BORDERS"
