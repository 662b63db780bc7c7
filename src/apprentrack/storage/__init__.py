"""The data dir: reading its YAML (a fast parser for the plain shape, a strict loader for the rest), the
checks of what its files hold, the cache, the lock and atomic write, the one write path (add, update,
remove, move), and a new programme. Figures are figures/'s; nothing here prints."""
