"""Table models: QAbstractTableModel adapters over domain objects."""
