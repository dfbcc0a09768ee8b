"""Dialogs opened from the menus: evaluators and returns, export, restore."""
