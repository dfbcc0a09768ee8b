"""What the main window does, in modules named for it: actions, files, backups, packs, presentation."""
