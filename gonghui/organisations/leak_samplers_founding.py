"""Leak-walker samplers of the founding pages (objects in township A's subtree)."""
