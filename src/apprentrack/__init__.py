"""apprentrack: track apprentice recruitment across London boroughs against a programme's goal."""

__version__ = "0.1.0"
