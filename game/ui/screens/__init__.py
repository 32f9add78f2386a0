"""The screens of the window, one module each (see game/ui/__init__.py)."""
