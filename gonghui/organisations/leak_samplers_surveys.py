"""Leak-walker samplers of the surveys pages (objects in township A's subtree)."""
