"""What leaves a tender: JSON documents, templates, workbooks and reports. No Qt here."""
