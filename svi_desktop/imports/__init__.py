"""What comes into a tender from outside: framework files, JSON documents, bid sheets, returns."""
