"""Tasks that both the window and the `svi` command perform, written once, without Qt."""
