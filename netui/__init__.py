"""netui: grow your professional network by trading in connections."""

__version__ = "0.1.0"
