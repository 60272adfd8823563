"""Small widgets shared by several pages: titles that follow the text size, stat tiles, source passages."""
