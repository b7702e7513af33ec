"""gonghui: the working system of a county federation of trade unions."""

__version__ = "0.1.0"
