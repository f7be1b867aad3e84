"""PDF documents (reportlab): layout only; rows in, bytes out."""
