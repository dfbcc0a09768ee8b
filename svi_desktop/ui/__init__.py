"""The desktop user interface (PySide6): the only place Qt is imported, with app.py."""
